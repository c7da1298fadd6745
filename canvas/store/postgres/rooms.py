"""The live room in PostgreSQL: the same rules as the data folder, for several servers.

A room is one row of ``room_state`` (the state document as text, exactly what the folder
writes) and a row per learner in ``room_presence``. A change locks the room's row
(``SELECT ... FOR UPDATE``) before reading it, so two servers spending a learner's last
dot at the same moment are serialised and the second one finds the budget spent. A read
is one statement joining the workshop (facilitator and members) to its room. A canvas's
change signal (:meth:`send_signal`) goes through the same ``NOTIFY`` as the room's.
"""

from __future__ import annotations

from collections.abc import Callable

from canvas.room import signal as room_signal
from canvas.room.state import RoomError, RoomState, Snapshot
from canvas.store.errors import WorkshopError
from canvas.store.operations import RoomOperations
from canvas.store.rules.workshops import check_code, normalise_code

_READ = ("SELECT w.facilitator, ARRAY(SELECT m.username FROM workshop_members m "
         "WHERE m.code = w.code), r.body FROM workshops w "
         "LEFT JOIN room_state r ON r.code = w.code WHERE w.code = %s")


def _snapshot(row) -> Snapshot:
    if row is None:
        raise WorkshopError("workshop_not_found")
    facilitator, members, body = row
    state = RoomState.model_validate_json(body) if body else RoomState()
    return Snapshot(facilitator=facilitator, members=frozenset(members or ()), state=state)


class PostgresRooms(RoomOperations):
    def __init__(self, backend):
        self.store = backend
        self.location = backend.url
        room_signal.listen(backend.url)

    def snapshot(self, code: str) -> Snapshot:
        check_code(code)
        return _snapshot(self.store.run(lambda cur: cur.execute(_READ, (code,)).fetchone()))

    def change_room(self, code: str, rule: Callable[[Snapshot], RoomState]) -> Snapshot:
        check_code(code)

        def change(cur) -> Snapshot:
            cur.execute("INSERT INTO room_state (code, body) SELECT code, '' FROM workshops "
                        "WHERE code = %s ON CONFLICT (code) DO NOTHING", (code,))
            cur.execute("SELECT 1 FROM room_state WHERE code = %s FOR UPDATE", (code,))
            room = _snapshot(cur.execute(_READ, (code,)).fetchone())
            state = rule(room)
            cur.execute("UPDATE room_state SET body = %s WHERE code = %s",
                        (state.model_dump_json(), code))
            # Every server writes the change signal for its own browsers (room_signal).
            cur.execute("SELECT pg_notify(%s, %s)",
                        (room_signal.CHANNEL, f"{state.signal}:{state.version}"))
            return Snapshot(facilitator=room.facilitator, members=room.members, state=state)

        return self.store.run(change)

    def send_signal(self, signal: str, version: int) -> None:
        room_signal.publish(signal, version)
        self.store.run(lambda cur: cur.execute(
            "SELECT pg_notify(%s, %s)", (room_signal.CHANNEL, f"{signal}:{version}")))

    def record_presence(self, code: str, username: str, now: float) -> None:
        self.store.run(lambda cur: cur.execute(
            "INSERT INTO room_presence (code, username, seen_at) SELECT %s, %s, %s "
            "WHERE EXISTS (SELECT 1 FROM workshops WHERE code = %s) "
            "ON CONFLICT (code, username) DO UPDATE SET seen_at = EXCLUDED.seen_at",
            (code, username, now, code)))

    def presence(self, code: str, username: str) -> dict[str, float]:
        code = normalise_code(code)
        room = self.snapshot(code)
        if username != room.facilitator:
            raise RoomError("facilitator_only")
        rows = self.store.run(lambda cur: cur.execute(
            "SELECT p.username, p.seen_at FROM room_presence p JOIN workshop_members m "
            "ON m.code = p.code AND m.username = p.username WHERE p.code = %s",
            (code,)).fetchall())
        return {username: float(seen) for username, seen in rows}
