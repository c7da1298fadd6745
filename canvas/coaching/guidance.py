"""Coaching text for each section of the canvas: an intro, trigger questions and examples.

Everything is read from the ``guide`` translation catalogs, so this module only knows the
key layout (all keys start with ``guide.<section>.``):

- ``guide.<section>.intro``: what belongs in the section and how to rank it;
- ``guide.<section>.q1``, ``q2``... : trigger questions, numbered without gaps;
- profile sections: ``guide.<section>.example.<kind>``, one short example per kind;
- value-map sections: ``guide.<section>.example``, one short example.

``<section>`` is a profile section (jobs, pains, gains) or a value-map section (products,
pain_relievers, gain_creators). All examples follow one running scenario (a driving
school, see ``guide.examples.scenario``) so that learners can see how a pain reliever
answers a pain. Pure functions of a :class:`~canvas.i18n.Translator`; no Streamlit here.
"""

from __future__ import annotations

from canvas.fileformat.models import GAIN_KINDS, JOB_KINDS, PAIN_KINDS, SECTIONS, VALUE_MAP_SECTIONS
from canvas.i18n import Translator

#: Every section that has guidance, in the order the method walks through them.
GUIDED_SECTIONS = SECTIONS + VALUE_MAP_SECTIONS
#: The kinds of each profile section, in the order examples are shown.
SECTION_KINDS: dict[str, tuple[str, ...]] = {
    "jobs": JOB_KINDS, "pains": PAIN_KINDS, "gains": GAIN_KINDS,
}
#: Catalog prefix of the kind labels in ``model.json`` (``kind.job.functional``...).
_KIND_LABEL_PREFIX = {"jobs": "kind.job", "pains": "kind.pain", "gains": "kind.gain"}
#: Safety stop when counting numbered questions; far above what the catalogs hold.
_MAX_QUESTIONS = 50


def _check(section: str) -> str:
    if section not in GUIDED_SECTIONS:
        raise KeyError(f"no guidance for section {section!r}; "
                       f"expected one of {', '.join(GUIDED_SECTIONS)}")
    return section


def intro(section: str, t: Translator) -> str:
    """Two or three sentences: what belongs in the section and how to rank it."""
    return t(f"guide.{_check(section)}.intro")


def trigger_questions(section: str, t: Translator) -> list[str]:
    """The numbered questions ``q1``, ``q2``... of a section, in order.

    The count comes from the catalogs (English is the fallback), so adding ``q9`` in every
    language is enough to show a ninth question.
    """
    _check(section)
    questions = []
    for number in range(1, _MAX_QUESTIONS + 1):
        key = f"guide.{section}.q{number}"
        if not t.has(key):
            break
        questions.append(t(key))
    return questions


def examples(section: str, t: Translator) -> list[tuple[str, str]]:
    """``[(kind, text), ...]``: one example per kind for jobs, pains and gains.

    Value-map sections have no kinds: they return one ``("", text)`` pair.
    """
    _check(section)
    if section in SECTION_KINDS:
        return [(kind, t(f"guide.{section}.example.{kind}")) for kind in SECTION_KINDS[section]]
    return [("", t(f"guide.{section}.example"))]


def kind_label(section: str, kind: str, t: Translator) -> str:
    """The translated name of a kind (``"Functional"``...), or ``""`` for no kind."""
    if not kind:
        return ""
    prefix = _KIND_LABEL_PREFIX.get(_check(section))
    if prefix is None or kind not in SECTION_KINDS[section]:
        raise KeyError(f"{section!r} has no kind {kind!r}")
    return t(f"{prefix}.{kind}")


def scenario(t: Translator) -> str:
    """One sentence naming the business the examples follow."""
    return t("guide.examples.scenario")
