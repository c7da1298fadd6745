"""canvas/bidi.py: when a text needs an isolate, and which one."""

from canvas.bidi import FSI, LRI, PDI, RLI, direction, has_rtl, isolate, needs_isolate


def test_direction_is_the_first_strong_letters():
    assert direction("iPhone 15 بسعر 300 €") == "ltr"
    assert direction("300 € بسعر iPhone") == "rtl"
    assert direction("قیمت 20 یورو برای Wi-Fi") == "rtl"
    assert direction("300 €") is None


def test_latin_and_cyrillic_text_is_left_alone():
    for text in ("Délai de livraison trop long", "Довгі черги", "300 €", ""):
        assert not has_rtl(text) and not needs_isolate(text) and isolate(text) == text


def test_arabic_text_and_controls_are_isolated_in_their_own_direction():
    assert has_rtl("محمد") and isolate("محمد") == RLI + "محمد" + PDI
    assert isolate("iPhone 15 بسعر 300 €") == LRI + "iPhone 15 بسعر 300 €" + PDI
    assert isolate("iPhone 15 بسعر 300 €", "rtl") == RLI + "iPhone 15 بسعر 300 €" + PDI
    # The hold-out's override is closed inside its own isolate; no letter says a side.
    assert not has_rtl("\u202e") and isolate("\u202e123") == FSI + "\u202e123" + PDI
    assert isolate("\u202eevil") == LRI + "\u202eevil" + PDI
