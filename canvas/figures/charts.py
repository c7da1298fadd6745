"""Ranking and mix charts: how the profile's items compare and what they are made of.

Long lists are cut to the rows that stay readable at the figure's size (the rest is
counted in a note), because 300 bars squeezed into 700 pixels would be a grey smear.
"""

from __future__ import annotations

import plotly.graph_objects as go

from canvas.figures.assemble import figure, merge
from canvas.figures.labels import item_hover, kind_label, score_label, section_label, status_label
from canvas.figures.rtl import mirror_bars
from canvas.figures.text import BREAK, plain, shorten, wrap
from canvas.figures.theme import (
    KIND_COLORS,
    STATUS_STYLE,
    Theme,
    axis_style,
    base_layout_dict,
    char_em,
    ink_on,
    title_height,
)
from canvas.fileformat.models import SECTIONS, STATUSES, Canvas
from canvas.i18n import Translator, native_digits
from canvas.ranking.rules import ranked, score_of

ROW_SPACING = 1.45          # row height in ems for horizontal bar labels


def readable_rows(plot_height: float, count: int, theme: Theme) -> tuple[int, int]:
    """``(rows shown, tick font size)``: as many rows as fit at the smallest allowed font."""
    rows = max(1, min(count, int(plot_height / (theme.small * ROW_SPACING))))
    font = int(min(theme.body, max(theme.small, plot_height / max(rows, 1) / ROW_SPACING)))
    return rows, font


def bar_label(rank: int, text: str, chars: int, language: str = "en") -> str:
    """"3. Healthy bakery…", or "3." when not even the first word would fit whole; the
    rank in the language's digits (Persian ۳), the note's text as typed."""
    rank = native_digits(str(rank), language)
    first = text.split(maxsplit=1)[0] if text.split() else ""
    if len(f"{rank}. {first}") + 1 > chars and len(f"{rank}. {text}") > chars:
        return f"{rank}."
    return shorten(f"{rank}. {text}", chars)


def score_ticks(t: Translator) -> dict:
    """The 1-5 score axis's ticks, in the language's digits (Persian ۱-۵)."""
    return {"tickvals": [1, 2, 3, 4, 5],
            "ticktext": [native_digits(str(n), t.language) for n in range(1, 6)]}


def below_axis(theme: Theme) -> float:
    """Pixels from the plot's bottom edge to just under the x axis title."""
    return theme.body * 3.4 + 6


def more_note(t: Translator, hidden: int, theme: Theme, x: float = 1.0,
              room: float | None = None) -> dict:
    """Says how many rows were left out; it sits under the x axis title. With ``room``
    (pixels left of ``x``) it wraps to that width: on the projector's Fit step the left
    half's note ran 22 px past the figure's left edge in Ukrainian."""
    text = t.plural("figures.chart.more", hidden)
    if room is not None:
        text = wrap(text, theme.chars(room, theme.small, char_em([text])))
    return {"x": x, "y": 0, "xref": "paper", "yref": "paper", "xanchor": "right",
            "yanchor": "top", "yshift": -below_axis(theme), "showarrow": False, "name": "more",
            "align": "right", "text": text, "font": {"size": theme.small, "color": theme.text}}


def note_lines(note: dict) -> int:
    """Lines of a wrapped annotation."""
    return note["text"].count(BREAK) + 1


#: At most this share of a bar chart's plot width goes to the text after the longest bar.
OUTSIDE_SHARE = 0.45


def outside_px(text_chars: int, font: int, em: float = 0.6) -> float:
    """Pixels that ``text_chars`` of outside bar text take, with the gap before it."""
    return text_chars * font * em + 12


def outside_room(text_chars: int, font: int, plot_width: float, top: float = 5.0,
                 em: float = 0.6) -> float:
    """Axis maximum that leaves room for ``text_chars`` of outside bar text after ``top``."""
    share = min(OUTSIDE_SHARE, outside_px(text_chars, font, em) / max(plot_width, 1))
    return top / (1 - share)


#: Fewer characters than this for an item's label, and the label is its rank alone.
SHORTEST_LABEL = 16


