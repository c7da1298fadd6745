"""The diagram's layout at the sizes screens give it: sizes, stacking, wrapping, pages."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from canvas.figures import build
from canvas.figures.diagram import (
    READABLE_FONT,
    READABLE_WORDS,
    diagram_frame,
    footnote_size,
    is_stacked,
    layout_parts,
    page_count,
    page_range,
    readable,
    readable_page,
    shows_enough,
    stacked_height,
)
from canvas.figures.sizing import (
    DIAGRAM_SIZE,
    MAX_ZOOM,
    MIN_WIDTH,
    MIN_ZOOM,
    SIDE_BY_SIDE_WIDTH,
    projector_zoom,
    screen_size,
)
from canvas.figures.text import ELLIPSIS, fits_lines, hover_text, longest_word, wrap_lines
from canvas.figures.theme import CHAR_WIDTH_EM, PROJECTOR, SCREEN, char_em
from canvas.fileformat.templates import load_template
from canvas.i18n import Translator
from canvas.ui.insights.diagram_view import BOARD_PAGES, clicked_item
from tests.test_browser_diagram import sample_canvas

# --- wrapping -------------------------------------------------------------------------------


def test_lines_break_at_spaces_never_inside_a_word():
    assert wrap_lines("Contamination of shared kitchen surfaces", 10) == [
        "Contamination"[:9] + ELLIPSIS, "of shared", "kitchen", "surfaces"]
    # A hyphenated word is one word: shortened, not broken after its hyphen.
    assert wrap_lines("Sealed, contamination-free packaging", 14) == [
        "Sealed,", "contamination…", "packaging"]
    text = "Find a place to eat a hot, healthy meal after a twelve-hour night shift"
    source = text.split()
    for width in range(4, 30):
        lines = wrap_lines(text, width)
        assert all(len(line) <= width for line in lines)
        for line in lines:
            *whole, last = line.split()
            assert all(word in source for word in whole), (width, line)
            # The last word is whole, or a long word shortened with an ellipsis.
            assert last in source or (last.endswith(ELLIPSIS) and any(
                word.startswith(last[:-1]) for word in source)), (width, line)


def test_a_cut_line_ends_after_its_last_whole_word():
    assert wrap_lines("Sleep six hours without interruption (2)", 20, max_lines=1) == [
        "Sleep six hours…"]
    assert wrap_lines("without interruption (2)", 20, max_lines=1) == ["without…"]


def test_hover_keeps_every_word_whole_however_long():
    url = "https://example.org/" + "a" * 80
    assert url in hover_text(f"See {url} now").split("<br>")


def test_fits_lines_refuses_a_word_longer_than_a_line():
    assert longest_word("a bb cccc") == 4 and longest_word("") == 0
    assert fits_lines("Decontamination wipes", 16, 2)
    assert not fits_lines("Decontamination wipes", 14, 3)


# --- sizes ----------------------------------------------------------------------------------

def test_screen_size_follows_the_column_in_steps():
    assert screen_size(None) == DIAGRAM_SIZE == screen_size(0)
    assert screen_size(1460) == (1440, 900)            # a 1920 px window, sidebar open
    assert screen_size(1459) == screen_size(1441) == (1440, 900)
    assert screen_size(2400) == DIAGRAM_SIZE
    narrow = screen_size(820)                          # a 1280 px laptop
    assert narrow[0] == 800 and is_stacked(narrow)
    assert narrow[1] == stacked_height(800, SCREEN)
    assert screen_size(300)[0] == MIN_WIDTH
    assert not is_stacked(screen_size(SIDE_BY_SIDE_WIDTH))
    assert is_stacked(screen_size(SIDE_BY_SIDE_WIDTH - 1))


def test_projector_zoom_fits_width_and_height():
    assert projector_zoom(None, 800) == projector_zoom(1800, None) == 1.0
    assert projector_zoom(1824, 760) == 0.76
    assert projector_zoom(1200, 2000) == 0.75
    assert projector_zoom(100, 100) == MIN_ZOOM and projector_zoom(9000, 9000) == MAX_ZOOM


def test_stacked_frame_puts_the_square_above_the_circle():
    frame = diagram_frame((800, stacked_height(800, SCREEN)), SCREEN)
    cx, cy, r = frame.circle
    assert frame.stacked and frame.square.y0 > cy + r           # y points up
    assert frame.square.x0 >= 0 and frame.square.x1 <= frame.plot_w
    assert cx - r >= 0 and cx + r <= frame.plot_w and cy - r >= frame.footer - 1
    assert frame.square.y1 <= frame.plot_h - frame.heading + 1
    side = diagram_frame(DIAGRAM_SIZE, SCREEN)
    assert not side.stacked and side.square.x1 < side.circle[0] - side.circle[2]


@pytest.mark.parametrize("column", [820, 980, 1460])
def test_sixty_notes_fit_without_overlap_at_every_laptop_size(column):
    """What the browser test measures, checked on the layout itself: every note shown,
    no two notes overlapping, each label within its note's lines and characters."""
    t, canvas = Translator("en"), sample_canvas(10, "Sixty items")
    frame = diagram_frame(screen_size(column), SCREEN)
    layouts, _, _ = layout_parts(canvas, t, SCREEN, frame)
    boxes = [n.box for layout in layouts.values() for n in layout.notes]
    assert len(boxes) == 60 and all(not lay.hidden for lay in layouts.values())
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]
    for layout in layouts.values():
        for note in layout.notes:
            lines = note.label.split("<br>")
            assert len(lines) * layout.font * 1.3 <= note.box.height, note.label
            assert max(len(line) for line in lines) <= SCREEN.chars(note.box.width,
                                                                    layout.font), note.label


