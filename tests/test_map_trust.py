"""Issue 20, points 11 and 12: the assumptions map gives right advice and loses nothing.

11. What is known decides first: a disproved item is never under "Build on it" or "Test
    now", on Insights, the projector (the same figure), the PDF or the Word report; a
    validated one is under "Build on it" (or "Known, less important"). One rule,
    ``canvas.evidence.risk.map_group``.
12. Every item is on the map at the widths Insights lays it out at on 1280, 1440 and
    1920 px wide screens (the column the browser measures: 800, 960 and 1440 px), at the
    export's 1200 px and on the projector: drawn as a bubble, or in a crowded cell's "+N"
    marker that names it; no label is cut to a stub.
"""

from __future__ import annotations

import io

import pytest
from evidence_helpers import build, learning_card
from map_helpers import PAIN, busy_canvas, disproved_canvas

from canvas.evidence.risk import MAP_GROUPS, known_status, map_counts, map_group, map_points
from canvas.figures.assumptions import MIN_LABEL, assumptions_map
from canvas.figures.matrix import bubble_size
from canvas.figures.text import ELLIPSIS
from canvas.figures.theme import char_em, theme_for
from canvas.i18n import Translator

EN = Translator("en")
#: The map's width in the Insights column of a 1280x720, 1440x900 and 1920x1080 window
#: (measured in Chromium by canvas.ui.shell.figure_width), and the export's own width.
WIDTHS = (800, 960, 1440, 1200)


# --- 11: the rule ---------------------------------------------------------------------

def test_a_disproved_item_is_disproved_whatever_its_score_and_evidence():
    for level in range(4):
        for importance in range(1, 6):
            assert map_group("invalidated", level, importance) == "disproved"
            assert map_group("validated", level, importance) == (
                "build_on" if importance >= 3 else "safe")
    assert map_group("assumption", 0, 5) == "test_now"
    assert map_group("assumption", 1, 2) == "test_later"
    assert map_group("assumption", 3, 4) == "build_on"
    assert map_group("assumption", 2, 1) == "safe"
    assert MAP_GROUPS == ("test_now", "build_on", "test_later", "safe", "disproved")


def test_map_points_follow_the_status_and_a_relievers_own_verdict():
    points = {p.item.id: (p.status, p.group) for p in map_points(disproved_canvas())[0]}
    assert points == {"j1": ("validated", "build_on"), "j2": ("assumption", "test_now"),
                      "p1": ("invalidated", "disproved"), "p2": ("invalidated", "disproved"),
                      "g1": ("validated", "safe"), "r1": ("invalidated", "disproved")}
    assert map_counts(disproved_canvas()) == {"test_now": 1, "build_on": 1, "test_later": 0,
                                              "safe": 1, "disproved": 3}


def test_a_relievers_status_is_its_latest_verdict():
    canvas = build(pains=[("p1", "A pain", 4, "assumption")], relievers=[
        ("r1", "Reliever", ["p1"], {"learnings": [
            learning_card("e1", verdict="invalidated").model_dump(),
            learning_card("e2", verdict="validated").model_dump(),
            learning_card("e3").model_dump()]}),
        ("r2", "Untested", ["p1"])])
    assert [known_status(item) for item in canvas.value_map.pain_relievers] == [
        "validated", "assumption"]


# --- 11: the figure (Insights, projector, PDF and Word draw this one) -------------------

def _bubble(fig, item_id):
    for trace in fig.data:
        if trace.meta in ("more", "labels") or trace.customdata is None:
            continue
        for index, (_, found) in enumerate(trace.customdata):
            if found == item_id:
                return trace, index
    raise AssertionError(item_id)


def _inside(shape, x, y) -> bool:
    return shape.x0 <= x <= shape.x1 and shape.y0 <= y <= shape.y1


