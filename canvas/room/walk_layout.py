"""How many notes a projected column can show, and which canvases a gallery-walk page holds.

A room reads the projector from 8-10 m away, so its type cannot shrink to make a long
list fit. When a column of a comparison has more lines than the screen, it must say what
it left out ("and 3 more") rather than drop notes silently. These are the pure decisions
behind that: the type for the screen's size, how many lines each note wraps onto, how
many lines a card has, and so which notes are shown and how many are counted as "more".
No Streamlit, no Plotly, so every decision is tested exactly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: The gallery walk shows this many canvases at once (a 2x2 grid at 1920x1080).
WALK_PAGE = 4
#: The room a 1920x1080 projector gives a view below its heading, in CSS pixels, as the
#: page measures it (snapped to 40 px): the type sizes below are meant for it, and scale
#: with a smaller or larger screen. (It was 1824x920 before the projector's heading grew
#: its room menus, and the type came out at 23 px instead of 24 at 1920x1080.)
REFERENCE_ROOM = (1800, 880)
MIN_TYPE = 16
LINE_HEIGHT = 1.3
#: The page's font (Source Sans) is narrower than the figures' DejaVu Sans, whose
#: average glyph widths ``char_em`` gives; this much of them is a safe guess of a line's
#: characters where only an average will do (the persona line of a comparison).
BROWSER_EM = 0.8
#: The page font's own advance widths (``page_font.json``), which say how many lines a
#: note takes: estimated from an average width, a note of one line was counted as two,
#: and a busy card showed four notes and "and 16 more" above half a card of white.
#: Widths are summed without kerning, which makes a text a little wider than drawn
#: (0.7 % for "1. Pain 1 of Anna's shop"): a note is never counted on fewer lines than
#: it takes. No margin on top of that: 2 % more counted notes that just fit on one line
#: as two, and a card of 20 such notes showed 2 of them above 116 px of white.
FONT_FILE = Path(__file__).resolve().parents[1] / "page_font.json"
WIDTH_MARGIN = 1.0
#: A card's frame: border and padding on each side, the gap under its heading, the
#: coloured rule and indent of a section, the gap between sections.
CARD_PADDING = 14
HEAD_GAP = 8
SECTION_INDENT = 18
SECTION_GAP = 12


@dataclass(frozen=True)
class Type:
    """Type sizes, in CSS pixels, of one projected view (``name`` is its CSS class)."""

    name: str
    head: int
    item: int

    @property
    def line(self) -> float:
        return self.item * LINE_HEIGHT


WALK_TYPE = Type("walk", head=28, item=24)
COMPARE_TYPE = Type("compare", head=28, item=26)


def scaled(kind: Type, width: float, height: float) -> Type:
    """The type sized for the screen there is: a 1280x720 projector shows the picture of
    a 1920x1080 one, smaller, so the type keeps its share of the screen (never below
    :data:`MIN_TYPE` px, which a laptop still reads, nor above 1.3 times its size)."""
    scale = min(width / REFERENCE_ROOM[0], height / REFERENCE_ROOM[1], 1.3)
    return Type(kind.name, max(MIN_TYPE + 2, round(kind.head * scale)),
                max(MIN_TYPE, round(kind.item * scale)))


@cache
def _advances() -> dict[str, dict[str, int]]:
    data = json.loads(FONT_FILE.read_text(encoding="utf-8"))
    return {weight: dict(zip(data["chars"], data[weight], strict=True))
            for weight in ("400", "700")}


def _advance(char: str, table: dict[str, int]) -> int:
    """A character's width in thousandths of an em; one outside the table is counted
    wide (a full em for CJK and emoji, 0.65 em otherwise): too few notes, never too many."""
    width = table.get(char)
    if width is not None:
        return width
    return 1000 if ord(char) >= 0x2E80 else 650


def text_width(text: str, size: float, bold: bool = False) -> float:
    """``text``'s width in CSS pixels at ``size`` px in the page's font."""
    table = _advances()["700" if bold else "400"]
    return sum(_advance(char, table) for char in text) * size / 1000 * WIDTH_MARGIN


def lines_of(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines ``text`` takes in a box ``width`` px wide, broken as the browser breaks it:
    at spaces, and a word longer than the line anywhere (``overflow-wrap: anywhere``)."""
    space = text_width(" ", size, bold)
    width += 0.001  # a sum of widths that equals the box still fits it
    lines, x = 1, 0.0
    for word in text.split():
        word_px = text_width(word, size, bold)
        if x > 0 and x + space + word_px <= width:
            x += space + word_px
            continue
        if x > 0:
            lines, x = lines + 1, 0.0
        if word_px <= width:
            x = word_px
            continue
        for char in word:
            char_px = text_width(char, size, bold)
            if x > 0 and x + char_px > width:
                lines, x = lines + 1, 0.0
            x += char_px
    return lines


