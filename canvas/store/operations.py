"""What both backends do the same way, written once on top of a few primitives each.

:class:`CanvasOperations` is what every canvas store derives from its own ``load``,
``save``, ``create`` and ``load_revision`` (download, duplicate, rename, restore).

:class:`RoomOperations` turns each change of a workshop's live room into "read the room
under the backend's lock, apply the pure rule from :mod:`canvas.room.state`, write it
back", so the data folder and PostgreSQL differ only in :meth:`~RoomOperations.snapshot`,
:meth:`~RoomOperations.change_room` and the presence table. It also holds the
per-process cache every polling screen reads through: thirty learners polling once a
second cost one store read per :data:`CACHE_SECONDS` on each server, not thirty; a change
made through this process clears its entry at once. Permission is checked on the cached
copy with the same rule (:func:`canvas.room.state.view_for`), so the cache never widens
who reads.

Applying a vote writes the owner's canvas, which only the workshop's facilitator may do
and only for a canvas still shared to the workshop: the read goes through
``workshops().shared_canvas`` (which checks both) and the write names the revision it
read, so a learner's edit in between is never overwritten; undo does the same against the
revision the apply wrote. Both are recorded in the room (:class:`CanvasWrite`) and move
the canvas's own change signal (:meth:`RoomOperations.canvas_changed`, which a new
comment moves too), so the owner's open board redraws and says who changed it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from canvas.editing.edits import apply_order, restore_snapshot, section_snapshot
from canvas.fileformat.models import Canvas, new_canvas_id
from canvas.room import signal as room_signal
from canvas.room import state as rules
from canvas.room.state import (
    Applied,
    CanvasWrite,
    RoomError,
    RoomState,
    RoomView,
    Snapshot,
    VoteOption,
)
from canvas.store.rules.canvases import canvas_file_bytes
from canvas.store.rules.workshops import normalise_code


class CanvasOperations:
    """What every canvas store does the same way, in terms of its own ``load``, ``save``,
    ``create`` and ``load_revision``: written once for the folder and PostgreSQL."""

    def file_bytes(self, canvas_id: str) -> bytes:
        """The canvas as a file that imports again (what a download gives)."""
        return canvas_file_bytes(self.load(canvas_id))

    def duplicate(self, canvas_id: str, title: str) -> Canvas:
        source = self.load(canvas_id)
        return self.create(source.model_copy(update={"id": new_canvas_id(), "title": title}))

    def rename(self, canvas_id: str, title: str, expected_revision: int) -> Canvas:
        canvas = self.load(canvas_id)
        return self.save(canvas.model_copy(update={"title": title}), expected_revision)

    def restore(self, canvas_id: str, revision: int, expected_revision: int) -> Canvas:
        """Bring back an old revision as a new one, so the restore itself can be undone."""
        old = self.load_revision(canvas_id, revision)
        return self.save(old.model_copy(update={"revision": expected_revision}),
                         expected_revision)


#: How old a cached room may be when a polling screen reads it.
CACHE_SECONDS = 0.4
#: A learner's presence is written at most this often (online means seen within 60 s).
PRESENCE_EVERY = 20.0

_cache: dict[tuple[str, str], tuple[float, Snapshot]] = {}
_cache_guard = threading.Lock()
_presence_written: dict[tuple[str, str, str], float] = {}


class RoomOperations:
    """Every room operation, written once on top of a backend's three primitives."""

    #: Set by the backend: the store it belongs to and a key naming its location.
    store = None
    location = ""

    # -- the backend's part --------------------------------------------------------------
    def snapshot(self, code: str) -> Snapshot:
        """The room as stored, with its facilitator and members (no permission check:
        callers pass it through :func:`canvas.room.state.view_for`)."""
        raise NotImplementedError

    def change_room(self, code: str, rule: Callable[[Snapshot], RoomState]) -> Snapshot:
        """Apply ``rule`` to the room under the backend's lock; returns the new room."""
        raise NotImplementedError

    def record_presence(self, code: str, username: str, now: float) -> None:
        raise NotImplementedError

    def presence(self, code: str, username: str) -> dict[str, float]:
        """When each member was last seen; only for the workshop's facilitator."""
        raise NotImplementedError

    def send_signal(self, signal: str, version: int) -> None:
        """Move a change signal on every server (the folder's servers share the file)."""
        room_signal.publish(signal, version)

    # -- reading ---------------------------------------------------------------------------
    def state(self, code: str, username: str, max_age: float = 0.0) -> RoomView:
        """The room as ``username`` sees it. ``max_age`` > 0 lets a polling screen read
        this process's copy when it is younger than that."""
        code = normalise_code(code)
        key = (self.location, code)
        now = time.monotonic()
        cached = None
        if max_age > 0:
            with _cache_guard:
                cached = _cache.get(key)
        if cached is None or now - cached[0] > max_age:
            cached = (now, self.snapshot(code))
            with _cache_guard:
                _cache[key] = cached
        if not cached[1].state.signal and rules.may_read(cached[1], username):
            return self.apply(code, username, lambda room: rules.with_signal(room, username))
        return rules.view_for(cached[1], username)

    def online(self, code: str, username: str, now: float | None = None) -> set[str]:
        """Members whose screen polled within :data:`canvas.room.state.ONLINE_SECONDS`."""
        return rules.online(self.presence(code, username), time.time() if now is None else now)

    def seen(self, code: str, username: str, now: float | None = None) -> None:
        """A member's screen polled: recorded at most every :data:`PRESENCE_EVERY` s."""
        now = time.time() if now is None else now
        key = (self.location, normalise_code(code), username)
        if now - _presence_written.get(key, 0.0) < PRESENCE_EVERY:
            return
        view = self.state(code, username, max_age=CACHE_SECONDS)  # refuses outsiders
        del view
        self.record_presence(normalise_code(code), username, now)
        _presence_written[key] = now

    # -- changing --------------------------------------------------------------------------
    def apply(self, code: str, username: str, rule: Callable[[Snapshot], RoomState]
               ) -> RoomView:
        code = normalise_code(code)
        room = self.change_room(code, rule)
        room_signal.publish(room.state.signal, room.state.version)
        with _cache_guard:
            _cache[(self.location, code)] = (time.monotonic(), room)
        return rules.view_for(room, username)

    def set_step(self, code: str, username: str, step: str | None,
                 instruction: str = "") -> RoomView:
        return self.apply(code, username,
                           lambda room: rules.set_step(room, username, step, instruction))

    def timer(self, code: str, username: str, action: str,
              minutes: float | None = None) -> RoomView:
        """``action``: start (with ``minutes``), pause, resume, add_minute or stop."""
        return self.apply(code, username, lambda room: rules.change_timer(
            room, username, action, time.time(), minutes))

    def open_vote(self, code: str, username: str, section: str, options: list[VoteOption],
                  dots: int = rules.DEFAULT_DOTS, title: str = "", owner: str | None = None,
                  canvas_id: str | None = None) -> RoomView:
        """A vote on ``options``; with ``owner`` and ``canvas_id``, on that shared canvas's
        section (the canvas must be shared to the workshop, read by its facilitator)."""
        if owner is not None:
            self.store.workshops().shared_canvas(code, username, owner, canvas_id or "")
        return self.apply(code, username, lambda room: rules.open_vote(
            room, username, section, options, dots, title, owner, canvas_id))

    def cast(self, code: str, username: str, vote_id: str, option_id: str,
             delta: int) -> RoomView:
        return self.apply(code, username,
                           lambda room: rules.cast(room, username, vote_id, option_id, delta))

    def close_vote(self, code: str, username: str) -> RoomView:
        return self.apply(code, username, lambda room: rules.close_vote(room, username))

    def end_vote(self, code: str, username: str) -> RoomView:
        return self.apply(code, username, lambda room: rules.end_vote(room, username))

    def apply_vote(self, code: str, username: str) -> Canvas:
        """Write the closed vote's order into the owner's canvas (scores keep the order)."""
        vote = rules.applicable(self.snapshot(normalise_code(code)), username)
        if vote.applied is not None:
            raise RoomError("already_applied")
        canvas = self.store.workshops().shared_canvas(code, username, vote.owner,
                                                      vote.canvas_id)
        previous = [list(pair) for pair in section_snapshot(canvas, vote.section)]
        ordered = apply_order(canvas, vote.section, rules.vote_order(vote),
                              rules.vote_scores(vote))
        saved = self.store.canvases(vote.owner).save(ordered, expected_revision=canvas.revision)
        applied = Applied(revision=saved.revision, previous=previous)
        self._wrote(code, username, vote, applied, saved, "applied")
        return saved

    def undo_apply(self, code: str, username: str) -> Canvas:
        """Put back the order and scores the canvas had before the vote was applied,
        unless its owner changed it since (then nothing is written)."""
        vote = rules.applicable(self.snapshot(normalise_code(code)), username)
        if vote.applied is None:
            raise RoomError("not_applied")
        canvas = self.store.workshops().shared_canvas(code, username, vote.owner,
                                                      vote.canvas_id)
        if canvas.revision != vote.applied.revision:
            raise RoomError("changed_since")
        restored = restore_snapshot(canvas, vote.section,
                                    tuple(tuple(pair) for pair in vote.applied.previous))
        saved = self.store.canvases(vote.owner).save(restored,
                                                     expected_revision=canvas.revision)
        self._wrote(code, username, vote, None, saved, "undone")
        return saved

    def _wrote(self, code: str, username: str, vote, applied: Applied | None,
               saved: Canvas, action: str) -> None:
        write = CanvasWrite(owner=vote.owner, canvas_id=saved.id, revision=saved.revision,
                            action=action, section=vote.section)
        view = self.apply(code, username, lambda room: rules.record_write(
            rules.mark_applied(_same_vote(room, username, vote.id), applied), write))
        self.send_signal(room_signal.canvas_signal(view.signal, vote.owner, saved.id),
                     room_signal.stamp())

    def canvas_changed(self, code: str, username: str, owner: str, canvas_id: str) -> None:
        """Something the owner of a canvas shared to this room should see at once (a
        comment) changed: move the canvas's change signal. ``username``, who changed it,
        must be able to read the room."""
        view = self.state(code, username, max_age=CACHE_SECONDS)
        self.send_signal(room_signal.canvas_signal(view.signal, owner, canvas_id),
                     room_signal.stamp())


def _same_vote(room: Snapshot, username: str, vote_id: str) -> RoomState:
    """The room still holds the vote being applied (the facilitator may have opened
    another in a second tab meanwhile)."""
    rules.applicable(room, username)
    if room.state.vote.id != vote_id:
        raise RoomError("vote_closed")
    return room.state


def forget_cache() -> None:
    """Tests and benchmarks start from a cold cache."""
    with _cache_guard:
        _cache.clear()
    _presence_written.clear()