@pytest.mark.parametrize("presentation", [False, True])
def test_disproved_items_stand_apart_greyed_never_under_build_or_test(presentation):
    fig = assumptions_map(disproved_canvas(), EN, presentation=presentation)
    shapes = {shape.name: shape for shape in fig.layout.shapes if shape.type == "rect"}
    for item_id in ("p1", "p2", "r1"):
        trace, index = _bubble(fig, item_id)
        x, y = trace.x[index], trace.y[index]
        assert _inside(shapes["disproved"], x, y), item_id
        assert not _inside(shapes["build-on"], x, y) and not _inside(shapes["test-now"], x, y)
        assert trace.marker.color[index] != "#FFFFFF"        # greyed
        assert "Disproved: drop or rethink" in trace.hovertext[index]
    # The validated job is in "Build on it", though no learning backs it.
    trace, index = _bubble(fig, "j1")
    assert _inside(shapes["build-on"], trace.x[index], trace.y[index])
    assert "✗ Disproved: drop or rethink" in " ".join(fig.layout.xaxis.ticktext).replace(
        "<br>", " ")


# --- 12: every item represented, labels readable ---------------------------------------

def _represented(fig) -> tuple[list[str], list[str]]:
    drawn, grouped = [], []
    for trace in fig.data:
        if trace.meta == "more":
            grouped += [ref for data in trace.customdata for ref in data[1].split()]
        elif trace.customdata is not None:
            drawn += [f"{section}:{item_id}" for section, item_id in trace.customdata]
    return drawn, grouped


@pytest.mark.parametrize("language,per_section", [("en", 12), ("uk", 12), ("en", 24)])
@pytest.mark.parametrize("width,presentation", [(w, False) for w in WIDTHS] + [(1200, True)])
def test_every_item_is_on_the_map_at_every_width(language, per_section, width, presentation):
    canvas = busy_canvas(language, per_section)
    every = sorted(f"{p.section}:{p.item.id}" for p in map_points(canvas)[0])
    assert len(every) == 3 * per_section + 16
    fig = assumptions_map(canvas, Translator(language), presentation=presentation,
                          width=width)
    drawn, grouped = _represented(fig)
    assert sorted(drawn + grouped) == every            # each item exactly once
    sections = {ref.split(":")[0] for ref in drawn}
    assert sections == {"jobs", "pains", "gains", "pain_relievers", "gain_creators"}
    more = [trace for trace in fig.data if trace.meta == "more"]
    if grouped and language == "en":
        # The projector has no list under its map: its note says where to look instead.
        note = next(a.text for a in fig.layout.annotations if a.name == "note")
        assert ("point at one to see which" in note) == presentation, note
        assert ("the list under the map" in note) != presentation, note
    for trace in more:                                 # a "+N" names its N items
        for text, data, hover in zip(trace.text, trace.customdata, trace.hovertext,
                                     strict=True):
            assert text == f"<b>+{len(data[1].split())}</b>"
            assert hover.count("<br>") == len(data[1].split())


@pytest.mark.parametrize("language", ["en", "fr", "uk"])
@pytest.mark.parametrize("width", WIDTHS)
def test_labels_are_whole_or_long_enough_to_read_and_stay_in_their_cell(language, width):
    canvas = busy_canvas(language)
    fig = assumptions_map(canvas, Translator(language), width=width)
    texts = {p.item.text for p in map_points(canvas)[0]}
    labels = next((trace for trace in fig.data if trace.meta == "labels"), None)
    if labels is None:
        return
    theme = theme_for(False)
    char_px = labels.textfont.size * char_em(texts)
    ticks = list(fig.layout.xaxis.tickvals)
    grid = sorted({s.x0 for s in fig.layout.shapes if s.name == "grid" and s.x0 == s.x1})
    disproved = next(s for s in fig.layout.shapes if s.name == "disproved")
    edges = [0, *grid, disproved.x0 - 10, disproved.x0, disproved.x1]
    words = {word for text in texts for word in text.split()}
    for x, text in zip(labels.x, labels.text, strict=True):
        raw = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        lines = raw.split("<br>")
        raw = " ".join(lines)
        assert raw in texts or (raw.endswith(ELLIPSIS) and len(raw) >= MIN_LABEL), raw
        # Cut after a whole word, never inside one ("Nutritionist-desig…").
        assert all(word.rstrip(ELLIPSIS + ",;:.-") in {w.rstrip(",;:.-") for w in words}
                   for word in raw.split()), raw
        right = min(edge for edge in edges if edge > x - bubble_size(theme))
        assert x + max(map(len, lines)) * char_px <= right + 1, (raw, x, right)
    assert len(ticks) == 6