#: Chromium draws a legend row about 1.7 body sizes tall and the legend's title row about
#: 2.2 with its padding; with 1.4 and 2 the top legends rose 4 to 7 px into the subtitle.
LEGEND_ROW = 1.7
LEGEND_FIRST_ROW = 2.2


def legend_height(names: list[str], theme: Theme, room: float) -> int:
    """Height of a top legend (its title line, then its entries in rows): at 1440 px the
    Ukrainian kinds wrapped to three rows and the legend, anchored under the plot's top,
    grew up into the chart's title."""
    em = char_em(names)
    rows, used = 1, 0.0
    for name in names:
        entry = len(name) * theme.body * em + theme.body * 2 + 10   # symbol, gap, text
        if used and used + entry > room:
            rows, used = rows + 1, 0.0
        used += entry
    return int(theme.body * LEGEND_FIRST_ROW + 10 + (rows - 1) * theme.body * LEGEND_ROW)


def ranking_columns(width: int, status_texts: list[str], font: int) -> tuple[int, bool]:
    """``(left margin, whether the status fits after each bar)``.

    The bar text ("5 · Validated") is drawn outside the bar; at 1280 and 1440 px the
    projector's chart beside the list had too little plot width for the Ukrainian and
    French status words, and they were cut at the figure's edge. The item labels on the
    left give way first (down to a fifth of the width; the projector lists the items in
    full beside the chart); when even that is not enough the bar says only its score and
    the status stays in the hover text.
    """
    em = char_em(status_texts)
    needed = outside_px(max(len(s) for s in status_texts) + 4, font, em)
    left = int(width * 0.36)
    if needed <= OUTSIDE_SHARE * (width - left - 30):
        return left, True
    left = max(int(width * 0.2), int(width - 30 - needed / OUTSIDE_SHARE))
    return left, needed <= OUTSIDE_SHARE * (width - left - 30)


def kind_order(section: str, entries: list[tuple[int, object]]) -> list[str]:
    """Kinds in the order of their best-ranked item, so the first trace holds rank 1."""
    first: dict[str, int] = {}
    for rank, item in entries:
        first.setdefault(item.kind, rank)
    return sorted(first, key=first.get)


def build_ranking(section: str, canvas: Canvas, t: Translator, theme: Theme, *,
                  size: tuple[int, int], title: str, subtitle: str) -> go.Figure:
    width, height = size

    def digits(n: int) -> str:
        return native_digits(str(n), t.language)

    entries = ranked(canvas.section(section))
    kind_names = [kind_label(t, section, kind) for kind in {item.kind for item in
                                                             canvas.section(section)}]
    top = title_height(theme) + legend_height([t("figures.legend.kind"), *kind_names], theme,
                                              width - int(width * 0.36))
    bottom = theme.body * 4 + 10
    rows, _ = readable_rows(height - top - bottom, len(entries), theme)
    if rows < len(entries):
        bottom += int(theme.small * 1.6)
    rows, font = readable_rows(height - top - bottom, len(entries), theme)
    shown, hidden = entries[:rows], len(entries) - rows
    statuses = {s: status_label(t, s) for s in STATUSES}
    left, with_status = ranking_columns(width, list(statuses.values()), font)
    chars = theme.chars(left - 16, font, char_em(item.text for _, item in shown))
    labels = {item.id: bar_label(rank, item.text, chars, t.language) for rank, item in shown}
    if chars < SHORTEST_LABEL:   # "4. Не…" reads as a word cut: the rank alone matches
        labels = {item.id: bar_label(rank, "", 0, t.language) for rank, item in shown}
    xmax = outside_room((max(len(v) for v in statuses.values()) + 4) if with_status else 1,
                        font, width - left - 30, em=char_em(statuses.values()))
    kinds = list(KIND_COLORS[section])
    traces = []
    for kind in kind_order(section, shown):
        group = [(rank, item) for rank, item in shown if item.kind == kind]
        color = KIND_COLORS[section][kind]
        traces.append({
            "type": "bar", "orientation": "h", "name": kind_label(t, section, kind),
            "legendrank": kinds.index(kind),
            "x": [score_of(item) for _, item in group],
            "y": [labels[item.id] for _, item in group],
            "customdata": [item.id for _, item in group], "meta": kind,
            "marker": {"color": color, "line": {"color": theme.outline, "width": 1}},
            "text": [f"{digits(score_of(item))} · {statuses[item.status]}" if with_status
                     else digits(score_of(item)) for _, item in group],
            "textposition": "outside", "cliponaxis": False, "constraintext": "none",
            "textfont": {"size": font, "color": theme.text},
            "hovertext": [item_hover(t, section, rank, item) for rank, item in group],
            "hoverinfo": "text",
        })
    layout = {
        "barmode": "overlay", "bargap": 0.25,
        "yaxis": {**axis_style(theme), "type": "category", "categoryorder": "array",
                  "categoryarray": [labels[item.id] for _, item in shown],
                  "autorange": "reversed", "tickfont": {"size": font, "color": theme.text},
                  "showgrid": False, "ticks": "", "automargin": False},
        "xaxis": {**axis_style(theme), "range": [0, xmax], **score_ticks(t),
                  "title": {"text": score_label(t, section),
                            "font": {"size": theme.body, "color": theme.text}}},
        "legend": top_legend(t, theme, "figures.legend.kind"),
    }
    if hidden:
        layout["annotations"] = [more_note(t, hidden, theme)]
    layout = merge(layout, base_layout_dict(theme, title=title, subtitle=subtitle, size=size,
                                            margin={"l": left, "r": 30, "t": top,
                                                    "b": bottom}))
    if theme.rtl:
        mirror_bars(layout, traces)
    return figure(traces, layout)


