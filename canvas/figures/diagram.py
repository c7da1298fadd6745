"""The canvas diagram: the value map (a square) facing the customer profile (a circle).

The layout is computed in pixels (axes span exactly the plot area), because notes must
be sized to the text they hold; that is also why the figure fixes its own size, and why
a screen must show it at exactly that size (``canvas.figures.sizing`` has the numbers:
stretched to a laptop's column, 125 pairs of labels overlapped; laid out for the column,
none). The value map's gain creators and pain relievers face the profile's gains and
pains, so the links between them stay short; jobs take the side of the circle away from
the square. A figure taller than wide (a narrow column) stacks the square above the
circle instead: side by side at 800 px, every note of a 60-item canvas was cut to one
word; stacked, notes show two to three lines, as in the 1600 px export.

Note text breaks at spaces only ("Contamina / tion" was read as two words on the
projector), and a part's type shrinks a little to keep its longest word whole. On the
projector a crowded canvas is shown a page at a time (``window``, ``readable_page``):
with 20 items per section every note had been cut to "1. Gain number…"; now each page
shows every note whole or with at least ``READABLE_WORDS`` words, in projected type of
``READABLE_FONT`` px or more (5 pages of 4 items for that canvas; the example canvases
still fit on one page).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, replace

import plotly.graph_objects as go

from canvas.figures.assemble import merge
from canvas.figures.geometry import (
    Box,
    Region,
    pack,
    pack_size,
    place_label,
    rect_region,
    sector_region,
)
from canvas.figures.labels import item_hover, section_label
from canvas.figures.rtl import themed_figure
from canvas.figures.text import (
    BREAK,
    ELLIPSIS,
    bold,
    fits_lines,
    hover_text,
    join_lines,
    longest_word,
    plain,
    shorten,
    wrap,
    wrap_lines,
)
from canvas.figures.theme import (
    PART_COLORS,
    Theme,
    base_layout_dict,
    char_em,
    hidden_axis,
    rgba,
    tint,
    title_height,
)
from canvas.fileformat.models import SECTIONS, VALUE_MAP_SECTIONS, Canvas
from canvas.i18n import Translator, native_digits
from canvas.ranking.rules import ranked, score_of

#: Degrees, counter-clockwise from "east". Gains and pains face the square.
SECTORS = {"jobs": (-60.0, 60.0), "gains": (60.0, 180.0), "pains": (180.0, 300.0)}
PROFILE_PARTS = SECTIONS
VALUE_MAP_PARTS = VALUE_MAP_SECTIONS
#: Traces follow the file's order of sections, so callers can rely on it.
TRACE_ORDER = SECTIONS + VALUE_MAP_SECTIONS
STATUS_MARK = {"validated": "✓ ", "invalidated": "✗ ", "assumption": ""}
LINE_SPACING = 1.3          # Plotly's own line height for multi-line text, in ems
NOTE_ASPECTS = (0.5, 0.42, 0.6, 0.34)
#: A note cut short must still show this many words of its item to be read at all.
READABLE_WORDS = 3
#: Projected type smaller than this (about 12 px at the usual zoom on a 1080p projector)
#: is lost from the back of a room; the projector pages rather than go below it.
READABLE_FONT = 16
#: How much smaller a part's type may get so that its longest word fits on a line.
WHOLE_WORD_SHRINK = 2
_MARKS = re.compile(r"^(?:[✓✗]|\d+\.)$")     # rank and status marks are not words
#: The square's side as a share of the circle's diameter.
SQUARE_SHARE = 0.82
#: A stacked diagram's circle spans this share of the plot's width.
STACKED_DIAMETER = 0.9
SHADE_NEUTRAL = "#4D4D4D"
#: Line lengths tried for slice titles: a narrow title may leave whole rows for notes.
_SECTOR_TITLE_CHARS = (18, 10)
#: Rim points (degrees) from which a slice's title may slide towards the hub.
_TITLE_ANGLES = {"gains": (100.0,), "pains": (260.0,), "jobs": (40.0, 0.0, -40.0)}


def score_shade(score: int) -> float:
    """Score 1 is a pale note, score 5 a strong one; dark text stays readable on both."""
    return 0.16 + 0.135 * (min(max(score, 1), 5) - 1)


@dataclass(frozen=True)
class Frame:
    plot_w: float
    plot_h: float
    side: int
    top: int
    bottom: int
    footer: float
    heading: float
    square: Box
    circle: tuple[float, float, float]
    stacked: bool = False   # the value map above the profile (a narrow, tall figure)


@dataclass(frozen=True)
class Note:
    part: str
    item_id: str
    box: Box
    label: str
    hover: str
    fill: str


@dataclass(frozen=True)
class PartLayout:
    part: str
    notes: list[Note]
    font: int
    hidden: int             # items that found no slot; the figure says how many


def _margins(size: tuple[int, int], theme: Theme) -> tuple[int, int, int, float, float,
                                                             float, float]:
    """``(side, top, bottom, plot width, plot height, footer, heading)`` in pixels."""
    width, height = size
    side, bottom = (30, 10) if theme.presentation else (24, 8)
    top = title_height(theme)
    footer = theme.body * LINE_SPACING * 2 + 16
    heading = (theme.body + 5) * LINE_SPACING + 16
    return side, top, bottom, width - 2 * side, height - top - bottom, footer, heading


def is_stacked(size: tuple[int, int]) -> bool:
    """A figure taller than wide puts the value map above the profile: side by side, a
    narrow screen leaves each picture too small for its notes."""
    return size[1] > size[0]


def stacked_height(width: int, theme: Theme) -> int:
    """The height at which a stacked diagram of this width wastes no room."""
    side, top, bottom, plot_w, _, footer, heading = _margins((width, width), theme)
    diameter = plot_w * STACKED_DIAMETER
    return math.ceil(top + bottom + footer + 2 * heading + diameter * (1 + SQUARE_SHARE))


def diagram_frame(size: tuple[int, int], theme: Theme) -> Frame:
    side, top, bottom, plot_w, plot_h, footer, heading = _margins(size, theme)
    if is_stacked(size):
        return _stacked_frame(side, top, bottom, plot_w, plot_h, footer, heading)
    room = plot_h - footer - heading
    gap = plot_w * 0.06
    diameter = min(room, (plot_w - gap) / (1 + SQUARE_SHARE))
    square_side = diameter * SQUARE_SHARE
    gap += (plot_w - square_side - gap - diameter) * 0.5
    x0 = (plot_w - square_side - gap - diameter) / 2
    cy = footer + room / 2
    square = Box(x0, cy - square_side / 2, x0 + square_side, cy + square_side / 2)
    circle = (square.x1 + gap + diameter / 2, cy, diameter / 2)
    return Frame(plot_w, plot_h, side, top, bottom, footer, heading, square, circle)


def _stacked_frame(side: int, top: int, bottom: int, plot_w: float, plot_h: float,
                   footer: float, heading: float) -> Frame:
    """The square on top (its links run down to the gains and pains), the circle below,
    each under its own heading; spare height is shared above and below."""
    room = plot_h - footer - 2 * heading
    diameter = min(plot_w * STACKED_DIAMETER, room / (1 + SQUARE_SHARE))
    square_side = diameter * SQUARE_SHARE
    spare = (room - diameter - square_side) / 2
    cx = plot_w / 2
    cy = footer + spare + diameter / 2
    y0 = cy + diameter / 2 + heading
    square = Box(cx - square_side / 2, y0, cx + square_side / 2, y0 + square_side)
    return Frame(plot_w, plot_h, side, top, bottom, footer, heading, square,
                 (cx, cy, diameter / 2), stacked=True)


def _square_parts(square: Box) -> dict[str, Box]:
    split_x = square.x0 + square.width / 3
    mid_y = square.center[1]
    return {
        "products": Box(square.x0, square.y0, split_x, square.y1),
        "gain_creators": Box(split_x, mid_y, square.x1, square.y1),
        "pain_relievers": Box(split_x, square.y0, square.x1, mid_y),
    }


def _sector_path(cx: float, cy: float, r: float, start: float, end: float) -> str:
    steps = max(12, int(abs(end - start) / 2))
    points = [(cx, cy)] + [
        (cx + r * math.cos(math.radians(start + (end - start) * i / steps)),
         cy + r * math.sin(math.radians(start + (end - start) * i / steps)))
        for i in range(steps + 1)
    ]
    return "M " + " L ".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z"


def _backgrounds(frame: Frame, theme: Theme) -> list[dict]:
    line = {"color": theme.outline, "width": theme.line}
    shapes = [
        {"type": "rect", "x0": box.x0, "y0": box.y0, "x1": box.x1, "y1": box.y1,
         "fillcolor": tint(PART_COLORS[part], 0.07), "line": line, "layer": "below",
         "name": f"part:{part}"}
        for part, box in _square_parts(frame.square).items()
    ]
    cx, cy, r = frame.circle
    shapes += [
        {"type": "path", "path": _sector_path(cx, cy, r, start, end),
         "fillcolor": tint(PART_COLORS[part], 0.07), "line": line, "layer": "below",
         "name": f"part:{part}"}
        for part, (start, end) in SECTORS.items()
    ]
    return shapes


def _note_font(labels: list[str], width: float, height: float, theme: Theme,
               smallest: int, largest: int) -> tuple[int, int, int]:
    """One font size per part: the largest that shows (almost) every label whole, or
    failing that the largest whose notes still hold a readable fragment of every label
    (``READABLE_WORDS`` words at least, see :func:`shows_enough`).

    Returns ``(size, characters per line, lines)``. Mixed sizes inside one part look
    accidental; a label that does not fit is shortened with an ellipsis. Words are never
    split; a slightly smaller size at which the part's longest word fits on a line wins
    over one that would have to shorten it. A
    crowded part may go below the theme's body size (30 notes in a third of a circle
    cannot hold 22 px text); the full text is always in the hover and the alt text. The
    projector prefers big type over whole sentences, the screen the other way round; but
    neither settles for notes cut to a word or two while a smaller size would show more
    (that cut every note of a 20-item canvas to "1. Gain number…" on the projector).
    """
    pad = min(10 if theme.presentation else 8, height * 0.15)
    enough = 24 if theme.presentation else 40
    longest = max((longest_word(label) for label in labels), default=0)
    em = char_em(labels)
    tries = [(size, *_capacity(width - pad, height - pad, size, theme, em))
             for size in range(largest, smallest - 1, -1)]
    def good(fit: tuple[int, int, int]) -> bool:
        _, chars, lines = fit
        return _mostly_fit(labels, chars, lines) or (
            chars * lines >= enough and shows_enough(labels, chars, lines))

    chosen = next((fit for fit in tries if good(fit)), None)
    if chosen is not None:
        # Keeping every word whole may cost up to WHOLE_WORD_SHRINK px, not more: a whole
        # part in tiny type to keep "Nutritionist-approved" whole reads worse than
        # "Nutritionist…".
        whole = (fit for fit in tries if fit[1] >= longest and fit[0] >= theme.small
                 and fit[0] >= chosen[0] - WHOLE_WORD_SHRINK and good(fit))
        return next(whole, chosen)
    for size, chars, lines in tries:
        if chars * lines >= enough:
            return size, chars, lines
    return tries[-1]


def shows_enough(labels: list[str], chars: int, lines: int) -> bool:
    """Every label shows whole or at least ``READABLE_WORDS`` of its words."""
    return all(_readable_label(wrap(label, chars, lines)) for label in labels)


def _readable_label(label: str) -> bool:
    shown = html.unescape(label.replace(BREAK, " ")).removeprefix("\u200b")
    if not shown.endswith(ELLIPSIS):
        return True
    return len([w for w in shown[:-1].split() if not _MARKS.match(w)]) >= READABLE_WORDS


def _mostly_fit(labels: list[str], chars: int, lines: int) -> bool:
    """At least 80 % of the labels show whole; stops as soon as the answer is known."""
    needed, fitting, left = 0.8 * len(labels), 0, len(labels)
    for label in labels:
        if fitting >= needed or fitting + left < needed:
            break
        fitting += fits_lines(label, chars, lines)
        left -= 1
    return fitting >= needed


def _capacity(width: float, height: float, size: int, theme: Theme,
              em: float) -> tuple[int, int]:
    return theme.chars(width, size, em), max(1, int(height / (size * LINE_SPACING)))


def _note_sizes(theme: Theme, part: str = "") -> dict:
    """Value-map parts are roomy rectangles; a lower cap keeps their notes in scale with
    the profile's, so size never hints at importance where there is no score."""
    profile = part in PROFILE_PARTS
    if theme.presentation:
        return {"max_width": 260 if profile else 220, "min_width": 60, "gap": 7,
                "margin": 12, "font_floor": 12}
    return {"max_width": 220 if profile else 180, "min_width": 56, "gap": 6, "margin": 10,
            "font_floor": 10}


