"""Security: hostile files, hostile text, path traversal, other users' canvases, logins.

Each test names the attack it tries; the refusals it expects are the ones DESIGN.md
promises (a sentence naming the file, nothing stored changes, text shown literally, one
user never reaching another's data).
"""

from __future__ import annotations

import base64
import copy
import csv
import io
import json
import re
import time
from pathlib import Path

import jwt
import pytest
import streamlit.runtime.context as st_context
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest

from canvas import config
from canvas.editing import edits as editing
from canvas.fileformat.models import (
    MAX_ITEMS_PER_SECTION,
    MAX_LINKS_PER_ITEM,
    SCORE_FIELD,
    blank_canvas,
)
from canvas.fileformat.validation import MAX_FILE_BYTES, CanvasFileError, parse_canvas
from canvas.i18n import get_translator
from canvas.ranking.rules import ranked
from canvas.store.errors import StoreError
from canvas.store.folder.accounts import AccountStore
from canvas.store.folder.canvases import CanvasStore
from canvas.ui.shell.text import md_escape
from tests.apptest_helpers import (
    APP,
    button,
    logged_in,
    make_user,
    plain_texts,
    store_for,
    texts,
)
from tests.browser_helpers import (
    add_item,
    create_canvas,
    lane,
    ranked_lines,
    settle,
    unique,
    wait_idle,
)
from tests.reliability_helpers import (
    add_login_cookie,
    assert_clean_refusal,
    listing,
    signed_cookie,
    tree_digest,
    user_markup,
    walk_strings,
)

PROFILE = "pages/customer_profile.py"
VALUE_MAP = "pages/value_map.py"
CANVASES = "pages/my_canvases.py"
ROOT = Path(__file__).resolve().parents[1]
SOURCE = "fuzz-upload.json"
FUZZ = settings(max_examples=200, deadline=None, database=None,
                phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

BASE = {
    "schema_version": 1, "id": "fuzz-base", "title": "Night-shift nurses", "language": "en",
    "created_at": "2026-11-22T10:00:00Z", "updated_at": "2026-11-22T10:30:00Z",
    "revision": 7,
    "segment": {"name": "Night-shift nurses", "relation": "potential",
                "persona": {"name": "Amira", "age": 34, "location": "Leeds",
                            "values": ["reliability"], "notes": ""}},
    "jobs": [{"id": "j1", "text": "Get a warm meal", "kind": "functional", "importance": 5,
              "frequency": 4, "status": "assumption", "notes": ""}],
    "pains": [{"id": "p1", "text": "Closed at 7am", "kind": "obstacle", "severity": 4,
               "frequency": 5, "status": "validated", "notes": ""}],
    "gains": [{"id": "g1", "text": "Food ready at home", "kind": "desired", "relevance": 5,
               "status": "assumption", "notes": ""}],
    "value_map": {
        "products": [{"id": "s1", "text": "Breakfast box", "notes": ""}],
        "pain_relievers": [{"id": "r1", "text": "Delivery from 6am", "relieves": ["p1"],
                            "notes": ""}],
        "gain_creators": [{"id": "c1", "text": "Heated locker", "creates": ["g1"],
                           "notes": ""}],
    },
}
CANVAS_KEYS = sorted({key for key in json.dumps(BASE).split('"') if key.isidentifier()})


def encoded(raw) -> bytes:
    return json.dumps(raw, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def store(tmp_path) -> CanvasStore:
    """A store that already holds one canvas, so 'unchanged' has something to compare."""
    store = CanvasStore(tmp_path / "data", "amira")
    store.import_file(encoded(BASE), "seed.json")
    return store


def import_checked(store: CanvasStore, payload: bytes, source: str = SOURCE):
    """Import; a refusal must be a clean sentence and leave every stored byte as it was."""
    before = tree_digest(store.data_dir)
    try:
        canvas = store.import_file(payload, source)
    except CanvasFileError as exc:
        assert_clean_refusal(exc, Path(source).name or "upload.json")
        assert tree_digest(store.data_dir) == before
        return None
    assert store.load(canvas.id) == canvas
    assert parse_canvas(payload).model_dump(exclude={"id", "revision", "created_at",
                                                     "updated_at"}) == canvas.model_dump(
        exclude={"id", "revision", "created_at", "updated_at"})
    return canvas


# ---------------------------------------------------------------------------------------
# 3. Import fuzzing

#: Key names a hostile file may use: canvas keys, random text, and line breaks of all kinds.
keys = (st.sampled_from(CANVAS_KEYS) | st.text(max_size=8)
        | st.sampled_from(["\n", "a\r\nb", "x\u2028y", "", "<b>", "../x", "\x00"]))
json_leaves = (st.none() | st.booleans() | st.integers() | st.text(max_size=20)
               | st.floats(allow_nan=True, allow_infinity=True))
json_values = st.recursive(
    json_leaves,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        keys, children, max_size=5),
    max_leaves=30)


@FUZZ
@given(value=json_values)
def test_fuzz_random_json_values_are_refused_cleanly(store, value):
    import_checked(store, json.dumps(value).encode("utf-8"))


@FUZZ
@given(payload=st.binary(max_size=2048)
       | st.builds(lambda head, tail: head + tail,
                   st.just(encoded(BASE)[:200]), st.binary(min_size=1, max_size=64)))
def test_fuzz_random_bytes_and_broken_utf8_are_refused_cleanly(store, payload):
    import_checked(store, payload)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _paths(child, (*prefix, index))


def _get(node, path):
    for part in path:
        node = node[part]
    return node


SCORES = ("importance", "severity", "relevance", "frequency", "age")
HUGE = st.builds(lambda ch, n: ch * n, st.sampled_from(["x", "é", "😀", "\u202e", "<"]),
                 st.sampled_from([61, 121, 501, 2001, 20_000, 600_000]))


@st.composite
def mutated_canvases(draw):
    raw = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(raw) if p]
        op = draw(st.sampled_from(["wrong_type", "out_of_range", "unknown_key", "delete",
                                   "huge_string", "duplicate_id", "dangling_link"]))
        if op == "wrong_type":
            path = draw(st.sampled_from(paths))
            _get(raw, path[:-1])[path[-1]] = draw(json_values)
        elif op == "out_of_range":
            scores = [p for p in paths if p[-1] in SCORES]
            if scores:
                path = draw(st.sampled_from(scores))
                _get(raw, path[:-1])[path[-1]] = draw(
                    st.integers(-10**6, 10**6).filter(lambda v: not 1 <= v <= 5)
                    | st.sampled_from([0, 6, -1, 2**63, 5.5, "5", True]))
        elif op == "unknown_key":
            dicts = [p for p in [(), *paths] if isinstance(_get(raw, p), dict)]
            target = _get(raw, draw(st.sampled_from(dicts)))
            target[draw(keys)] = draw(json_values)
        elif op == "delete":
            path = draw(st.sampled_from(paths))
            del _get(raw, path[:-1])[path[-1]]
        elif op == "huge_string":
            strings = [p for p in paths if isinstance(_get(raw, p), str)]
            if strings:
                path = draw(st.sampled_from(strings))
                _get(raw, path[:-1])[path[-1]] = draw(HUGE)
        elif op == "duplicate_id" and raw.get("pains") and isinstance(raw["pains"], list) \
                and isinstance(raw["pains"][0], dict):
            raw["pains"][0]["id"] = draw(st.sampled_from(["j1", "g1", "s1", "r1", "c1"]))
        elif op == "dangling_link":
            raw.setdefault("value_map", {})
            if isinstance(raw["value_map"], dict):
                raw["value_map"]["pain_relievers"] = [
                    {"id": "r9", "text": "x", "relieves": [draw(st.text(max_size=70))]}]
    return raw