@pytest.mark.parametrize("column", [600, 980, 1160, 1320, 1600])
@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_title_and_subtitle_stay_in_the_room_above_a_tall_diagram(column, language):
    """The title is placed in the figure's height: a stacked diagram of a 1160 to 1320 px
    column (2031 to 2293 px tall) sank it 26 to 34 px, and its subtitle overlapped the
    "Value map" heading by 1 to 5 px in every language (measured in Chromium). The title's
    line and the subtitle's, from where the title starts, fit the room above the plot."""
    from canvas.figures.theme import theme_for

    theme = theme_for(False, language)
    fig = build("diagram", sample_canvas(3, "Tall"), Translator(language),
                size=screen_size(column))
    height = fig.layout.height
    title_top = (1 - fig.layout.title.y) * height + (fig.layout.title.pad.t or 0)
    lines = fig.layout.title.font.size * 1.3 + theme.subtitle * 1.4
    assert title_top + lines <= fig.layout.margin.t, (height, title_top)


def test_screen_figure_has_the_size_it_was_laid_out_for():
    t, canvas = Translator("en"), sample_canvas(3, "Small")
    fig = build("diagram", canvas, t, size=(800, 1400))
    assert (fig.layout.width, fig.layout.height) == (800, 1400)
    assert fig.layout.autosize is False
    # a chart too is drawn at the size a screen measured; only the diagram has pages
    assert build("fit", canvas, t, size=(640, 520)).layout.width == 640
    with pytest.raises(ValueError, match="only the diagram"):
        build("fit", canvas, t, window=(0, 10))


# --- pages (projector) ----------------------------------------------------------------------

def test_page_range_pages_long_sections_and_keeps_short_ones_whole():
    assert page_range(20, None) == range(20)
    assert page_range(20, (0, 7)) == range(0, 7)
    assert page_range(20, (2, 7)) == range(14, 20)
    assert page_range(20, (9, 7)) == range(14, 20)         # past the end: the last page
    assert page_range(5, (2, 7)) == range(5)               # fits one page: whole, always
    canvas = sample_canvas(20, "Twenty")
    assert page_count(canvas, 7) == 3 and page_count(canvas, 20) == 1


def test_a_paged_part_says_which_items_it_shows():
    t, canvas = Translator("en"), sample_canvas(20, "Twenty")
    fig = build("diagram", canvas, t, presentation=True, window=(1, 7))
    titles = [a.text for a in fig.layout.annotations if a.name == "part-title"]
    joined = re.sub(r"<br>|<b>|</b>", " ", " ".join(titles))
    assert re.search(r"Pains\s+8–14\s+of\s+20", joined), joined
    pains = next(tr for tr in fig.data if tr.meta == "pains")
    assert [re.match(r"^(?:[✓✗] )?(\d+)\.", text).group(1) for text in pains.text] == [
        str(rank) for rank in range(8, 15)]