@dataclass(frozen=True)
class Links:
    """Both directions of the value map's links, computed once per figure."""

    answers: dict[str, dict[str, list[str]]]    # pain/gain id -> answering texts
    ranks: dict[str, dict[str, tuple[int, str]]]  # section -> id -> (rank, text)

    @classmethod
    def of(cls, canvas: Canvas) -> Links:
        answers: dict[str, dict[str, list[str]]] = {"pains": {}, "gains": {}}
        for reliever in canvas.value_map.pain_relievers:
            for pain_id in reliever.relieves:
                answers["pains"].setdefault(pain_id, []).append(reliever.text)
        for creator in canvas.value_map.gain_creators:
            for gain_id in creator.creates:
                answers["gains"].setdefault(gain_id, []).append(creator.text)
        ranks = {section: {item.id: (rank, item.text) for rank, item in
                           ranked(canvas.section(section))} for section in ("pains", "gains")}
        return cls(answers, ranks)


def _entries(canvas: Canvas, part: str, t: Translator, links: Links) -> list[tuple]:
    """``(item id, raw label, hover, fill)`` in the order notes are read."""
    if part in PROFILE_PARTS:
        return [_profile_entry(t, part, rank, item, links) for rank, item in
                ranked(canvas.section(part))]
    return [_value_entry(t, part, item, links) for item in canvas.section(part)]


