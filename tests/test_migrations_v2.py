"""Version 1 files open as version 2 and round-trip; version 2 evidence survives exactly.

Version 2 only added optional fields (the grouped persona card, test and learning cards),
so a version-1 file must open with every value kept and the new fields empty, and be
written back as version 2 that reads back to the same canvas. Hold-out style files: each
shape a learner's old file may have (fields left out, every kind, an empty or missing
value map, old persona, no persona), the design's example and every shipped template.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from evidence_helpers import learning_card, planned_test, rich_canvas
from test_models import V1_PERSONA, example, without_v2_defaults

from canvas.fileformat.models import (
    GAIN_KINDS,
    JOB_KINDS,
    PAIN_KINDS,
    SCHEMA_VERSION,
    STATUSES,
    Canvas,
)
from canvas.fileformat.validation import CanvasFileError, parse_canvas
from canvas.i18n import Translator

TEMPLATES = sorted((Path(__file__).resolve().parents[1] / "assets" / "templates").glob(
    "*/*.json"))


def v1(**extra) -> dict:
    """The smallest version-1 file: only required fields."""
    return {"schema_version": 1, "id": "old-file", "title": "Market stall", "language": "en",
            "segment": {"name": "Saturday shoppers"},
            "jobs": [{"id": "j1", "text": "Buy vegetables for the week", "kind": "functional",
                      "importance": 4}],
            "pains": [{"id": "p1", "text": "Queues", "kind": "obstacle", "severity": 3}],
            "gains": [{"id": "g1", "text": "Fresh food", "kind": "desired", "relevance": 5}],
            **extra}


def opens_and_round_trips(raw: dict) -> Canvas:
    """The file opens as version 2, keeps every value, and its rewrite reads back equal."""
    canvas = parse_canvas(json.dumps(raw), "old.json")
    text = canvas.to_json()
    written = json.loads(text)
    assert written["schema_version"] == SCHEMA_VERSION == 2
    again = parse_canvas(text, "old.json")
    assert again == canvas and again.to_json() == text
    for item in (*canvas.jobs, *canvas.pains, *canvas.gains,
                 *canvas.value_map.pain_relievers, *canvas.value_map.gain_creators):
        assert item.tests == [] and item.learnings == []
    return canvas


def test_a_file_with_only_required_fields():
    canvas = opens_and_round_trips(v1())
    assert canvas.jobs[0].status == "assumption" and canvas.segment.persona is None
    assert canvas.value_map.products == [] and canvas.revision == 0


def test_every_kind_of_every_section_with_every_status():
    raw = v1()
    raw["jobs"] = [{"id": f"j{n}", "text": f"Job {kind}", "kind": kind, "importance": n,
                    "frequency": n, "status": STATUSES[n % 3], "notes": "note"}
                   for n, kind in enumerate(JOB_KINDS, start=1)]
    raw["pains"] = [{"id": f"p{n}", "text": f"Pain {kind}", "kind": kind, "severity": n,
                     "status": STATUSES[n % 3]}
                    for n, kind in enumerate(PAIN_KINDS, start=1)]
    raw["gains"] = [{"id": f"g{n}", "text": f"Gain {kind}", "kind": kind, "relevance": n,
                     "status": STATUSES[n % 3]}
                    for n, kind in enumerate(GAIN_KINDS, start=1)]
    raw["value_map"] = {
        "products": [{"id": "s1", "text": "Stall", "notes": "Saturdays"}],
        "pain_relievers": [{"id": "r1", "text": "Pre-packed bags", "relieves": ["p1", "p2"]}],
        "gain_creators": [{"id": "c1", "text": "Picked on Friday", "creates": ["g4"]}]}
    canvas = opens_and_round_trips(raw)
    assert [j.kind for j in canvas.jobs] == list(JOB_KINDS)
    assert [p.kind for p in canvas.pains] == list(PAIN_KINDS)
    assert [g.kind for g in canvas.gains] == list(GAIN_KINDS)
    assert [j.status for j in canvas.jobs] == ["validated", "invalidated", "assumption",
                                               "validated"]
    assert canvas.value_map.pain_relievers[0].relieves == ["p1", "p2"]
    written = json.loads(canvas.to_json())
    assert without_v2_defaults(written)["jobs"] == raw["jobs"]


@pytest.mark.parametrize("value_map", [None, {}, {"products": [], "pain_relievers": [],
                                                  "gain_creators": []}])
def test_an_empty_or_missing_value_map(value_map):
    raw = v1() if value_map is None else v1(value_map=value_map)
    canvas = opens_and_round_trips(raw)
    assert canvas.value_map.model_dump() == {"products": [], "pain_relievers": [],
                                             "gain_creators": []}


def test_a_persona_with_only_the_old_fields():
    old = {"name": "Amira", "age": 41, "location": "Leeds", "occupation": "Nurse",
           "income": "Modest", "household": "Two teenagers", "values": ["family"],
           "notes": "Met at the clinic"}
    raw = v1(segment={"name": "Nurses", "relation": "loyal", "persona": old})
    canvas = opens_and_round_trips(raw)
    persona = canvas.segment.persona
    assert {field: getattr(persona, field) for field in V1_PERSONA} == old
    assert (persona.gender, persona.dreams, persona.sources, persona.last_reviewed) == (
        "", "", [], None)


@pytest.mark.parametrize("segment", [{"name": "Nurses"}, {"name": "Nurses", "persona": None}])
def test_no_persona(segment):
    assert opens_and_round_trips(v1(segment=segment)).segment.persona is None


def test_the_design_example():
    raw = example()
    assert raw["schema_version"] == 1
    canvas = opens_and_round_trips(raw)
    assert without_v2_defaults(json.loads(canvas.to_json())) == {**raw, "schema_version": 2}


def _as_version_1(raw: dict) -> dict:
    """A version-2 file as version 1 wrote it: no cards, the old persona fields only."""
    old = copy.deepcopy(raw)
    old["schema_version"] = 1

    def strip(node):
        if isinstance(node, dict):
            node.pop("tests", None)
            node.pop("learnings", None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(old)
    persona = old["segment"].get("persona")
    if persona:
        old["segment"]["persona"] = {k: v for k, v in persona.items() if k in V1_PERSONA}
    return old


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_template_opens_and_its_version_1_form_too(path):
    assert len(TEMPLATES) >= 20  # five templates in four languages
    raw = json.loads(path.read_text(encoding="utf-8"))
    current = parse_canvas(path.read_bytes(), path.name)
    assert parse_canvas(current.to_json(), path.name) == current
    old = opens_and_round_trips(_as_version_1(raw))
    assert old.title == current.title
    assert [j.text for j in old.jobs] == [j.text for j in current.jobs]
    assert old.value_map.pain_relievers == [
        r.model_copy(update={"tests": [], "learnings": []})
        for r in current.value_map.pain_relievers]
    if current.segment.persona is not None:
        assert old.segment.persona.name == current.segment.persona.name


@pytest.mark.parametrize("language", ["en", "uk"])
def test_a_version_2_file_with_tests_and_learnings_round_trips_byte_for_byte(language):
    text = rich_canvas(language).to_json()
    assert '"learnings": [' in text and '"test_id": "e1"' in text
    assert parse_canvas(text, "v2.json").to_json() == text
    assert parse_canvas(text.encode("utf-8"), "v2.json").to_json().encode("utf-8") == \
        text.encode("utf-8")


def test_a_learning_about_a_test_the_item_does_not_have_is_refused_in_one_sentence():
    raw = json.loads(rich_canvas("en").to_json())
    raw["jobs"][0]["learnings"] = [json.loads(learning_card("e2", test_id="e9")
                                              .model_dump_json())]
    raw["jobs"][0]["tests"] = [json.loads(planned_test("e1").model_dump_json())]
    with pytest.raises(CanvasFileError) as info:
        parse_canvas(json.dumps(raw), "nurses.json")
    assert info.value.lines(Translator("en")) == [
        'nurses.json: jobs[0].learnings[0].test_id: refers to test "e9", which is not on '
        'this item.']
    assert info.value.lines(Translator("uk")) == [
        "nurses.json: jobs[0].learnings[0].test_id: посилається на перевірку «e9», якої "
        "немає в цьому пункті."]
