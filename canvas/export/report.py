"""The PDF report of one canvas: the handout a facilitator gives out after a workshop.

Pages: a title page (segment, relation, persona card, fit), the canvas diagram, the ranked
profile tables, the value map with its links, the fit and its gaps, then the charts. All
words are real text in DejaVu Sans (Latin, accents and Cyrillic), so a reader can search
and copy them; user text is written exactly as typed (fpdf2 interprets no markup unless
asked to, and we never ask). Characters DejaVu lacks fall back to a Noto font that has
them, looked up only when a canvas needs it.

Speed: the figures go to the shared Chromium before any text is laid out (the diagram as
soon as it is built, the charts together after it); the pages are laid out meanwhile with
boxes reserved for the images, which are dropped into their boxes when the renders are
back (fpdf2 can write to an earlier page). Tables are drawn line by line (see ``grid``).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from canvas.export.engine import RenderJob, render_async, wait
from canvas.export.images import APP_NAME
from canvas.fit import fit_report
from canvas.models import SCORE_FIELD, SECTIONS, Canvas
from canvas.ranking import rank_map, ranked

FONT_DIR = Path(os.environ.get("VPC_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # each costs ~0.1 s to load
FALLBACK_DIR = Path(os.environ.get("VPC_FALLBACK_FONT_DIR", "/usr/share/fonts/truetype/noto"))
FONT = "DejaVu"

#: Figures in the PDF: sharp enough for print, small enough to stay fast. Sizes are the
#: rendered width in pixels; JPEG is embedded by fpdf2 as is (no re-encoding, no alpha).
DIAGRAM_PX = 2000
CHART_PX = 1200
REPORT_IMAGE_FORMAT = "jpeg"
CHART_MAX_H = 100  # mm: two charts with their captions share a portrait page

INK = (33, 37, 41)
ACCENT = (31, 58, 95)
MUTED = (96, 103, 112)
RULE = (200, 206, 214)
HEAD_FILL = (232, 238, 247)
ROW_FILL = (247, 249, 252)
SINGULAR = {"jobs": "job", "pains": "pain", "gains": "gain"}
CELL_PAD = (1.2, 1.5)  # mm, vertical and horizontal
LINE_FACTOR = 0.47  # line height in mm per point of font size
MAX_FIXED_COLUMN = 0.22  # share of the page width a fitted column may take at most
MIN_FLEX_SHARE = 0.4  # share of the page width the free-text columns keep at least
FIELD_VALUE = [("LEFT", 0), ("LEFT", 1)]
_TOKENS = re.compile(r"\s+|\S+")
#: Hebrew, Arabic, Syriac, Thaana, N'Ko... (strong right-to-left letters).
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


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


@dataclass
class PendingReport:
    """Figures submitted to the browser for one report, not yet collected."""

    canvas: Canvas
    t: object
    figures: list[tuple[str, object]]  # (name, FigureSpec) in report order
    batches: list[tuple[list[str], object]]  # (figure names, engine.PendingRender)


def _fmt_date(t, when: datetime) -> str:
    return t("export.date", d=f"{when.day:02d}", m=f"{when.month:02d}", y=str(when.year))


def _percent(t, value: float | None) -> str:
    return t("export.percent.none") if value is None else t("export.percent", pct=round(value))


def _count(t, section: str, n: int) -> str:
    return f"{t(f'section.{section}')} ({n})"


# ---------------------------------------------------------------------------------------
# Fonts

@cache
def _cmap(path: Path) -> frozenset[int]:
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
def _document_class():
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class Report(FPDF):
        def __init__(self, t, footer_text: str):
            super().__init__(orientation="P", unit="mm", format="A4")
            self.t = t
            self.footer_text = footer_text
            self.slots: list[_Slot] = []
            self.set_margins(15, 15, 15)
            self.set_auto_page_break(True, margin=18)
            for style, name in FONT_FILES.items():
                self.add_font(FONT, style, str(FONT_DIR / name))
            self.set_font(FONT, "", 10)
            self.set_text_color(*INK)
            self.set_draw_color(*RULE)

        def use_fallbacks(self, paths: list[Path]) -> None:
            names = []
            for index, path in enumerate(paths):
                name = f"fallback{index}"
                self.add_font(name, "", str(path))
                names.append(name)
            if names:
                self.set_fallback_fonts(names, exact_match=False)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT, "", 8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, self.footer_text, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, self.t("export.report.page", page=self.page_no(), total="{nb}"),
                      align="R")
            self.set_text_color(*INK)

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
            self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(*INK)
            self.set_font(FONT, "", 10)
            self.ln(2 if level else 4)

        def paragraph(self, text: str, size: float = 10, style: str = "",
                      color=INK) -> None:
            self.set_font(FONT, style, size)
            self.set_text_color(*color)
            self.multi_cell(0, size * 0.48, text, align="L", new_x="LMARGIN", new_y="NEXT")
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
                widest = max(self.get_string_width(w) for w in header[index].split() or [""])
                self.set_font(FONT, "", size)
                for row in rows:
                    for line in row[index].splitlines() or [""]:
                        widest = max(widest, self.get_string_width(line))
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
            widths = self._column_widths(header, rows, columns, size)
            aligns = [align for align, _weight in columns]
            if self._fallback_font_ids or any(_RTL.search(v) for r in rows for v in r):
                self._fpdf_table(header, rows, widths, aligns, size)
            else:
                self._fast_table(header, rows, widths, aligns, size)
            self.set_font(FONT, "", 10)
            self.ln(4)

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

    return Report


# ---------------------------------------------------------------------------------------
# Sections of the report

def _title_page(pdf, canvas: Canvas, t, now: datetime, fit) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, t("export.report.kicker"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.heading(canvas.title, level=0)
    segment = canvas.segment
    rows = [[t("segment.name"), segment.name],
            [t("segment.relation"), t(f"relation.{segment.relation}")],
            [t("export.report.exported"), _fmt_date(t, now)],
            [t("export.report.updated"), _fmt_date(t, canvas.updated_at)]]
    pdf.grid([t("export.column.field"), t("export.column.value")], rows, FIELD_VALUE,
             size=10)

    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 6, t("export.report.fit_title"), align="L", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.set_font(FONT, "B", 30)
    pdf.cell(0, 14, _percent(t, fit.score), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    counts = ", ".join(_count(t, name, len(canvas.section(name)))
                       for name in ("jobs", "pains", "gains", "products", "pain_relievers",
                                    "gain_creators"))
    pdf.paragraph(counts, size=9.5, color=MUTED)
    pdf.ln(6)

    persona = segment.persona
    if persona is not None and not persona.is_empty():
        pdf.heading(t("persona.title"), level=2, outline=False)
        rows = []
        for field in ("name", "age", "location", "occupation", "income", "household",
                      "values", "notes"):
            value = getattr(persona, field)
            value = ", ".join(value) if isinstance(value, list) else value
            if value not in (None, ""):
                rows.append([t(f"persona.{field}"), str(value)])
        pdf.grid([t("export.column.field"), t("export.column.value")], rows, FIELD_VALUE,
                 size=10)


def _empty(pdf, t) -> None:
    pdf.paragraph(t("export.report.empty"), size=9.5, color=MUTED)
    pdf.ln(3)


def _profile_tables(pdf, canvas: Canvas, t) -> None:
    pdf.add_page()
    pdf.heading(t("section.customer_profile"), level=1)
    for section in SECTIONS:
        items = canvas.section(section)
        pdf.heading(_count(t, section, len(items)), level=2)
        if not items:
            _empty(pdf, t)
            continue
        has_freq = section != "gains"
        has_notes = any(item.notes for item in items)
        header = ["#", t("export.column.text"), t("export.column.kind"),
                  t(f"score.{SCORE_FIELD[section]}")]
        columns = [("CENTER", 0), ("LEFT", 3), ("LEFT", 0), ("CENTER", 0)]
        if has_freq:
            header.append(t("score.frequency"))
            columns.append(("CENTER", 0))
        header.append(t("export.column.status"))
        columns.append(("LEFT", 0))
        if has_notes:
            header.append(t("export.column.notes"))
            columns.append(("LEFT", 2))
        rows = []
        for rank, item in ranked(items):
            row = [str(rank), item.text, t(f"kind.{SINGULAR[section]}.{item.kind}"),
                   str(getattr(item, SCORE_FIELD[section]))]
            if has_freq:
                row.append("–" if item.frequency is None else str(item.frequency))
            row.append(t(f"status.{item.status}"))
            if has_notes:
                row.append(item.notes)
            rows.append(row)
        pdf.grid(header, rows, columns)


def _linked(ids: list[str], items: dict, ranks: dict[str, int]) -> str:
    """``#rank text`` of each linked item, one per line, most important first."""
    live = sorted((ranks[i], items[i].text) for i in ids if i in items)
    return "\n".join(f"#{rank} {text}" for rank, text in live)


