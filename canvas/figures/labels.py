"""Names of the method's concepts, always through the translator.

Kinds, sections, statuses and scores are named in the shared ``model.json`` catalog; the
figures only look them up, so a word changed there changes on every chart at once.
"""

from __future__ import annotations

from canvas.figures.text import bold, hover_text, join_lines, shorten
from canvas.figures.theme import Theme, char_em
from canvas.fileformat.models import SCORE_FIELD, Canvas
from canvas.formatting import format_number, format_percent
from canvas.i18n import Translator

SINGULAR = {"jobs": "job", "pains": "pain", "gains": "gain"}


def section_label(t: Translator, section: str) -> str:
    return t(f"section.{section}")


def kind_label(t: Translator, section: str, kind: str) -> str:
    return t(f"kind.{SINGULAR[section]}.{kind}")


def status_label(t: Translator, status: str) -> str:
    return t(f"status.{status}")


def score_label(t: Translator, section: str) -> str:
    return t(f"score.{SCORE_FIELD[section]}")


def frequency_label(t: Translator) -> str:
    return t("score.frequency")


def percent(t: Translator, value: float | None) -> str:
    """A rounded percentage in the reader's convention (French puts a space before %)."""
    if value is None:
        return t("figures.percent.none")
    return format_percent(value, getattr(t, "language", "en"))


def number(t: Translator, value: int) -> str:
    """A rank, score or count as the reader's language writes it: 12 in English and
    Arabic, ۱۲ in Persian (issue 25: a figure's numbers follow the locale's digits, as
    the page's do). Only numbers we write go through here, never a user's own text."""
    return format_number(value, getattr(t, "language", "en"))


def number_ticks(t: Translator, values) -> dict:
    """Tick values with their labels written by :func:`number`: Plotly writes its own
    tick labels with 0-9 whatever the page's language, so a figure names each tick."""
    values = list(values)
    return {"tickvals": values, "ticktext": [number(t, v) for v in values]}


def count_ticks(t: Translator, top: float, most: int = 8) -> dict:
    """Whole-number ticks from 0 to ``top`` at a step of 1, 2, 5, 10, 20, 50... so no
    more than ``most`` labels stand on an axis of counts, written by :func:`number`."""
    step = 1
    while top / step > most:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return number_ticks(t, range(0, int(top) + 1, step))


def item_facts(t: Translator, section: str, item) -> str:
    """Kind, score, frequency and status in one escaped line for hover boxes."""
    score = getattr(item, SCORE_FIELD[section])
    parts = [kind_label(t, section, item.kind), f"{score_label(t, section)}: {number(t, score)}"]
    frequency = getattr(item, "frequency", None)
    if frequency is not None:
        parts.append(f"{frequency_label(t)}: {number(t, frequency)}")
    parts.append(status_label(t, item.status))
    return " · ".join(parts)


def item_hover(t: Translator, section: str, rank: int, item, *extra: str) -> str:
    """Full text first, then the facts: hover is the one place a long text is read whole."""
    head = bold(t("figures.hover.rank", rank=rank))
    return join_lines(head, hover_text(item.text), item_facts(t, section, item), *extra)


def canvas_subtitle(canvas: Canvas, theme: Theme, width: int) -> str:
    """The canvas title, plus the segment name when the learner gave it a different one,
    shortened to the figure's width (an 800 px diagram cut a long one off at its edge)."""
    text = canvas.title
    if canvas.segment.name.strip() and canvas.segment.name != canvas.title:
        text = f"{canvas.title} · {canvas.segment.name}"
    return shorten(text, theme.chars(width - 48, theme.subtitle, char_em([text])))
