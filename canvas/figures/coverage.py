"""Fit: which ranked pains and gains the value map addresses.

Each bar is one pain or gain in rank order, as long as its weight (severity or relevance,
the same weight the fit score uses), so a long red bar near the top is the gap to close
first. Addressed and not addressed differ by pattern and label as well as by colour.
"""

from __future__ import annotations

import plotly.graph_objects as go

from canvas.figures.assemble import axis_names, figure, merge, subplot_layout
from canvas.figures.charts import (
    bar_label,
    below_axis,
    more_note,
    outside_room,
    readable_rows,
)
from canvas.figures.labels import item_hover, percent, score_label, section_label
from canvas.figures.text import BREAK, plain, shorten, wrap_lines
from canvas.figures.theme import (
    ADDRESSED_COLOR,
    UNADDRESSED_COLOR,
    Theme,
    axis_style,
    base_layout_dict,
    title_height,
)
from canvas.fit import FitReport, fit_report
from canvas.i18n import Translator
from canvas.models import Canvas
from canvas.ranking import ranked, score_of

PARTS = ("pains", "gains")
STYLE = {True: {"color": ADDRESSED_COLOR, "pattern": "", "mark": "✓"},
         False: {"color": UNADDRESSED_COLOR, "pattern": "x", "mark": "✗"}}


def _answers(canvas: Canvas, report: FitReport, section: str) -> dict[str, list[str]]:
    """Item id -> texts of the relievers or creators answering it."""
    if section == "pains":
        by_id = {r.id: r.text for r in canvas.value_map.pain_relievers}
        links = report.relieved_by
    else:
        by_id = {c.id: c.text for c in canvas.value_map.gain_creators}
        links = report.created_by
    return {item_id: [by_id[i] for i in ids] for item_id, ids in links.items()}


def _hover(t: Translator, section: str, rank: int, item, answers: list[str]) -> str:
    if answers:
        key = "figures.hover.relieved_by" if section == "pains" else "figures.hover.created_by"
        extra = t(key, items="; ".join(shorten(a, 40) for a in answers))
    else:
        extra = t("figures.hover.not_addressed")
    return item_hover(t, section, rank, item, extra)


def _part_traces(canvas: Canvas, t: Translator, theme: Theme, report: FitReport,
                 section: str, column: int, layout: dict, seen: set) -> tuple[
                     list[dict], dict, dict, int]:
    """One side's bars, its x and y axis settings, and how many items did not fit."""
    entries = ranked(canvas.section(section))
    rows, font = readable_rows(layout["plot_h"], len(entries), theme)
    shown = entries[:rows]
    answers = _answers(canvas, report, section)
    labels = {item.id: bar_label(rank, item.text, layout["chars"]) for rank, item in shown}
    words = {True: f"✓ {t('figures.fit.addressed')}", False: f"✗ {t('figures.fit.unaddressed')}"}
    xref, yref = axis_names(1, column, 2)
    traces = []
    for addressed in (False, True):
        group = [(rank, item) for rank, item in shown if bool(answers[item.id]) == addressed]
        if not group:
            continue
        style = STYLE[addressed]
        traces.append({
            "type": "bar", "orientation": "h", "x": [score_of(item) for _, item in group],
            "y": [labels[item.id] for _, item in group], "name": words[addressed],
            "legendgroup": str(addressed), "showlegend": addressed not in seen,
            "legendrank": 0 if addressed else 1, "meta": f"{section}:{addressed}",
            "customdata": [item.id for _, item in group],
            "marker": {"color": style["color"], "line": {"color": theme.outline, "width": 1},
                       "pattern": {"shape": style["pattern"], "fgcolor": "#000000",
                                   "fgopacity": 0.5, "size": 9, "solidity": 0.3}},
            "text": [style["mark"]] * len(group), "textposition": "outside",
            "cliponaxis": False, "constraintext": "none",
            "textfont": {"size": font, "color": theme.text},
            "hovertext": [_hover(t, section, rank, item, answers[item.id])
                          for rank, item in group], "hoverinfo": "text",
            "xaxis": xref, "yaxis": yref,
        })
        seen.add(addressed)
    yaxis = {"type": "category", "categoryorder": "array",
             "categoryarray": [labels[item.id] for _, item in shown],
             "autorange": "reversed", "tickfont": {"size": font, "color": theme.text},
             "showgrid": False, "ticks": ""}
    xaxis = {"range": [0, layout["xmax"]], "tickvals": [1, 2, 3, 4, 5],
             "title": {"text": score_label(t, section)}}
    return traces, xaxis, yaxis, len(entries) - len(shown)


