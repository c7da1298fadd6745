"""Rank by comparing: exact questions, complete and correct results, bounded effort."""

from __future__ import annotations

import itertools
import random

import pytest

from canvas.ranking.compare import Question, at_most, next_question, propose_scores, record, result


def answer_from(truth: list[list[str]]):
    """An honest learner whose true order is ``truth`` (tie groups, top first)."""
    level = {item: n for n, group in enumerate(truth) for item in group}

    def choose(question: Question) -> str:
        left, right = level[question.left], level[question.right]
        return "left" if left < right else "right" if left > right else "same"
    return choose


def run(ids, truth):
    """Answer every question; return (questions asked, tie groups)."""
    choose = answer_from(truth)
    answers: dict = {}
    asked = []
    while (question := next_question(ids, answers)) is not None:
        assert question.asked == len(asked)
        assert question.at_most == at_most(len(ids))
        asked.append((question.left, question.right))
        answers = record(answers, question, choose(question))
    return asked, result(ids, answers)


def test_at_most():
    assert [at_most(n) for n in range(0, 9)] == [0, 0, 1, 3, 5, 8, 11, 14, 17]


def test_exact_questions_for_three_items():
    asked, groups = run(["a", "b", "c"], [["c"], ["a"], ["b"]])
    assert asked == [("b", "a"), ("c", "b"), ("c", "a")]
    assert groups == [["c"], ["a"], ["b"]]


def test_exact_questions_when_already_in_order():
    asked, groups = run(["a", "b", "c", "d"], [["a"], ["b"], ["c"], ["d"]])
    assert asked == [("b", "a"), ("c", "b"), ("d", "b"), ("d", "c")]
    assert groups == [["a"], ["b"], ["c"], ["d"]]


def test_same_builds_tie_groups_with_fewer_questions():
    asked, groups = run(["a", "b", "c", "d"], [["b", "d"], ["a", "c"]])
    assert asked == [("b", "a"), ("c", "a"), ("d", "a"), ("d", "b")]
    assert groups == [["b", "d"], ["a", "c"]]   # a tie joins right after the equal one
    asked, groups = run(["a", "b", "c"], [["a", "b", "c"]])
    assert asked == [("b", "a"), ("c", "a")]
    assert groups == [["a", "b", "c"]]


def test_nothing_to_ask_for_zero_or_one_item():
    assert next_question([], {}) is None and result([], {}) == []
    assert next_question(["a"], {}) is None and result(["a"], {}) == [["a"]]


def test_the_first_question_and_its_counts():
    assert next_question(["a", "b", "c", "d", "e"], {}) == Question("b", "a", 0, 8)


@pytest.mark.parametrize("order", list(itertools.permutations("abcde")))
def test_every_permutation_of_five_is_sorted_within_the_bound(order):
    truth = [["a"], ["b"], ["c"], ["d"], ["e"]]
    asked, groups = run(list(order), truth)
    assert groups == truth
    assert len(asked) <= at_most(5) == 8
    assert len(set(asked)) == len(asked)                # never the same pair twice


def test_random_orders_of_eight_with_ties_within_the_bound():
    rng = random.Random(20261126)
    items = list("abcdefgh")
    for _ in range(300):                   # some runs all distinct, some with many ties
        shuffled = items[:]
        rng.shuffle(shuffled)
        levels = {item: rng.randint(0, rng.choice([2, 4, 7])) for item in items}
        truth_levels = sorted(set(levels.values()))
        truth = [[i for i in shuffled if levels[i] == lv] for lv in truth_levels]
        asked, groups = run(shuffled, truth)
        assert groups == truth          # ties listed in the order they were inserted
        assert len(asked) <= at_most(8) == 17


def test_random_strict_orders_of_eight_within_the_bound():
    rng = random.Random(8)
    items = list("abcdefgh")
    for _ in range(300):
        shuffled = items[:]
        rng.shuffle(shuffled)
        asked, groups = run(shuffled, [[i] for i in items])
        assert groups == [[i] for i in items]
        assert len(asked) <= 17


def test_replay_is_deterministic_and_resumable():
    ids = ["a", "b", "c", "d", "e"]
    choose = answer_from([["e"], ["d"], ["c"], ["b"], ["a"]])
    answers: dict = {}
    for _ in range(3):
        question = next_question(ids, answers)
        answers = record(answers, question, choose(question))
    again = dict(answers)
    assert next_question(ids, answers) == next_question(ids, again)
    assert next_question(ids, answers).asked == 3
    with pytest.raises(ValueError):
        result(ids, answers)


def test_answers_count_whichever_way_round_they_were_given():
    # "a matters more than b", recorded as the pair (a, b), settles the question (b, a)
    assert result(["a", "b"], {("a", "b"): "left"}) == [["a"], ["b"]]
    assert result(["a", "b"], {("b", "a"): "left"}) == [["b"], ["a"]]


def test_record_returns_a_new_dict():
    answers = {("b", "a"): "left"}
    question = Question("c", "a", 1, 3)
    new = record(answers, question, "same")
    assert new == {("b", "a"): "left", ("c", "a"): "same"}
    assert answers == {("b", "a"): "left"}
    with pytest.raises(ValueError):
        record(answers, question, "both")


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError):
        next_question(["a", "a"], {})


def test_propose_scores_for_one_to_seven_groups():
    def scores(k):
        proposed = propose_scores([[f"i{n}"] for n in range(k)])
        return [proposed[f"i{n}"] for n in range(k)]
    assert scores(1) == [3]
    assert scores(2) == [5, 1]
    assert scores(3) == [5, 3, 1]
    assert scores(4) == [5, 4, 2, 1]
    assert scores(5) == [5, 4, 3, 2, 1]
    assert scores(6) == [5, 4, 3, 3, 2, 1]
    assert scores(7) == [5, 4, 4, 3, 2, 2, 1]
    assert propose_scores([]) == {}


def test_propose_scores_ties_share_a_score():
    assert propose_scores([["a", "b"], ["c"], ["d", "e"]]) == \
        {"a": 5, "b": 5, "c": 3, "d": 1, "e": 1}
    assert propose_scores([["a", "b", "c"]]) == {"a": 3, "b": 3, "c": 3}
