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

from canvas.evidence.cards import EVIDENCE_SECTIONS, method_label
from canvas.export import deadline as deadlines
from canvas.export.deadline import Deadline
from canvas.export.evidence_content import test_ref
from canvas.export.spreadsheet_safety import spreadsheet_frame
from canvas.fileformat.models import SECTIONS, Canvas
from canvas.formatting import format_date
from canvas.ranking.rules import ranked

COLUMNS = ("section", "item_rank", "item_id", "item", "status", "card", "card_id", "state",
           "method", "belief", "action", "measure", "criterion", "owner", "cost", "duration",
           "due", "test_id", "observed", "learned", "next_step", "strength", "criterion_met",
           "people", "verdict", "date", "interviewee", "heard_on", "group")
#: Columns that hold sentences: wrapped in the workbook.
TEXT_COLUMNS = ("item", "belief", "action", "measure", "criterion", "observed", "learned",
                "next_step")


def _when(t, value: date | datetime | None, iso: bool = False) -> str:
    """ISO 8601 for scripts; YYYY-MM-DD in a labelled CSV (a spreadsheet reads it as a
    date whatever its locale, where 06/12/2026 is June or December); the reader's own
    way in the workbook."""
    if value is None:
        return ""
    if t is None:
        return value.isoformat()
    if iso:
        return (value.date() if isinstance(value, datetime) else value).isoformat()

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


def evidence_rows(canvas: Canvas, t=None, deadline: Deadline | None = None,
                  iso_dates: bool = False) -> list[dict]:
    """Every test card, then every learning card, item by item in the exports' order.

    With a translator, a learning's test is named as the reader sees it ("Test 1"), not
    by its id; ``iso_dates`` writes dates YYYY-MM-DD (the CSV's)."""
    deadline = deadlines.start(deadline)
    rows = []

    def when(value):
        return _when(t, value, iso_dates)

    for section, rank, item in _entries(canvas):
        numbers = {test.id: n for n, test in enumerate(item.tests, start=1)}
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
                         "owner": test.owner, "cost": test.cost, "duration": test.duration,
                         "due": when(test.due), "date": when(test.created_at)})
            if t is None and test.method == "other":
                rows[-1]["method"] = f"other: {test.method_other}".rstrip(": ")
        for card in item.learnings:
            deadline.check()
            verdict = card.verdict or ""
            rows.append({**blank, **common,
                         "card": _say(t, "evidence.card.learning", "learning"),
                         "card_id": card.id, "test_id": _test_ref(t, card.test_id, numbers),
                         "observed": card.observed, "learned": card.learned,
                         "next_step": card.next_step,
                         "strength": _say(t, f"evidence.strength.{card.strength}",
                                          card.strength),
                         "criterion_met": (_say(t, f"evidence_trust.criterion.{card.criterion_met}",
                                                card.criterion_met)
                                           if card.criterion_met else ""),
                         "people": "" if card.people is None else card.people,
                         "verdict": _say(t, f"status.{verdict}", verdict) if verdict else "",
                         "date": when(card.recorded_at),
                         "interviewee": card.interviewee, "heard_on": when(card.heard_on),
                         "group": (_say(t, f"evidence.guide.group.{card.group}", card.group)
                                   if card.group else "")})
    return rows


def _test_ref(t, test_id: str | None, numbers: dict[str, int]) -> str:
    """The test a learning reports on: its id for scripts, its title for a reader."""
    if not test_id:
        return ""
    if t is None or test_id not in numbers:
        return test_id

    return test_ref(t, numbers[test_id])


def evidence_dataframe(canvas: Canvas, t=None, deadline: Deadline | None = None,
                       iso_dates: bool = False) -> pd.DataFrame:
    frame = pd.DataFrame(evidence_rows(canvas, t, deadline, iso_dates),
                         columns=list(COLUMNS))
    frame["item_rank"] = frame["item_rank"].astype("Int64")
    for column in set(COLUMNS) - {"item_rank"}:
        frame[column] = frame[column].astype(object)
    if t is not None:
        frame = frame.rename(columns={c: header(t, c) for c in COLUMNS})
    return frame


def tests_csv_bytes(canvas: Canvas, t=None, deadline: Deadline | None = None) -> bytes:
    """The cards as UTF-8 CSV with a byte order mark (Excel then reads Ukrainian right)."""
    frame = spreadsheet_frame(evidence_dataframe(canvas, t, deadline, iso_dates=True))
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


tests_csv_bytes.__test__ = False  # its name starts like a test; pytest must not run it


def sheet_rows(canvas: Canvas, t, deadline: Deadline) -> tuple[list[str], list[list], set[int]]:
    """``(header, rows, wrapped column indexes)`` of the workbook's cards sheet."""
    rows = [[row[c] for c in COLUMNS] for row in evidence_rows(canvas, t, deadline)]
    wrap = {index for index, column in enumerate(COLUMNS) if column in TEXT_COLUMNS}
    return [header(t, c) for c in COLUMNS], rows, wrap
