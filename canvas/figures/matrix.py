"""The priority matrix: how strongly (importance or severity) against how often.

Scores are whole numbers, so many items share a grid cell. Instead of jittering them at
random (which changes on every render and hides labels under each other), each cell is
laid out like a tiny list: rank bubbles in columns, with a short label when it fits.
Items without a frequency cannot be placed; they are listed under the chart by rank so
nobody wonders where they went.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from canvas.figures.assemble import merge
from canvas.figures.charts import kind_order, legend_height
from canvas.figures.labels import (
    frequency_label,
    item_hover,
    kind_label,
    number,
    number_ticks,
    score_label,
)
from canvas.figures.rtl import themed_figure
from canvas.figures.text import BREAK, clip, plain, wrap_lines
from canvas.figures.theme import (
    KIND_COLORS,
    VERMILLION,
    Theme,
    axis_style,
    base_layout_dict,
    char_em,
    rgba,
    title_height,
)
from canvas.fileformat.models import Canvas
from canvas.formatting import format_list
from canvas.i18n import Translator
from canvas.ranking.rules import ranked, score_of

CORNER = 3.5                # cells with score and frequency of 4 or 5
UNPLACED_SHOWN = 8


def label_trace(labels: list[tuple[float, float, str]], font: int, theme: Theme) -> dict:
    """The short labels beside a grid's bubbles, as one text trace (no hover of its own:
    the bubble's hover has the whole item)."""
    return {
        "type": "scatter", "x": [x for x, _, _ in labels], "y": [y for _, y, _ in labels],
        "mode": "text", "text": [text for _, _, text in labels],
        "textposition": "middle right", "textfont": {"size": font, "color": theme.text},
        "hoverinfo": "skip", "showlegend": False, "name": "labels", "meta": "labels",
    }


def bubble_size(theme: Theme) -> int:
    return 28 if theme.presentation else 22