@FUZZ
@given(raw=mutated_canvases())
def test_fuzz_mutated_canvases_are_imported_or_refused_cleanly(store, raw):
    canvas = import_checked(store, encoded(raw))
    if canvas is not None:
        store.delete(canvas.id)  # keep the folder small across examples


def _padded(raw, size: int) -> bytes:
    data = encoded(raw)
    return data + b" " * (size - len(data))


def _nested(depth: int, kind: str) -> str:
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def _in_notes(inner: str) -> bytes:
    raw = encoded(BASE).decode()
    return raw.replace('"notes": ""', f'"notes": {inner}', 1).encode()


def _many_items(count: int) -> dict:
    raw = copy.deepcopy(BASE)
    raw["jobs"] = [{"id": f"j{i}", "text": f"Job number {i}", "kind": "social",
                    "importance": 1 + i % 5} for i in range(count)]
    raw["pains"] = [{"id": f"p{i}", "text": f"Pain {i}", "kind": "risk", "severity": 3}
                    for i in range(count)]
    raw["value_map"]["pain_relievers"] = [
        {"id": "r1", "text": "Many of them",
         "relieves": [f"p{i}" for i in range(min(count, MAX_LINKS_PER_ITEM))]}]
    return raw


HOSTILE_FILES = {
    "over the size limit by one byte": _padded(BASE, MAX_FILE_BYTES + 1),
    "three times the size limit": b"[" * (3 * MAX_FILE_BYTES),
    "3000 items per list": encoded(_many_items(3000)),
    "10 000 unknown keys": encoded({**BASE, **{f"k{i}": i for i in range(10_000)}}),
    **{f"{kind} nested {depth} deep": _nested(depth, kind).encode()
       for depth in (10, 100, 10_000) for kind in ("list", "object")},
    **{f"{kind} nested {depth} deep inside notes": _in_notes(_nested(depth, kind))
       for depth in (10, 100, 10_000) for kind in ("list", "object")},
    "NaN score": encoded(BASE).replace(b'"importance": 5', b'"importance": NaN'),
    "Infinity revision": encoded(BASE).replace(b'"revision": 7', b'"revision": -Infinity'),
    "lone surrogate": encoded(BASE).replace(b"Amira", b"\\ud800"),
    "UTF-16": json.dumps(BASE).encode("utf-16"),
    "Latin-1 bytes": encoded(BASE).replace(b"Leeds", "Liège".encode("latin-1")),
    "BOM only": b"\xef\xbb\xbf",
    "empty": b"",
    "null": b"null",
    "a list": b"[]",
    "a string": b'"canvas"',
    "schema version 3": encoded({**BASE, "schema_version": 3}),
    "schema version 0": encoded({**BASE, "schema_version": 0}),
    "schema version true": encoded({**BASE, "schema_version": True}),
    "schema version text": encoded({**BASE, "schema_version": "1"}),
    "schema version 10**30": encoded({**BASE, "schema_version": 10**30}),
    "duplicate id": encoded(BASE).replace(b'"id": "p1"', b'"id": "j1"'),
    "id that walks out": encoded({**BASE, "id": "../../../../escaped"}),
    "date without time": encoded({**BASE, "created_at": "2026-11-22"}),
    "date as number": encoded({**BASE, "created_at": 1700000000}),
}


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_hostile_file_is_refused_with_a_sentence_and_nothing_changes(store, name):
    assert import_checked(store, HOSTILE_FILES[name]) is None, name


