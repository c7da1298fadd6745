"""Up to three customer segments side by side.

Seed 002 advises against more than three profiles at once, and three columns are also
the most a projector shows legibly. Each column repeats the same grid (top jobs, pains
and gains on a shared 1-5 scale) so the eye compares across rows, not within a column.
"""

from __future__ import annotations

import plotly.graph_objects as go

from canvas.figures.assemble import axis_names, figure, merge, subplot_layout
from canvas.figures.labels import item_hover, number, number_ticks, percent, section_label
from canvas.figures.rtl import mirror_bars
from canvas.figures.text import BREAK, bold, clip, plain, shorten
from canvas.figures.theme import (
    PART_COLORS,
    Theme,
    base_layout_dict,
    char_em,
    hidden_axis,
    title_height,
)
from canvas.fileformat.models import SECTIONS, Canvas
from canvas.i18n import Translator
from canvas.ranking.fit import fit_score
from canvas.ranking.rules import ranked, score_of

MAX_CANVASES = 3
TOP = 5
DEFAULT_SIZE = (1600, 1000)


def check_count(canvases: list[Canvas]) -> None:
    if not 1 <= len(canvases) <= MAX_CANVASES:
        raise ValueError(f"compare takes 1 to {MAX_CANVASES} canvases, got {len(canvases)}")


def _column_title(t: Translator, canvas: Canvas, chars: int) -> str:
    fit = t("figures.compare.fit", pct=percent(t, fit_score(canvas)))
    return bold(shorten(canvas.title, chars)) + BREAK + fit


def _cell(t: Translator, theme: Theme, canvas: Canvas, section: str, axes: tuple[str, str],
          chars: int, font: int) -> list[dict]:
    """Bars of the top items with their label above each bar, like a progress list.

    Bars take their section's colour rather than their kind's: with three columns side
    by side, a kind legend would cost more room than it explains.
    """
    xref, yref = axes
    every = ranked(canvas.section(section))
    entries = every[:TOP]
    if not entries:
        return [{"type": "scatter", "x": [2.5], "y": [TOP / 2], "mode": "text",
                 "text": [t("figures.diagram.empty_part")], "hoverinfo": "skip",
                 "textfont": {"size": font, "color": theme.text}, "showlegend": False,
                 "meta": f"{section}:empty", "xaxis": xref, "yaxis": yref}]
    positions = list(range(len(entries)))
    bars = {
        "type": "bar", "orientation": "h", "x": [score_of(item) for _, item in entries],
        "y": positions, "width": 0.26,
        "marker": {"color": PART_COLORS[section], "line": {"color": theme.outline, "width": 1}},
        "hovertext": [item_hover(t, section, rank, item) for rank, item in entries],
        "hoverinfo": "text", "showlegend": False, "meta": section,
        "customdata": [item.id for _, item in entries],
        "text": [number(t, score_of(item)) for _, item in entries], "textposition": "outside",
        "cliponaxis": False, "constraintext": "none",
        "textfont": {"size": font, "color": theme.text}, "xaxis": xref, "yaxis": yref,
    }
    labels = {
        "type": "scatter", "x": [0] * len(entries), "y": [p - 0.5 for p in positions],
        "mode": "text",
        "text": [shorten(f"{number(t, rank)}. {item.text}", chars) for rank, item in entries],
        "textposition": "middle right", "textfont": {"size": font, "color": theme.text},
        "hoverinfo": "skip", "showlegend": False, "meta": f"{section}:labels",
        "cliponaxis": False, "xaxis": xref, "yaxis": yref,
    }
    if len(every) == len(entries):
        return [bars, labels]
    # The rest is counted, never dropped silently: "and 3 more" where a sixth label would be.
    more = {
        "type": "scatter", "x": [0], "y": [TOP - 0.5], "mode": "text",
        "text": [plain(t.plural("walk.more", len(every) - len(entries)))],
        "textposition": "middle right", "hoverinfo": "skip", "showlegend": False,
        "textfont": {"size": font, "color": theme.text}, "meta": f"{section}:more",
        "cliponaxis": False, "xaxis": xref, "yaxis": yref,
    }
    return [bars, labels, more]


def build_compare(canvases: list[Canvas], t: Translator, theme: Theme, *,
                  size: tuple[int, int] = DEFAULT_SIZE) -> go.Figure:
    check_count(canvases)
    width, height = size
    columns = len(canvases)
    left = int(theme.body * 7)
    plot_w = width - left - 30
    spacing = 0.05
    col_px = plot_w * (1 - spacing * (columns - 1)) / columns
    font = theme.body
    chars = theme.chars(col_px - 30, font)
    # The grid is made once with stand-in titles, which are then swapped for the real ones.
    titles = {f"\x00column{i}": _column_title(t, c, theme.chars(col_px, theme.body + 2))
              for i, c in enumerate(canvases)}
    titles |= {f"\x00row{i}": bold(section_label(t, s)) for i, s in enumerate(SECTIONS)}
    grid = subplot_layout(len(SECTIONS), columns, horizontal_spacing=spacing,
                          vertical_spacing=0.07,
                          column_titles=tuple(k for k in titles if k.startswith("\x00col")),
                          row_titles=tuple(k for k in titles if k.startswith("\x00row")))
    traces = [trace for col, canvas in enumerate(canvases, start=1)
              for row, section in enumerate(SECTIONS, start=1)
              for trace in _cell(t, theme, canvas, section, axis_names(row, col, columns),
                                 chars, font)]
    x_update = {"range": [0, 5.6], **number_ticks(t, range(1, 6)), "showgrid": True,
                "gridcolor": theme.grid, "zeroline": False, "fixedrange": True,
                "tickfont": {"size": theme.small, "color": theme.text},
                "linecolor": theme.outline, "showline": True}
    y_update = {**hidden_axis(), "range": [TOP - 0.4, -0.9], "fixedrange": True}
    axes = {name: merge(axis, x_update if name.startswith("xaxis") else y_update)
            for name, axis in grid.items() if name.startswith(("xaxis", "yaxis"))}
    annotations = []
    for annotation in grid.get("annotations", []):
        annotation = {**annotation, "text": titles.get(annotation["text"], annotation["text"]),
                      "font": {"size": theme.body + 2, "color": theme.text}}
        if annotation.get("textangle") == 90:   # row titles sit on the left, read upwards
            annotation.update(x=0, xanchor="right", xshift=-12, textangle=-90)
        annotations.append(annotation)
    # The canvases' names, cut to the figure's width as well as to 30 characters each.
    # One ellipsis at the end when even that is too long, not one per name ("для……").
    raw = " · ".join(clip(c.title, 30) for c in canvases)
    room = theme.chars(width - 48, theme.subtitle, char_em([raw]))
    names = shorten(raw if len(raw) <= room else " · ".join(c.title for c in canvases), room)
    layout = merge(
        grid, axes, {"annotations": annotations},
        base_layout_dict(theme, title=t("figures.title.compare"), subtitle=names, size=size,
                         margin={"l": left, "r": 30, "t": title_height(theme) + theme.body * 4,
                                 "b": theme.body * 2}),
        {"showlegend": False, "bargap": 0.4},
    )
    if theme.rtl:   # the first canvas on the right, the sections' names too
        mirror_bars(layout, traces)
    return figure(traces, layout)
