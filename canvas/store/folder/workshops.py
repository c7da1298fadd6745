"""Workshops: a facilitator's room, joined with a short code, where learners share canvases.

Privacy is the rule this module exists to enforce: a learner sees only their own canvases
and the workshops they joined; only the facilitator of a workshop can read what was shared
to it, and only while it stays shared. Every read of a learner's canvas goes through
:meth:`WorkshopStore.shared_canvas`, which checks both.

One JSON file per workshop under ``workshops/<code>.json``, written atomically under a
lock, like canvases. This is the data-folder backend of
:class:`canvas.store.base.WorkshopBackend`; wrong codes are counted in
``join_attempts.json`` (:mod:`canvas.store.folder.join_attempts`).
"""

from __future__ import annotations

import time
from pathlib import Path

from pydantic import ValidationError

from canvas.fileformat.models import Canvas, utc_now
from canvas.fileformat.validation import CanvasFileError
from canvas.store.errors import StoreError, WorkshopError
from canvas.store.folder.canvases import CanvasStore
from canvas.store.folder.files import atomic_write, file_lock
from canvas.store.folder.join_attempts import JoinAttemptsFile
from canvas.store.records import Share, Workshop
from canvas.store.rules.join_attempts import RESTING, after_wrong, rest_minutes
from canvas.store.rules.names import check_canvas_id, check_username
from canvas.store.rules.workshops import check_code, new_code, normalise_code


