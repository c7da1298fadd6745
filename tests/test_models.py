"""The canvas file format: what it reads, what it writes back, and every refusal.

The rules come from the design of record (DESIGN.md, "The canvas file"): a file is read
losslessly, text is stored exactly as typed, and a refused file is named with its field path
and problem, in every language the product speaks.
"""

from __future__ import annotations

import copy
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canvas.fileformat.models import (
    GAIN_KINDS,
    JOB_KINDS,
    MAX_ITEM_TEXT,
    MAX_ITEMS_PER_SECTION,
    MAX_LINKS_PER_ITEM,
    MAX_TITLE,
    PAIN_KINDS,
    RELATIONS,
    SCHEMA_VERSION,
    STATUSES,
    Canvas,
    json_schema,
)
from canvas.fileformat.validation import MAX_FILE_BYTES, CanvasFileError, parse_canvas
from canvas.i18n import LANGUAGES, get_translator

SOURCE = "night-shift.json"

# The example of DESIGN.md, with its elided id ("3f0c1e9a-...") written out in full.
DESIGN_EXAMPLE = """{
  "schema_version": 1,
  "id": "3f0c1e9a-5b7d-4c1e-9f3a-2d6b8e4a1c70",
  "title": "Night-shift nurses",
  "language": "en",
  "created_at": "2026-11-22T10:00:00Z",
  "updated_at": "2026-11-22T10:30:00Z",
  "revision": 7,
  "segment": {
    "name": "Night-shift nurses",
    "relation": "potential",
    "persona": {"name": "Amira", "age": 34, "location": "Leeds", "occupation": "Nurse",
                "income": "GBP 32k", "household": "married, two children",
                "values": ["reliability", "family time"], "notes": ""}
  },
  "jobs":  [{"id": "j1", "text": "Get a warm meal after a night shift", "kind": "functional",
             "importance": 5, "frequency": 4, "status": "assumption", "notes": ""}],
  "pains": [{"id": "p1", "text": "Everything is closed at 7am", "kind": "obstacle",
             "severity": 4, "frequency": 5, "status": "validated", "notes": ""}],
  "gains": [{"id": "g1", "text": "Food ready when I get home", "kind": "desired",
             "relevance": 5, "status": "assumption", "notes": ""}],
  "value_map": {
    "products": [{"id": "s1", "text": "Pre-ordered breakfast box", "notes": ""}],
    "pain_relievers": [{"id": "r1", "text": "Delivery from 6am", "relieves": ["p1"],
                        "notes": ""}],
    "gain_creators": [{"id": "c1", "text": "Box waits in a heated locker", "creates": ["g1"],
                       "notes": ""}]
  }
}
"""


def example() -> dict:
    return json.loads(DESIGN_EXAMPLE)


def minimal() -> dict:
    """Only the required fields."""
    return {
        "schema_version": 1, "id": "c-1", "title": "Minimal", "language": "en",
        "segment": {"name": "Commuters"},
        "jobs": [{"id": "j1", "text": "Get to work", "kind": "functional", "importance": 3}],
        "pains": [{"id": "p1", "text": "Late trains", "kind": "obstacle", "severity": 4}],
        "gains": [{"id": "g1", "text": "A seat", "kind": "desired", "relevance": 2}],
    }


def refusal(data) -> CanvasFileError:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    with pytest.raises(CanvasFileError) as info:
        parse_canvas(raw, SOURCE)
    return info.value


def codes(error: CanvasFileError) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in error.problems]


def nested(depth: int) -> bytes:
    head = json.dumps(minimal())[:-1]  # drop the closing brace
    return (head + ', "notes": ' + "[" * depth + "]" * depth + "}").encode()


# -- reading the design's example ---------------------------------------------------------


def test_design_example_parses():
    canvas = parse_canvas(DESIGN_EXAMPLE, SOURCE)
    assert canvas.title == "Night-shift nurses"
    assert canvas.revision == 7
    assert canvas.segment.persona.name == "Amira"
    assert canvas.segment.persona.values == ["reliability", "family time"]
    assert [j.id for j in canvas.jobs] == ["j1"]
    assert canvas.pains[0].status == "validated"
    assert canvas.value_map.pain_relievers[0].relieves == ["p1"]
    assert canvas.value_map.gain_creators[0].creates == ["g1"]
    assert canvas.created_at.isoformat().startswith("2026-11-22T10:00:00")


