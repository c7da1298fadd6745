"""Every item of a canvas as a table: a pandas DataFrame, CSV, XLSX and the JSON file.

One row per item, profile first (ranked as everywhere else), then the value map in list
order. Without a translator the table speaks the file format (column ids, enumeration
codes), which suits scripts; with one, headers and labels are in the reader's language,
which suits a spreadsheet handed to a learner.

The DataFrame and the JSON file keep every text exactly. CSV and XLSX are read by
spreadsheets, which run a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (``=HYPERLINK(...)`` from a learner's note would reach a facilitator's
Excel as a live link): such cells get a leading ``'``, as OWASP recommends against CSV
injection (:mod:`canvas.export.spreadsheet_safety`, shared with the cards' table). A
spreadsheet cell holds at most 32,767 characters; the file format's limits keep every cell
below that, and should one ever be longer the workbook cuts it, ends it with "…" and opens
on a sheet that lists each cut cell.

A workbook in Arabic or Persian has right-to-left sheets (column A on the right), as Excel
shows them to those readers. The CSV is UTF-8 with a byte order mark, which is what makes
Excel read it as UTF-8 (Arabic, Persian, Ukrainian and accents alike).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd

from canvas.evidence.persona import persona_lines
from canvas.export import deadline as deadlines
from canvas.export.deadline import Deadline
from canvas.export.evidence_tables import sheet_rows
from canvas.export.spreadsheet_safety import spreadsheet_frame, spreadsheet_text
from canvas.fileformat.models import (
    PERSONA_GROUPS,
    SCORE_FIELD,
    SECTIONS,
    VALUE_MAP_SECTIONS,
    Canvas,
)
from canvas.formatting import format_datetime, format_number
from canvas.i18n import get_translator, text_direction
from canvas.ranking.fit import fit_score
from canvas.ranking.rules import ranked

COLUMNS = ("section", "rank", "id", "text", "kind", "score_name", "score", "frequency",
           "status", "notes", "links", "linked_texts")
INT_COLUMNS = ("rank", "score", "frequency")
#: Joins ids (which never hold a comma or a space) and linked texts (which may hold
#: anything but are one per line in a spreadsheet cell).
ID_SEPARATOR = ", "
TEXT_SEPARATOR = "\n"
#: The columns that mean something for each section, in sheet order.
SECTION_COLUMNS = {
    "jobs": ("rank", "id", "text", "kind", "score", "frequency", "status", "notes"),
    "pains": ("rank", "id", "text", "kind", "score", "frequency", "status", "notes"),
    "gains": ("rank", "id", "text", "kind", "score", "status", "notes"),
    "products": ("rank", "id", "text", "notes"),
    "pain_relievers": ("rank", "id", "text", "links", "linked_texts", "notes"),
    "gain_creators": ("rank", "id", "text", "links", "linked_texts", "notes"),
}
SINGULAR = {"jobs": "job", "pains": "pain", "gains": "gain"}
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: The most characters one Excel (or LibreOffice) cell holds.
MAX_CELL = 32_767
CUT_MARK = "…"


def _label(t, key: str, code: str) -> str:
    return t(key) if t is not None else code


def column_header(t, column: str, section: str | None = None) -> str:
    if t is None:
        return column
    if column == "score" and section in SCORE_FIELD:
        return t(f"score.{SCORE_FIELD[section]}")
    if column == "frequency":
        return t("score.frequency")
    if column == "links" and section == "pain_relievers":
        return t("export.column.relieves")
    if column == "links" and section == "gain_creators":
        return t("export.column.creates")
    return t(f"export.column.{column}")


def _rows(canvas: Canvas, t, deadline: Deadline) -> list[dict]:
    rows: list[dict] = []
    for section in SECTIONS:
        score_field = SCORE_FIELD[section]
        for rank, item in ranked(canvas.section(section)):
            deadline.check()
            rows.append({
                "section": _label(t, f"section.{section}", section),
                "rank": rank, "id": item.id, "text": item.text,
                "kind": _label(t, f"kind.{SINGULAR[section]}.{item.kind}", item.kind),
                "score_name": _label(t, f"score.{score_field}", score_field),
                "score": getattr(item, score_field),
                "frequency": getattr(item, "frequency", None),
                "status": _label(t, f"status.{item.status}", item.status),
                "notes": item.notes, "links": "", "linked_texts": "",
            })
    texts = {item.id: item.text for section in SECTIONS for item in canvas.section(section)}
    for section in VALUE_MAP_SECTIONS:
        for position, item in enumerate(canvas.section(section), start=1):
            deadline.check()
            links = list(getattr(item, "relieves", None) or getattr(item, "creates", None) or [])
            rows.append({
                "section": _label(t, f"section.{section}", section),
                "rank": position, "id": item.id, "text": item.text, "kind": "",
                "score_name": "", "score": None, "frequency": None, "status": "",
                "notes": item.notes, "links": ID_SEPARATOR.join(links),
                "linked_texts": TEXT_SEPARATOR.join(texts[i] for i in links if i in texts),
            })
    return rows


def items_dataframe(canvas: Canvas, t=None, deadline: Deadline | None = None) -> pd.DataFrame:
    """One row per item with every field, texts exactly as typed; ``t`` translates headers
    and labels."""
    frame = pd.DataFrame(_rows(canvas, t, deadlines.start(deadline)), columns=list(COLUMNS))
    for column in INT_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    for column in set(COLUMNS) - set(INT_COLUMNS):
        frame[column] = frame[column].astype(object)
    if t is not None:
        frame = frame.rename(columns={c: column_header(t, c) for c in COLUMNS})
    return frame


def csv_bytes(canvas: Canvas, t=None, deadline: Deadline | None = None) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows Ukrainian and accents correctly."""
    frame = spreadsheet_frame(items_dataframe(canvas, t, deadline))
    text = frame.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def json_bytes(canvas: Canvas) -> bytes:
    return canvas.to_json().encode("utf-8")


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "-", title).strip("' ")[:31] or "sheet"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _cell_value(value):
    """What a workbook cell holds: inert text (see module docstring), whole numbers, None.

    Text longer than MAX_CELL is returned whole; :func:`_write_sheet` cuts and reports it.
    Numbers stay numbers, in every language: Excel shows a number cell the way its
    reader's system writes numbers (its separators, and Persian digits where the system
    substitutes them) and can still sum and sort it, where a text cell of ۱۲ could not.
    Text cells follow the reader's language like every other export (dates, the
    persona's age and lists are text)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, str):
        # XLSX cannot hold C0 control characters
        return spreadsheet_text(_ILLEGAL_XLSX.sub("\ufffd", value))
    return int(value)


@dataclass(frozen=True)
class CutCell:
    """A cell whose text was longer than a spreadsheet cell holds."""

    sheet: str
    cell: str
    length: int


def _fit(value, cut: list, sheet: str, coordinate: str):
    if isinstance(value, str) and len(value) > MAX_CELL:
        cut.append(CutCell(sheet, coordinate, len(value)))
        return value[: MAX_CELL - len(CUT_MARK)] + CUT_MARK
    return value


def _write_sheet(ws, header: list[str], rows: list[list], wrap: set[int],
                 deadline: Deadline, cut: list[CutCell]) -> None:
    # openpyxl (0.15 s to import) loads with the first workbook, not when the app starts.
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF7")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for values in rows:
        deadline.check()
        row = ws.max_row + 1
        ws.append([_fit(_cell_value(v), cut, ws.title, f"{get_column_letter(i + 1)}{row}")
                   for i, v in enumerate(values)])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text, never a formula
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column - 1 in wrap)
    for index, title in enumerate(header):
        lengths = [len(line) for v in [title, *(r[index] for r in rows)]
                   if isinstance(v, str | int) for line in str(v).splitlines() or [""]]
        ws.column_dimensions[get_column_letter(index + 1)].width = \
            max(6, min(60, max(lengths, default=6) + 2))
    ws.freeze_panes = "A2"


def xlsx_bytes(canvas: Canvas, t=None, deadline: Deadline | None = None) -> bytes:
    """A workbook: the segment and persona first, then one sheet per section, then the
    test and learning cards (:mod:`canvas.export.evidence_tables`).

    When a cell had to be cut, a first sheet says so and lists each one.
    """
    # openpyxl (0.15 s to import) loads with the first workbook, not when the app starts.
    from openpyxl import Workbook

    deadline = deadlines.start(deadline)
    frame = items_dataframe(canvas, None, deadline)
    labelled = items_dataframe(canvas, t, deadline) if t is not None else frame
    wb = Workbook()
    used: set[str] = set()
    cut: list[CutCell] = []
    ws = wb.active
    ws.title = _sheet_name(_label(t, "export.sheet.segment", "segment"), used)
    _write_sheet(ws, [column_header(t, "field"), column_header(t, "value")],
                 segment_rows(canvas, t), wrap={1}, deadline=deadline, cut=cut)
    for section in SECTIONS + VALUE_MAP_SECTIONS:
        columns = SECTION_COLUMNS[section]
        mask = (frame["section"] == section).to_numpy()
        part = labelled[mask]
        header = [column_header(t, c, section) for c in columns]
        positions = [COLUMNS.index(c) for c in columns]
        rows = [[row[p] for p in positions] for row in part.itertuples(index=False)]
        wrap = {i for i, c in enumerate(columns) if c in ("text", "notes", "linked_texts")}
        ws = wb.create_sheet(_sheet_name(_label(t, f"section.{section}", section), used))
        _write_sheet(ws, header, rows, wrap, deadline, cut)
    ws = wb.create_sheet(_sheet_name(_label(t, "evidence.sheet.cards", "tests"), used))
    _write_sheet(ws, *sheet_rows(canvas, t, deadline), deadline=deadline, cut=cut)
    if cut:
        _cut_sheet(wb, cut, t, used)
    if t is not None and text_direction(getattr(t, "language", "en")) == "rtl":
        for sheet in wb.worksheets:
            sheet.sheet_view.rightToLeft = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cut_sheet(wb, cut: list[CutCell], t, used: set[str]) -> None:
    """The workbook's first sheet: a sentence, then sheet, cell and full length of each."""
    # openpyxl (0.15 s to import) loads with the first workbook, not when the app starts.
    from openpyxl.styles import Alignment, Font

    language = getattr(t, "language", "en")
    say = t if t is not None else get_translator("en")
    ws = wb.create_sheet(_sheet_name(_label(t, "limits.sheet.cut", "cut_cells"), used), 0)
    ws.append([say("limits.sheet.cut.intro", limit=format_number(MAX_CELL, language))])
    ws["A1"].font = Font(bold=True)
    ws["A1"].alignment = Alignment(wrap_text=False)
    ws.append([])
    ws.append([_label(t, "limits.column.sheet", "sheet"), _label(t, "limits.column.cell", "cell"),
               _label(t, "limits.column.length", "length")])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for entry in cut:
        ws.append([entry.sheet, entry.cell, entry.length])
    for letter, width in (("A", 30), ("B", 10), ("C", 24)):
        ws.column_dimensions[letter].width = width
    wb.active = 0


