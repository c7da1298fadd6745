"""The persona card as labelled lines, written once for every place that shows it.

The PDF report, the Word export, the spreadsheets, the projector and the comparison all
show the same card; if each walked the fields itself, a field added to the model would
appear in some of them and not in others (version 1 exports listed eight fields by hand).
So they all read :func:`persona_lines`: the non-empty fields in the card's order
(``PERSONA_GROUPS``), lists joined, sources named and dates written the reader's way.
"""

from __future__ import annotations

from datetime import date, datetime

from canvas.fileformat.models import PERSONA_GROUPS, Persona
from canvas.formatting import format_date, format_list, format_number
from canvas.i18n import Translator

#: Labels the card had before version 2 keep their keys, so the editor and old exports
#: keep their wording; every newer field is named in the evidence catalog.
_OLD_LABELS = {"name", "age", "location", "occupation", "income", "household", "values",
               "notes"}


def field_label(t: Translator, field: str) -> str:
    if field in _OLD_LABELS:
        return t(f"persona.{field}")
    return t(f"evidence.persona.{field}")


def group_label(t: Translator, group: str) -> str:
    return t(f"evidence.persona_group.{group}")


def source_label(t: Translator, source: str) -> str:
    return t(f"evidence.source.{source}")


def _value(t: Translator, field: str, value) -> str:
    """A field as a reader reads it: lists joined the language's way ("، " in Arabic and
    Persian), the age and dates in its digits (۳۴ in Persian); typed text as typed."""
    language = getattr(t, "language", "en")
    if field == "sources":
        return format_list((source_label(t, source) for source in value), language)
    if isinstance(value, list):
        return format_list(value, language)
    if isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
        return format_date(moment, language)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value, language)
    return str(value)


def persona_lines(persona: Persona | None, t: Translator) -> list[tuple[str, str, str]]:
    """``[(group, label, value), ...]``: the filled fields only, in card order.

    ``group`` is the group's key (demographics, psychographics, behaviour, sources), for
    callers that head each group with :func:`group_label`; text stays plain, as typed.
    """
    if persona is None:
        return []
    lines = []
    for group, fields in PERSONA_GROUPS.items():
        for field in fields:
            value = getattr(persona, field)
            if value in (None, "", []):
                continue
            lines.append((group, field_label(t, field), _value(t, field, value)))
    return lines


def persona_summary(persona: Persona | None, t: Translator, chars: int) -> str:
    """The persona's demographic facts on one line of at most ``chars`` characters
    ("Olena · 34 · Nurse · Rotterdam"), for a comparison where the whole card would not
    fit: whole facts only, in card order, never a fact cut in the middle."""
    facts = [value for group, _, value in persona_lines(persona, t) if group == "demographics"]
    line = ""
    for fact in facts:
        longer = f"{line} · {fact}" if line else fact
        if len(longer) > chars:
            break
        line = longer
    return line