def test_design_example_round_trips():
    first = parse_canvas(DESIGN_EXAMPLE, SOURCE)
    text = first.to_json()
    second = parse_canvas(text, SOURCE)
    assert second == first
    assert second.to_json() == text
    # every value of the (version 1) example survives; the upgrade adds only the version
    # and the new fields at their empty defaults
    written = json.loads(text)
    assert written["schema_version"] == SCHEMA_VERSION == 2
    assert without_v2_defaults(written) == {**example(), "schema_version": 2}


V2_EMPTY = {"tests": [], "learnings": []}


def without_v2_defaults(value):
    """The written file minus what version 2 added empty: evidence cards on items and the
    persona's new fields."""
    if isinstance(value, list):
        return [without_v2_defaults(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key in V2_EMPTY and item == V2_EMPTY[key]:
            continue
        if key == "persona" and isinstance(item, dict):
            item = {k: v for k, v in item.items()
                    if k in V1_PERSONA or v not in ("", [], None)}
        out[key] = without_v2_defaults(item)
    return out


V1_PERSONA = ("name", "age", "location", "occupation", "income", "household", "values",
              "notes")


def test_design_example_matches_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate({**example(), "schema_version": SCHEMA_VERSION}, json_schema())


def test_utf8_bom_is_accepted():
    canvas = parse_canvas(b"\xef\xbb\xbf" + DESIGN_EXAMPLE.encode(), SOURCE)
    assert canvas.title == "Night-shift nurses"


# -- optional fields ---------------------------------------------------------------------


def test_optional_fields_default():
    canvas = parse_canvas(json.dumps(minimal()), SOURCE)
    assert canvas.segment.relation == "potential"
    assert canvas.segment.persona is None
    assert canvas.revision == 0
    assert canvas.jobs[0].status == "assumption"
    assert canvas.jobs[0].frequency is None
    assert canvas.jobs[0].notes == ""
    assert canvas.pains[0].frequency is None
    assert canvas.value_map.products == []
    assert canvas.value_map.pain_relievers == []
    assert canvas.value_map.gain_creators == []
    assert canvas.created_at is not None and canvas.updated_at is not None


def test_optional_fields_written_back_and_reread_unchanged():
    canvas = parse_canvas(json.dumps(minimal()), SOURCE)
    again = parse_canvas(canvas.to_json(), SOURCE)
    assert again == canvas
    assert again.to_json() == canvas.to_json()


def test_empty_persona_fields_default():
    data = minimal()
    data["segment"]["persona"] = {}
    canvas = parse_canvas(json.dumps(data), SOURCE)
    persona = canvas.segment.persona
    assert (persona.name, persona.age, persona.values, persona.notes) == ("", None, [], "")


def test_value_map_lists_are_optional_one_by_one():
    data = minimal()
    data["value_map"] = {"pain_relievers": [{"id": "r1", "text": "Bus", "relieves": ["p1"]}]}
    canvas = parse_canvas(json.dumps(data), SOURCE)
    assert canvas.value_map.products == []
    assert canvas.value_map.gain_creators == []
    assert canvas.value_map.pain_relievers[0].notes == ""


# -- text is kept exactly as typed ---------------------------------------------------------

TRICKY = [
    "<script>alert('x')</script>",
    "Fish & chips &amp; &lt;b&gt;",
    'She said "hi" and \'bye\'',
    "Emoji 👩‍👩‍👧‍👦 🍲🌙 ✔️",
    "\u200fשלום\u200e mixed \u202eRTL override\u202c",
    "line one\nline two\r\nline three\rend",
    "tabs\tand\\backslashes\\n not a newline",
    "Ukrainian: Працювати вночі — це важко",
    "NUL \x00 and bell \x07 and DEL \x7f",
    "  leading and trailing spaces  ",
    "\ufeffstarts with a BOM",
    "{value} {0} %s %(x)s",
    "a" * MAX_ITEM_TEXT,
]


def _with_text(text: str, title: str | None = None) -> dict:
    data = example()
    data["title"] = title if title is not None else text[:MAX_TITLE]
    data["segment"]["name"] = text[:MAX_TITLE]
    data["segment"]["persona"]["location"] = text[:120]
    data["segment"]["persona"]["notes"] = text
    for section in ("jobs", "pains", "gains"):
        data[section][0]["text"] = text
        data[section][0]["notes"] = text
    for section in ("products", "pain_relievers", "gain_creators"):
        data["value_map"][section][0]["text"] = text
    return data


def _assert_text_round_trip(data: dict, text: str) -> None:
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    first = parse_canvas(raw, SOURCE)
    written = first.to_json()
    second = parse_canvas(written.encode("utf-8"), SOURCE)
    assert second == first
    assert second.to_json() == written
    for canvas in (first, second):
        for section in ("jobs", "pains", "gains"):
            assert canvas.section(section)[0].text == text
            assert canvas.section(section)[0].notes == text
        for section in ("products", "pain_relievers", "gain_creators"):
            assert canvas.section(section)[0].text == text
        assert canvas.segment.persona.notes == text
        assert canvas.segment.name == text[:MAX_TITLE]


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tricky_text_round_trips_exactly(text):
    _assert_text_round_trip(_with_text(text), text)


def test_text_is_not_escaped_in_the_file():
    text = "<b>Fish & chips</b> 🍲"
    written = parse_canvas(json.dumps(_with_text(text)), SOURCE).to_json()
    assert text in written
    assert "&amp;" not in written and "&lt;" not in written


def _has_visible(text: str) -> bool:
    return any(not ch.isspace() for ch in text)


item_texts = st.text(min_size=1, max_size=MAX_ITEM_TEXT).filter(_has_visible)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=item_texts)
def test_any_item_text_round_trips_exactly(text):
    _assert_text_round_trip(_with_text(text, title="Round trip"), text)


@settings(max_examples=75, deadline=None, database=None)
@given(title=st.text(min_size=1, max_size=MAX_TITLE).filter(_has_visible))
def test_any_title_round_trips_exactly(title):
    data = minimal()
    data["title"] = title
    first = parse_canvas(json.dumps(data, ensure_ascii=False), SOURCE)
    assert first.title == title
    second = parse_canvas(first.to_json(), SOURCE)
    assert second.title == title
    assert second.to_json() == first.to_json()


# -- limits that are still allowed -------------------------------------------------------


def test_limits_themselves_are_allowed():
    data = minimal()
    data["title"] = "t" * MAX_TITLE
    data["jobs"][0]["text"] = "x" * MAX_ITEM_TEXT
    data["gains"] = [{"id": f"g{i}", "text": f"Gain {i}", "kind": "expected", "relevance": 1}
                     for i in range(MAX_ITEMS_PER_SECTION)]
    for score in (1, 5):
        data["pains"][0]["severity"] = score
        data["pains"][0]["frequency"] = score
        canvas = parse_canvas(json.dumps(data), SOURCE)
        assert len(canvas.gains) == MAX_ITEMS_PER_SECTION


def test_links_at_their_limit_are_allowed():
    data = minimal()
    data["gains"] = [{"id": f"g{i}", "text": f"Gain {i}", "kind": "expected", "relevance": 1}
                     for i in range(MAX_LINKS_PER_ITEM)]
    data["value_map"] = {"gain_creators": [{"id": "c1", "text": "All of them",
                                            "creates": [g["id"] for g in data["gains"]]}]}
    canvas = parse_canvas(json.dumps(data), SOURCE)
    assert len(canvas.value_map.gain_creators[0].creates) == MAX_LINKS_PER_ITEM


def test_file_at_the_size_limit_is_accepted():
    raw = json.dumps(minimal()).encode()
    padded = raw[:-1] + b" " * (MAX_FILE_BYTES - len(raw)) + b"}"
    assert len(padded) == MAX_FILE_BYTES
    assert parse_canvas(padded, SOURCE).title == "Minimal"


# -- every refusal: field path and problem code --------------------------------------------


def _case(mutate):
    data = example()
    mutate(data)
    return data


def _set(path: str, value):
    """Mutator setting a dotted path such as 'jobs.0.importance'."""
    def mutate(data):
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return mutate


def _drop(path: str):
    def mutate(data):
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[last]
    return mutate


def _many_jobs(n):
    def mutate(data):
        data["jobs"] = [{"id": f"j{i}", "text": f"Job {i}", "kind": "social", "importance": 2}
                        for i in range(n)]
    return mutate


def _many_products(n):
    def mutate(data):
        data["value_map"]["products"] = [{"id": f"s{i}", "text": f"Offer {i}"}
                                         for i in range(n)]
    return mutate


def _many_links(n):
    """n pains, every one relieved by the first reliever."""
    def mutate(data):
        data["pains"] = [{"id": f"p{i}", "text": f"Pain {i}", "kind": "risk", "severity": 3}
                         for i in range(n)]
        data["value_map"]["pain_relievers"][0]["relieves"] = [f"p{i}" for i in range(n)]
    return mutate


REFUSALS = [
    # unknown keys, at the root and nested
    ("unknown key at root", _set("colour", "red"), "colour", "unknown_key"),
    ("unknown key in item", _set("jobs.0.colour", "red"), "jobs[0].colour", "unknown_key"),
    ("unknown key in segment", _set("segment.owner", "me"), "segment.owner", "unknown_key"),
    ("unknown key in persona", _set("segment.persona.pet", "cat"), "segment.persona.pet",
     "unknown_key"),
    ("unknown key in value map", _set("value_map.channels", []), "value_map.channels",
     "unknown_key"),
    ("unknown key in reliever", _set("value_map.pain_relievers.0.weight", 2),
     "value_map.pain_relievers[0].weight", "unknown_key"),
    # wrong types
    ("score as string", _set("jobs.0.importance", "5"), "jobs[0].importance",
     "expected_integer"),
    ("score as float", _set("pains.0.severity", 4.0), "pains[0].severity", "expected_integer"),
    ("score as null", _set("gains.0.relevance", None), "gains[0].relevance", "expected_integer"),
    ("revision true", _set("revision", True), "revision", "expected_integer"),
    ("revision as string", _set("revision", "7"), "revision", "expected_integer"),
    ("text as number", _set("jobs.0.text", 42), "jobs[0].text", "expected_text"),
    ("title as list", _set("title", ["a"]), "title", "expected_text"),
    ("jobs as object", _set("jobs", {}), "jobs", "expected_list"),
    ("relieves as string", _set("value_map.pain_relievers.0.relieves", "p1"),
     "value_map.pain_relievers[0].relieves", "expected_list"),
    ("segment as string", _set("segment", "nurses"), "segment", "expected_object"),
    ("persona age as string", _set("segment.persona.age", "34"), "segment.persona.age",
     "expected_integer"),
    ("created_at not a date", _set("created_at", "yesterday"), "created_at",
     "expected_datetime"),
    # scores and numbers out of range
    ("importance 0", _set("jobs.0.importance", 0), "jobs[0].importance", "score_range"),
    ("importance 6", _set("jobs.0.importance", 6), "jobs[0].importance", "score_range"),
    ("severity 0", _set("pains.0.severity", 0), "pains[0].severity", "score_range"),
    ("severity 6", _set("pains.0.severity", 6), "pains[0].severity", "score_range"),
    ("relevance 0", _set("gains.0.relevance", 0), "gains[0].relevance", "score_range"),
    ("relevance 6", _set("gains.0.relevance", 6), "gains[0].relevance", "score_range"),
    ("job frequency 6", _set("jobs.0.frequency", 6), "jobs[0].frequency", "score_range"),
    ("pain frequency 6", _set("pains.0.frequency", 6), "pains[0].frequency", "score_range"),
    ("pain frequency 0", _set("pains.0.frequency", 0), "pains[0].frequency", "score_range"),
    ("negative revision", _set("revision", -1), "revision", "number_ge"),
    ("persona age 200", _set("segment.persona.age", 200), "segment.persona.age", "number_le"),
    # links and ids
    ("dangling relieves", _set("value_map.pain_relievers.0.relieves", ["p1", "p9"]),
     "value_map.pain_relievers[0].relieves[1]", "dangling_pain"),
    ("relieves names a gain", _set("value_map.pain_relievers.0.relieves", ["g1"]),
     "value_map.pain_relievers[0].relieves[0]", "dangling_pain"),
    ("dangling creates", _set("value_map.gain_creators.0.creates", ["g7"]),
     "value_map.gain_creators[0].creates[0]", "dangling_gain"),
    ("duplicate id across sections", _set("pains.0.id", "j1"), "pains[0].id", "duplicate_id"),
    ("duplicate id in value map", _set("value_map.products.0.id", "g1"),
     "value_map.products[0].id", "duplicate_id"),
    ("bad canvas id", _set("id", "../../etc"), "id", "bad_id"),
    ("bad item id", _set("jobs.0.id", "j 1"), "jobs[0].id", "bad_id"),
    # versions
    ("newer schema_version", _set("schema_version", SCHEMA_VERSION + 1), "schema_version",
     "newer_version"),
    ("schema_version 0", _set("schema_version", 0), "schema_version", "unknown_version"),
    ("schema_version as string", _set("schema_version", "1"), "schema_version",
     "version_text"),
    # missing required fields
    ("missing schema_version", _drop("schema_version"), "schema_version", "missing"),
    ("missing id", _drop("id"), "id", "missing"),
    ("missing title", _drop("title"), "title", "missing"),
    ("missing language", _drop("language"), "language", "missing"),
    ("missing segment", _drop("segment"), "segment", "missing"),
    ("missing segment name", _drop("segment.name"), "segment.name", "missing"),
    ("missing jobs", _drop("jobs"), "jobs", "missing"),
    ("missing pains", _drop("pains"), "pains", "missing"),
    ("missing gains", _drop("gains"), "gains", "missing"),
    ("missing item text", _drop("pains.0.text"), "pains[0].text", "missing"),
    ("missing item kind", _drop("gains.0.kind"), "gains[0].kind", "missing"),
    ("missing score", _drop("jobs.0.importance"), "jobs[0].importance", "missing"),
    ("missing reliever id", _drop("value_map.pain_relievers.0.id"),
     "value_map.pain_relievers[0].id", "missing"),
    # enumerations
    ("bad job kind", _set("jobs.0.kind", "happy"), "jobs[0].kind", "not_allowed"),
    ("job kind on a pain", _set("pains.0.kind", "functional"), "pains[0].kind", "not_allowed"),
    ("bad gain kind", _set("gains.0.kind", "minimum"), "gains[0].kind", "not_allowed"),
    ("bad status", _set("jobs.0.status", "maybe"), "jobs[0].status", "not_allowed"),
    ("bad relation", _set("segment.relation", "friend"), "segment.relation", "not_allowed"),
    ("bad language", _set("language", "de"), "language", "not_allowed"),
    ("language in capitals", _set("language", "EN"), "language", "not_allowed"),
    # text rules
    ("empty item text", _set("jobs.0.text", ""), "jobs[0].text", "empty_text"),
    ("blank item text", _set("gains.0.text", "  \t\n "), "gains[0].text", "empty_text"),
    ("blank product text", _set("value_map.products.0.text", " "),
     "value_map.products[0].text", "empty_text"),
    ("empty title", _set("title", ""), "title", "empty_text"),
    ("blank segment name", _set("segment.name", "   "), "segment.name", "empty_text"),
    ("item text over 500", _set("pains.0.text", "x" * (MAX_ITEM_TEXT + 1)), "pains[0].text",
     "too_long"),
    ("creator text over 500", _set("value_map.gain_creators.0.text", "é" * 501),
     "value_map.gain_creators[0].text", "too_long"),
    ("title over 120", _set("title", "t" * (MAX_TITLE + 1)), "title", "too_long"),
    ("too many items", _many_jobs(MAX_ITEMS_PER_SECTION + 1), "jobs", "too_many_items"),
    ("too many products", _many_products(MAX_ITEMS_PER_SECTION + 1), "value_map.products",
     "too_many_items"),
    ("too many links", _many_links(MAX_LINKS_PER_ITEM + 1),
     "value_map.pain_relievers[0].relieves", "too_many_links"),
    ("too many persona values", _set("segment.persona.values", ["v"] * 21),
     "segment.persona.values", "too_many"),
]


@pytest.mark.parametrize(("mutate", "path", "code"), [r[1:] for r in REFUSALS],
                         ids=[r[0] for r in REFUSALS])
def test_refusal_names_field_path_and_code(mutate, path, code):
    error = refusal(_case(mutate))
    assert (path, code) in codes(error), codes(error)
    assert error.source == SOURCE


BYTE_REFUSALS = [
    ("not utf-8", "Caf\xe9".join(['{"title": "', '"}']).encode("latin-1"), "not_utf8"),
    ("binary garbage", b"\xff\xfe\x00\x01garbage", "not_utf8"),
    ("invalid json", b'{"schema_version": 1,', "not_json"),
    ("trailing comma", b'{"schema_version": 1,}', "not_json"),
    ("empty file", b"", "not_json"),
    ("root is a list", b"[]", "expected_object"),
    ("root is a string", b'"canvas"', "expected_object"),
    ("deeply nested", nested(100_000), "too_deep"),
    ("nested a few hundred deep", nested(400), "too_deep"),
    ("over the size limit", json.dumps(minimal()).encode() + b" " * MAX_FILE_BYTES,
     "file_too_large"),
]


@pytest.mark.parametrize(("raw", "code"), [r[1:] for r in BYTE_REFUSALS],
                         ids=[r[0] for r in BYTE_REFUSALS])
def test_whole_file_refusals(raw, code):
    error = refusal(raw)
    assert codes(error) == [("", code)]
    assert error.source == SOURCE


def test_schema_version_true_is_a_wrong_type():
    """JSON true is not the number 1: accepting it would rewrite the file on save."""
    error = refusal(_case(_set("schema_version", True)))
    assert [p.path for p in error.problems] == ["schema_version"]


def test_timestamp_as_number_is_a_wrong_type():
    """A number is not a date: accepting 0 would silently rewrite it as 1970-01-01."""
    error = refusal(_case(_set("created_at", 0)))
    assert [(p.path, p.code) for p in error.problems] == [("created_at", "expected_datetime")]


def test_every_problem_is_reported_not_just_the_first():
    data = example()
    data["jobs"][0]["importance"] = 9
    data["pains"][0]["kind"] = "nope"
    data["extra"] = 1
    assert set(codes(refusal(data))) >= {("jobs[0].importance", "score_range"),
                                         ("pains[0].kind", "not_allowed"),
                                         ("extra", "unknown_key")}


def test_refusal_is_also_enforced_on_direct_model_validation():
    data = example()
    data["value_map"]["pain_relievers"][0]["relieves"] = ["p404"]
    with pytest.raises(ValueError):
        Canvas.model_validate_json(json.dumps(data))


# -- messages ------------------------------------------------------------------------------

ALL_REFUSALS = ([(r[0], json.dumps(_case(r[1])).encode()) for r in REFUSALS]
                + [(r[0], r[1]) for r in BYTE_REFUSALS])
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.mark.parametrize("raw", [r[1] for r in ALL_REFUSALS], ids=[r[0] for r in ALL_REFUSALS])
def test_messages_name_file_and_path_in_every_language(raw):
    error = refusal(raw)
    for language in LANGUAGES:
        t = get_translator(language)
        root = t("problem.root")
        lines = error.lines(t)
        assert len(lines) == len(error.problems)
        for problem, line in zip(error.problems, lines, strict=True):
            where = problem.path or root
            assert line.startswith(f"{SOURCE}: {where}: "), (language, line)
            rest = line[len(f"{SOURCE}: {where}: "):]
            assert rest.strip(), (language, line)
            assert "\n" not in line, (language, line)
            assert rest.rstrip().endswith((".", "!", "?", ")")), (language, line)
            assert not PLACEHOLDER.search(line), (language, line)
            assert f"problem.{problem.code}" not in line, (language, line)
        summary = error.summary(t)
        assert summary.startswith(lines[0])
        assert "\n" not in summary


LIMIT_SENTENCES = {
    "en": ("holds 201 items; a section holds at most 200.",
           "links to 51 items; one entry may link to at most 50."),
    "fr": ("contient 201 éléments ; une section en contient au plus 200.",
           "est lié à 51 éléments ; une entrée peut être liée à 50 éléments au plus."),
    "nl": ("bevat 201 onderdelen; een deel van het canvas bevat er hoogstens 200.",
           "is gekoppeld aan 51 onderdelen; één onderdeel mag aan hoogstens 50 andere "
           "gekoppeld zijn."),
    "uk": ("кількість записів — 201; у розділі може бути щонайбільше 200.",
           "кількість зв’язків — 51; один запис може мати щонайбільше 50."),
    "ar": ("فيه 201 عنصر؛ والقسم يتسع لـ 200 على الأكثر.",
           "مرتبط بـ 51 عنصر؛ والعنصر الواحد يمكن أن يرتبط بـ 50 على الأكثر."),
    # Persian writes the counts in its own digits.
    "fa": ("۲۰۱ مورد دارد؛ هر قسمت حداکثر ۲۰۰ مورد دارد.",
           "به ۵۱ مورد پیوند دارد؛ هر مورد حداکثر به ۵۰ مورد می\u200cتواند پیوند داشته باشد."),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_limit_refusals_say_how_many_and_the_limit(language):
    """The limits are fixed numbers in the sentence, not a vague "too many entries"."""
    assert (MAX_ITEMS_PER_SECTION, MAX_LINKS_PER_ITEM) == (200, 50)
    t = get_translator(language)
    items, links = LIMIT_SENTENCES[language]
    error = refusal(_case(_many_jobs(MAX_ITEMS_PER_SECTION + 1)))
    assert error.lines(t) == [f"{SOURCE}: jobs: {items}"]
    error = refusal(_case(_many_links(MAX_LINKS_PER_ITEM + 1)))
    assert error.lines(t) == [f"{SOURCE}: value_map.pain_relievers[0].relieves: {links}"]


def test_integrity_problems_travel_in_the_error_context():
    """Each cross-field problem is a structured triple, not text parsed back."""
    from pydantic import ValidationError

    from canvas.fileformat.models import INTEGRITY_ERROR

    data = {**example(), "schema_version": SCHEMA_VERSION}
    data["pains"][0]["id"] = "j1"
    data["value_map"]["pain_relievers"][0]["relieves"] = ["p1"]
    with pytest.raises(ValidationError) as info:
        Canvas.model_validate_json(json.dumps(data))
    [error] = info.value.errors(include_url=False)
    assert error["type"] == INTEGRITY_ERROR
    assert list(error["ctx"]["problems"]) == [
        ("pains[0].id", "duplicate_id", "j1"),
        ("value_map.pain_relievers[0].relieves[0]", "dangling_pain", "p1")]


def test_migrations_do_not_import_validation():
    """migrations sits below validation: reading it must not pull validation back in."""
    import subprocess
    import sys

    code = ("import sys, canvas.fileformat.migrations as m\n"
            "try:\n    m.migrate({'schema_version': 0})\n"
            "except m.UnknownVersion as exc:\n    assert exc.version == 0\n"
            "print('canvas.fileformat.validation' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_exception_text_is_the_first_english_line():
    error = refusal(_case(_set("jobs.0.importance", 0)))
    assert str(error) == error.lines(get_translator("en"))[0]
    assert "jobs[0].importance" in str(error)
    assert SOURCE in str(error)


def test_summary_counts_the_other_problems():
    data = example()
    data["jobs"][0]["importance"] = 0
    data["pains"][0]["severity"] = 0
    data["gains"][0]["relevance"] = 0
    error = refusal(data)
    assert len(error.problems) == 3
    summary = error.summary(get_translator("en"))
    assert "2" in summary


# -- the published schema ------------------------------------------------------------------


def _defs_and_root(schema):
    return [schema, *schema["$defs"].values()]


def test_json_schema_forbids_unknown_keys_everywhere():
    schema = json_schema()
    objects = [s for s in _defs_and_root(schema) if s.get("type") == "object"]
    assert len(objects) >= 10  # canvas, segment, persona, items, value map
    for sub in objects:
        assert sub.get("additionalProperties") is False, sub.get("title")


def test_json_schema_lists_the_enumerations():
    schema = json_schema()
    defs = schema["$defs"]
    assert defs["Job"]["properties"]["kind"]["enum"] == list(JOB_KINDS)
    assert defs["Pain"]["properties"]["kind"]["enum"] == list(PAIN_KINDS)
    assert defs["Gain"]["properties"]["kind"]["enum"] == list(GAIN_KINDS)
    assert defs["Segment"]["properties"]["relation"]["enum"] == list(RELATIONS)
    for name in ("Job", "Pain", "Gain"):
        assert defs[name]["properties"]["status"]["enum"] == list(STATUSES)
    assert schema["properties"]["language"]["enum"] == list(LANGUAGES)
    assert set(schema["required"]) >= {"schema_version", "id", "title", "language",
                                       "segment", "jobs", "pains", "gains"}
    assert "revision" not in schema["required"]
    json.dumps(schema)  # publishable as JSON


def test_refusal_does_not_mutate_the_input_dict():
    from canvas.fileformat.validation import canvas_from_data

    data = _case(_set("jobs.0.importance", 0))
    before = copy.deepcopy(data)
    with pytest.raises(CanvasFileError):
        canvas_from_data(data, SOURCE)
    assert data == before
