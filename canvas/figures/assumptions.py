"""The assumptions map: how much each item matters against how strong its evidence is.

The method's map asks two questions of every assumption: would the business suffer if it
were wrong (importance), and how well do we know (evidence: none yet, what people say,
what they do, what they pay). Important items with weak evidence, top left, are the ones
to test now. Importance is the item's score; a pain reliever or gain creator takes the
highest score among the pains or gains it answers (one that answers nothing cannot be
placed and is counted in a note under the map).

Both axes are whole steps, so many items share a cell. As in the priority matrix, each
cell is laid out like a small list (``matrix.layout_cell``) instead of jittered: labels
stay put between renders and never cover each other. The quadrant names sit in bands
above and below the cells, where no item can be drawn. Every point carries
``customdata = [section, item_id]`` so a click can open the item on its board.
"""

from __future__ import annotations

import plotly.graph_objects as go

from canvas.evidence import EVIDENCE_SECTIONS, strongest_evidence
from canvas.figures.assemble import figure, merge
from canvas.figures.matrix import bubble_size, cell_grid, label_trace, layout_cell
from canvas.figures.message import message_figure
from canvas.figures.text import BREAK, bold, hover_text, join_lines, plain, wrap_lines
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
from canvas.i18n import Translator
from canvas.models import EVIDENCE_STRENGTHS, Canvas
from canvas.ranking import ranked, score_of
from canvas.risk import ANSWERS

SIZE = (1200, 700)
MIN_WIDTH = 600
#: x positions: no evidence, then say, do, pay.
LEVELS = ("none", *EVIDENCE_STRENGTHS)
#: Items scoring this or more are "important"; do and pay are strong evidence.
IMPORTANT_FROM = 3
STRONG_FROM = LEVELS.index("do")
#: The quadrants, by (important, strong evidence).
QUADRANTS = {(True, False): "test_now", (True, True): "build_on",
             (False, False): "test_later", (False, True): "safe"}
SYMBOLS = {"jobs": "circle", "pains": "square", "gains": "diamond",
           "pain_relievers": "triangle-up", "gain_creators": "pentagon"}
#: Diamonds, triangles and pentagons look bigger than a circle of the same size and
#: touched the bubble above in a full cell; these make them look alike.
SHRINK = {"circle": 0, "square": 2, "diamond": 4, "triangle-up": 3, "pentagon": 2}
#: Room (in score units) above and below the cells for the quadrant names.
BAND = 0.45


def _importance(canvas: Canvas) -> dict[str, int]:
    scores = {}
    for _, target in ANSWERS.values():
        scores.update({item.id: score_of(item) for item in canvas.section(target)})
    return scores


def map_points(canvas: Canvas) -> tuple[list[tuple[str, int, object, int, int]], int]:
    """``([(section, rank, item, level, importance), ...], unplaced)``.

    ``level`` indexes LEVELS; ``rank`` is the ranked place in a profile section and the
    list place in the value map. ``unplaced`` counts relievers and creators that answer
    no pain or gain, so have no importance.
    """
    points, unplaced = [], 0
    scores = _importance(canvas)
    for section in EVIDENCE_SECTIONS:
        if section in ANSWERS:
            link_field = ANSWERS[section][0]
            entries = list(enumerate(canvas.section(section), start=1))
        else:
            entries = ranked(canvas.section(section))
        for rank, item in entries:
            strength = strongest_evidence(item)
            level = LEVELS.index(strength) if strength else 0
            if section in ANSWERS:
                linked = [scores[i] for i in getattr(item, link_field) if i in scores]
                if not linked:
                    unplaced += 1
                    continue
                importance = max(linked)
            else:
                importance = score_of(item)
            points.append((section, rank, item, level, importance))
    return points, unplaced


def quadrant(level: int, importance: int) -> str:
    return QUADRANTS[(importance >= IMPORTANT_FROM, level >= STRONG_FROM)]


