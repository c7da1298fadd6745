"""The pixel size to lay the canvas diagram out at, for the room a screen gives it.

The diagram is laid out in pixels (notes sized to their text, fonts fitted to notes), so
it is correct only at the size it was laid out for. Insights used to lay it out at
1600 x 1000 and let ``st.plotly_chart(width="stretch")`` squeeze it into the column:
Plotly scales shapes with the plot but keeps text at its size, so on a 60-item canvas
(real Chromium, ``tests/test_browser_diagram.py``) 125 pairs of labels overlapped at
1280 x 720 and 76 at 1440 x 900, all 60 note texts ran out of their notes at both sizes,
and a 250-290 px blank band sat above the picture (stretching the plot taller than the
square axes could fill). The PNG export, drawn at its own size, was clean.

What measured best: the page measures the column (``canvas.ui.shell.figure_width``), and the
diagram is laid out again at exactly that width and shown at its natural size
(``width="content"``), so the screen and a download of what is shown are the same
picture; after the change the same test counts 0 overlaps, 0 texts out of their notes,
0 words broken and a 19 px gap under the subtitle at all three sizes (also in Ukrainian,
once Cyrillic is fitted with wider glyphs, see ``theme.char_em``). Scaling a 1600 px
layout down instead (as a picture) keeps it tidy but shrinks 13 px text to 7 px at
1280 x 720 (the projector does scale, its type being large); laying it out side by side
at 820 px cut every note to one word. So a column narrower than ``SIDE_BY_SIDE_WIDTH``
gets the value map above the profile (a tall figure the page scrolls through), where
each picture is about as large as in the 1600 px export.

Widths snap down to ``STEP`` pixels: resizing a window by a few pixels neither relays
the diagram nor defeats the layout caches.
"""

from __future__ import annotations

from canvas.figures.diagram import stacked_height
from canvas.figures.theme import theme_for

#: The export size: also what the screen shows before it has measured its column.
DIAGRAM_SIZE = (1600, 1000)
STEP = 40
#: Narrower than this, side by side leaves each picture too small for its notes.
SIDE_BY_SIDE_WIDTH = 1360
MIN_WIDTH = 600
ASPECT = DIAGRAM_SIZE[1] / DIAGRAM_SIZE[0]
#: The projector zooms its diagram within these bounds (a tiny window still shows text a
#: room can read; a 4K screen does not blow it up past what the layout was made for).
MIN_ZOOM, MAX_ZOOM = 0.5, 1.25


def _snap(pixels: float) -> int:
    return int(pixels // STEP * STEP)


def screen_size(available_width: float | None) -> tuple[int, int]:
    """Insights: as wide as the column (at most the export width); side by side in a wide
    column, stacked in a narrow one."""
    if not available_width:
        return DIAGRAM_SIZE
    width = max(MIN_WIDTH, min(DIAGRAM_SIZE[0], _snap(available_width)))
    if width >= SIDE_BY_SIDE_WIDTH:
        return width, round(width * ASPECT)
    return width, stacked_height(width, theme_for(False))


def projector_zoom(available_width: float | None, available_height: float | None) -> float:
    """Projector: the presentation diagram keeps its export layout (what the room sees is
    what the facilitator downloads) and is zoomed as a whole, text with notes, to the
    width and the height left between the heading and the navigation, so the room sees
    the whole canvas without scrolling. Big type over more notes: crowded canvases page
    through their sections instead (``diagram.readable_page``)."""
    if not available_width or not available_height:
        return 1.0
    zoom = min(available_width / DIAGRAM_SIZE[0], available_height / DIAGRAM_SIZE[1])
    return round(max(MIN_ZOOM, min(MAX_ZOOM, zoom)), 3)
