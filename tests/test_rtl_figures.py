"""Arabic and Persian in the figures (issue 25, point 4): measured, ordered, mirrored.

Exact values, as in ``tests/test_fit.py``: the ems Arabic script is fitted with, the
isolates that keep mixed-direction text and the hold-out's RIGHT-TO-LEFT OVERRIDE in
their label, and the mirrored bar charts a right-to-left reader starts on the right of.
"""

from __future__ import annotations

import pytest

from canvas.bidi import FSI, LRI, PDI, RLI, direction
from canvas.editing import edits as editing
from canvas.figures import build, build_comparison
from canvas.figures.text import plain, reading_right_to_left, wrap, wrap_lines
from canvas.figures.theme import SCREEN, char_em, theme_for
from canvas.figures.vote import build_vote
from canvas.fileformat.templates import list_templates, load_template
from canvas.i18n import Translator

AR_NOTE = "iPhone 15 بسعر 300 €"
FA_NOTE = "قیمت 20 یورو برای Wi\u2011Fi"
FR_NOTE = "Délai de livraison trop long"
EVIL = "\u202Eevil"
#: A real Arabic pain, 58 characters, and a Persian one with zero-width non-joiners.
AR_LONG = "سوء فهم شروط إلغاء الاشتراك والاستثناءات المصاحبة للتعويضات"
FA_LONG = "دستورالعمل‌های عیب‌یابی نامفهوم برای ترموستات‌های هوشمند"


# --- measuring Arabic script ---------------------------------------------------------------

def test_arabic_script_is_fitted_with_its_own_narrower_ems():
    # Measured in Chromium: the widest ar/fa label ran 0.532 em (DejaVu Sans), bold 0.616.
    assert char_em([AR_LONG]) == 0.54
    assert char_em([FA_LONG]) == 0.54
    assert char_em([AR_LONG], bold=True) == 0.62
    # A Latin brand or a French note on an Arabic canvas is as wide as in English, and
    # Cyrillic stays the widest; the widest text of a group decides.
    assert char_em([AR_NOTE]) == 0.58
    assert char_em([FR_NOTE, AR_LONG]) == 0.58
    assert char_em([AR_LONG, "Біль"]) == 0.66
    assert char_em([FR_NOTE]) == 0.58
    assert char_em([]) == 0.58


def test_an_arabic_label_gets_the_room_it_takes():
    # 300 px at 13 px: 42 Arabic characters (at English ems, 39: the 58-character pain
    # wrapped onto two lines of 35 and 22, now 40 and 17, and a one-line label of 40 to
    # 42 characters was shortened).
    chars = SCREEN.chars(300, 13, char_em([AR_LONG]))
    assert chars == 42
    assert wrap_lines(AR_LONG, chars) == ["سوء فهم شروط إلغاء الاشتراك والاستثناءات",
                                          "المصاحبة للتعويضات"]
    assert wrap_lines(FA_LONG, chars) == ["دستورالعمل‌های عیب‌یابی نامفهوم برای",
                                          "ترموستات‌های هوشمند"]


# --- direction -----------------------------------------------------------------------------

def test_text_with_right_to_left_letters_is_isolated_in_its_own_direction():
    assert direction(AR_NOTE) == "ltr" and direction(FA_NOTE) == "rtl"
    assert direction("3. " + AR_LONG) == "rtl" and direction("3. ") is None
    # A brand first reads left to right, as the page's dir="auto" does.
    assert plain(AR_NOTE) == LRI + AR_NOTE + PDI
    assert plain(FA_NOTE) == RLI + FA_NOTE + PDI
    # "3. حجز": the rank at the right, where an Arabic line starts.
    assert plain("3. " + AR_LONG) == RLI + "3. " + AR_LONG + PDI
    # Left-to-right text is left byte for byte as it was.
    assert plain(FR_NOTE) == FR_NOTE
    assert plain("Fish & <b>chips</b>") == "Fish &amp; &lt;b&gt;chips&lt;/b&gt;"


def test_an_override_never_reaches_past_its_own_text():
    # U+202E reverses what follows it up to the end of its isolate, not the chart's
    # other words on that line ("19. " before it, " · Validated" after it).
    assert plain(EVIL) == LRI + EVIL + PDI
    assert plain("19. " + EVIL) == LRI + "19. " + EVIL + PDI


