"""The dot vote's tally: one horizontal bar per option, most dots on top.

Drawn on the projector while the room votes, so it follows the figure conventions of the
other builders (fixed pixel size, the projector theme's big type, plain-text labels). A
pain people vote on is often a whole sentence, and a label cut to "Everything is clo…"
cannot be voted on from the back of the room, so labels are wrapped onto up to three
lines in the room the left margin gives them, and the type shrinks before a label is
shortened. Options beyond what fits are left out with a note saying how many.
"""

from __future__ import annotations

import plotly.graph_objects as go

from canvas.figures.assemble import figure, merge
from canvas.figures.charts import more_note
from canvas.figures.labels import count_ticks, number
from canvas.figures.rtl import mirror_bars
from canvas.figures.text import hover_text, join_lines, plain, reading_right_to_left, wrap
from canvas.figures.theme import (
    PART_COLORS,
    axis_style,
    base_layout_dict,
    char_em,
    theme_for,
    title_height,
)
from canvas.i18n import Translator

VOTE_SIZE = (1600, 900)
LABEL_LINES = 3
LINE_SPACING = 1.25


def _rows(plot_height: float, count: int, small: int, body: int) -> tuple[int, int]:
    """``(rows shown, font)`` with each row LABEL_LINES lines tall at most."""
    per_row = LABEL_LINES * LINE_SPACING + 0.6
    rows = max(1, min(count, int(plot_height / (small * per_row))))
    font = int(min(body, max(small, plot_height / max(rows, 1) / per_row)))
    return rows, font


def build_vote(entries: list[tuple[str, int]], t: Translator, *, section: str,
               title: str, subtitle: str, presentation: bool = False,
               size: tuple[int, int] = VOTE_SIZE) -> go.Figure:
    """``entries``: (option text, dots) in the order to show, most dots first."""
    theme = theme_for(presentation, getattr(t, "language", None))
    with reading_right_to_left(theme.rtl):
        return _vote(entries, t, section, title, subtitle, theme, size)


def _vote(entries: list[tuple[str, int]], t: Translator, section: str, title: str,
          subtitle: str, theme, size: tuple[int, int]) -> go.Figure:
    width, height = size
    top = title_height(theme)
    bottom = theme.body * 4 + 10
    rows, font = _rows(height - top - bottom, len(entries), theme.small, theme.body)
    if rows < len(entries):
        bottom += int(theme.small * 1.6)
        rows, font = _rows(height - top - bottom, len(entries), theme.small, theme.body)
    shown, hidden = entries[:rows], len(entries) - rows
    left = int(width * 0.42)
    em = char_em([text for text, _ in shown])
    chars = theme.chars(left - 24, font, em)
    labels = [f"{wrap(f'{number(t, i)}. {text}', chars, LABEL_LINES)}" for i, (text, _) in
              enumerate(shown, 1)]
    most = max([dots for _, dots in shown] + [1])
    trace = {
        "type": "bar", "orientation": "h", "name": t("live.vote.dots_axis"),
        "x": [dots for _, dots in shown], "y": labels,
        "marker": {"color": PART_COLORS.get(section, PART_COLORS["pains"]),
                   "line": {"color": theme.outline, "width": 1}},
        "text": [number(t, dots) for _, dots in shown], "textposition": "outside",
        "cliponaxis": False, "textfont": {"size": font, "color": theme.text},
        # The dots in the hover too, written by us (Plotly's "+x" wrote 0-9 in Persian).
        "hovertext": [join_lines(hover_text(text), f"{t('live.vote.dots_axis')}: "
                                 f"{number(t, dots)}") for text, dots in shown],
        "hoverinfo": "text",
    }
    layout = {
        "bargap": 0.3,
        "yaxis": {**axis_style(theme), "type": "category", "categoryorder": "array",
                  "categoryarray": labels, "autorange": "reversed", "showgrid": False,
                  "tickfont": {"size": font, "color": theme.text}, "ticks": "",
                  "automargin": False},
        "xaxis": {**axis_style(theme), "range": [0, most * 1.15 + 0.5],
                  **count_ticks(t, most, 12), "rangemode": "tozero",
                  "title": {"text": t("live.vote.dots_axis"),
                            "font": {"size": theme.body, "color": theme.text}}},
    }
    if hidden:
        layout["annotations"] = [more_note(t, hidden, theme)]
    layout = merge(layout, base_layout_dict(
        theme, title=plain(title), subtitle=plain(subtitle), size=size,
        margin={"l": left, "r": 40, "t": top, "b": bottom}), {"showlegend": False})
    if theme.rtl:
        mirror_bars(layout, [trace])
    return figure([trace], layout)
