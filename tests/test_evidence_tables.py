"""Tests and learnings in CSV and XLSX; the persona card in the segment sheet; the CLI."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from evidence_helpers import build, full_persona, learning_card, planned_test, rich_canvas
from openpyxl import load_workbook

from canvas.export.evidence_tables import COLUMNS, evidence_rows, tests_csv_bytes
from canvas.export.tables import segment_rows, xlsx_bytes
from canvas.fileformat.models import PERSONA_GROUPS
from canvas.i18n import Translator

EN, UK = Translator("en"), Translator("uk")
REPO = Path(__file__).resolve().parent.parent


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_one_row_per_card_in_export_order_with_codes_for_scripts():
    rows = evidence_rows(rich_canvas("en"))
    assert [(r["section"], r["item_id"], r["card"], r["card_id"]) for r in rows] == [
        ("jobs", "j1", "test", "e1"), ("jobs", "j2", "learning", "e1"),
        ("pains", "p1", "test", "e1"), ("pains", "p1", "test", "e2"),
        ("pains", "p1", "learning", "e3"), ("pains", "p2", "learning", "e1"),
        ("pain_relievers", "r2", "test", "e1")]
    test, other, learning = rows[2], rows[3], rows[4]
    assert (test["state"], test["method"], test["due"]) == ("done", "interview", "2026-12-04")
    assert other["method"] == "other: Night walk" and other["due"] == ""
    assert (learning["test_id"], learning["strength"], learning["verdict"]) == (
        "e1", "do", "invalidated")
    assert learning["date"] == "2026-11-20T09:30:00+00:00"
    assert rows[-1]["status"] == ""  # a pain reliever has no status


def test_tests_csv_has_translated_headers_and_labels():
    table = read_csv(tests_csv_bytes(rich_canvas("uk"), UK))
    assert table[0][:4] == ["Частина", "Місце", "Ідентифікатор елемента", "Елемент"]
    assert len(table[0]) == len(COLUMNS)
    first = dict(zip(table[0], table[1], strict=True))
    assert first["Картка"] == "Тест" and first["Стан"] == "триває"
    assert first["Метод"] == "Інтерв’ю" and first["Термін"] == "2026-12-04"
    assert first["Елемент"] == "Поїсти гарячого після нічної зміни"


def test_formula_like_card_text_stays_inert_in_csv_and_xlsx():
    canvas = build(jobs=[("j1", "Job", 5, "assumption",
                          {"tests": [planned_test(belief="=HYPERLINK(\"x\")").model_dump()],
                           "learnings": [learning_card(observed="+1 said yes")
                                         .model_dump()]})])
    table = read_csv(tests_csv_bytes(canvas, EN))
    assert "'=HYPERLINK(\"x\")" in table[1] and "'+1 said yes" in table[2]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(canvas, EN)))["Tests and learnings"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    assert "'=HYPERLINK(\"x\")" in [cell.value for cell in cells]
    assert all(cell.data_type == "s" for cell in cells if isinstance(cell.value, str))


def test_workbook_has_a_cards_sheet_last():
    book = load_workbook(io.BytesIO(xlsx_bytes(rich_canvas("en"), EN)))
    assert book.sheetnames[-1] == "Tests and learnings"
    sheet = book["Tests and learnings"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Part", "Rank", "Item id"] and len(rows) == 1 + 7
    assert "Talk to eight nurses leaving the ward" in rows[1]
    empty = load_workbook(io.BytesIO(xlsx_bytes(build(), None)))
    assert [[c.value for c in r] for r in empty["tests"].iter_rows()] == [list(COLUMNS)]


def test_segment_rows_carry_the_whole_persona():
    canvas = rich_canvas("en")
    labelled = dict(map(tuple, segment_rows(canvas, EN)))
    assert labelled["Favourite brands"] == "Nova Poshta, Silpo"
    assert labelled["How often they buy"] == "Twice a week"
    assert labelled["Based on"] == "current customers, our own records"
    assert labelled["Last reviewed"] == "02/11/2026"
    codes = dict(map(tuple, segment_rows(canvas)))
    every = [f"persona.{f}" for fields in PERSONA_GROUPS.values() for f in fields]
    assert [label for label, _ in segment_rows(canvas) if label.startswith("persona.")] == every
    assert codes["persona.sources"] == "current_customers, own_records"
    assert codes["persona.last_reviewed"] == "2026-11-02"
    assert codes["persona.age"] == 34
    segment = canvas.segment.model_copy(update={"persona": full_persona().model_copy(
        update={"gender": "", "dreams": ""})})
    partial = dict(map(tuple, segment_rows(canvas.model_copy(update={"segment": segment}),
                                           EN)))
    assert "Gender" not in partial and "Dreams and ambitions" not in partial


def test_cli_writes_the_tests_csv_and_the_workbook_sheet(tmp_path):
    source = tmp_path / "nurses.json"
    source.write_text(rich_canvas("uk").to_json(), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "canvas", "export", str(source), "--format",
                           "tests-csv"], cwd=REPO, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    table = read_csv((tmp_path / "nurses-tests.csv").read_bytes())
    assert table[0][0] == "Частина" and len(table) == 8
    done = subprocess.run([sys.executable, "-m", "canvas", "export", str(source), "--format",
                           "xlsx"], cwd=REPO, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    book = load_workbook(tmp_path / "nurses.xlsx")
    assert book.sheetnames[-1] == "Тести й висновки"
