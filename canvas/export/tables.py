"""Every item of a canvas as a table: a pandas DataFrame, CSV, XLSX and the JSON file.

One row per item, profile first (ranked as everywhere else), then the value map in list
order. Without a translator the table speaks the file format (column ids, enumeration
codes), which suits scripts; with one, headers and labels are in the reader's language,
which suits a spreadsheet handed to a learner. Texts are never changed: not escaped, not
trimmed, and strings that look like formulas stay strings in the workbook.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from canvas.models import SCORE_FIELD, SECTIONS, VALUE_MAP_SECTIONS, Canvas
from canvas.ranking import ranked

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


def _rows(canvas: Canvas, t) -> list[dict]:
    rows: list[dict] = []
    for section in SECTIONS:
        score_field = SCORE_FIELD[section]
        for rank, item in ranked(canvas.section(section)):
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
            links = list(getattr(item, "relieves", None) or getattr(item, "creates", None) or [])
            rows.append({
                "section": _label(t, f"section.{section}", section),
                "rank": position, "id": item.id, "text": item.text, "kind": "",
                "score_name": "", "score": None, "frequency": None, "status": "",
                "notes": item.notes, "links": ID_SEPARATOR.join(links),
                "linked_texts": TEXT_SEPARATOR.join(texts[i] for i in links if i in texts),
            })
    return rows


def items_dataframe(canvas: Canvas, t=None) -> pd.DataFrame:
    """One row per item with every field; ``t`` translates headers and labels."""
    frame = pd.DataFrame(_rows(canvas, t), columns=list(COLUMNS))
    for column in INT_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    for column in set(COLUMNS) - set(INT_COLUMNS):
        frame[column] = frame[column].astype(object)
    if t is not None:
        frame = frame.rename(columns={c: column_header(t, c) for c in COLUMNS})
    return frame


def csv_bytes(canvas: Canvas, t=None) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows Ukrainian and accents correctly."""
    text = items_dataframe(canvas, t).to_csv(index=False, lineterminator="\r\n")
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
    if value is None or value is pd.NA:
        return None
    if isinstance(value, str):
        return _ILLEGAL_XLSX.sub("\ufffd", value)  # XLSX cannot hold C0 control characters
    return int(value)


def _write_sheet(ws, header: list[str], rows: list[list], wrap: set[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF7")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for values in rows:
        ws.append([_cell_value(v) for v in values])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed text, never a formula
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column - 1 in wrap)
    for index, title in enumerate(header):
        lengths = [len(line) for v in [title, *(r[index] for r in rows)]
                   if isinstance(v, str | int) for line in str(v).splitlines() or [""]]
        ws.column_dimensions[get_column_letter(index + 1)].width = \
            max(6, min(60, max(lengths, default=6) + 2))
    ws.freeze_panes = "A2"


def xlsx_bytes(canvas: Canvas, t=None) -> bytes:
    """A workbook: the segment and persona first, then one sheet per section."""
    from openpyxl import Workbook

    frame = items_dataframe(canvas, None)
    labelled = items_dataframe(canvas, t) if t is not None else frame
    wb = Workbook()
    used: set[str] = set()
    ws = wb.active
    ws.title = _sheet_name(_label(t, "export.sheet.segment", "segment"), used)
    _write_sheet(ws, [column_header(t, "field"), column_header(t, "value")],
                 segment_rows(canvas, t), wrap={1})
    for section in SECTIONS + VALUE_MAP_SECTIONS:
        columns = SECTION_COLUMNS[section]
        mask = (frame["section"] == section).to_numpy()
        part = labelled[mask]
        header = [column_header(t, c, section) for c in columns]
        positions = [COLUMNS.index(c) for c in columns]
        rows = [[row[p] for p in positions] for row in part.itertuples(index=False)]
        wrap = {i for i, c in enumerate(columns) if c in ("text", "notes", "linked_texts")}
        ws = wb.create_sheet(_sheet_name(_label(t, f"section.{section}", section), used))
        _write_sheet(ws, header, rows, wrap)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def segment_rows(canvas: Canvas, t=None) -> list[list]:
    """``[label, value]`` pairs describing the canvas, its segment and persona."""
    from canvas.fit import fit_score

    segment = canvas.segment
    persona = segment.persona
    score = fit_score(canvas)
    rows = [
        [_label(t, "export.field.title", "title"), canvas.title],
        [_label(t, "segment.name", "segment"), segment.name],
        [_label(t, "segment.relation", "relation"),
         _label(t, f"relation.{segment.relation}", segment.relation)],
    ]
    if persona is not None:
        for field in ("name", "age", "location", "occupation", "income", "household",
                      "values", "notes"):
            value = getattr(persona, field)
            if isinstance(value, list):
                value = ", ".join(value)
            rows.append([_label(t, f"persona.{field}", f"persona.{field}"),
                         "" if value is None else value])
    rows += [
        [_label(t, "export.field.fit", "fit"), None if score is None else round(score)],
        [_label(t, "export.field.language", "language"), canvas.language],
        [_label(t, "export.field.created", "created_at"), canvas.created_at.isoformat()],
        [_label(t, "export.field.updated", "updated_at"), canvas.updated_at.isoformat()],
        [_label(t, "export.field.revision", "revision"), canvas.revision],
        [_label(t, "export.field.id", "id"), canvas.id],
    ]
    return rows
