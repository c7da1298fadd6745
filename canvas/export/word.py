"""The canvas report as a Word document, for learners who write their business plan in Word.

Same handout as the PDF report (:mod:`canvas.export.report`): the words and tables come
from :mod:`canvas.export.report_content`, the diagram and the charts are pictures drawn by
the shared Chromium, each with its text alternative. Word's own styles (Title, Heading 1,
Heading 2, a grid table) carry the structure, so a learner can restyle, renumber and
navigate the document. User text is written as plain runs: nothing in it is read as markup.

A report in Arabic or Persian reads right to left in Word (:func:`_right_to_left`): every
paragraph is a right-to-left paragraph (w:bidi), every table puts its first column on the
right (w:bidiVisual), the section too, and a run holding Arabic letters is a right-to-left
run (w:rtl) whose bold and size are the complex-script ones Word uses for such text (a
French note stays a left-to-right run inside the right-to-left paragraph).
"""

from __future__ import annotations

import io
from datetime import datetime

from canvas.bidi import has_rtl
from canvas.export import deadline as deadlines
from canvas.export import evidence_content
from canvas.export import report_content as content
from canvas.export.deadline import Deadline
from canvas.export.engine import RenderJob, render, require
from canvas.export.images import APP_NAME, figure_job
from canvas.export.pdfdoc import is_rtl
from canvas.export.report import report_figures
from canvas.figures import FIGURES, alt_text
from canvas.fileformat.models import Canvas
from canvas.ranking.fit import fit_report

PICTURE_PX = 1600  # rendered width: sharp in print, a few hundred kB in the file
TABLE_STYLE = "Table Grid"


def _figures_png(canvas: Canvas, t, names: list[str]) -> dict[str, bytes]:
    jobs = []
    for name in names:
        spec = FIGURES[name]
        scale = round(min(2.0, max(0.5, PICTURE_PX / spec.width)), 3)
        jobs.append(figure_job(name, canvas, t, "png", scale=scale))
    return dict(zip(names, render(jobs), strict=True)) if jobs else {}


def _table(doc, table: content.Table) -> None:
    grid = doc.add_table(rows=1, cols=len(table.header))
    grid.style = TABLE_STYLE
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = text
    doc.add_paragraph()


def _parts(doc, parts: list[content.Part]) -> None:
    for part in parts:
        doc.add_heading(part.title, level=2)
        if part.table is None:
            doc.add_paragraph(part.note)
        else:
            _table(doc, part.table)


def _picture(doc, png: bytes, title: str, description: str) -> None:
    # python-docx loads with the first Word file, not when the app starts.
    from docx.shared import Cm

    width = doc.sections[0].page_width - doc.sections[0].left_margin \
        - doc.sections[0].right_margin
    shape = doc.add_picture(io.BytesIO(png), width=min(width, Cm(17)))
    doc_pr = shape._inline.docPr  # the picture's title and alt text, read by screen readers
    doc_pr.set("title", title)
    doc_pr.set("descr", description)
    doc.add_paragraph(description)


def _map_png(canvas: Canvas, t) -> bytes | None:
    """The assumptions map as a picture, or None when it has no item to place."""
    found = evidence_content.report_map(canvas, t)
    if found is None:
        return None
    figure, width, height = found
    scale = round(min(2.0, max(0.5, PICTURE_PX / width)), 3)
    return render([RenderJob(figure, "png", width, height, scale)])[0]


def _evidence(doc, canvas: Canvas, t, map_png: bytes | None) -> None:
    """The PDF report's evidence chapter, in Word's styles."""
    items = evidence_content.item_evidence(canvas, t)
    risks = evidence_content.risk_table(canvas, t)
    if not (items or map_png or risks.table):
        return
    doc.add_heading(t("evidence.report.title"), level=1)
    _parts(doc, [risks])
    if risks.table is not None and risks.note:
        doc.add_paragraph(risks.note)
    if map_png is not None:
        doc.add_heading(t("evidence.map.title"), level=2)
        _picture(doc, map_png, t("evidence.map.title"),
                 evidence_content.map_caption(canvas, t))
        listing = evidence_content.map_table(canvas, t)
        if listing is not None:
            _parts(doc, [listing])
    doc.add_heading(t("evidence.report.cards_title"), level=2)
    if not items:
        doc.add_paragraph(t("evidence.report.no_cards"))
    for entry in items:
        doc.add_heading(entry.title, level=3)
        if entry.status:
            doc.add_paragraph(entry.status)
        for card in entry.cards:
            _table(doc, card)


def _set_language(doc, code: str) -> None:
    """Spell-check and hyphenate in the canvas's language (Word reads w:lang)."""
    # python-docx loads with the first Word file, not when the app starts.
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    doc.core_properties.language = code
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), code)


#: What follows w:bidi in a w:pPr (False) and in a w:sectPr (True), and w:szCs in a w:rPr,
#: in the schema's order (WordprocessingML, ECMA-376 part 1, 17.3.1.26, 17.6.17, 17.3.2.28).
_AFTER_BIDI = {
    False: ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
            "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
            "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
            "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    True: ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
}
_AFTER_SZ_CS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
                "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                "w:specVanish", "w:oMath")