# --- 11: the reports -------------------------------------------------------------------

@pytest.fixture(scope="module")
def shared_browser():
    from canvas.export import engine

    engine.shutdown()
    yield
    engine.shutdown()


def _rows_naming(lines: list[str], text: str) -> list[str]:
    return [line for line in lines if text in line]


@pytest.mark.chromium
def test_pdf_lists_the_disproved_pain_as_disproved_never_build_or_test(shared_browser):
    import subprocess

    from canvas.export.report import pdf_report

    pdf = pdf_report(disproved_canvas(), EN)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    flat = " ".join(text.split())
    assert ("Test now: 1. Build on it: 1. Test later: 0. Known, less important: 1. "
            "Disproved, drop or rethink: 3.") in flat
    assert "The map, item by item" in flat
    rows = _rows_naming(text.splitlines(), PAIN)
    # The list's place column wraps "Disproved: / drop or / rethink" in its cell.
    listed = [row for row in rows if row.startswith("Disproved:")]
    assert len(listed) == 1, rows
    for row in rows:
        assert "Build on it" not in row and "Test now" not in row, row
    rows = _rows_naming(text.splitlines(), "Delivery from 6am")
    assert any(row.startswith("Disproved:") for row in rows), rows


@pytest.mark.chromium
def test_word_lists_the_disproved_pain_as_disproved_never_build_or_test(shared_browser):
    from docx import Document

    from canvas.export.word import word_report

    doc = Document(io.BytesIO(word_report(disproved_canvas(), EN)))
    paragraphs = [p.text for p in doc.paragraphs]
    assert any("Build on it: 1." in p and "Disproved, drop or rethink: 3." in p
               for p in paragraphs)
    table = next(table for table in doc.tables
                 if table.rows[0].cells[0].text == "On the map")
    places = {row.cells[3].text: row.cells[0].text for row in table.rows[1:]}
    assert places[PAIN] == places["Canteen closes at 8pm"] == "Disproved: drop or rethink"
    assert places["Get a warm meal after a night shift"] == "Build on it"
    assert places["Keep costs down"] == "Test now"


# --- 11: Insights --------------------------------------------------------------------

def test_insights_shows_a_disproved_item_as_disproved_not_build_or_test(data_dir):
    from tests.apptest_helpers import logged_in, no_exceptions, store_for, texts

    logged_in(data_dir)
    canvas_id = store_for(data_dir).create(disproved_canvas()).id
    at = logged_in(data_dir, page="pages/insights.py", query={"canvas": canvas_id})
    no_exceptions(at)
    assert ("Test now: 1 · Build on it: 1 · Test later: 0 · Known, less important: 1 · "
            "Disproved: drop or rethink: 3") in texts(at)
    [listing] = [frame for frame in at.dataframe if "map_listing" in frame.proto.id]
    rows = listing.value
    places = dict(zip(rows["Item"], rows["On the map"], strict=True))
    assert places[PAIN] == "Disproved: drop or rethink"
    assert places["Delivery from 6am"] == "Disproved: drop or rethink"
    assert places["Get a warm meal after a night shift"] == "Build on it"
    assert len(rows) == 6
    # Every item of a busy canvas is in the list, whatever the map had room to draw.
    busy = store_for(data_dir).create(busy_canvas("en")).id
    at = logged_in(data_dir, page="pages/insights.py", query={"canvas": busy})
    no_exceptions(at)
    [listing] = [frame for frame in at.dataframe if "map_listing" in frame.proto.id]
    assert len(listing.value) == 52
