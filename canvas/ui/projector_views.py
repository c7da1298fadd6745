"""Projector mode: one canvas, step by step, readable from the back of a room.

The page hides the app chrome, uses large high-contrast type, and draws every chart with
the builders' presentation option, so the projector shows the same figures as the exports.
Next/previous are big buttons bound to the arrow keys (and a presenter clicker's keys).
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from canvas.fit import fit_report
from canvas.ranking import ranked
from canvas.ui import session
from canvas.ui.text import md_escape

STEPS = ("segment", "jobs", "pains", "gains", "value_map", "fit")
SCORE = {"jobs": "importance", "pains": "severity", "gains": "relevance"}
KIND_PREFIX = {"jobs": "job", "pains": "pain", "gains": "gain"}
CSS = Path(__file__).resolve().parents[2] / "assets" / "projector.css"
_STEP = "vpc_projector_step"
_TIMER = "vpc_projector_timer_end"


def inject_css() -> None:
    st.html(f"<style>{CSS.read_text(encoding='utf-8')}</style>")


def step_index() -> int:
    return int(st.session_state.get(_STEP, 0)) % len(STEPS)


def _go(delta: int) -> None:
    st.session_state[_STEP] = max(0, min(len(STEPS) - 1, step_index() + delta))


def _jump(index: int) -> None:
    st.session_state[_STEP] = index


def navigation(t) -> None:
    index = step_index()
    left, middle, right = st.columns([1, 4, 1], vertical_alignment="center")
    left.button(t("projector.previous"), key="projector_prev", icon=":material/arrow_back:",
                on_click=_go, args=(-1,), disabled=index == 0, shortcut="Left",
                width="stretch", help=t("projector.keys"))
    right.button(t("projector.next"), key="projector_next", icon=":material/arrow_forward:",
                 icon_position="right", on_click=_go, args=(1,), type="primary",
                 disabled=index == len(STEPS) - 1, shortcut="Right", width="stretch",
                 help=t("projector.keys"))
    with middle:
        dots = st.columns(len(STEPS))
        for i, step in enumerate(STEPS):
            dots[i].button(t(f"projector.step.{step}"), key=f"projector_step_{step}",
                           type="primary" if i == index else "tertiary", on_click=_jump,
                           args=(i,), width="stretch")


def timer_controls(t) -> None:
    with st.popover(t("projector.timer"), icon=":material/timer:"):
        minutes = st.number_input(t("projector.timer.minutes"), min_value=1, max_value=60,
                                  value=5, step=1, key="projector_timer_minutes")
        start, stop = st.columns(2)
        if start.button(t("projector.timer.start"), key="projector_timer_start",
                        type="primary", icon=":material/play_arrow:"):
            st.session_state[_TIMER] = time.time() + minutes * 60
        if stop.button(t("projector.timer.stop"), key="projector_timer_stop",
                       icon=":material/stop:"):
            st.session_state.pop(_TIMER, None)


@st.fragment(run_every="1s")
def timer_display() -> None:
    """Counts down on the projected page; only this small fragment reruns each second."""
    t = session.t()
    end = st.session_state.get(_TIMER)
    if not end:
        return
    remaining = int(round(end - time.time()))
    if remaining <= 0:
        st.markdown(f'<div class="vpc-timer vpc-timer-done">{t("projector.timer.done")}</div>',
                    unsafe_allow_html=True)
        return
    minutes, seconds = divmod(remaining, 60)
    st.markdown(f'<div class="vpc-timer" role="timer" aria-live="off">'
                f"{minutes:02d}:{seconds:02d}</div>", unsafe_allow_html=True)


def _ranked_list(t, canvas, section: str, limit: int = 8) -> None:
    items = ranked(canvas.section(section))
    if not items:
        st.markdown(t(f"projector.empty.{section}"))
        return
    score = SCORE[section]
    lines = [f"{rank}. {md_escape(item.text)} — **{getattr(item, score)}/5**"
             for rank, item in items[:limit]]
    st.markdown("\n".join(lines))
    if len(items) > limit:
        st.caption(t.plural("projector.more", len(items) - limit))


#: Charts keep their designed look at this height; the diagram is shown as a picture that
#: scales as a whole (text and notes together), sized so the navigation stays on screen.
CHART_HEIGHT = 640
DIAGRAM_WIDTH = 1200


def _figure(t, canvas, name: str) -> None:
    from canvas.figures import build, empty_reason

    reason = empty_reason(name, canvas, t)
    if reason:
        st.info(reason, icon=":material/info:")
        return
    if name == "diagram" and _diagram_picture(t, canvas):
        return
    fig = build(name, canvas, t, presentation=True)
    if name != "diagram":
        # Half the screen wide, the subtitle (canvas title) was cut off and crowded the
        # legend; the projected page already shows the canvas title above the chart.
        fig.update_layout(height=CHART_HEIGHT, title_subtitle_text="")
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False},
                    key=f"projector_fig_{name}")


def _diagram_picture(t, canvas) -> bool:
    from canvas.export import ExportUnavailable, chromium_available
    from canvas.export.images import export_figure

    if not chromium_available():
        return False
    try:
        png = export_figure("diagram", canvas, t, "png", presentation=True)
    except ExportUnavailable:
        return False
    _, middle, _ = st.columns([1, 6, 1])
    middle.image(png, width=DIAGRAM_WIDTH)  # its alt text travels inside the PNG
    return True


def heading(t) -> None:
    st.markdown(f"# {t(f'projector.step.{STEPS[step_index()]}')}")


def show_step(t, canvas) -> None:
    step = STEPS[step_index()]
    if step == "segment":
        _segment(t, canvas)
    elif step in SCORE:
        text_col, chart_col = st.columns([2, 3], gap="large")
        with text_col:
            _ranked_list(t, canvas, step)
        with chart_col:
            _figure(t, canvas, f"ranking_{step}")
    elif step == "value_map":
        _figure(t, canvas, "diagram")
    else:
        report = fit_report(canvas)
        score_col, chart_col = st.columns([1, 3], gap="large")
        with score_col:
            st.metric(t("fit.score"), "–" if report.score is None else f"{report.score:.0f} %")
            gaps = report.unaddressed_pains[:3] + report.unaddressed_gains[:3]
            if gaps:
                st.markdown(f"**{t('projector.gaps')}**")
                st.markdown("\n".join(f"- {md_escape(item.text)}" for _, item in gaps))
        with chart_col:
            _figure(t, canvas, "fit")


def _segment(t, canvas) -> None:
    segment = canvas.segment
    st.markdown(f"## {md_escape(segment.name)}")
    st.markdown(f"**{t(f'relation.{segment.relation}')}**")
    persona = segment.persona
    if persona is None or persona.is_empty():
        st.markdown(t("projector.no_persona"))
        return
    rows = [(t(f"persona.{name}"), getattr(persona, name))
            for name in ("name", "age", "location", "occupation", "income", "household")]
    rows.append((t("persona.values"), ", ".join(persona.values)))
    st.markdown("\n".join(f"- **{label}:** {md_escape(str(value))}"
                          for label, value in rows if value not in ("", None)))
    if persona.notes:
        st.markdown(md_escape(persona.notes))
