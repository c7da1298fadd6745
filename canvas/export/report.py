"""The PDF report of one canvas: the handout a facilitator gives out after a workshop.

Pages: a title page (segment, relation, persona card, fit), the canvas diagram, the ranked
profile tables, the value map with its links, the fit and its gaps, then the charts that
have something to show. All words are real, searchable text (see :mod:`pdfdoc`) and user
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

from canvas.export import deadline as deadlines
from canvas.export.deadline import Deadline
from canvas.export.engine import RenderJob, render_async, require, wait
from canvas.export.images import APP_NAME
from canvas.export.pdfdoc import ACCENT, FONT, INK, MUTED, document_class, fallback_fonts_for
from canvas.fit import fit_report
from canvas.formatting import format_date, format_percent
from canvas.models import SCORE_FIELD, SECTIONS, Canvas
from canvas.ranking import rank_map, ranked

#: Figures in the PDF: sharp enough for print, small enough to stay fast. Sizes are the
#: rendered width in pixels; JPEG is embedded by fpdf2 as is (no re-encoding, no alpha).
DIAGRAM_PX = 2000
CHART_PX = 1200
REPORT_IMAGE_FORMAT = "jpeg"
CHART_MAX_H = 100  # mm: two charts with their captions share a portrait page
SINGULAR = {"jobs": "job", "pains": "pain", "gains": "gain"}
FIELD_VALUE = [("LEFT", 0), ("LEFT", 1)]


@dataclass
class PendingReport:
    """Figures submitted to the browser for one report, not yet collected."""

    canvas: Canvas
    t: object
    figures: list[tuple[str, object]]  # (name, FigureSpec) in report order
    batches: list[tuple[list[str], object]]  # (figure names, engine.PendingRender)
    deadline: Deadline
    learner: str = ""  # who made the canvas, on the title page of a workshop handout


def _language(t) -> str:
    return getattr(t, "language", "en")


def _fmt_date(t, when: datetime) -> str:
    return format_date(when, _language(t))


def _percent(t, value: float | None) -> str:
    return t("export.percent.none") if value is None else format_percent(value, _language(t))


def _count(t, section: str, n: int) -> str:
    return f"{t(f'section.{section}')} ({n})"


# ---------------------------------------------------------------------------------------
# Sections of the report

def _title_page(pdf, canvas: Canvas, t, now: datetime, fit, learner: str = "") -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, t("export.report.kicker"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.heading(canvas.title, level=0)
    segment = canvas.segment
    rows = [[t("room.report.learner"), learner]] if learner else []
    rows += [[t("segment.name"), segment.name],
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


def start_report(canvas: Canvas, t, deadline: Deadline | None = None,
                 learner: str = "") -> PendingReport:
    """Build the figures and hand them to the browser; returns before they are drawn.

    Two batches: the diagram (the biggest render) goes to the browser as soon as it is
    built, so Chromium draws it while Python builds the charts, which follow together.
    The ``deadline`` (by default a fresh one) runs from here to the finished PDF.
    """
    from canvas.figures import build

    deadline = deadlines.start(deadline)
    require()  # fail fast, before building figures, when there is no browser
    figures = report_figures(canvas, t)
    batches: list[tuple[list[str], object]] = []
    for group in ([n for n, _ in figures if n == "diagram"],
                  [n for n, _ in figures if n != "diagram"]):
        jobs = []
        for name in group:
            deadline.check()
            spec = dict(figures)[name]
            target = DIAGRAM_PX if name == "diagram" else CHART_PX
            scale = round(min(2.0, max(0.5, target / spec.width)), 3)
            jobs.append(RenderJob(build(name, canvas, t), REPORT_IMAGE_FORMAT, spec.width,
                                  spec.height, scale))
        if jobs:
            batches.append((group, render_async(jobs)))
    return PendingReport(canvas, t, figures, batches, deadline, learner)


def finish_report(pending: PendingReport, now: datetime | None = None) -> bytes:
    """Lay out the pages while the figures render, then place them and write the PDF."""
    canvas, t = pending.canvas, pending.t
    now = now or datetime.now().astimezone()
    fit = fit_report(canvas)
    pdf = document_class()(t, f"{APP_NAME} · {_fmt_date(t, now)}")
    pdf.use_fallbacks(fallback_fonts_for(_all_text(canvas) + pending.learner))
    pdf.set_title(canvas.title)
    pdf.set_subject(t("export.report.kicker"))
    pdf.set_creator(APP_NAME)
    pdf.set_producer(APP_NAME)
    pdf.set_lang(_language(t))
    pdf.set_creation_date(now)
    pdf.deadline = pending.deadline

    _title_page(pdf, canvas, t, now, fit, pending.learner)
    diagram = [(n, spec) for n, spec in pending.figures if n == "diagram"]
    _figure_pages(pdf, canvas, t, diagram)
    _profile_tables(pdf, canvas, t)
    _value_map(pdf, canvas, t)
    _fit_section(pdf, canvas, t, fit)
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