def test_every_line_of_a_wrapped_note_reads_in_the_note_s_direction():
    # Line two starts with a Latin word: it still sits as the Arabic lines do.
    text = "كل علامة تجارية تحتاج تطبيقًا iPhone وحسابًا خاصًا بها"
    assert wrap(text, 30) == (RLI + "كل علامة تجارية تحتاج تطبيقًا" + PDI + "<br>"
                              + RLI + "iPhone وحسابًا خاصًا بها" + PDI)


# --- the figures ---------------------------------------------------------------------------

def _canvas(language: str):
    canvas = load_template(list_templates(language)[0].slug, language)
    for text in (AR_NOTE, FA_NOTE, FR_NOTE, EVIL):
        canvas = editing.add_item(canvas, "pains", text, kind="obstacle", severity=5)[0]
    return canvas


def test_only_arabic_and_persian_themes_read_right_to_left():
    assert [theme_for(False, lang).rtl for lang in ("en", "fr", "nl", "uk", "ar", "fa")] == \
        [False, False, False, False, True, True]
    assert theme_for(True, "fa").body == 22 and theme_for(False) is SCREEN
    assert "Noto Sans Arabic" in SCREEN.font_family


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_ranking_bars_start_at_the_right_for_a_right_to_left_reader(language):
    fig = build("ranking_pains", _canvas(language), Translator(language))
    layout = fig.layout
    assert (layout.title.x, layout.title.xanchor) == (0.99, "right")
    assert layout.title.text.startswith("<b>" + RLI)
    assert layout.hoverlabel.align == "right"
    assert layout.yaxis.side == "right"
    assert layout.xaxis.range[0] > layout.xaxis.range[1] == 0
    assert layout.margin.r > layout.margin.l == 30
    assert (layout.legend.x, layout.legend.xanchor) == (1, "right")
    assert layout.legend.title.side == "top right"
    labels = [label for trace in fig.data for label in trace.y]
    # Every label is isolated; the override stays inside its own.
    evil = [label for label in labels if EVIL in label]
    # On a right-to-left chart our rank stands at the right and the note keeps its own
    # isolate, which ends the override: "۵. " + FSI + "\u202eevil" + PDI, all in RLI…PDI.
    assert len(evil) == 1 and evil[0].startswith(RLI) and evil[0].endswith(FSI + EVIL + PDI + PDI)
    # An Arabic note opening with a brand is an Arabic sentence on an Arabic chart, as on
    # the board: right to left ("iPhone 15" at the right, "300 €" at the left end).
    assert [label for label in labels if AR_NOTE in label][0].startswith(RLI)
    # The text after each bar reads from the bar's end: "5 · مؤكد".
    outside = [text for trace in fig.data for text in trace.text]
    assert all(text.startswith(RLI) and text.endswith(PDI) for text in outside)


def test_ranking_stays_left_to_right_in_the_other_languages():
    fig = build("ranking_pains", _canvas("fr"), Translator("fr"))
    assert (fig.layout.title.x, fig.layout.title.xanchor) == (0.01, "left")
    assert fig.layout.yaxis.side is None and fig.layout.xaxis.range[0] == 0
    assert fig.layout.margin.l > fig.layout.margin.r == 30
    # On a French chart the same note reads as its first letter says (dir="auto").
    labels = [label for trace in fig.data for label in trace.y]
    assert [label for label in labels if AR_NOTE in label][0].startswith(LRI)


def test_a_figure_for_a_right_to_left_page_reads_arabic_notes_right_to_left():
    assert plain(AR_NOTE) == LRI + AR_NOTE + PDI
    with reading_right_to_left(True):
        assert plain(AR_NOTE) == RLI + AR_NOTE + PDI
        assert plain(FR_NOTE) == FR_NOTE and plain(EVIL) == LRI + EVIL + PDI
        # A French note we number: the rank at the right, as on the Persian rows.
        assert plain("۱. " + FR_NOTE) == RLI + "۱. " + FSI + FR_NOTE + PDI + PDI
    assert plain("1. " + FR_NOTE) == "1. " + FR_NOTE  # elsewhere left as it was
    assert plain(AR_NOTE) == LRI + AR_NOTE + PDI  # and only while that figure is built
    vote = build_vote([(AR_NOTE, 3), (FR_NOTE, 1)], Translator("ar"), section="pains",
                      title="t", subtitle="s")
    labels = [label for trace in vote.data for label in trace.y]
    assert [label[0] for label in labels if AR_NOTE in label] == [RLI]  # "1. iPhone..."


