"""Ranking rules of the method, in one place.

Items are ranked by their score (importance, severity or relevance), highest first; among
equal scores the list order is the manual rank the learner chose. Every view (editor,
charts, exports, fit) ranks through here so a rank number means the same everywhere.

Moving a note (drag, keyboard) goes through :func:`drop`, so the rank shown and the score
stored can never contradict each other: a note keeps its score while it still fits between
its new neighbours and otherwise takes the nearer neighbour's score (DESIGN.md, "Ranking by
hand"). The board can then tell the learner that the score changed.

That rule can squeeze a section: eight pains at 5,4,4,3,3,2,2,1 ordered by six drags
became 5,5,5,5,4,4,4,4. :func:`squeezed` says when the scores no longer tell the notes
apart, and :func:`spread` proposes scores along the shown order, the way "rank by
comparing" does (``compare.propose_scores``), for the board to offer in one click.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from canvas.fileformat.models import SCORE_FIELD, Canvas
from canvas.ranking.compare import propose_scores

_SCORE_NAMES = tuple(SCORE_FIELD.values())


def _score_name(item) -> str | None:
    return next((name for name in _SCORE_NAMES if name in type(item).model_fields), None)


def score_of(item) -> int:
    for name in _SCORE_NAMES:
        value = getattr(item, name, None)
        if value is not None:
            return value
    raise TypeError(f"{type(item).__name__} has no score")


def ranked(items: list) -> list[tuple[int, object]]:
    """``[(rank, item), ...]`` with rank 1 the most important; stable for equal scores."""
    order = sorted(range(len(items)), key=lambda i: (-score_of(items[i]), i))
    return [(rank, items[i]) for rank, i in enumerate(order, start=1)]


def ranked_section(canvas: Canvas, section: str) -> list[tuple[int, object]]:
    if section not in SCORE_FIELD:
        raise ValueError(f"{section} is not a profile section")
    return ranked(canvas.section(section))


def rank_map(items: list) -> dict[str, int]:
    return {item.id: rank for rank, item in ranked(items)}


@dataclass(frozen=True)
class Drop:
    """The outcome of moving one note, with what the board needs to explain it."""

    items: list          # the section after the move, stored in ranked order
    item_id: str
    old_score: int       # 0 for value-map items, which have no score
    new_score: int       # == old_score when the note still fits between its new neighbours
    old_rank: int        # 1-based position in the ranked view before
    new_rank: int        # 1-based position after (== the clamped to_index + 1)


def _view(items: list) -> list:
    """The order the board shows: ranked for scored notes, list order for the value map."""
    if items and _score_name(items[0]) is None:
        return list(items)
    return [item for _, item in ranked(items)]


def _index_of(items: list, item_id: str) -> int:
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    raise KeyError(item_id)


def drop(items: list, item_id: str, to_index: int) -> Drop:
    """Move ``item_id`` to position ``to_index`` (0-based, clamped) of the ranked view.

    ``to_index`` counts in the view after the note is taken out of its old place. Between
    two neighbours the note keeps its score if ``above >= score >= below``; otherwise it
    takes the nearer neighbour's score (only a neighbour below at the top, only one above
    at the bottom). Other notes keep their scores and their order. Value-map items have no
    score: they simply move by list position and both scores are reported as 0.
    """
    view = _view(items)
    old_index = _index_of(view, item_id)
    note = view[old_index]
    rest = view[:old_index] + view[old_index + 1:]
    to_index = max(0, min(to_index, len(rest)))
    name = _score_name(note)
    old_score = new_score = getattr(note, name) if name else 0
    if name:
        above = rest[to_index - 1] if to_index > 0 else None
        below = rest[to_index] if to_index < len(rest) else None
        if above is not None and new_score > score_of(above):
            new_score = score_of(above)
        elif below is not None and new_score < score_of(below):
            new_score = score_of(below)
        if new_score != old_score:
            note = note.model_copy(update={name: new_score})
    placed = rest[:to_index] + [note] + rest[to_index:]
    return Drop(placed, item_id, old_score, new_score, old_index + 1, to_index + 1)


def shift(items: list, item_id: str, delta: int) -> Drop:
    """Keyboard move: ``delta`` places in the ranked view (negative is up), clamped."""
    return drop(items, item_id, _index_of(_view(items), item_id) + delta)


# -- squeezed scores -------------------------------------------------------------------------
#: At least this many notes must share one score before the board calls a section squeezed:
#: two tied notes are a choice, not a squeeze.
SQUEEZE_MIN = 3


def _widest(scores: Sequence[int]) -> int:
    return max(Counter(scores).values(), default=0)


def squeezed(scores: Sequence[int]) -> bool:
    """Whether a section's scores no longer tell its notes apart.

    ``scores`` are the notes' scores in shown order. They are squeezed when one score is
    shared by at least :data:`SQUEEZE_MIN` notes and at least half of them, and by more
    notes than spreading the order over 1..5 would put on one score (the :func:`spread`
    of the same number of notes). Eight notes spread give 5,4,4,3,3,2,2,1 (two at most
    share a score), so 5,5,5,5,4,4,4,4 is squeezed and 5,4,4,3,3,2,2,1 is not; sixteen
    jobs with five at importance 5 are a choice (a spread of sixteen puts four on one).
    """
    widest = _widest(scores)
    if widest < SQUEEZE_MIN or 2 * widest < len(scores):
        return False
    even = propose_scores([[index] for index in range(len(scores))])
    return widest > _widest(list(even.values()))


def spread(items: list) -> tuple[list[list[str]], dict[str, int]]:
    """The shown order kept, one note per place, with the scores ``propose_scores`` gives
    it: what ``editing.apply_order`` takes to spread a squeezed section."""
    groups = [[item.id] for _, item in ranked(items)]
    return groups, (propose_scores(groups) if groups else {})
