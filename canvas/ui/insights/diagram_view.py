"""The canvas diagram on Insights: laid out for the column it is shown in, clickable.

The diagram is built at the pixel size the browser measured (``figure_width``) and shown
at that natural size, never stretched (see ``canvas.figures.sizing`` for the numbers). A
click on a note opens that item on its board: the profile's sections live on the
Customer profile page, the value map's on the Value map page.
"""

from __future__ import annotations

import streamlit as st

from canvas.figures import alt_text, build, empty_reason
from canvas.figures.sizing import screen_size
from canvas.fileformat.models import SECTIONS, VALUE_MAP_SECTIONS
from canvas.ui.canvases.exports import figure_downloads
from canvas.ui.editor import editor_state
from canvas.ui.shell.figure_width import room
from canvas.ui.shell.text import md_escape

BOARD_PAGES = {**{section: "pages/customer_profile.py" for section in SECTIONS},
               **{section: "pages/value_map.py" for section in VALUE_MAP_SECTIONS}}
CHART_KEY = "chart_diagram"


def clicked_item(event) -> tuple[str, str] | None:
    """``(section, item id)`` of the note a selection event points at, if any."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, list | tuple) and len(data) == 2 and data[1] in BOARD_PAGES:
            return data[1], data[0]
    return None


def open_on_board(canvas_id: str, section: str, item_id: str) -> None:
    editor_state.focus_item(canvas_id, section, item_id)
    st.switch_page(BOARD_PAGES[section])


def insights_diagram(t, canvas, *, show_links: bool, can_render: bool,
                     plot_config: dict) -> None:
    reason = empty_reason("diagram", canvas, t)
    if reason:
        st.info(reason, icon=":material/info:")
        return
    width, _ = room("diagram_room")
    size = screen_size(width)
    fig = build("diagram", canvas, t, show_links=show_links, size=size)
    event = st.plotly_chart(fig, width="content", height="content", config=plot_config,
                            key=CHART_KEY, on_select="rerun", selection_mode="points")
    st.caption(t("diagram.click_hint"))
    st.caption(md_escape(alt_text("diagram", canvas, t)))
    figure_downloads(t, canvas, "diagram", key=canvas.id, enabled=can_render, size=size)
    target = clicked_item(event)
    if target is not None:
        open_on_board(canvas.id, *target)
