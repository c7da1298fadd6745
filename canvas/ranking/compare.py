"""Rank a section by answering "Which matters more: A or B?".

Absolute scores are hard for many learners; comparing two notes is easy. A binary insertion
sort asks the fewest questions that still settle the order, and "about the same" builds tie
groups. Nothing is stored but the answers: the next question is found by replaying them,
so a session can stop and resume (or survive a rerun) and always asks the same thing next.
The result is applied only when the learner accepts it (``editing.apply_order``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor, log2
from typing import Literal

Choice = Literal["left", "right", "same"]
CHOICES = ("left", "right", "same")
_FLIP = {"left": "right", "right": "left", "same": "same"}


@dataclass(frozen=True)
class Question:
    left: str    # item id; "left" as an answer means this one matters more
    right: str
    asked: int   # questions answered so far
    at_most: int  # no more than this many questions in all for these items


def at_most(n: int) -> int:
    """Upper bound on questions for ``n`` items: one binary search per inserted item."""
    return sum(ceil(log2(k + 1)) for k in range(1, n))


def _answer(answers: Mapping[tuple[str, str], Choice], left: str, right: str) -> Choice | None:
    """The recorded answer for this pair, whichever way round it was asked."""
    if (left, right) in answers:
        return answers[(left, right)]
    if (right, left) in answers:
        return _FLIP[answers[(right, left)]]
    return None


def _replay(ids: Sequence[str], answers: Mapping[tuple[str, str], Choice]):
    """Insert ``ids`` in order; stop at the first comparison without an answer.

    Returns ``(groups, pending, asked)``: the tie groups so far (most important first),
    the unanswered ``(new, existing)`` pair or None, and how many answers were used.
    """
    if len(set(ids)) != len(ids):
        raise ValueError("ids must be unique")
    groups: list[list[str]] = []
    asked = 0
    for item in ids:
        lo, hi = 0, len(groups)
        placed = False
        while lo < hi:
            mid = (lo + hi) // 2
            other = groups[mid][0]
            choice = _answer(answers, item, other)
            if choice is None:
                return groups, (item, other), asked
            asked += 1
            if choice == "same":
                groups[mid].append(item)
                placed = True
                break
            if choice == "left":
                hi = mid
            else:
                lo = mid + 1
        if not placed:
            groups.insert(lo, [item])
    return groups, None, asked


def next_question(ids: Sequence[str],
                  answers: Mapping[tuple[str, str], Choice]) -> Question | None:
    """The next pair to ask about, or None when the order is complete.

    ``ids`` is the current ranked order; items are inserted in that order.
    """
    _, pending, asked = _replay(ids, answers)
    if pending is None:
        return None
    return Question(pending[0], pending[1], asked, at_most(len(ids)))


def record(answers: Mapping[tuple[str, str], Choice], question: Question,
           choice: Choice) -> dict[tuple[str, str], Choice]:
    """A new dict with the answer added; the given one is left as it was."""
    if choice not in CHOICES:
        raise ValueError(f"unknown choice {choice!r}")
    return {**answers, (question.left, question.right): choice}


def result(ids: Sequence[str], answers: Mapping[tuple[str, str], Choice]) -> list[list[str]]:
    """Tie groups, most important first. Raises ValueError while questions remain."""
    groups, pending, _ = _replay(ids, answers)
    if pending is not None:
        raise ValueError("the comparison is not complete")
    return groups


def propose_scores(groups: list[list[str]]) -> dict[str, int]:
    """Scores 1..5 that keep the order: ties share a score, top 5 and bottom 1.

    One group gets 3 (the middle: nothing says it is high or low). ``k`` groups are
    spread evenly, ``5 - 4 * i / (k - 1)`` rounded half up, so with more than five
    groups neighbours may share a score but never swap.
    """
    if len(groups) == 1:
        return {item: 3 for item in groups[0]}
    scores: dict[str, int] = {}
    last = len(groups) - 1
    for index, group in enumerate(groups):
        score = floor(Fraction(5) - Fraction(4 * index, last) + Fraction(1, 2))
        scores.update({item: score for item in group})
    return scores
