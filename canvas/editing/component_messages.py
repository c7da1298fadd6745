"""What the app's own browser components may send back, as pydantic schemas.

A component's message comes from the browser, so it is input like any form: a forged
board message with ``"value": "abc"`` raised an uncaught ``ValueError`` (Streamlit's red
box) and ``2.9`` was stored as 2 (issue 22, point 5). Every message is read through
:func:`read`, which validates it against its schema in strict mode (nothing is coerced:
``"3"`` is not 3, 2.9 is not an integer) and gives ``None`` for anything else; the
caller refuses it in one sentence, or ignores it where nothing was asked.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

#: The largest box a browser reports, in CSS pixels (a 16k wall is 15 360 wide).
MAX_PIXELS = 20_000


class _Message(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class FigureRoom(_Message):
    """``canvas.ui.shell.figure_width``: the room a figure gets, in whole CSS pixels."""

    width: Annotated[int, Field(gt=0, le=MAX_PIXELS)]
    height: Annotated[int, Field(ge=0, le=MAX_PIXELS)]


#: The board's action types (``canvas.ui.editor.board_widget``) and the fields an edit may change.
BOARD_ACTIONS = ("add", "paste", "paste_add", "paste_cancel", "move", "open", "close",
                 "update", "delete", "undo", "dismiss", "show", "refused", "toggle_link",
                 "compare_start", "answer", "compare_cancel", "compare_accept", "spread",
                 "check")  # "check": the board asks whether the database is back
SECTIONS = ("jobs", "pains", "gains", "products", "pain_relievers", "gain_creators")
SCORES = ("importance", "severity", "relevance", "frequency")
TEXTS = ("text", "notes", "kind", "status")
#: Bounds on size only: what a field may hold is the canvas's own rule (a note's length,
#: a paste's line count), checked where the change is made, with its own sentence.
MAX_TEXT = 100_000
_Name = Annotated[str, Field(min_length=1, max_length=64)]


class BoardBatch(_Message):
    """What the board sends: its queue of numbered actions (``assets/board/board.js``)."""

    client: Annotated[str, Field(min_length=1, max_length=40)]
    actions: Annotated[list[dict], Field(max_length=1000)]  # the first 200 are read
    nonce: float | int


class BoardAction(_Message):
    """One action of the board's queue. Every field the board sends is typed, in strict
    mode: a score is a whole number from 1 to 5 or nothing, never ``"abc"`` or 2.9."""

    seq: Annotated[int, Field(gt=0)]
    type: Literal[BOARD_ACTIONS]
    base: Annotated[int, Field(ge=0)] | None = None
    section: Literal[SECTIONS] | None = None
    id: _Name | None = None
    uid: _Name | None = None
    text: Annotated[str, Field(max_length=MAX_TEXT)] | None = None
    kind: Annotated[str, Field(max_length=40)] | None = None
    to: Annotated[int, Field(ge=0, le=10_000)] | None = None
    key: bool | None = None
    field: Literal[SCORES + TEXTS] | None = None
    value: Annotated[str, Field(max_length=MAX_TEXT)] | int | None = None
    target: Literal[SECTIONS] | None = None
    choice: Literal["left", "right", "same"] | None = None
    step: Annotated[int, Field(ge=0)] | None = None
    retry: bool | None = None

    @model_validator(mode="after")
    def _value_fits_field(self):
        if self.field in SCORES:
            if self.value is not None and not (isinstance(self.value, int)
                                               and 1 <= self.value <= 5):
                raise ValueError("a score is a whole number from 1 to 5")
        elif self.field in TEXTS and not isinstance(self.value, str):
            raise ValueError("text is expected")
        return self


def board_action(value) -> tuple[BoardAction | None, str | None]:
    """The action, or None and the name of the field that was not what the board sends
    (``"action"`` when it is not an action at all)."""
    if not isinstance(value, dict):
        return None, "action"
    try:
        return BoardAction.model_validate(value), None
    except ValidationError as error:
        first = error.errors()[0]
        where = first["loc"][0] if first["loc"] else value.get("field") or "value"
        return None, str(where)


M = TypeVar("M", bound=BaseModel)


def read(schema: type[M], value) -> M | None:
    """``value`` as ``schema`` says, or None when it is not exactly that."""
    if not isinstance(value, dict):
        return None
    try:
        return schema.model_validate(value)
    except ValidationError:
        return None
