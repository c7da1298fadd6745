"""Ranking: score descending, list order among equals, the same everywhere."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from canvas.fileformat.models import Gain, Job, Pain, Product
from canvas.ranking.rules import (
    Drop,
    drop,
    rank_map,
    ranked,
    score_of,
    shift,
    spread,
    squeezed,
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


def shown(items):
    """``[(id, score), ...]`` as the board shows them."""
    return [(item.id, item.severity) for _, item in ranked(items)]


# -- drop: the rule of DESIGN.md "Ranking by hand" -------------------------------------------


def test_drop_between_neighbours_that_fit_keeps_the_score():
    items = pains(5, 4, 3, 2)        # p1 5, p2 4, p3 3, p4 2
    result = drop(items, "p3", 0)    # to the top: only p1 (5) below, 3 < 5
    assert (result.old_score, result.new_score) == (3, 5)
    result = drop(items, "p2", 2)    # between p3 (3) and p4 (2): 4 > 3 takes 3
    assert [(i.id, i.severity) for i in result.items] == \
        [("p1", 5), ("p3", 3), ("p2", 3), ("p4", 2)]
    assert (result.old_score, result.new_score, result.old_rank, result.new_rank) == \
        (4, 3, 2, 3)
    tie = pains(5, 3, 3, 1)          # p2 between p3 (3) and p4 (1): 3 fits, kept
    result = drop(tie, "p2", 2)
    assert [(i.id, i.severity) for i in result.items] == \
        [("p1", 5), ("p3", 3), ("p2", 3), ("p4", 1)]
    assert (result.old_score, result.new_score) == (3, 3)


def test_drop_up_past_a_higher_score_takes_the_score_above():
    items = pains(5, 4, 2, 1)
    result = drop(items, "p4", 1)    # between p1 (5) and p2 (4): 1 < 4 takes 4
    assert result == Drop(result.items, "p4", 1, 4, 4, 2)
    assert [(i.id, i.severity) for i in result.items] == \
        [("p1", 5), ("p4", 4), ("p2", 4), ("p3", 2)]


def test_drop_at_the_ends_has_one_neighbour():
    items = pains(3, 5, 1)           # shown: p2 5, p1 3, p3 1
    top = drop(items, "p3", 0)
    assert shown(top.items) == [("p3", 5), ("p2", 5), ("p1", 3)]
    assert (top.old_rank, top.new_rank) == (3, 1)
    bottom = drop(items, "p2", 2)
    assert shown(bottom.items) == [("p1", 3), ("p3", 1), ("p2", 1)]
    assert (bottom.old_score, bottom.new_score, bottom.new_rank) == (5, 1, 3)
    # a note already at the top that stays there keeps a score higher than the rest
    assert drop(items, "p2", 0).new_score == 5


def test_drop_clamps_the_target_and_stays_put():
    items = pains(3, 5, 1)
    assert drop(items, "p3", 99).new_rank == 3
    assert drop(items, "p3", 99).new_score == 1
    low = drop(items, "p2", -4)
    assert (low.new_rank, low.new_score) == (1, 5)
    same = drop(items, "p1", 1)      # dropped where it already is
    assert shown(same.items) == shown(items)
    assert (same.old_score, same.new_score, same.old_rank, same.new_rank) == (3, 3, 2, 2)


def test_drop_returns_items_in_ranked_order_and_leaves_input_alone():
    items = pains(1, 5, 3, 5)
    before = [p.model_copy() for p in items]
    result = drop(items, "p1", 1)
    assert [item for _, item in ranked(result.items)] == result.items
    assert ids(result.items) == ["p2", "p1", "p4", "p3"]
    assert items == before           # nothing mutated, p1 still has severity 1
    assert result.items[1] is not items[0]
    # notes that did not move are the very same objects with the same scores
    assert result.items[0] is items[1] and result.items[3] is items[2]


def test_drop_unknown_id():
    with pytest.raises(KeyError):
        drop(pains(1, 2), "p9", 0)


def test_drop_in_a_single_item_section():
    result = drop(pains(4), "p1", 3)
    assert (ids(result.items), result.old_score, result.new_score, result.new_rank) == \
        (["p1"], 4, 4, 1)


def test_drop_keeps_each_kind_of_score():
    jobs = [Job(id="j1", text="a", kind="social", importance=5),
            Job(id="j2", text="b", kind="social", importance=2)]
    result = drop(jobs, "j2", 0)
    assert [(j.id, j.importance) for j in result.items] == [("j2", 5), ("j1", 5)]
    gains = [Gain(id="g1", text="a", kind="desired", relevance=4),
             Gain(id="g2", text="b", kind="desired", relevance=1)]
    result = drop(gains, "g1", 1)
    assert [(g.id, g.relevance) for g in result.items] == [("g2", 1), ("g1", 1)]


def test_drop_value_map_items_moves_by_position_without_scores():
    products = [Product(id=f"s{n}", text=f"Product {n}") for n in (1, 2, 3)]
    result = drop(products, "s3", 0)
    assert result == Drop(result.items, "s3", 0, 0, 3, 1)
    assert ids(result.items) == ["s3", "s1", "s2"]
    assert ids(shift(products, "s1", 1).items) == ["s2", "s1", "s3"]


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=12),
       st.data())
def test_drop_keeps_the_section_ordered_and_others_unchanged(scores, data):
    items = pains(*scores)
    item_id = data.draw(st.sampled_from(ids(items)))
    to_index = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    result = drop(items, item_id, to_index)
    view = [item for _, item in ranked(result.items)]
    assert view == result.items                             # stored in ranked order
    assert view[to_index].id == item_id                     # it lands where it was dropped
    others_before = [(p.id, p.severity) for _, p in ranked(items) if p.id != item_id]
    others_after = [(p.id, p.severity) for p in view if p.id != item_id]
    assert others_before == others_after                    # nobody else moved or changed
    score = result.new_score
    if to_index > 0:
        assert view[to_index - 1].severity >= score
    if to_index + 1 < len(view):
        assert score >= view[to_index + 1].severity
    if result.new_score != result.old_score:               # changed only to the nearer score
        neighbours = {view[i].severity for i in (to_index - 1, to_index + 1)
                      if 0 <= i < len(view)}
        assert result.new_score in neighbours


# -- shift: the keyboard -------------------------------------------------------------------


def test_shift_moves_by_places_in_the_ranked_view():
    items = pains(3, 5, 3)           # shown: p2 5, p1 3, p3 3
    down = shift(items, "p1", 1)
    assert shown(down.items) == [("p2", 5), ("p3", 3), ("p1", 3)]
    up = shift(items, "p3", -1)
    assert shown(up.items) == [("p2", 5), ("p3", 3), ("p1", 3)]
    over = shift(items, "p3", -2)    # above the 5: becomes 5
    assert shown(over.items) == [("p3", 5), ("p2", 5), ("p1", 3)]
    assert (over.old_rank, over.new_rank) == (3, 1)


def test_shift_clamps_at_the_ends():
    items = pains(3, 5, 3)
    assert shown(shift(items, "p2", -1).items) == shown(items)
    assert shown(shift(items, "p3", 5).items) == shown(items)
    assert shift(items, "p2", 10).new_rank == 3
    assert shift(items, "p2", 10).new_score == 3


# -- squeezed scores (issue 20, point 7) ----------------------------------------------------
@pytest.mark.parametrize(("scores", "expected"), [
    ([5, 4, 4, 3, 3, 2, 2, 1], False),   # what a spread of eight gives
    ([5, 5, 5, 5, 4, 4, 4, 4], True),    # the eight pains after the drags
    ([5, 5, 5, 4, 4, 3, 2, 1], False),   # three share 5, but not half of the notes
    ([5, 5, 5, 5, 4, 3, 2, 1], True),    # half share 5 where a spread puts two at most
    ([5, 4, 3, 2, 1], False),
    ([4, 4, 4, 2, 1], True),
    ([5, 4, 3, 3, 2, 1], False),         # a spread of six has 5,4,3,3,2,1
    ([5, 5, 5, 4, 4, 4], True),
    ([3, 3, 3], True),                   # three notes could be 5,3,1
    ([3, 3], False),                     # two tied notes are a choice, not a squeeze
    ([5], False),
    ([], False),
    ([5, 5, 4, 4, 3, 3, 3, 2, 2, 1, 1], False),  # eleven spread: three share 3 anyway
    ([5, 5, 5, 5, 4, 3, 3, 2, 2, 1, 1], False),  # four of eleven: not half
    ([5, 5, 5, 5, 5, 5, 4, 3, 2, 2, 1], True),   # six of eleven
    ([5] * 5 + [4] * 4 + [3] * 4 + [2] * 3, False),  # sixteen jobs, five at 5: a choice
    ([4] * 8 + [3] * 8, True),
])
def test_squeezed_is_more_notes_on_one_score_than_a_spread_gives(scores, expected):
    assert squeezed(scores) is expected


def test_drags_squeeze_and_spread_gives_the_scores_back_in_the_new_order():
    items = pains(5, 4, 4, 3, 3, 2, 2, 1)
    for item_id, to in [("p8", 0), ("p7", 0), ("p6", 0), ("p5", 4), ("p4", 4)]:
        items = drop(items, item_id, to).items
    order = [p.id for _, p in ranked(items)]
    assert order == ["p6", "p7", "p8", "p1", "p4", "p5", "p2", "p3"]
    assert [p.severity for _, p in ranked(items)] == [5, 5, 5, 5, 4, 4, 4, 4]
    assert squeezed([p.severity for _, p in ranked(items)])
    groups, scores = spread(items)
    assert groups == [[item_id] for item_id in order]
    assert [scores[i] for i in order] == [5, 4, 4, 3, 3, 2, 2, 1]
    assert not squeezed(list(scores.values()))


def test_spread_of_nothing_and_of_one():
    assert spread([]) == ([], {})
    assert spread(pains(2)) == ([["p1"]], {"p1": 3})
