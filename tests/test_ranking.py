"""Ranking: score descending, list order among equals, the same everywhere."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from canvas.models import Gain, Job, Pain
from canvas.ranking import (
    equal_score_neighbours,
    move_among_equals,
    rank_map,
    ranked,
    score_of,
)


def pains(*scores):
    return [Pain(id=f"p{i}", text=f"Pain {i}", kind="risk", severity=s)
            for i, s in enumerate(scores, start=1)]


def ids(items):
    return [item.id for item in items]


def test_score_of_each_kind():
    assert score_of(Job(id="j1", text="j", kind="social", importance=2)) == 2
    assert score_of(Pain(id="p1", text="p", kind="risk", severity=3)) == 3
    assert score_of(Gain(id="g1", text="g", kind="desired", relevance=4)) == 4


def test_ranked_sorts_by_score_descending():
    items = pains(1, 5, 3)
    assert [(rank, p.id) for rank, p in ranked(items)] == [(1, "p2"), (2, "p3"), (3, "p1")]


def test_ranked_is_stable_for_equal_scores():
    items = pains(3, 5, 3, 5, 3)
    assert [p.id for _, p in ranked(items)] == ["p2", "p4", "p1", "p3", "p5"]


def test_ranked_does_not_reorder_input():
    items = pains(1, 5)
    ranked(items)
    assert ids(items) == ["p1", "p2"]


def test_ranked_empty_and_single():
    assert ranked([]) == []
    assert rank_map([]) == {}
    one = pains(2)
    assert ranked(one) == [(1, one[0])]


def test_rank_map():
    assert rank_map(pains(2, 4, 4, 1)) == {"p2": 1, "p3": 2, "p1": 3, "p4": 4}


@settings(max_examples=100, deadline=None, database=None)
@given(st.lists(st.integers(min_value=1, max_value=5), max_size=30))
def test_ranks_are_one_to_n_and_consistent(scores):
    items = pains(*scores)
    result = ranked(items)
    assert [rank for rank, _ in result] == list(range(1, len(items) + 1))
    assert sorted(ids(item for _, item in result)) == sorted(ids(items))
    ordered = [item for _, item in result]
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert a.severity > b.severity or (
            a.severity == b.severity and ids(items).index(a.id) < ids(items).index(b.id))
    assert rank_map(items) == {item.id: rank for rank, item in result}


def test_equal_score_neighbours_edges():
    items = pains(3, 5, 3, 3, 1)
    assert equal_score_neighbours(items, "p1") == (None, "p3")      # first among equals
    assert equal_score_neighbours(items, "p3") == ("p1", "p4")      # middle
    assert equal_score_neighbours(items, "p4") == ("p3", None)      # last among equals
    assert equal_score_neighbours(items, "p2") == (None, None)      # alone at its score
    assert equal_score_neighbours(items, "p5") == (None, None)
    assert equal_score_neighbours(pains(4), "p1") == (None, None)   # single item


def test_move_among_equals():
    items = pains(3, 5, 3)
    assert ids(move_among_equals(items, "p1", +1)) == ["p3", "p2", "p1"]
    assert ids(move_among_equals(items, "p1", -1)) == ["p1", "p2", "p3"]
    assert ids(move_among_equals(items, "p2", +1)) == ["p1", "p2", "p3"]
    assert ids(items) == ["p1", "p2", "p3"]  # input untouched
    moved = move_among_equals(items, "p3", -1)
    assert [p.id for _, p in ranked(moved)] == ["p2", "p3", "p1"]
