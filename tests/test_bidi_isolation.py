"""User text in markdown is isolated, and page turns follow the reading direction (issue 25).

Outside a Streamlit run (here) the page counts as left to right: Latin text stays exactly
as it was (every other test compares it), text with right-to-left letters or a bidi control
is put between FSI and PDI, so a U+202E override ends with it.
"""

from __future__ import annotations

from canvas.bidi import FSI, PDI
from canvas.ui.shell.direction import page_turns
from canvas.ui.shell.text import isolate, md_escape


def test_latin_text_is_left_as_it_was():
    assert isolate("Night nurses") == "Night nurses"
    assert md_escape("Délai de livraison trop long") == "Délai de livraison trop long"
    assert isolate("") == ""


def test_right_to_left_letters_and_overrides_are_isolated():
    assert isolate("iPhone 15 بسعر 300 €") == FSI + "iPhone 15 بسعر 300 €" + PDI
    assert isolate("قیمت 20 یورو برای Wi\u2011Fi").startswith(FSI)
    escaped = md_escape("\u202eevil")
    assert escaped == FSI + "\u202eevil" + PDI
    # The sentence around it: the override is closed before the sentence goes on.
    sentence = f"Deleted “{escaped}”. Undo?"
    assert sentence.index(PDI) < sentence.index("”")


def test_page_turns_follow_the_reading_direction():
    for language in ("en", "fr", "nl", "uk"):
        back, forward = page_turns(language)
        assert (back["shortcut"], forward["shortcut"]) == ("Left", "Right")
        assert back["icon"].endswith("arrow_back:")
    for language in ("ar", "fa"):
        back, forward = page_turns(language)
        assert (back["shortcut"], forward["shortcut"]) == ("Right", "Left")
        assert back["icon"].endswith("arrow_forward:") and forward["icon"].endswith("arrow_back:")
