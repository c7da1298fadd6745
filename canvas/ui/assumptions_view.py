"""The assumptions map on Insights: drawn for its column, a click opens the item.

The map (canvas.figures.assumptions) is laid out in pixels, so it is built at the width
the browser measured (``figure_width.room``) and shown at that size. Each point carries
``[section, item id]``; clicking one opens that item on its board, where the evidence
panel under the board shows its tests and learnings.
"""

from __future__ import annotations

import streamlit as st

from canvas.figures.assumptions import QUADRANTS, assumptions_map, map_points, quadrant
from canvas.ui.diagram_view import BOARD_PAGES, open_on_board
from canvas.ui.figure_width import room

CHART_KEY = "chart_assumptions"


def clicked_point(event) -> tuple[str, str] | None:
    """``(section, item id)`` of the point a selection event points at, if any."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, list | tuple) and len(data) == 2 and data[0] in BOARD_PAGES:
            return data[0], data[1]
    return None


def quadrant_counts(canvas) -> dict[str, int]:
    """Items per quadrant, in the map's own order (test now first)."""
    counts = dict.fromkeys(QUADRANTS.values(), 0)
    for _section, _rank, _item, level, importance in map_points(canvas)[0]:
        counts[quadrant(level, importance)] += 1
    return counts


def summary(t, canvas) -> str:
    """The map in one sentence, for those who cannot see it."""
    return " · ".join(f"{t(f'evidence.map.quadrant.{name}')}: {count}"
                      for name, count in quadrant_counts(canvas).items())


def insights_map(t, canvas, *, plot_config: dict) -> None:
    points, _ = map_points(canvas)
    if not points:
        st.info(t("evidence.map.empty"), icon=":material/info:")
        return
    width, _ = room("assumptions_room")
    fig = assumptions_map(canvas, t, width=width)
    event = st.plotly_chart(fig, width="content", height="content", config=plot_config,
                            key=CHART_KEY, on_select="rerun", selection_mode="points")
    st.caption(t("evidence_ui.map.click_hint"))
    st.caption(summary(t, canvas))
    target = clicked_point(event)
    if target is not None:
        open_on_board(canvas.id, *target)
