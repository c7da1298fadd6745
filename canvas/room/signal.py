"""The room's change signal: a tiny file per room that browsers poll instead of the app.

Measured with ``bench/bench_room.py`` (30 followers, 2-core machine): a Streamlit
fragment rerun costs the server about 3.3 ms, so thirty banners asking every second cost
12.6 % of a core, more than twice the budget of 5 %, and asking every 2 s would miss the
2 s delivery target. Reading a static file costs the server about 2 ms (Streamlit's HTTP
stack, no script run), so each banner asks for ``/app/static/room/<signal>.json`` every
1.6 s and reruns its fragment only when the version in it moved on; the fragment itself
still reruns every 30 s to record presence. The margin is thin: reading the signal less
often, or serving it from the reverse proxy in front of the app servers (nginx serves a
static file for a fraction of that), are the two ways to buy more.
Five minutes of 30 followers: 4.7 % of a core over idle pages, p95 delay 1.53 s (the
figures are in :mod:`canvas.ui.projector.room_banner`).

The file holds the room's version number and nothing else, under a random 128-bit name
that only members learn (it comes with the room's state, which only members may read).
Every change through the data folder writes it at once. With PostgreSQL the change may
have happened on another app server, so each change also sends ``NOTIFY vpc_room`` in its
transaction, and every server listens (:func:`listen`) and writes the file on its side.

A shared canvas has a signal of its own in each room it is shared to (issue 21): the
facilitator applying a vote to it, taking the vote back or commenting on it moves
:func:`canvas_signal`, and the owner's open board redraws within 2 s without rerunning
for every step or timer change of the room. Its name is derived from the room's secret
name, so only members can compute it; its content is a time stamp (:func:`stamp`), and a
page compares the file with the value it had when it last drew (:func:`read`), not with
anything in the store: the owner's own saves never move it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Served by Streamlit at ``/app/static/room/`` (``server.enableStaticServing``).
SIGNAL_DIR = ROOT / "static" / "room"
CHANNEL = "vpc_room"
NAME_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
log = logging.getLogger(__name__)


def url_path(signal: str) -> str:
    return f"app/static/room/{signal}.json"


_publish_guard = threading.Lock()


def publish(signal: str, version: int) -> None:
    """Write the room's version (rename over the old file: a reader never sees half).

    Versions only go up: a server writes its own change at once and hears every change
    again through PostgreSQL's NOTIFY, so the listener may bring the apply's version after
    the undo's was written (CI saw the signal of an undone vote fall back to the apply's,
    and a page watching it would have missed the undo). An older version is dropped."""
    if not NAME_RE.fullmatch(signal or ""):
        return
    with _publish_guard:
        current = read(signal)
        if current is not None and current >= int(version):
            return
        SIGNAL_DIR.mkdir(parents=True, exist_ok=True)
        target = SIGNAL_DIR / f"{signal}.json"
        tmp = SIGNAL_DIR / f".{signal}.{os.getpid()}.{threading.get_ident()}.tmp"
        tmp.write_text(json.dumps({"v": int(version)}), encoding="utf-8")
        os.replace(tmp, target)


def canvas_signal(room: str, owner: str, canvas_id: str) -> str:
    """The change signal of ``owner``'s canvas in the room whose signal is ``room``."""
    digest = hashlib.sha256(f"{room}\n{owner}\n{canvas_id}".encode()).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode("ascii")


_last_stamp = 0
_stamp_guard = threading.Lock()


def stamp() -> int:
    """A canvas signal's next value: milliseconds, always above this process's last one
    (two changes within one millisecond, an undo right after an apply, once gave the same
    value, and a page watching the signal missed the second)."""
    global _last_stamp
    with _stamp_guard:
        _last_stamp = max(time.time_ns() // 1_000_000, _last_stamp + 1)
        return _last_stamp


def read(signal: str) -> int | None:
    """The version this server's copy of the signal holds (None: never written)."""
    if not NAME_RE.fullmatch(signal or ""):
        return None
    try:
        return int(json.loads((SIGNAL_DIR / f"{signal}.json").read_text("utf-8"))["v"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


_listening: set[str] = set()
_listening_guard = threading.Lock()


def listen(url: str) -> None:
    """Once per process and database: a thread that writes the signal of every change
    any server commits (``NOTIFY vpc_room, '<signal>:<version>'``)."""
    with _listening_guard:
        if url in _listening:
            return
        _listening.add(url)
    threading.Thread(target=_listen_forever, args=(url,), name="vpc-room-listen",
                     daemon=True).start()


def _listen_forever(url: str) -> None:
    # psycopg (0.14 s to import) loads when a server listens to PostgreSQL; a data folder never
    # needs it.
    import psycopg

    pause = 0.5
    while True:
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f"LISTEN {CHANNEL}")
                pause = 0.5
                for note in conn.notifies():
                    signal, _, version = note.payload.partition(":")
                    if version.isdigit():
                        publish(signal, int(version))
        except Exception as exc:  # noqa: BLE001 - the listener outlives a database restart
            # Said once per outage; the banners' own 30 s rerun covers the gap.
            (log.warning if pause == 0.5 else log.debug)(
                "room signal listener reconnecting: %s", exc)
            time.sleep(pause)
            pause = min(pause * 2, 10.0)
