"""What to test first: the riskiest assumptions of a canvas, in one exact order.

The method's next step after ranking is to test with real customers, and a learner with
twenty untested notes needs to know where to start. The rule lives here, in plain Python,
so the profile, the value map, the coach and the PDF report all show the same list:

1. Profile items (jobs, pains, gains) whose status is still "assumption" and that have no
   learning yet (reason ``untested``, or ``test_planned`` when a test card exists but
   nothing was learned from it), highest score first; equal scores by rank in their own
   section, then in the order jobs, pains, gains.
2. Profile items still at "assumption" that have learnings (reason ``no_verdict``): the
   evidence is there, the decision is not (the status is what counts: a learner who set
   an item back to "assumption" has taken its verdict back). Same order.
3. Pain relievers and gain creators the fit depends on (reason ``fit_depends``): those
   linked to a pain or gain ranked within the top ``TOP_RANK`` of its section, that have
   no learning yet. Their score is the highest score among the profile items they answer;
   ordered by that score, then the best rank they answer, then pain relievers before gain
   creators, then their place in the value map. Their ``rank`` is that place (1-based):
   the value map has no score of its own.

An item whose status is validated or invalidated never appears, whether the verdict came
from a learning or from the learner's own hand: somebody decided, so it is not a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from canvas.models import SECTIONS, Canvas
from canvas.ranking import ranked, score_of

#: A pain or gain ranked this high or higher makes its relievers and creators worth testing.
TOP_RANK = 3
REASONS = ("untested", "test_planned", "no_verdict", "fit_depends")
#: The value-map sections whose items carry evidence, and what they answer.
ANSWERS = {"pain_relievers": ("relieves", "pains"), "gain_creators": ("creates", "gains")}


@dataclass(frozen=True)
class Risk:
    section: str
    item_id: str
    text: str
    rank: int       # 1-based: ranked order in a profile section, list place in the value map
    score: int      # 1..5; for the value map, the best score among what the item answers
    status: str     # the item's status; "assumption" for the value map, which has none
    reason: str     # one of REASONS


def _profile_risks(canvas: Canvas) -> tuple[list, list]:
    untested, undecided = [], []
    for order, section in enumerate(SECTIONS):
        for rank, item in ranked(canvas.section(section)):
            if item.status != "assumption":
                continue
            if item.learnings:
                undecided.append((order, rank, item, section, "no_verdict"))
                continue
            reason = "test_planned" if item.tests else "untested"
            untested.append((order, rank, item, section, reason))
    return untested, undecided


def _sorted(entries: list) -> list[Risk]:
    entries = sorted(entries, key=lambda e: (-score_of(e[2]), e[1], e[0]))
    return [Risk(section, item.id, item.text, rank, score_of(item), item.status, reason)
            for _order, rank, item, section, reason in entries]


def value_map_risks(canvas: Canvas) -> list[Risk]:
    """Step 3 alone: untested relievers and creators linked to a top-ranked pain or gain."""
    entries = []
    for order, (section, (link_field, target)) in enumerate(ANSWERS.items()):
        ranks = {item.id: (rank, score_of(item))
                 for rank, item in ranked(canvas.section(target))}
        for place, item in enumerate(canvas.section(section), start=1):
            answered = [ranks[i] for i in getattr(item, link_field) if i in ranks]
            if item.learnings or not any(rank <= TOP_RANK for rank, _ in answered):
                continue
            score = max(score for _, score in answered)
            best = min(rank for rank, _ in answered)
            entries.append(((-score, best, order, place),
                            Risk(section, item.id, item.text, place, score, "assumption",
                                 "fit_depends")))
    return [risk for _, risk in sorted(entries, key=lambda e: e[0])]


def riskiest(canvas: Canvas, limit: int | None = None) -> list[Risk]:
    """The order described in the module docstring; the first ``limit`` when given."""
    untested, undecided = _profile_risks(canvas)
    risks = _sorted(untested) + _sorted(undecided) + value_map_risks(canvas)
    return risks if limit is None else risks[:max(limit, 0)]


def reason_text(t, risk: Risk) -> str:
    """Why the item is on the list, in the reader's language."""
    return t(f"evidence.risk.reason.{risk.reason}")
