"""The interview guide: what to ask real people about the canvas's top jobs, pains, gains.

After ranking, the method's next step is to talk to customers, and newcomers tend to ask
the one question that teaches nothing: "would you buy this?" (people are kind, and a
promise about the future costs nothing). The guide asks instead about past behaviour,
open-ended: the last time a job came up, what a pain cost, what was tried. It is built
here from the canvas (its top-ranked items, quoted as the learner wrote them) for one of
the three groups the method recommends interviewing, then edited by the learner before
printing (:func:`canvas.export.interview_guide.guide_pdf`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from canvas.i18n import Translator
from canvas.models import SECTIONS, Canvas
from canvas.ranking import ranked

GROUPS = ("current_customers", "potential_customers", "non_customers")
#: Items asked about per section: the top of each ranking, so an interview stays short.
PER_SECTION = 3
#: Ruled lines for notes under each question.
NOTES_LINES = 5


@dataclass(frozen=True)
class Question:
    section: str        # jobs, pains or gains
    item_id: str        # the item the answer can be attached to as a learning
    text: str


@dataclass(frozen=True)
class Guide:
    """Everything the printed guide says; the learner may change any of it."""

    group: str
    opening: str
    questions: list[Question] = field(default_factory=list)
    closing: str = ""
    notes_space: int = NOTES_LINES   # ruled lines under each question


def question_text(t: Translator, section: str, group: str, item_text: str) -> str:
    return t(f"evidence.guide.ask.{section}.{group}", item=item_text)


def default_guide(canvas: Canvas, t: Translator, group: str) -> Guide:
    """The guide for ``group``: the top ``PER_SECTION`` jobs, pains and gains by rank, one
    open question about past behaviour each, between an opening and a closing."""
    if group not in GROUPS:
        raise ValueError(f"unknown interview group {group!r}; expected one of {GROUPS}")
    questions = [Question(section, item.id, question_text(t, section, group, item.text))
                 for section in SECTIONS
                 for _rank, item in ranked(canvas.section(section))[:PER_SECTION]]
    return Guide(group=group, opening=t(f"evidence.guide.opening.{group}"),
                 questions=questions, closing=t(f"evidence.guide.closing.{group}"))
