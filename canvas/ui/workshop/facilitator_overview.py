"""The facilitator's room overview: every member, what they shared, how far along.

A table the facilitator reads while walking the room: learners by name, each shared
canvas with its notes per section and when it last changed, a row saying who has not
shared anything yet and, where presence is known, who is online. Beside it the room
summary: the pains and gains most canvases have in common, the chart that can go on the
projector too. Both refresh by themselves every few seconds, like the gallery.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from canvas.formatting import format_ago, format_number
from canvas.room.overview import overview_rows
from canvas.store import StoreError
from canvas.store.rules.workshops import MAX_COMPARE
from canvas.ui.projector.walk_views import shared_items, summary_figure
from canvas.ui.shell import session
from canvas.ui.shell.figure_width import room
from canvas.ui.shell.plot_config import localized
from canvas.ui.shell.text import md_escape
from canvas.ui.workshop.workshop_views import display_name

PROJECTOR_PAGE = "pages/projector.py"
#: The summary chart's height on the Workshops page; its width is the page's.
SUMMARY_HEIGHT = 640


def overview_table(t, rows, online_known: bool) -> pd.DataFrame:
    """The rows as the table shows them: plain text and whole numbers, translated.

    ``st.table`` renders its cells as markdown, so the names and titles that users typed
    are escaped: a first name ``[Session expired](http://…)`` is read, not clicked.
    """
    counts = ("jobs", "pains", "gains", "value_map")
    table = {t("walk.overview.learner"): [md_escape(r.name) for r in rows]}
    if online_known:
        table[t("walk.overview.online")] = [
            t("walk.overview.is_online") if r.online else t("walk.overview.is_offline")
            for r in rows]
    table[t("walk.overview.canvas")] = [
        md_escape(r.title) if r.canvas_id else t("walk.overview.none") for r in rows]
    # Counts as text, empty for a learner with nothing shared: a missing number would
    # show as "None", in English, in every language.
    for name in counts:
        table[t(f"walk.overview.{name}")] = [
            format_number(getattr(r, name), t.language) if r.canvas_id else "" for r in rows]
    table[t("walk.overview.updated")] = [
        format_ago(r.updated_at, t.language) if r.updated_at else "" for r in rows]
    return pd.DataFrame(table)


@st.fragment(run_every="5s")
def room_overview(code: str) -> None:
    """Who is in the room, what they shared and who is online (their banner was seen
    within a minute); the column is left out if presence cannot be read."""
    t = session.t()
    user = session.require_user()
    try:
        online = session.backend().room().online(code, user.username)
    except StoreError:
        online = None
    workshop = next((w for w in session.workshops().facilitated_by(user.username)
                     if w.code == code), None)
    if workshop is None:
        return
    try:
        items = shared_items(code, user.username)
    except StoreError:
        st.warning(t("store.workshop_not_found"))
        return
    names = {u: display_name(u) for u in workshop.members}
    names |= {share.username: name for share, _, name in items}
    rows = overview_rows(workshop.members, names,
                         [(share.username, canvas) for share, canvas, _ in items], online)
    if not rows:
        st.caption(t("walk.overview.empty"))
        return
    sharing = len({r.username for r in rows if r.canvas_id})
    members = len({r.username for r in rows})
    st.caption(t.plural("walk.overview.count", members, shared=sharing))
    # A static table: long titles wrap and every column stays on screen, where a data
    # grid cut the last columns off behind a scroll bar at 1440 px.
    st.table(overview_table(t, rows, online is not None), hide_index=True,
             border="horizontal", alt=t("walk.overview.title"))
    if not items:
        return

    width, _ = room(f"overview_room_{code}")
    # Until the browser has measured the column, the narrowest size: drawn wider than
    # the column, the chart's box scrolled sideways (axe: a scrollable region that
    # cannot take focus) for the moment before the measured redraw.
    size = (max(480, min(1400, width or 480)), SUMMARY_HEIGHT)
    st.plotly_chart(summary_figure(t, items, presentation=False, size=size),
                    width="content", config=localized({"displaylogo": False}),
                    key=f"overview_summary_{code}")


def projector_buttons(t, code: str, walk: list[str], compare: list[str]) -> None:
    """Put the room on the projector: the gallery walk, the comparison, the summary."""
    row = st.container(horizontal=True)
    if row.button(t("walk.start"), key=f"walk_start_{code}", type="primary",
                  icon=":material/grid_view:", help=t("walk.start.help")):
        st.switch_page(PROJECTOR_PAGE, query_params={
            "workshop": code, "view": "walk", "walk": ",".join(walk)})
    if row.button(t("walk.compare.project"), key=f"walk_compare_{code}",
                  icon=":material/compare:", disabled=not compare,
                  help=None if compare else t("workshops.compare.none", n=MAX_COMPARE)):
        st.switch_page(PROJECTOR_PAGE, query_params={
            "workshop": code, "view": "compare", "compare": ",".join(compare)})
    if row.button(t("walk.summary.project"), key=f"walk_summary_{code}",
                  icon=":material/bar_chart:"):
        st.switch_page(PROJECTOR_PAGE, query_params={"workshop": code, "view": "summary"})
