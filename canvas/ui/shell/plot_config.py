"""Plotly's toolbar in the user's language: the ``config`` every chart with a toolbar gets.

Plotly draws its toolbar's tooltips ("Download plot as a PNG", "Zoom", "Reset axes", ...)
from a locale dictionary; Streamlit's bundled plotly.js carries only English ones, and a
page cannot call ``Plotly.register``. Plotly's chart ``config`` takes the dictionary itself
(``locales``) and the locale to use (``locale``), and Streamlit passes the config through,
so the words come from our catalog like every other string of the app.
"""

from __future__ import annotations

from canvas.ui.shell import session

#: Plotly's own English message -> our catalog key.
MESSAGES = {
    "Download plot as a PNG": "plotly.download_png",
    "Download plot": "plotly.download",
    "Zoom": "plotly.zoom",
    "Pan": "plotly.pan",
    "Box Select": "plotly.box_select",
    "Lasso Select": "plotly.lasso_select",
    "Zoom in": "plotly.zoom_in",
    "Zoom out": "plotly.zoom_out",
    "Autoscale": "plotly.autoscale",
    "Reset axes": "plotly.reset_axes",
    "Reset view": "plotly.reset_view",
    "Reset views": "plotly.reset_view",
    "Reset": "plotly.reset",
    "Toggle Spike Lines": "plotly.spikes",
    "Show closest data on hover": "plotly.closest",
    "Compare data on hover": "plotly.compare",
    "Toggle show closest data on hover": "plotly.toggle_closest",
    "Double-click to zoom back out": "plotly.double_click",
    "Double-click on legend to isolate one trace": "plotly.legend_isolate",
    "Taking snapshot - this may take a few seconds": "plotly.snapshot",
    "Snapshot succeeded": "plotly.snapshot_done",
    "Sorry, there was a problem downloading your snapshot!": "plotly.snapshot_failed",
}


def localized(config: dict | None = None) -> dict:
    """``config`` plus the user's locale and its dictionary (English keeps Plotly's own)."""
    result = dict(config or {})
    language = session.language()
    if language == "en":
        return result
    t = session.t()
    result["locale"] = language
    result["locales"] = {language: {"dictionary": {
        english: t(key) for english, key in MESSAGES.items()}}}
    return result
