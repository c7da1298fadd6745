"""The data folder's mentor links: every link in ``mentor_links.json`` under one lock.

The rules that make a link safe (only the token's hash stored, a password tried at most
:data:`~canvas.store.rules.mentor_links.MAX_PASSWORD_ATTEMPTS` times in a row, the same
refusal for every link that opens nothing) are :mod:`canvas.store.rules.mentor_links`;
this module applies them under the file lock. The data-folder backend of
:class:`canvas.store.base.MentorLinkBackend`.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from canvas.fileformat.models import Canvas, utc_now
from canvas.fileformat.validation import CanvasFileError
from canvas.store.errors import MentorLinkError, StoreError
from canvas.store.folder.canvases import CanvasStore
from canvas.store.folder.files import atomic_write, file_lock
from canvas.store.records import MentorLink
from canvas.store.rules.accounts import check_password
from canvas.store.rules.mentor_links import (
    INVALID,
    admit,
    claim,
    new_link,
    refusal,
    settle,
    token_hash,
    well_formed,
)

_LINKS = TypeAdapter(list[MentorLink])


class MentorLinkStore:
    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / "mentor_links.json"
        self._lock_path = self.data_dir / ".locks" / "mentor_links.lock"

    def lock(self):
        return file_lock(self._lock_path)

    def read(self) -> list[MentorLink]:
        """Every link as stored (the owner's check is the caller's)."""
        try:
            return _LINKS.validate_json(self.path.read_bytes())
        except (FileNotFoundError, ValidationError):
            return []

    def write(self, links: list[MentorLink]) -> None:
        atomic_write(self.path, _LINKS.dump_json(links, indent=2), mode=0o600)

    def create(self, owner: str, canvas_id: str, label: str, days: int,
               password: str | None = None,
               now: datetime | None = None) -> tuple[MentorLink, str]:
        link, token = new_link(owner, canvas_id, label, days, password, now)
        if not CanvasStore(self.data_dir, owner).exists(canvas_id):
            raise StoreError("not_found")
        with file_lock(self._lock_path):
            self.write([*self.read(), link])
        return link, token

    def links(self, owner: str) -> list[MentorLink]:
        """The owner's links, newest first. A link whose canvas was deleted goes with it,
        as it does in PostgreSQL (there a foreign key removes it): it could open nothing,
        yet was listed as if it worked."""
        canvases = CanvasStore(self.data_dir, owner)
        mine = [x for x in self.read() if x.owner == owner]
        gone = {x.id for x in mine if not canvases.exists(x.canvas_id)}
        if gone:
            with file_lock(self._lock_path):
                self.write([x for x in self.read()
                             if not (x.owner == owner and x.id in gone)])
        return sorted((x for x in mine if x.id not in gone),
                      key=lambda x: x.created_at, reverse=True)

    def revoke(self, owner: str, link_id: str) -> None:
        with file_lock(self._lock_path):
            links = self.read()
            kept = [x for x in links if not (x.owner == owner and x.id == link_id)]
            if len(kept) == len(links):
                raise StoreError("mentor.error.no_link")
            self.write(kept)

    def _find(self, token: str) -> MentorLink | None:
        wanted = token_hash(token)
        found = None
        for link in self.read():  # every hash compared, in constant time each
            if hmac.compare_digest(link.token_hash, wanted):
                found = link
        return found

    def open(self, token: str, password: str | None = None,
             now: datetime | None = None) -> Canvas:
        """The canvas behind ``token`` as it is now, or :class:`MentorLinkError`."""
        if not well_formed(token):
            raise MentorLinkError(INVALID)
        now = now or utc_now()
        checked = admit(self._find(token), password, now)
        if checked:
            claimed = self._update(token, now, claim)  # bcrypt below, outside the lock
            ok = check_password(password, claimed.password.encode("ascii"))
        else:
            ok = None
        link = self._update(token, now, lambda current, at: settle(current, ok, at))
        try:
            return CanvasStore(self.data_dir, link.owner).load(link.canvas_id)
        except (StoreError, CanvasFileError):
            raise MentorLinkError(INVALID) from None

    def _update(self, token: str, now: datetime, rule) -> MentorLink:
        """Apply ``rule(link, now) -> (link, refusal)`` to the stored link under the lock,
        write what it returns (a refusal may start a rest period) and raise the refusal."""
        with file_lock(self._lock_path):
            links = self.read()
            index = next((i for i, x in enumerate(links)
                          if hmac.compare_digest(x.token_hash, token_hash(token))), None)
            if index is None or now >= links[index].expires_at:
                raise MentorLinkError(INVALID)
            links[index], refused = rule(links[index], now)
            self.write(links)
        if refused:
            raise refusal(refused)
        return links[index]

    def forget_user(self, username: str) -> None:
        with file_lock(self._lock_path):
            links = self.read()
            kept = [x for x in links if x.owner != username]
            if len(kept) != len(links):
                self.write(kept)
