"""Plotly figures assembled from plain dicts in one step.

Every ``fig.add_trace``, ``fig.add_shape`` or ``fig.update_layout`` call runs Plotly's
validators over the whole property tree it touches; for a diagram with a hundred shapes
that cost more than laying the diagram out. Builders therefore describe a figure as plain
dicts (``merge`` gives ``update_layout``'s deep-update semantics) and :func:`figure`
turns them into a ``go.Figure`` once, without re-validating what our own code wrote.

The figure handed back validates every later change as usual (a caller's
``fig.update_layout(height=...)`` is checked), and the test suite rebuilds every figure
through Plotly's validating constructor to prove that the dicts are valid and unchanged
by validation.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

# Plotly looks pandas up in sys.modules without importing it: while another session's
# thread was importing pandas (Insights lists the assumptions map in st.dataframe), a
# diagram built at that moment met a half-made module and failed ("partially initialized
# module 'pandas' has no attribute 'Series'"). Importing it here, before any figure is
# built, makes every thread wait for the whole module.
import pandas  # noqa: F401
import plotly.graph_objects as go
from plotly.subplots import make_subplots


def merge(*layers: dict[str, Any]) -> dict[str, Any]:
    """Later layers win; nested dicts merge key by key, as ``update_layout`` does."""
    out: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            current = out.get(key)
            if isinstance(value, dict) and isinstance(current, dict):
                out[key] = merge(current, value)
            else:
                out[key] = value
    return out


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from trace dicts (each with its ``type``) and a layout dict.

    Plotly copies both, so callers may reuse the dicts they passed.
    """
    fig = go.Figure(data=data, layout=layout, _validate=False)
    # From here on the figure behaves like any other: later edits are validated.
    fig._validate = True
    fig.layout._validate = True
    for trace in fig.data:
        trace._validate = True
    return fig


def subplot_layout(rows: int, cols: int, **options: Any) -> dict[str, Any]:
    """The layout ``make_subplots`` gives this grid (axes, domains, titles), as a dict.

    ``make_subplots`` builds a validated figure each time; the grid only depends on
    its arguments, so it is made once. List arguments are passed as tuples.
    """
    return copy.deepcopy(_subplot_layout(rows, cols, tuple(sorted(options.items()))))


@lru_cache(maxsize=32)
def _subplot_layout(rows: int, cols: int, options: tuple) -> dict[str, Any]:
    kwargs = {key: list(value) if isinstance(value, tuple) else value
              for key, value in options}
    layout = make_subplots(rows=rows, cols=cols, **kwargs).to_plotly_json()["layout"]
    layout.pop("template", None)        # :func:`figure` applies the default template
    return layout


def axis_names(row: int, col: int, cols: int) -> tuple[str, str]:
    """``("x2", "y2")``-style axis ids of a subplot, as ``add_trace(row=, col=)`` sets."""
    index = (row - 1) * cols + col
    suffix = "" if index == 1 else str(index)
    return f"x{suffix}", f"y{suffix}"
