"""The assumptions map on Insights: drawn for its column, a click opens the item.

The map (canvas.figures.assumptions) is laid out in pixels, so it is built at the width
the browser measured (``figure_width.room``) and shown at that size. Each point carries
``[section, item id]``; clicking one opens that item on its board, where the evidence
panel under the board shows its tests and learnings.
"""

from __future__ import annotations

import streamlit as st

from canvas.evidence.risk import LEVELS, MAP_GROUPS, map_counts, map_points
from canvas.figures.assumptions import assumptions_map
from canvas.formatting import format_number
from canvas.i18n import native_digits
from canvas.ui.insights.diagram_view import BOARD_PAGES, open_on_board
from canvas.ui.shell.figure_width import room

CHART_KEY = "chart_assumptions"


def clicked_point(event) -> tuple[str, str] | None:
    """``(section, item id)`` of the point a selection event points at, if any."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, list | tuple) and len(data) == 2 and data[0] in BOARD_PAGES:
            return data[0], data[1]
    return None


def summary(t, canvas) -> str:
    """The map in one sentence, for those who cannot see it."""
    return " · ".join(f"{t(f'evidence.map.quadrant.{name}')}: "
                      f"{native_digits(str(count), t.language)}"
                      for name, count in map_counts(canvas).items())


def listing_rows(t, canvas) -> list[dict]:
    """Every item the map places, as the rows of the list under it: by group in the
    map's order, then by importance. ``key`` is ``[section, item id]`` for a click."""
    points = sorted(map_points(canvas)[0],
                    key=lambda p: (MAP_GROUPS.index(p.group), -p.importance))
    return [{t("map_trust.column.place"): t(f"evidence.map.quadrant.{p.group}"),
             t("evidence.column.section"): t(f"section.{p.section}"), "#": p.rank,
             t("map_trust.column.item"): p.item.text,
             t("evidence.column.importance"): p.importance,
             t("map_trust.column.evidence"): t(f"evidence.strength.{LEVELS[p.level]}"),
             t("export.column.status"): t(f"status.{p.status}"),
             "key": [p.section, p.item.id]} for p in points]


def map_listing(t, canvas) -> None:
    """The list under the map: every item, even those a crowded cell groups in a "+N"
    marker; clicking a row opens the item on its board."""
    rows = listing_rows(t, canvas)
    with st.expander(f"{t('map_trust.list.title')} · {format_number(len(rows), t.language)}",
                     icon=":material/table_rows:"):
        st.caption(t("map_trust.list.intro"))
        keys = [row.pop("key") for row in rows]
        narrow = {"#": st.column_config.NumberColumn(width="small"),
                  t("evidence.column.importance"): st.column_config.NumberColumn(
                      width="small"),
                  t("map_trust.column.item"): st.column_config.TextColumn(width="large")}
        event = st.dataframe(rows, hide_index=True, width="stretch", key="map_listing",
                             on_select="rerun", selection_mode="single-row",
                             column_config=narrow)
        chosen = getattr(getattr(event, "selection", None), "rows", None) or []
        if chosen and 0 <= chosen[0] < len(keys):
            open_on_board(canvas.id, *keys[chosen[0]])


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
    map_listing(t, canvas)
    target = clicked_point(event)
    if target is not None:
        open_on_board(canvas.id, *target)
