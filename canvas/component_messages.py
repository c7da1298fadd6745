"""What the app's own browser components may send back, as pydantic schemas.

A component's message comes from the browser, so it is input like any form: a forged
board message with ``"value": "abc"`` raised an uncaught ``ValueError`` (Streamlit's red
box) and ``2.9`` was stored as 2 (issue 22, point 5). Every message is read through
:func:`read`, which validates it against its schema in strict mode (nothing is coerced:
``"3"`` is not 3, 2.9 is not an integer) and gives ``None`` for anything else; the
caller refuses it in one sentence, or ignores it where nothing was asked.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

#: The largest box a browser reports, in CSS pixels (a 16k wall is 15 360 wide).
MAX_PIXELS = 20_000


class _Message(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class FigureRoom(_Message):
    """``canvas.ui.figure_width``: the room a figure gets, in whole CSS pixels."""

    width: Annotated[int, Field(gt=0, le=MAX_PIXELS)]
    height: Annotated[int, Field(ge=0, le=MAX_PIXELS)]


M = TypeVar("M", bound=BaseModel)


def read(schema: type[M], value) -> M | None:
    """``value`` as ``schema`` says, or None when it is not exactly that."""
    if not isinstance(value, dict):
        return None
    try:
        return schema.model_validate(value)
    except ValidationError:
        return None
