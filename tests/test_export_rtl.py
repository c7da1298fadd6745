"""Arabic and Persian in the exports (issue 25, point 5): PDF, Word, XLSX and CSV.

The PDFs are read back with poppler's ``pdftotext``, which turns the drawn (visual) order
of a right-to-left line back into reading order, wrapping each run in embedding marks
(U+202A/U+202B ... U+202C) of its own; those marks and the white space of the layout are
the only things taken out before comparing (:func:`reading`). Two limits of poppler, not of
the PDF: a neutral sign after a number in a right-to-left line is drawn, and so read, on
the number's other side ("300 €" in an Arabic sentence), and a raised Arabic vowel mark
(tanwin, shadda) is not joined to its letter: poppler sets it on a line of its own, which
splits the line around it. So a note with a number is, when it is not found as typed,
compared on its letters and digits in order (:func:`skeleton`), and a note with vowel marks
word by word; every other note, and the mixed notes of the issue but the euro price, are
held exactly (:func:`holds`).
Shaping is checked on the fonts themselves: a joined Arabic letter is a contextual form
(an initial beh is the glyph ``uniFE91``).
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
import zipfile
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from canvas.evidence.interview_guide import default_guide
from canvas.export import engine
from canvas.export.interview_guide import guide_pdf
from canvas.export.login_cards import Card, login_cards_pdf
from canvas.export.pdfdoc import document_class
from canvas.export.report import pdf_report
from canvas.export.report_content import count_title
from canvas.export.tables import csv_bytes, xlsx_bytes
from canvas.fileformat.models import Pain
from canvas.fileformat.templates import list_templates, load_template
from canvas.i18n import Translator, get_translator

#: The mixed-direction notes of the issue (rtl_common.md), on every test canvas.
ARABIC_BRAND = "iPhone 15 بسعر 300 €"
PERSIAN_WIFI = "قیمت 20 یورو برای Wi‑Fi"
FRENCH = "Délai de livraison trop long"
OVERRIDE = "\u202eevil"
MIXED = (ARABIC_BRAND, PERSIAN_WIFI, FRENCH, OVERRIDE)
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
LINK = "https://vpc.example.org/join/ABC123"


@pytest.fixture(scope="module", autouse=True)
def shared_browser():
    engine.shutdown()
    yield
    engine.shutdown()


def canvas_with_mixed_notes(language: str):
    """The first example canvas in ``language`` with the four mixed notes as pains."""
    canvas = load_template(list_templates(language)[0].slug, language)
    extra = [Pain(id=f"mixed{i}", text=text, kind="obstacle", severity=3, frequency=2)
             for i, text in enumerate(MIXED)]
    return canvas.model_copy(update={"pains": [*canvas.pains, *extra]})


def pdftotext(data: bytes, *options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, "-", "-"], input=data,
                          capture_output=True, check=True).stdout.decode("utf-8")


_POPPLER_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c"))


def reading(text: str) -> str:
    """``text`` without poppler's embedding marks and without white space (a wrapped line
    and poppler's spacing of a run's ends are layout, not content)."""
    return "".join(text.translate(_POPPLER_MARKS).split())


def skeleton(text: str) -> str:
    """Letters, digits and marks only, in order: what reading order means for a line in
    which the bidirectional algorithm puts a neutral sign on the other side of a number
    ("300 €" in an Arabic sentence is drawn "€ 300"; poppler reads it as drawn)."""
    return "".join(c for c in text.translate(_POPPLER_MARKS)
                   if unicodedata.bidirectional(c) in ("L", "R", "AL", "EN", "AN", "NSM"))


def holds(text: str, note: str) -> bool:
    """Whether ``text`` (from pdftotext) holds ``note`` (see the module docstring)."""
    if any(unicodedata.category(c) == "Mn" for c in note):
        bare = "".join(c for c in reading(text) if unicodedata.category(c) != "Mn")
        return all("".join(c for c in word if unicodedata.category(c) != "Mn") in bare
                   for word in note.split())
    if reading(note) in reading(text):
        return True
    # A number with a sign or comma beside it: poppler reads the sign where it is drawn.
    return any(unicodedata.bidirectional(c) in ("EN", "AN") for c in note) and \
        skeleton(note) in skeleton(text)


def glyph_names(pdf) -> set[str]:
    return {glyph.glyph_name for font in pdf.fonts.values()
            for glyph, _id in font.subset.items() if glyph is not None}


def words(data: bytes, page: int = 1) -> list[tuple[float, float, str]]:
    """``(x min, x max, word)`` of each word on ``page``, from ``pdftotext -bbox``."""
    html = pdftotext(data, "-bbox", "-f", str(page), "-l", str(page))
    return [(float(a), float(b), w) for a, b, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        html)]


# ---------------------------------------------------------------------------------------
# PDF: shaping, direction and the text read back

@pytest.mark.parametrize("language", ["ar", "fa"])
def test_pdf_text_is_shaped_and_set_from_the_right(language):
    pdf = document_class()(get_translator(language), "footer")
    pdf.add_page()
    pdf.paragraph(ARABIC_BRAND)
    pdf.paragraph(FRENCH)
    pdf.grid(["#", "Text"], [["1", PERSIAN_WIFI]], [("RIGHT", 0), ("LEFT", 1)])
    data = bytes(pdf.output())
    names = glyph_names(pdf)
    # Joined letters: initial beh (FE91) of "بسعر", initial qaf (FED7) of "قیمت".
    assert {"uniFE91", "uniFED7"} <= names, sorted(names)
    placed = words(data)
    width = 595.28
    first = next(x for x in placed if x[2] == "iPhone")
    assert first[1] > width * 0.75  # the sentence starts on the right
    french = next(x for x in placed if x[2] == "trop")
    assert french[0] > width / 2  # a French note in an Arabic document: aligned right
    number = max((x for x in placed if x[2] == "1"), key=lambda x: x[0])  # not the footer's
    text = next(x for x in placed if x[2] == "Wi‑Fi")
    assert number[0] > text[1]  # the first column of a table is on the right


def test_a_latin_pdf_is_laid_out_as_before():
    pdf = document_class()(get_translator("fr"), "footer")
    pdf.add_page()
    pdf.paragraph(FRENCH)
    pdf.grid(["#", "Text"], [["1", "Prix fixe"]], [("RIGHT", 0), ("LEFT", 1)])
    data = bytes(pdf.output())
    assert pdf.text_shaping is None  # no shaping: the text is drawn as it always was
    placed = words(data)
    assert next(x for x in placed if x[2] == "Délai")[0] < 60
    assert next(x for x in placed if x[2] == "1")[1] < next(x for x in placed
                                                            if x[2] == "Prix")[0]


@pytest.mark.chromium
@pytest.mark.parametrize("language", ["ar", "fa"])
def test_pdf_report_text_holds_every_note_in_reading_order(language):
    canvas = canvas_with_mixed_notes(language)
    data = pdf_report(canvas, get_translator(language))
    text = pdftotext(data)
    flat, bones = reading(text), skeleton(text)
    items = [item.text for name in ("jobs", "pains", "gains", "products", "pain_relievers",
                                    "gain_creators") for item in canvas.section(name)]
    for note in items:
        if note in (ARABIC_BRAND, OVERRIDE):
            continue
        assert holds(text, note), note
    assert skeleton(ARABIC_BRAND) in bones and "€" in flat
    # The override turns only its own word around ("evil" is drawn "live", as a browser
    # shows it); the notes before and after it are read as written.
    assert "\u202elive" in flat
    assert reading(FRENCH) in flat and reading(PERSIAN_WIFI) in flat
    # The lam-alef ligature reads "لا", not "ال".
    assert reading(get_translator(language)("export.report.kicker")) in flat
    # Counts and ranks in the language's digits: Persian writes ۰-۹.
    t = get_translator(language)
    count = count_title(t, "pains", len(canvas.pains))
    assert skeleton(count) in bones, count
    if language == "fa":
        assert not re.search(r"[0-9]", count) and re.search(r"[۰-۹]", count), count


@pytest.mark.chromium
def test_an_arabic_handout_zip_holds_the_report_in_arabic():
    from canvas.export.handouts import Handout, clear_cache, zip_handouts

    clear_cache()
    canvas = canvas_with_mixed_notes("ar")
    data = zip_handouts([Handout("amira", "أميرة حداد", canvas)])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        (name,) = zf.namelist()
        text = pdftotext(zf.read(name))
    assert reading("أميرة حداد") in reading(text)
    assert reading(Translator("ar")("section.customer_profile")) in reading(text)
    assert reading(PERSIAN_WIFI) in reading(text)


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_interview_guide_is_shaped_right_to_left_with_questions_in_reading_order(language):
    canvas, t = canvas_with_mixed_notes(language), Translator(language)
    guide = default_guide(canvas, t, "potential_customers")
    data = guide_pdf(guide, canvas, t, now=NOW)
    raw = pdftotext(data)
    text = reading(raw)
    one = "۱" if language == "fa" else "1"
    for question in guide.questions:
        assert holds(raw, question.text), question.text
    # Each question is numbered in the language's digits, the number before its first word.
    first = "".join(c for c in guide.questions[0].text.split()[0]
                    if unicodedata.category(c) != "Mn")
    bare = "".join(c for c in text if unicodedata.category(c) != "Mn")
    assert re.search(rf"{one}\.?{first}", bare), bare[:400]
    assert reading(t("evidence.guide.other_notes")) in text
    placed = words(data)
    label = reading(t("evidence.guide.field.date")).split()[0]
    assert any(x[0] > 595.28 / 2 for x in placed if label in x[2][::-1] or label in x[2])


def test_login_cards_in_arabic_and_persian_are_mirrored_and_shaped():
    cards = [Card("محمد الأحمد", "mohammad-alahmad", "abcd-2345", "ar"),
             Card("زهرا رضایی", "zahra-rezaei", "efgh-6789", "fa"),
             Card("Olena Kovalenko", "olena-kovalenko", "ijkm-2345", "uk"),
             Card("أميرة حداد", "amira-haddad", "npqr-2345", "fr")]
    data = login_cards_pdf(cards, LINK, "Lille", get_translator("fr"))
    text = pdftotext(data)
    flat = reading(text)
    for card in cards:
        assert reading(card.name) in flat and card.username in flat, card.name
    assert reading(Translator("ar")("room.cards.password")) in flat
    assert reading(Translator("fa")("room.cards.password")) in flat
    placed = words(data)
    mm = 72 / 25.4
    # The Arabic card (first, left column: 10 to 105 mm) starts its name at its right
    # edge, where the QR code stood; the French card of an Arabic name (fourth, right
    # column: 105 to 200 mm) is not mirrored: its name starts at the left, QR on the right.
    arabic = [x for x in placed if x[2] in ("دمحم", "محمد")]
    assert arabic and arabic[0][1] > 95 * mm
    amira = [x for x in placed if x[2] in ("دادح", "حداد")]
    assert amira and amira[0][0] < 112 * mm


# ---------------------------------------------------------------------------------------
# Word, XLSX, CSV

@pytest.mark.chromium
def test_word_report_in_arabic_has_right_to_left_paragraphs_tables_and_runs():
    from docx import Document
    from docx.oxml.ns import qn

    from canvas.export.word import word_report

    canvas = canvas_with_mixed_notes("ar")
    doc = Document(io.BytesIO(word_report(canvas, get_translator("ar"), now=NOW)))
    body = doc.element.body
    paragraphs = body.findall(".//" + qn("w:p"))
    assert paragraphs and all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
                              for p in paragraphs)
    tables = body.findall(".//" + qn("w:tbl"))
    assert tables and all(tbl.find(f"{qn('w:tblPr')}/{qn('w:bidiVisual')}") is not None
                          for tbl in tables)
    assert body.find(f"{qn('w:sectPr')}/{qn('w:bidi')}") is not None
    runs = {}
    for run in body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        runs[text] = run.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
    assert runs[ARABIC_BRAND] is True and runs[PERSIAN_WIFI] is True
    assert runs[FRENCH] is False  # a French note stays a left-to-right run
    bold = [r for r in body.iter(qn("w:r")) if r.find(f"{qn('w:rPr')}/{qn('w:b')}")
            is not None and r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None]
    assert bold and all(r.find(f"{qn('w:rPr')}/{qn('w:bCs')}") is not None for r in bold)


@pytest.mark.chromium
def test_word_report_in_french_stays_left_to_right():
    from docx import Document
    from docx.oxml.ns import qn

    from canvas.export.word import word_report

    canvas = canvas_with_mixed_notes("fr")
    doc = Document(io.BytesIO(word_report(canvas, get_translator("fr"), now=NOW)))
    body = doc.element.body
    assert body.find(".//" + qn("w:bidi")) is None
    assert body.find(".//" + qn("w:bidiVisual")) is None


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_xlsx_sheets_read_right_to_left_in_arabic_and_persian(language):
    canvas = canvas_with_mixed_notes(language)
    book = load_workbook(io.BytesIO(xlsx_bytes(canvas, get_translator(language))))
    assert len(book.worksheets) > 3
    assert all(ws.sheet_view.rightToLeft for ws in book.worksheets)
    values = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True)
              for c in row]
    assert ARABIC_BRAND in values and PERSIAN_WIFI in values and OVERRIDE in values
    english = load_workbook(io.BytesIO(xlsx_bytes(canvas, get_translator("en"))))
    assert not any(ws.sheet_view.rightToLeft for ws in english.worksheets)
    scripts = load_workbook(io.BytesIO(xlsx_bytes(canvas)))
    assert not any(ws.sheet_view.rightToLeft for ws in scripts.worksheets)


def test_csv_opens_in_excel_as_utf8_and_keeps_arabic_exactly():
    canvas = canvas_with_mixed_notes("ar")
    data = csv_bytes(canvas, get_translator("ar"))
    assert data.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel reads UTF-8 by
    text = data.decode("utf-8-sig")
    for note in MIXED:
        assert note in text
    assert Translator("ar")("section.pains") in text


@pytest.mark.parametrize("hidden", ["\u061c", "\u2066", "\u2067", "\u2068", "\u2069",
                                    "\u200f", "\u202b"])
def test_a_formula_behind_a_right_to_left_mark_or_isolate_is_made_inert(hidden):
    canvas = canvas_with_mixed_notes("ar")
    formula = f'{hidden}=HYPERLINK("http://evil.example","اضغط هنا")'
    extra = Pain(id="formula", text=formula, kind="obstacle", severity=1, frequency=1)
    canvas = canvas.model_copy(update={"pains": [*canvas.pains, extra]})
    text = csv_bytes(canvas, get_translator("ar")).decode("utf-8-sig")
    assert "'" + formula in text.replace('""', '"')
    book = load_workbook(io.BytesIO(xlsx_bytes(canvas, get_translator("ar"))))
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if isinstance(c, str) and "HYPERLINK" in c]
    assert cells == ["'" + formula]
    arabic = "=جمع(1;2)"
    canvas = canvas.model_copy(update={"pains": [*canvas.pains, extra.model_copy(
        update={"id": "sum", "text": arabic})]})
    assert "'" + arabic in csv_bytes(canvas, get_translator("ar")).decode("utf-8-sig")


def test_the_persian_report_writes_every_number_of_ours_in_persian_digits():
    # Issue 25: ranks, scores, counts, dates, page numbers, the fit and the persona's age
    # in ۰-۹ (the age read "34"), the persona's list with "، "; the only 0-9 left are the
    # notes' own ("iPhone 15 بسعر 300 €", "قیمت 20 یورو"). In Arabic the age keeps 0-9.
    from canvas.fileformat.models import Persona

    canvas = canvas_with_mixed_notes("fa")
    persona = Persona(name="مریم", age=34, values=["خانواده", "امنیت"])
    canvas = canvas.model_copy(update={"segment": canvas.segment.model_copy(
        update={"persona": persona})})
    text = pdftotext(pdf_report(canvas, get_translator("fa")))
    latin = {re.sub(r"\D", "", word) for word in re.findall(r"\S*[0-9]\S*", text)}
    assert latin == {"15", "300", "20"}
    assert "۳۴" in text and "خانواده،امنیت" in reading(text)
    assert holds(text, PERSIAN_WIFI) and holds(text, ARABIC_BRAND)
    arabic = pdftotext(pdf_report(canvas.model_copy(update={"language": "ar"}),
                                  get_translator("ar")))
    assert "34" in arabic and "۳۴" not in arabic
