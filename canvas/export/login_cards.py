"""Login cards: one small card per learner, eight to an A4 page, cut along dashed lines.

Handed out at the door, a card replaces the quarter of an hour a room spends inventing
usernames and passwords: it carries the learner's name, username and one-time password,
and a QR code of the join link, so a phone camera opens the app on the right workshop.
The text is real text (searchable, and what the tests read back); the QR code is drawn
here by segno, nothing is fetched.

A card in Arabic or Persian is mirrored (the QR code on the left, its words from the right)
and written in Noto Sans Arabic, shaped (:mod:`canvas.export.pdfdoc`); a name in Arabic
letters on a card in another language is shaped too, so its letters join.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from canvas.export.pdfdoc import (
    ACCENT,
    FALLBACK_DIR,
    FONT,
    FONT_DIR,
    FONT_FILES,
    INK,
    MUTED,
    RTL_FONT_FILES,
    RULE,
    choose_direction,
    has_rtl,
    is_rtl,
    logical_ligatures,
    remember_widths,
)
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
    cards = list(cards)
    translators = [Translator(card.language) if card.language in LANGUAGES else t
                   for card in cards]
    pdf = _card_class()(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    for style, file in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / file))
    if any(is_rtl(each) for each in translators) or has_rtl(
            workshop + "".join(card.name for card in cards)):
        for style, file in RTL_FONT_FILES.items():
            pdf.add_font(ARABIC, style, str(FALLBACK_DIR / file))
        pdf.set_text_shaping(True)
        remember_widths(pdf)
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
        _card(pdf, card, x, y, qr, link, workshop, translators[index])
    if not cards:
        pdf.add_page()
    if pdf.text_shaping:
        logical_ligatures(pdf)
    return bytes(pdf.output())


ARABIC = "NotoArabic"


def _card_class():
    """FPDF that picks each text's reading direction (see :func:`pdfdoc.choose_direction`)."""
    # fpdf2 (0.35 s to import) loads when login cards are printed, not when the app starts.
    from fpdf import FPDF

    class Cards(FPDF):
        rtl = False  # the card being drawn is in Arabic or Persian

        def _preload_bidirectional_text(self, text, markdown):
            choose_direction(self, self.rtl, text)
            return super()._preload_bidirectional_text(text, markdown)

        def use(self, style: str, size: float, text: str = "") -> None:
            """Noto Sans Arabic for a text with Arabic letters (DejaVu Sans behind it for
            Latin), else DejaVu Sans."""
            arabic = ARABIC.lower() in self.fonts and has_rtl(text)
            self.set_font(ARABIC if arabic else FONT, style, size)
            self.set_fallback_fonts([FONT] if arabic else [], exact_match=False)

    return Cards


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
    rtl = pdf.rtl = is_rtl(t)
    start = "R" if rtl else "L"  # where a line of the card starts
    text_w = CARD_W - 2 * PAD - QR_SIZE - 3
    full_w = CARD_W - 2 * PAD
    text_x = x + CARD_W - PAD - text_w if rtl else x + PAD
    pdf.set_xy(text_x, y + PAD)
    pdf.use("", 7.5, workshop)
    pdf.set_text_color(*MUTED)
    pdf.cell(text_w, 4, _fit(pdf, workshop, text_w), align=start, new_x="LEFT",
             new_y="NEXT")
    pdf.set_text_color(*ACCENT)
    for size in (13, 11, 9):  # a long name gets smaller type rather than a fourth line
        pdf.use("B", size, card.name)
        lines = pdf.multi_cell(text_w, size * 0.45, card.name, align=start, dry_run=True,
                               output="LINES")
        if len(lines) <= 3:
            break
    for line in lines[:3]:
        pdf.cell(text_w, size * 0.45, line, align=start, new_x="LEFT", new_y="NEXT")
    qr.seek(0)
    qr_x = x + PAD if rtl else x + CARD_W - PAD - QR_SIZE
    pdf.image(qr, x=qr_x, y=y + PAD, w=QR_SIZE, h=QR_SIZE)
    pdf.set_xy(x + PAD, y + PAD + QR_SIZE + 1)
    for label, value in ((t("room.cards.username"), card.username),
                         (t("room.cards.password"), card.password)):
        pdf.set_x(x + PAD)
        pdf.use("", 7.5, label)
        pdf.set_text_color(*MUTED)
        pdf.cell(full_w, 3.5, label, align=start, new_x="LEFT", new_y="NEXT")
        size = 12
        pdf.use("B", size, value)
        while size > 7 and pdf.get_string_width(value) > full_w:
            size -= 0.5
            pdf.use("B", size, value)
        pdf.set_text_color(*INK)
        pdf.cell(full_w, 5.5, value, align=start, new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x + PAD, pdf.get_y() + 1.5)
    pdf.use("", 7, t("room.cards.howto"))
    pdf.multi_cell(full_w, 3.2, t("room.cards.howto"), align=start, new_x="LEFT",
                   new_y="NEXT")
    pdf.set_x(x + PAD)
    pdf.set_text_color(*MUTED)
    pdf.use("", 7, link)
    pdf.cell(full_w, 3.2, _fit(pdf, link, full_w), align=start)


def _fit(pdf, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to ``width`` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
