"""Test and learning cards as pure edits (canvas.evidence.cards)."""

from __future__ import annotations

import pytest
from evidence_helpers import build, learning_card, planned_test

from canvas.evidence import cards as evidence
from canvas.fileformat.models import MAX_CARDS_PER_ITEM, Canvas, utc_now
from canvas.fileformat.validation import CanvasFileError


@pytest.fixture
def canvas() -> Canvas:
    return build(jobs=[("j1", "Get a warm meal after a night shift", 5, "assumption")],
                 pains=[("p1", "Everything is closed at 7am", 4, "assumption")],
                 gains=[("g1", "Food ready at home", 3, "validated")],
                 relievers=[("r1", "Delivery from 6am", ["p1"])],
                 creators=[("c1", "Heated locker", ["g1"])])


def test_add_test_returns_a_new_canvas_and_leaves_the_old_one(canvas):
    new = evidence.add_test(canvas, "pains", "p1", planned_test())
    assert [t.id for t in new.pains[0].tests] == ["e1"]
    assert canvas.pains[0].tests == []
    assert new.pains[0].tests[0].belief == "Nurses eat at home after a night shift"


def test_value_map_items_take_tests_but_products_do_not(canvas):
    new = evidence.add_test(canvas, "gain_creators", "c1", planned_test())
    assert new.value_map.gain_creators[0].tests[0].id == "e1"
    with pytest.raises(ValueError, match="products carries no tests"):
        evidence.add_test(canvas, "products", "s1", planned_test())
    with pytest.raises(KeyError):
        evidence.add_test(canvas, "jobs", "j9", planned_test())


def test_the_same_card_sent_twice_is_stored_once(canvas):
    """Issue 20 (13): a double click submits a form twice with the id chosen when it was
    drawn; the second add finds its card and changes nothing."""
    new = evidence.add_test(canvas, "jobs", "j1", planned_test())
    again = evidence.add_test(new, "jobs", "j1", planned_test(created_at=utc_now()))
    assert [t.id for t in again.jobs[0].tests] == ["e1"]
    new = evidence.record_learning(new, "jobs", "j1", learning_card("e2"), set_status=False)
    again = evidence.record_learning(new, "jobs", "j1", learning_card("e2"), set_status=False)
    assert [c.id for c in again.jobs[0].learnings] == ["e2"]


def test_a_different_card_under_a_taken_id_gets_the_next_id(canvas):
    """Another tab took the id meanwhile: both cards are kept."""
    new = evidence.add_test(canvas, "jobs", "j1", planned_test())
    new = evidence.add_test(new, "jobs", "j1", planned_test(belief="Another belief"))
    assert [(t.id, t.belief) for t in new.jobs[0].tests] == [
        ("e1", "Nurses eat at home after a night shift"), ("e2", "Another belief")]


def test_more_cards_than_the_limit_are_refused(canvas):
    for number in range(1, MAX_CARDS_PER_ITEM + 1):
        canvas = evidence.add_test(canvas, "jobs", "j1", planned_test(f"e{number}"))
    with pytest.raises(CanvasFileError) as info:
        evidence.add_test(canvas, "jobs", "j1", planned_test("e99"))
    assert [p.path for p in info.value.problems] == ["jobs[0].tests"]


def test_update_test_replaces_in_place(canvas):
    canvas = evidence.add_test(canvas, "jobs", "j1", planned_test("e1"))
    canvas = evidence.add_test(canvas, "jobs", "j1", planned_test("e2"))
    new = evidence.update_test(canvas, "jobs", "j1", planned_test("e1", state="running"))
    assert [(t.id, t.state) for t in new.jobs[0].tests] == [("e1", "running"),
                                                            ("e2", "planned")]
    with pytest.raises(KeyError):
        evidence.update_test(canvas, "jobs", "j1", planned_test("e7"))


def test_delete_test_unties_its_learnings(canvas):
    canvas = evidence.add_test(canvas, "jobs", "j1", planned_test("e1"))
    canvas = evidence.record_learning(canvas, "jobs", "j1", learning_card("e2", test_id="e1"),
                                      set_status=False)
    new = evidence.delete_test(canvas, "jobs", "j1", "e1")
    assert new.jobs[0].tests == []
    assert [(c.id, c.test_id) for c in new.jobs[0].learnings] == [("e2", None)]


