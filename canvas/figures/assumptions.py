"""The assumptions map: how much each item matters against what is known about it.

The method's map asks two questions of every assumption: would the business suffer if it
were wrong (importance), and how well do we know (evidence: none yet, what people say,
what they do, what they pay). Important items with weak evidence, top left, are the ones
to test now. Importance is the item's score; a pain reliever or gain creator takes the
highest score among the pains or gains it answers (one that answers nothing cannot be
placed and is counted in a note under the map).

A verdict is knowledge too, so decided items leave the evidence columns: a validated item
stands in its own "Validated" column, inside "Build on it" (or "Known, less important"),
and a disproved one in a shaded "Disproved: drop or rethink" column set apart on the
right, its bubble greyed, never under "Test now" or "Build on it". The rule is
:func:`canvas.evidence.risk.map_group`; this module only draws it.

Both axes are whole steps, so many items share a cell. Columns are as wide as their
fullest cell needs (an empty column keeps enough room for its name). A cell lays its
items out like a small list: rank bubbles in columns, each with a label when a readable
one fits (the whole text, or at least ``MIN_LABEL`` characters cut at a word), none
otherwise. A cell with more items than bubbles fit draws what fits (best ranks first,
the sections taking turns) and one "+N" marker whose hover lists the others: every
item is on the map, and Insights and the reports list them all under it. Every item's
bubble carries ``customdata = [section, item_id]`` so a click can open it on its board;
a "+N" marker carries ``["more", "section:id section:id ..."]``.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from canvas.evidence.risk import IMPORTANT_FROM, LEVELS, STRONG_FROM, MapPoint, map_points
from canvas.figures.assemble import merge
from canvas.figures.labels import canvas_subtitle, number, number_ticks
from canvas.figures.matrix import bubble_size
from canvas.figures.message import message_figure
from canvas.figures.rtl import themed_figure
from canvas.figures.text import (
    BREAK,
    bold,
    clip,
    hover_text,
    join_lines,
    plain,
    reading_right_to_left,
    wrap_lines,
)
from canvas.figures.theme import (
    BLUISH_GREEN,
    ORANGE,
    PART_COLORS,
    Theme,
    axis_style,
    base_layout_dict,
    char_em,
    rgba,
    theme_for,
    title_height,
)
from canvas.fileformat.models import Canvas
from canvas.i18n import Translator

SIZE = (1200, 700)
MIN_WIDTH = 600
#: The map's columns: the evidence levels of open assumptions, then the two verdicts.
COLUMNS = (*LEVELS, "validated", "invalidated")
VALIDATED, DISPROVED = COLUMNS.index("validated"), COLUMNS.index("invalidated")
SYMBOLS = {"jobs": "circle", "pains": "square", "gains": "diamond",
           "pain_relievers": "triangle-up", "gain_creators": "pentagon"}
#: Diamonds, triangles and pentagons look bigger than a circle of the same size and
#: touched the bubble above in a full cell; these make them look alike.
SHRINK = {"circle": 0, "square": 2, "diamond": 4, "triangle-up": 3, "pentagon": 2}
#: A label shorter than this, unless it is the whole text, says nothing ("Pain…"): the
#: bubble goes without one (its hover and the list under the map have the text).
MIN_LABEL = 14
#: Pixels between the verdict columns and the disproved column, which stands apart.
GAP = 10
DISPROVED_FILL = "#D9D9D9"


def column_of(point: MapPoint) -> int:
    """Decided items stand in their verdict's column; open ones by their evidence."""
    if point.status == "validated":
        return VALIDATED
    if point.status == "invalidated":
        return DISPROVED
    return point.level


def _name(t: Translator, section: str, rank: int) -> str:
    """"Pain 3": what a "+N" marker's hover calls each item it holds."""
    name = f"{t(f'section.{section}.item')} {number(t, rank)}"
    return name[:1].upper() + name[1:]


def _hover(t: Translator, point: MapPoint) -> str:
    item = point.item
    facts = [t(f"section.{point.section}"), t("evidence.map.importance_value",
                                               n=point.importance),
             t(f"evidence.strength.{LEVELS[point.level]}"), t(f"status.{point.status}")]
    tests = t.plural("evidence.count.tests", len(item.tests))
    learnings = t.plural("evidence.count.learnings", len(item.learnings))
    return join_lines(bold(plain(t("figures.hover.rank", rank=point.rank))),
                      hover_text(item.text), plain(" · ".join(facts)),
                      plain(f"{tests} · {learnings}"),
                      bold(plain(t(f"evidence.map.quadrant.{point.group}"))))


