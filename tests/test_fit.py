"""Fit, computed by hand: covered severity + covered relevance over the total weight."""

from __future__ import annotations

import pytest

from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from canvas.fileformat.validation import CanvasFileError
from canvas.ranking.fit import fit_report, fit_score


def build(pains=(), gains=(), relievers=(), creators=(), jobs=()):
    """pains/gains: scores in list order (ids p1.., g1..); relievers/creators: link lists."""
    c = blank_canvas("Fit")
    for score in jobs:
        c, _ = editing.add_item(c, "jobs", "Job", kind="functional", importance=score)
    for score in pains:
        c, _ = editing.add_item(c, "pains", f"Pain {score}", kind="risk", severity=score)
    for score in gains:
        c, _ = editing.add_item(c, "gains", f"Gain {score}", kind="desired", relevance=score)
    for links in relievers:
        c, _ = editing.add_item(c, "pain_relievers", "Reliever", relieves=list(links))
    for links in creators:
        c, _ = editing.add_item(c, "gain_creators", "Creator", creates=list(links))
    return c


def test_nothing_to_fit_is_none():
    assert fit_score(blank_canvas("Empty")) is None
    only_jobs = build(jobs=[5, 3])
    report = fit_report(only_jobs)
    assert report.score is None
    assert report.pain_coverage is None and report.gain_coverage is None
    # a value map without pains or gains still has nothing to fit
    c, _ = editing.add_item(only_jobs, "products", "Thing")
    c, _ = editing.add_item(c, "pain_relievers", "Idle")
    assert fit_score(c) is None


def test_empty_value_map_is_zero_percent():
    assert fit_score(build(pains=[3])) == 0.0
    assert fit_score(build(gains=[2])) == 0.0
    report = fit_report(build(pains=[5, 1], gains=[4]))
    assert report.score == 0.0
    assert (report.pain_weight, report.pain_covered) == (6, 0)
    assert (report.gain_weight, report.gain_covered) == (4, 0)
    assert report.pain_coverage == 0.0 and report.gain_coverage == 0.0


def test_full_coverage_is_one_hundred():
    c = build(pains=[5, 1], gains=[4, 2], relievers=[["p1", "p2"]], creators=[["g1"], ["g2"]])
    report = fit_report(c)
    assert report.score == 100.0
    assert report.pain_coverage == 100.0 and report.gain_coverage == 100.0
    assert report.unaddressed_pains == [] and report.unaddressed_gains == []


def test_partial_coverage_weighted_by_severity():
    # severities 5 and 1; the reliever covers the 5 -> 5 / 6
    c = build(pains=[5, 1], relievers=[["p1"]])
    assert fit_score(c) == pytest.approx(500 / 6)  # 83.33 %
    assert round(fit_score(c), 2) == 83.33
    # covering only the 1 instead -> 1 / 6
    c = build(pains=[5, 1], relievers=[["p2"]])
    assert fit_score(c) == pytest.approx(100 / 6)


def test_partial_coverage_with_gains():
    # pains 5 (covered) and 1; gains 4 and 2 (covered): (5 + 2) / (6 + 6) = 58.33 %
    c = build(pains=[5, 1], gains=[4, 2], relievers=[["p1"]], creators=[["g2"]])
    report = fit_report(c)
    assert report.score == pytest.approx(700 / 12)
    assert (report.pain_covered, report.pain_weight) == (5, 6)
    assert (report.gain_covered, report.gain_weight) == (2, 6)
    assert report.pain_coverage == pytest.approx(500 / 6)
    assert report.gain_coverage == pytest.approx(200 / 6)


def test_gains_only_and_jobs_do_not_weigh():
    c = build(jobs=[5, 5, 5], gains=[3, 1], creators=[["g1"]])
    assert fit_score(c) == pytest.approx(75.0)


def test_several_relievers_on_one_pain_count_it_once():
    c = build(pains=[4, 2], relievers=[["p1"], ["p1"], ["p1", "p1"]])
    report = fit_report(c)
    assert report.pain_covered == 4
    assert report.score == pytest.approx(400 / 6)
    assert set(report.relieved_by["p1"]) == {"r1", "r2", "r3"}
    assert report.relieved_by["p2"] == []
    c = build(gains=[3], creators=[["g1"], ["g1"]])
    assert fit_score(c) == 100.0
    assert set(fit_report(c).created_by["g1"]) == {"c1", "c2"}


def test_deleting_a_covered_pain_recomputes():
    c = build(pains=[5, 1], relievers=[["p1"]])
    assert fit_score(c) == pytest.approx(500 / 6)
    after, deleted = editing.delete_item(c, "pains", "p1")
    # only the uncovered severity-1 pain remains; the reliever now relieves nothing
    report = fit_report(after)
    assert report.score == 0.0
    assert [r.id for r in report.idle_relievers] == ["r1"]
    assert fit_score(editing.undo_delete(after, deleted)) == pytest.approx(500 / 6)


def test_deleting_an_uncovered_pain_recomputes():
    c = build(pains=[5, 1], relievers=[["p1"]])
    after, _ = editing.delete_item(c, "pains", "p2")
    assert fit_score(after) == 100.0


def test_deleting_a_reliever_recomputes():
    c = build(pains=[3, 3], gains=[2], relievers=[["p1"], ["p2"]], creators=[["g1"]])
    assert fit_score(c) == 100.0
    after, _ = editing.delete_item(c, "pain_relievers", "r2")
    assert fit_score(after) == pytest.approx(500 / 8)


def test_deleting_last_gain_leaves_pains_only():
    c = build(pains=[2], gains=[3], creators=[["g1"]])
    assert fit_score(c) == pytest.approx(60.0)
    after, _ = editing.delete_item(c, "gains", "g1")
    assert fit_score(after) == 0.0
    assert [x.id for x in fit_report(after).idle_creators] == ["c1"]


def test_canvas_cannot_hold_a_dangling_link():
    c = build(pains=[3], relievers=[["p1"]])
    with pytest.raises(CanvasFileError):
        editing.update_item(c, "pain_relievers", "r1", relieves=["p1", "p9"])
    with pytest.raises(CanvasFileError):
        editing.add_item(c, "gain_creators", "Ghost", creates=["g1"])


def test_unaddressed_in_rank_order():
    # pains in list order: 2, 5, 3, 5, 1 -> ranks by severity, list order among equals
    c = build(pains=[2, 5, 3, 5, 1], gains=[1, 4, 4], relievers=[["p3"]], creators=[["g2"]])
    report = fit_report(c)
    assert [(rank, p.id) for rank, p in report.unaddressed_pains] == \
        [(1, "p2"), (2, "p4"), (4, "p1"), (5, "p5")]
    assert [(rank, g.id) for rank, g in report.unaddressed_gains] == [(2, "g3"), (3, "g1")]


def test_idle_relievers_and_creators_listed():
    c = build(pains=[3], gains=[3], relievers=[[], ["p1"], []], creators=[["g1"], []])
    report = fit_report(c)
    assert [r.id for r in report.idle_relievers] == ["r1", "r3"]
    assert [x.id for x in report.idle_creators] == ["c2"]
    assert report.score == 100.0


def test_products_do_not_count():
    c = build(pains=[4])
    c, _ = editing.add_item(c, "products", "Great product")
    assert fit_score(c) == 0.0