class WorkshopStore:
    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        self.folder = self.data_dir / "workshops"
        self._lock_path = self.data_dir / ".locks" / "workshops.lock"
        self.tries = JoinAttemptsFile(self.data_dir)

    def path(self, code: str) -> Path:
        """The workshop's file (``workshop_not_found`` for a malformed code)."""
        return self.folder / f"{check_code(code)}.json"

    def read(self, code: str) -> Workshop:
        """The workshop as stored, without any permission check (the folder's other
        stores check their own: rooms, comments, presenting)."""
        try:
            return Workshop.model_validate_json(self.path(code).read_bytes())
        except (FileNotFoundError, ValidationError):
            raise WorkshopError("workshop_not_found") from None

    def write(self, workshop: Workshop) -> None:
        atomic_write(self.path(workshop.code),
                     workshop.model_dump_json(indent=2).encode("utf-8"))

    def lock(self):
        """The workshops' lock: membership, shares, comments and join attempts."""
        return file_lock(self._lock_path)

    def all(self) -> list[Workshop]:
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                out.append(Workshop.model_validate_json(path.read_bytes()))
            except ValidationError:
                continue
        return out

    # -- facilitator -------------------------------------------------------------------
    def create(self, name: str, facilitator: str) -> Workshop:
        check_username(facilitator)
        name = name.strip()
        if not name:
            raise WorkshopError("workshop_name_missing")
        with file_lock(self._lock_path):
            for _ in range(20):
                code = new_code()
                if not self.path(code).exists():
                    break
            workshop = Workshop(code=code, name=name[:120], facilitator=facilitator,
                                created_at=utc_now())
            self.write(workshop)
        return workshop

    def facilitated_by(self, username: str) -> list[Workshop]:
        return sorted((w for w in self.all() if w.facilitator == username),
                      key=lambda w: w.created_at, reverse=True)

    def delete(self, code: str, facilitator: str) -> None:
        with file_lock(self._lock_path):
            workshop = self.read(code)
            if workshop.facilitator != facilitator:
                raise WorkshopError("workshop_not_found")
            self.path(code).unlink()

    def shared_canvas(self, code: str, facilitator: str, owner: str, canvas_id: str) -> Canvas:
        """The only door to another user's canvas: facilitator of the workshop, still shared."""
        workshop = self.read(normalise_code(code))
        if workshop.facilitator != facilitator:
            raise WorkshopError("workshop_not_found")
        if not any(s.username == owner and s.canvas_id == canvas_id for s in workshop.shares):
            raise WorkshopError("not_shared")
        return CanvasStore(self.data_dir, owner).load(canvas_id)

    def gallery(self, code: str, facilitator: str) -> list[tuple[Share, Canvas]]:
        """Every canvas shared to the workshop that still exists, newest share first."""
        workshop = self.read(normalise_code(code))
        if workshop.facilitator != facilitator:
            raise WorkshopError("workshop_not_found")
        out = []
        for share in sorted(workshop.shares, key=lambda s: s.shared_at, reverse=True):
            try:
                canvas = CanvasStore(self.data_dir, share.username).load(share.canvas_id)
            except (StoreError, CanvasFileError):
                continue  # deleted by its owner since: it simply leaves the gallery
            out.append((share, canvas))
        return out

    # -- learner -------------------------------------------------------------------------
    def join(self, code: str, username: str, now: float | None = None) -> Workshop:
        """Join with a code, or refuse: an unknown code is counted for the account, and
        an account resting after too many wrong codes is refused whatever the code
        (:mod:`canvas.store.rules.join_attempts`), all under the lock."""
        check_username(username)
        code = normalise_code(code)
        now = time.time() if now is None else now
        with file_lock(self._lock_path):
            everyone = self.tries.read()
            tries = everyone.get(username)
            if minutes := rest_minutes(tries, now):
                raise WorkshopError(RESTING, minutes=minutes)
            try:
                workshop = self.read(code)
            except WorkshopError:
                everyone[username] = after_wrong(tries, now)
                self.tries.write(everyone)
                if minutes := rest_minutes(everyone[username], now):
                    raise WorkshopError(RESTING, minutes=minutes) from None
                raise
            if username != workshop.facilitator and username not in workshop.members:
                workshop.members[username] = utc_now()
                self.write(workshop)
        return workshop

    def joined_by(self, username: str) -> list[Workshop]:
        return sorted((w for w in self.all() if username in w.members),
                      key=lambda w: w.members[username], reverse=True)

    def leave(self, code: str, username: str) -> None:
        with file_lock(self._lock_path):
            workshop = self.read(normalise_code(code))
            workshop.members.pop(username, None)
            workshop.shares = [s for s in workshop.shares if s.username != username]
            self.write(workshop)

    def share(self, code: str, username: str, canvas_id: str) -> None:
        check_canvas_id(canvas_id)
        if not CanvasStore(self.data_dir, username).exists(canvas_id):
            raise WorkshopError("not_found")
        with file_lock(self._lock_path):
            workshop = self.read(normalise_code(code))
            if username not in workshop.members:
                raise WorkshopError("not_member")
            if not any(s.username == username and s.canvas_id == canvas_id
                       for s in workshop.shares):
                workshop.shares.append(Share(username=username, canvas_id=canvas_id,
                                             shared_at=utc_now()))
                self.write(workshop)

    def unshare(self, code: str, username: str, canvas_id: str) -> None:
        with file_lock(self._lock_path):
            workshop = self.read(normalise_code(code))
            workshop.shares = [s for s in workshop.shares
                               if not (s.username == username and s.canvas_id == canvas_id)]
            self.write(workshop)

    def forget_user(self, username: str) -> None:
        """An account is deleted: its memberships and shares go, and so do the workshops
        it ran (their learners keep their own canvases)."""
        with file_lock(self._lock_path):
            everyone = self.tries.read()
            if everyone.pop(username, None) is not None:
                self.tries.write(everyone)
            for workshop in self.all():
                if workshop.facilitator == username:
                    self.path(workshop.code).unlink(missing_ok=True)
                    continue
                if username in workshop.members or workshop.shares_of(username):
                    workshop.members.pop(username, None)
                    workshop.shares = [s for s in workshop.shares if s.username != username]
                    self.write(workshop)

    def set_shares(self, code: str, username: str, canvas_ids: list[str]) -> None:
        """Make exactly these canvases shared (the multiselect in the UI)."""
        wanted = set(canvas_ids)
        workshop = self.read(normalise_code(code))
        current = {s.canvas_id for s in workshop.shares_of(username)}
        for canvas_id in wanted - current:
            self.share(code, username, canvas_id)
        for canvas_id in current - wanted:
            self.unshare(code, username, canvas_id)

