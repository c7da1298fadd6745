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

The assumptions map's rule lives here too (:func:`map_group`, :func:`map_points`), so
Insights, the projector, the PDF and Word reports place every item the same way. The map
plots importance against evidence, and what is known decides first:

- ``disproved``: the item is invalidated (a job, pain or gain by its status; a pain
  reliever or gain creator, which has no status, by the verdict of its latest learning
  that gave one). Known to be false: never something to build on or to test now,
  whatever its score and evidence. Drop it or rethink it.
- ``build_on`` / ``safe``: validated, or still an assumption with strong evidence (what
  people do or pay); ``build_on`` when important (score ``IMPORTANT_FROM`` or more),
  ``safe`` ("known, less important") otherwise.
- ``test_now`` / ``test_later``: an assumption with no evidence or only what people say;
  ``test_now`` when important.
"""

from __future__ import annotations

from dataclasses import dataclass

from canvas.evidence.cards import EVIDENCE_SECTIONS, strongest_evidence
from canvas.fileformat.models import EVIDENCE_STRENGTHS, SECTIONS, Canvas
from canvas.ranking.rules import ranked, score_of

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


#: The map's evidence levels, weakest first: no evidence, then say, do, pay.
LEVELS = ("none", *EVIDENCE_STRENGTHS)
#: Items scoring this or more are "important"; do and pay are strong evidence.
IMPORTANT_FROM = 3
STRONG_FROM = LEVELS.index("do")
#: Where the map puts an item, in the order the map and its summaries name them.
MAP_GROUPS = ("test_now", "build_on", "test_later", "safe", "disproved")


@dataclass(frozen=True)
class MapPoint:
    section: str
    rank: int        # ranked place in a profile section, list place in the value map
    item: object
    level: int       # index in LEVELS of the strongest evidence
    importance: int  # the score; for the value map, the best score of what it answers
    status: str      # assumption, validated or invalidated (see known_status)
    group: str       # one of MAP_GROUPS


def known_status(item) -> str:
    """The item's status; a pain reliever or gain creator has none, so the verdict of its
    latest learning that gave one stands for it ("assumption" without any)."""
    status = getattr(item, "status", None)
    if status is not None:
        return status
    return next((card.verdict for card in reversed(item.learnings)
                 if card.verdict is not None), "assumption")


def map_group(status: str, level: int, importance: int) -> str:
    """The map's rule (module docstring): what is known first, then importance against
    evidence."""
    if status == "invalidated":
        return "disproved"
    important = importance >= IMPORTANT_FROM
    if status == "validated" or level >= STRONG_FROM:
        return "build_on" if important else "safe"
    return "test_now" if important else "test_later"


def map_points(canvas: Canvas) -> tuple[list[MapPoint], int]:
    """Every item the map places, profile sections ranked then the value map in list
    order, and how many relievers and creators answer no pain or gain (they have no
    importance, so no place)."""
    scores = {}
    for _, target in ANSWERS.values():
        scores.update({item.id: score_of(item) for item in canvas.section(target)})
    points, unplaced = [], 0
    for section in EVIDENCE_SECTIONS:
        if section in ANSWERS:
            entries = list(enumerate(canvas.section(section), start=1))
        else:
            entries = ranked(canvas.section(section))
        for rank, item in entries:
            strength = strongest_evidence(item)
            level = LEVELS.index(strength) if strength else 0
            if section in ANSWERS:
                linked = [scores[i] for i in getattr(item, ANSWERS[section][0])
                          if i in scores]
                if not linked:
                    unplaced += 1
                    continue
                importance = max(linked)
            else:
                importance = score_of(item)
            status = known_status(item)
            points.append(MapPoint(section, rank, item, level, importance, status,
                                   map_group(status, level, importance)))
    return points, unplaced


def map_counts(canvas: Canvas) -> dict[str, int]:
    """Items per map group, in MAP_GROUPS order."""
    counts = dict.fromkeys(MAP_GROUPS, 0)
    for point in map_points(canvas)[0]:
        counts[point.group] += 1
    return counts


def reason_text(t, risk: Risk) -> str:
    """Why the item is on the list, in the reader's language."""
    return t(f"evidence.risk.reason.{risk.reason}")
