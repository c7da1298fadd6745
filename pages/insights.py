"""Insights: the canvas drawn, ranked, mapped and compared; every figure downloadable."""

import streamlit as st

from canvas.figures import CHART_SIZE, COMPARE_SIZE, alt_text, build, build_comparison, empty_reason
from canvas.ui.canvases.exports import browser_note, canvas_downloads, figure_downloads
from canvas.ui.editor import editor_state
from canvas.ui.insights.assumptions_view import insights_map
from canvas.ui.insights.diagram_view import insights_diagram
from canvas.ui.shell import session
from canvas.ui.shell.after_paint import after_paint, painted
from canvas.ui.shell.figure_width import room
from canvas.ui.shell.plot_config import localized
from canvas.ui.shell.text import md_escape

t = session.t()
canvas = editor_state.open_canvas_or_stop("nav.insights")
canvas_id = canvas.id
st.title(md_escape(canvas.title))
st.caption(t("insights.intro"))
can_render = browser_note(t)
PLOT_CONFIG = localized({"displaylogo": False, "toImageButtonOptions": {"scale": 2}})


def figure(name: str, **options) -> None:
    """One figure with its empty state, a text alternative and its downloads.

    Built at the column's measured width and shown at that size: built at the export width
    and stretched into a 900 px column, the margins and labels kept their export pixels and
    the bar labels, the subtitle and the footnotes ran past the chart (issue 21.9)."""
    reason = empty_reason(name, canvas, t)
    if reason:
        st.info(reason, icon=":material/info:")
        return
    width, _ = room(f"room_{name}")
    size = (width, CHART_SIZE[1]) if width else None
    st.plotly_chart(build(name, canvas, t, size=size, **options), width="content",
                    config=PLOT_CONFIG, key=f"chart_{name}")
    st.caption(md_escape(alt_text(name, canvas, t)))
    figure_downloads(t, canvas, name, key=canvas.id, enabled=can_render)


# Coming to the page, the first tab is drawn alone and the others once the browser has
# painted its chart (canvas/ui/shell/after_paint.py): drawn together, the browser drew
# every tab's charts (11 on a full canvas) before showing any, and the first came after
# 2.5 s against 0.7 s for a bare Plotly page (issue 24, bench/bench_insights.py). Later
# runs draw every tab, so a tab opens at once.
PAINTED = "insights_painted"
in_full = (st.session_state.get(session.INSIGHTS_DRAWN_KEY) == canvas_id
           or bool(empty_reason("diagram", canvas, t))   # no chart first: nothing to wait for
           or painted(PAINTED, canvas_id))
if in_full:
    st.session_state[session.INSIGHTS_DRAWN_KEY] = canvas_id
tabs = st.tabs([t("insights.tab.canvas"), t("insights.tab.ranking"),
                t("insights.tab.priority"), t("insights.tab.mix"), t("insights.tab.fit"),
                t("evidence_ui.insights.tab"), t("insights.tab.compare"),
                t("insights.tab.export")])
with tabs[0]:
    show_links = st.toggle(t("insights.show_links"), value=True, key="insights_links")
    insights_diagram(t, canvas, show_links=show_links, can_render=can_render,
                     plot_config=PLOT_CONFIG)
with tabs[1]:
    if in_full:
        for section in ("jobs", "pains", "gains"):
            st.subheader(t(f"section.{section}"))
            figure(f"ranking_{section}")
with tabs[2]:
    if in_full:
        for section in ("pains", "jobs"):
            st.subheader(t(f"section.{section}"))
            figure(f"priority_{section}")
with tabs[3]:
    if in_full:
        st.subheader(t("insights.mix.kinds"))
        figure("mix_kinds")
        st.subheader(t("insights.mix.status"))
        figure("mix_status")
with tabs[4]:
    if in_full:
        figure("fit")
        with st.expander(t("fit.how"), icon=":material/function:"):
            st.write(t("fit.formula"))
with tabs[5]:
    if in_full:
        insights_map(t, canvas, plot_config=PLOT_CONFIG)
with tabs[6]:
    if in_full:
        summaries = session.store().list()
        titles = {s.id: s.title for s in summaries}
        default = [canvas.id] if canvas.id in titles else []
        chosen = st.multiselect(t("insights.compare.pick"), list(titles), default=default,
                                max_selections=3, format_func=lambda cid: titles[cid],
                                key="insights_compare", help=t("insights.compare.help"),
                                placeholder=t("polish.compare.placeholder"), select_all=False)
        width, _ = room("room_compare")
        if chosen:
            store = session.store()
            size = (min(width, COMPARE_SIZE[0]), COMPARE_SIZE[1]) if width else None
            st.plotly_chart(build_comparison([store.load(cid) for cid in chosen], t, size=size),
                            width="content", config=PLOT_CONFIG, key="chart_compare")
        else:
            st.info(t("insights.compare.empty"), icon=":material/compare:")
with tabs[7]:
    if in_full:
        st.write(t("insights.export.intro"))
        canvas_downloads(t, canvas, key=canvas.id, enabled=can_render)
after_paint(PAINTED, canvas_id, done=in_full)   # last: it moves nothing above it
