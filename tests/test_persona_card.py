"""The persona card's fields turn what a learner typed into what the file stores."""

from datetime import date

from canvas.fileformat.models import Persona
from canvas.ui.editor.persona_card import filled, split_list, stored_value, widget_value


def test_lists_are_comma_separated_trimmed_and_bounded():
    assert split_list(" night cafe ,, late breakfast ,") == ["night cafe", "late breakfast"]
    assert split_list(None) == []
    long = ",".join(f"word{i}" for i in range(30))
    assert len(split_list(long)) == 20
    assert split_list("x" * 80) == ["x" * 60]


def test_stored_value_by_field():
    assert stored_value("favourite_brands", "Lidl, Decathlon") == ["Lidl", "Decathlon"]
    assert stored_value("age", 34.0) == 34 and stored_value("age", None) is None
    # Sources keep the card's order whatever the click order.
    assert stored_value("sources", ["own_records", "current_customers"]) == [
        "current_customers", "own_records"]
    assert stored_value("last_reviewed", date(2026, 11, 20)) == date(2026, 11, 20)
    assert stored_value("last_reviewed", None) is None
    assert stored_value("dreams", "  a café  ") == "a café"
    assert stored_value("notes", "  kept as typed \n") == "  kept as typed \n"


def test_widget_value_round_trips_and_groups_count_filled_fields():
    persona = Persona(name="Olena", search_words=["cheap childcare"], sources=["own_records"],
                      last_reviewed=date(2026, 1, 2))
    for name in ("name", "search_words", "sources", "last_reviewed", "dreams"):
        assert stored_value(name, widget_value(persona, name)) == getattr(persona, name)
    assert (filled(persona, "demographics"), filled(persona, "behaviour"),
            filled(persona, "sources"), filled(None, "psychographics")) == (1, 1, 2, 0)


def test_an_arabic_comma_separates_and_a_persian_card_shows_its_lists_with_it():
    # What an Arabic or Persian keyboard types for "," is U+060C: "الف، ب" is two values.
    assert split_list("خانواده، امنیت ،وقت") == ["خانواده", "امنیت", "وقت"]
    assert split_list("Lidl, سامسونگ، Nike") == ["Lidl", "سامسونگ", "Nike"]
    persona = Persona(values=["خانواده", "امنیت"], favourite_brands=["Lidl", "Nike"])
    assert widget_value(persona, "values", "fa") == "خانواده، امنیت"
    assert widget_value(persona, "favourite_brands", "ar") == "Lidl، Nike"
    assert widget_value(persona, "favourite_brands", "fr") == "Lidl, Nike"
    for language in ("fa", "ar", "en"):
        for name in ("values", "favourite_brands"):
            assert stored_value(name, widget_value(persona, name, language)) == getattr(
                persona, name)