def line_counts(texts: Sequence[str], width: float, size: float, bold: bool = False) -> list[int]:
    """Lines each text wraps onto in a column ``width`` px wide at ``size`` px type."""
    return [lines_of(text, width, size, bold) for text in texts]


@dataclass(frozen=True)
class Cut:
    """One section of a column: the first ``shown`` notes, then "and ``more`` more"."""

    shown: int
    more: int


def cut_sections(lines: Sequence[Sequence[int]], room: int) -> list[Cut]:
    """Share ``room`` lines among sections whose notes take ``lines[s][i]`` lines each.

    Everything is shown when it fits. Otherwise the sections take notes in turns, best
    ranked first, so that no section is emptied to show another's tail; each section that
    cannot show all its notes keeps one line for its "and N more". A note is shown whole
    or not at all, so later notes are not shown ahead of an earlier one that did not fit.
    """
    counts = [len(section) for section in lines]
    if sum(sum(section) for section in lines) <= room:
        return [Cut(n, 0) for n in counts]
    shown = [0] * len(lines)
    blocked = [n == 0 for n in counts]
    used = 0
    progress = True
    while progress:
        progress = False
        for index, section in enumerate(lines):
            if blocked[index]:
                continue
            cost = section[shown[index]]
            after = shown.copy()
            after[index] += 1
            reserve = sum(1 for s, n in enumerate(counts) if after[s] < n)
            if used + cost + reserve <= room:
                shown[index] += 1
                used += cost
                progress = True
                if shown[index] == counts[index]:
                    blocked[index] = True
            else:
                blocked[index] = True
    return [Cut(s, n - s) for s, n in zip(shown, counts, strict=True)]


def card_cuts(sections: Sequence[Sequence[str]], head: str, note: int, width: float,
              height: float, kind: Type, side_by_side: bool) -> list[Cut]:
    """What a card of ``width`` x ``height`` px shows of each section's notes.

    The card has its ``head`` (wrapped in bold), ``note`` lines under it, then the
    sections, each with its label: side by side (three columns, each cut on its own) or
    one under another (sharing the column's height, see :func:`cut_sections`). An empty
    section takes one line for saying so.
    """
    inner = width - 2 * CARD_PADDING
    head_px = line_counts([head], inner, kind.head, bold=True)[0] * kind.head * LINE_HEIGHT
    room_px = height - 2 * CARD_PADDING - HEAD_GAP - head_px - kind.line * int(note)
    if side_by_side:
        column = (inner - 2 * SECTION_GAP) / len(sections) - SECTION_INDENT
        rows = max(0, int(room_px / kind.line) - 1)
        return [cut_sections([line_counts(texts, column, kind.item)], rows)[0]
                for texts in sections]
    column = inner - SECTION_INDENT
    empty = sum(1 for texts in sections if not texts)
    rows = int((room_px - SECTION_GAP * (len(sections) - 1)) / kind.line) - len(sections) - empty
    return cut_sections([line_counts(texts, column, kind.item) for texts in sections],
                        max(0, rows))


def walk_order(shared: Sequence[str], picked: Sequence[str]) -> list[str]:
    """The canvases of a gallery walk: those the facilitator picked first (in the order
    picked, at most one page of them), then every other shared canvas in gallery order.
    A pick that is no longer shared is left out."""
    available = set(shared)
    first = [ref for ref in dict.fromkeys(picked) if ref in available][:WALK_PAGE]
    return first + [ref for ref in shared if ref not in first]


def page_count(total: int, per_page: int = WALK_PAGE) -> int:
    """Pages needed for ``total`` canvases; an empty walk still has its one (empty) page."""
    return max(1, -(-total // per_page))


def page_of(refs: Sequence[str], page: int, per_page: int = WALK_PAGE) -> list[str]:
    """The canvases on ``page`` (clamped to the pages there are)."""
    page = min(max(page, 0), page_count(len(refs), per_page) - 1)
    return list(refs[page * per_page:(page + 1) * per_page])
