"""The persona card as labelled lines (canvas.evidence.persona.persona_lines)."""

from __future__ import annotations

from evidence_helpers import full_persona

from canvas.evidence.persona import group_label, persona_lines
from canvas.fileformat.models import PERSONA_GROUPS, Persona
from canvas.i18n import Translator


def test_every_field_of_a_full_card_in_card_order():
    lines = persona_lines(full_persona(), Translator("en"))
    assert len(lines) == sum(len(fields) for fields in PERSONA_GROUPS.values())
    assert [group for group, _, _ in lines] == [
        group for group, fields in PERSONA_GROUPS.items() for _ in fields]
    as_dict = {label: value for _, label, value in lines}
    assert as_dict["Name"] == "Olena"
    assert as_dict["Age"] == "34"
    assert as_dict["Favourite brands"] == "Nova Poshta, Silpo"
    assert as_dict["Words they search for"] == "quick dinner, meal box"
    assert as_dict["Based on"] == "current customers, our own records"
    assert as_dict["Last reviewed"] == "02/11/2026"


def test_only_filled_fields_and_nothing_for_no_card():
    lines = persona_lines(Persona(name="Olena", age=0, dreams="A garden"), Translator("en"))
    assert lines == [("demographics", "Name", "Olena"), ("demographics", "Age", "0"),
                     ("psychographics", "Dreams and ambitions", "A garden")]
    assert persona_lines(None, Translator("en")) == []
    assert persona_lines(Persona(), Translator("en")) == []


def test_labels_dates_and_sources_in_ukrainian():
    t = Translator("uk")
    as_dict = {label: value for _, label, value in persona_lines(full_persona(), t)}
    assert as_dict["Ім’я"] == "Olena"
    assert as_dict["Востаннє переглянуто"] == "02.11.2026"
    assert as_dict["На основі"] == "теперішні клієнти, власні записи"
    assert group_label(t, "behaviour") == "Як вони шукають і купують"


def test_text_is_kept_exactly_as_typed():
    lines = persona_lines(Persona(motivations="<b>more</b> = time"), Translator("en"))
    assert lines == [("psychographics", "Motivations", "<b>more</b> = time")]


def test_persona_summary_keeps_whole_facts_that_fit_one_line():
    from canvas.evidence.persona import persona_summary
    from canvas.fileformat.models import Persona
    from canvas.i18n import Translator

    t = Translator("en")
    persona = Persona(name="Olena", age=34, occupation="Night nurse", location="Rotterdam",
                      motivations="Time with her children")
    assert persona_summary(persona, t, 80) == "Olena · 34 · Rotterdam · Night nurse"
    assert persona_summary(persona, t, 30) == "Olena · 34 · Rotterdam"   # no fact cut
    assert persona_summary(persona, t, 3) == ""
    assert persona_summary(None, t, 80) == ""
