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
from datetime import UTC, date, datetime
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

#: 2 added the full persona card (grouped facts, psychographics, behaviour, sources), and
#: test and learning cards on items. :mod:`canvas.fileformat.migrations` upgrades version 1 files.
SCHEMA_VERSION = 2

LANGUAGES = ("en", "fr", "nl", "uk", "ar", "fa")
JOB_KINDS = ("functional", "social", "emotional", "supporting")
PAIN_KINDS = ("undesired_outcome", "obstacle", "risk")
GAIN_KINDS = ("required", "expected", "desired", "unexpected")
RELATIONS = ("potential", "current", "loyal", "former")
STATUSES = ("assumption", "validated", "invalidated")
#: Where a profile comes from, as the method recommends looking at all of them.
PROFILE_SOURCES = ("current_customers", "potential_customers", "non_customers",
                   "market_research", "own_records")
TEST_METHODS = ("interview", "survey", "landing_page", "pre_sale", "observation", "other")
TEST_STATES = ("planned", "running", "done")
#: Strength of evidence, weakest first: what people say, what they do, what they pay.
EVIDENCE_STRENGTHS = ("say", "do", "pay")
#: What a learning did to its item's status (None: it left the status as it was).
VERDICTS = ("validated", "invalidated")
#: The three groups the method recommends interviewing; a learning from an interview
#: names the one its person belongs to.
INTERVIEW_GROUPS = ("current_customers", "potential_customers", "non_customers")
#: Whether the test's success criterion ("We are right if...") was met.
CRITERION_RESULTS = ("yes", "no", "unclear")
#: People one learning rests on: a workshop's tests reach tens, a survey thousands.
MAX_PEOPLE = 1_000_000

#: Profile sections in the order the method walks through them, with the score each uses.
SECTIONS = ("jobs", "pains", "gains")
SCORE_FIELD = {"jobs": "importance", "pains": "severity", "gains": "relevance"}
VALUE_MAP_SECTIONS = ("products", "pain_relievers", "gain_creators")

MAX_ITEM_TEXT = 500
MAX_TITLE = 120
MAX_SHORT = 120
MAX_NOTES = 2000
#: A persona answer or one line of a test or learning card: a few sentences.
MAX_MEDIUM = 500
#: Tests (and learnings) on one item: a real item has one to three.
MAX_CARDS_PER_ITEM = 20
#: Items in one section (jobs, pains, ... gain creators). A real canvas holds a dozen or
#: two per section and 150 in all is the performance target; 200 per section is far above
#: that, yet bounds every export (at 300 with unlimited links, one file made a 7,620-page
#: PDF and a 24 MB CSV).
MAX_ITEMS_PER_SECTION = 200
#: The former name, which canvas/editing/paste.py on main still imports; new code uses the above.
#: Pains one reliever relieves (gains one creator creates). Each link repeats the linked
#: text in the exports, so links are bounded separately from items.
MAX_LINKS_PER_ITEM = 50

Language = Literal["en", "fr", "nl", "uk", "ar", "fa"]
JobKind = Literal["functional", "social", "emotional", "supporting"]
PainKind = Literal["undesired_outcome", "obstacle", "risk"]
GainKind = Literal["required", "expected", "desired", "unexpected"]
Relation = Literal["potential", "current", "loyal", "former"]
Status = Literal["assumption", "validated", "invalidated"]
ProfileSource = Literal["current_customers", "potential_customers", "non_customers",
                        "market_research", "own_records"]
TestMethod = Literal["interview", "survey", "landing_page", "pre_sale", "observation",
                     "other"]
TestState = Literal["planned", "running", "done"]
EvidenceStrength = Literal["say", "do", "pay"]
Verdict = Literal["validated", "invalidated"]
InterviewGroup = Literal["current_customers", "potential_customers", "non_customers"]
CriterionResult = Literal["yes", "no", "unclear"]

ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
ItemText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ITEM_TEXT,
                                            pattern=r"\S")]
Title = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE, pattern=r"\S")]
Short = Annotated[str, StringConstraints(max_length=MAX_SHORT)]
Notes = Annotated[str, StringConstraints(max_length=MAX_NOTES)]
Medium = Annotated[str, StringConstraints(max_length=MAX_MEDIUM)]
Tag = Annotated[str, StringConstraints(max_length=60)]
Tags = Annotated[list[Tag], Field(max_length=20)]
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


