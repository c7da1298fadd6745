"""The comment rules both backends apply: what a comment may say, which item it names,
and the signal that tells the owner's open board.

A facilitator walking the gallery sees a pain that is really a job, or a gain nobody can
check, and wants to say so without taking the learner's keyboard. A comment names one
item and stays with the canvas: it points at the item's id and keeps the text the item
had, for when the item is removed, and is marked resolved by the learner.
"""

from __future__ import annotations

import contextlib
import secrets

from canvas.fileformat.models import SECTIONS, VALUE_MAP_SECTIONS, Canvas, utc_now
from canvas.store.errors import StoreError
from canvas.store.records import Comment

#: A comment is a sentence or two said across the room, not an essay.
MAX_COMMENT = 1000


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
