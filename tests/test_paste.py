"""Pasting a list: one note per line, markers and spacing cleaned, nothing else changed."""

from __future__ import annotations

import pytest

from canvas.editing.paste import MAX_PASTE, PastePreview, clean_line, preview, shorten
from canvas.fileformat.models import MAX_ITEM_TEXT, MAX_ITEMS_PER_SECTION


@pytest.mark.parametrize(("line", "note"), [
    ("- Long queues", "Long queues"),
    ("* Long queues", "Long queues"),
    ("• Long queues", "Long queues"),
    ("– Long queues", "Long queues"),
    ("1. Long queues", "Long queues"),
    ("12) Long queues", "Long queues"),
    ("a) Long queues", "Long queues"),
    ("[ ] Long queues", "Long queues"),
    ("[x] Long queues", "Long queues"),
    ("☐ Long queues", "Long queues"),
    ("\t\t- [ ] Long queues", "Long queues"),
    ("  Long \t  queues  ", "Long queues"),
    ("-", ""),
    ("1.", ""),
    ("   ", ""),
])
def test_markers_and_spacing_are_removed(line, note):
    assert clean_line(line) == note


@pytest.mark.parametrize("line", [
    "-5 degrees outside", "**Bold** claim", "A. Smith's complaint", "1.5 kg of paperwork",
    "2020. A bad year", "<b>Cost</b> & fees = 💸", "Price—too high",
])
def test_other_characters_stay_exactly(line):
    assert clean_line(line) == line
    assert preview(line).texts == [line]


def test_preview_one_note_per_line_any_line_ending():
    raw = "- First\r\n\r\n* Second\rThird\n\n   \n4) Fourth <&>\n"
    assert preview(raw) == PastePreview(["First", "Second", "Third", "Fourth <&>"], 0, 0, 0)
    assert preview("") == PastePreview([], 0, 0, 0)


def test_duplicates_ignore_case_and_spacing():
    raw = "No time\n- no  TIME\nCost\nMess\n  cost "
    assert preview(raw, existing_texts=["MESS", "Other"]) == \
        PastePreview(["No time", "Cost"], 3, 0, 0)


def test_long_lines_are_shortened_at_a_word_boundary():
    mid_word = ("abcdefg " * 80).strip()                   # character 500 is inside a word
    assert shorten(mid_word) == (("abcdefg " * 62).strip() + "…", True)  # 496 characters
    on_space = ("word " * 120).strip()                     # character 500 is a space
    assert shorten(on_space) == (("word " * 100).strip() + "…", True)  # exactly 500
    exact = "x" * MAX_ITEM_TEXT
    assert shorten(exact) == (exact, False)


def test_a_long_unbroken_run_is_cut_mid_word():
    text, cut = shorten("see https://example.org/" + "a" * 600)
    assert cut and len(text) == MAX_ITEM_TEXT and text.endswith("a…")


def test_preview_counts_shortened_lines():
    raw = "short\n" + "y " * 400
    result = preview(raw)
    assert (result.shortened, len(result.texts[1])) == (1, MAX_ITEM_TEXT)
    assert result.texts[1] == ("y " * 250).strip() + "…"


def test_more_than_fifty_lines_are_cut_and_counted():
    raw = "\n".join(f"Note {n}" for n in range(1, 61))
    result = preview(raw)
    assert MAX_PASTE == 50
    assert result.texts == [f"Note {n}" for n in range(1, 51)]
    assert (result.duplicates, result.over_limit) == (0, 10)


def test_the_room_left_in_the_section_caps_the_paste():
    existing = [f"Old {n}" for n in range(MAX_ITEMS_PER_SECTION - 5)]
    result = preview("a\nb\nc\nd\ne\nf\ng", existing)
    assert (result.texts, result.over_limit) == (["a", "b", "c", "d", "e"], 2)
