"""Exact checks of the measuring helpers that keep figure text inside its figure (issue 21.9).

The browser test (tests/test_browser_fit_text.py) measures the drawn result; these pin the
arithmetic each builder relies on, so exports, the screen and the projector agree.
"""

from __future__ import annotations

import pytest

from canvas.figures import build
from canvas.figures.charts import LEGEND_FIRST_ROW, LEGEND_ROW, legend_height, more_note, note_lines
from canvas.figures.matrix import unplaced_text
from canvas.figures.text import BREAK
from canvas.figures.theme import PROJECTOR, SCREEN, title_size
from canvas.fileformat.models import Pain, blank_canvas
from canvas.i18n import Translator

FR_FIT = "Adéquation entre la carte de la valeur et le profil client : 42 %"
EN_FIT = "Fit between value map and customer profile: 42%"
UK_FIT = "Відповідність карти цінності профілю клієнта: 42 %"


@pytest.mark.parametrize(("theme", "title", "width", "size"), [
    (SCREEN, EN_FIT, 1200, 22),        # the export width: the theme's size
    (PROJECTOR, EN_FIT, 1200, 34),
    (PROJECTOR, EN_FIT, 860, 30),      # (860 * 0.99 - 16) / (48 * 0.58) = 29.99
    (PROJECTOR, FR_FIT, 860, 22),      # (851.4 - 16) / (65 * 0.58) = 22.16
    (PROJECTOR, UK_FIT, 860, 25),      # Cyrillic glyphs: 0.66 em; 835.4 / (50 * 0.66) = 25.3
    (PROJECTOR, FR_FIT, 300, 18),      # never under the theme's smallest text
    (SCREEN, "", 100, 22),
])
def test_title_size_fits_the_title_to_the_width(theme, title, width, size):
    assert title_size(theme, title, width) == size


def test_uk_title_size_is_computed_from_cyrillic_glyphs():
    assert title_size(PROJECTOR, UK_FIT, 860) == int((860 * 0.99 - 16) / (len(UK_FIT) * 0.66))


def test_a_figure_built_narrow_gets_a_smaller_title_and_keeps_its_top_margin():
    t = Translator("fr")
    canvas = blank_canvas("Boulangerie", "fr")
    canvas = canvas.model_copy(update={"pains": [Pain(id="p1", text="Trop cher", severity=4,
                                                      kind="obstacle")]})
    wide = build("ranking_pains", canvas, t, presentation=True, size=(1200, 640))
    narrow = build("ranking_pains", canvas, t, presentation=True, size=(500, 640))
    assert wide.layout.title.font.size == PROJECTOR.title
    assert narrow.layout.title.font.size < PROJECTOR.title
    assert narrow.layout.margin.t == wide.layout.margin.t


@pytest.mark.parametrize(("names", "room", "height"), [
    (["Kind", "Functional"], 1000, int(13 * LEGEND_FIRST_ROW + 10)),            # one row: 38
    # each entry: len * 13 * 0.58 + 36; 20 chars = 186.8, so two of them fill 380 px
    (["a" * 20, "b" * 20, "c" * 20], 380, int(13 * LEGEND_FIRST_ROW + 10 + 13 * LEGEND_ROW)),
    (["a" * 20, "b" * 20, "c" * 20], 180, int(13 * LEGEND_FIRST_ROW + 10 + 2 * 13 * LEGEND_ROW)),
])
def test_legend_height_counts_rows_at_the_measured_row_height(names, room, height):
    assert legend_height(names, SCREEN, room) == height


def test_legend_rows_are_as_tall_as_chromium_draws_them():
    assert legend_height(["Kind"], SCREEN, 1000) == 38      # was 34: 4 px into the subtitle
    assert legend_height(["Вид", "Функціональне", "Соціальне", "Емоційне", "Допоміжне"],
                         SCREEN, 300) == 38 + 2 * 22


def test_more_note_wraps_to_its_room():
    t = Translator("uk")
    whole = more_note(t, 8, PROJECTOR)
    assert BREAK not in whole["text"] and note_lines(whole) == 1
    wrapped = more_note(t, 8, PROJECTOR, x=0.4, room=300)
    chars = int(300 / (PROJECTOR.small * 0.66))            # 25 Cyrillic characters a line
    lines = wrapped["text"].split(BREAK)
    assert note_lines(wrapped) == len(lines) > 1
    assert all(len(line) <= chars for line in lines)
    assert " ".join(lines) == whole["text"]
    assert (wrapped["x"], wrapped["xanchor"], wrapped["align"]) == (0.4, "right", "right")


def test_the_unplaced_list_wraps_to_the_plot_width_in_its_own_glyph_width():
    t = Translator("uk")
    missing = [(rank, Pain(id=f"p{rank}", text=f"Складний договір без пояснень {rank}",
                           severity=3, kind="obstacle")) for rank in range(1, 6)]
    note = unplaced_text(t, missing, 600, SCREEN)
    chars = int(600 / (SCREEN.small * 0.66))                 # 90, not 103 Latin glyphs
    lines = note.split(BREAK)
    assert len(lines) > 1 and all(len(line) <= chars for line in lines)
    assert "5. Складний договір без пояснень 5" in " ".join(lines)


def test_the_comparison_subtitle_is_cut_to_the_figure_width():
    from canvas.figures import build_comparison

    t = Translator("uk")
    canvases = [blank_canvas(f"Магазин розумного дому для власників житла {i}", "uk")
                for i in range(3)]
    wide = build_comparison(canvases, t)
    narrow = build_comparison(canvases, t, size=(600, 1000))
    chars = int((600 - 48) / (SCREEN.subtitle * 0.66))       # 59 Cyrillic characters
    subtitle = narrow.layout.title.subtitle.text
    assert subtitle == "Магазин розумного дому для власників житла 0 · Магазин…"
    assert len(subtitle) <= chars and subtitle.count("…") == 1
    assert len(wide.layout.title.subtitle.text) > chars