def _profile_entry(t: Translator, part: str, rank: int, item, links: Links) -> tuple:
    label = f"{STATUS_MARK[item.status]}{native_digits(str(rank), t.language)}. {item.text}"
    extra = _answered_by(t, part, item.id, links)
    fill = tint(PART_COLORS[part], score_shade(score_of(item)))
    return item.id, label, item_hover(t, part, rank, item, extra), fill


def _answered_by(t: Translator, part: str, item_id: str, links: Links) -> str:
    answers = links.answers.get(part, {}).get(item_id)
    if not answers:
        return ""
    key = "figures.hover.relieved_by" if part == "pains" else "figures.hover.created_by"
    return t(key, items="; ".join(shorten(text, 40) for text in answers))


def _value_entry(t: Translator, part: str, item, links: Links) -> tuple:
    targets = _targets(part, item, links)
    extra = ""
    if targets:
        key = "figures.hover.relieves" if part == "pain_relievers" else "figures.hover.creates"
        extra = t(key, items="; ".join(f"{rank}. {shorten(text, 40)}"
                                       for rank, text in targets))
    hover = join_lines(bold(section_label(t, part)), hover_text(item.text), extra)
    return item.id, item.text, hover, tint(PART_COLORS[part], 0.34)


def _targets(part: str, item, links: Links) -> list[tuple[int, str]]:
    """The pains or gains an item answers, by rank."""
    if part == "pain_relievers":
        ranks, wanted = links.ranks["pains"], item.relieves
    elif part == "gain_creators":
        ranks, wanted = links.ranks["gains"], item.creates
    else:
        return []
    return sorted(ranks[target] for target in set(wanted) if target in ranks)


