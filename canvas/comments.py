"""Comments: a facilitator's word on one item of a canvas a learner shared with the room.

A facilitator walking the gallery sees a pain that is really a job, or a gain nobody can
check, and wants to say so without taking the learner's keyboard. A comment names one
item and stays with the canvas: it survives the item being edited (it points at the item's
id and keeps the text the item had, for when the item is removed) and is marked resolved
by the learner, which the facilitator then sees.

Who may do what is enforced here, in the store, not in the page: only the facilitator of
a workshop comments, and only on a canvas shared with that workshop at that moment; only
the owner and that facilitator read the comments; only the owner resolves them.

The data-folder backend of :class:`canvas.store.contract.CommentBackend`: one JSON file
per owner under ``comments/<owner>.json``, written atomically under the workshops' lock,
so a comment and an "unshare" never cross. A new comment moves the canvas's change
signal in the workshop's room (``rooms``), so the learner's open board shows it within 2 s.
"""

from __future__ import annotations

import contextlib
import secrets
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from canvas.models import SECTIONS, VALUE_MAP_SECTIONS, Canvas, utc_now
from canvas.storage import StoreError, atomic_write, check_username, file_lock
from canvas.validation import CanvasFileError
from canvas.workshops import WorkshopError, WorkshopStore, normalise_code

#: A comment is a sentence or two said across the room, not an essay.
MAX_COMMENT = 1000


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


_COMMENTS = TypeAdapter(list[Comment])


def clean_text(text: str) -> str:
    """The comment as stored: trimmed, 1 to :data:`MAX_COMMENT` characters, else refused."""
    text = (text or "").strip()
    if not text or len(text) > MAX_COMMENT:
        raise StoreError("mentor.error.comment_length", limit=MAX_COMMENT)
    return text


def find_item(canvas: Canvas, item_id: str) -> tuple[str, object] | None:
    """``(section, item)`` of the item with this id, wherever it is on the canvas."""
    for section in (*SECTIONS, *VALUE_MAP_SECTIONS):
        for item in canvas.section(section):
            if item.id == item_id:
                return section, item
    return None


def new_comment(code: str, author: str, owner: str, canvas: Canvas, item_id: str,
                text: str) -> Comment:
    """A comment on an item that exists on ``canvas`` (refused otherwise)."""
    text = clean_text(text)
    found = find_item(canvas, item_id)
    if found is None:
        raise StoreError("mentor.error.no_item")
    section, item = found
    return Comment(id=secrets.token_hex(8), workshop=code, owner=owner, canvas_id=canvas.id,
                   section=section, item_id=item_id, item_text=item.text, author=author,
                   text=text, created_at=utc_now())


def open_counts(comments: list[Comment]) -> dict[str, int]:
    """Unresolved comments per item id: the number on each note's badge."""
    counts: dict[str, int] = {}
    for comment in comments:
        if not comment.resolved:
            counts[comment.item_id] = counts.get(comment.item_id, 0) + 1
    return counts


def signal_comment(rooms, comment: Comment) -> None:
    """Tell the owner's open pages (through the room's canvas signal) that a comment came;
    the comment is stored whatever happens to the signal."""
    if rooms is None:
        return
    # If it fails, the learner sees the comment at their next page run instead.
    with contextlib.suppress(StoreError, OSError):
        rooms.canvas_changed(comment.workshop, comment.author, comment.owner,
                             comment.canvas_id)


class CommentStore:
    def __init__(self, data_dir: Path | str, rooms=None):
        self.data_dir = Path(data_dir)
        self.rooms = rooms
        self.folder = self.data_dir / "comments"
        # The workshops' own lock: a comment is checked against the shares it depends on.
        self._lock_path = self.data_dir / ".locks" / "workshops.lock"

    def _path(self, owner: str) -> Path:
        return self.folder / f"{check_username(owner)}.json"

    def _read(self, owner: str) -> list[Comment]:
        try:
            return _COMMENTS.validate_json(self._path(owner).read_bytes())
        except (FileNotFoundError, ValidationError):
            return []

    def _write(self, owner: str, comments: list[Comment]) -> None:
        path = self._path(owner)
        if not comments:
            path.unlink(missing_ok=True)
            return
        atomic_write(path, _COMMENTS.dump_json(comments, indent=2))

    def add(self, code: str, facilitator: str, owner: str, canvas_id: str, item_id: str,
            text: str) -> Comment:
        code = normalise_code(code)
        with file_lock(self._lock_path):
            # Reading the shared canvas checks the facilitator and the share, under the
            # same lock an unshare takes.
            try:
                canvas = WorkshopStore(self.data_dir).shared_canvas(code, facilitator, owner,
                                                                    canvas_id)
            except CanvasFileError:
                raise WorkshopError("not_shared") from None
            comment = new_comment(code, facilitator, owner, canvas, item_id, text)
            self._write(owner, [*self._read(owner), comment])
        signal_comment(self.rooms, comment)
        return comment

    def _workshops_of(self, reader: str, owner: str, canvas_id: str) -> set[str]:
        """The workshops ``reader`` runs that ``owner`` shares this canvas with."""
        return {w.code for w in WorkshopStore(self.data_dir).facilitated_by(reader)
                if any(s.username == owner and s.canvas_id == canvas_id for s in w.shares)}

    def on_canvas(self, reader: str, owner: str, canvas_id: str) -> list[Comment]:
        comments = [c for c in self._read(owner) if c.canvas_id == canvas_id]
        if reader == owner:
            return comments
        codes = self._workshops_of(reader, owner, canvas_id)
        if not codes:
            raise WorkshopError("not_shared")
        return [c for c in comments if c.workshop in codes]

    def set_resolved(self, owner: str, comment_id: str, resolved: bool) -> None:
        with file_lock(self._lock_path):
            comments = self._read(owner)
            comment = next((c for c in comments if c.id == comment_id), None)
            if comment is None:
                raise StoreError("mentor.error.no_comment")
            comment.resolved_at = utc_now() if resolved else None
            self._write(owner, comments)

    def forget_user(self, username: str) -> None:
        """An account is deleted: the comments on its canvases and those it wrote go."""
        with file_lock(self._lock_path):
            self._path(username).unlink(missing_ok=True)
            if not self.folder.is_dir():
                return
            for path in sorted(self.folder.glob("*.json")):
                owner = path.stem
                comments = self._read(owner)
                kept = [c for c in comments if c.author != username]
                if len(kept) != len(comments):
                    self._write(owner, kept)
