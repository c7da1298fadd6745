"""Issue 20, points 17 to 19: exports and files a facilitator can trust."""

from __future__ import annotations

import json

import pytest

from canvas.i18n import Translator
from canvas.models import blank_canvas
from canvas.validation import CanvasFileError, parse_canvas


# -- 19: a file's format version written as text -------------------------------------------
def _file(**changes) -> bytes:
    raw = json.loads(blank_canvas("Nurses").to_json())
    raw.update(changes)
    return json.dumps(raw).encode()


@pytest.mark.parametrize(("language", "sentence"), [
    ("en", 'nurses.json: schema_version: must be a whole number from 1 to 2, not the text "1".'),
    ("fr", "nurses.json: schema_version: doit être un nombre entier de 1 à 2, "
           'et non le texte "1".'),
    ("uk", 'nurses.json: schema_version: має бути цілим числом від 1 до 2, '
           'а не текстом "1".'),
])
def test_schema_version_as_text_says_what_is_wrong(language, sentence):
    with pytest.raises(CanvasFileError) as info:
        parse_canvas(_file(schema_version="1"), "nurses.json")
    assert info.value.lines(Translator(language)) == [sentence]
    assert "allowed values" not in info.value.summary(Translator("en"))


def test_schema_version_one_and_two_as_numbers_are_accepted_other_types_named():
    assert parse_canvas(_file(schema_version=1)).schema_version == 2
    assert parse_canvas(_file(schema_version=2)).schema_version == 2
    with pytest.raises(CanvasFileError) as info:
        parse_canvas(_file(schema_version=1.5), "x.json")
    assert info.value.lines(Translator("en")) == [
        "x.json: schema_version: must be a whole number from 1 to 2, not 1.5."]


# -- 18: headings, the map page, Word's outline, the tests CSV ------------------------------
@pytest.mark.parametrize(("language", "titles"), [
    ("en", ["Job #1", "Job #2", "Pain #1", "Pain #2", "Pain reliever #2"]),
    ("fr", ["Tâche n° 1", "Tâche n° 2", "Difficulté n° 1", "Difficulté n° 2",
            "Solution n° 2"]),
    ("nl", ["Taak nr. 1", "Taak nr. 2", "Pijnpunt nr. 1", "Pijnpunt nr. 2",
            "Pijnverzachter nr. 2"]),
    ("uk", ["Завдання №1", "Завдання №2", "Біль №1", "Біль №2", "Полегшення болю №2"]),
])
def test_a_card_heading_names_one_item_in_the_singular(language, titles):
    from evidence_helpers import rich_canvas

    from canvas.export.evidence_content import item_evidence

    canvas = rich_canvas("uk" if language == "uk" else "en")
    entries = item_evidence(canvas, Translator(language))
    assert [entry.title.split(":")[0].rstrip() for entry in entries] == titles


@pytest.fixture(scope="module")
def uk_report() -> bytes:
    from evidence_helpers import rich_canvas

    from canvas.export import engine
    from canvas.export.report import pdf_report

    engine.shutdown()
    try:
        yield pdf_report(rich_canvas("uk"), Translator("uk"))
    finally:
        engine.shutdown()


def test_the_pdf_map_has_its_title_once_and_a_landscape_page_of_its_own(uk_report):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(uk_report))
    title = "Карта припущень: що перевірити насамперед"
    pages = [page for page in reader.pages if title in " ".join(page.extract_text().split())]
    assert len(pages) == 1
    page = pages[0]
    text = " ".join(page.extract_text().split())
    assert text.count(title) == 1
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert len(page.images) == 1
    assert "Тести й висновки" not in text  # the cards start on the next page


def test_the_report_map_drops_its_own_title_and_keeps_its_labels_whole():
    from evidence_helpers import rich_canvas

    from canvas.export.evidence_content import report_map

    canvas = rich_canvas("uk")
    figure, width, height = report_map(canvas, Translator("uk"))
    assert not (figure.layout.title.text or "").strip()
    assert width >= 1500 and height == figure.layout.height
    labels = [text for trace in figure.data if trace.mode == "text" for text in trace.text]
    assert "Готувати після дванадцяти годин на ногах" in labels
    assert not [label for label in labels if label.endswith("…")]


def test_word_outline_starts_at_level_one_and_never_skips_a_level():
    import io

    from docx import Document
    from evidence_helpers import rich_canvas

    from canvas.export import engine
    from canvas.export.word import word_report

    engine.shutdown()
    try:
        data = word_report(rich_canvas("en"), Translator("en"))
    finally:
        engine.shutdown()
    levels = [int(p.style.name.split()[-1]) for p in Document(io.BytesIO(data)).paragraphs
              if p.style.name.startswith("Heading")]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


def test_tests_csv_names_the_learnings_test_and_writes_iso_dates():
    import csv
    import io
    import re

    from evidence_helpers import rich_canvas

    from canvas.export.evidence_tables import tests_csv_bytes

    for language in ("en", "uk"):
        t = Translator(language)
        data = tests_csv_bytes(rich_canvas(language), t).decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(data)))
        rows = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
        about = t("evidence.column.test_id")
        learning = next(row for row in rows if row[about])
        assert learning[about] == t("evidence.report.test_ref", n=1)  # "Test 1", not "e1"
        dates = [row[t("evidence.column.date")] for row in rows]
        dates += [row[t("evidence.column.due")] for row in rows if row[t("evidence.column.due")]]
        assert dates and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates), dates
        assert "2026-12-04" in dates