def test_huge_integer_literal_is_refused_not_a_crash(store):
    """json.loads raises a bare ValueError for integers over 4300 digits: it must become
    a refusal like any other broken file."""
    payload = encoded(BASE).replace(b'"revision": 7', b'"revision": ' + b"9" * 5000)
    assert len(payload) < MAX_FILE_BYTES
    assert import_checked(store, payload) is None


@pytest.mark.parametrize("where", ["file name", "unknown key"])
def test_names_with_line_breaks_keep_each_problem_on_one_line(store, where):
    """The file name and unknown keys are echoed in the sentence: a line break in either
    must not split the 'one line per problem' sentence (nor forge extra lines in the
    CLI's output, e.g. a fake 'file: whole file: ...' verdict)."""
    forged = "evil\nother.json: whole file: looks fine"
    name, payload = ((forged + ".json", b"{") if where == "file name"
                     else (SOURCE, encoded({**BASE, forged: 1})))
    with pytest.raises(CanvasFileError) as caught:
        store.import_file(payload, name)
    for line in caught.value.lines(get_translator("en")):
        assert "\n" not in line and "\r" not in line, repr(line)


def test_limits_themselves_are_accepted(store):
    """Right at the limits: MAX_FILE_BYTES exactly, MAX_ITEMS_PER_SECTION items and
    MAX_LINKS_PER_ITEM links."""
    assert import_checked(store, _padded(BASE, MAX_FILE_BYTES)) is not None
    assert import_checked(store, encoded(_many_items(MAX_ITEMS_PER_SECTION))) is not None
    assert import_checked(store, b"\xef\xbb\xbf" + encoded(BASE)) is not None


BAD_UPLOADS = [
    ("broken.json", b'{"schema_version": 1, "title": '),
    ("wrong-types.json", encoded({**BASE, "jobs": "none"})),
    ("score.json", encoded(BASE).replace(b'"severity": 4', b'"severity": 9')),
    ("big.json", _padded(BASE, MAX_FILE_BYTES + 1)),
    ("deep.json", _nested(10_000, "list").encode()),
    ("latin1.json", b"\xe9t\xe9"),
]


def _upload(at: AppTest, name: str, data: bytes) -> None:
    uploader = next(u for u in at.file_uploader if u.label == "Canvas file (.json)")
    uploader.set_value((name, data, "application/json"))
    at.run()


def test_bad_uploads_show_the_refusal_and_change_nothing(data_dir):
    at = logged_in(data_dir, "amira")
    store = store_for(data_dir)
    store.create(blank_canvas("Already here"))
    before = tree_digest(data_dir / "users")
    for name, data in BAD_UPLOADS:
        _upload(at, name, data)
        assert not at.exception, (name, [e.value for e in at.exception])
        errors = [e.value for e in at.error]
        assert any("This file was not imported" in e and md_escape(name) in e
                   for e in errors), (name, errors)
        assert tree_digest(data_dir / "users") == before, name
    assert [s.title for s in store.list()] == ["Already here"]


