"""The data folder's live rooms: ``rooms/<code>.json`` beside ``workshops/<code>.json``.

Every room operation is :class:`canvas.store.operations.RoomOperations`; this module is
its three primitives for the data folder: ``rooms/<code>.json`` (written atomically under
a per-room lock) and ``rooms/<code>.presence.json`` (when each learner was last seen:
rewritten without fsync, since losing it in a crash loses nothing anyone needs).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from canvas.room.state import RoomError, RoomState, Snapshot
from canvas.store.folder.files import atomic_write, file_lock
from canvas.store.folder.workshops import WorkshopStore
from canvas.store.operations import RoomOperations
from canvas.store.rules.workshops import check_code, normalise_code


class FolderRooms(RoomOperations):
    """The data folder's rooms: ``rooms/<code>.json`` beside ``workshops/<code>.json``."""

    def __init__(self, store, data_dir: Path | str):
        self.store = store
        self.data_dir = Path(data_dir)
        self.location = str(self.data_dir.resolve())
        self.folder = self.data_dir / "rooms"
        self._workshops = WorkshopStore(self.data_dir)

    def _path(self, code: str, suffix: str = ".json") -> Path:
        check_code(code)  # refuses anything but a well-formed code
        return self.folder / f"{code}{suffix}"

    def _lock(self, code: str) -> Path:
        return self.data_dir / ".locks" / f"room-{code}.lock"

    def _read_state(self, code: str) -> RoomState:
        try:
            return RoomState.model_validate_json(self._path(code).read_bytes())
        except (FileNotFoundError, ValidationError):
            return RoomState()

    def snapshot(self, code: str) -> Snapshot:
        workshop = self._workshops.read(code)
        return Snapshot(facilitator=workshop.facilitator,
                        members=frozenset(workshop.members), state=self._read_state(code))

    def change_room(self, code: str, rule: Callable[[Snapshot], RoomState]) -> Snapshot:
        with file_lock(self._lock(code)):
            room = self.snapshot(code)
            state = rule(room)
            atomic_write(self._path(code), state.model_dump_json().encode("utf-8"))
        return Snapshot(facilitator=room.facilitator, members=room.members, state=state)

    def _read_presence(self, code: str) -> dict[str, float]:
        try:
            return {str(k): float(v) for k, v in
                    json.loads(self._path(code, ".presence.json").read_bytes()).items()}
        except (FileNotFoundError, ValueError, AttributeError, TypeError):
            return {}

    def record_presence(self, code: str, username: str, now: float) -> None:
        with file_lock(self._lock(code)):
            presence = self._read_presence(code)
            presence[username] = now
            path = self._path(code, ".presence.json")
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(presence), encoding="utf-8")
            os.replace(tmp, path)

    def presence(self, code: str, username: str) -> dict[str, float]:
        code = normalise_code(code)
        room = self.snapshot(code)
        if username != room.facilitator:
            raise RoomError("facilitator_only")
        return {user: seen for user, seen in self._read_presence(code).items()
                if user in room.members}
