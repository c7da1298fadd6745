"""Figures in words: why a figure is empty, and what it shows for screen readers and PDFs.

Both return plain text (not escaped): they go to alt attributes, PDF metadata and
captions, each of which escapes in its own way.
"""

from __future__ import annotations

from canvas.figures.labels import number, percent, score_label, status_label
from canvas.figures.matrix import CORNER
from canvas.figures.text import clip
from canvas.fileformat.models import SECTIONS, STATUSES, Canvas
from canvas.formatting import format_list
from canvas.i18n import Translator
from canvas.ranking.fit import fit_report
from canvas.ranking.rules import ranked, score_of

RANKING = {"ranking_jobs": "jobs", "ranking_pains": "pains", "ranking_gains": "gains"}
PRIORITY = {"priority_jobs": "jobs", "priority_pains": "pains"}


def _profile_count(canvas: Canvas) -> int:
    return sum(len(canvas.section(s)) for s in SECTIONS)


def empty_reason(name: str, canvas: Canvas, t: Translator) -> str | None:
    if name == "diagram":
        return t("figures.empty.diagram") if canvas.item_count() == 0 else None
    if name in RANKING:
        return None if canvas.section(RANKING[name]) else t(f"figures.empty.{name}")
    if name in PRIORITY:
        items = canvas.section(PRIORITY[name])
        if not items:
            return t(f"figures.empty.{name}")
        if all(item.frequency is None for item in items):
            return t(f"figures.empty.{name}_frequency")
        return None
    if name in ("mix_kinds", "mix_status"):
        return None if _profile_count(canvas) else t(f"figures.empty.{name}")
    if name == "fit":
        return None if canvas.pains or canvas.gains else t("figures.empty.fit")
    raise ValueError(f"unknown figure {name!r}")


def _count(t: Translator, section: str, n: int) -> str:
    return t.plural(f"figures.count.{section}", n)


def _alt_diagram(canvas: Canvas, t: Translator) -> str:
    vm = canvas.value_map
    links = sum(len(r.relieves) for r in vm.pain_relievers) + sum(
        len(c.creates) for c in vm.gain_creators)
    return t("figures.alt.diagram", title=canvas.title,
             jobs=_count(t, "jobs", len(canvas.jobs)), pains=_count(t, "pains", len(canvas.pains)),
             gains=_count(t, "gains", len(canvas.gains)),
             products=_count(t, "products", len(vm.products)),
             relievers=_count(t, "pain_relievers", len(vm.pain_relievers)),
             creators=_count(t, "gain_creators", len(vm.gain_creators)),
             links=t.plural("figures.alt.links", links))


def _alt_ranking(section: str, canvas: Canvas, t: Translator) -> str:
    entries = ranked(canvas.section(section))
    return t("figures.alt.ranking", count=_count(t, section, len(entries)),
             score=score_label(t, section).lower(), top=clip(entries[0][1].text, 80))


def _alt_priority(section: str, canvas: Canvas, t: Translator) -> str:
    items = canvas.section(section)
    placed = [i for i in items if i.frequency is not None]
    corner = sum(1 for i in placed if i.frequency > CORNER and score_of(i) > CORNER)
    return t("figures.alt.priority", count=_count(t, section, len(placed)),
             score=score_label(t, section).lower(), corner=corner,
             missing=len(items) - len(placed))


def _alt_mix_status(canvas: Canvas, t: Translator) -> str:
    items = [i for s in SECTIONS for i in canvas.section(s)]
    counts = format_list((f"{status_label(t, s)} {number(t, sum(i.status == s for i in items))}"
                          for s in STATUSES), getattr(t, "language", "en"))
    return t("figures.alt.mix_status", count=t.plural("figures.count.items", len(items)),
             counts=counts)


def _alt_fit(canvas: Canvas, t: Translator) -> str:
    report = fit_report(canvas)
    return t("figures.alt.fit", pct=percent(t, report.score),
             pains_done=sum(1 for ids in report.relieved_by.values() if ids),
             pains=len(canvas.pains),
             gains_done=sum(1 for ids in report.created_by.values() if ids),
             gains=len(canvas.gains))


def alt_text(name: str, canvas: Canvas, t: Translator) -> str:
    reason = empty_reason(name, canvas, t)
    if reason is not None:
        return reason
    if name == "diagram":
        return _alt_diagram(canvas, t)
    if name in RANKING:
        return _alt_ranking(RANKING[name], canvas, t)
    if name in PRIORITY:
        return _alt_priority(PRIORITY[name], canvas, t)
    if name == "mix_kinds":
        return t("figures.alt.mix_kinds", jobs=_count(t, "jobs", len(canvas.jobs)),
                 pains=_count(t, "pains", len(canvas.pains)),
                 gains=_count(t, "gains", len(canvas.gains)))
    if name == "mix_status":
        return _alt_mix_status(canvas, t)
    return _alt_fit(canvas, t)