def test_upload_of_huge_integer_shows_refusal_not_exception(data_dir):
    """The same oversized integer in an upload: a refusal on the page, never a Streamlit
    exception."""
    at = logged_in(data_dir, "amira")
    payload = encoded(BASE).replace(b'"revision": 7', b'"revision": ' + b"9" * 5000)
    _upload(at, "bigint.json", payload)
    assert not at.exception, [e.value for e in at.exception]
    assert any("This file was not imported" in e.value for e in at.error)
    assert store_for(data_dir).list() == []


# ---------------------------------------------------------------------------------------
# 4. Hostile text

HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](http://127.0.0.1:1/x.png)",
    "**bold**",
    ":red[x]",
    "$x$",
    "invoice\u202egnp.exe is fine",
    '<a href="javascript:alert(1)">link</a>',
    "=HYPERLINK(\"http://127.0.0.1:1\",\"x\")",
]
HOSTILE_TITLE = "<img src=x onerror=alert(1)> **T** $x$"


def hostile_canvas():
    canvas = blank_canvas(HOSTILE_TITLE, "en", "<script>alert(1)</script> segment")
    for index, text in enumerate(HOSTILE_TEXTS):
        canvas, _ = editing.add_item(canvas, "jobs", text, kind="functional",
                                     importance=1 + index % 5, notes=text)
        canvas, _ = editing.add_item(canvas, "pains", text, kind="risk",
                                     severity=1 + index % 5, frequency=3)
        canvas, _ = editing.add_item(canvas, "gains", text, kind="desired",
                                     relevance=1 + index % 5)
        canvas, _ = editing.add_item(canvas, "products", text)
    canvas, _ = editing.add_item(canvas, "pain_relievers", HOSTILE_TEXTS[0],
                                 relieves=[canvas.pains[0].id])
    canvas, _ = editing.add_item(canvas, "gain_creators", HOSTILE_TEXTS[1],
                                 creates=[canvas.gains[0].id])
    return canvas


@pytest.mark.browser
def test_hostile_text_is_shown_literally_in_the_browser(server, context):
    dialogs, probes = [], []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: probes.append(request.url)
            if "127.0.0.1:1/" in request.url else None)
    user = unique("xss")
    make_user(server.data, user)
    add_login_cookie(context, server.url, signed_cookie(server.data, user))
    page.goto(server.url)
    expect(page.get_by_role("heading", name="My canvases")).to_be_visible(timeout=60_000)
    settle(page)
    create_canvas(page, HOSTILE_TITLE)
    for text in HOSTILE_TEXTS:
        add_item(page, text)

    folder = server.data / "users" / user / "canvases"
    stored = json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))
    assert stored["title"] == HOSTILE_TITLE
    assert [job["text"] for job in stored["jobs"]] == HOSTILE_TEXTS
    canvas = parse_canvas(json.dumps(stored))

    def check_page() -> list[str]:
        main = page.locator("[data-testid=stMain]")
        rows = lane(page, "jobs")
        expect(rows.locator("li.vpc-note")).to_have_count(len(HOSTILE_TEXTS))
        shown = ranked_lines(page, "jobs")
        assert shown == [f"#{rank} {job.text}" for rank, job in ranked(canvas.jobs)], shown
        assert rows.locator("img, script").count() == 0
        assert main.locator("img[src='x'], img[src*='127.0.0.1:1']").count() == 0
        assert page.locator("a[href^='javascript'], [onerror]").count() == 0
        heading = page.get_by_role("heading", level=1).filter(has_text="onerror")
        assert heading.inner_text().strip().replace("\u2060", "") == HOSTILE_TITLE
        return rows.locator("a").evaluate_all("links => links.map(a => a.outerHTML)")

    links = check_page()
    page.reload()
    wait_idle(page)
    links += check_page()
    assert dialogs == [], dialogs
    assert probes == [], probes
    # The board puts user text on the page as text: a URL in it is not a live link.
    assert links == [], links


def test_figures_escape_user_text():
    import canvas.figures as figures

    canvas = hostile_canvas()
    escaped_seen = False
    for language in ("en", "uk"):
        t = get_translator(language)
        built = [figures.build(name, canvas, t) for name in figures.FIGURES]
        built.append(figures.build_comparison([canvas, canvas], t))
        for figure in built:
            for text in walk_strings(figure.to_plotly_json()):
                assert user_markup(text) is None, text
                stripped = text.strip()
                assert not (len(stripped) > 1 and stripped[0] == stripped[-1] == "$"), text
                escaped_seen |= "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert escaped_seen, "the hostile text should appear, escaped, in some figure"


