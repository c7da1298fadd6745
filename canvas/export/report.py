"""The PDF report of one canvas: the handout a facilitator gives out after a workshop.

Pages: a title page (segment, relation, persona card, fit), the canvas diagram, the ranked
profile tables, the value map with its links, the fit and its gaps, the evidence (what to
test first, the assumptions map, every test and learning card), then the charts that have
something to show. All words are real, searchable text (see :mod:`pdfdoc`) and user
text is written exactly as typed.

Speed: the figures go to the shared Chromium before any text is laid out (the diagram as
soon as it is built, the charts together after it); the pages are laid out meanwhile with
boxes reserved for the images, which are dropped into their boxes when the renders are
back (fpdf2 can write to an earlier page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import canvas.figures as figures
from canvas.bidi import isolate
from canvas.export import deadline as deadlines
from canvas.export import evidence_content
from canvas.export import report_content as content
from canvas.export.deadline import Deadline
from canvas.export.engine import RenderJob, render_async, require, wait
from canvas.export.images import APP_NAME
from canvas.export.pdfdoc import ACCENT, FONT, INK, MUTED, document_class, fallback_fonts_for
from canvas.figures import alt_text, build
from canvas.figures.assumptions import SIZE
from canvas.fileformat.models import Canvas
from canvas.ranking.fit import fit_report

#: Figures in the PDF: sharp enough for print, small enough to stay fast. Sizes are the
#: rendered width in pixels; JPEG is embedded by fpdf2 as is (no re-encoding, no alpha).
DIAGRAM_PX = 2000
CHART_PX = 1200
REPORT_IMAGE_FORMAT = "jpeg"
CHART_MAX_H = 100  # mm: two charts with their captions share a portrait page
CARD_ROW_MM = 6.5  # a card row of one line, to keep a card on one page
MAP_NAME = "assumptions"  # the assumptions map's slot, beside the FIGURES names


@dataclass
class PendingReport:
    """Figures submitted to the browser for one report, not yet collected."""

    canvas: Canvas
    t: object
    figures: list[tuple[str, object]]  # (name, FigureSpec) in report order
    batches: list[tuple[list[str], object]]  # (figure names, engine.PendingRender)
    deadline: Deadline
    learner: str = ""  # who made the canvas, on the title page of a workshop handout


# ---------------------------------------------------------------------------------------
# Sections of the report (their words and tables come from report_content)

def _title_page(pdf, canvas: Canvas, t, now: datetime, fit, learner: str = "") -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, t("export.report.kicker"), align=pdf.align("L"), new_x="LMARGIN",
             new_y="NEXT")
    pdf.ln(2)
    pdf.heading(canvas.title, level=0)
    _grid(pdf, content.facts_table(canvas, t, now, learner), size=10)

    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 6, t("export.report.fit_title"), align=pdf.align("L"), new_x="LMARGIN",
                   new_y="NEXT")
    pdf.set_font(FONT, "B", 30)
    pdf.cell(0, 14, content.percent(t, fit.score), align=pdf.align("L"), new_x="LMARGIN",
             new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.paragraph(content.counts_line(canvas, t), size=9.5, color=MUTED)
    pdf.ln(6)

    persona = content.persona_tables(canvas, t)
    if persona:
        pdf.heading(t("persona.title"), level=2, outline=False)
        for table in persona:
            _grid(pdf, table, size=9.5)


def _grid(pdf, table: content.Table, **options) -> None:
    pdf.grid(table.header, table.rows, table.columns, **options)


def _parts(pdf, parts: list[content.Part]) -> None:
    for part in parts:
        pdf.heading(part.title, level=2)
        if part.table is None:
            pdf.paragraph(part.note, size=9.5, color=MUTED)
            pdf.ln(3)
        else:
            _grid(pdf, part.table)


def _profile_tables(pdf, canvas: Canvas, t) -> None:
    pdf.add_page()
    pdf.heading(t("section.customer_profile"), level=1)
    _parts(pdf, content.profile_parts(canvas, t))


def _value_map(pdf, canvas: Canvas, t) -> None:
    pdf.ln(4)
    pdf.heading(t("section.value_map"), level=1, keep=60)
    _parts(pdf, content.value_map_parts(canvas, t))


def _fit_section(pdf, canvas: Canvas, t, fit) -> None:
    pdf.ln(4)
    pdf.heading(t("export.report.fit_title"), level=1, keep=60)
    if fit.score is not None:
        pdf.set_font(FONT, "B", 20)
        pdf.set_text_color(*ACCENT)
        pdf.cell(0, 11, content.percent(t, fit.score), align=pdf.align("L"),
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
    for sentence in content.fit_sentences(fit, t):
        pdf.paragraph(sentence)
    pdf.ln(2)
    pdf.paragraph(t("fit.formula"), size=9.5, color=MUTED)
    pdf.ln(4)
    _parts(pdf, content.fit_parts(canvas, fit, t))


def _evidence_section(pdf, canvas: Canvas, t, with_map: bool) -> None:
    """What to test first, the assumptions map (a box; the image comes later) and every
    test and learning card, each item with its status and the learning that gave it."""
    map_size = (evidence_content.MAP_PX, round(evidence_content.MAP_PX * SIZE[1] / SIZE[0]))
    items = evidence_content.item_evidence(canvas, t)
    risks = evidence_content.risk_table(canvas, t)
    if not (items or with_map or risks.table):
        return  # nothing on the canvas to test yet: no page saying so
    pdf.add_page()
    pdf.heading(t("evidence.report.title"), level=1)
    _parts(pdf, [risks])
    if risks.table is not None and risks.note:
        pdf.paragraph(risks.note, size=9.5, color=MUTED)
        pdf.ln(3)
    if with_map:  # a landscape page of its own: the map gets the page's width
        pdf.add_page(orientation="L")
        pdf.heading(t("evidence.map.title"), level=2)
        w, h = pdf.image_box(*map_size, pdf.epw, pdf.page_break_trigger - pdf.y - 12)
        pdf.reserve(MAP_NAME, w, h)
        pdf.paragraph(evidence_content.map_caption(canvas, t), size=7.5, color=MUTED)
        pdf.add_page(orientation="P")
        listing = evidence_content.map_table(canvas, t)
        if listing is not None:
            _parts(pdf, [listing])
            pdf.ln(5)
    pdf.heading(t("evidence.report.cards_title"), level=2, keep=30)
    if not items:
        pdf.paragraph(t("evidence.report.no_cards"), size=9.5, color=MUTED)
    for entry in items:
        pdf.set_font(FONT, "B", 10.5)
        if pdf.y + 40 > pdf.page_break_trigger:
            pdf.add_page(orientation=pdf.cur_orientation)
        pdf.multi_cell(0, 5.2, entry.title, align=pdf.align("L"), new_x="LMARGIN",
                       new_y="NEXT")
        if entry.status:
            pdf.paragraph(entry.status, size=9, color=MUTED)
        pdf.ln(1.5)
        for card in entry.cards:
            # A card is short: start it on a new page rather than split it over two.
            height = (len(card.rows) + 1) * CARD_ROW_MM
            if pdf.y + height > pdf.page_break_trigger and height < pdf.eph / 2:
                pdf.add_page(orientation=pdf.cur_orientation)
            _grid(pdf, card, size=8.5)
        pdf.ln(2)


def _figure_pages(pdf, canvas: Canvas, t, figures: list[tuple[str, object]]) -> None:
    """The diagram on a landscape page, then the charts; boxes only, images come later."""
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
    empty = getattr(figures, "empty_reason", lambda *_args: None)
    return [(name, spec) for name, spec in figures.FIGURES.items()
            if name == "diagram" or empty(name, canvas, t) is None]


def start_report(canvas: Canvas, t, deadline: Deadline | None = None,
                 learner: str = "") -> PendingReport:
    """Build the figures and hand them to the browser; returns before they are drawn.

    Two batches: the diagram (the biggest render) goes to the browser as soon as it is
    built, so Chromium draws it while Python builds the charts, which follow together.
    The ``deadline`` (by default a fresh one) runs from here to the finished PDF.
    """
    deadline = deadlines.start(deadline)
    require()  # fail fast, before building figures, when there is no browser
    figures = report_figures(canvas, t)
    batches: list[tuple[list[str], object]] = []
    for charts, group in enumerate(([n for n, _ in figures if n == "diagram"],
                                    [n for n, _ in figures if n != "diagram"])):
        jobs = []
        for name in group:
            deadline.check()
            spec = dict(figures)[name]
            target = DIAGRAM_PX if name == "diagram" else CHART_PX
            scale = round(min(2.0, max(0.5, target / spec.width)), 3)
            jobs.append(RenderJob(build(name, canvas, t), REPORT_IMAGE_FORMAT, spec.width,
                                  spec.height, scale))
        if charts:  # the assumptions map renders with the charts
            group, jobs = _with_map(canvas, t, group, jobs)
        if jobs:
            batches.append((group, render_async(jobs)))
    return PendingReport(canvas, t, figures, batches, deadline, learner)


def _with_map(canvas: Canvas, t, names: list[str],
              jobs: list[RenderJob]) -> tuple[list[str], list[RenderJob]]:
    """The chart batch, plus the assumptions map when it has items to place."""
    found = evidence_content.report_map(canvas, t)
    if found is None:
        return names, jobs
    figure, width, height = found
    scale = round(min(2.0, max(0.5, DIAGRAM_PX / width)), 3)
    job = RenderJob(figure, REPORT_IMAGE_FORMAT, width, height, scale)
    return [*names, MAP_NAME], [*jobs, job]


def finish_report(pending: PendingReport, now: datetime | None = None) -> bytes:
    """Lay out the pages while the figures render, then place them and write the PDF."""
    canvas, t = pending.canvas, pending.t
    now = now or datetime.now().astimezone()
    fit = fit_report(canvas)
    pdf = document_class()(t, f"{APP_NAME} · {isolate(content.date_text(t, now))}")
    every_text = _all_text(canvas) + pending.learner
    pdf.use_fallbacks(fallback_fonts_for(every_text), every_text)
    pdf.set_title(canvas.title)
    pdf.set_subject(t("export.report.kicker"))
    pdf.set_creator(APP_NAME)
    pdf.set_producer(APP_NAME)
    pdf.set_lang(content.language(t))
    pdf.set_creation_date(now)
    pdf.deadline = pending.deadline

    _title_page(pdf, canvas, t, now, fit, pending.learner)
    diagram = [(n, spec) for n, spec in pending.figures if n == "diagram"]
    _figure_pages(pdf, canvas, t, diagram)
    _profile_tables(pdf, canvas, t)
    _value_map(pdf, canvas, t)
    _fit_section(pdf, canvas, t, fit)
    rendered = {name for names, _batch in pending.batches for name in names}
    _evidence_section(pdf, canvas, t, MAP_NAME in rendered)
    _figure_pages(pdf, canvas, t, [(n, spec) for n, spec in pending.figures if n != "diagram"])
    images: dict[str, bytes] = {}
    for names, batch in pending.batches:
        images.update(zip(names, wait(batch), strict=True))
    pending.deadline.check()
    pdf.fill_slots(images)
    return bytes(pdf.output())


def _all_text(canvas: Canvas) -> str:
    """Every user string that can reach the PDF (for the font fallback check)."""
    return canvas.model_dump_json()


def pdf_report(canvas: Canvas, t, deadline: Deadline | None = None) -> bytes:
    """The multi-page PDF report of ``canvas`` in the language of ``t``.

    Raises :class:`~canvas.export.deadline.ExportTooSlow` past the ``deadline``.
    """
    return finish_report(start_report(canvas, t, deadline))


def pdf_reports(canvases: list[Canvas], t,
                each: Callable[[int, Canvas, bytes], None],
                learners: list[str] | None = None,
                translator_for: Callable[[Canvas], object] | None = None) -> None:
    """Reports for many canvases, the next one's figures rendering while one is laid out.

    Each report is in the language of ``t``, or of ``translator_for(canvas)`` when given (a
    workshop's handouts are each in their canvas's language); ``learners`` names who made
    each canvas, for its title page.
    """
    def start(index: int) -> PendingReport:
        canvas = canvases[index]
        return start_report(canvas, translator_for(canvas) if translator_for else t,
                            learner=learners[index] if learners else "")

    pending = start(0) if canvases else None
    for index, canvas in enumerate(canvases):
        following = start(index + 1) if index + 1 < len(canvases) else None
        each(index, canvas, finish_report(pending))
        pending = following