def top_legend(t: Translator, theme: Theme, key: str) -> dict:
    """A one-row legend between the title and the plot, where it never covers a bar."""
    return {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
            "yref": "paper", "title": {"text": t(key) + " ", "font": {"size": theme.body}},
            "font": {"size": theme.body, "color": theme.text}, "traceorder": "normal"}


def _mix_layout(t: Translator, theme: Theme, *, title: str, subtitle: str,
                size: tuple[int, int], legend: dict, right: int, top: int) -> dict:
    width, _ = size
    sections = [section_label(t, s) for s in SECTIONS]
    left = _mix_left(t, theme, width)
    layout = {
        "barmode": "stack", "bargap": 0.35,
        "uniformtext": {"minsize": theme.small, "mode": "hide"},
        "yaxis": {**axis_style(theme), "type": "category", "categoryorder": "array",
                  "categoryarray": sections, "autorange": "reversed", "showgrid": False,
                  "ticks": ""},
        "xaxis": {**axis_style(theme), "rangemode": "tozero", "tickformat": "d",
                  "title": {"text": t("figures.axis.count"),
                            "font": {"size": theme.body, "color": theme.text}}},
        "legend": legend,
    }
    margin = {"l": int(left), "r": right, "t": top, "b": theme.body * 4 + 10}
    return merge(layout, base_layout_dict(theme, title=title, subtitle=subtitle, size=size,
                                          margin=margin))


def _mix_left(t: Translator, theme: Theme, width: int) -> int:
    longest = max(len(section_label(t, s)) for s in SECTIONS)
    return int(min(width * 0.3, longest * theme.body * 0.62 + 30))