def test_tables_keep_hostile_text_literal():
    from openpyxl import load_workbook

    from canvas.export.tables import csv_bytes, items_dataframe, xlsx_bytes

    canvas = hostile_canvas()
    frame = items_dataframe(canvas)
    assert set(HOSTILE_TEXTS) <= set(frame["text"])
    # A spreadsheet runs a cell starting with = as a formula: CSV and XLSX quote it (OWASP),
    # every other text is written exactly as typed.
    in_sheets = {"'" + t if t.startswith("=") else t for t in HOSTILE_TEXTS}
    assert in_sheets != set(HOSTILE_TEXTS)
    rows = list(csv.DictReader(io.StringIO(csv_bytes(canvas).decode("utf-8-sig"))))
    assert in_sheets <= {r["text"] for r in rows}
    assert not any(r["text"].startswith("=") for r in rows)
    workbook = load_workbook(io.BytesIO(xlsx_bytes(canvas)))
    cells = [cell for sheet in workbook.worksheets for line in sheet.iter_rows()
             for cell in line]
    values = {cell.value for cell in cells}
    assert in_sheets <= values
    for cell in cells:
        if cell.value in in_sheets:
            assert cell.data_type == "s", (cell.coordinate, cell.value, cell.data_type)


@pytest.mark.parametrize("text", [
    " =1+1", "\n=HYPERLINK(\"http://x\")", "\u200b=1+1", "\ufeff@SUM(A1)", "＝1+1",
    " \u200b\n＋1", "\u2060-2", "\t=1", "－1", "＠A1"])
def test_formulas_behind_spaces_invisible_marks_or_in_fullwidth_are_inert(text):
    from canvas.export.spreadsheet_safety import spreadsheet_text

    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize("text", ["1+1", "Pay = less", " plain", "\u200bword", "€5", "'="])
def test_plain_text_reaches_the_sheet_as_typed(text):
    from canvas.export.spreadsheet_safety import spreadsheet_text

    assert spreadsheet_text(text) == text


@pytest.mark.chromium
def test_pdf_report_keeps_hostile_text_literal():
    from pypdf import PdfReader

    from canvas.export import engine
    from canvas.export.report import pdf_report

    canvas = hostile_canvas()
    try:
        data = pdf_report(canvas, get_translator("en"))
    finally:
        engine.shutdown()
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                    .split())
    for literal in [*HOSTILE_TEXTS, HOSTILE_TITLE]:
        assert " ".join(literal.split()) in text, literal


# ---------------------------------------------------------------------------------------
# 5. Path traversal

BAD_IDS = ["../../etc/passwd", "../../../../escaped", "..%2f..%2fescaped", "/abs",
           "/tmp/vpc-escape-probe", "a\x00b", "..", ".", "", "a/b", "a\\b", "ｅｔｃ",
           "j1\u2024json", "..\u2215x", "x" * 65, "ok\n", "a b", "\u0430mira"]
BAD_USERNAMES = ["../x", "..", "a/../../b", "/etc", "\uff41mira", "a\x00", "AMIRA",
                 "a..b", "", "x" * 65, ".hidden", "amira/", "amira\n", "\u0430mira"]


def _escape_attempts(store: CanvasStore, canvas_id: str) -> None:
    canvas = blank_canvas("Escape")
    calls = [
        lambda: store.load(canvas_id),
        lambda: store.exists(canvas_id),
        lambda: store.save(canvas.model_copy(update={"id": canvas_id})),
        lambda: store.create(canvas.model_copy(update={"id": canvas_id})),
        lambda: store.delete(canvas_id),
        lambda: store.revisions(canvas_id),
        lambda: store.load_revision(canvas_id, 1),
        lambda: store.set_dismissed_nudges(canvas_id, {"x"}),
        lambda: store.dismissed_nudges(canvas_id),
        lambda: store.duplicate(canvas_id, "copy"),
        lambda: store.rename(canvas_id, "new", 1),
        lambda: store.restore(canvas_id, 1, 1),
    ]
    for index, call in enumerate(calls):
        try:
            result = call()
        except (StoreError, CanvasFileError):
            continue
        # create() may only succeed by choosing a fresh, safe id.
        assert index == 3 and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", result.id), \
            (canvas_id, index, result)


def test_canvas_ids_that_try_to_escape_are_refused(tmp_path):
    data = tmp_path / "data"
    store = CanvasStore(data, "amira")
    store.create(blank_canvas("Mine"))
    outside = listing(tmp_path, skip=data)
    for canvas_id in BAD_IDS:
        _escape_attempts(store, canvas_id)
    assert listing(tmp_path, skip=data) == outside
    assert not Path("/tmp/vpc-escape-probe.json").exists()
    assert not Path("/abs.json").exists()
    for path in data.rglob("*"):
        assert path.resolve().is_relative_to(data.resolve()), path


