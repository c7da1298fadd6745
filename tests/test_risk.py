"""What to test first: the exact order of canvas.evidence.risk.riskiest."""

from __future__ import annotations

from evidence_helpers import build, learning_card, planned_test

from canvas.evidence import cards as evidence
from canvas.evidence.risk import Risk, reason_text, riskiest, value_map_risks
from canvas.i18n import Translator


def order(canvas) -> list[tuple[str, str]]:
    return [(risk.item_id, risk.reason) for risk in riskiest(canvas)]


def test_untested_assumptions_come_by_score_then_rank_then_section():
    canvas = build(
        jobs=[("j1", "Job three", 3, "assumption"), ("j2", "Job five", 5, "assumption")],
        pains=[("p1", "Pain five", 5, "assumption"), ("p2", "Pain four", 4, "assumption")],
        gains=[("g1", "Gain five", 5, "assumption")])
    # Score 5: j2 (rank 1), p1 (rank 1), g1 (rank 1): ties by rank, then jobs, pains, gains.
    assert order(canvas) == [("j2", "untested"), ("p1", "untested"), ("g1", "untested"),
                             ("p2", "untested"), ("j1", "untested")]


def test_rank_breaks_ties_before_section():
    canvas = build(jobs=[("j1", "A", 4, "assumption"), ("j2", "B", 4, "assumption")],
                   pains=[("p1", "C", 4, "assumption")])
    # j1 rank 1, p1 rank 1, then j2 rank 2 although jobs come before pains.
    assert [r.item_id for r in riskiest(canvas)] == ["j1", "p1", "j2"]


def test_validated_and_invalidated_items_never_appear():
    canvas = build(jobs=[("j1", "Known", 5, "validated"), ("j2", "Wrong", 5, "invalidated"),
                         ("j3", "Open", 1, "assumption")])
    assert order(canvas) == [("j3", "untested")]


def test_evidence_without_a_decision_comes_after_every_untested_item():
    canvas = build(jobs=[("j1", "Heard about", 5, "assumption",
                          {"learnings": [learning_card().model_dump()]}),
                         ("j2", "Low", 1, "assumption")],
                   pains=[("p1", "Planned", 2, "assumption",
                           {"tests": [planned_test().model_dump()]})])
    assert order(canvas) == [("p1", "test_planned"), ("j2", "untested"),
                             ("j1", "no_verdict")]


def test_relievers_of_top_pains_follow_and_tested_ones_drop_out():
    pains = [(f"p{n}", f"Pain {n}", 6 - n, "validated") for n in range(1, 6)]
    canvas = build(
        pains=pains, gains=[("g1", "Gain", 5, "validated")],
        relievers=[("r1", "Answers rank 4 only", ["p4"]),
                   ("r2", "Answers rank 3", ["p3", "p5"]),
                   ("r3", "Answers rank 1, tested", ["p1"],
                    {"learnings": [learning_card().model_dump()]}),
                   ("r4", "Answers rank 2", ["p2"])],
        creators=[("c1", "Answers the top gain", ["g1"])])
    risks = riskiest(canvas)
    # Only value-map items remain (the profile is decided); score 5 first (c1), then
    # r4 (score 4), r2 (score 3); r1 answers no top-3 pain, r3 has a learning.
    assert [(r.section, r.item_id, r.rank, r.score, r.reason) for r in risks] == [
        ("gain_creators", "c1", 1, 5, "fit_depends"),
        ("pain_relievers", "r4", 4, 4, "fit_depends"),
        ("pain_relievers", "r2", 2, 3, "fit_depends")]
    assert risks == value_map_risks(canvas)


def test_profile_items_come_before_the_value_map_whatever_the_scores():
    canvas = build(jobs=[("j1", "Small job", 1, "assumption")],
                   pains=[("p1", "Big pain", 5, "validated")],
                   relievers=[("r1", "Fix", ["p1"])])
    assert order(canvas) == [("j1", "untested"), ("r1", "fit_depends")]


def test_limit_and_the_risk_fields():
    canvas = build(jobs=[("j1", "First", 5, "assumption"), ("j2", "Second", 2, "assumption")])
    assert riskiest(canvas, limit=1) == [
        Risk("jobs", "j1", "First", 1, 5, "assumption", "untested")]
    assert riskiest(canvas, limit=0) == []
    assert len(riskiest(canvas, limit=5)) == 2


def test_a_verdict_takes_the_item_off_the_list():
    canvas = build(jobs=[("j1", "Warm meal", 5, "assumption")])
    assert [r.item_id for r in riskiest(canvas)] == ["j1"]
    decided = evidence.record_learning(canvas, "jobs", "j1",
                                       learning_card(verdict="validated"), set_status=True)
    assert riskiest(decided) == []


def test_reasons_are_translated():
    canvas = build(jobs=[("j1", "Warm meal", 5, "assumption")])
    risk = riskiest(canvas)[0]
    assert reason_text(Translator("en"), risk) == "Still an assumption: nothing tested yet"
    assert reason_text(Translator("uk"), risk) == "Досі припущення: ще нічого не перевірено"
