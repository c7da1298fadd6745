"""A small PDF document toolkit on fpdf2: fonts, headings, fast wrapped tables, image slots.

Everything is real text in DejaVu Sans (Latin, accents, Cyrillic, Greek, Hebrew, Arabic
letters), so readers can search and copy it; characters DejaVu lacks fall back to a Noto
font that has them, looked up only when a document needs it. Text is never interpreted:
fpdf2 reads markup only when asked to, and we never ask.

Arabic and Persian (issue 25): a document in a right-to-left language is written in Noto
Sans Arabic (Latin falls back to DejaVu Sans) and laid out from the right: text aligned
right, table columns in reverse order, the footer's sides swapped. Arabic letters join only
when shaped, so such a document, and any document holding right-to-left text, runs fpdf2's
text shaping (HarfBuzz, through uharfbuzz) with its bidirectional algorithm: each text is
its own paragraph, read right to left when it holds a right-to-left letter in a
right-to-left document ("iPhone 15 بسعر 300 €" is an Arabic sentence), else in the
direction of its first strong letter (a French note on an Arabic canvas stays French).
Every user text is a paragraph of its own (a table cell, a line), so a stray U+202E in one
turns only that text around, never its neighbours.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from canvas.bidi import has_rtl
from canvas.i18n import text_direction

FONT_DIR = Path(os.environ.get("VPC_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # each costs ~0.1 s to load
FALLBACK_DIR = Path(os.environ.get("VPC_FALLBACK_FONT_DIR", "/usr/share/fonts/truetype/noto"))
FONT = "DejaVu"

INK = (33, 37, 41)
ACCENT = (31, 58, 95)
MUTED = (96, 103, 112)
RULE = (200, 206, 214)
HEAD_FILL = (232, 238, 247)
ROW_FILL = (247, 249, 252)
CELL_PAD = (1.2, 1.5)  # mm, vertical and horizontal
LINE_FACTOR = 0.47  # line height in mm per point of font size
MAX_FIXED_COLUMN = 0.22  # share of the page width a fitted column may take at most
MIN_FLEX_SHARE = 0.4  # share of the page width the free-text columns keep at least
_TOKENS = re.compile(r"\s+|\S+")
#: Hebrew, Arabic, Syriac, Thaana, N'Ko... (strong right-to-left letters).
#: The font of right-to-left documents (fonts-noto-core): Arabic and Persian letters, both
#: sets of digits; Latin letters come from DejaVu Sans, its first fallback.
RTL_FONT_FILES = {"": "NotoSansArabic-Regular.ttf", "B": "NotoSansArabic-Bold.ttf"}
LATIN = "DejaVuLatin"


def is_rtl(t) -> bool:
    """Whether a document in the language of ``t`` is laid out right to left."""
    return text_direction(getattr(t, "language", "en")) == "rtl"


def side(rtl: bool, align: str) -> str:
    """``align`` ("L", "R", "LEFT", "RIGHT"...) as seen in a document of that direction."""
    if not rtl:
        return align
    return {"L": "R", "R": "L", "LEFT": "RIGHT", "RIGHT": "LEFT"}.get(align, align)


def setup_fonts(pdf, rtl: bool, shaping: bool) -> None:
    """Our font family ``FONT`` on ``pdf``: DejaVu Sans, or for a right-to-left document
    Noto Sans Arabic with DejaVu Sans behind it for Latin; text shaping when asked."""
    if rtl:
        for style, name in RTL_FONT_FILES.items():
            pdf.add_font(FONT, style, str(FALLBACK_DIR / name))
        for style, name in FONT_FILES.items():
            pdf.add_font(LATIN, style, str(FONT_DIR / name))
    else:
        for style, name in FONT_FILES.items():
            pdf.add_font(FONT, style, str(FONT_DIR / name))
    if rtl or shaping:
        pdf.set_text_shaping(True)
        remember_widths(pdf)


#: Shaped widths already measured: (font file, text, size, direction, script, language,
#: features) -> (glyph count, width). Bounded: a report asks for a few thousand.
_WIDTHS: dict = {}
_WIDTHS_MAX = 200_000


def remember_widths(pdf) -> None:
    """Measure each shaped text once per font file, size and direction.

    fpdf2's line breaking asks a shaped text's width letter by letter, each a HarfBuzz
    call: tens of thousands for an Arabic report, most of them the same few letters, which
    made a report several times slower than a Latin one. A text's width in a font, size and
    direction never changes, so fpdf2's font class measures each one once (its fonts have
    no room for an attribute of ours: the method is replaced on the class, once)."""
    # fpdf2 (0.35 s to import) loads with the first PDF, not when the app starts.
    from fpdf.fonts import TTFFont

    if getattr(TTFFont.shaped_text_width, "remembers", False):
        return
    shaped = TTFFont.shaped_text_width

    def remembered(self, text, font_size_pt, params):
        params = params or {}
        key = (self.ttffile, self.collection_font_number, text, font_size_pt,
               params.get("fragment_direction"), params.get("script"),
               params.get("language"),
               tuple(sorted((params.get("features") or {}).items())))
        width = _WIDTHS.get(key)
        if width is None:
            if len(_WIDTHS) >= _WIDTHS_MAX:
                _WIDTHS.clear()
            width = _WIDTHS[key] = shaped(self, text, font_size_pt, params)
        return width

    remembered.remembers = True
    TTFFont.shaped_text_width = remembered


def choose_direction(pdf, rtl: bool, text: str) -> None:
    """Before fpdf2 splits ``text`` into directional runs: right to left for a text with
    a right-to-left letter in a right-to-left document, else by its first strong letter."""
    if pdf.text_shaping:
        # fpdf2 (0.35 s to import) loads with the first PDF, not when the app starts.
        from fpdf.enums import TextDirection

        pdf.text_shaping["direction"] = TextDirection.RTL if rtl and has_rtl(text) else None


def logical_ligatures(pdf) -> None:
    """Make a ligature of right-to-left letters extract in reading order.

    fpdf2 maps a ligature glyph (Arabic lam-alef, "لا") to its letters in reading order;
    readers such as pdftotext take a right-to-left run as drawn, right to left, and turn
    it around, letters of each glyph included, which gave "ال". So a glyph standing for
    several characters of which none is left-to-right maps to them reversed, and comes
    out right once turned around.
    """
    done = pdf.__dict__.setdefault("_reversed_glyphs", set())
    for font in pdf.fonts.values():
        subset = getattr(font, "subset", None)
        if subset is None:
            continue
        for glyph, _char_id in subset.items():
            codes = glyph.unicode if glyph is not None else ()
            if not isinstance(codes, tuple) or len(codes) < 2 or id(glyph) in done:
                continue
            classes = {unicodedata.bidirectional(chr(c)) for c in codes}
            if classes & {"R", "AL"} and "L" not in classes:
                glyph.unicode = tuple(reversed(codes))
                done.add(id(glyph))


@dataclass
class _Slot:
    """A box on an already laid-out page, waiting for its rendered figure."""

    page: int
    orientation: object
    key: str
    x: float
    y: float
    w: float
    h: float


# ---------------------------------------------------------------------------------------
# Fonts

@cache
def _cmap(path: Path) -> frozenset[int]:
    # fontTools loads when a PDF first reads a font's characters, not when the app starts.
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


#: Noto fonts tried, in order, for characters DejaVu Sans lacks: symbols, then the scripts
#: learners in our workshops are most likely to type. A short list keeps the (one-time)
#: cmap reading fast; emoji have no font here and show as a box, yet stay searchable.
FALLBACK_FONTS = (
    "NotoSans-Regular.ttf", "NotoSansSymbols2-Regular.ttf", "NotoSansSymbols-Regular.ttf",
    "NotoSansMath-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf",
    "NotoSansEthiopic-Regular.ttf", "NotoSansArmenian-Regular.ttf",
    "NotoSansGeorgian-Regular.ttf", "NotoSansDevanagari-Regular.ttf",
    "NotoSansBengali-Regular.ttf", "NotoSansGurmukhi-Regular.ttf",
    "NotoSansTamil-Regular.ttf", "NotoSansThai-Regular.ttf", "NotoSansKhmer-Regular.ttf",
    "NotoSansMyanmar-Regular.ttf", "NotoSansSinhala-Regular.ttf", "NotoSansSyriac-Regular.ttf",
)


@cache
def _fallback_candidates() -> tuple[Path, ...]:
    return tuple(FALLBACK_DIR / name for name in FALLBACK_FONTS
                 if (FALLBACK_DIR / name).is_file())


def fallback_fonts_for(text: str) -> list[Path]:
    """The fewest Noto fonts (greedy) covering what DejaVu Sans cannot draw in ``text``."""
    missing = {ord(c) for c in set(text) if c.isprintable() and not c.isspace()}
    missing -= _cmap(FONT_DIR / FONT_FILES[""])
    chosen: list[Path] = []
    for path in _fallback_candidates():
        if not missing:
            break
        covered = missing & _cmap(path)
        if covered:
            chosen.append(path)
            missing -= covered
    return chosen


# ---------------------------------------------------------------------------------------
# The document

@cache
def document_class():
    """The FPDF subclass (built on first use: importing fpdf2 takes about a second).

    ``document_class()(t, footer_text)`` is an A4 document with our fonts, a footer with
    ``footer_text`` and "page n of N", and helpers: ``heading``, ``paragraph``, ``grid``
    (tables), ``reserve``/``fill_slots`` (images placed after the text is laid out).
    """
    # fpdf2 (0.35 s to import) loads with the first PDF, not when the app starts.
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class Document(FPDF):
        def __init__(self, t, footer_text: str):
            super().__init__(orientation="P", unit="mm", format="A4")
            self.t = t
            self.footer_text = footer_text
            self.slots: list[_Slot] = []
            #: A Deadline checked after every table row (None: no limit).
            self.deadline = None
            #: Laid out right to left (Arabic, Persian): see the module docstring.
            self.rtl = is_rtl(t)
            self.set_margins(15, 15, 15)
            self.set_auto_page_break(True, margin=18)
            setup_fonts(self, self.rtl, shaping=False)
            if self.rtl:
                self.set_fallback_fonts([LATIN], exact_match=False)
            self.set_font(FONT, "", 10)
            self.set_text_color(*INK)
            self.set_draw_color(*RULE)

        def use_fallbacks(self, paths: list[Path], text: str = "") -> None:
            """Fonts for what the main font lacks; ``text`` is every user text the
            document will hold: right-to-left letters in it turn text shaping on."""
            names = [LATIN] if self.rtl else []
            if has_rtl(text) and not self.text_shaping:
                self.set_text_shaping(True)
            for index, path in enumerate(paths):
                name = f"fallback{index}"
                self.add_font(name, "", str(path))
                names.append(name)
            if names:
                self.set_fallback_fonts(names, exact_match=False)
            if self.text_shaping:
                remember_widths(self)

        def align(self, align: str) -> str:
            """``align`` seen from this document's reading direction ("L" is the start)."""
            return side(self.rtl, align)

        def _preload_bidirectional_text(self, text, markdown):
            # fpdf2's hook before its bidirectional algorithm: choose this text's direction.
            choose_direction(self, self.rtl, text)
            return super()._preload_bidirectional_text(text, markdown)

        def footer(self) -> None:
            if self.rtl:
                return  # written once the page count is known (see output)
            self.set_y(-12)
            self.set_font(FONT, "", 8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, self.footer_text, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, self.t("export.report.page", page=self.page_no(), total="{nb}"),
                      align="R")
            self.set_text_color(*INK)

        def _rtl_footers(self) -> None:
            """Every page's footer, mirrored. Written after the layout: fpdf2 cannot put
            the page count ("{nb}") into shaped text, and Persian writes it in its own
            digits anyway."""
            last = self.page, self.cur_orientation
            total = self.pages_count
            breaks = self.auto_page_break
            self.set_auto_page_break(False, margin=self.b_margin)
            for page in range(1, total + 1):
                width, height = self.pages[page].dimensions()
                self._goto(page, "L" if width > height else "P")
                self.set_y(-12)
                self.set_font(FONT, "", 8)
                self.set_text_color(*MUTED)
                for text, align in ((self.footer_text, "R"), (self.t(
                        "export.report.page", page=page, total=total), "L")):
                    # fpdf2 sets a cell's font inside the cell's own q...Q: the next
                    # cell must set it again rather than trust the page's last font.
                    self.current_font_is_set_on_page = False
                    self.set_x(self.l_margin)
                    self.cell(0, 5, text, align=align)
            self.set_text_color(*INK)
            self.set_auto_page_break(breaks, margin=18)
            self._goto(*last)

        def output(self, *args, **kwargs):
            if self.rtl and self.page and not self.buffer:  # not yet written
                self._rtl_footers()
            if self.text_shaping:
                logical_ligatures(self)
            return super().output(*args, **kwargs)

        # Text helpers ------------------------------------------------------------------
        def heading(self, text: str, level: int = 1, *, outline: bool = True,
                    keep: float = 0) -> None:
            """A heading that never sits alone at the foot of a page.

            ``keep`` is the height (mm) of what must follow on the same page.
            """
            size = {0: 22, 1: 16, 2: 12.5}[level]
            keep = keep or (40 if level == 1 else 28)
            if level > 0 and self.y + size * 0.6 + keep > self.page_break_trigger:
                self.add_page(orientation=self.cur_orientation)
            if outline:
                self.start_section(text, level=max(0, level - 1))
            self.set_font(FONT, "B", size)
            self.set_text_color(*ACCENT)
            self.multi_cell(0, size * 0.5, text, align=self.align("L"), new_x="LMARGIN",
                            new_y="NEXT")
            self.set_text_color(*INK)
            self.set_font(FONT, "", 10)
            self.ln(2 if level else 4)

        def paragraph(self, text: str, size: float = 10, style: str = "",
                      color=INK) -> None:
            self.set_font(FONT, style, size)
            self.set_text_color(*color)
            self.multi_cell(0, size * 0.48, text, align=self.align("L"), new_x="LMARGIN",
                            new_y="NEXT")
            self.set_text_color(*INK)
            self.set_font(FONT, "", 10)

        def _column_widths(self, header: list[str], rows: list[list[str]],
                           columns: list[tuple[str, float]], size: float) -> list[float]:
            """Fixed columns fit their longest line (never split a word in a heading);
            flexible columns (weight > 0) share what is left, by weight."""
            pad = 2 * CELL_PAD[1] + 1
            widths: list[float] = []
            for index, (_align, weight) in enumerate(columns):
                if weight:
                    widths.append(0.0)
                    continue
                self.set_font(FONT, "B", size)
                widest = max(self._line_width(w) for w in header[index].split() or [""])
                self.set_font(FONT, "", size)
                for row in rows:
                    for line in row[index].splitlines() or [""]:
                        widest = max(widest, self._line_width(line))
                widths.append(min(widest + pad, self.epw * MAX_FIXED_COLUMN))
            fixed = sum(widths)
            flex_total = sum(weight for _align, weight in columns)
            room = self.epw - fixed
            if flex_total and room < self.epw * MIN_FLEX_SHARE:
                # Too many wide fixed columns: shrink them so the text keeps its share.
                factor = self.epw * (1 - MIN_FLEX_SHARE) / fixed
                widths = [w * factor for w in widths]
                room = self.epw * MIN_FLEX_SHARE
            return [w if not weight else room * weight / flex_total
                    for w, (_align, weight) in zip(widths, columns, strict=True)]

        def _line_width(self, text: str) -> float:
            """The width fpdf2's line breaking gives ``text``: with text shaping it adds
            up letters shaped one by one (an Arabic letter alone is wider than joined),
            so a column sized to the shaped word would break it."""
            width = self.get_string_width(text)
            if self.text_shaping and has_rtl(text):
                width = max(width, sum(self.get_string_width(c) for c in text))
            return width

        def grid(self, header: list[str], rows: list[list[str]],
                 columns: list[tuple[str, float]], size: float = 8.5) -> None:
            """A table; ``columns`` gives each column's alignment and flex weight.

            Cells wrap at word boundaries (a word wider than its column breaks between
            letters), the heading row repeats after a page break, and a row taller than
            a page continues on the next one. Drawn line by line with ``text()``, about
            five times faster than fpdf2's ``table()``, which we keep for the rare tables
            that need a fallback font or hold right-to-left text (``text()`` does neither
            font fallback nor bidirectional reordering).
            """
            if self.rtl:  # the first column on the right: the same table, mirrored
                header, rows = header[::-1], [row[::-1] for row in rows]
                columns = [(self.align(a), weight) for a, weight in columns[::-1]]
            widths = self._column_widths(header, rows, columns, size)
            aligns = [align for align, _weight in columns]
            if (self._fallback_font_ids or self.text_shaping
                    or any(has_rtl(v) for r in rows for v in r)):
                self._fpdf_table(header, rows, widths, aligns, size)
            else:
                self._fast_table(header, rows, widths, aligns, size)
            self.set_font(FONT, "", 10)
            self.ln(4)

        def check_deadline(self) -> None:
            if self.deadline is not None:
                self.deadline.check()

        def _fpdf_table(self, header, rows, widths, aligns, size) -> None:
            self.set_font(FONT, "", size)
            with self.table(
                width=self.epw, col_widths=widths, text_align=aligns,
                line_height=size * LINE_FACTOR, padding=CELL_PAD,
                headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
                cell_fill_color=ROW_FILL, cell_fill_mode="ROWS", v_align="TOP",
                borders_layout="HORIZONTAL_LINES", repeat_headings=1,
            ) as table:
                for values in [header, *rows]:
                    self.check_deadline()
                    row = table.row()
                    for text in values:
                        row.cell(text)

        def _wrap(self, text: str, width: float, size: float) -> list[str]:
            """Lines of ``text`` no wider than ``width`` mm in the current font."""
            cw = self.current_font.cw
            scale = size * 0.001 / self.k

            def measure(chunk: str) -> float:
                return sum(cw[ord(c)] for c in chunk) * scale

            lines: list[str] = []
            for paragraph in text.replace("\t", " ").splitlines() or [""]:
                line, used = "", 0.0
                for token in _TOKENS.findall(paragraph):
                    token_w = measure(token)
                    if token.isspace():
                        if line:
                            line, used = line + token, used + token_w
                        continue
                    if used + token_w > width and line.strip():
                        lines.append(line.rstrip())
                        line, used = "", 0.0
                    if token_w > width:  # a word wider than the column: break it
                        for char in token:
                            char_w = measure(char)
                            if used + char_w > width and line:
                                lines.append(line)
                                line, used = "", 0.0
                            line, used = line + char, used + char_w
                        continue
                    line, used = line + token, used + token_w
                lines.append(line.rstrip())
            return lines

        def _fast_table(self, header, rows, widths, aligns, size) -> None:
            pad_v, pad_h = CELL_PAD
            line_h = size * LINE_FACTOR
            lefts = [self.l_margin + sum(widths[:i]) for i in range(len(widths))]

            def layout(values: list[str], style: str) -> list[list[str]]:
                self.set_font(FONT, style, size)
                return [self._wrap(v, w - 2 * pad_h, size) for v, w in zip(values, widths,
                                                                             strict=True)]

            def draw(cells: list[list[str]], style: str, fill, top: float,
                     height: float) -> None:
                self.set_font(FONT, style, size)
                if fill is not None:
                    self.set_fill_color(*fill)
                    self.rect(self.l_margin, top, self.epw, height, style="F")
                baseline = top + pad_v + 0.5 * line_h + 0.3 * self.font_size
                for lines, left, width, align in zip(cells, lefts, widths, aligns,
                                                     strict=True):
                    for index, line in enumerate(lines):
                        x = left + pad_h
                        if align != "LEFT":
                            free = width - 2 * pad_h - self.get_string_width(line)
                            x += free / 2 if align == "CENTER" else free
                        self.text(x, baseline + index * line_h, line)
                self.set_draw_color(*RULE)
                self.line(self.l_margin, top + height, self.l_margin + self.epw, top + height)

            head = layout(header, "B")
            head_h = max(len(c) for c in head) * line_h + 2 * pad_v

            def draw_head() -> None:
                draw(head, "B", HEAD_FILL, self.y, head_h)
                self.y += head_h

            if self.y + head_h + line_h + 2 * pad_v > self.page_break_trigger:
                self.add_page(orientation=self.cur_orientation)
            draw_head()
            for number, values in enumerate(rows):
                self.check_deadline()
                cells = layout(values, "")
                fill = ROW_FILL if number % 2 == 0 else None
                height = max(len(c) for c in cells) * line_h + 2 * pad_v
                fresh_page_room = self.page_break_trigger - self.t_margin - head_h
                if self.y + height > self.page_break_trigger and height <= fresh_page_room:
                    self.add_page(orientation=self.cur_orientation)
                    draw_head()
                while True:  # a row taller than a page continues on the next ones
                    room = int((self.page_break_trigger - self.y - 2 * pad_v) // line_h)
                    count = max(len(c) for c in cells)
                    if count <= room:
                        draw(cells, "", fill, self.y, count * line_h + 2 * pad_v)
                        self.y += count * line_h + 2 * pad_v
                        break
                    if room >= 1:
                        draw([c[:room] for c in cells], "", fill, self.y,
                             room * line_h + 2 * pad_v)
                        cells = [c[room:] for c in cells]
                    self.add_page(orientation=self.cur_orientation)
                    draw_head()
            self.set_x(self.l_margin)

        def image_box(self, w_px: int, h_px: int, max_w: float,
                      max_h: float) -> tuple[float, float]:
            ratio = h_px / w_px
            w = min(max_w, max_h / ratio)
            return w, w * ratio

        def reserve(self, key: str, w: float, h: float) -> None:
            """Keep a ``w`` x ``h`` box for a figure at the current position, centred."""
            if self.y + h > self.page_break_trigger:
                self.add_page(orientation=self.cur_orientation)
            x = self.l_margin + (self.epw - w) / 2
            self.slots.append(_Slot(self.page, self.cur_orientation, key, x, self.y, w, h))
            self.y += h + 2

        def fill_slots(self, images: dict[str, bytes]) -> None:
            last = self.page, self.cur_orientation
            for slot in self.slots:
                self._goto(slot.page, slot.orientation)
                self.image(io.BytesIO(images[slot.key]), slot.x, slot.y, slot.w, slot.h)
                self.set_draw_color(*RULE)
                self.rect(slot.x, slot.y, slot.w, slot.h)  # hairline frame
            self._goto(*last)

        def _goto(self, page: int, orientation) -> None:
            # Writing to an earlier page: fpdf2 maps y through the page height, so the
            # page's own orientation must be current too.
            self.page = page
            self._set_orientation(orientation, self.dw_pt, self.dh_pt)

    return Document
