"""Evidence and the full persona card in the exports: the PDF and Word reports (their
words decided once in canvas.export.evidence_content)."""

from __future__ import annotations

import csv
import io

import pytest
from evidence_helpers import build, learning_card, rich_canvas
from pypdf import PdfReader

from canvas.export import engine
from canvas.export.evidence_content import (
    RISKS_SHOWN,
    item_evidence,
    map_caption,
    risk_table,
    status_line,
)
from canvas.i18n import Translator

EN, UK = Translator("en"), Translator("uk")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", autouse=True)
def shared_browser():
    engine.shutdown()
    yield
    engine.shutdown()


@pytest.fixture(scope="module")
def reports() -> dict[str, bytes]:
    from canvas.export.report import pdf_report

    return {lang: pdf_report(rich_canvas(lang), Translator(lang)) for lang in ("en", "uk")}


def pdf_text(data: bytes) -> str:
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_item_evidence_lists_cards_in_order_with_the_status_reason():
    entries = item_evidence(rich_canvas("en"), EN)
    assert [entry.title for entry in entries] == [
        "Job #1: Get a warm meal after a night shift",
        "Job #2: Keep costs down for the family",
        "Pain #1: Everything is closed at 7am",
        "Pain #2: Cooking after twelve hours on my feet",
        "Pain reliever #2: Meals cooked the day before"]
    pain = entries[2]
    assert pain.status == ("Status: Invalidated, set by learning 1: "
                           "“A warm meal is missing after nights”")
    assert [card.header[0] for card in pain.cards] == ["Test 1 · done", "Test 2 · planned",
                                                       "Learning 1"]
    first, other, learning = (dict(map(tuple, card.rows)) for card in pain.cards)
    assert first["Method"] == "Interview" and first["Due"] == "04/12/2026"
    assert other["Method"] == "Night walk" and "Due" not in other  # own words, no date
    assert learning["About"] == "Test 1"
    assert learning["Strength of evidence"] == "What people do"
    assert learning["Status it gave"] == "Invalidated"
    assert entries[0].status == "Status: Assumption"
    assert entries[4].status == ""  # the value map has no status


def test_a_status_set_by_hand_names_no_learning():
    canvas = build(jobs=[("j1", "Job", 5, "validated",
                          {"learnings": [learning_card().model_dump()]})])
    assert status_line(EN, canvas.jobs[0]) == "Status: Validated"


def test_risk_table_follows_riskiest_and_counts_the_rest():
    jobs = [(f"j{n}", f"Job {n}", 5, "assumption") for n in range(1, RISKS_SHOWN + 4)]
    part = risk_table(build(jobs=jobs), EN)
    assert [row[2] for row in part.table.rows] == [f"Job {n}" for n in range(1, 11)]
    assert part.table.rows[0] == ["1", "Customer jobs", "Job 1", "5",
                                  "Still an assumption: nothing tested yet"]
    assert part.note == "And 3 more items to test after these."
    decided = build(jobs=[("j1", "Job", 5, "validated")])
    assert risk_table(decided, EN).table is None
    assert risk_table(decided, UK).note.startswith("Щодо кожного елемента")


def test_map_caption_counts_each_quadrant():
    canvas = build(jobs=[("j1", "A", 5, "assumption"), ("j2", "B", 1, "assumption"),
                         ("j3", "C", 4, "validated",
                          {"learnings": [learning_card(strength="pay").model_dump()]})])
    assert map_caption(canvas, EN) == ("Assumptions map. Test now: 1. Build on it: 1. "
                                       "Test later: 1. Known, less important: 0. "
                                       "Disproved, drop or rethink: 0.")


