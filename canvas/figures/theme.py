"""Colours, fonts and the two display modes every figure shares.

One theme object travels through every builder so the Insights page, the projector and
the exports cannot drift apart. Colours come from the Okabe-Ito palette, which stays
distinguishable for the common forms of colour blindness; meaning never rests on colour
alone (labels, patterns and rank numbers carry it too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from canvas.bidi import PDI, RLI
from canvas.i18n import RTL_LANGUAGES

# Okabe & Ito (2008), "Color Universal Design".
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
BLACK = "#000000"
OKABE_ITO = (ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE, BLACK)

#: One hue per part of the canvas; a reliever shares its pain's hue so links read at a glance.
PART_COLORS = {
    "jobs": BLUE,
    "pains": VERMILLION,
    "gains": BLUISH_GREEN,
    "products": REDDISH_PURPLE,
    "pain_relievers": VERMILLION,
    "gain_creators": BLUISH_GREEN,
}

#: Kinds keep the same colour in every chart; yellow is left out because bars and
#: bubbles in yellow vanish on white paper.
KIND_COLORS = {
    "jobs": {"functional": BLUE, "social": ORANGE, "emotional": REDDISH_PURPLE,
             "supporting": SKY_BLUE},
    "pains": {"undesired_outcome": VERMILLION, "obstacle": BLUE, "risk": REDDISH_PURPLE},
    "gains": {"required": BLUISH_GREEN, "expected": SKY_BLUE, "desired": ORANGE,
              "unexpected": REDDISH_PURPLE},
}

#: Status is told by pattern as well as colour, so it survives greyscale printing.
STATUS_STYLE = {
    "assumption": {"color": ORANGE, "pattern": "/"},
    "validated": {"color": BLUISH_GREEN, "pattern": ""},
    "invalidated": {"color": VERMILLION, "pattern": "x"},
}

ADDRESSED_COLOR = BLUISH_GREEN
UNADDRESSED_COLOR = VERMILLION

#: DejaVu ships with the export image; Noto and Arial cover laptops without it. DejaVu Sans
#: draws Arabic and Persian letters too (joined and shaped by Chromium); Noto Sans Arabic
#: (Debian's fonts-noto-core) stands in for it where DejaVu is missing. Not first: its
#: line box is 2.1 em tall (DejaVu's 1.2), so in Chromium every label it drew, Latin
#: ones included, grew boxes taller than the 1.45 em rows of a bar chart, and Plotly put
#: the subtitle 20 px lower, into the legend under it.
FONT_FAMILY = "DejaVu Sans, Noto Sans, Noto Sans Arabic, Arial, sans-serif"
#: Average advance of a DejaVu Sans glyph in ems, used to turn pixels into characters.
CHAR_WIDTH_EM = 0.58
#: Cyrillic runs wider (ш, щ, ю, ж are near 0.8 em): with 0.58, Ukrainian note text ran
#: out of its notes in Chromium; 0.66 keeps it in.
CYRILLIC_CHAR_WIDTH_EM = 0.66
#: Bold glyphs are about a tenth wider.
BOLD_FACTOR = 1.1
#: Arabic script joins its letters, and a joined letter is narrow: measured in Chromium
#: (canvas ``measureText``) over the 348 ar and fa example notes and chart labels of 20+
#: characters, the widest ran 0.532 em in DejaVu Sans and 0.511 in Noto Sans Arabic (the
#: mean 0.45 and 0.42), against 0.57 for English. Counted at 0.58 they were given a
#: tenth less room than they take, so labels were shortened and notes wrapped onto lines
#: they did not need. Bold runs wider than a tenth more in DejaVu (0.616 at most).
ARABIC_CHAR_WIDTH_EM = 0.54
ARABIC_BOLD_EM = 0.62
_CYRILLIC = re.compile("[\u0400-\u04FF]")
#: Arabic, Arabic Supplement, Extended-A, and the presentation forms.
_ARABIC = re.compile("[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def _script_em(text: str) -> tuple[float, float]:
    """(regular, bold) ems of one text: the widest script it holds. Arabic's narrow
    ems only for a text with no letter of another script (a Latin brand in an Arabic
    note is as wide as in English)."""
    if _CYRILLIC.search(text):
        return CYRILLIC_CHAR_WIDTH_EM, CYRILLIC_CHAR_WIDTH_EM * BOLD_FACTOR
    if _ARABIC.search(text) and not any(char.isalpha() and not _ARABIC.match(char)
                                        for char in text):
        return ARABIC_CHAR_WIDTH_EM, ARABIC_BOLD_EM
    return CHAR_WIDTH_EM, CHAR_WIDTH_EM * BOLD_FACTOR


def char_em(texts: Iterable[str], bold: bool = False) -> float:
    """Average glyph advance, in ems, to fit these texts: the widest any of them needs
    (Cyrillic wider, Arabic script narrower than Latin)."""
    ems = [_script_em(text)[1 if bold else 0] for text in texts]
    if not ems:
        return CHAR_WIDTH_EM * BOLD_FACTOR if bold else CHAR_WIDTH_EM
    return max(ems)


@dataclass(frozen=True)
class Theme:
    presentation: bool
    body: int           # axis ticks, legend, labels
    small: int          # the smallest text we allow (dense notes, footnotes)
    title: int
    subtitle: int
    line: float         # outlines and axis lines
    link: float         # reliever/creator links in the diagram
    text: str
    soft_text: str      # secondary text, still high contrast
    grid: str
    outline: str
    paper: str = "#FFFFFF"
    font_family: str = FONT_FAMILY
    #: Arabic and Persian figures: titles, legends and hover text start at the right, bar
    #: charts are mirrored (``canvas.figures.rtl``).
    rtl: bool = False

    def chars(self, pixels: float, size: float | None = None,
              em: float = CHAR_WIDTH_EM) -> int:
        """How many characters fit in ``pixels`` at ``size`` px, never fewer than one."""
        return max(1, int(pixels / ((size or self.body) * em)))


SCREEN = Theme(presentation=False, body=13, small=10, title=22, subtitle=14, line=1.5,
               link=1.6, text="#1A1A1A", soft_text="#3D3D3D", grid="#E3E3E3",
               outline="#3D3D3D")
#: Projector: big type, thick strokes, nothing lighter than near-black for text.
PROJECTOR = Theme(presentation=True, body=22, small=18, title=34, subtitle=24, line=3.0,
                  link=3.0, text="#000000", soft_text="#000000", grid="#BDBDBD",
                  outline="#000000")


def theme_for(presentation: bool, language: str | None = None) -> Theme:
    """The screen's or the projector's theme; for Arabic and Persian, right to left."""
    theme = PROJECTOR if presentation else SCREEN
    if language in RTL_LANGUAGES:
        return replace(theme, rtl=True)
    return theme


@lru_cache(maxsize=512)
def tint(color: str, amount: float) -> str:
    """``color`` mixed with white; opaque, so notes hide the link lines beneath them."""
    amount = min(max(amount, 0.0), 1.0)
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    mixed = (round(255 - (255 - c) * amount) for c in (red, green, blue))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def rgba(color: str, alpha: float) -> str:
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha:.2f})"


#: Pixels from the figure's top to its title's at most. The title is placed in the figure's
#: height (0.985, 15 px at the export's 1000): a stacked diagram of a 1160 to 1320 px
#: column is 2031 to 2293 px tall, its title sank 26 to 34 px, and its subtitle overlapped
#: the "Value map" heading below it by 1 to 5 px in every language.
TITLE_TOP = 15


def base_layout_dict(theme: Theme, *, title: str, subtitle: str, size: tuple[int, int],
                     margin: dict | None = None) -> dict:
    """Layout every figure shares, to merge last (see ``assemble.merge``).

    It fixes the size: labels are fitted to pixels, so a resized figure would overflow.
    Both modes keep the figure's export size; the projector mode only enlarges type and
    strokes, so a presentation export is exactly what the room saw.
    """
    width, height = size
    top = title_height(theme)
    # Right to left, the title and its subtitle start where the reader starts.
    x, anchor, align = (0.99, "right", "right") if theme.rtl else (0.01, "left", "left")
    layout = {
        "width": width, "height": height, "autosize": False,
        "paper_bgcolor": theme.paper, "plot_bgcolor": theme.paper,
        "font": {"family": theme.font_family, "size": theme.body, "color": theme.text},
        "title": {"text": f"<b>{RLI}{title}{PDI}</b>" if theme.rtl else f"<b>{title}</b>",
                  "x": x, "xanchor": anchor, "y": max(0.985, 1 - TITLE_TOP / height),
                  "yanchor": "top", "yref": "container",
                  "font": {"size": title_size(theme, title, width), "color": theme.text},
                  "subtitle": {"text": subtitle,
                               "font": {"size": theme.subtitle, "color": theme.soft_text}}},
        "margin": margin or {"l": 20, "r": 20, "t": top, "b": 20},
        "hoverlabel": {"font": {"family": theme.font_family, "size": max(theme.body, 14),
                                "color": theme.text},
                       "bgcolor": "#FFFFFF", "bordercolor": theme.outline, "align": align},
        "legend": {"font": {"size": theme.body, "color": theme.text},
                   "bgcolor": "rgba(255,255,255,0.9)"},
        "showlegend": True,
    }
    if theme.rtl:
        layout["title"]["pad"] = {"t": ARABIC_TITLE_DROP}
    return layout


def title_size(theme: Theme, title: str, width: float) -> int:
    """The title's font size: the theme's, or smaller so that the title's one line fits
    the figure's width (the projector's French Fit title, beside the score, ran 64 px past
    its half of a 1280 px screen). Never below the theme's smallest text; the room above
    the plot (``title_height``) is kept, so nothing else moves."""
    room = width * 0.99 - 16
    # Plain ems: DejaVu Sans Bold averages 0.54 to 0.57 em on Latin titles and 0.61 on
    # Cyrillic ones, under CHAR_WIDTH_EM and CYRILLIC_CHAR_WIDTH_EM already; Arabic
    # titles (DejaVu Sans Bold, up to 0.616 em) take the bold ems.
    em = char_em([title])
    needed = len(title) * (ARABIC_BOLD_EM if em == ARABIC_CHAR_WIDTH_EM else em)
    return int(max(theme.small, min(theme.title, room / max(needed, 1))))


#: DejaVu's Arabic letters reach higher than its Latin ones: an Arabic title's box is
#: 4 to 5 px taller at the top, and the Assumptions map's (its figure shorter, the title
#: nearer the edge) left the picture by 1 px in Chromium; Plotly then stacks the
#: subtitle 2 px lower, and the ranking's legend title overlapped it by 1 px. Arabic
#: and Persian titles sit this much lower, in this much more room.
ARABIC_TITLE_DROP = 4
ARABIC_TITLE_ROOM = 8


def title_height(theme: Theme) -> int:
    """Room above the plot for the title and its subtitle, which Plotly stacks."""
    extra = ARABIC_TITLE_ROOM if theme.rtl else 0
    return round(theme.title * 1.3 + theme.subtitle * 1.4 + 24) + extra


def axis_style(theme: Theme) -> dict:
    return {"showline": True, "linecolor": theme.outline, "linewidth": theme.line,
            "gridcolor": theme.grid, "zeroline": False,
            "tickfont": {"size": theme.body, "color": theme.text},
            "title": {"font": {"size": theme.body, "color": theme.text}}}


def hidden_axis() -> dict:
    return {"visible": False, "showgrid": False, "zeroline": False}


def _luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink_on(color: str) -> str:
    """Black or white, whichever reads better on ``color`` (WCAG contrast)."""
    return "#000000" if contrast_ratio(color, "#000000") >= contrast_ratio(
        color, "#FFFFFF") else "#FFFFFF"
