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


def test_persian_and_arabic_cards_write_the_age_in_their_digits_and_lists_with_their_comma():
    # Issue 25: "۳۴" for a Persian reader (Arabic keeps 0-9), lists with the Arabic
    # comma "، " in both; what the learner typed keeps its own digits ("Wi-Fi 6").
    persona = Persona(name="مریم", age=34, values=["خانواده", "امنیت"],
                      favourite_brands=["Nike", "Wi-Fi 6"],
                      sources=["current_customers", "own_records"])
    fa = {label: value for _, label, value in persona_lines(persona, Translator("fa"))}
    ar = {label: value for _, label, value in persona_lines(persona, Translator("ar"))}
    assert "۳۴" in fa.values() and "34" in ar.values()
    assert "خانواده، امنیت" in fa.values() and "خانواده، امنیت" in ar.values()
    assert "Nike، Wi-Fi 6" in fa.values()
    assert not any(", " in value for value in [*fa.values(), *ar.values()])
    from canvas.evidence.persona import persona_summary
    assert persona_summary(persona, Translator("fa"), 80) == "مریم · ۳۴"


def test_the_persian_workbook_and_report_show_the_card_the_same_way():
    import io

    from evidence_helpers import build
    from openpyxl import load_workbook

    from canvas.export.report_content import persona_tables
    from canvas.export.tables import xlsx_bytes

    canvas = build(pains=[("p1", "قیمت 20 یورو برای Wi\u2011Fi", 4, "assumption")],
                   language="fa")
    canvas = canvas.model_copy(update={"segment": canvas.segment.model_copy(update={
        "persona": Persona(name="مریم", age=34, values=["خانواده", "امنیت"])})})
    t = Translator("fa")
    sheet = load_workbook(io.BytesIO(xlsx_bytes(canvas, t))).worksheets[0]
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "۳۴" in cells and "خانواده، امنیت" in cells
    pains = load_workbook(io.BytesIO(xlsx_bytes(canvas, t))).worksheets[2]
    assert [row[0] for row in pains.iter_rows(min_row=2, values_only=True)] == [1]  # a number
    rows = [row for table in persona_tables(canvas, t) for row in table.rows]
    assert [row[1] for row in rows] == ["مریم", "۳۴", "خانواده، امنیت"]
