"""Tests and learnings as a table: one row per card, for the XLSX sheet and its own CSV.

The items table (:mod:`canvas.export.tables`) has one row per item; cards are a second
table with other columns, so the workbook gets a sheet of its own and CSV, which holds one
table per file, a file of its own (``tests_csv_bytes``) instead of two tables run
together. As with the items, no translator means file-format codes for scripts, and a
translator means the reader's words; CSV and XLSX cells never run as formulas.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from canvas.evidence import EVIDENCE_SECTIONS, method_label
from canvas.export import deadline as deadlines
from canvas.export.deadline import Deadline
from canvas.export.tables import spreadsheet_frame
from canvas.models import SECTIONS, Canvas
from canvas.ranking import ranked

COLUMNS = ("section", "item_rank", "item_id", "item", "status", "card", "card_id", "state",
           "method", "belief", "action", "measure", "criterion", "cost", "duration", "due",
           "test_id", "observed", "learned", "next_step", "strength", "verdict", "date")
#: Columns that hold sentences: wrapped in the workbook.
TEXT_COLUMNS = ("item", "belief", "action", "measure", "criterion", "observed", "learned",
                "next_step")


def _when(t, value: date | datetime | None) -> str:
    if value is None:
        return ""
    if t is None:
        return value.isoformat()
    from canvas.formatting import format_date

    moment = value if isinstance(value, datetime) else datetime(value.year, value.month,
                                                                value.day)
    return format_date(moment, getattr(t, "language", "en"))


def _say(t, key: str, code: str) -> str:
    return code if t is None else t(key)


def header(t, column: str) -> str:
    return column if t is None else t(f"evidence.column.{column}")


def _entries(canvas: Canvas):
    for section in EVIDENCE_SECTIONS:
        if section in SECTIONS:
            yield from ((section, rank, item) for rank, item in ranked(canvas.section(section)))
        else:
            yield from ((section, place, item)
                        for place, item in enumerate(canvas.section(section), start=1))


def evidence_rows(canvas: Canvas, t=None, deadline: Deadline | None = None) -> list[dict]:
    """Every test card, then every learning card, item by item in the exports' order."""
    deadline = deadlines.start(deadline)
    rows = []
    for section, rank, item in _entries(canvas):
        status = getattr(item, "status", "")
        common = {
            "section": _say(t, f"section.{section}", section), "item_rank": rank,
            "item_id": item.id, "item": item.text,
            "status": _say(t, f"status.{status}", status) if status else "",
        }
        blank = dict.fromkeys(COLUMNS, "")
        for test in item.tests:
            deadline.check()
            rows.append({**blank, **common,
                         "card": _say(t, "evidence.card.test", "test"), "card_id": test.id,
                         "state": _say(t, f"evidence.state.{test.state}", test.state),
                         "method": method_label(t, test) if t is not None else test.method,
                         "belief": test.belief, "action": test.action,
                         "measure": test.measure, "criterion": test.criterion,
                         "cost": test.cost, "duration": test.duration,
                         "due": _when(t, test.due), "date": _when(t, test.created_at)})
            if t is None and test.method == "other":
                rows[-1]["method"] = f"other: {test.method_other}".rstrip(": ")
        for card in item.learnings:
            deadline.check()
            verdict = card.verdict or ""
            rows.append({**blank, **common,
                         "card": _say(t, "evidence.card.learning", "learning"),
                         "card_id": card.id, "test_id": card.test_id or "",
                         "observed": card.observed, "learned": card.learned,
                         "next_step": card.next_step,
                         "strength": _say(t, f"evidence.strength.{card.strength}",
                                          card.strength),
                         "verdict": _say(t, f"status.{verdict}", verdict) if verdict else "",
                         "date": _when(t, card.recorded_at)})
    return rows


def evidence_dataframe(canvas: Canvas, t=None, deadline: Deadline | None = None
                       ) -> pd.DataFrame:
    frame = pd.DataFrame(evidence_rows(canvas, t, deadline), columns=list(COLUMNS))
    frame["item_rank"] = frame["item_rank"].astype("Int64")
    for column in set(COLUMNS) - {"item_rank"}:
        frame[column] = frame[column].astype(object)
    if t is not None:
        frame = frame.rename(columns={c: header(t, c) for c in COLUMNS})
    return frame


def tests_csv_bytes(canvas: Canvas, t=None, deadline: Deadline | None = None) -> bytes:
    """The cards as UTF-8 CSV with a byte order mark (Excel then reads Ukrainian right)."""
    frame = spreadsheet_frame(evidence_dataframe(canvas, t, deadline))
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


tests_csv_bytes.__test__ = False  # its name starts like a test; pytest must not run it


def sheet_rows(canvas: Canvas, t, deadline: Deadline) -> tuple[list[str], list[list], set[int]]:
    """``(header, rows, wrapped column indexes)`` of the workbook's cards sheet."""
    rows = [[row[c] for c in COLUMNS] for row in evidence_rows(canvas, t, deadline)]
    wrap = {index for index, column in enumerate(COLUMNS) if column in TEXT_COLUMNS}
    return [header(t, c) for c in COLUMNS], rows, wrap