def _value_map(pdf, canvas: Canvas, t) -> None:
    pdf.ln(4)
    pdf.heading(t("section.value_map"), level=1, keep=60)
    pains = {p.id: p for p in canvas.pains}
    gains = {g.id: g for g in canvas.gains}
    for section, links, items, ranks in (
        ("products", None, None, None),
        ("pain_relievers", "relieves", pains, rank_map(canvas.pains)),
        ("gain_creators", "creates", gains, rank_map(canvas.gains)),
    ):
        entries = canvas.section(section)
        pdf.heading(_count(t, section, len(entries)), level=2)
        if not entries:
            _empty(pdf, t)
            continue
        has_notes = any(item.notes for item in entries)
        header = ["#", t("export.column.text")]
        columns = [("CENTER", 0), ("LEFT", 1)]
        if links:
            header.append(t(f"export.column.{links}"))
            columns.append(("LEFT", 1))
        if has_notes:
            header.append(t("export.column.notes"))
            columns.append(("LEFT", 0.6))
        rows = []
        for position, item in enumerate(entries, start=1):
            row = [str(position), item.text]
            if links:
                row.append(_linked(getattr(item, links), items, ranks)
                           or t("export.report.no_links"))
            if has_notes:
                row.append(item.notes)
            rows.append(row)
        pdf.grid(header, rows, columns)


