"""How well the value map answers the ranked customer profile.

The rule, in plain words (also shown in the app and the README): every pain weighs its
severity and every gain its relevance (1 to 5). Fit is the weight of the pains that at
least one pain reliever relieves plus the weight of the gains that at least one gain
creator creates, divided by the weight of all pains and gains, as a percentage. So a
severity-5 pain counts five times as much as a severity-1 pain, and fit is 100 % only
when every pain and every gain is addressed. With no pains and no gains there is nothing
to fit and the score is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from canvas.fileformat.models import Canvas, Gain, GainCreator, Pain, PainReliever
from canvas.ranking.rules import ranked


@dataclass(frozen=True)
class FitReport:
    score: float | None                 # 0..100, or None when there is nothing to fit
    pain_weight: int
    pain_covered: int
    gain_weight: int
    gain_covered: int
    unaddressed_pains: list[tuple[int, Pain]] = field(default_factory=list)  # (rank, pain)
    unaddressed_gains: list[tuple[int, Gain]] = field(default_factory=list)
    idle_relievers: list[PainReliever] = field(default_factory=list)  # relieve nothing
    idle_creators: list[GainCreator] = field(default_factory=list)    # create nothing
    relieved_by: dict[str, list[str]] = field(default_factory=dict)   # pain id -> reliever ids
    created_by: dict[str, list[str]] = field(default_factory=dict)    # gain id -> creator ids

    @property
    def pain_coverage(self) -> float | None:
        return 100.0 * self.pain_covered / self.pain_weight if self.pain_weight else None

    @property
    def gain_coverage(self) -> float | None:
        return 100.0 * self.gain_covered / self.gain_weight if self.gain_weight else None


def fit_report(canvas: Canvas) -> FitReport:
    pain_ids = {p.id for p in canvas.pains}
    gain_ids = {g.id for g in canvas.gains}
    relieved_by: dict[str, list[str]] = {p.id: [] for p in canvas.pains}
    created_by: dict[str, list[str]] = {g.id: [] for g in canvas.gains}
    idle_relievers, idle_creators = [], []
    for reliever in canvas.value_map.pain_relievers:
        live = [pid for pid in reliever.relieves if pid in pain_ids]
        for pid in live:
            relieved_by[pid].append(reliever.id)
        if not live:
            idle_relievers.append(reliever)
    for creator in canvas.value_map.gain_creators:
        live = [gid for gid in creator.creates if gid in gain_ids]
        for gid in live:
            created_by[gid].append(creator.id)
        if not live:
            idle_creators.append(creator)

    pain_weight = sum(p.severity for p in canvas.pains)
    gain_weight = sum(g.relevance for g in canvas.gains)
    pain_covered = sum(p.severity for p in canvas.pains if relieved_by[p.id])
    gain_covered = sum(g.relevance for g in canvas.gains if created_by[g.id])
    total = pain_weight + gain_weight
    score = 100.0 * (pain_covered + gain_covered) / total if total else None
    return FitReport(
        score=score, pain_weight=pain_weight, pain_covered=pain_covered,
        gain_weight=gain_weight, gain_covered=gain_covered,
        unaddressed_pains=[(r, p) for r, p in ranked(canvas.pains) if not relieved_by[p.id]],
        unaddressed_gains=[(r, g) for r, g in ranked(canvas.gains) if not created_by[g.id]],
        idle_relievers=idle_relievers, idle_creators=idle_creators,
        relieved_by=relieved_by, created_by=created_by,
    )


def fit_score(canvas: Canvas) -> float | None:
    return fit_report(canvas).score
