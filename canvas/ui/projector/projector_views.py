"""Projector mode: one canvas, step by step, readable from the back of a room.

The page hides the app chrome, uses large high-contrast type, and draws every chart with
the builders' presentation option, so the projector shows the same figures as the exports.
Next/previous are big buttons bound to the arrow keys (and a presenter clicker's keys).
The value-map step shows the presentation diagram at its export layout, scaled as a whole
to the screen, and pages through sections too long for every note to be read at once:
next/previous turn its pages before they move on to the next step.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from canvas.figures import DIAGRAM_SIZE, alt_text, build, empty_reason
from canvas.figures.diagram import page_count, readable_page
from canvas.figures.sizing import projector_zoom
from canvas.figures.theme import theme_for
from canvas.formatting import format_percent
from canvas.i18n import native_digits
from canvas.ranking.fit import fit_report
from canvas.ranking.rules import ranked
from canvas.ui.projector.evidence_present import assumptions_step, persona_groups
from canvas.ui.projector.room_controls import publish_step, timer_popover
from canvas.ui.projector.room_controls import timer_display as display
from canvas.ui.projector.zoomed_figure import show_zoomed
from canvas.ui.shell import session
from canvas.ui.shell.direction import page_turns
from canvas.ui.shell.figure_width import room
from canvas.ui.shell.text import md_escape

STEPS = ("segment", "jobs", "pains", "gains", "value_map", "fit", "assumptions")
SCORE = {"jobs": "importance", "pains": "severity", "gains": "relevance"}
KIND_PREFIX = {"jobs": "job", "pains": "pain", "gains": "gain"}
CSS = Path(__file__).resolve().parents[3] / "assets" / "projector.css"
_STEP = "vpc_projector_step"
_PAGE = "vpc_projector_page"        # page of the value-map diagram shown
_PAGES = "vpc_projector_pages"      # how many pages the diagram had when last drawn


def inject_css() -> None:
    st.html(f"<style>{CSS.read_text(encoding='utf-8')}</style>")


def step_index() -> int:
    return int(st.session_state.get(_STEP, 0)) % len(STEPS)


def diagram_page() -> int:
    return int(st.session_state.get(_PAGE, 0))


def _go(delta: int) -> None:
    """Next/previous turn the diagram's pages first, then move to the next step; coming
    back to the value map from the step after it lands on its last page."""
    pages = int(st.session_state.get(_PAGES, 1))
    if STEPS[step_index()] == "value_map" and 0 <= diagram_page() + delta < pages:
        st.session_state[_PAGE] = diagram_page() + delta
        return
    st.session_state[_STEP] = max(0, min(len(STEPS) - 1, step_index() + delta))
    st.session_state[_PAGE] = pages - 1 if delta < 0 else 0
    _publish()


def _jump(index: int) -> None:
    st.session_state[_STEP] = index
    st.session_state[_PAGE] = 0
    _publish()


def _publish() -> None:
    """When the projector drives a workshop's room, its learners follow the step."""
    publish_step(STEPS[step_index()])


def navigation(t) -> None:
    index = step_index()
    left, middle, right = st.columns([1, 4, 1], vertical_alignment="center")
    back, forward = page_turns(t.language)  # mirrored in a page read right to left
    left.button(t("projector.previous"), key="projector_prev", **back,
                on_click=_go, args=(-1,), disabled=index == 0,
                width="stretch", help=t("projector.keys"))
    right.button(t("projector.next"), key="projector_next", **forward,
                 icon_position="right", on_click=_go, args=(1,), type="primary",
                 disabled=index == len(STEPS) - 1, width="stretch",
                 help=t("projector.keys"))
    # The steps as wide as their names, wrapping onto a second line when the window is
    # narrow: equal columns cut "Segment de clientèle" to "Segment de cl..." at 1440 px.
    with middle, st.container(horizontal=True, horizontal_alignment="center", gap="small"):
        for i, step in enumerate(STEPS):
            st.button(t(f"projector.step.{step}"), key=f"projector_step_{step}",
                      type="primary" if i == index else "tertiary", on_click=_jump,
                      args=(i,), width="content")


def timer_controls(t) -> None:
    """Presets, start, pause, +1 minute and stop: the room's timer when the projector
    drives a workshop, else its own (see canvas.ui.projector.room_controls)."""
    timer_popover(t)


def timer_display() -> None:
    display()


def _ranked_list(t, canvas, section: str, limit: int = 8) -> None:
    items = ranked(canvas.section(section))
    if not items:
        st.markdown(t(f"projector.empty.{section}"))
        return
    score = SCORE[section]
    # The list's numbers are the browser's (assets/rtl.css: Persian's own digits in fa).
    lines = [f"{rank}. {md_escape(item.text)} — "
             f"**{native_digits(f'{getattr(item, score)}/5', t.language)}**"
             for rank, item in items[:limit]]
    st.markdown("\n".join(lines))
    if len(items) > limit:
        st.caption(t.plural("projector.more", len(items) - limit))


#: Charts keep their designed look at this height.
CHART_HEIGHT = 640
#: Room the navigation row needs below the diagram, so the whole step fits the screen.
NAV_ROOM = 120


def _figure(t, canvas, name: str) -> None:
    reason = empty_reason(name, canvas, t)
    if reason:
        st.info(reason, icon=":material/info:")
        return
    if name == "diagram":
        _diagram(t, canvas)
        return

    # Built at the column's measured width: built at the export width and stretched to
    # half the screen, the margins kept their export pixels and the bar text was cut at
    # the chart's right edge at 1280 and 1440 px.
    width, _ = room(f"projector_room_{name}")
    fig = build(name, canvas, t, presentation=True,
                size=(width, CHART_HEIGHT) if width else None)
    # Half the screen wide, the subtitle (canvas title) was cut off and crowded the
    # legend; the projected page already shows the canvas title above the chart.
    fig.update_layout(height=CHART_HEIGHT, title_subtitle_text="")
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False},
                    key=f"projector_fig_{name}")


def _diagram(t, canvas) -> None:
    """The presentation diagram, a page of notes at a time when the canvas is too crowded
    for every note to be read at once, zoomed as a whole to fit the screen."""
    width, height = room("projector_room")
    zoom = projector_zoom(width, height - NAV_ROOM if height else None)
    per_page = _page_size(t, canvas, DIAGRAM_SIZE)
    pages = page_count(canvas, per_page) if per_page else 1
    st.session_state[_PAGES] = pages
    page = min(diagram_page(), pages - 1)
    fig = build("diagram", canvas, t, presentation=True,
                window=(page, per_page) if per_page else None)

    show_zoomed(fig, DIAGRAM_SIZE, zoom, "projector_diagram", "projector_fig_diagram",
                alt=alt_text("diagram", canvas, t))
    if pages > 1:
        st.caption(t("diagram.page", page=page + 1, pages=pages))


def _page_size(t, canvas, size: tuple[int, int]) -> int | None:
    """Items per page, remembered per canvas revision, language and size: finding it lays
    the diagram out a few times."""
    key = (canvas.id, hash(canvas.model_dump_json()), t.language, size)
    memo = session.cache("projector_page_size")
    if key not in memo:
        memo.clear()
        memo[key] = readable_page(canvas, t, theme_for(True, t.language), size)
    return memo[key]


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
    elif step == "assumptions":
        assumptions_step(t, canvas)
    else:
        report = fit_report(canvas)
        score_col, chart_col = st.columns([1, 3], gap="large")
        with score_col:
            st.metric(t("fit.score"), "–" if report.score is None
                      else format_percent(report.score, t.language))
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

    persona_groups(t, persona)
