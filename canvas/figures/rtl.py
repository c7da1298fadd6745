"""Bar charts mirrored for Arabic and Persian: the labels on the right, bars growing left.

A reader of Arabic or Persian starts a line at the right. In the horizontal bar charts
(rankings, the mixes, the room's vote) the item's name is where reading starts, and the
bar and its score follow it; left to right, the names stood at the far end of each row.
Mirroring is done on the finished layout dict, so each builder keeps one layout and the
left-to-right charts stay byte for byte what they were: the margins swap sides, the
category axis moves to the right, the value axis runs right to left, and the legend and
notes placed on the paper (``xref="paper"``) swap ends. Data-placed annotations (a
count written on its bar) need nothing: the reversed axis takes them along.

The scatter figures (priority matrix, assumptions map) and the canvas diagram are not
mirrored: their x axes are measures (importance, evidence) and the canvas picture is
the method's own, the same in every language; only their titles and texts follow the
reading direction (``theme.Theme.rtl``, ``text.isolate``).
"""

from __future__ import annotations

from typing import Any

from canvas.bidi import FSI, LRI, RLI, isolate
from canvas.figures.assemble import figure
from canvas.figures.text import BREAK

_SWAP = {"left": "right", "right": "left"}


def _flip(entry: dict[str, Any]) -> dict[str, Any]:
    """A paper-placed legend or annotation moved to the other end of the figure."""
    out = dict(entry)
    if "x" in out:
        out["x"] = 1 - out["x"]
    for key in ("xanchor", "align"):
        if key in out:
            out[key] = _SWAP.get(out[key], out[key])
    if "xshift" in out:
        out["xshift"] = -out["xshift"]
    return out


def reading_order(layout: dict[str, Any]) -> dict[str, Any]:
    """Every annotation line holding Arabic script reads right to left (in place; the
    layout is returned). A chart's SVG reads left to right, so a line made of our own
    words and a number ("التوافق 27%", "و11 غيرها") put its "%" or its number at the
    wrong end; user text is isolated already (``text.plain``) and is left as it is."""
    for note in layout.get("annotations", []):
        text = note.get("text")
        if isinstance(text, str):
            note["text"] = BREAK.join(_rtl_line(line) for line in text.split(BREAK))
    return layout


def _rtl_line(line: str) -> str:
    if line.startswith((LRI, RLI, FSI)):
        return line
    return isolate(line, "rtl")


def _flip_legend(legend: dict[str, Any]) -> dict[str, Any]:
    legend = _flip(legend)
    if legend.get("orientation") == "h" and "title" in legend:
        # Plotly puts a row legend's title above its entries; at their right end.
        legend["title"] = {**legend["title"], "side": "top right"}
    return legend


def _place(note: dict[str, Any]) -> dict[str, Any]:
    """An annotation after the mirror: on the paper or an axis's domain it moves to the
    other end; placed by data, the reversed axis moves it, and only its side of the
    point and its alignment swap (a label that ran right from 0 now runs left)."""
    xref = str(note.get("xref", "x"))
    if xref == "paper" or xref.endswith(" domain"):
        return _flip(note)
    out = dict(note)
    for key in ("xanchor", "align"):
        if key in out:
            out[key] = _SWAP.get(out[key], out[key])
    return out


def mirror_bars(layout: dict[str, Any], traces: list[dict[str, Any]]) -> None:
    """Mirror a horizontal bar chart's finished layout (and its outside bar texts) in
    place, for a right-to-left reader: every x axis runs right to left and its subplot
    moves to the mirrored place, every y axis (the categories) moves to the right."""
    margin = layout.get("margin")
    if margin:
        margin["l"], margin["r"] = margin.get("r", 0), margin.get("l", 0)
    for name in [key for key in layout if key.startswith("xaxis")]:
        axis = layout[name] = dict(layout[name])
        if "domain" in axis:
            axis["domain"] = [1 - axis["domain"][1], 1 - axis["domain"][0]]
        if "range" in axis:
            axis["range"] = list(reversed(axis["range"]))
        else:
            axis["autorange"] = "reversed"
    for name in [key for key in layout if key.startswith("yaxis")] or ["yaxis"]:
        layout[name] = {**layout.get(name, {}), "side": "right"}
    if "legend" in layout:
        layout["legend"] = _flip_legend(layout["legend"])
    layout["annotations"] = [_place(note) for note in layout.get("annotations", [])]
    reading_order(layout)
    for trace in traces:
        # "5 · مؤكد": the score first, read from the bar's end leftwards.
        if trace.get("textposition") == "outside" and trace.get("text"):
            trace["text"] = [isolate(str(text), "rtl") for text in trace["text"]]
        # Labels written from an axis's start (the comparison's) now run leftwards.
        elif isinstance(trace.get("textposition"), str) and trace.get("mode") == "text":
            trace["textposition"] = trace["textposition"].replace("right", "\0").replace(
                "left", "right").replace("\0", "left")


def themed_figure(theme, data: list[dict[str, Any]], layout: dict[str, Any], *,
                  flip_paper: bool = False):
    """:func:`canvas.figures.assemble.figure`, its annotations in the reading order of
    ``theme`` (for the figures that are not mirrored). ``flip_paper`` also moves the
    notes placed on the paper to the right (the priority matrix: its axes are measures
    and stay, its note of unplaced items follows the reader; its legend stays at the
    left, where the right end holds the corner's name, which it covered there)."""
    if not theme.rtl:
        return figure(data, layout)
    if flip_paper:
        layout["annotations"] = [_flip(note) if note.get("xref") == "paper" else note
                                 for note in layout.get("annotations", [])]
    return figure(data, reading_order(layout))