def _when(t, moment) -> str:
    """ISO 8601 for scripts; the reader's own way of writing dates in a labelled sheet."""
    if t is None:
        return moment.isoformat()

    return format_datetime(moment, getattr(t, "language", "en"))


def _persona_rows(persona, t) -> list[list]:
    """The persona card: for a reader, the filled fields with their labels
    (:func:`canvas.evidence.persona.persona_lines`); for scripts, every field by its code, in the
    card's order, so that columns stay put from one file to the next."""
    if persona is None:
        return []
    if t is not None:
        return [[label, value] for _group, label, value in persona_lines(persona, t)]
    rows = []
    for fields in PERSONA_GROUPS.values():
        for field in fields:
            value = getattr(persona, field)
            if isinstance(value, list):
                value = ", ".join(value)
            elif value is not None and not isinstance(value, str | int):
                value = value.isoformat()
            rows.append([f"persona.{field}", "" if value is None else value])
    return rows


def segment_rows(canvas: Canvas, t=None) -> list[list]:
    """``[label, value]`` pairs describing the canvas, its segment and persona."""
    segment = canvas.segment
    persona = segment.persona
    score = fit_score(canvas)
    rows = [
        [_label(t, "export.field.title", "title"), canvas.title],
        [_label(t, "segment.name", "segment"), segment.name],
        [_label(t, "segment.relation", "relation"),
         _label(t, f"relation.{segment.relation}", segment.relation)],
    ]
    rows += _persona_rows(persona, t)
    rows += [
        [_label(t, "export.field.fit", "fit"), None if score is None else round(score)],
        [_label(t, "export.field.language", "language"), canvas.language],
        [_label(t, "export.field.created", "created_at"), _when(t, canvas.created_at)],
        [_label(t, "export.field.updated", "updated_at"), _when(t, canvas.updated_at)],
        [_label(t, "export.field.revision", "revision"), canvas.revision],
        [_label(t, "export.field.id", "id"), canvas.id],
    ]
    return rows