def build_mix_kinds(canvas: Canvas, t: Translator, theme: Theme, *, size: tuple[int, int],
                    title: str, subtitle: str) -> go.Figure:
    """One trace per (section, kind), grouped in the legend under its section's name."""
    traces = []
    for section in SECTIONS:
        items = canvas.section(section)
        for order, (kind, color) in enumerate(KIND_COLORS[section].items()):
            count = sum(item.kind == kind for item in items)
            if not count:
                continue
            label = kind_label(t, section, kind)
            trace = {
                "type": "bar", "orientation": "h", "x": [count],
                "y": [section_label(t, section)], "name": label, "legendgroup": section,
                "legendrank": SECTIONS.index(section) * 10 + order, "meta": f"{section}.{kind}",
                "marker": {"color": color, "line": {"color": theme.outline, "width": 1}},
                "text": [f"{plain(label)}: {count}"], "textposition": "inside",
                "insidetextanchor": "middle", "textfont": {"color": ink_on(color)},
                "hovertext": [f"{section_label(t, section)} · {label}: {count}"],
                "hoverinfo": "text",
            }
            # The projector's y axis already names the sections; save the legend rows.
            if not theme.presentation:
                trace["legendgrouptitle"] = {"text": section_label(t, section)}
            traces.append(trace)
    # Eleven kinds in three groups need a column; a row would wrap into a jumble.
    names = [kind_label(t, s, k) for s in SECTIONS for k in KIND_COLORS[s]]
    right = int(max(len(n) for n in names) * theme.body * 0.62 + 70)
    legend = {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top",
              "title": {"text": t("figures.legend.kind")}, "tracegroupgap": theme.body // 2,
              "groupclick": "toggleitem", "traceorder": "grouped"}
    layout = _mix_layout(t, theme, title=title, subtitle=subtitle, size=size, legend=legend,
                         right=right, top=title_height(theme) + 10)
    if theme.rtl:
        mirror_bars(layout, traces)
    return figure(traces, layout)


def build_mix_status(canvas: Canvas, t: Translator, theme: Theme, *, size: tuple[int, int],
                     title: str, subtitle: str) -> go.Figure:
    """Patterns as well as colours: hatched assumptions, solid validated, crossed refuted.

    Counts are written on white labels, since text drawn straight onto a hatch is hard
    to read; a segment too narrow for its label keeps only the number or nothing (the
    legend and the hover still say it).
    """
    sections = [section_label(t, s) for s in SECTIONS]
    counts = {status: [sum(item.status == status for item in canvas.section(s))
                       for s in SECTIONS] for status in STATUSES}
    traces = []
    for order, status in enumerate(STATUSES):
        style = STATUS_STYLE[status]
        label = status_label(t, status)
        traces.append({
            "type": "bar", "orientation": "h", "x": counts[status], "y": sections,
            "name": label, "legendrank": order, "meta": status,
            "marker": {"color": style["color"], "line": {"color": theme.outline, "width": 1},
                       "pattern": {"shape": style["pattern"], "fgcolor": "#000000",
                                   "fgopacity": 0.45, "size": 10, "solidity": 0.25}},
            "hovertext": [f"{sec} · {label}: {n}"
                          for sec, n in zip(sections, counts[status], strict=True)],
            "hoverinfo": "text",
        })
    width, _ = size
    totals = [sum(counts[s][i] for s in STATUSES) for i in range(len(SECTIONS))]
    xmax = max(totals) * 1.02
    scale = (width - _mix_left(t, theme, width) - 30) / xmax
    notes = []
    for index, section in enumerate(sections):
        start = 0
        for status in STATUSES:
            n = counts[status][index]
            text = _segment_text(status_label(t, status), n, n * scale, theme)
            if text:
                notes.append({"x": start + n / 2, "y": section, "text": text,
                              "showarrow": False, "bgcolor": "rgba(255,255,255,0.92)",
                              "borderpad": 3, "font": {"size": theme.body, "color": "#000000"},
                              "name": f"count:{status}"})
            start += n
    layout = _mix_layout(t, theme, title=title, subtitle=subtitle, size=size,
                         legend=top_legend(t, theme, "figures.legend.status"), right=30,
                         top=title_height(theme) + legend_height(
                             [t("figures.legend.status"), *(status_label(t, s) for s in STATUSES)],
                             theme, width - _mix_left(t, theme, width) - 30))
    first = {"annotations": notes} if notes else {}
    layout = merge(first, {"xaxis": {"range": [0, xmax]}}, layout)
    if theme.rtl:
        mirror_bars(layout, traces)
    return figure(traces, layout)


def _segment_text(label: str, n: int, pixels: float, theme: Theme) -> str:
    for text in (f"{plain(label)}: {n}", str(n)):
        if len(text) * theme.body * 0.62 + 12 <= pixels:
            return text
    return ""