def _layout_part(part: str, region: Region, entries: list[tuple], theme: Theme,
                 largest: int) -> PartLayout:
    sizes = _note_sizes(theme, part)
    packing = pack(region, len(entries), max_width=sizes["max_width"],
                   min_width=sizes["min_width"], aspects=NOTE_ASPECTS, gap=sizes["gap"])
    shown = entries[:len(packing.cells)]
    font, chars, lines = _note_font([e[1] for e in shown], packing.width, packing.height,
                                    theme, sizes["font_floor"], largest)
    notes = [Note(part, item_id, box, wrap(label, chars, lines), hover, fill)
             for (item_id, label, hover, fill), box in zip(shown, packing.cells, strict=True)]
    return PartLayout(part, notes, font, len(entries) - len(shown))


def _title_size(theme: Theme) -> int:
    return theme.body + 3


def _part_title(t: Translator, part: str, count: int, shown: range | None = None) -> str:
    """"Pains (20)", or on one page of a long section "Pains 11–20 of 20"."""
    if shown is None or len(shown) >= count:
        return t("figures.diagram.part_title", sec=section_label(t, part), n=count)
    return t("diagram.part_range", sec=section_label(t, part), first=shown.start + 1,
             last=shown.stop, n=count)


def _title_box_size(lines: list[str], theme: Theme) -> tuple[float, float]:
    """Bold DejaVu runs about 0.64 em a glyph (more in Cyrillic); the box is what notes
    must keep clear of."""
    size = _title_size(theme)
    return (max(len(line) for line in lines) * size * char_em(lines, bold=True) + 12,
            len(lines) * size * LINE_SPACING + 4)