def build_fit(canvas: Canvas, t: Translator, theme: Theme, *, size: tuple[int, int],
              title: str, subtitle: str) -> go.Figure:
    report = fit_report(canvas)
    width, height = size
    label_px = int(width * 0.25)
    gap = label_px + 20
    left, right = label_px, 30
    plot_w = width - left - right
    spacing = gap / plot_w
    side_w = (plot_w - gap) / 2
    legend_h = theme.body * 2 + 8
    headings = {s: _heading_text(t, report, s, theme.chars((width - 30 - label_px) / 2
                                                            + label_px - 20, theme.body + 2))
                for s in PARTS}
    heads = int((max(h.count("<br>") for h in headings.values()) + 1) * (theme.body + 1) * 1.35
                + 8)
    top = title_height(theme) + legend_h + heads
    bottom = int(below_axis(theme) + theme.small * 3.6)
    grid = subplot_layout(1, 2, horizontal_spacing=spacing)
    layout = {"plot_h": height - top - bottom, "chars": theme.chars(label_px - 14,
                                                                     theme.body),
              "xmax": outside_room(1, theme.body, side_w)}
    seen: set = set()
    axes = {name: merge(axis, axis_style(theme)) for name, axis in grid.items()
            if name.startswith(("xaxis", "yaxis"))}
    traces: list[dict] = []
    annotations: list[dict] = []
    for column, section in enumerate(PARTS, start=1):
        xname, yname = (f"{axis}axis{'' if column == 1 else column}" for axis in "xy")
        domain = axes[xname]["domain"]
        annotations.append(_part_heading(headings[section], domain, label_px, theme))
        if not canvas.section(section):
            annotations.append(_none_note(t, section, domain, theme))
            axes[xname] = merge(axes[xname], {"visible": False})
            axes[yname] = merge(axes[yname], {"visible": False})
            continue
        bars, xaxis, yaxis, hidden = _part_traces(canvas, t, theme, report, section, column,
                                                  layout, seen)
        traces += bars
        axes[xname], axes[yname] = merge(axes[xname], xaxis), merge(axes[yname], yaxis)
        if hidden:
            annotations.append(more_note(t, hidden, theme, x=domain[1]))
    annotations.append({"x": 0, "y": 0, "xref": "paper", "yref": "paper", "xanchor": "left",
                        "yanchor": "top", "yshift": -below_axis(theme) - theme.small * 1.6,
                        "showarrow": False, "align": "left", "name": "rule",
                        "text": t("figures.fit.rule"), "xshift": -left + 10,
                        "font": {"size": theme.small, "color": theme.text}})
    return figure(traces, merge(
        grid, axes, {"annotations": annotations},
        {"barmode": "overlay", "bargap": 0.25,
         "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                    "yanchor": "bottom", "yref": "container", "traceorder": "normal"}},
        base_layout_dict(theme, title=title, subtitle=subtitle, size=size,
                         margin={"l": left, "r": right, "t": top, "b": bottom}),
        {"legend": {"y": 1 - (title_height(theme) + 4) / height, "yanchor": "top"}},
    ))


def _heading_text(t: Translator, report: FitReport, section: str, chars: int) -> str:
    coverage = report.pain_coverage if section == "pains" else report.gain_coverage
    text = t("figures.fit.part_score", sec=section_label(t, section), pct=percent(t, coverage))
    return BREAK.join(plain(line) for line in wrap_lines(text, chars, max_lines=2))


def _part_heading(text: str, domain, label_px: int, theme: Theme) -> dict:
    """Over its side's labels and bars together, so a long language still fits."""
    return {"x": domain[0], "y": 1.0, "xref": "paper", "yref": "paper", "xanchor": "left",
            "yanchor": "bottom", "yshift": 6, "xshift": -label_px + 10, "showarrow": False,
            "name": "part-heading", "text": f"<b>{text}</b>", "align": "left",
            "font": {"size": theme.body + 1, "color": theme.text}}


def _none_note(t: Translator, section: str, domain, theme: Theme) -> dict:
    return {"x": (domain[0] + domain[1]) / 2, "y": 0.5, "xref": "paper", "yref": "paper",
            "showarrow": False, "name": "none", "text": t(f"figures.fit.none_{section}"),
            "font": {"size": theme.body, "color": theme.text}}
