"""The value map page's parts around the board: fit, jobs for reference, ideas.

The board (editor/board_widget.py) holds the value map beside the pains and gains it answers;
links are made by clicking, and the fit meter sits on the board itself, so it moves where
the user is looking. What frames the board is folded into one row of expanders.
"""

from __future__ import annotations

import streamlit as st

from canvas.editing.board import kind_label
from canvas.fileformat.models import VALUE_MAP_SECTIONS
from canvas.formatting import format_percent
from canvas.i18n import native_digits
from canvas.ranking.fit import FitReport, fit_report
from canvas.ranking.rules import ranked
from canvas.ui.editor import board_widget
from canvas.ui.editor.folds import folded
from canvas.ui.editor.profile_editor import guidance_panel
from canvas.ui.editor.risk_panel import risk_panel
from canvas.ui.evidence import evidence_panel
from canvas.ui.shell.text import md_escape


def fit_summary(t, canvas) -> None:
    """The fit and what it still misses, folded under one line that names the gaps."""
    report = fit_report(canvas)
    gaps = len(report.unaddressed_pains) + len(report.unaddressed_gains)
    score = "–" if report.score is None else format_percent(report.score, t.language)
    label = f"{t('fit.score')}: {score}"
    if gaps:
        label += " · " + t.plural("board.fit.gaps", gaps)
    box, is_open = folded(label, "fit", ":material/join_inner:")
    if not is_open:
        return
    with box:
        if report.score is None:
            st.caption(t("fit.nothing_to_fit"))
        else:
            if report.pain_coverage is not None:
                st.caption(t("fit.pains_covered", value=f"{report.pain_coverage:.0f}"))
            if report.gain_coverage is not None:
                st.caption(t("fit.gains_covered", value=f"{report.gain_coverage:.0f}"))
        _gaps(t, canvas, report)
        st.markdown(f"**{t('fit.how')}**")
        st.caption(t("fit.formula") + " " + t("fit.example"))


def _gaps(t, canvas, report: FitReport) -> None:
    def ours(text: str) -> str:   # a rank or score we write, in the reader's digits
        return native_digits(text, t.language)

    pains = report.unaddressed_pains[:3]
    gains = report.unaddressed_gains[:3]
    if pains:
        st.markdown(f"**{t('fit.unaddressed_pains')}**")
        st.markdown("\n".join(f"- {ours(f'#{rank}')} {md_escape(p.text)} "
                              f"({ours(f'{p.severity}/5')})"
                              for rank, p in pains))
    if gains:
        st.markdown(f"**{t('fit.unaddressed_gains')}**")
        st.markdown("\n".join(f"- {ours(f'#{rank}')} {md_escape(g.text)} "
                              f"({ours(f'{g.relevance}/5')})"
                              for rank, g in gains))
    idle = [*report.idle_relievers, *report.idle_creators]
    if idle:
        st.markdown(f"**{t('fit.idle')}**")
        st.markdown("\n".join(f"- {md_escape(item.text)}" for item in idle))
    if not pains and not gains and not idle and report.score is not None:
        st.success(t("fit.all_addressed"), icon=":material/verified:")


def jobs_context(t, canvas) -> None:
    """Jobs stay at hand: the value map exists to help with them."""
    box, is_open = folded(t("value_map.jobs_context"), "jobs", ":material/work:")
    if not is_open:
        return
    with box:
        jobs = ranked(canvas.jobs)
        if not jobs:
            st.caption(t("value_map.no_jobs"))
            return
        st.markdown("\n".join(
            f"{rank}. {md_escape(job.text)} — *{kind_label(t, 'jobs', job.kind)}, "
            f"{native_digits(f'{job.importance}/5', t.language)}*" for rank, job in jobs[:12]))
        if len(jobs) > 12:
            st.caption(t.plural("value_map.more_jobs", len(jobs) - 12))


def value_map_board(canvas_id: str) -> None:
    board_widget.working_area(canvas_id, "value_map", (
        fit_summary, jobs_context, lambda t, canvas: guidance_panel(t, VALUE_MAP_SECTIONS),
        lambda t, canvas: risk_panel(t, canvas, "value_map", folded)),
        below=lambda t, canvas: evidence_panel.panel(t, canvas, "value_map", folded),
        widths=(1.5, 1.3, 1, 1))  # the fit's label names the gaps: one line at 1280 px