def _profile_regions(frame: Frame, titles_of: dict[str, str], counts: dict,
                     theme: Theme) -> tuple[
        dict[str, Region], list[dict]]:
    """Each slice's title takes the spot that leaves its notes the most room.

    A few spots are tried (near the rim, where the circle is too curved for a row of
    notes, or at the hub); the one whose packing gives the largest notes wins.
    """
    cx, cy, r = frame.circle
    sizes = _note_sizes(theme, "jobs")
    regions, titles = {}, []
    for part, (start, end) in SECTORS.items():
        region = sector_region(cx, cy, r, start, end, sizes["margin"])
        title = titles_of[part]
        options = []
        for chars in _SECTOR_TITLE_CHARS:
            lines = wrap_lines(title, chars)
            width, height = _title_box_size(lines, theme)
            options += [(box, lines) for box in (place_label(region, a, b, width, height)
                                                 for a, b in _title_paths(frame, part))
                        if box is not None]
        if not options:
            lines = wrap_lines(title, _SECTOR_TITLE_CHARS[-1])
            options = [(_centred(region.anchor, *_title_box_size(lines, theme)), lines)]
        box, lines = max(options, key=lambda option: _room(
            replace(region, avoid=(option[0],)), counts[part], sizes))
        regions[part] = replace(region, avoid=(box,))
        text = "<br>".join(plain(line) for line in lines)
        titles.append(_title_annotation(text, box.center[0], box.center[1], "center",
                                        "middle", theme))
    return regions, titles


def _title_paths(frame: Frame, part: str) -> list[tuple[tuple[float, float],
                                                        tuple[float, float]]]:
    """Paths along which a slice title may sit: rim to hub at a few angles, hub outwards."""
    cx, cy, r = frame.circle
    start, end = SECTORS[part]
    mid = math.radians((start + end) / 2)
    hub = ((cx, cy), (cx + math.cos(mid) * r, cy + math.sin(mid) * r))
    rims = [((cx + math.cos(math.radians(a)) * r, cy + math.sin(math.radians(a)) * r),
             (cx, cy)) for a in _TITLE_ANGLES[part]]
    return rims + [hub]


def _room(region: Region, count: int, sizes: dict) -> tuple[int, float]:
    slots, width, height = pack_size(region, max(count, 1), max_width=sizes["max_width"],
                                     min_width=sizes["min_width"], aspects=NOTE_ASPECTS,
                                     gap=sizes["gap"])
    return slots, width * height


def _centred(point: tuple[float, float], width: float, height: float) -> Box:
    x, y = point
    return Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def _value_regions(frame: Frame, titles_of: dict[str, str], theme: Theme) -> tuple[
        dict[str, Region], list[dict]]:
    margin = _note_sizes(theme)["margin"]
    size = _title_size(theme)
    regions, titles = {}, []
    for part, box in _square_parts(frame.square).items():
        lines = wrap_lines(titles_of[part], theme.chars(
            box.width - 2 * margin, size, char_em([titles_of[part]], bold=True)))
        header = len(lines) * size * LINE_SPACING + margin
        regions[part] = rect_region(Box(box.x0, box.y0, box.x1, box.y1 - header), margin)
        text = "<br>".join(plain(line) for line in lines)
        titles.append(_title_annotation(text, box.x0 + margin, box.y1 - margin / 2, "left",
                                        "top", theme))
    return regions, titles


def _title_annotation(text: str, x: float, y: float, xanchor: str, yanchor: str,
                      theme: Theme) -> dict:
    return {"x": x, "y": y, "xref": "x", "yref": "y", "text": bold(text), "showarrow": False,
            "xanchor": xanchor, "yanchor": yanchor, "align": xanchor,
            "font": {"size": _title_size(theme), "color": theme.text}, "name": "part-title"}