def test_usernames_that_try_to_escape_are_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    accounts = AccountStore(data)
    make_user(data, "amira")
    before = (data / "accounts.yaml").read_bytes()
    outside = listing(tmp_path, skip=data)
    for name in BAD_USERNAMES:
        with pytest.raises(StoreError):
            CanvasStore(data, name)
        with pytest.raises(StoreError):
            accounts.register(name, "x@example.org", "Evil", "User", "Secret#123")
        assert (data / "accounts.yaml").read_bytes() == before, repr(name)
    assert listing(tmp_path, skip=data) == outside
    assert not (data / "users").exists()


UPLOAD_NAMES = ["../../x.json", "/etc/passwd.json", "C:\\x.json", "..\\..\\x.json",
                "../../../../../../tmp/vpc-upload-probe.json", "", ".json", "\x00.json"]


def test_uploaded_file_names_never_choose_where_files_go(tmp_path):
    data = tmp_path / "data"
    store = CanvasStore(data, "amira")
    outside = listing(tmp_path, skip=data)
    for name in UPLOAD_NAMES:
        canvas = store.import_file(encoded(BASE), name)
        assert (store.canvas_dir / f"{canvas.id}.json").is_file()
        with pytest.raises(CanvasFileError) as caught:
            store.import_file(b"{", name)
        for line in caught.value.lines(get_translator("en")):
            assert "../" not in line and "/etc/" not in line, line
    assert listing(tmp_path, skip=data) == outside
    assert not Path("/tmp/vpc-upload-probe.json").exists()
    assert not Path("/etc/passwd.json").exists()
    names = sorted(p.name for p in store.canvas_dir.iterdir() if p.suffix == ".json")
    assert len(names) == len(UPLOAD_NAMES)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,64}\.json", n) for n in names), names


def test_uploaded_file_name_with_path_through_the_page(data_dir, tmp_path):
    at = logged_in(data_dir, "amira")
    outside = listing(tmp_path, skip=data_dir)
    _upload(at, "../../../../x.json", encoded(BASE))
    assert not at.exception
    assert [s.title for s in store_for(data_dir).list()] == [BASE["title"]]
    assert listing(tmp_path, skip=data_dir) == outside


URL_IDS = ["../../x", "../../../../etc/passwd", "..%2f..%2fx", "/etc/passwd", "a\x00b", "ｘ",
           "%2e%2e%2f%2e%2e%2fx", "....//....//x"]


def test_canvas_url_that_walks_out_shows_no_canvas(data_dir, tmp_path):
    outside = listing(tmp_path, skip=data_dir)
    at = logged_in(data_dir, "amira", page=PROFILE, query={"canvas": URL_IDS[0]})
    for canvas_id in URL_IDS:
        at.query_params["canvas"] = canvas_id
        at.run()
        assert not at.exception, (canvas_id, [e.value for e in at.exception])
        assert any("Open a canvas from My canvases first" in i.value for i in at.info), \
            canvas_id
    assert listing(tmp_path, skip=data_dir) == outside


# ---------------------------------------------------------------------------------------
# 6. One user never reaches another's canvas

SECRET = "Bob's secret plan 7f3a"


@pytest.fixture
def bobs_canvas(data_dir):
    make_user(data_dir, "alice")
    make_user(data_dir, "bob")
    canvas = blank_canvas(f"{SECRET} title", "en", f"{SECRET} segment")
    canvas, _ = editing.add_item(canvas, "jobs", f"{SECRET} job", kind="social",
                                 importance=5)
    canvas, _ = editing.add_item(canvas, "pains", f"{SECRET} pain", kind="risk",
                                 severity=5)
    canvas, _ = editing.add_item(canvas, "products", f"{SECRET} product")
    created = CanvasStore(data_dir, "bob").create(canvas)
    path = data_dir / "users" / "bob" / "canvases" / f"{created.id}.json"
    return created.id, path, path.read_bytes()


def _everything_shown(at: AppTest) -> str:
    """What a reader sees: markdown escapes removed (a title "Bob's" is sent as "Bob\\'s")."""
    values = [w.value for w in at.text_input] + [w.value for w in at.text_area]
    values += [w.label for w in at.button] + [str(w.value) for w in at.selectbox]
    return plain_texts(at) + "\n".join(str(v) for v in values)


PAGES = [PROFILE, VALUE_MAP, "pages/insights.py", "pages/projector.py"]