def _fit_section(pdf, canvas: Canvas, t, fit) -> None:
    pdf.ln(4)
    pdf.heading(t("export.report.fit_title"), level=1, keep=60)
    if fit.score is None:
        pdf.paragraph(t("export.fit.nothing"))
    else:
        pdf.set_font(FONT, "B", 20)
        pdf.set_text_color(*ACCENT)
        pdf.cell(0, 11, _percent(t, fit.score), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.paragraph(t("export.fit.pains", covered=fit.pain_covered, total=fit.pain_weight,
                        percent=_percent(t, fit.pain_coverage)))
        pdf.paragraph(t("export.fit.gains", covered=fit.gain_covered, total=fit.gain_weight,
                        percent=_percent(t, fit.gain_coverage)))
    pdf.ln(2)
    pdf.paragraph(t("fit.formula"), size=9.5, color=MUTED)
    pdf.ln(4)
    for key, entries, score, total in (
        ("export.fit.unaddressed_pains", fit.unaddressed_pains, "severity", canvas.pains),
        ("export.fit.unaddressed_gains", fit.unaddressed_gains, "relevance", canvas.gains),
    ):
        if not total:
            continue  # no pains (gains) at all: "all addressed" would mislead
        pdf.heading(t(key), level=2)
        if not entries:
            pdf.paragraph(t("export.fit.all_addressed"), size=9.5, color=MUTED)
            pdf.ln(3)
            continue
        pdf.grid(["#", t("export.column.text"), t(f"score.{score}")],
                 [[str(rank), item.text, str(getattr(item, score))] for rank, item in entries],
                 [("CENTER", 0), ("LEFT", 1), ("CENTER", 0)])
    for key, entries in (("export.fit.idle_relievers", fit.idle_relievers),
                         ("export.fit.idle_creators", fit.idle_creators)):
        if entries:
            pdf.heading(t(key), level=2)
            pdf.grid([t("export.column.text")], [[item.text] for item in entries],
                     [("LEFT", 1)])


def _figure_pages(pdf, canvas: Canvas, t, figures: list[tuple[str, object]]) -> None:
    """The diagram on a landscape page, then the charts; boxes only, images come later."""
    from canvas.figures import alt_text

    for name, spec in figures:
        if name != "diagram":
            continue
        pdf.add_page(orientation="L")
        pdf.heading(t(spec.title_key), level=1)
        caption = alt_text(name, canvas, t)
        w, h = pdf.image_box(spec.width, spec.height, pdf.epw,
                             pdf.page_break_trigger - pdf.y - 12)
        pdf.reserve(name, w, h)
        pdf.paragraph(caption, size=7.5, color=MUTED)
    charts = [(name, spec) for name, spec in figures if name != "diagram"]
    for index, (name, spec) in enumerate(charts):
        w, h = pdf.image_box(spec.width, spec.height, pdf.epw, CHART_MAX_H)
        if index == 0:
            pdf.ln(4)
            pdf.heading(t("export.report.charts"), level=1, keep=h + 30)
        pdf.heading(t(spec.title_key), level=2, keep=h + 12)
        pdf.reserve(name, w, h)
        pdf.paragraph(alt_text(name, canvas, t), size=7.5, color=MUTED)
        pdf.ln(5)


# ---------------------------------------------------------------------------------------
# Public API

def report_figures(canvas: Canvas, t) -> list[tuple[str, object]]:
    """``(name, FigureSpec)`` of the figures worth printing for ``canvas``.

    The diagram always; a chart only when it has something to show (on screen an empty
    chart explains what to add, on paper it would only waste a page).
    """
    import canvas.figures as figures

    empty = getattr(figures, "empty_reason", lambda *_args: None)
    return [(name, spec) for name, spec in figures.FIGURES.items()
            if name == "diagram" or empty(name, canvas, t) is None]


def start_report(canvas: Canvas, t) -> PendingReport:
    """Build the figures and hand them to the browser; returns before they are drawn.

    Two batches: the diagram (the biggest render) goes to the browser as soon as it is
    built, so Chromium draws it while Python builds the charts, which follow together.
    """
    from canvas.figures import build

    figures = report_figures(canvas, t)
    batches: list[tuple[list[str], object]] = []
    for group in ([n for n, _ in figures if n == "diagram"],
                  [n for n, _ in figures if n != "diagram"]):
        jobs = []
        for name in group:
            spec = dict(figures)[name]
            target = DIAGRAM_PX if name == "diagram" else CHART_PX
            scale = round(min(2.0, max(0.5, target / spec.width)), 3)
            jobs.append(RenderJob(build(name, canvas, t), REPORT_IMAGE_FORMAT, spec.width,
                                  spec.height, scale))
        if jobs:
            batches.append((group, render_async(jobs)))
    return PendingReport(canvas, t, figures, batches)


def finish_report(pending: PendingReport, now: datetime | None = None) -> bytes:
    """Lay out the pages while the figures render, then place them and write the PDF."""
    canvas, t = pending.canvas, pending.t
    now = now or datetime.now().astimezone()
    fit = fit_report(canvas)
    pdf = _document_class()(t, f"{APP_NAME} · {_fmt_date(t, now)}")
    pdf.use_fallbacks(fallback_fonts_for(_all_text(canvas)))
    pdf.set_title(canvas.title)
    pdf.set_subject(t("export.report.kicker"))
    pdf.set_creator(APP_NAME)
    pdf.set_producer(APP_NAME)
    pdf.set_lang(getattr(t, "language", "en"))
    pdf.set_creation_date(now)

    _title_page(pdf, canvas, t, now, fit)
    diagram = [(n, spec) for n, spec in pending.figures if n == "diagram"]
    _figure_pages(pdf, canvas, t, diagram)
    _profile_tables(pdf, canvas, t)
    _value_map(pdf, canvas, t)
    _fit_section(pdf, canvas, t, fit)
    _figure_pages(pdf, canvas, t, [(n, spec) for n, spec in pending.figures if n != "diagram"])
    images: dict[str, bytes] = {}
    for names, batch in pending.batches:
        images.update(zip(names, wait(batch), strict=True))
    pdf.fill_slots(images)
    return bytes(pdf.output())


def _all_text(canvas: Canvas) -> str:
    """Every user string that can reach the PDF (for the font fallback check)."""
    return canvas.model_dump_json()


def pdf_report(canvas: Canvas, t) -> bytes:
    """The multi-page PDF report of ``canvas`` in the language of ``t``."""
    return finish_report(start_report(canvas, t))


def pdf_reports(canvases: list[Canvas], t,
                each: Callable[[int, Canvas, bytes], None]) -> None:
    """Reports for many canvases, the next one's figures rendering while one is laid out."""
    pending = start_report(canvases[0], t) if canvases else None
    for index, canvas in enumerate(canvases):
        following = start_report(canvases[index + 1], t) if index + 1 < len(canvases) \
            else None
        each(index, canvas, finish_report(pending))
        pending = following
