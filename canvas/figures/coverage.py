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
    note_lines,
    outside_room,
    readable_rows,
    score_ticks,
)
from canvas.figures.labels import item_hover, percent, score_label, section_label
from canvas.figures.rtl import mirror_bars
from canvas.figures.text import BREAK, plain, shorten, wrap, wrap_lines
from canvas.figures.theme import (
    ADDRESSED_COLOR,
    UNADDRESSED_COLOR,
    Theme,
    axis_style,
    base_layout_dict,
    char_em,
    title_height,
)
from canvas.fileformat.models import Canvas
from canvas.i18n import Translator
from canvas.ranking.fit import FitReport, fit_report
from canvas.ranking.rules import ranked, score_of

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
    labels = {item.id: bar_label(rank, item.text, layout["chars"], t.language)
              for rank, item in shown}
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
    xaxis = {"range": [0, layout["xmax"]], **score_ticks(t),
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
    # Each heading starts over its side's labels and must end before the other side's
    # starts: its side's bars and labels wide, in bold glyphs (the projector's French and
    # Dutch headings were measured for a width half a label wider and ran into each other).
    headings = {s: _heading_text(t, report, s, theme.chars(
                    side_w + label_px, theme.body + 1,
                    char_em([_heading_raw(t, report, s)], bold=True))) for s in PARTS}
    heads = int((max(h.count("<br>") for h in headings.values()) + 1) * (theme.body + 1) * 1.35
                + 8)
    top = title_height(theme) + legend_h + heads
    # The rule under the chart is wrapped to the figure's width (unwrapped, it ran 26 px
    # past a 1200 px figure in Ukrainian and 657 px past the projector's half screen), and
    # the notes of items left out to their own side, so the bottom margin counts lines.
    rule = wrap(t("figures.fit.rule"), theme.chars(width - 20, theme.small,
                                                   char_em([t("figures.fit.rule")])))
    grid = subplot_layout(1, 2, horizontal_spacing=spacing)
    domains = [grid[f"xaxis{'' if c == 1 else c}"]["domain"] for c in (1, 2)]
    room = {s: (d[1] - d[0]) * plot_w + label_px - 10 for s, d in zip(PARTS, domains,
                                                                         strict=True)}
    rule_lines = rule.count(BREAK) + 1

    def bottom_for(plot_h: float) -> tuple[int, int]:
        """(bottom margin, lines of the longest "more" note) when the plot is this tall."""
        lines = max(note_lines(more_note(t, _hidden(canvas, s, plot_h, theme), theme,
                                         room=room[s])) for s in PARTS)
        return int(below_axis(theme) + theme.small * 1.45 * (lines + rule_lines)
                   + theme.small * 0.6 + 8), lines

    bottom, more_lines = bottom_for(height - top - below_axis(theme))
    bottom, more_lines = bottom_for(height - top - bottom)
    texts = [item.text for s in PARTS for item in canvas.section(s)]
    layout = {"plot_h": height - top - bottom,
              "chars": theme.chars(label_px - 14, theme.body, char_em(texts)),
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
            annotations.append(more_note(t, hidden, theme, x=domain[1], room=room[section]))
    shift = below_axis(theme) + theme.small * 1.45 * more_lines + theme.small * 0.2
    annotations.append({"x": 0, "y": 0, "xref": "paper", "yref": "paper", "xanchor": "left",
                        "yanchor": "top", "yshift": -shift,
                        "showarrow": False, "align": "left", "name": "rule",
                        "text": rule, "xshift": -left + 10,
                        "font": {"size": theme.small, "color": theme.text}})
    layout = merge(
        grid, axes, {"annotations": annotations},
        {"barmode": "overlay", "bargap": 0.25,
         "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                    "yanchor": "bottom", "yref": "container", "traceorder": "normal"}},
        base_layout_dict(theme, title=title, subtitle=subtitle, size=size,
                         margin={"l": left, "r": right, "t": top, "b": bottom}),
        {"legend": {"y": 1 - (title_height(theme) + 4) / height, "yanchor": "top"}},
    )
    if theme.rtl:   # pains first, on the right, where a right-to-left reader starts
        mirror_bars(layout, traces)
    return figure(traces, layout)


def _hidden(canvas: Canvas, section: str, plot_h: float, theme: Theme) -> int:
    """Items of ``section`` left off when the plot is ``plot_h`` tall (at least one, so
    the note's lines are counted even when all fit: room kept is harmless)."""
    count = len(canvas.section(section))
    return max(1, count - readable_rows(plot_h, count, theme)[0])


def _heading_raw(t: Translator, report: FitReport, section: str) -> str:
    coverage = report.pain_coverage if section == "pains" else report.gain_coverage
    return t("figures.fit.part_score", sec=section_label(t, section), pct=percent(t, coverage))


def _heading_text(t: Translator, report: FitReport, section: str, chars: int) -> str:
    text = _heading_raw(t, report, section)
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