def _link_shapes(canvas: Canvas, notes: dict[str, Note], theme: Theme,
                 stacked: bool) -> list[dict]:
    pairs = [(r.id, p, "pains") for r in canvas.value_map.pain_relievers for p in r.relieves]
    pairs += [(c.id, g, "gains") for c in canvas.value_map.gain_creators for g in c.creates]
    shapes = []
    for source_id, target_id, part in pairs:
        source, target = notes.get(source_id), notes.get(target_id)
        if source is None or target is None:
            continue
        curve = _down_curve if stacked else _curve
        shapes.append({"type": "path", "path": curve(source.box, target.box),
                       "line": {"color": rgba(PART_COLORS[part], 0.8), "width": theme.link},
                       "layer": "below", "name": "link"})
    return shapes


def _curve(source: Box, target: Box) -> str:
    x1, y1 = source.x1, source.center[1]
    x2, y2 = target.x0, target.center[1]
    bend = max(abs(x2 - x1) * 0.45, 40)
    return (f"M {x1:.1f},{y1:.1f} C {x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} "
            f"{x2:.1f},{y2:.1f}")


def _down_curve(source: Box, target: Box) -> str:
    """From the bottom of a value-map note down to the top of a profile note."""
    x1, y1 = source.center[0], source.y0
    x2, y2 = target.center[0], target.y1
    bend = max(abs(y1 - y2) * 0.45, 40)
    return (f"M {x1:.1f},{y1:.1f} C {x1:.1f},{y1 - bend:.1f} {x2:.1f},{y2 + bend:.1f} "
            f"{x2:.1f},{y2:.1f}")


def _rounded(box: Box, radius: float) -> str:
    r = min(radius, box.width / 4, box.height / 4)
    x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
    return (f"M {x0 + r:.1f},{y0:.1f} L {x1 - r:.1f},{y0:.1f} Q {x1:.1f},{y0:.1f} "
            f"{x1:.1f},{y0 + r:.1f} L {x1:.1f},{y1 - r:.1f} Q {x1:.1f},{y1:.1f} "
            f"{x1 - r:.1f},{y1:.1f} L {x0 + r:.1f},{y1:.1f} Q {x0:.1f},{y1:.1f} "
            f"{x0:.1f},{y1 - r:.1f} L {x0:.1f},{y0 + r:.1f} Q {x0:.1f},{y0:.1f} "
            f"{x0 + r:.1f},{y0:.1f} Z")


def _note_shape(note: Note, theme: Theme) -> dict:
    return {"type": "path", "path": _rounded(note.box, 6 if theme.presentation else 5),
            "fillcolor": note.fill, "layer": "below", "name": f"note:{note.part}",
            "line": {"color": PART_COLORS[note.part],
                     "width": 2 if theme.presentation else 1}}


def _note_trace(t: Translator, layout: PartLayout, theme: Theme) -> dict:
    """One trace per part: the notes' text and hover (their boxes are layout shapes)."""
    notes = layout.notes
    return {
        "type": "scatter",
        "x": [n.box.center[0] for n in notes], "y": [n.box.center[1] for n in notes],
        "mode": "markers+text", "text": [n.label for n in notes],
        "textposition": "middle center",
        "textfont": {"size": layout.font, "color": theme.text, "family": theme.font_family},
        "hovertext": [n.hover for n in notes], "hoverinfo": "text",
        "customdata": [[n.item_id, n.part] for n in notes],    # what a click opens
        "marker": {"symbol": "square", "color": "rgba(0,0,0,0)", "line": {"width": 0},
                   "size": [max(6, min(n.box.width, n.box.height)) for n in notes]},
        "name": section_label(t, layout.part), "meta": layout.part, "showlegend": False,
    }


def _empty_note(t: Translator, region: Region, theme: Theme) -> dict:
    x, y = region.anchor
    return {"x": x, "y": y, "xref": "x", "yref": "y", "showarrow": False,
            "text": t("figures.diagram.empty_part"), "name": "empty-part",
            "font": {"size": theme.body, "color": theme.soft_text}}


def _headings(frame: Frame, t: Translator, theme: Theme) -> list[dict]:
    cx, cy, r = frame.circle
    size = theme.body + 5
    common = {"xref": "x", "yref": "y", "showarrow": False, "yanchor": "bottom",
              "font": {"size": size, "color": theme.text}, "name": "heading"}
    # Side by side both headings share the circle's top line; stacked, each sits on its
    # own picture.
    square_top = frame.square.y1 + 4 if frame.stacked else cy + r + 4
    return [
        {**common, "x": frame.square.center[0], "y": square_top,
         "text": bold(t("section.value_map"))},
        {**common, "x": cx, "y": cy + r + 4, "text": bold(t("section.customer_profile"))},
    ]