def test_learning_with_a_verdict_sets_the_status_when_asked(canvas):
    new = evidence.record_learning(canvas, "jobs", "j1",
                                   learning_card(verdict="invalidated"), set_status=True)
    assert new.jobs[0].status == "invalidated"
    assert new.jobs[0].learnings[0].verdict == "invalidated"
    assert canvas.jobs[0].status == "assumption"


def test_learning_without_set_status_keeps_the_status_and_no_verdict(canvas):
    new = evidence.record_learning(canvas, "jobs", "j1",
                                   learning_card(verdict="validated"), set_status=False)
    assert new.jobs[0].status == "assumption"
    assert new.jobs[0].learnings[0].verdict is None


def test_learning_without_verdict_leaves_a_decided_status(canvas):
    new = evidence.record_learning(canvas, "gains", "g1", learning_card(), set_status=True)
    assert new.gains[0].status == "validated"


def test_verdict_on_a_value_map_item_is_kept_as_a_record(canvas):
    new = evidence.record_learning(canvas, "pain_relievers", "r1",
                                   learning_card(verdict="validated"), set_status=True)
    assert new.value_map.pain_relievers[0].learnings[0].verdict == "validated"


def test_learning_about_a_missing_test_is_refused(canvas):
    with pytest.raises(CanvasFileError) as info:
        evidence.record_learning(canvas, "jobs", "j1", learning_card(test_id="e5"),
                                 set_status=False)
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("jobs[0].learnings[0].test_id", "dangling_test")]


def test_delete_learning_keeps_the_status(canvas):
    canvas = evidence.record_learning(canvas, "jobs", "j1",
                                      learning_card(verdict="validated"), set_status=True)
    new = evidence.delete_learning(canvas, "jobs", "j1", "e2")
    assert new.jobs[0].learnings == []
    assert new.jobs[0].status == "validated"
    with pytest.raises(KeyError):
        evidence.delete_learning(new, "jobs", "j1", "e2")


def test_new_card_id_counts_past_tests_and_learnings(canvas):
    assert evidence.new_card_id(canvas.jobs[0]) == "e1"
    canvas = evidence.add_test(canvas, "jobs", "j1", planned_test("e3"))
    canvas = evidence.record_learning(canvas, "jobs", "j1", learning_card("e7"), False)
    assert evidence.new_card_id(canvas.jobs[0]) == "e8"


def test_strongest_evidence_is_the_strongest_learning(canvas):
    assert evidence.strongest_evidence(canvas.jobs[0]) is None
    canvas = evidence.add_test(canvas, "jobs", "j1", planned_test("e1"))
    assert evidence.strongest_evidence(canvas.jobs[0]) is None  # a plan is no evidence
    for number, strength in ((2, "do"), (3, "say")):
        canvas = evidence.record_learning(canvas, "jobs", "j1",
                                          learning_card(f"e{number}", strength=strength),
                                          False)
    assert evidence.strongest_evidence(canvas.jobs[0]) == "do"
    canvas = evidence.record_learning(canvas, "jobs", "j1",
                                      learning_card("e4", strength="pay"), False)
    assert evidence.strongest_evidence(canvas.jobs[0]) == "pay"


def test_tested_count(canvas):
    # Assumptions: j1, p1, r1, c1 (g1 was validated by hand, with no card).
    assert evidence.tested_count(canvas) == (0, 4)
    canvas = evidence.add_test(canvas, "jobs", "j1", planned_test())
    assert evidence.tested_count(canvas) == (1, 4)
    canvas = evidence.record_learning(canvas, "pains", "p1",
                                      learning_card(verdict="validated"), set_status=True)
    # p1 is validated now, by its evidence: still counted, as tested.
    assert evidence.tested_count(canvas) == (2, 4)
    canvas = evidence.record_learning(canvas, "gains", "g1", learning_card(), False)
    assert evidence.tested_count(canvas) == (3, 5)


def test_method_label_uses_the_learners_own_words():
    from canvas.i18n import Translator

    t = Translator("fr")
    assert evidence.method_label(t, planned_test(method="pre_sale")) == "Prévente"
    assert evidence.method_label(t, planned_test(method="other", method_other="Stand")) == \
        "Stand"
    assert evidence.method_label(t, planned_test(method="other")) == "Autre méthode"