def _bidi(element) -> None:
    """A ``w:bidi`` in a ``w:pPr`` or ``w:sectPr``, where the schema wants it."""
    # python-docx loads with the first Word file, not when the app starts.
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    if element.find(qn("w:bidi")) is None:
        after = _AFTER_BIDI[element.tag == qn("w:sectPr")]
        element.insert_element_before(OxmlElement("w:bidi"), *after)


def _complex_script_style(style) -> None:
    """A style's bold and size also for complex-script text (Arabic letters use them)."""
    # python-docx loads with the first Word file, not when the app starts.
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    rpr = style.element.get_or_add_rPr()
    if rpr.find(qn("w:b")) is not None and rpr.find(qn("w:bCs")) is None:
        style.font.cs_bold = True
    size = rpr.find(qn("w:sz"))
    if size is not None and rpr.find(qn("w:szCs")) is None:
        size_cs = OxmlElement("w:szCs")
        size_cs.set(qn("w:val"), size.get(qn("w:val")))
        rpr.insert_element_before(size_cs, *_AFTER_SZ_CS)


def _right_to_left(doc) -> None:
    """Turn the whole document right to left (see the module docstring)."""
    # python-docx loads with the first Word file, not when the app starts.
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_TABLE_DIRECTION
    from docx.oxml.ns import qn
    from docx.text.run import Run

    for style in doc.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH:  # Normal, Title, Heading n...
            _complex_script_style(style)
    body = doc.element.body
    _bidi(doc.styles["Normal"].element.get_or_add_pPr())
    for paragraph in body.iter(qn("w:p")):  # table cells' paragraphs too
        _bidi(paragraph.get_or_add_pPr())
    for element in body.iter(qn("w:r")):
        run = Run(element, None)
        if has_rtl(run.text):
            run.font.rtl = True
            if run.bold:
                run.font.cs_bold = True
    for table in doc.tables:
        table.table_direction = WD_TABLE_DIRECTION.RTL
    for properties in body.iter(qn("w:sectPr")):
        _bidi(properties)


def word_report(canvas: Canvas, t, deadline: Deadline | None = None,
                now: datetime | None = None) -> bytes:
    """The report of ``canvas`` as .docx bytes in the language of ``t``.

    Raises :class:`~canvas.export.deadline.ExportTooSlow` past the ``deadline``.
    """
    # python-docx loads with the first Word file, not when the app starts.
    from docx import Document

    deadline = deadlines.start(deadline)
    require()  # fail fast, before building figures, when there is no browser
    now = now or datetime.now().astimezone()
    figures = report_figures(canvas, t)
    images = _figures_png(canvas, t, [name for name, _ in figures])
    evidence_map = _map_png(canvas, t)
    deadline.check()
    fit = fit_report(canvas)

    doc = Document()
    _set_language(doc, content.language(t))
    doc.core_properties.title = canvas.title
    doc.core_properties.subject = t("export.report.kicker")
    doc.core_properties.author = APP_NAME
    doc.add_paragraph(t("export.report.kicker"))
    doc.add_heading(canvas.title, level=0)
    _table(doc, content.facts_table(canvas, t, now))
    # The title page's fit is a line, as in the PDF, not a heading: the outline starts
    # with an H1 (a level-2 heading before any level 1 breaks screen readers' navigation).
    doc.add_paragraph().add_run(t("export.report.fit_title")).bold = True
    doc.add_paragraph().add_run(content.percent(t, fit.score)).bold = True
    doc.add_paragraph(content.counts_line(canvas, t))
    persona = content.persona_tables(canvas, t)
    if persona:
        doc.add_heading(t("persona.title"), level=1)
        for table in persona:
            _table(doc, table)

    specs = dict(figures)
    doc.add_heading(t(specs["diagram"].title_key), level=1)
    _picture(doc, images["diagram"], t(specs["diagram"].title_key),
             alt_text("diagram", canvas, t))

    doc.add_heading(t("section.customer_profile"), level=1)
    _parts(doc, content.profile_parts(canvas, t))
    deadline.check()
    doc.add_heading(t("section.value_map"), level=1)
    _parts(doc, content.value_map_parts(canvas, t))
    doc.add_heading(t("export.report.fit_title"), level=1)
    if fit.score is not None:
        doc.add_paragraph().add_run(content.percent(t, fit.score)).bold = True
    for sentence in content.fit_sentences(fit, t):
        doc.add_paragraph(sentence)
    doc.add_paragraph(t("fit.formula"))
    _parts(doc, content.fit_parts(canvas, fit, t))
    deadline.check()

    _evidence(doc, canvas, t, evidence_map)
    deadline.check()

    charts = [(name, spec) for name, spec in figures if name != "diagram"]
    if charts:
        doc.add_heading(t("export.report.charts"), level=1)
    for name, spec in charts:
        doc.add_heading(t(spec.title_key), level=2)
        _picture(doc, images[name], t(spec.title_key), alt_text(name, canvas, t))
    if is_rtl(t):
        _right_to_left(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