def _more_hover(t: Translator, group: list[MapPoint]) -> str:
    lines = [bold(plain(t.plural("map_trust.more", len(group))))]
    lines += [plain(f"{_name(t, p.section, p.rank)}: {clip(p.item.text, 60)}") for p in group]
    return join_lines(*lines)


class Geometry:
    """Pixel geometry of the plot: column edges (x runs in plot pixels) and rows (y runs
    in score units, rows 1..5 with a band above and below for the quadrant names)."""

    def __init__(self, points: list[MapPoint], plot_w: float, plot_h: float,
                 theme: Theme, names: list[str]):
        need = [0] * len(COLUMNS)
        cells: dict[tuple[int, int], int] = {}
        for point in points:
            key = (column_of(point), point.importance)
            cells[key] = cells.get(key, 0) + 1
            need[key[0]] = max(need[key[0]], cells[key])
        # Each column first gets room for its name in three lines (never less than its
        # longest word), then the rest is shared by how full its fullest cell is.
        em = theme.body * char_em(names)
        least = [min(max(max(map(len, name.split())), math.ceil(len(name) / 3)) * em + 22,
                     (plot_w - GAP) / len(COLUMNS)) for name in names]
        weights = [0.6 + min(n, 16) for n in need]
        spare = plot_w - GAP - sum(least)
        self.edges: list[tuple[float, float]] = []
        x = 0.0
        for index, weight in enumerate(weights):
            if index == DISPROVED:
                x += GAP
            width = least[index] + spare * weight / sum(weights)
            self.edges.append((x, x + width))
            x += width
        self.width = plot_w
        self.band_px = theme.body * 1.9
        self.row_px = (plot_h - 2 * self.band_px) / 5
        self.band = self.band_px / self.row_px

    def centre(self, column: int) -> float:
        return sum(self.edges[column]) / 2

    def cell_w(self, column: int) -> float:
        return self.edges[column][1] - self.edges[column][0]


def _words(text: str) -> set[str]:
    return {word.strip(",;:.-…") for word in text.split()}


def _labels(group: list[MapPoint], col_w: float, bubble: int, char_px: float,
            lines: int) -> list[list[str]]:
    """Each item's label as raw lines: the whole text, or at least ``MIN_LABEL``
    characters cut after a whole word; none when even that does not fit."""
    chars = int((col_w - bubble - 14) / char_px)
    out = []
    for point in group:
        text = " ".join(point.item.text.split())
        wrapped = wrap_lines(text, chars, lines) if chars >= 2 else []
        shown = " ".join(wrapped)
        readable = shown == text or (len(shown) >= MIN_LABEL
                                     and _words(shown) <= _words(text))
        out.append(wrapped if wrapped and readable else [])
    return out


