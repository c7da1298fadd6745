"""Dates and numbers as each language writes them (canvas/formatting.py, Babel's CLDR)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from canvas.figures.labels import percent
from canvas.formatting import (
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_time,
)
from canvas.i18n import get_translator

WHEN = datetime(2026, 11, 22, 10, 5, tzinfo=UTC)

EXPECTED = {
    # language: (date, date and time, 73.4 %, 32767)
    "en": ("22/11/2026", "22/11/2026, 10:05", "73%", "32,767"),
    "fr": ("22/11/2026", "22/11/2026 10:05", "73\u00a0%", "32\u202f767"),
    "nl": ("22-11-2026", "22-11-2026, 10:05", "73%", "32.767"),
    "uk": ("22.11.2026", "22.11.2026, 10:05", "73%", "32\u00a0767"),
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_each_language_writes_dates_and_numbers_its_own_way(language):
    date, date_time, pct, number = EXPECTED[language]
    assert format_date(WHEN, language) == date
    assert format_datetime(WHEN, language) == date_time
    assert format_percent(73.4, language) == pct
    assert format_number(32_767, language) == number


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_time_to_the_second(language):
    assert format_time(WHEN.replace(second=9), language) == "10:05:09"


def test_unknown_language_falls_back_to_english():
    assert format_datetime(WHEN, "de") == EXPECTED["en"][1]


def test_figures_and_report_use_the_language_s_percent():
    """Was "{pct} %" from the catalog: a plain space in French, never a non-breaking one."""
    assert percent(get_translator("fr"), 73.4) == "73\u00a0%"
    assert percent(get_translator("uk"), 100) == "100%"
    assert percent(get_translator("en"), None) == get_translator("en")("figures.percent.none")


def test_pdf_report_dates_follow_the_language():
    from canvas.export.report_content import date_text as _fmt_date

    assert _fmt_date(get_translator("uk"), WHEN) == "22.11.2026"
    assert _fmt_date(get_translator("nl"), WHEN) == "22-11-2026"


def test_sizes_read_in_the_unit_that_fits_each_language():
    from canvas.formatting import ByteSize, format_size

    assert format_size(2 * 1024 * 1024, "en") == "2 MB"
    assert format_size(2 * 1024 * 1024, "fr") == "2\u202fMo"  # French: a narrow no-break space
    assert format_size(int(1.5 * 1024 * 1024), "nl") == "1,5 MB"
    assert format_size(512 * 1024, "uk") == "512 кБ"
    assert format_size(700, "en") == "700 byte"
    assert ByteSize(300 * 1024).formatted("fr") == "300\u202fko"


def test_persian_writes_its_own_digits_and_arabic_the_base_locales():
    """CLDR's default numbering: fa writes ۰-۹ (Babel keeps 0-9, so we map them), the
    base Arabic locale 0-9; counts given to a message follow the same rule."""
    from canvas.formatting import format_date, format_number
    from canvas.i18n import translate_plural

    when = datetime(2026, 12, 4, 10, 5, tzinfo=UTC)
    assert format_number(32767, "fa") == "۳۲٬۷۶۷"
    assert format_date(when, "fa") == "۲۰۲۶/۱۲/۴"
    assert format_number(32767, "ar") == "32,767"
    assert "4" in format_date(when, "ar") and "2026" in format_date(when, "ar")
    assert "۱۴" in translate_plural("auth.error.locked", 14, "fa")
    assert "14" in translate_plural("auth.error.locked", 14, "ar")
    assert "14" in translate_plural("auth.error.locked", 14, "en")


def test_lists_are_joined_with_the_arabic_comma_in_arabic_and_persian():
    from canvas.formatting import format_list

    assert format_list(["خانواده", "امنیت", "Wi-Fi 6"], "fa") == "خانواده، امنیت، Wi-Fi 6"
    assert format_list(iter(["أ", "ب"]), "ar") == "أ، ب"
    assert format_list(["a", "b"], "en") == format_list(["a", "b"], "uk") == "a, b"
    assert format_list(["seul"], "fr") == "seul" and format_list([], "fa") == ""


def test_a_persian_rank_list_and_count_line_read_with_its_comma_and_digits():
    from evidence_helpers import build

    from canvas.editing.board import value_note
    from canvas.export.report_content import counts_line

    t = get_translator("fa")
    canvas = build(pains=[("p1", "الف", 4, "assumption"), ("p2", "ب", 3, "assumption")],
                   relievers=[("r1", "ج", ["p1", "p2"])], language="fa")
    note = value_note(t, canvas, "pain_relievers", 1, canvas.value_map.pain_relievers[0],
                      ranks={"p1": 1, "p2": 2})
    assert note["lines"][0].endswith("#۱، #۲")
    assert "، " in counts_line(canvas, t) and ", " not in counts_line(canvas, t)
    assert ", " in counts_line(canvas, get_translator("en"))


def test_notes_set_apart_by_semicolons_use_the_arabic_semicolon():
    from evidence_helpers import build

    from canvas.figures import build as build_figure
    from canvas.formatting import format_list
    from canvas.i18n import Translator

    assert format_list(["a, b", "c"], "en", ";") == "a, b; c"
    assert format_list(["الف، ب", "ج"], "fa", ";") == "الف، ب؛ ج"
    assert format_list(["أ", "ب"], "ar", ";") == "أ؛ ب"
    # A reliever answering two pains: its hover on the diagram lists them.
    canvas = build(pains=[("p1", "الف", 4, "assumption"), ("p2", "ب", 3, "assumption")],
                   relievers=[("r1", "ج", ["p1", "p2"])], language="fa")
    hovers = "".join(h for trace in build_figure("diagram", canvas, Translator("fa")).data
                     for h in (trace.hovertext or ()) if h)
    assert "؛ " in hovers and "; " not in hovers
