"""The pains and gains a room has in common, with near-duplicates counted together.

Twenty learners write the same pain twenty ways: "Prices are too high", "prices too
high!", "Too high prices". Counted as typed, no pain would come up more than once and the
room summary would say nothing. Texts are therefore compared on the words that carry
meaning (case, accents, punctuation, word order and the coach's short function words
ignored; negations kept) with rapidfuzz, and grouped when they are close enough; the
threshold is set so that two different pains that share most of their words ("Delivery
is too slow" and "Delivery is too expensive", "Not enough time" and "Enough time") stay
apart.

A group counts canvases, not notes: a learner who wrote the same pain twice raises its
count once. Groups come most shared first, then highest score (a pain's severity, a gain's
relevance: the highest any of its notes has), then in the order they were first written;
never alphabetically, which put every Ukrainian pain after the Latin ones and so out of
sight. Pure functions, no Streamlit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process, utils

from canvas.coaching.coach import STOPWORDS
from canvas.fileformat.models import SCORE_FIELD

#: Two texts whose words score at least this (0-100, the higher of ``ratio`` and
#: ``token_sort_ratio``) are one pain or gain. Measured on the examples in
#: tests/test_room_summary.py: rewordings score 88-100, different pains 65-85.
THRESHOLD = 87
#: The summary chart shows this many of the most frequent pains and gains.
TOP = 8


@dataclass(frozen=True)
class Mention:
    """One note of a shared canvas: its text and the canvas it is on."""

    text: str
    canvas: str
    score: int = 0


@dataclass(frozen=True)
class Group:
    """Near-identical notes: shown as ``label`` (the wording used most often, the
    earliest of equals), on ``count`` canvases, written as each of ``variants``;
    ``score`` is the highest score any of its notes has."""

    label: str
    count: int
    variants: tuple[str, ...]
    score: int = 0


@lru_cache(maxsize=4096)
def comparable(text: str) -> str:
    """Lower case, without accents, punctuation or function words, single spaces:
    "Le café est  TROP cher !" and "cafe cher" compare equal. Accents are dropped from
    Latin letters only: й and ї are letters of their own in Ukrainian, not и and і with a
    mark. A text made only of function words is kept whole."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and "a" <= kept[-1] <= "z":
            continue
        kept.append(char)
    words = utils.default_process(unicodedata.normalize("NFC", "".join(kept))).split()
    return " ".join([word for word in words if word not in STOPWORDS] or words)


def similarity(first: str, second: str) -> float:
    """0-100: how alike two texts are, in any word order."""
    return _score(comparable(first), comparable(second))


def group_mentions(mentions: Iterable[Mention], threshold: float = THRESHOLD) -> list[Group]:
    """Groups of near-identical texts: most canvases first, then highest score, then the
    order in which they were first written.

    Each distinct wording joins the first group (most frequent first) whose wordings it
    is close to, all of them: one chain of small changes cannot pull two different pains
    into one group.
    """
    canvases: dict[str, set[str]] = {}     # comparable wording -> canvases it is on
    spelled: dict[str, dict[str, int]] = {}  # comparable wording -> as typed -> uses
    order: dict[str, int] = {}
    scores: dict[str, int] = {}
    for mention in mentions:
        text = " ".join(mention.text.split())
        key = comparable(text)
        if not key:
            continue
        order.setdefault(key, len(order))
        scores[key] = max(scores.get(key, 0), mention.score or 0)
        canvases.setdefault(key, set()).add(mention.canvas)
        spelled.setdefault(key, {})
        spelled[key][text] = spelled[key].get(text, 0) + 1
    keys = sorted(canvases, key=lambda k: (-len(canvases[k]), order[k]))
    close = _close_pairs(keys, threshold)
    groups: list[list[int]] = []
    for index in range(len(keys)):
        row = close[index]
        # The first member decides most groups at once; the rest are checked only then.
        home = next((group for group in groups
                     if row[group[0]] and all(row[other] for other in group)), None)
        if home is None:
            groups.append([index])
        else:
            home.append(index)
    out = []
    for members in groups:
        group = [keys[index] for index in members]
        uses: dict[str, int] = {}
        for key in group:
            for text, n in spelled[key].items():
                uses[text] = uses.get(text, 0) + n
        label = max(uses, key=lambda text: uses[text])   # first of equals: dicts keep order
        on = set().union(*(canvases[key] for key in group))
        first = min(order[key] for key in group)
        out.append((first, Group(label=label, count=len(on), variants=tuple(uses),
                                 score=max(scores[key] for key in group))))
    out.sort(key=lambda pair: (-pair[1].count, -pair[1].score, pair[0]))
    return [group for _, group in out]


def _score(first: str, second: str) -> float:
    return max(fuzz.ratio(first, second), fuzz.token_sort_ratio(first, second))


def _close_pairs(keys: list[str], threshold: float) -> list[list[bool]]:
    """Which wordings are close, all pairs at once: rapidfuzz compares a room's 500 pains
    in C in a few milliseconds, where one pair at a time took a fifth of a second."""
    if not keys:
        return []
    plain = process.cdist(keys, keys, scorer=fuzz.ratio)
    sorted_ = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio)
    return (np.maximum(plain, sorted_) >= threshold).tolist()


def section_mentions(canvases: Sequence[tuple[str, object]], section: str) -> list[Mention]:
    """Every note of ``section`` ("pains" or "gains") of the given ``(ref, canvas)``,
    with its score (severity, relevance)."""
    field = SCORE_FIELD.get(section, "")
    return [Mention(item.text, ref, getattr(item, field, 0) or 0) for ref, canvas in canvases
            for item in canvas.section(section)]