def _hover(t: Translator, section: str, rank: int, item, level: int,
           importance: int) -> str:
    status = getattr(item, "status", None)
    facts = [t(f"section.{section}"), t("evidence.map.importance_value", n=importance),
             t(f"evidence.strength.{LEVELS[level]}")]
    if status is not None:
        facts.append(t(f"status.{status}"))
    tests = t.plural("evidence.count.tests", len(item.tests))
    learnings = t.plural("evidence.count.learnings", len(item.learnings))
    return join_lines(bold(plain(t("figures.hover.rank", rank=rank))), hover_text(item.text),
                      plain(" · ".join(facts)), plain(f"{tests} · {learnings}"))


def _cells(points: list, cell_w: float, cell_h: float, theme: Theme, font: int):
    """Bubbles and labels per cell; items a full cell has no room for are counted."""
    cells: dict[tuple[int, int], list] = {}
    for point in points:
        cells.setdefault((point[3], point[4]), []).append(point)
    bubble = bubble_size(theme)
    # layout_cell reckons 0.6 em a glyph; Cyrillic runs wider, so it gets a larger size.
    font = font * char_em(item.text for _, _, item, _, _ in points) / 0.6
    bubbles, labels, hidden = [], [], 0
    for (level, importance), group in cells.items():
        rows, _, _ = cell_grid(len(group), cell_w, cell_h, theme)
        room = rows * max(1, int((cell_w - 8) // (bubble + 4)))
        shown, hidden = group[:room], hidden + max(0, len(group) - room)
        entries = [(rank, item) for _, rank, item, _, _ in shown]
        for point, (dx, dy, label) in zip(
                shown, layout_cell(entries, cell_w, cell_h, theme, font), strict=True):
            x, y = level - 0.5 + dx, importance + 0.5 - dy
            bubbles.append((point, x, y))
            if label:
                labels.append((x + (bubble / 2 + 4) / cell_w, y, label))
    return bubbles, labels, hidden


def _note(t: Translator, unplaced: int, hidden: int, chars: int) -> str:
    parts = []
    if unplaced:
        parts.append(t.plural("evidence.map.unplaced", unplaced))
    if hidden:
        parts.append(t.plural("evidence.map.hidden", hidden))
    return BREAK.join(plain(line) for line in wrap_lines(" ".join(parts), chars, 3)) \
        if parts else ""


def _quadrant_labels(t: Translator, theme: Theme) -> list[dict]:
    out = []
    for (important, strong), name in QUADRANTS.items():
        out.append({
            "x": 3.5 if strong else -0.5, "xanchor": "right" if strong else "left",
            "y": 5.5 + BAND / 2 if important else 0.5 - BAND / 2, "yanchor": "middle",
            "xref": "x", "yref": "y", "showarrow": False, "name": f"quadrant-{name}",
            "text": bold(plain(t(f"evidence.map.quadrant.{name}"))),
            "font": {"size": theme.body, "color": theme.text}})
    return out


def _shapes(theme: Theme) -> list[dict]:
    split_x, split_y = STRONG_FROM - 0.5, IMPORTANT_FROM - 0.5
    shapes = [{"type": "rect", "x0": -0.5, "x1": split_x, "y0": split_y, "y1": 5.5,
               "layer": "below", "name": "test-now", "fillcolor": rgba(ORANGE, 0.12),
               "line": {"width": 0}},
              {"type": "rect", "x0": split_x, "x1": 3.5, "y0": split_y, "y1": 5.5,
               "layer": "below", "name": "build-on", "fillcolor": rgba(BLUISH_GREEN, 0.08),
               "line": {"width": 0}}]
    for edge in (0.5, 1.5, 2.5):
        shapes.append({"type": "line", "x0": edge, "x1": edge, "y0": 0.5, "y1": 5.5,
                       "layer": "below", "name": "grid",
                       "line": {"color": theme.grid, "width": 1}})
    for edge in (1.5, 2.5, 3.5, 4.5):
        shapes.append({"type": "line", "x0": -0.5, "x1": 3.5, "y0": edge, "y1": edge,
                       "layer": "below", "name": "grid",
                       "line": {"color": theme.grid, "width": 1}})
    for coords in ({"x0": split_x, "x1": split_x, "y0": 0.5 - BAND, "y1": 5.5 + BAND},
                   {"x0": -0.5, "x1": 3.5, "y0": split_y, "y1": split_y}):
        shapes.append({"type": "line", "layer": "below", "name": "quadrant-line",
                       "line": {"color": theme.outline, "width": theme.line * 1.5},
                       **coords})
    return shapes


def assumptions_map(canvas: Canvas, t: Translator, presentation: bool = False,
                    width: int | None = None) -> go.Figure:
    """The map at ``width`` pixels (the export's 1200 when None), its height in
    proportion; ``presentation`` enlarges type and strokes for the projector."""
    from canvas.figures import _subtitle  # the shared subtitle rule, without a cycle

    theme = theme_for(presentation)
    width = max(MIN_WIDTH, int(width or SIZE[0]))
    size = (width, round(width * SIZE[1] / SIZE[0]))
    title, subtitle = t("evidence.map.title"), _subtitle(canvas, theme, width)
    points, unplaced = map_points(canvas)
    if not points:
        return message_figure(t("evidence.map.empty"), theme, size=size, title=title,
                              subtitle=subtitle)

    left, right = theme.body * 5, 30
    top = title_height(theme) + theme.body * 2 + 8
    bottom = int(theme.body * 4.6)
    plot_w = width - left - right
    font = theme.small if theme.presentation else theme.body - 1
    # The note's height depends on its text, and the cells on what is left: lay out
    # once to count what a cell cannot hold, then again with the final note height.
    note = ""
    for _ in range(2):
        extra = (note.count(BREAK) + 1) * theme.small * 1.45 if note else 0
        plot_h = size[1] - top - bottom - extra
        cell_w, cell_h = plot_w / 4, plot_h / (5 + 2 * BAND)
        bubbles, labels, hidden = _cells(points, cell_w, cell_h, theme, font)
        note = _note(t, unplaced, hidden, theme.chars(width - left, theme.small))
    bottom = int(bottom + extra)

    traces = []
    for order, section in enumerate(EVIDENCE_SECTIONS):
        group = [b for b in bubbles if b[0][0] == section]
        if not group:
            continue
        traces.append({
            "type": "scatter", "x": [b[1] for b in group], "y": [b[2] for b in group],
            "mode": "markers+text", "text": [str(b[0][1]) for b in group],
            "textposition": "middle center", "name": t(f"section.{section}"),
            "textfont": {"size": max(10, int(bubble_size(theme) * 0.5)), "color": theme.text},
            "marker": {"size": bubble_size(theme) - SHRINK[SYMBOLS[section]],
                       "color": "#FFFFFF", "symbol": SYMBOLS[section],
                       "line": {"color": PART_COLORS[section],
                                "width": 4 if theme.presentation else 3}},
            "legendrank": order, "meta": section,
            "customdata": [[section, b[0][2].id] for b in group],
            "hovertext": [_hover(t, section, b[0][1], b[0][2], b[0][3], b[0][4])
                          for b in group],
            "hoverinfo": "text", "cliponaxis": False,
        })
    if labels:
        traces.append(label_trace(labels, font, theme))
    axis = {**axis_style(theme), "showgrid": False, "fixedrange": True}
    annotations = _quadrant_labels(t, theme)
    if note:
        annotations.append({"x": 0, "y": 0, "xref": "paper", "yref": "paper",
                            "xanchor": "left", "yanchor": "top", "yshift": -theme.body * 4.2,
                            "align": "left", "showarrow": False, "name": "note",
                            "text": note, "font": {"size": theme.small, "color": theme.text}})
    layout = {
        "shapes": _shapes(theme), "annotations": annotations,
        "xaxis": {**axis, "range": [-0.5, 3.5], "tickvals": list(range(len(LEVELS))),
                  "ticktext": [plain(t(f"evidence.strength.{level}")) for level in LEVELS],
                  "title": {"text": plain(t("evidence.map.x_axis"))}},
        "yaxis": {**axis, "range": [0.5 - BAND, 5.5 + BAND], "tickvals": [1, 2, 3, 4, 5],
                  "title": {"text": plain(t("evidence.map.y_axis"))}},
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                   "yanchor": "bottom"},
        "hovermode": "closest",
    }
    return figure(traces, merge(layout, base_layout_dict(
        theme, title=plain(title), subtitle=subtitle, size=size,
        margin={"l": left, "r": right, "t": top, "b": bottom})))
