"""The owner's open board follows what the facilitator does to her canvas (issue 21).

The facilitator applies the room's vote to a learner's canvas, takes it back, or writes a
comment on it, from the projector or the gallery, on whichever app server. The learner's
board is a fragment that reran only on her own clicks, so it kept the old order and her
next edit was refused as if she had changed the canvas "in another tab or window".

Now the board's fragment listens to the canvas's change signal in each room the canvas is
shared to (:func:`canvas.room.signal.canvas_signal`: a static file per canvas and room,
moved by the store on apply, undo and comment, carried across servers by PostgreSQL's
NOTIFY like the room's own signal). The browser reads it every 1.6 s
(``assets/live/canvas_signal.js``) and reruns the fragment only when it moved: the new
order, the comment's badge and the comment list arrive within 2 s, and nothing else of
the page reruns, so a note being typed keeps its text and focus. The cost is one more
static read per open board of a shared canvas every 1.6 s (about 2 ms of server time
each, as measured for the room's signal in canvas/room/signal.py); a board of a canvas
shared nowhere reads nothing.

The signal files are read before the store (:func:`listen_state`): a change that lands
between the two reads is seen by the store read and asked for once more by the browser,
never missed. The room also records which revisions the facilitator wrote
(:func:`outside_gap`), so the page can say who changed the canvas and rebase the owner's
own edits instead of blaming another tab (:mod:`canvas.room.outside_writes`).
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from canvas.room import outside_writes
from canvas.room import signal as room_signal
from canvas.room.state import CanvasWrite
from canvas.store import StoreError
from canvas.store.operations import CACHE_SECONDS
from canvas.ui.shell import session

#: How long the rooms a canvas is shared to are remembered before they are looked up again.
FOLLOW_SECONDS = 15.0
ASSETS = Path(__file__).resolve().parents[3] / "assets" / "live"

_component = st.components.v2.component(
    "vpc_canvas_signal", html="",
    js=(ASSETS / "canvas_signal.js").read_text(encoding="utf-8"))


def _rooms(canvas_id: str) -> list[str]:
    """The workshops the user shares this canvas with (remembered for FOLLOW_SECONDS)."""
    user = session.current_user()
    if user is None:
        return []
    memo = session.cache("canvas_live")
    key = (user.username, canvas_id)
    found = memo.get(key)
    if found and found[0] > time.monotonic():
        return found[1]
    try:
        codes = [w.code for w in session.workshops().joined_by(user.username)
                 if any(s.username == user.username and s.canvas_id == canvas_id
                        for s in w.shares)]
    except StoreError:
        codes = []
    memo[key] = (time.monotonic() + FOLLOW_SECONDS, codes)
    return codes


def _views(canvas_id: str, max_age: float):
    user = session.current_user()
    room = session.backend().room()
    for code in _rooms(canvas_id):
        try:
            yield room.state(code, user.username, max_age=max_age)
        except StoreError:
            continue


def listen_state(canvas_id: str) -> list[dict]:
    """The canvas's signals and the values this server holds now: read BEFORE the canvas."""
    user = session.current_user()
    if user is None:
        return []
    names = [room_signal.canvas_signal(view.signal, user.username, canvas_id)
             for view in _views(canvas_id, CACHE_SECONDS) if view.signal]
    return [{"url": room_signal.url_path(name), "v": room_signal.read(name)} for name in names]


def watch(canvas_id: str, signals: list[dict]) -> None:
    """Inside the board's fragment: rerun it when one of the signals moves on."""
    if signals:
        _component(key=f"vpc_canvas_signal_{canvas_id}", data={"signals": signals},
                   default=None, on_moved_change=lambda: None)


def outside_gap(canvas_id: str, after: int, upto: int) -> list[CanvasWrite] | None:
    """The facilitator's writes that make up revisions ``after+1 .. upto`` of this user's
    canvas, or None when someone else (another tab) wrote one of them."""
    if upto <= after:
        return None
    writes = [w for view in _views(canvas_id, 0) for w in view.writes]
    return outside_writes.explained(sorted(writes, key=lambda w: w.revision), canvas_id,
                                    after, upto)


def sentence(t, gap: list[CanvasWrite]) -> str:
    """Who changed the canvas, in one sentence."""
    write = outside_writes.latest(gap)
    return t(f"live_reach.{write.action}", section=t(f"section.{write.section}"))
