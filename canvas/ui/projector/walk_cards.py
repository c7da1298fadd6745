"""One shared canvas as a card on the projector, in type the back of the room can read.

The gallery walk shows four such cards at once and the comparison up to three: the
learner and the title, then the jobs, pains and gains best ranked first, each note whole,
and for what does not fit an explicit "and 3 more" (the decisions are in
``canvas.room.walk_layout``). User text is escaped: it is shown exactly as typed, never as
markup.
"""

from __future__ import annotations

from html import escape

from canvas.figures.theme import PART_COLORS
from canvas.fileformat.models import SECTIONS
from canvas.i18n import native_digits
from canvas.ranking.rules import ranked
from canvas.room.walk_layout import (
    CARD_PADDING,
    HEAD_GAP,
    LINE_HEIGHT,
    SECTION_GAP,
    Cut,
    Type,
    card_cuts,
)

GAP = 16
#: The page's padding under the navigation row (Streamlit's own is 6rem, which pushed
#: the walk 100 px past the bottom of the screen).
PAGE_BOTTOM = 16


def css() -> str:
    """The cards' look, once per page."""
    colors = "".join(f".vpc-walk-{s} {{ border-inline-start: 8px solid {PART_COLORS[s]}; }}"
                     for s in SECTIONS)
    return f"""<style>
[data-testid="stMainBlockContainer"] {{ padding-bottom: {PAGE_BOTTOM}px !important; }}
.vpc-walk-grid {{ display: grid; gap: {GAP}px; color: #000; }}
.vpc-walk-card {{ border: 2px solid #000; border-radius: 10px;
  padding: {CARD_PADDING - 2}px; box-sizing: border-box; }}
.vpc-walk-head {{ font-weight: 700; line-height: {LINE_HEIGHT}; margin-bottom: {HEAD_GAP}px; }}
.vpc-walk-sub {{ font-weight: 400; }}
.vpc-walk-sections {{ display: grid; gap: {SECTION_GAP}px; }}
.vpc-walk-section {{ padding-inline-start: 10px; }}
.vpc-walk-label {{ font-weight: 700; line-height: {LINE_HEIGHT}; }}
.vpc-walk-section ol {{ margin: 0; padding-inline-start: 0; list-style: none; }}
.vpc-walk-section li {{ line-height: {LINE_HEIGHT}; margin: 0; overflow-wrap: anywhere; }}
.vpc-walk-more, .vpc-walk-empty {{ line-height: {LINE_HEIGHT}; font-style: italic; }}
{colors}
</style>"""


def sizes_css(kind: Type) -> str:
    """Explicit sizes on every text element: the page's own rules size list items and
    paragraphs, so sizes inherited from the card would not reach them."""
    name = kind.name
    return (f"<style>.vpc-type-{name} .vpc-walk-head {{ font-size: {kind.head}px !important; }}"
            f".vpc-type-{name} li, .vpc-type-{name} .vpc-walk-label, "
            f".vpc-type-{name} .vpc-walk-more, .vpc-type-{name} .vpc-walk-empty, "
            f".vpc-type-{name} .vpc-walk-sub {{ font-size: {kind.item}px !important; }}</style>")


def numbered(canvas, section: str, language: str) -> list[str]:
    """"3. the note", the rank in the reader's digits (۳ in Persian)."""
    return [f"{native_digits(str(rank), language)}. {item.text}"
            for rank, item in ranked(canvas.section(section))]


def _isolated_item(text: str) -> str:
    """"3. the note": the note in a ``<bdi>``, so that its own direction (or a U+202E in
    it) never moves the number or the next line (issue 25). The number is already in the
    language's digits (:func:`_numbered`; ``isdigit`` knows ۳)."""
    number, dot, rest = text.partition(". ")
    if not dot or not number.isdigit():
        return f"<bdi>{escape(text)}</bdi>"
    return f"{number}. <bdi>{escape(rest)}</bdi>"


def _section_html(t, section: str, texts: list[str], cut: Cut) -> str:
    label = f'<div class="vpc-walk-label">{escape(t(f"projector.step.{section}"))}</div>'
    if not texts:
        body = f'<div class="vpc-walk-empty">{escape(t(f"projector.empty.{section}"))}</div>'
    else:
        items = "".join(f"<li>{_isolated_item(text)}</li>" for text in texts[:cut.shown])
        body = f"<ol>{items}</ol>"
        if cut.more:
            body += (f'<div class="vpc-walk-more">'
                     f'{escape(t.plural("walk.more", cut.more))}</div>')
    return (f'<div class="vpc-walk-section vpc-walk-{section}" '
            f'data-section="{section}">{label}{body}</div>')


def card_html(t, canvas, learner: str, width: float, height: float, kind: Type,
              side_by_side: bool, note: tuple[str, ...] = ()) -> str:
    """One canvas in ``width`` x ``height`` pixels: sections side by side (the walk) or
    one under another (the comparison), ``note``'s lines under the title."""
    texts = [numbered(canvas, s, t.language) for s in SECTIONS]
    head = f"{learner} · {canvas.title}"
    shown = f"<bdi>{escape(learner)}</bdi> · <bdi>{escape(canvas.title)}</bdi>"
    cuts = card_cuts(texts, head, len(note), width, height, kind, side_by_side)
    sections = "".join(_section_html(t, s, x, c)
                       for s, x, c in zip(SECTIONS, texts, cuts, strict=True))
    columns = " ".join(["1fr"] * len(SECTIONS)) if side_by_side else "1fr"
    sub = "".join(f'<div class="vpc-walk-sub">{escape(line)}</div>' for line in note)
    return (f'<div class="vpc-walk-card vpc-type-{kind.name}" '
            f'style="min-height: {int(height)}px;">'
            f'<div class="vpc-walk-head" role="heading" aria-level="2">'
            f"{shown}{sub}</div>"
            f'<div class="vpc-walk-sections" style="grid-template-columns: {columns};">'
            f"{sections}</div></div>")
