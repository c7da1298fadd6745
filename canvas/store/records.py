"""What the store hands out and takes in: the records of the seven kinds of stored data.

Both backends build these same records (a PostgreSQL row and a folder's JSON file become
one :class:`Workshop`, one :class:`Comment`, ...), so a page never knows which backend
answered, and ``store copy`` moves them between backends as they are. Canvases themselves
are :class:`canvas.fileformat.models.Canvas`; a list of them is made of :class:`CanvasSummary`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["MAX_LABEL", "CanvasRecord", "CanvasSummary", "Comment", "Login", "MentorLink",
           "Share", "Workshop"]

#: The longest label of a mentor link.
MAX_LABEL = 80


@dataclass(frozen=True)
class CanvasSummary:
    """One line of a user's canvas list: enough to list 1 000 canvases without
    loading them."""

    id: str
    title: str
    segment: str
    language: str
    updated_at: datetime
    revision: int
    jobs: int
    pains: int
    gains: int
    value_map: int


@dataclass(frozen=True)
class Login:
    """What a successful password check hands to the session."""

    username: str
    name: str
    generation: int


class Share(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str
    canvas_id: str
    shared_at: datetime


class Workshop(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    facilitator: str
    created_at: datetime
    members: dict[str, datetime] = Field(default_factory=dict)   # username -> joined at
    shares: list[Share] = Field(default_factory=list)

    def shares_of(self, username: str) -> list[Share]:
        return [s for s in self.shares if s.username == username]


class Comment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    workshop: str
    owner: str
    canvas_id: str
    section: str
    item_id: str
    item_text: str           # the item's text when the comment was written
    author: str
    text: str
    created_at: datetime
    resolved_at: datetime | None = None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


class MentorLink(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    owner: str
    canvas_id: str
    token_hash: str
    label: Annotated[str, StringConstraints(min_length=1, max_length=MAX_LABEL)]
    created_at: datetime
    expires_at: datetime
    password: str | None = None
    last_opened_at: datetime | None = None
    failed_attempts: int = 0
    locked_until: datetime | None = None

    @property
    def has_password(self) -> bool:
        return self.password is not None


@dataclass
class CanvasRecord:
    """One canvas as ``store copy`` moves it: the exact stored bytes, its history and
    its dismissed coach nudges."""

    username: str
    id: str
    body: bytes
    history: dict[int, bytes]
    dismissed: set[str]