# -- issue 20 (15): learnings report on tests, edit, owners, no default method -------------
def test_a_learning_on_a_test_closes_the_test_and_records_the_criterion(canvas):
    canvas = evidence.add_test(canvas, "pains", "p1", planned_test("e1", state="running"))
    canvas = evidence.add_test(canvas, "pains", "p1", planned_test("e2"))
    new = evidence.record_learning(
        canvas, "pains", "p1",
        learning_card("e3", test_id="e1", criterion_met="yes", people=8), set_status=False)
    assert [(t.id, t.state) for t in new.pains[0].tests] == [("e1", "done"), ("e2", "planned")]
    learning = new.pains[0].learnings[0]
    assert (learning.criterion_met, learning.people) == ("yes", 8)


def test_update_learning_edits_in_place_and_keeps_its_day(canvas):
    canvas = evidence.add_test(canvas, "pains", "p1", planned_test("e1"))
    canvas = evidence.record_learning(canvas, "pains", "p1", learning_card("e2"),
                                      set_status=False)
    canvas = evidence.record_learning(canvas, "pains", "p1", learning_card("e3"),
                                      set_status=False)
    day = canvas.pains[0].learnings[0].recorded_at
    edited = learning_card("e2", observed="Seven of eight", test_id="e1", criterion_met="no",
                           people=8, verdict="invalidated", recorded_at=utc_now())
    new = evidence.update_learning(canvas, "pains", "p1", edited)
    pain = new.pains[0]
    assert [c.id for c in pain.learnings] == ["e2", "e3"]
    first = pain.learnings[0]
    assert (first.observed, first.test_id, first.criterion_met, first.people,
            first.recorded_at) == ("Seven of eight", "e1", "no", 8, day)
    assert pain.status == "invalidated"          # the new verdict decides the status
    assert pain.tests[0].state == "done"         # the test it now reports on is done
    # Taking the verdict away leaves the status as it is.
    unsaid = evidence.update_learning(new, "pains", "p1",
                                      first.model_copy(update={"verdict": None}))
    assert unsaid.pains[0].status == "invalidated"
    with pytest.raises(KeyError):
        evidence.update_learning(canvas, "pains", "p1", learning_card("e9"))


def test_an_unchosen_method_is_not_chosen_anywhere():
    from canvas.fileformat.models import TestCard
    from canvas.i18n import get_translator

    test = TestCard(id="e1", belief="Nurses skip breakfast")
    assert test.method is None and test.owner == ""
    for language, said in (("en", "Method not chosen yet"), ("uk", "Метод ще не обрано")):
        assert evidence.method_label(get_translator(language), test) == said
    assert evidence.method_label(get_translator("en"), planned_test()) == "Interview"


def test_old_files_load_and_new_fields_round_trip(canvas):
    """schema_version 2 files written before owners, criteria and people still load; a
    card with them is written and read back unchanged."""
    old = planned_test().model_dump(mode="json", exclude={"owner"})
    from canvas.fileformat.models import LearningCard, TestCard

    assert TestCard.model_validate_json(__import__("json").dumps(old)).owner == ""
    card = learning_card(criterion_met="unclear", people=12)
    assert LearningCard.model_validate_json(card.model_dump_json()) == card
    canvas = evidence.add_test(canvas, "jobs", "j1", planned_test(owner="Olena", method=None))
    assert Canvas.model_validate_json(canvas.to_json()) == canvas


@pytest.mark.parametrize("field, value, words", [
    ("people", 0, "people"), ("people", "8", "people"), ("criterion_met", "maybe", "criterion_met"),
])
def test_bad_new_fields_are_one_sentence_naming_the_field(canvas, field, value, words):
    from canvas.fileformat.validation import parse_canvas

    data = canvas.model_dump(mode="json")
    data["jobs"][0]["learnings"] = [{**learning_card("e1").model_dump(mode="json"),
                                     field: value}]
    with pytest.raises(CanvasFileError) as info:
        parse_canvas(__import__("json").dumps(data))
    assert len(info.value.problems) == 1
    message = str(info.value)
    assert words in message and "\n" not in message.strip()
