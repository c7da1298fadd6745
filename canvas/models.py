"""The canvas file format, defined once.

These pydantic models are the single source of truth for what a canvas file may hold:
the app, the command line and the JSON Schema (``python -m canvas schema``) all come from
here. Models are strict (no silent coercion of ``"5"`` into ``5``) and forbid unknown keys,
because a file that would be changed on import could never be read back losslessly.
Text is kept exactly as typed; escaping happens only where text is displayed.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1

LANGUAGES = ("en", "fr", "nl", "uk")
JOB_KINDS = ("functional", "social", "emotional", "supporting")
PAIN_KINDS = ("undesired_outcome", "obstacle", "risk")
GAIN_KINDS = ("required", "expected", "desired", "unexpected")
RELATIONS = ("potential", "current", "loyal", "former")
STATUSES = ("assumption", "validated", "invalidated")

#: Profile sections in the order the method walks through them, with the score each uses.
SECTIONS = ("jobs", "pains", "gains")
SCORE_FIELD = {"jobs": "importance", "pains": "severity", "gains": "relevance"}
VALUE_MAP_SECTIONS = ("products", "pain_relievers", "gain_creators")

MAX_ITEM_TEXT = 500
MAX_TITLE = 120
MAX_SHORT = 120
MAX_NOTES = 2000
#: Items in one section (jobs, pains, ... gain creators). A real canvas holds a dozen or
#: two per section and 150 in all is the performance target; 200 per section is far above
#: that, yet bounds every export (at 300 with unlimited links, one file made a 7,620-page
#: PDF and a 24 MB CSV).
MAX_ITEMS_PER_SECTION = 200
#: The former name, which canvas/paste.py on main still imports; new code uses the above.
#: Pains one reliever relieves (gains one creator creates). Each link repeats the linked
#: text in the exports, so links are bounded separately from items.
MAX_LINKS_PER_ITEM = 50

Language = Literal["en", "fr", "nl", "uk"]
JobKind = Literal["functional", "social", "emotional", "supporting"]
PainKind = Literal["undesired_outcome", "obstacle", "risk"]
GainKind = Literal["required", "expected", "desired", "unexpected"]
Relation = Literal["potential", "current", "loyal", "former"]
Status = Literal["assumption", "validated", "invalidated"]

ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
ItemText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ITEM_TEXT,
                                            pattern=r"\S")]
Title = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE, pattern=r"\S")]
Short = Annotated[str, StringConstraints(max_length=MAX_SHORT)]
Notes = Annotated[str, StringConstraints(max_length=MAX_NOTES)]
Score = Annotated[int, Field(ge=1, le=5)]
#: The error type of Canvas's cross-field check; its context holds ``problems``, a tuple
#: of ``(field path, problem code, offending value)`` triples.
INTEGRITY_ERROR = "canvas_integrity"


def _full_timestamp(value):
    """Only a full ISO date-time round-trips unchanged; numbers and bare dates would not."""
    if isinstance(value, str) and not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
        raise PydanticCustomError("datetime_parsing", "expected a full date and time")
    if not isinstance(value, str | datetime):
        raise PydanticCustomError("datetime_type", "expected a date and time")
    return value


Stamp = Annotated[datetime, Field(strict=False), BeforeValidator(_full_timestamp)]


def utc_now() -> datetime:
    """Whole seconds keep the files readable and diff-friendly."""
    return datetime.now(UTC).replace(microsecond=0)


def new_canvas_id() -> str:
    return str(uuid.uuid4())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=True)


class Persona(_Strict):
    name: Short = ""
    age: Annotated[int, Field(ge=0, le=130)] | None = None
    location: Short = ""
    occupation: Short = ""
    income: Short = ""
    household: Short = ""
    values: Annotated[list[Annotated[str, StringConstraints(max_length=60)]],
                      Field(max_length=20)] = []
    notes: Notes = ""

    def is_empty(self) -> bool:
        return self == Persona()


class Segment(_Strict):
    name: Title
    relation: Relation = "potential"
    persona: Persona | None = None


class _Item(_Strict):
    id: ItemId
    text: ItemText
    status: Status = "assumption"
    notes: Notes = ""


class Job(_Item):
    kind: JobKind
    importance: Score
    frequency: Score | None = None


class Pain(_Item):
    kind: PainKind
    severity: Score
    frequency: Score | None = None


class Gain(_Item):
    kind: GainKind
    relevance: Score


ITEM_MODEL = {"jobs": Job, "pains": Pain, "gains": Gain}


class Product(_Strict):
    id: ItemId
    text: ItemText
    notes: Notes = ""


class PainReliever(_Strict):
    id: ItemId
    text: ItemText
    relieves: Annotated[list[ItemId], Field(max_length=MAX_LINKS_PER_ITEM)] = []
    notes: Notes = ""


class GainCreator(_Strict):
    id: ItemId
    text: ItemText
    creates: Annotated[list[ItemId], Field(max_length=MAX_LINKS_PER_ITEM)] = []
    notes: Notes = ""


VALUE_MAP_MODEL = {"products": Product, "pain_relievers": PainReliever,
                   "gain_creators": GainCreator}


def _items(model):
    return Annotated[list[model], Field(max_length=MAX_ITEMS_PER_SECTION)]


class ValueMap(_Strict):
    products: _items(Product) = []
    pain_relievers: _items(PainReliever) = []
    gain_creators: _items(GainCreator) = []


class Canvas(_Strict):
    """One customer segment: its profile and the value map that answers it."""

    model_config = ConfigDict(
        extra="forbid", strict=True, validate_assignment=False,
        json_schema_extra={"title": "Value Proposition Canvas",
                           "description": "One canvas per UTF-8 JSON file."},
    )

    schema_version: Literal[1]
    id: ItemId
    title: Title
    language: Language
    created_at: Stamp = Field(default_factory=utc_now)
    updated_at: Stamp = Field(default_factory=utc_now)
    revision: Annotated[int, Field(ge=0)] = 0
    segment: Segment
    jobs: _items(Job)
    pains: _items(Pain)
    gains: _items(Gain)
    value_map: ValueMap = Field(default_factory=ValueMap)

    @model_validator(mode="after")
    def _check_integrity(self) -> Canvas:
        problems = integrity_problems(self)
        if problems:
            # The triples travel in the error's context, so canvas.validation phrases each
            # one without parsing text back.
            raise PydanticCustomError(
                INTEGRITY_ERROR, "{count} cross-field problem(s)",
                {"count": len(problems), "problems": tuple(problems)})
        return self

    # Helpers used across the app; they never mutate.
    def section(self, name: str) -> list:
        if name in SECTIONS:
            return getattr(self, name)
        return getattr(self.value_map, name)

    def all_ids(self) -> set[str]:
        ids = set()
        for name in SECTIONS + VALUE_MAP_SECTIONS:
            ids.update(item.id for item in self.section(name))
        return ids

    def item_count(self) -> int:
        return sum(len(self.section(name)) for name in SECTIONS + VALUE_MAP_SECTIONS)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


def integrity_problems(canvas: Canvas) -> list[tuple[str, str, str]]:
    """Cross-field rules JSON Schema cannot express: unique ids and live links.

    Returns ``(field path, problem code, offending value)`` triples so that callers can
    phrase each one in the user's language.
    """
    problems: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    for name in SECTIONS + VALUE_MAP_SECTIONS:
        prefix = name if name in SECTIONS else f"value_map.{name}"
        for index, item in enumerate(canvas.section(name)):
            path = f"{prefix}[{index}].id"
            if item.id in seen:
                problems.append((path, "duplicate_id", item.id))
            else:
                seen[item.id] = path
    pain_ids = {p.id for p in canvas.pains}
    gain_ids = {g.id for g in canvas.gains}
    for index, reliever in enumerate(canvas.value_map.pain_relievers):
        for link, target in enumerate(reliever.relieves):
            if target not in pain_ids:
                problems.append((f"value_map.pain_relievers[{index}].relieves[{link}]",
                                 "dangling_pain", target))
    for index, creator in enumerate(canvas.value_map.gain_creators):
        for link, target in enumerate(creator.creates):
            if target not in gain_ids:
                problems.append((f"value_map.gain_creators[{index}].creates[{link}]",
                                 "dangling_gain", target))
    return problems


def blank_canvas(title: str, language: str = "en", segment_name: str | None = None) -> Canvas:
    now = utc_now()
    return Canvas(
        schema_version=SCHEMA_VERSION, id=new_canvas_id(), title=title, language=language,
        created_at=now, updated_at=now, revision=0,
        segment=Segment(name=segment_name or title), jobs=[], pains=[], gains=[],
    )


def json_schema() -> dict:
    return Canvas.model_json_schema(mode="validation")
