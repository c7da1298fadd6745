"""Ranking rules of the method, in one place.

Items are ranked by their score (importance, severity or relevance), highest first; among
equal scores the list order is the manual rank the learner chose. Every view (editor,
charts, exports, fit) ranks through here so a rank number means the same everywhere.
"""

from __future__ import annotations


def score_of(item) -> int:
    for name in ("importance", "severity", "relevance"):
        value = getattr(item, name, None)
        if value is not None:
            return value
    raise TypeError(f"{type(item).__name__} has no score")


def ranked(items: list) -> list[tuple[int, object]]:
    """``[(rank, item), ...]`` with rank 1 the most important; stable for equal scores."""
    order = sorted(range(len(items)), key=lambda i: (-score_of(items[i]), i))
    return [(rank, items[i]) for rank, i in enumerate(order, start=1)]


def rank_map(items: list) -> dict[str, int]:
    return {item.id: rank for rank, item in ranked(items)}


def equal_score_neighbours(items: list, item_id: str) -> tuple[str | None, str | None]:
    """Ids of the items just above and below among those with the same score.

    Manual reordering only moves an item among equals: moving it past a higher score
    would contradict the score, so the UI offers only these two moves.
    """
    index = next(i for i, item in enumerate(items) if item.id == item_id)
    score = score_of(items[index])
    same = [item.id for item in items if score_of(item) == score]
    pos = same.index(item_id)
    above = same[pos - 1] if pos > 0 else None
    below = same[pos + 1] if pos + 1 < len(same) else None
    return above, below


def move_among_equals(items: list, item_id: str, direction: int) -> list:
    """Return a new list with ``item_id`` swapped with its equal-score neighbour."""
    above, below = equal_score_neighbours(items, item_id)
    other = above if direction < 0 else below
    if other is None:
        return list(items)
    out = list(items)
    a = next(i for i, item in enumerate(out) if item.id == item_id)
    b = next(i for i, item in enumerate(out) if item.id == other)
    out[a], out[b] = out[b], out[a]
    return out