def _footer(t: Translator, frame: Frame, theme: Theme, links: bool) -> tuple[list, list]:
    """A key for shade and status marks, so the printed page explains itself."""
    size = theme.body
    row = size * LINE_SPACING + 6
    y_top = frame.footer - 6
    swatch = size * 1.5
    shapes, notes = [], []
    for score in range(1, 6):
        x0 = (score - 1) * (swatch + 4)
        shapes.append({"type": "rect", "x0": x0, "x1": x0 + swatch, "y0": y_top - swatch,
                       "y1": y_top, "fillcolor": tint(SHADE_NEUTRAL, score_shade(score)),
                       "line": {"color": theme.outline, "width": 1}, "layer": "below",
                       "name": "key"})
        notes.append({"x": x0 + swatch / 2, "y": y_top - swatch / 2, "text": str(score),
                      "showarrow": False, "font": {"size": size * 0.85, "color": theme.text},
                      "xref": "x", "yref": "y", "name": "key"})
    key = t("figures.diagram.key_shade", validated=t("status.validated"),
            invalidated=t("status.invalidated"))
    x_key = 5 * (swatch + 4) + 8
    notes.append(_footer_text(key, x_key, y_top - swatch / 2, frame.plot_w - x_key, theme))
    if links:
        notes.append(_footer_text(t("figures.diagram.key_links"), 0, y_top - swatch - row / 2,
                                  frame.plot_w, theme))
    return shapes, notes


def _footer_text(text: str, x: float, y: float, width: float, theme: Theme) -> dict:
    """One line of the key, in smaller type (down to the theme's smallest) when the
    figure is too narrow for it, shortened only below that: an 800 px diagram cut the
    French key off at its edge."""
    size = footnote_size(text, width, theme)
    room = theme.chars(width, size, char_em([text]))
    return {"x": x, "y": y, "xref": "x", "yref": "y", "showarrow": False,
            "text": plain(text) if len(text) <= room else shorten(text, room),
            "xanchor": "left", "yanchor": "middle", "name": "key",
            "font": {"size": size, "color": theme.text}}


def footnote_size(text: str, width: float, theme: Theme) -> int:
    """The body size, or the largest smaller one (not below ``theme.small``) at which
    ``text`` fits on one line of ``width`` pixels."""
    em = char_em([text])
    for size in range(theme.body, theme.small, -1):
        if theme.chars(width, size, em) >= len(text):
            return size
    return theme.small


def layout_parts(canvas: Canvas, t: Translator, theme: Theme, frame: Frame,
                 window: tuple[int, int] | None = None) -> tuple[
        dict[str, PartLayout], dict[str, Region], list[dict]]:
    """Notes, regions and part titles; ``window=(page, per_page)`` shows one page of each
    section longer than ``per_page`` (ranks stay those of the whole section)."""
    links = Links.of(canvas)
    parts = PROFILE_PARTS + VALUE_MAP_PARTS
    entries, titles_of = {}, {}
    for part in parts:
        every = _entries(canvas, part, t, links)
        shown = page_range(len(every), window)
        entries[part] = every[shown.start:shown.stop]
        titles_of[part] = _part_title(t, part, len(every), shown)
    counts = {part: len(entries[part]) for part in parts}
    profile, profile_titles = _profile_regions(frame, titles_of, counts, theme)
    values, value_titles = _value_regions(frame, titles_of, theme)
    regions = {**values, **profile}
    layouts = {part: _layout_part(part, regions[part], entries[part], theme, theme.body + 1)
               for part in PROFILE_PARTS}
    # The value map's few short notes could take huge type; keeping it near the profile's
    # size stops the eye from reading size as importance.
    cap = max((layouts[p].font for p in PROFILE_PARTS if layouts[p].notes), default=100) + 3
    largest = min(theme.body + 1, cap)
    layouts |= {part: _layout_part(part, regions[part], entries[part], theme, largest)
                for part in VALUE_MAP_PARTS}
    return layouts, regions, value_titles + profile_titles


