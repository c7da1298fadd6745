"""The figure shown instead of an empty chart.

An empty axis tells a learner nothing; a sentence saying what to add does. The message
figure keeps the chart's title and size so a page or a PDF keeps its layout.
"""

from __future__ import annotations

import plotly.graph_objects as go

from canvas.figures.assemble import merge
from canvas.figures.rtl import themed_figure
from canvas.figures.text import BREAK, plain, wrap_lines
from canvas.figures.theme import Theme, base_layout_dict, hidden_axis


def message_figure(message: str, theme: Theme, *, size: tuple[int, int], title: str,
                   subtitle: str) -> go.Figure:
    width, _ = size
    size_px = theme.body + 4
    chars = min(60, theme.chars(width * 0.7, size_px))
    text = BREAK.join(plain(line) for line in wrap_lines(message, chars))
    note = {
        "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False,
        "text": text, "align": "center", "name": "empty-message",
        "font": {"size": size_px, "color": theme.text}, "bgcolor": "#F5F5F5",
        "bordercolor": theme.outline, "borderwidth": 1, "borderpad": 18,
    }
    return themed_figure(theme, [], merge(
        {"annotations": [note], "xaxis": hidden_axis(), "yaxis": hidden_axis()},
        base_layout_dict(theme, title=title, subtitle=subtitle, size=size),
        {"showlegend": False},
    ))