def cell_grid(count: int, cell_w: float, cell_h: float, theme: Theme) -> tuple[int, int,
                                                                                float]:
    """``(rows, columns, row height)`` for ``count`` bubbles in one cell."""
    row_h = max(bubble_size(theme) + 3, theme.small * 1.35)
    rows = max(1, min(count, int((cell_h - 6) // row_h)))
    return rows, math.ceil(count / rows), row_h


def layout_cell(group: list, cell_w: float, cell_h: float, theme: Theme,
                 font: int) -> list[tuple[float, float, str]]:
    """``(x, y, label)`` per item, in cell fractions from the top-left corner.

    Items fill columns top to bottom in rank order; each column's block of bubble and
    label is centred, so a lone item sits in the middle of its cell, not on the axis.
    """
    bubble = bubble_size(theme)
    rows, columns, row_h = cell_grid(len(group), cell_w, cell_h, theme)
    col_w = cell_w / columns
    chars = int((col_w - bubble - 14) / (font * 0.6))
    raw = [clip(item.text, chars) if chars >= 5 else "" for _, item in group]
    top = (cell_h - min(len(group), rows) * row_h) / 2
    out = []
    for col in range(columns):
        members = range(col * rows, min(len(group), (col + 1) * rows))
        block = bubble + max((len(raw[i]) * font * 0.6 + 8 if raw[i] else 0)
                             for i in members)
        left = col * col_w + max(4.0, (col_w - block) / 2)
        for row, index in enumerate(members):
            out.append(((left + bubble / 2) / cell_w, (top + (row + 0.5) * row_h) / cell_h,
                        plain(raw[index])))
    return out


def unplaced_text(t: Translator, missing: list, pixels: float, theme: Theme) -> str:
    """Escaped list of the items left off the matrix, by rank, wrapped to ``pixels``."""
    names = [f"{number(t, rank)}. {clip(item.text, 40)}"
             for rank, item in missing[:UNPLACED_SHOWN]]
    listed = format_list(names, getattr(t, "language", "en"), ";")
    if len(missing) > UNPLACED_SHOWN:
        listed += " " + t.plural("figures.list.more", len(missing) - UNPLACED_SHOWN)
    message = t.plural("figures.priority.unplaced", len(missing), items=listed)
    chars = theme.chars(pixels, theme.small, char_em([message]))
    return BREAK.join(plain(line) for line in wrap_lines(message, chars, max_lines=4))


def build_priority(section: str, canvas: Canvas, t: Translator, theme: Theme, *,
                   size: tuple[int, int], title: str, subtitle: str) -> go.Figure:
    width, height = size
    entries = ranked(canvas.section(section))
    placed = [(rank, item) for rank, item in entries if item.frequency is not None]
    missing = [(rank, item) for rank, item in entries if item.frequency is None]
    kind_names = [kind_label(t, section, kind) for kind in KIND_COLORS[section]
                  if any(item.kind == kind for _, item in placed)]
    left, right = theme.body * 5, 30
    top = title_height(theme) + legend_height([t("figures.legend.kind"), *kind_names], theme,
                                              width - left - right)
    # Wrapped to the plot's width in the text's own glyph width: at the export width's
    # count of Latin glyphs the Ukrainian list was cut at the edge ("… 5. Складн").
    note = unplaced_text(t, missing, width - left - right, theme) if missing else ""
    bottom = int(theme.body * 4.6 + (note.count(BREAK) + 1) * theme.small * 1.45 if note
                 else theme.body * 4.6)
    plot_w, plot_h = width - left - right, height - top - bottom
    cell_w, cell_h = plot_w / 5, plot_h / 5
    font = theme.small if theme.presentation else theme.body - 1

    cells: dict[tuple[int, int], list] = {}
    for rank, item in placed:
        cells.setdefault((item.frequency, score_of(item)), []).append((rank, item))
    bubbles: list[tuple[int, object, float, float]] = []
    labels: list[tuple[float, float, str]] = []
    for (frequency, score), group in cells.items():
        for (rank, item), (dx, dy, label) in zip(
                group, layout_cell(group, cell_w, cell_h, theme, font), strict=True):
            x, y = frequency - 0.5 + dx, score + 0.5 - dy
            bubbles.append((rank, item, x, y))
            if label:
                labels.append((x + (bubble_size(theme) / 2 + 4) / cell_w, y, label))

    kinds = list(KIND_COLORS[section])
    traces: list[dict] = []
    for kind in kind_order(section, [(r, i) for r, i, _, _ in bubbles]):
        group = [b for b in bubbles if b[1].kind == kind]
        traces.append({
            "type": "scatter", "x": [b[2] for b in group], "y": [b[3] for b in group],
            "mode": "markers+text", "text": [number(t, b[0]) for b in group],
            "textposition": "middle center",
            "textfont": {"size": max(10, int(bubble_size(theme) * 0.5)), "color": theme.text},
            "marker": {"size": bubble_size(theme), "color": "#FFFFFF", "symbol": "circle",
                       "line": {"color": KIND_COLORS[section][kind],
                                "width": 4 if theme.presentation else 3}},
            "name": kind_label(t, section, kind), "legendrank": kinds.index(kind),
            "meta": kind, "customdata": [b[1].id for b in group],
            "hovertext": [item_hover(t, section, b[0], b[1]) for b in group],
            "hoverinfo": "text", "cliponaxis": False,
        })
    if labels:
        traces.append(label_trace(labels, font, theme))
    axis = {**axis_style(theme), "range": [0.5, 5.5], **number_ticks(t, range(1, 6)),
            "showgrid": False, "fixedrange": True}
    annotations = [_corner_label(t, section, theme)]
    if note:
        annotations.append({"x": 0, "y": 0, "xref": "paper", "yref": "paper",
                            "xanchor": "left", "yanchor": "top", "yshift": -theme.body * 4.2,
                            "align": "left", "showarrow": False, "name": "unplaced",
                            "text": note, "font": {"size": theme.small, "color": theme.text}})
    layout = {
        "shapes": [_corner(theme), *_grid(theme)], "annotations": annotations,
        "xaxis": {**axis, "title": {"text": frequency_label(t)}},
        "yaxis": {**axis, "title": {"text": score_label(t, section)}},
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                   "yanchor": "bottom", "title": {"text": t("figures.legend.kind") + " "}},
        "hovermode": "closest",
    }
    return themed_figure(theme, traces, merge(layout, base_layout_dict(
        theme, title=title, subtitle=subtitle, size=size,
        margin={"l": left, "r": right, "t": top, "b": bottom})), flip_paper=True)


def _corner(theme: Theme) -> dict:
    """The 'extreme and frequent' corner: shaded, outlined and named, not just tinted."""
    return {"type": "rect", "x0": CORNER, "x1": 5.5, "y0": CORNER, "y1": 5.5, "layer": "below",
            "fillcolor": rgba(VERMILLION, 0.10), "name": "corner",
            "line": {"color": VERMILLION, "width": theme.line, "dash": "dash"}}


def _corner_label(t: Translator, section: str, theme: Theme) -> dict:
    return {"x": 5.5, "y": 5.5, "xref": "x", "yref": "y", "xanchor": "right",
            "yanchor": "bottom", "showarrow": False, "name": "corner-label",
            "text": f"<b>{t(f'figures.priority.corner.{section}')}</b>",
            "font": {"size": theme.body, "color": theme.text}}


def _grid(theme: Theme) -> list[dict]:
    """Lines between cells, not through them: a cell holds every item with that score."""
    lines = []
    for edge in (1.5, 2.5, 3.5, 4.5):
        for axis in ("x", "y"):
            coords = ({"x0": edge, "x1": edge, "y0": 0.5, "y1": 5.5} if axis == "x"
                      else {"y0": edge, "y1": edge, "x0": 0.5, "x1": 5.5})
            lines.append({"type": "line", "layer": "below", "name": "grid",
                          "line": {"color": theme.grid, "width": 1}, **coords})
    return lines
