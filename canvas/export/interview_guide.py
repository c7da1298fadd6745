"""The interview guide as a printable PDF, in the canvas's language, with room for notes.

A learner takes it to a kitchen table or a market stall: on paper, without the app.
So every question has ruled lines under it, the page opens with blanks for the date and
the person, and a reminder to ask about the past. Built with the same fpdf2 toolkit as
the report (:mod:`canvas.export.pdfdoc`), whose fonts cover Ukrainian; the questions are
the learner's edited :class:`canvas.evidence.interview_guide.Guide`, printed exactly as typed.
"""

from __future__ import annotations

from datetime import datetime

from canvas.bidi import isolate
from canvas.evidence.interview_guide import Guide, listen_note
from canvas.export.batch import slugify
from canvas.export.images import APP_NAME
from canvas.export.pdfdoc import (
    ACCENT,
    FONT,
    INK,
    MUTED,
    RULE,
    document_class,
    fallback_fonts_for,
)
from canvas.export.report_content import date_text, language
from canvas.fileformat.models import Canvas
from canvas.i18n import native_digits

LINE_GAP = 7.5      # mm between ruled note lines
FIELD_LINES = ("date", "person", "interviewer")
OTHER_NOTES_LINES = 6


def _ruled(pdf, lines: int) -> None:
    """``lines`` ruled lines across the text width; a page break never splits them."""
    if pdf.y + lines * LINE_GAP > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_draw_color(*RULE)
    for _ in range(lines):
        pdf.y += LINE_GAP
        pdf.line(pdf.l_margin, pdf.y, pdf.l_margin + pdf.epw, pdf.y)
    pdf.ln(4)


def _blanks(pdf, t) -> None:
    """Date, person and interviewer: a label and a line to write on."""
    pdf.set_draw_color(*RULE)
    for name in FIELD_LINES:
        pdf.set_font(FONT, "", 9.5)
        pdf.set_text_color(*MUTED)
        label = t(f"evidence.guide.field.{name}")
        width = pdf.get_string_width(label) + 3
        if pdf.rtl:  # the label at the right margin, the line to its left
            pdf.set_x(pdf.l_margin + pdf.epw - width)
            pdf.cell(width, 8, label, align="R")
            pdf.line(pdf.l_margin, pdf.y + 6, pdf.l_margin + pdf.epw - width, pdf.y + 6)
        else:
            pdf.cell(width, 8, label)
            pdf.line(pdf.x, pdf.y + 6, pdf.l_margin + pdf.epw, pdf.y + 6)
        pdf.ln(9)
    pdf.set_text_color(*INK)
    pdf.ln(2)


def _block(pdf, title: str, text: str) -> None:
    pdf.heading(title, level=2, outline=False, keep=20)
    pdf.paragraph(text, size=10.5)
    pdf.ln(3)


def guide_pdf(guide: Guide, canvas: Canvas, t, now: datetime | None = None) -> bytes:
    """The guide as PDF bytes; ``t`` is the canvas's language (the reader's choice)."""
    now = now or datetime.now().astimezone()
    group = t(f"evidence.guide.group.{guide.group}")
    pdf = document_class()(t, f"{APP_NAME} · {isolate(date_text(t, now))}")
    texts = [canvas.title, canvas.segment.name, guide.opening, guide.closing,
             *(q.text for q in guide.questions), *(q.listen_for for q in guide.questions)]
    pdf.use_fallbacks(fallback_fonts_for("\n".join(texts)), "\n".join(texts))
    pdf.set_title(f"{t('evidence.guide.kicker')} · {canvas.title}")
    pdf.set_subject(t("evidence.guide.for", group=group))
    pdf.set_creator(APP_NAME)
    pdf.set_producer(APP_NAME)
    pdf.set_lang(language(t))
    pdf.set_creation_date(now)

    pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, t("evidence.guide.kicker"), align=pdf.align("L"), new_x="LMARGIN",
             new_y="NEXT")
    pdf.ln(1)
    pdf.heading(canvas.title, level=0, outline=False)
    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 6, t("evidence.guide.for", group=group), align=pdf.align("L"),
                   new_x="LMARGIN",
                   new_y="NEXT")
    pdf.set_text_color(*INK)
    if canvas.segment.name.strip() and canvas.segment.name != canvas.title:
        pdf.paragraph(canvas.segment.name, size=10, color=MUTED)
    pdf.ln(3)
    pdf.paragraph(t("evidence.guide.tip"), size=9.5, style="", color=MUTED)
    pdf.ln(4)
    _blanks(pdf, t)

    if guide.opening.strip():
        _block(pdf, t("evidence.guide.opening_title"), guide.opening)
    if guide.questions:
        pdf.heading(t("evidence.guide.questions_title"), level=2, outline=False,
                    keep=20 + guide.notes_space * LINE_GAP)
    for number, question in enumerate(guide.questions, start=1):
        needed = 22 + guide.notes_space * LINE_GAP
        if pdf.y + needed > pdf.page_break_trigger:
            pdf.add_page()
        pdf.set_font(FONT, "B", 8)
        pdf.set_text_color(*MUTED)
        pdf.cell(0, 5, t(f"section.{question.section}"), align=pdf.align("L"),
                 new_x="LMARGIN", new_y="NEXT")
        # Persian numbers its questions in its own digits; the number stands at the
        # start of the line, on the right in a right-to-left document.
        pdf.paragraph(f"{native_digits(str(number), language(t))}. {question.text}",
                      size=10.5, style="B")
        note = listen_note(t, question)
        if note:  # the learner's own words: for the interviewer's eyes only
            pdf.paragraph(note, size=8.5, color=MUTED)
        _ruled(pdf, guide.notes_space)
    if guide.closing.strip():
        _block(pdf, t("evidence.guide.closing_title"), guide.closing)
    pdf.heading(t("evidence.guide.other_notes"), level=2, outline=False,
                keep=OTHER_NOTES_LINES * LINE_GAP)
    _ruled(pdf, OTHER_NOTES_LINES)
    return bytes(pdf.output())


def guide_file_name(canvas: Canvas, group: str, t) -> str:
    """The download's name, every word in ``t``'s language (the canvas's, the PDF's):
    ``nichni-medsestry-посібник-інтервʼю-потенційні-клієнти.pdf``, not an English mix."""
    words = [slugify(canvas.title), slugify(t("evidence_ui.guide.file"), "guide"),
             slugify(t(f"evidence.guide.group.{group}"), group)]
    return "-".join(words) + ".pdf"