def page_range(count: int, window: tuple[int, int] | None) -> range:
    """The items of a ``count``-long section shown on page ``window[0]`` of
    ``window[1]`` items; a section that fits on one page shows whole on every page, and
    one that ends before this page shows its last page."""
    if window is None or count <= window[1]:
        return range(count)
    page, per_page = window
    last_page = (count - 1) // per_page
    start = min(max(page, 0), last_page) * per_page
    return range(start, min(start + per_page, count))


def page_count(canvas: Canvas, per_page: int) -> int:
    longest = max(len(canvas.section(part)) for part in PROFILE_PARTS + VALUE_MAP_PARTS)
    return max(1, math.ceil(longest / per_page))


def build_diagram(canvas: Canvas, t: Translator, theme: Theme, *, size: tuple[int, int],
                  title: str, subtitle: str, show_links: bool = True,
                  window: tuple[int, int] | None = None) -> go.Figure:
    frame = diagram_frame(size, theme)
    layouts, regions, titles = layout_parts(canvas, t, theme, frame, window)
    notes = {n.item_id: n for layout in layouts.values() for n in layout.notes}
    links = _link_shapes(canvas, notes, theme, frame.stacked) if show_links else []
    key_shapes, key_notes = _footer(t, frame, theme, bool(links))
    traces = [_note_trace(t, layouts[part], theme) for part in TRACE_ORDER
              if layouts[part].notes]
    empties = [_empty_note(t, regions[p], theme) for p, lay in layouts.items() if not lay.notes]
    layout = merge(
        {"shapes": _backgrounds(frame, theme) + links
         + [_note_shape(n, theme) for lay in layouts.values() for n in lay.notes] + key_shapes,
         "annotations": _headings(frame, t, theme) + titles + empties + key_notes
         + _overflow_notes(t, layouts, regions, theme),
         "xaxis": {**hidden_axis(), "range": [0, frame.plot_w], "fixedrange": False},
         "yaxis": {**hidden_axis(), "range": [0, frame.plot_h], "scaleanchor": "x",
                   "scaleratio": 1},
         "dragmode": "pan", "hovermode": "closest"},
        base_layout_dict(theme, title=title, subtitle=subtitle, size=size,
                         margin={"l": frame.side, "r": frame.side, "t": frame.top,
                                 "b": frame.bottom}),
        {"showlegend": False},
    )
    return themed_figure(theme, traces, layout)


def _overflow_notes(t: Translator, layouts: dict[str, PartLayout], regions: dict[str, Region],
                    theme: Theme) -> list[dict]:
    out = []
    for part, layout in layouts.items():
        if layout.hidden:
            bounds = regions[part].bounds
            out.append({"x": bounds.center[0], "y": bounds.y0, "xref": "x", "yref": "y",
                        "yanchor": "bottom", "showarrow": False, "name": "overflow",
                        "text": t.plural("figures.diagram.more", layout.hidden),
                        "bgcolor": "#FFFFFF", "font": {"size": theme.body,
                                                       "color": theme.text}})
    return out


def readable(layouts: dict[str, PartLayout], min_font: int = 0) -> bool:
    """Every item has a note in type of at least ``min_font`` px, and every note shows its
    whole text or at least ``READABLE_WORDS`` words of it (rank and status marks are not
    words)."""
    return all(not layout.hidden and (layout.font >= min_font or not layout.notes)
               and all(_readable_label(note.label) for note in layout.notes)
               for layout in layouts.values())


def readable_page(canvas: Canvas, t: Translator, theme: Theme,
                  size: tuple[int, int]) -> int | None:
    """Items per section and page so that every note is readable (see :func:`readable`)
    in type of ``READABLE_FONT`` px at least; None when the whole canvas is.

    Used by the projector, where a crowded canvas pages through its sections instead of
    cutting every note to two words in tiny type; the fewest pages that read well win.
    """
    frame = diagram_frame(size, theme)
    longest = max(len(canvas.section(part)) for part in PROFILE_PARTS + VALUE_MAP_PARTS)
    if readable(layout_parts(canvas, t, theme, frame)[0], READABLE_FONT):
        return None
    for per_page in range(longest - 1, 1, -1):
        pages = math.ceil(longest / per_page)
        if math.ceil(longest / (per_page - 1)) == pages:
            continue        # a smaller page with the same page count reads no worse
        if all(readable(layout_parts(canvas, t, theme, frame, (page, per_page))[0],
                        READABLE_FONT) for page in range(pages)):
            return per_page
    return 1
