"""The room summary: the pains and gains that come up on most shared canvases.

Two panels side by side, pains and gains, one bar per group of near-identical notes
(``canvas.room.summary``), its length the number of canvases the pain or gain is on. The
label sits above its bar across the whole panel, wrapped onto as many lines as it needs
(three at most, the full text in the hover), so a long pain is never cut at the plot's
edge the way a tick label would be. The vertical room each entry takes follows its line
count; a panel shows as many of the top groups as its type size lets it, never smaller
type, and says under them how many it left out ("and 27 more"). One builder for the
Workshops page and the projector (``presentation=True``).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from canvas.figures.assemble import figure, merge
from canvas.figures.labels import number, section_label
from canvas.figures.message import message_figure
from canvas.figures.rtl import mirror_bars
from canvas.figures.text import BREAK, bold, hover_text, plain, reading_right_to_left, wrap_lines
from canvas.figures.theme import PART_COLORS, base_layout_dict, char_em, theme_for, title_height
from canvas.i18n import Translator
from canvas.room.summary import TOP, Group

SIZE = (1600, 900)
SECTIONS = ("pains", "gains")
MAX_LABEL_LINES = 3
#: Vertical room of an entry, in text lines: its label lines, then the bar and a gap.
BAR_LINES = 1.6
LINE_HEIGHT = 1.3


#: Vertical room of the "and N more" line under a panel that could not show every group.
MORE_LINES = 1.2


def _entries(groups: Sequence[Group], chars: int) -> list[tuple[Group, list[str]]]:
    return [(group, wrap_lines(group.label, chars, MAX_LABEL_LINES)) for group in groups[:TOP]]


def shown_entries(groups: Sequence[Group], chars: int,
                  lines_room: float) -> tuple[list[tuple[Group, list[str]]], int]:
    """The entries a panel shows, best first, and how many groups it leaves out (said
    under it as "and N more", for which a line is kept free when anything is left out)."""
    entries = _entries(groups, chars)
    count = _fit(entries, lines_room)
    if count < len(groups):
        count = _fit(entries, lines_room - MORE_LINES)
    return entries[:count], len(groups) - count


def _fit(entries: list[tuple[Group, list[str]]], lines_room: float) -> int:
    """How many entries, best first, fit in ``lines_room`` lines of text."""
    used, count = 0.0, 0
    for _, lines in entries:
        used += len(lines) + BAR_LINES
        if used > lines_room:
            break
        count += 1
    return count


def build_room_summary(pains: Sequence[Group], gains: Sequence[Group], canvases: int,
                       t: Translator, *, presentation: bool = False,
                       size: tuple[int, int] = SIZE) -> go.Figure:
    """``pains`` and ``gains`` as grouped by :func:`canvas.room.summary.group_mentions`,
    most frequent first; ``canvases`` is how many shared canvases they were read from."""
    theme = theme_for(presentation, getattr(t, "language", None))
    with reading_right_to_left(theme.rtl):
        return _summary(pains, gains, canvases, t, theme, size)


def _summary(pains: Sequence[Group], gains: Sequence[Group], canvases: int, t: Translator,
             theme, size: tuple[int, int]) -> go.Figure:
    title = t("walk.summary.title")
    subtitle = t.plural("walk.summary.subtitle", canvases)
    if not pains and not gains:
        return message_figure(t("walk.summary.empty"), theme, size=size, title=title,
                              subtitle=subtitle)
    width, height = size
    top = title_height(theme) + theme.body * 2
    bottom = theme.body * 2
    gap = 0.08
    panel_px = (width - 60) * (1 - gap) / 2
    font = theme.body
    line_px = font * LINE_HEIGHT
    lines_room = (height - top - bottom) / line_px
    texts = [g.label for g in (*pains, *gains)]
    chars = theme.chars(panel_px - 12, font, char_em(texts))
    traces: list[dict] = []
    annotations: list[dict] = []
    axes: dict[str, dict] = {}
    for index, (section, groups) in enumerate(zip(SECTIONS, (pains, gains), strict=True)):
        suffix = "" if index == 0 else "2"
        xref, yref = f"x{suffix}", f"y{suffix}"
        left = index * ((1 + gap) / 2)
        domain = [left, left + (1 - gap) / 2]
        entries, left_out = shown_entries(groups, chars, lines_room)
        annotations.append({
            "text": bold(plain(section_label(t, section))), "xref": f"{xref} domain",
            "yref": "paper", "x": 0, "y": 1, "yanchor": "bottom", "xanchor": "left",
            "yshift": 6, "showarrow": False,
            "font": {"size": theme.body + 2, "color": theme.text}})
        most = max((g.count for g, _ in entries), default=1)
        y = 0.0
        centers = []
        for _, lines in entries:
            annotations.append({
                "text": BREAK.join(plain(line) for line in lines), "xref": xref,
                "yref": yref, "x": 0, "y": y, "xanchor": "left", "yanchor": "top",
                "align": "left", "showarrow": False, "name": f"{section}-label",
                "font": {"size": font, "color": theme.text}})
            y += len(lines) + 0.1
            centers.append(y + 0.45)
            y += BAR_LINES - 0.1
        if left_out:
            annotations.append({
                "text": plain(t.plural("walk.summary.more", left_out)), "xref": xref,
                "yref": yref, "x": 0, "y": y, "xanchor": "left", "yanchor": "top",
                "align": "left", "showarrow": False, "name": f"{section}-more",
                "font": {"size": font, "color": theme.text}})
        if entries:
            traces.append({
                "type": "bar", "orientation": "h", "x": [g.count for g, _ in entries],
                "y": centers, "width": 0.8, "meta": section,
                "marker": {"color": PART_COLORS[section],
                           "line": {"color": theme.outline, "width": 1}},
                "text": [number(t, g.count) for g, _ in entries], "textposition": "outside",
                "cliponaxis": False, "constraintext": "none",
                "textfont": {"size": font, "color": theme.text},
                "hovertext": [hover_text(t.plural("walk.summary.hover", g.count,
                                                  text=" / ".join(g.variants)))
                              for g, _ in entries],
                "hoverinfo": "text", "showlegend": False, "xaxis": xref, "yaxis": yref})
        else:
            annotations.append({
                "text": plain(t(f"walk.summary.none.{section}")), "xref": xref, "yref": yref,
                "x": 0, "y": 0, "xanchor": "left", "yanchor": "top", "showarrow": False,
                "font": {"size": font, "color": theme.text}})
        axes[f"xaxis{suffix}"] = {
            "domain": domain, "anchor": yref, "range": [0, most * 1.12 + 0.4],
            "fixedrange": True, "showgrid": False, "zeroline": False, "visible": False}
        axes[f"yaxis{suffix}"] = {
            "domain": [0, 1], "anchor": xref, "range": [lines_room, 0], "fixedrange": True,
            "visible": False, "showgrid": False, "zeroline": False}
    layout = merge(
        axes, {"annotations": annotations},
        base_layout_dict(theme, title=title, subtitle=subtitle, size=size,
                         margin={"l": 30, "r": 30, "t": top, "b": bottom}),
        {"showlegend": False, "bargap": 0.2},
    )
    if theme.rtl:   # the pains on the right, each name at the right of its bar
        mirror_bars(layout, traces)
    return figure(traces, layout)