def _iso_day(value):
    """A calendar day is written ``YYYY-MM-DD`` and nothing else, so it round-trips."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError("date_parsing", "expected a date as YYYY-MM-DD")
    if isinstance(value, datetime) or not isinstance(value, str | date):
        raise PydanticCustomError("date_type", "expected a date")
    return value


Day = Annotated[date, Field(strict=False), BeforeValidator(_iso_day)]


def utc_now() -> datetime:
    """Whole seconds keep the files readable and diff-friendly."""
    return datetime.now(UTC).replace(microsecond=0)


def new_canvas_id() -> str:
    return str(uuid.uuid4())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=True)


class Persona(_Strict):
    """The persona card, in the groups the method uses; every field is optional.

    ``PERSONA_GROUPS`` lists the fields of each group in the order the card shows them.
    """

    # Demographic facts
    name: Short = ""
    age: Annotated[int, Field(ge=0, le=130)] | None = None
    gender: Short = ""
    location: Short = ""
    occupation: Short = ""
    education: Short = ""
    income: Short = ""
    household: Short = ""
    life_stage: Short = ""
    # Psychographics
    motivations: Medium = ""
    dreams: Medium = ""
    lifestyle: Medium = ""
    personality: Medium = ""
    values: Tags = []
    favourite_brands: Tags = []
    # Behaviour
    where_they_look: Medium = ""
    search_words: Tags = []
    channels: Medium = ""
    how_they_buy: Medium = ""
    where_they_buy: Medium = ""
    how_often_they_buy: Medium = ""
    # Where the profile comes from
    sources: Annotated[list[ProfileSource], Field(max_length=len(PROFILE_SOURCES))] = []
    last_reviewed: Day | None = None
    notes: Notes = ""

    def is_empty(self) -> bool:
        return self == Persona()


class Segment(_Strict):
    name: Title
    relation: Relation = "potential"
    persona: Persona | None = None


PERSONA_GROUPS = {
    "demographics": ("name", "age", "gender", "location", "occupation", "education",
                     "income", "household", "life_stage"),
    "psychographics": ("motivations", "dreams", "lifestyle", "personality", "values",
                       "favourite_brands"),
    "behaviour": ("where_they_look", "search_words", "channels", "how_they_buy",
                  "where_they_buy", "how_often_they_buy"),
    "sources": ("sources", "last_reviewed", "notes"),
}


class TestCard(_Strict):
    """A planned test of one item: "We believe that... To verify that, we will... and
    measure... We are right if..."."""

    __test__ = False  # not a pytest class, whatever its name says

    id: ItemId
    belief: Medium = ""
    #: None until the learner chooses one: a file never claims a method nobody chose.
    method: TestMethod | None = None
    method_other: Short = ""    # the learner's own words when method is "other"
    action: Medium = ""
    measure: Medium = ""
    criterion: Medium = ""
    cost: Short = ""
    duration: Short = ""
    due: Day | None = None
    owner: Short = ""           # who runs the test: a name, as the team says it
    state: TestState = "planned"
    created_at: Stamp = Field(default_factory=utc_now)


class LearningCard(_Strict):
    """What happened: "We observed... From that we learned... Therefore we will...".

    ``verdict`` is the status this learning gave its item, kept as the reason for it.
    ``criterion_met`` answers the reported test's "We are right if..." (None: not said),
    ``people`` is how many people the learning rests on (None: not said).
    """

    id: ItemId
    test_id: ItemId | None = None   # the test it reports on, if any (same item)
    observed: Medium = ""
    learned: Medium = ""
    next_step: Medium = ""
    strength: EvidenceStrength = "say"
    criterion_met: CriterionResult | None = None
    people: Annotated[int, Field(ge=1, le=MAX_PEOPLE)] | None = None
    verdict: Verdict | None = None
    recorded_at: Stamp = Field(default_factory=utc_now)
    # Interview notes typed back from the guide: whom, when, and which group they are in.
    interviewee: Short = ""
    heard_on: Day | None = None
    group: InterviewGroup | None = None


def _cards(model):
    return Annotated[list[model], Field(max_length=MAX_CARDS_PER_ITEM)]


class _Evidence(_Strict):
    """Tests and learnings: on profile items, pain relievers and gain creators."""

    tests: _cards(TestCard) = []
    learnings: _cards(LearningCard) = []


class _Item(_Evidence):
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


class PainReliever(_Evidence):
    id: ItemId
    text: ItemText
    relieves: Annotated[list[ItemId], Field(max_length=MAX_LINKS_PER_ITEM)] = []
    notes: Notes = ""


class GainCreator(_Evidence):
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

    schema_version: Literal[2]
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
            # The triples travel in the error's context, so canvas.fileformat.validation
            # phrases each one without parsing text back.
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
    for name in SECTIONS + ("pain_relievers", "gain_creators"):
        prefix = name if name in SECTIONS else f"value_map.{name}"
        for index, item in enumerate(canvas.section(name)):
            test_ids: set[str] = set()
            for number, test in enumerate(item.tests):
                if test.id in test_ids:
                    problems.append((f"{prefix}[{index}].tests[{number}].id",
                                     "duplicate_id", test.id))
                test_ids.add(test.id)
            learning_ids: set[str] = set()
            for number, learning in enumerate(item.learnings):
                path = f"{prefix}[{index}].learnings[{number}]"
                if learning.id in learning_ids:
                    problems.append((f"{path}.id", "duplicate_id", learning.id))
                learning_ids.add(learning.id)
                if learning.test_id is not None and learning.test_id not in test_ids:
                    problems.append((f"{path}.test_id", "dangling_test", learning.test_id))
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
