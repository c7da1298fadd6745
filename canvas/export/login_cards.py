"""Login cards: one small card per learner, eight to an A4 page, cut along dashed lines.

Handed out at the door, a card replaces the quarter of an hour a room spends inventing
usernames and passwords: it carries the learner's name, username and one-time password,
and a QR code of the join link, so a phone camera opens the app on the right workshop.
The text is real text (searchable, and what the tests read back); the QR code is drawn
here by segno, nothing is fetched.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from canvas.export.pdfdoc import ACCENT, FONT, FONT_DIR, FONT_FILES, INK, MUTED, RULE
from canvas.i18n import LANGUAGES, Translator
from canvas.room.join_link import qr_png

PAGE_W, PAGE_H = 210.0, 297.0
COLUMNS, ROWS = 2, 4
MARGIN = 10.0
CARD_W = (PAGE_W - 2 * MARGIN) / COLUMNS   # 95 mm
CARD_H = (PAGE_H - 2 * MARGIN) / ROWS      # 69.25 mm
PAD = 4.0
QR_SIZE = 28.0
APP_NAME = "Value Proposition Canvas Studio"


@dataclass(frozen=True)
class Card:
    name: str
    username: str
    password: str
    #: The learner's language, the card's; "" prints it in the facilitator's (``t``'s).
    language: str = ""


def login_cards_pdf(cards: Iterable[Card], link: str, workshop: str, t) -> bytes:
    """The PDF of ``cards``, each in its learner's language (else that of ``t``); every
    card carries ``link``'s QR."""
    # fpdf2 (0.35 s to import) loads when login cards are printed, not when the app starts.
    from fpdf import FPDF

    cards = list(cards)
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    for style, file in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / file))
    pdf.set_title(t("room.cards.pdf_title", workshop=workshop))
    pdf.set_creator(APP_NAME)
    pdf.set_lang(getattr(t, "language", "en"))
    qr = io.BytesIO(qr_png(link, scale=8, border=2))
    per_page = COLUMNS * ROWS
    for index, card in enumerate(cards):
        if index % per_page == 0:
            pdf.add_page()
            _cut_lines(pdf)
        slot = index % per_page
        x = MARGIN + (slot % COLUMNS) * CARD_W
        y = MARGIN + (slot // COLUMNS) * CARD_H
        _card(pdf, card, x, y, qr, link, workshop,
              Translator(card.language) if card.language in LANGUAGES else t)
    if not cards:
        pdf.add_page()
    return bytes(pdf.output())


def _cut_lines(pdf) -> None:
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=2, gap=2)
        for col in range(COLUMNS + 1):
            x = MARGIN + col * CARD_W
            pdf.line(x, MARGIN, x, PAGE_H - MARGIN)
        for row in range(ROWS + 1):
            y = MARGIN + row * CARD_H
            pdf.line(MARGIN, y, PAGE_W - MARGIN, y)


def _card(pdf, card: Card, x: float, y: float, qr: io.BytesIO, link: str, workshop: str,
          t) -> None:
    """Name beside the QR code; username and password across the card below it; how to
    use it and the link at the bottom."""
    text_w = CARD_W - 2 * PAD - QR_SIZE - 3
    full_w = CARD_W - 2 * PAD
    pdf.set_xy(x + PAD, y + PAD)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(text_w, 4, _fit(pdf, workshop, text_w), new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(*ACCENT)
    for size in (13, 11, 9):  # a long name gets smaller type rather than a fourth line
        pdf.set_font(FONT, "B", size)
        lines = pdf.multi_cell(text_w, size * 0.45, card.name, align="L", dry_run=True,
                               output="LINES")
        if len(lines) <= 3:
            break
    for line in lines[:3]:
        pdf.cell(text_w, size * 0.45, line, new_x="LEFT", new_y="NEXT")
    qr.seek(0)
    pdf.image(qr, x=x + CARD_W - PAD - QR_SIZE, y=y + PAD, w=QR_SIZE, h=QR_SIZE)
    pdf.set_xy(x + PAD, y + PAD + QR_SIZE + 1)
    for label, value in ((t("room.cards.username"), card.username),
                         (t("room.cards.password"), card.password)):
        pdf.set_x(x + PAD)
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(full_w, 3.5, label, new_x="LEFT", new_y="NEXT")
        size = 12
        pdf.set_font(FONT, "B", size)
        while size > 7 and pdf.get_string_width(value) > full_w:
            size -= 0.5
            pdf.set_font(FONT, "B", size)
        pdf.set_text_color(*INK)
        pdf.cell(full_w, 5.5, value, new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x + PAD, pdf.get_y() + 1.5)
    pdf.set_font(FONT, "", 7)
    pdf.multi_cell(full_w, 3.2, t("room.cards.howto"), align="L", new_x="LEFT",
                   new_y="NEXT")
    pdf.set_x(x + PAD)
    pdf.set_text_color(*MUTED)
    pdf.cell(full_w, 3.2, _fit(pdf, link, full_w))


def _fit(pdf, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to ``width`` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