@pytest.mark.parametrize("name", ["mix_kinds", "mix_status", "fit"])
def test_the_other_bar_charts_are_mirrored_too(name):
    fig = build(name, _canvas("ar"), Translator("ar"))
    axes = [fig.layout[key] for key in fig.layout.to_plotly_json() if key.startswith("xaxis")]
    assert all(axis.autorange == "reversed" or axis.range[0] > axis.range[1]
               for axis in axes)
    assert fig.layout.yaxis.side == "right"


def test_fit_puts_the_pains_on_the_right_and_its_rule_under_them():
    fig = build("fit", _canvas("ar"), Translator("ar"))
    heads = [a for a in fig.layout.annotations if a.name == "part-heading"]
    pains, gains = heads   # built pains first
    assert pains.x > gains.x and pains.xanchor == gains.xanchor == "right"
    [rule] = [a for a in fig.layout.annotations if a.name == "rule"]
    assert (rule.x, rule.xanchor, rule.align) == (1, "right", "right")
    # Our own words with a number ("التوافق 27%") are isolated right to left too.
    assert all(line.startswith(RLI) for a in fig.layout.annotations
               for line in a.text.split("<br>"))


def test_comparison_puts_the_first_canvas_on_the_right():
    t = Translator("ar")
    first, second = _canvas("ar"), load_template(list_templates("ar")[1].slug, "ar")
    fig = build_comparison([first, second], t)
    assert fig.layout.xaxis.domain[0] > fig.layout.xaxis2.domain[1]
    labels = [trace for trace in fig.data if str(trace.meta).endswith(":labels")]
    assert {trace.textposition for trace in labels} == {"middle left"}


def test_the_room_summary_puts_the_pains_on_the_right_their_names_ending_at_the_bar():
    from canvas.figures.room_summary import build_room_summary
    from canvas.room.summary import Group

    groups = [Group(text, 2, (text,), 3) for text in (AR_NOTE, AR_LONG, FR_NOTE)]
    fig = build_room_summary(groups, groups[:1], 3, Translator("ar"), presentation=True)
    assert fig.layout.xaxis.domain[0] > fig.layout.xaxis2.domain[1]
    assert fig.layout.xaxis.range[0] > fig.layout.xaxis.range[1] == 0
    labels = [a for a in fig.layout.annotations if a.name == "pains-label"]
    assert {(a.x, a.xanchor, a.align) for a in labels} == {(0, "right", "right")}
    # In English nothing moved.
    en = build_room_summary(groups, groups[:1], 3, Translator("en"), presentation=True)
    assert en.layout.xaxis.domain[0] == 0 and en.layout.xaxis.range[0] == 0
    assert {a.xanchor for a in en.layout.annotations if a.name == "pains-label"} == {"left"}


def test_the_priority_matrix_keeps_its_axes_and_puts_its_note_at_the_right():
    canvas = _canvas("ar")
    for index in range(12):   # more items than the grid shows: the note of the rest
        canvas = editing.add_item(canvas, "pains", f"صعوبة رقم {index}", kind="risk",
                                  severity=1)[0]
    fig = build("priority_pains", canvas, Translator("ar"))
    assert fig.layout.xaxis.autorange is None and fig.layout.xaxis.range[0] < 1
    notes = [a for a in fig.layout.annotations if a.name == "unplaced"]
    assert [(a.x, a.xanchor, a.align) for a in notes] == [(1, "right", "right")]
    assert (fig.layout.legend.x, fig.layout.legend.xanchor) == (0, "left")


def test_an_arabic_export_draws_its_title_at_the_right_and_keeps_its_text_as_text():
    """Through kaleido's Chromium, as a download is made: the PNG's title ink lies in
    the right part of the picture, and the SVG holds the labels as (isolated) text in a
    font stack that carries Arabic letters, for a viewer to shape."""
    import io
    import re

    from PIL import Image

    from canvas.export.images import export_figure

    canvas, t = _canvas("ar"), Translator("ar")
    png = Image.open(io.BytesIO(export_figure("ranking_pains", canvas, t, "png")))
    grey = png.convert("L")
    width = grey.width
    band = grey.crop((0, 0, width, int(grey.height * 0.05)))
    columns = [x for x in range(width) if min(band.crop((x, 0, x + 1, band.height))
                                               .getdata()) < 100]
    assert columns and min(columns) > width * 0.5 and max(columns) > width * 0.95
    svg = export_figure("ranking_pains", canvas, t, "svg").decode("utf-8")
    assert "DejaVu Sans" in svg and "Noto Sans Arabic" in svg
    assert re.search(RLI + r"1\. ", svg)
    # The override stays inside its label's isolate, closed before the next label.
    assert re.search(RLI + r"\d+\. " + FSI + EVIL + PDI + PDI, svg)
