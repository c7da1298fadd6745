"""Ranking rules of the method, in one place.

Items are ranked by their score (importance, severity or relevance), highest first; among
equal scores the list order is the manual rank the learner chose. Every view (editor,
charts, exports, fit) ranks through here so a rank number means the same everywhere.

Moving a note (drag, keyboard) goes through :func:`drop`, so the rank shown and the score
stored can never contradict each other: a note keeps its score while it still fits between
its new neighbours and otherwise takes the nearer neighbour's score (DESIGN.md, "Ranking by
hand"). The board can then tell the learner that the score changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from canvas.models import SCORE_FIELD, Canvas

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
