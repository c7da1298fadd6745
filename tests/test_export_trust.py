"""Issue 20, points 17 to 19: exports and files a facilitator can trust."""

from __future__ import annotations

import json

import pytest

from canvas.fileformat.models import blank_canvas
from canvas.fileformat.validation import CanvasFileError, parse_canvas
from canvas.i18n import Translator


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


@pytest.mark.chromium
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
    labels = [text.replace("<br>", " ") for trace in figure.data if trace.mode == "text"
              for text in trace.text]  # a long label takes two lines where the cell is tall
    assert "Готувати після дванадцяти годин на ногах" in labels
    assert not [label for label in labels if label.endswith("…")]


@pytest.mark.chromium
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


# -- 17: the interview guide asks what "Test first" lists, without the answer -------------
def _guide_canvas():
    from evidence_helpers import build, learning_card

    decided = {"learnings": [learning_card("e1", strength="pay",
                                           verdict="invalidated").model_dump()]}
    return build(
        jobs=[("j1", "Get a warm meal after a night shift", 5, "assumption"),
              ("j2", "Keep costs down for the family", 4, "validated"),
              ("j3", "Feel rested before the next shift", 3, "assumption")],
        pains=[("p1", "Everything is closed at 7am", 5, "invalidated", decided),
               ("p2", "Cooking after twelve hours on my feet", 4, "assumption"),
               ("p3", "Takeaway is cold by the time I get home", 3, "validated"),
               ("p4", "Queues at the canteen", 2, "assumption")],
        gains=[("g1", "Food ready when I get home", 5, "assumption")])


def test_guide_asks_about_the_test_first_list_from_the_job_without_decided_items():
    from canvas.evidence.interview_guide import default_guide
    from canvas.evidence.risk import riskiest

    canvas, t = _guide_canvas(), Translator("en")
    guide = default_guide(canvas, t, "potential_customers")
    asked = [(q.section, q.item_id) for q in guide.questions]
    assert asked == [("jobs", "j1"), ("jobs", "j3"), ("pains", "p2"), ("pains", "p4"),
                     ("gains", "g1")]
    listed = {(r.section, r.item_id) for r in riskiest(canvas)}
    assert set(asked) <= listed
    assert not {("jobs", "j2"), ("pains", "p1"), ("pains", "p3")} & set(asked)
    assert [q.text for q in guide.questions] == [
        "Think of the last busy day you remember well. What were you trying to get done, "
        "and how did you go about it, step by step?",
        "Is there anything else you had to get done around that time? Tell us about the "
        "last time it came up.",
        "What got in your way that time? What did you do about it?",
        "What else made it harder than it needed to be? When did that last happen?",
        "How did you know, that time, whether it had gone well? What made the difference?"]
    assert [q.listen_for for q in guide.questions] == [
        "Get a warm meal after a night shift", "Feel rested before the next shift",
        "Cooking after twelve hours on my feet", "Queues at the canteen",
        "Food ready when I get home"]


def test_with_no_job_left_to_test_the_interview_still_starts_from_a_known_job():
    from evidence_helpers import build

    from canvas.evidence.interview_guide import default_guide

    canvas = build(jobs=[("j1", "Old job", 5, "invalidated"), ("j2", "Real job", 4,
                                                                 "validated")],
                   pains=[("p1", "A pain", 3, "assumption")])
    guide = default_guide(canvas, Translator("en"), "current_customers")
    assert [(q.section, q.item_id) for q in guide.questions] == [("jobs", "j2"),
                                                                ("pains", "p1")]
    assert guide.questions[0].text.startswith("Tell us about the last time")
    everything_known = build(jobs=[("j1", "Job", 5, "validated")])
    assert default_guide(everything_known, Translator("en"), "current_customers"
                         ).questions == []


@pytest.mark.parametrize("language", ["en", "fr", "nl", "uk"])
@pytest.mark.parametrize("group", ["current_customers", "potential_customers",
                                   "non_customers"])
def test_no_question_read_aloud_holds_the_learners_words(language, group):
    from evidence_helpers import rich_canvas

    from canvas.evidence.interview_guide import PER_SECTION, default_guide, listen_note
    from canvas.fileformat.models import SECTIONS

    canvas = rich_canvas("uk" if language == "uk" else "en")
    t = Translator(language)
    items = [item.text for section in SECTIONS for item in canvas.section(section)]
    guide = default_guide(canvas, t, group)
    assert guide.questions
    for question in guide.questions:
        assert not [text for text in items if text.lower() in question.text.lower()]
        assert "{" not in question.text and question.text.rstrip().endswith(("?", "."))
        assert question.listen_for in items
        assert question.listen_for in listen_note(t, question)
    first = guide.questions[0]
    assert first.section == "jobs"
    # Follow-ups differ from one another: the same question twice teaches nothing.
    for section in SECTIONS:
        wording = [q.text for q in guide.questions if q.section == section]
        assert len(wording) == len(set(wording)) <= PER_SECTION