@pytest.mark.chromium
def test_pdf_report_has_the_full_persona_and_the_evidence_chapter(reports):
    text = pdf_text(reports["en"])
    for words in ("Persona card", "Who they are", "What drives them", "How they look and buy",
                  "Where this profile comes from", "Words they search for",
                  "quick dinner, meal box", "Dreams and ambitions",
                  "Open her own care practice", "current customers, our own records",
                  "Last reviewed", "02/11/2026",
                  "Evidence: what to test and what we learned", "What to test first",
                  "Assumptions map: what to test first", "Tests and learnings",
                  "Test 1 · running", "Talk to eight nurses leaving the ward",
                  "We are right if", "Six of eight ate cereal or nothing",
                  "Status: Invalidated, set by learning 1"):
        assert words in text, words
    # The riskiest item (a planned test on the top job) is listed with its reason.
    assert "1 Customer jobs Get a warm meal after a night shift 5 A test is planned" in text


@pytest.mark.chromium
def test_pdf_report_places_the_map_as_a_picture(reports):
    reader = PdfReader(io.BytesIO(reports["en"]))
    evidence_pages = [page for page in reader.pages
                      if "Assumptions map. Test now" in flat(page.extract_text())]
    assert len(evidence_pages) == 1
    assert len(evidence_pages[0].images) == 1


@pytest.mark.chromium
def test_ukrainian_report_speaks_ukrainian(reports):
    text = pdf_text(reports["uk"])
    for words in ("Що перевірити насамперед", "Карта припущень", "Тести й висновки",
                  "Ми віримо, що", "О сьомій ранку все зачинено", "Звідки цей профіль",
                  "теперішні клієнти, власні записи", "02.11.2026"):
        assert words in text, words


@pytest.mark.chromium
def test_word_report_has_the_persona_groups_and_the_evidence():
    from docx import Document

    from canvas.export.word import word_report

    doc = Document(io.BytesIO(word_report(rich_canvas("en"), EN)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Evidence: what to test and what we learned" in headings
    assert "Pain #1: Everything is closed at 7am" in headings
    cells = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    assert {"What drives them", "Favourite brands", "Nova Poshta, Silpo", "Test 2 · planned",
            "Night walk", "Learning 1", "What people pay"} <= cells
    titles = [shape._inline.docPr.get("title") for shape in doc.inline_shapes]
    assert titles.count("Assumptions map: what to test first") == 1


@pytest.mark.chromium
def test_a_card_is_never_split_over_two_pages(reports):
    """Pain #1's second test reached the foot of a page: it now starts on the next one
    instead of leaving its last row (and a repeated heading) overleaf."""
    for language, heading in (("en", "Test 2 · planned"), ("uk", "Тест 2 · заплановано")):
        reader = PdfReader(io.BytesIO(reports[language]))
        pages = [flat(page.extract_text()) for page in reader.pages]
        holding = [text for text in pages if heading in text]
        assert len(holding) == 1, language
        assert "Night walk" in holding[0] and holding[0].count("1 week") >= 1


def test_owner_criterion_met_and_people_reach_the_report_and_the_csv():
    """What the panel records (issue 20, 15) is printed too: who runs a test, whether its
    criterion was met and how many people a learning rests on."""
    from evidence_helpers import planned_test

    from canvas.export.evidence_tables import tests_csv_bytes

    learning = learning_card(test_id="e1", criterion_met="no", people=1200)
    canvas = build(pains=[("p1", "Closed at 7am", 5, "invalidated",
                           {"tests": [planned_test(owner="Olena").model_dump()],
                            "learnings": [learning.model_dump()]})])
    cards = [dict(map(tuple, card.rows)) for card in item_evidence(canvas, EN)[0].cards]
    assert cards[0]["Run by"] == "Olena"
    assert cards[1]["Criterion met"] == "No" and cards[1]["People it rests on"] == "1,200"
    uk = [dict(map(tuple, card.rows)) for card in item_evidence(canvas, UK)[0].cards]
    assert uk[1]["Критерій виконано"] == "Ні"
    rows = list(csv.DictReader(io.StringIO(tests_csv_bytes(canvas, EN).decode("utf-8-sig"))))
    assert [(r["Run by"], r["Criterion met"], r["People"]) for r in rows] == [
        ("Olena", "", ""), ("", "No", "1200")]