def test_other_users_canvas_id_in_url_shows_nothing(data_dir, bobs_canvas):
    canvas_id, path, data = bobs_canvas
    at = logged_in(data_dir, "alice", query={"canvas": canvas_id})
    pages = [page for page in PAGES if (ROOT / page).exists()]
    assert PROFILE in pages and VALUE_MAP in pages
    for page in pages:
        at.switch_page(page)
        at.query_params["canvas"] = canvas_id
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.info, f"{page}: the 'no canvas' message should be shown"
        assert SECRET not in _everything_shown(at), page
    assert path.read_bytes() == data
    assert not (data_dir / "users" / "alice" / "canvases" / f"{canvas_id}.json").exists()
    # Control: the same URL does open the canvas for its owner.
    owner = logged_in(data_dir, "bob", page=PROFILE, query={"canvas": canvas_id})
    assert SECRET in _everything_shown(owner)


def test_projector_workshop_params_do_not_open_other_users_canvas(data_dir, bobs_canvas):
    if not (ROOT / "pages" / "projector.py").exists():
        pytest.skip("no projector page in this build")
    canvas_id, path, data = bobs_canvas
    at = logged_in(data_dir, "alice", page="pages/projector.py",
                   query={"workshop": "ABCDEF", "owner": "bob", "canvas": canvas_id})
    assert not at.exception, [e.value for e in at.exception]
    assert SECRET not in _everything_shown(at)
    assert path.read_bytes() == data


def test_store_for_one_user_cannot_reach_another(data_dir, bobs_canvas):
    canvas_id, path, data = bobs_canvas
    alice = CanvasStore(data_dir, "alice")
    mine = alice.create(blank_canvas("Alice's own")).id
    assert not alice.exists(canvas_id)
    with pytest.raises(StoreError):
        alice.load(canvas_id)
    with pytest.raises(StoreError):
        alice.delete(canvas_id)
    with pytest.raises(StoreError):
        alice.save(CanvasStore(data_dir, "bob").load(canvas_id))
    with pytest.raises(StoreError):
        alice.duplicate(canvas_id, "mine now")
    assert alice.revisions(canvas_id) == []
    assert [s.id for s in alice.list()] == [mine]
    assert path.read_bytes() == data


# ---------------------------------------------------------------------------------------
# 7. Passwords, lockout and the login cookie

def _fresh(data_dir) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def _try_login(at: AppTest, username: str, password: str) -> None:
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    button(at, "Log in").click()
    at.run()


def _is_logged_in(at: AppTest) -> bool:
    return "My canvases" in [x.value for x in at.title]


def test_five_wrong_passwords_lock_until_the_lock_expires(data_dir):
    make_user(data_dir, "amira")
    at = _fresh(data_dir)
    for attempt in range(5):
        assert "locked" not in texts(at), attempt
        _try_login(at, "amira", f"wrong-password-{attempt}")
    assert "locked" in texts(at)
    accounts = AccountStore(data_dir)
    assert accounts.lock_remaining_minutes("amira") > 0
    for session, name in ((at, "amira"), (_fresh(data_dir), "Amira "),
                          (_fresh(data_dir), "AMIRA")):
        _try_login(session, name, "Secret#123")
        assert not _is_logged_in(session), name
        assert "locked" in texts(session)
        assert not session.exception

    # The lock runs out (moved into the past in the stored account): login works again.
    accounts.change(lambda users: users["amira"].update(locked_until=time.time() - 1))
    assert accounts.lock_remaining_minutes("amira") == 0
    at = _fresh(data_dir)
    _try_login(at, "amira", "Secret#123")
    assert _is_logged_in(at), texts(at)
    assert accounts.user("amira")["failed_login_attempts"] == 0


KNOWN_DEFAULTS = {"", "some_key", "abcdef", "secret", "changeme", "random_signature_key",
                  "random_cookie_key"}


def test_cookie_key_is_random_private_and_per_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("VPC_COOKIE_KEY", raising=False)
    first, second = tmp_path / "one", tmp_path / "two"
    key_one, key_two = config.cookie_key(first), config.cookie_key(second)
    assert key_one != key_two
    for folder, key in ((first, key_one), (second, key_two)):
        assert len(key) >= 32 and key not in KNOWN_DEFAULTS
        assert (folder / "cookie_key").stat().st_mode & 0o777 == 0o600
        assert config.cookie_key(folder) == key  # stable across restarts
    (first / "cookie_key").write_text("short")
    replaced = config.cookie_key(first)
    assert len(replaced) >= 32 and replaced != key_one


def _b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def _tokens(key: str) -> dict[str, str]:
    later = time.time() + 20 * 86400
    claims = {"username": "amira", "exp_date": later}
    return {
        "HS256 signed with another key": jwt.encode(claims, "x" * 64, algorithm="HS256"),
        "alg none": _b64({"alg": "none", "typ": "JWT"}) + "." + _b64(claims) + ".",
        "HS512 signed with another key": jwt.encode(claims, "x" * 64, algorithm="HS512"),
        "not a JWT": "definitely-not-a-token",
        "right key, expired": jwt.encode({"username": "amira", "exp_date": time.time() - 60},
                                         key, algorithm="HS256"),
        "right key, unknown user": jwt.encode({"username": "mallory", "exp_date": later},
                                              key, algorithm="HS256"),
    }