def test_shows_enough_needs_whole_text_or_three_words():
    assert READABLE_WORDS == 3
    assert shows_enough(["1. Too tired to cook"], 30, 1)
    label = "✓ 2. Too tired to cook anything healthy"
    assert wrap_lines(label, 19, 1) == ["✓ 2. Too tired to…"]
    assert shows_enough([label], 19, 1)
    assert wrap_lines(label, 16, 1) == ["✓ 2. Too tired…"]   # marks are not words
    assert not shows_enough([label], 16, 1)


def test_twenty_per_section_pages_until_every_note_reads_on_the_projector():
    """The defect: a 20-item-per-section canvas cut every projected note to
    "1. Gain number…". Now the projector pages, and every page reads."""
    t, canvas = Translator("en"), sample_canvas(20, "Twenty")
    frame = diagram_frame(DIAGRAM_SIZE, PROJECTOR)
    assert not readable(layout_parts(canvas, t, PROJECTOR, frame)[0], READABLE_FONT)
    per_page = readable_page(canvas, t, PROJECTOR, DIAGRAM_SIZE)
    assert per_page is not None and 2 <= per_page < 20
    for page in range(page_count(canvas, per_page)):
        layouts = layout_parts(canvas, t, PROJECTOR, frame, (page, per_page))[0]
        assert readable(layouts, READABLE_FONT)
    assert readable_page(sample_canvas(1, "One"), t, PROJECTOR, DIAGRAM_SIZE) is None
    # An example canvas (five or six items a section) shows whole, on one page.
    assert readable_page(load_template("bakery-new-range", "en"), t, PROJECTOR,
                         DIAGRAM_SIZE) is None


# --- click ----------------------------------------------------------------------------------

def test_a_clicked_note_names_its_section_and_item():
    def event(*points):
        return SimpleNamespace(selection=SimpleNamespace(points=list(points)))

    assert clicked_item(event({"customdata": ["p3", "pains"]})) == ("pains", "p3")
    assert clicked_item(event({"customdata": ["c1", "gain_creators"]})) == (
        "gain_creators", "c1")
    assert clicked_item(event()) is None
    assert clicked_item(event({"x": 3})) is None                 # a point without a note
    assert clicked_item(event({"customdata": ["x", "nowhere"]})) is None
    assert clicked_item(None) is None
    assert BOARD_PAGES["jobs"] == "pages/customer_profile.py"
    assert BOARD_PAGES["products"] == "pages/value_map.py"


def test_subtitle_is_shortened_to_the_figure_width():
    t = Translator("uk")
    canvas = load_template("gift-shop-online", "uk")
    narrow = build("diagram", canvas, t, size=(800, 1400)).layout.title.subtitle.text
    wide = build("diagram", canvas, t).layout.title.subtitle.text
    assert narrow.endswith(ELLIPSIS) and len(narrow) < len(wide)
    # 800 px minus margins, at the subtitle's size, in Cyrillic glyph widths.
    assert len(narrow) * SCREEN.subtitle * char_em([narrow]) <= 800 - 48


def test_cyrillic_text_is_fitted_with_wider_glyphs():
    assert char_em(["Delivery from 6am"]) == CHAR_WIDTH_EM
    assert char_em(["Доставка з 6 ранку"]) > CHAR_WIDTH_EM
    assert char_em(["Bold"], bold=True) > char_em(["Bold"])
    # A 160 px note less its padding: this line ran out of its note in Chromium.
    assert SCREEN.chars(152, 13, char_em(["електронною поштою"])) < len("електронною поштою")
    assert SCREEN.chars(152, 13) > len("електронною поштою")


@pytest.mark.parametrize("language", ["en", "fr", "nl", "uk"])
def test_the_key_fits_a_narrow_diagram_in_every_language(language):
    t = Translator(language)
    fig = build("diagram", sample_canvas(3, "Keys"), t, size=(800, 1400))
    keys = [a for a in fig.layout.annotations if a.name == "key" and len(a.text) > 2]
    assert len(keys) == 2
    for key in keys:
        em = char_em([key.text])
        assert key.x + len(key.text) * key.font.size * em <= 800 - 48, key.text
        assert key.font.size >= SCREEN.small
    french = Translator("fr")("figures.diagram.key_links")
    assert footnote_size(french, 752, SCREEN) < SCREEN.body
    assert footnote_size("Short", 752, SCREEN) == SCREEN.body
