"""How many notes a projected column can show, and which canvases a gallery-walk page holds.

A room reads the projector from 8-10 m away, so its type cannot shrink to make a long
list fit. When a column of a comparison has more lines than the screen, it must say what
it left out ("and 3 more") rather than drop notes silently. These are the pure decisions
behind that: given how many lines each note takes and how many lines the column has,
which notes are shown and how many are counted as "more". No Streamlit, no Plotly, so
every decision is tested exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: The gallery walk shows this many canvases at once (a 2x2 grid at 1920x1080).
WALK_PAGE = 4


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