def _with_cookie(monkeypatch, token: str) -> None:
    """AppTest cannot send cookies; st.context.cookies is what the gate reads."""
    monkeypatch.setattr(st_context.ContextProxy, "cookies",
                        property(lambda self: {config.COOKIE_NAME: token}))


@pytest.mark.parametrize("kind", list(_tokens("k")))
def test_forged_cookie_does_not_log_in(data_dir, monkeypatch, kind):
    make_user(data_dir, "amira")
    token = _tokens(config.cookie_key(data_dir))[kind]
    _with_cookie(monkeypatch, token)
    at = _fresh(data_dir)
    assert not at.exception, (kind, [e.value for e in at.exception])
    assert not _is_logged_in(at)
    # The login form, empty: nothing from the forged cookie fills it in.
    field = at.text_input(key="login_user")  # KeyError when the form is missing
    assert (field.label, field.value) == ("Username", "")


def test_cookie_issued_before_logout_no_longer_logs_in(data_dir, monkeypatch):
    make_user(data_dir, "amira")
    key = config.cookie_key(data_dir)
    issued = time.time() - 60
    token = jwt.encode({"username": "amira", "exp_date": issued + config.COOKIE_EXPIRY_DAYS
                        * 86400}, key, algorithm="HS256")
    _with_cookie(monkeypatch, token)
    assert _is_logged_in(_fresh(data_dir))  # control: the signed cookie does log in
    generation = AccountStore(data_dir).revoke_sessions("amira")  # logging out
    at = _fresh(data_dir)
    assert not at.exception
    assert not _is_logged_in(at)
    later = jwt.encode({"username": "amira", "exp_date": time.time() + 1
                        + config.COOKIE_EXPIRY_DAYS * 86400, "gen": generation},
                       key, algorithm="HS256")
    _with_cookie(monkeypatch, later)
    assert _is_logged_in(_fresh(data_dir))  # a cookie from a later login still works


@pytest.mark.browser
def test_browser_forged_and_revoked_cookies_show_the_login_page(server, browser):
    user = unique("ck")
    make_user(server.data, user)
    valid = signed_cookie(server.data, user)
    forged = jwt.encode({"username": user, "exp_date": time.time() + 86400}, "x" * 64,
                        algorithm="HS256")
    contexts = []

    def visit(value: str):
        ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        add_login_cookie(ctx, server.url, value)
        page = ctx.new_page()
        page.goto(server.url)
        return page

    def assert_login_page(page) -> None:
        expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=60_000)
        wait_idle(page)
        expect(page.get_by_role("heading", name="My canvases")).to_have_count(0)
        assert page.locator("[data-testid=stException]").count() == 0

    try:
        assert_login_page(visit(forged))
        owner = visit(valid)  # control: the cookie the server signs does log in
        expect(owner.get_by_role("heading", name="My canvases")).to_be_visible(timeout=60_000)
        owner.get_by_role("button", name="Log out").click()
        expect(owner.get_by_role("button", name="Log in")).to_be_visible()
        # A copy of that cookie, kept from before the logout, is refused everywhere.
        assert_login_page(visit(valid))
    finally:
        for ctx in contexts:
            ctx.close()


def test_login_form_refuses_injection_shaped_usernames(data_dir):
    make_user(data_dir, "amira")
    at = _fresh(data_dir)
    for name in ("../amira", "amira\x00", "amira' OR '1'='1", "*", "amira/.."):
        _try_login(at, name, "Secret#123")
        assert not at.exception, name
        assert not _is_logged_in(at), name
    assert not (data_dir / "users").exists() or not any((data_dir / "users").iterdir())
    assert AccountStore(data_dir).usernames() == ["amira"]


def test_invalid_canvas_built_in_memory_never_reaches_the_disk(data_dir):
    """model_copy() does not validate; save() must, so a broken edit cannot be stored."""
    store = CanvasStore(data_dir, "amira")
    canvas, _ = editing.add_item(blank_canvas("Scores"), "jobs", "A job",
                                 kind="social", importance=3)
    canvas = store.create(canvas)
    before = tree_digest(data_dir)
    score = SCORE_FIELD["jobs"]
    for change in ({score: 0}, {score: 6}, {score: "5"}, {score: None}, {"text": ""},
                   {"text": "x" * 501}, {"id": "../../x"}, {"kind": "<script>"}):
        bad = canvas.model_copy(update={"jobs": [canvas.jobs[0].model_copy(update=change)]})
        with pytest.raises(CanvasFileError):
            store.save(bad)
    assert tree_digest(data_dir) == before