def _cell(group: list[MapPoint], cell_w: float, cell_h: float, theme: Theme, font: int,
          char_px: float) -> tuple[list[tuple[MapPoint, float, float, list[str]]],
                                   tuple | None]:
    """Bubbles ``(point, dx, dy, label lines)`` in pixels from the cell's top-left corner,
    and the "+N" marker ``(dx, dy, [points])`` when the cell cannot hold them all.

    Labels take two lines when the cell has the height for it and that shows more of
    the texts than one line does."""
    bubble = bubble_size(theme)
    per_row = max(1, int((cell_w - 6) // (bubble + 4)))
    count = len(group)
    best = None
    for lines in (1, 2):
        row_h = max(bubble + 3, theme.small * 1.35, lines * font * 1.25 + 4)
        rows = max(1, int((cell_h - 4) // row_h))
        if count > rows * per_row:
            if lines == 1:
                best = (-1, lines, row_h, rows, per_row, [[]] * (rows * per_row - 1))
            continue
        columns = math.ceil(count / rows)
        labels = _labels(group, cell_w / columns, bubble, char_px, lines)
        shown = sum(len(" ".join(label)) for label in labels)
        if best is None or shown > best[0]:
            best = (shown, lines, row_h, rows, columns, labels)
    shown, _, row_h, rows, columns, labels = best
    more = None
    if shown < 0:
        keep = rows * per_row - 1
        group, more = group[:keep], group[keep:]
    col_w = cell_w / columns
    slots = len(group) + (1 if more else 0)
    used_rows = min(slots, rows)
    top = (cell_h - used_rows * row_h) / 2
    out = []
    for col in range(columns):
        members = range(col * used_rows, min(slots, (col + 1) * used_rows))
        widths = [max(len(line) for line in labels[i]) * char_px + 8
                  if i < len(labels) and labels[i] else 0 for i in members]
        block = bubble + max(widths, default=0)
        left = col * col_w + max(3.0, (col_w - block) / 2) + bubble / 2
        for row, index in enumerate(members):
            spot = (left, top + (row + 0.5) * row_h)
            if index < len(group):
                out.append((group[index], *spot, labels[index]))
            else:
                more = (*spot, more)
    return out, more


def _layout(points: list[MapPoint], geo: Geometry, theme: Theme, font: int):
    cells: dict[tuple[int, int], list[MapPoint]] = {}
    for point in points:
        cells.setdefault((column_of(point), point.importance), []).append(point)
    char_px = font * char_em(p.item.text for p in points)
    bubble = bubble_size(theme)
    bubbles, labels, mores = [], [], []
    order = list(SYMBOLS)
    for (column, importance), group in cells.items():
        # Best ranks first, sections taking turns: a crowded cell draws the top of every
        # section and groups the tails, not a whole section.
        group = sorted(group, key=lambda p: (p.rank, order.index(p.section)))
        x0 = geo.edges[column][0]
        placed, more = _cell(group, geo.cell_w(column), geo.row_px, theme, font, char_px)
        for point, dx, dy, label in placed:
            x, y = x0 + dx, importance + 0.5 - dy / geo.row_px
            bubbles.append((point, x, y))
            if label:
                labels.append((x + bubble / 2 + 4, y, BREAK.join(plain(ln) for ln in label)))
        if more:
            dx, dy, rest = more
            mores.append((x0 + dx, importance + 0.5 - dy / geo.row_px, rest))
    return bubbles, labels, mores


def _note(t: Translator, unplaced: int, grouped: int, chars: int, listed: bool) -> str:
    """What the map leaves out or groups; ``listed`` where a list of every item follows
    the map (Insights, the reports), not on the projector."""
    parts = []
    if unplaced:
        parts.append(t.plural("evidence.map.unplaced", unplaced))
    if grouped:
        parts.append(t.plural("evidence.map.hidden" if listed else "map_trust.grouped",
                              grouped))
    return BREAK.join(plain(line) for line in wrap_lines(" ".join(parts), chars, 3)) \
        if parts else ""


#: Marks before the verdict columns' names, kept on the first word's line.
MARKS = {"validated": "✓ ", "invalidated": "✗ "}


def _names(t: Translator) -> list[str]:
    names = [t(f"evidence.strength.{level}") for level in LEVELS]
    return [*names, t("status.validated"), t("evidence.map.quadrant.disproved")]


def _ticks(names: list[str], geo: Geometry, theme: Theme) -> tuple[list[str], int]:
    """Column names wrapped to their column (whole words), and the most lines one takes."""
    texts, most = [], 1
    for column, name in enumerate(names):
        chars = theme.chars(geo.cell_w(column) - 20, theme.body, char_em([name]))
        lines = wrap_lines(name, max(chars, max(len(w) for w in name.split())))
        most = max(most, len(lines))
        mark = MARKS.get(COLUMNS[column], "")
        texts.append(mark + BREAK.join(plain(line) for line in lines))
    return texts, most


def _quadrant_labels(t: Translator, geo: Geometry, theme: Theme) -> list[dict]:
    right = geo.edges[VALIDATED][1]
    spots = {"test_now": (0, "left", True), "build_on": (right, "right", True),
             "test_later": (0, "left", False), "safe": (right, "right", False)}
    out = []
    for name, (x, anchor, top) in spots.items():
        out.append({
            "x": x + (4 if anchor == "left" else -4), "xanchor": anchor,
            "y": 5.5 + geo.band / 2 if top else 0.5 - geo.band / 2, "yanchor": "middle",
            "xref": "x", "yref": "y", "showarrow": False, "name": f"quadrant-{name}",
            "text": bold(plain(t(f"evidence.map.quadrant.{name}"))),
            "font": {"size": theme.body, "color": theme.text}})
    return out


def _rect(name: str, x0: float, x1: float, y0: float, y1: float, fill: str,
          line: dict | None = None) -> dict:
    return {"type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1, "layer": "below",
            "name": name, "fillcolor": fill, "line": line or {"width": 0}}


def _shapes(geo: Geometry, theme: Theme) -> list[dict]:
    split_x, split_y = geo.edges[STRONG_FROM][0], IMPORTANT_FROM - 0.5
    right = geo.edges[VALIDATED][1]
    d0, d1 = geo.edges[DISPROVED]
    shapes = [_rect("test-now", 0, split_x, split_y, 5.5, rgba(ORANGE, 0.12)),
              _rect("build-on", split_x, right, split_y, 5.5, rgba(BLUISH_GREEN, 0.08)),
              _rect("disproved", d0, d1, 0.5 - geo.band, 5.5 + geo.band, rgba("#000000", 0.04),
                    {"color": theme.outline, "width": 1, "dash": "dot"})]
    grid = {"color": theme.grid, "width": 1}
    for column in range(1, DISPROVED):
        edge = geo.edges[column][0]
        shapes.append({"type": "line", "x0": edge, "x1": edge, "y0": 0.5, "y1": 5.5,
                       "layer": "below", "name": "grid", "line": grid})
    for edge in (1.5, 2.5, 3.5, 4.5):
        for x0, x1 in ((0, right), (d0, d1)):
            shapes.append({"type": "line", "x0": x0, "x1": x1, "y0": edge, "y1": edge,
                           "layer": "below", "name": "grid", "line": grid})
    for coords in ({"x0": split_x, "x1": split_x, "y0": 0.5 - geo.band,
                    "y1": 5.5 + geo.band},
                   {"x0": 0, "x1": right, "y0": split_y, "y1": split_y}):
        shapes.append({"type": "line", "layer": "below", "name": "quadrant-line",
                       "line": {"color": theme.outline, "width": theme.line * 1.5},
                       **coords})
    return shapes


def assumptions_map(canvas: Canvas, t: Translator, presentation: bool = False,
                    width: int | None = None) -> go.Figure:
    """The map at ``width`` pixels (the export's 1200 when None), its height in
    proportion; ``presentation`` enlarges type and strokes for the projector."""
    theme = theme_for(presentation, getattr(t, "language", None))
    with reading_right_to_left(theme.rtl):
        return _map(canvas, t, theme, width)


def _map(canvas: Canvas, t: Translator, theme, width: int | None) -> go.Figure:
    width = max(MIN_WIDTH, int(width or SIZE[0]))
    size = (width, round(width * SIZE[1] / SIZE[0]))
    title, subtitle = t("evidence.map.title"), canvas_subtitle(canvas, theme, width)
    points, unplaced = map_points(canvas)
    if not points:
        return message_figure(t("evidence.map.empty"), theme, size=size, title=title,
                              subtitle=subtitle)

    left, right = theme.body * 5, 30
    plot_w = width - left - right
    # The legend is one row above the plot when its entries fit, more when they wrap
    # (French names on the projector took two rows and covered the subtitle).
    shown = [t(f"section.{s}") for s in SYMBOLS if any(p.section == s for p in points)]
    entries = sum(theme.body * 2 + len(name) * theme.body * char_em(shown)
                  for name in shown)
    legend_rows = max(1, math.ceil(entries / plot_w))
    top = title_height(theme) + theme.body * (2 + 1.6 * (legend_rows - 1)) + 8
    font = theme.small if theme.presentation else theme.body - 1
    line_h = theme.body * 1.4   # one line of a column name, as Plotly sets it
    # The ticks' and the note's heights depend on the layout, and the layout on the room
    # they leave: lay out once to learn them, then again with the final bottom margin.
    # Columns do not depend on the height, so the ticks are known first.
    names = _names(t)
    ticks, tick_lines = _ticks(names, Geometry(points, plot_w, size[1], theme, names), theme)
    note = ""
    for _ in range(2):
        note_h = (note.count(BREAK) + 1) * theme.small * 1.45 if note else 0
        bottom = int(theme.body * 2.8 + tick_lines * line_h + note_h)
        geo = Geometry(points, plot_w, size[1] - top - bottom, theme, names)
        bubbles, labels, mores = _layout(points, geo, theme, font)
        grouped = sum(len(rest) for _, _, rest in mores)
        note = _note(t, unplaced, grouped, theme.chars(width - left, theme.small),
                     not theme.presentation)

    traces = []
    bubble = bubble_size(theme)
    for order, section in enumerate(SYMBOLS):
        group = [b for b in bubbles if b[0].section == section]
        if not group:
            continue
        traces.append({
            "type": "scatter", "x": [b[1] for b in group], "y": [b[2] for b in group],
            "mode": "markers+text", "text": [number(t, b[0].rank) for b in group],
            "textposition": "middle center", "name": t(f"section.{section}"),
            "textfont": {"size": max(10, int(bubble * 0.5)), "color": theme.text},
            "marker": {"size": bubble - SHRINK[SYMBOLS[section]],
                       "color": [DISPROVED_FILL if b[0].group == "disproved" else "#FFFFFF"
                                 for b in group],
                       "symbol": SYMBOLS[section],
                       "line": {"color": PART_COLORS[section],
                                "width": 4 if theme.presentation else 3}},
            "legendrank": order, "meta": section,
            "customdata": [[section, b[0].item.id] for b in group],
            "hovertext": [_hover(t, b[0]) for b in group],
            "hoverinfo": "text", "cliponaxis": False,
        })
    if mores:
        traces.append({
            "type": "scatter", "x": [m[0] for m in mores], "y": [m[1] for m in mores],
            "mode": "markers+text", "text": [bold(f"+{number(t, len(m[2]))}") for m in mores],
            "textposition": "middle center", "name": "more", "meta": "more",
            "showlegend": False,
            "textfont": {"size": max(10, int(bubble * 0.45)), "color": theme.text},
            "marker": {"size": bubble + 4, "color": "#FFFFFF", "symbol": "circle",
                       "line": {"color": theme.text, "width": 2}},
            "customdata": [["more", " ".join(f"{p.section}:{p.item.id}" for p in m[2])]
                           for m in mores],
            "hovertext": [_more_hover(t, m[2]) for m in mores],
            "hoverinfo": "text", "cliponaxis": False,
        })
    if labels:
        traces.append({
            "type": "scatter", "x": [x for x, _, _ in labels], "y": [y for _, y, _ in labels],
            "mode": "text", "text": [text for _, _, text in labels],
            "textposition": "middle right", "textfont": {"size": font, "color": theme.text},
            "hoverinfo": "skip", "showlegend": False, "name": "labels", "meta": "labels",
        })
    axis = {**axis_style(theme), "showgrid": False, "fixedrange": True}
    annotations = _quadrant_labels(t, geo, theme)
    # The axis title as an annotation placed under the tallest column name: Plotly's own
    # title overlapped a three-line name on the projector.
    annotations.append({"x": 0.5, "y": 0, "xref": "paper", "yref": "paper",
                        "xanchor": "center", "yanchor": "top", "showarrow": False,
                        "yshift": -(theme.body * 0.9 + tick_lines * line_h), "name": "x-title",
                        "text": plain(t("evidence.map.x_axis")),
                        "font": {"size": theme.body, "color": theme.text}})
    if note:
        annotations.append({"x": 0, "y": 0, "xref": "paper", "yref": "paper",
                            "xanchor": "left", "yanchor": "top",
                            "yshift": -(theme.body * 2.5 + tick_lines * line_h),
                            "align": "left", "showarrow": False, "name": "note",
                            "text": note, "font": {"size": theme.small, "color": theme.text}})
    layout = {
        "shapes": _shapes(geo, theme), "annotations": annotations,
        "xaxis": {**axis, "range": [0, plot_w], "zeroline": False,
                  "tickvals": [geo.centre(c) for c in range(len(COLUMNS))],
                  "ticktext": ticks,
                  "title": {"text": ""}},
        "yaxis": {**axis, "range": [0.5 - geo.band, 5.5 + geo.band],
                  **number_ticks(t, range(1, 6)),
                  "title": {**axis["title"], "text": plain(t("evidence.map.y_axis"))}},
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                   "yanchor": "bottom"},
        "hovermode": "closest",
    }
    return themed_figure(theme, traces, merge(layout, base_layout_dict(
        theme, title=plain(title), subtitle=subtitle, size=size,
        margin={"l": left, "r": right, "t": top, "b": bottom})))
