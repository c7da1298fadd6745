"""The interview guide: its questions from the canvas, its templates, and its PDF."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from evidence_helpers import build, rich_canvas
from pypdf import PdfReader

from canvas.evidence.interview_guide import GROUPS, PER_SECTION, Question, default_guide
from canvas.export.interview_guide import guide_pdf
from canvas.i18n import LANGUAGES, Translator, catalog

#: What a "would you buy...?" question looks like in each language: a conditional, or
#: buying and paying. The guide asks what people did, never what they would do.
HYPOTHETICAL = {
    "en": r"\b(would|will you|buy|pay)\b",
    "fr": r"(\w+(rais|rait|riez|rions|raient)\b|achet|pai|payer)",
    "nl": r"\b(zou|zouden|zal|kopen|koopt|betalen|betaalt)\b",
    "uk": r"(\bб(и)?\b|купи|купу|плат)",
    # Arabic: "if" (لو), the future (سوف, or the prefix سـ on "you buy / pay"), buying
    # and paying in the present.
    "ar": r"(\bلو\b|سوف|ست(شتري|دفع)|تشتري|يشتري|تدفع|يدفع|الشراء)",
    # Persian: "would / if" (اگر), "are you ready to", buying and paying in the present.
    "fa": r"(اگر|حاضر|خواهید|بخر|می\u200cخرید|بپرداز|پول می\u200cدهید)",
}


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_question_template_is_open_and_about_the_past(language):
    templates = {key: text for key, text in catalog(language).items()
                 if key.startswith(("evidence.guide.ask.", "export_trust.guide.ask."))}
    assert len(templates) == 3 * len(GROUPS) + 3 * (PER_SECTION - 1)
    for key, text in templates.items():
        assert "{" not in text, key  # never the learner's words, read aloud (issue 20)
        # A question (Arabic and Persian write ؟), maybe followed by "walk us through it."
        assert "?" in text or "؟" in text, key
        found = re.search(HYPOTHETICAL[language], text.lower())
        assert found is None, (key, found.group(0) if found else "")


def test_the_hypothetical_patterns_do_catch_would_you_buy():
    """The check above must be able to fail."""
    for language, question in (("en", "Would you buy a meal box?"),
                               ("fr", "Achèteriez-vous une boîte repas ?"),
                               ("nl", "Zou u een maaltijdbox kopen?"),
                               ("uk", "Ви купили б таку коробку?"),
                               ("ar", "هل ستشتري علبة وجبات؟"),
                               ("fa", "آیا یک جعبه غذا می\u200cخرید؟")):
        assert re.search(HYPOTHETICAL[language], question.lower()), language


def test_default_guide_asks_about_the_test_first_items_of_each_section():
    canvas = build(jobs=[(f"j{n}", f"Job {n}", n, "assumption") for n in range(1, 6)],
                   pains=[("p1", "Closed at 7am", 4, "validated"),
                          ("p2", "Cold takeaway", 3, "assumption")])
    guide = default_guide(canvas, Translator("en"), "current_customers")
    assert [(q.section, q.item_id) for q in guide.questions] == [
        ("jobs", "j5"), ("jobs", "j4"), ("jobs", "j3"), ("pains", "p2")]
    assert len([q for q in guide.questions if q.section == "jobs"]) == PER_SECTION
    assert guide.questions[3].text == ("Thinking back to that time: what was the hardest "
                                       "or most annoying part? What did it cost you?")
    assert guide.questions[3].listen_for == "Cold takeaway"
    assert guide.opening.startswith("Thank you for making time. You already use")
    assert guide.closing.startswith("Is there anything we did not ask")
    other = default_guide(canvas, Translator("en"), "non_customers")
    assert other.opening != guide.opening and other.questions[0].text != \
        guide.questions[0].text
    with pytest.raises(ValueError, match="unknown interview group"):
        default_guide(canvas, Translator("en"), "everyone")


def test_ukrainian_guide_pdf_holds_the_top_pain_and_ukrainian_headings():
    canvas, t = rich_canvas("uk"), Translator("uk")
    text = pdf_text(guide_pdf(default_guide(canvas, t, "potential_customers"), canvas, t))
    top_pain = canvas.pains[1].text  # the first, invalidated, is not asked about again
    assert top_pain == "Готувати після дванадцяти годин на ногах"
    assert f"Прислухайтеся, не зачитуйте вголос: «{top_pain}»" in text
    assert "3. Що заважало вам того разу?" in text
    for heading in ("Посібник для інтерв’ю", "Розмова з групою: Потенційні клієнти", "Вступ",
                    "Запитання", "Завершення", "Інші нотатки", "З ким говорили"):
        assert heading in text, heading
    reader = PdfReader(io.BytesIO(guide_pdf(default_guide(canvas, t, "non_customers"),
                                            canvas, t)))
    assert reader.metadata.title == "Посібник для інтерв’ю · Нічні медсестри"


def test_an_edited_guide_is_printed_as_typed():
    canvas, t = rich_canvas("en"), Translator("en")
    guide = dataclasses.replace(
        default_guide(canvas, t, "current_customers"), opening="Hi <b>there</b> & welcome",
        questions=[Question("pains", "p1", "What did you eat after your last night shift?")],
        closing="", notes_space=2)
    text = pdf_text(guide_pdf(guide, canvas, t))
    assert "Hi <b>there</b> & welcome" in text
    assert "1. What did you eat after your last night shift?" in text
    assert "Closing" not in text and "2." not in text
    assert "Get a warm meal" not in text


def test_a_guide_for_an_empty_canvas_still_prints():
    canvas, t = build(), Translator("fr")
    guide = default_guide(canvas, t, "potential_customers")
    assert guide.questions == []
    text = pdf_text(guide_pdf(guide, canvas, t))
    assert "Guide d’entretien" in text and "Questions à poser" not in text