def test_the_printed_guide_keeps_the_learners_words_as_a_note_not_a_question():
    import io

    from evidence_helpers import rich_canvas
    from pypdf import PdfReader

    from canvas.evidence.interview_guide import default_guide
    from canvas.export.interview_guide import guide_pdf

    canvas, t = rich_canvas("uk"), Translator("uk")
    data = guide_pdf(default_guide(canvas, t, "potential_customers"), canvas, t)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages
                             ).split())
    assert "1. Згадайте останній насичений день" in text
    assert "Прислухайтеся, не зачитуйте вголос: «Поїсти гарячого після нічної зміни»" in text
    assert "О сьомій ранку все зачинено" not in text  # invalidated: not asked again


@pytest.mark.parametrize(("language", "name"), [
    ("uk", "нічні-медсестри-посібник-інтерв\u02bcю-потенційні-клієнти.pdf"),
    ("fr", "night-nurses-guide-entretien-clients-potentiels.pdf"),
    ("en", "night-nurses-interview-guide-potential-customers.pdf"),
])
def test_the_guide_file_name_is_in_the_canvas_language(language, name):
    from canvas.export.interview_guide import guide_file_name
    from canvas.fileformat.models import blank_canvas

    title = "Нічні медсестри" if language == "uk" else "Night nurses"
    canvas = blank_canvas(title, language)
    assert guide_file_name(canvas, "potential_customers", Translator(language)) == name


def test_interview_notes_choose_their_strength_and_say_whom_when_and_which_group(
        data_dir):
    from datetime import date

    from canvas.editing import edits as editing
    from tests.apptest_helpers import button, logged_in, no_exceptions, plain_texts, store_for

    logged_in(data_dir)
    canvas = blank_canvas("Night nurses", "en")
    canvas, pain = editing.add_item(canvas, "pains", "Everything is closed at 7am",
                                    kind="obstacle", severity=5)
    canvas_id = store_for(data_dir).create(canvas).id
    at = logged_in(data_dir, page="pages/interview_guide.py", query={"canvas": canvas_id})
    no_exceptions(at)
    prefix = f"guide_{canvas_id}_potential_customers_q_pains_{pain}"
    assert "Everything is closed" not in at.text_area(key=prefix).value
    assert "Listen for, do not read out: “Everything is closed at 7am”" in plain_texts(at)
    notes = f"{prefix}_notes"
    at.text_area(key=notes).input("She paid twice for a taxi to the only open shop")
    at.segmented_control(key=f"{notes}_strength__en").set_value("pay")
    at.text_input(key=f"{notes}_whom").input("Olena, night nurse")
    at.date_input(key=f"{notes}_when").set_value(date(2026, 12, 1))
    at.selectbox(key=f"{notes}_group__en").set_value("current_customers")
    at.run()
    button(at, key=f"{prefix}_attach").click()
    at.run()
    no_exceptions(at)
    learning = store_for(data_dir).load(canvas_id).pains[0].learnings[0]
    assert (learning.observed, learning.strength, learning.interviewee, learning.heard_on,
            learning.group) == ("She paid twice for a taxi to the only open shop", "pay",
                                "Olena, night nurse", date(2026, 12, 1), "current_customers")
    assert at.text_area(key=notes).value == ""


def test_interview_details_reach_the_report_and_the_csv():
    from datetime import date

    from evidence_helpers import build

    from canvas.export.evidence_content import item_evidence
    from canvas.export.evidence_tables import evidence_rows
    from canvas.fileformat.models import LearningCard

    card = LearningCard(id="e1", observed="She paid twice", strength="pay",
                        interviewee="Olena", heard_on=date(2026, 12, 1),
                        group="current_customers")
    canvas = build(pains=[("p1", "Closed at 7am", 5, "assumption",
                           {"learnings": [card.model_dump()]})])
    rows = dict(map(tuple, item_evidence(canvas, Translator("en"))[0].cards[0].rows))
    assert rows["Heard from"] == "Olena" and rows["Interview date"] == "01/12/2026"
    assert rows["Group"] == "Current customers"
    row = evidence_rows(canvas, Translator("fr"), iso_dates=True)[0]
    assert (row["interviewee"], row["heard_on"], row["group"]) == (
        "Olena", "2026-12-01", "Clients actuels")


def test_a_profile_with_every_item_decided_says_nothing_is_left_to_test(data_dir):
    from canvas.editing import edits as editing
    from tests.apptest_helpers import logged_in, no_exceptions, plain_texts, store_for

    logged_in(data_dir)
    canvas = blank_canvas("Night nurses", "en")
    canvas, pain = editing.add_item(canvas, "pains", "Everything is closed at 7am",
                                    kind="obstacle", severity=5)
    canvas = editing.update_item(canvas, "pains", pain, status="invalidated")
    canvas_id = store_for(data_dir).create(canvas).id
    at = logged_in(data_dir, page="pages/interview_guide.py", query={"canvas": canvas_id})
    no_exceptions(at)
    shown = plain_texts(at)
    assert "nothing is left to test" in shown
    assert "Add jobs, pains or gains to the customer profile first" not in shown
    assert not [area for area in at.text_area if "Everything is closed" in str(area.value)]
