"""Read-only links for a mentor: one canvas, no account, an expiry, a revoke.

After the workshop a learner asks a mentor for feedback. The mentor has no account and
should need none, so the learner hands out a link; the link must show that one canvas and
nothing else, and must stop working when the learner says so or when it expires. The rules
that make it safe live here and in the PostgreSQL twin (``canvas.store.pg_mentor``):

- the token is ``secrets.token_urlsafe(32)`` (256 random bits) and only its SHA-256 is
  stored, so a copy of the store opens nothing; hashes are compared in constant time;
- an optional password is hashed with the accounts' bcrypt; after
  :data:`MAX_PASSWORD_ATTEMPTS` wrong ones in a row the link rests for
  :data:`LOCK_MINUTES` minutes;
- a revoked, expired, unknown or malformed token all get the same refusal, so a guesser
  learns nothing; the canvas is read at each opening, so the mentor sees its current state.

The data-folder backend keeps every link in ``mentor_links.json`` under one lock.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, TypeAdapter, ValidationError

from canvas.accounts import check_password, hash_password
from canvas.models import Canvas, utc_now
from canvas.storage import (
    CanvasStore,
    StoreError,
    atomic_write,
    check_canvas_id,
    check_username,
    file_lock,
)
from canvas.validation import CanvasFileError

#: The expiries a learner chooses from, in days.
EXPIRY_DAYS = (1, 7, 30)
MAX_LABEL = 80
MAX_PASSWORD_ATTEMPTS = 5
LOCK_MINUTES = 15
#: What ``secrets.token_urlsafe(32)`` gives: 43 URL-safe characters.
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
#: The query parameter of a mentor link: ``<app url>/?mentor=TOKEN``.
MENTOR_PARAM = "mentor"


class MentorLinkError(StoreError):
    """Why a link opens nothing; ``code`` is one of the ``mentor.error.*`` keys below."""


INVALID = "mentor.error.invalid"
PASSWORD_NEEDED = "mentor.error.password_needed"
PASSWORD_WRONG = "mentor.error.password_wrong"
LOCKED = "mentor.error.locked"


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


_LINKS = TypeAdapter(list[MentorLink])


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def well_formed(token: str | None) -> bool:
    return isinstance(token, str) and bool(_TOKEN_RE.fullmatch(token))


def mentor_url(root: str, token: str) -> str:
    """``<root>/?mentor=TOKEN``, the address the learner hands to their mentor."""
    root = root if root.endswith("/") else root + "/"
    return f"{root}?{MENTOR_PARAM}={token}"


def new_link(owner: str, canvas_id: str, label: str, days: int, password: str | None,
             now: datetime | None = None) -> tuple[MentorLink, str]:
    """A link and its token (the token is given once, to be copied; only its hash stays)."""
    check_username(owner)
    check_canvas_id(canvas_id)
    label = (label or "").strip()
    if not label or len(label) > MAX_LABEL:
        raise StoreError("mentor.error.label", limit=MAX_LABEL)
    if days not in EXPIRY_DAYS:
        raise StoreError("mentor.error.expiry")
    now = now or utc_now()
    token = secrets.token_urlsafe(32)
    hashed = hash_password(password).decode("ascii") if password else None
    link = MentorLink(id=secrets.token_hex(6), owner=owner, canvas_id=canvas_id,
                      token_hash=token_hash(token), label=label, created_at=now,
                      expires_at=now + timedelta(days=days), password=hashed)
    return link, token


def admit(link: MentorLink | None, password: str | None, now: datetime) -> bool:
    """What can be told before any password is checked: raises for a link that opens
    nothing whatever the password, for a resting link and for a missing password; True
    when a password must be checked (claim a try first), False when none is needed."""
    if link is None or now >= link.expires_at:
        raise MentorLinkError(INVALID)
    if resting(link, now):
        raise MentorLinkError(LOCKED, minutes=LOCK_MINUTES)
    if not link.has_password:
        return False
    if not password:
        raise MentorLinkError(PASSWORD_NEEDED)
    return True


def resting(link: MentorLink, now: datetime) -> bool:
    return link.locked_until is not None and now < link.locked_until


def claim(link: MentorLink, now: datetime) -> tuple[MentorLink, str | None]:
    """Count a password try before it is checked: the link as stored after the claim, and
    ``LOCKED`` when the try is refused unchecked.

    ``failed_attempts`` counts the wrong tries and the ones still being checked, so a
    burst of guesses sent at once through many servers gets at most
    :data:`MAX_PASSWORD_ATTEMPTS` of them checked: the next one finds the count used up,
    starts the rest period and is refused (issue 22: 13 parallel tries used to be checked
    all, because each was counted only after its bcrypt check). Applied under the file
    lock on the data folder, on the row locked ``FOR UPDATE`` in PostgreSQL."""
    if link.locked_until is not None and not resting(link, now):  # the rest is over
        link = link.model_copy(update={"failed_attempts": 0, "locked_until": None})
    if resting(link, now):
        return link, LOCKED
    if link.failed_attempts >= MAX_PASSWORD_ATTEMPTS:
        return link.model_copy(update={"locked_until": now + timedelta(minutes=LOCK_MINUTES)}
                               ), LOCKED
    return link.model_copy(update={"failed_attempts": link.failed_attempts + 1}), None


def settle(link: MentorLink, ok: bool | None, now: datetime) -> tuple[MentorLink, str | None]:
    """The link after its password was checked (``ok``; None when it needs none) and the
    refusal, if any. A wrong try stays counted and the last allowed one starts the rest
    period. The right one opens and starts the count again, unless guesses checked at the
    same time made the link rest: a success never lifts a rest period."""
    if ok is False:
        if link.failed_attempts >= MAX_PASSWORD_ATTEMPTS and not resting(link, now):
            link = link.model_copy(
                update={"locked_until": now + timedelta(minutes=LOCK_MINUTES)})
        return link, LOCKED if resting(link, now) else PASSWORD_WRONG
    if resting(link, now):
        return link, LOCKED
    return link.model_copy(update={"failed_attempts": 0, "locked_until": None,
                                   "last_opened_at": now}), None


def refusal(code: str) -> MentorLinkError:
    return MentorLinkError(code, minutes=LOCK_MINUTES) if code == LOCKED else \
        MentorLinkError(code)


class MentorLinkStore:
    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / "mentor_links.json"
        self._lock_path = self.data_dir / ".locks" / "mentor_links.lock"

    def _read(self) -> list[MentorLink]:
        try:
            return _LINKS.validate_json(self.path.read_bytes())
        except (FileNotFoundError, ValidationError):
            return []

    def _write(self, links: list[MentorLink]) -> None:
        atomic_write(self.path, _LINKS.dump_json(links, indent=2), mode=0o600)

    def create(self, owner: str, canvas_id: str, label: str, days: int,
               password: str | None = None,
               now: datetime | None = None) -> tuple[MentorLink, str]:
        link, token = new_link(owner, canvas_id, label, days, password, now)
        if not CanvasStore(self.data_dir, owner).exists(canvas_id):
            raise StoreError("not_found")
        with file_lock(self._lock_path):
            self._write([*self._read(), link])
        return link, token

    def links(self, owner: str) -> list[MentorLink]:
        """The owner's links, newest first. A link whose canvas was deleted goes with it,
        as it does in PostgreSQL (there a foreign key removes it): it could open nothing,
        yet was listed as if it worked."""
        canvases = CanvasStore(self.data_dir, owner)
        mine = [x for x in self._read() if x.owner == owner]
        gone = {x.id for x in mine if not canvases.exists(x.canvas_id)}
        if gone:
            with file_lock(self._lock_path):
                self._write([x for x in self._read()
                             if not (x.owner == owner and x.id in gone)])
        return sorted((x for x in mine if x.id not in gone),
                      key=lambda x: x.created_at, reverse=True)

    def revoke(self, owner: str, link_id: str) -> None:
        with file_lock(self._lock_path):
            links = self._read()
            kept = [x for x in links if not (x.owner == owner and x.id == link_id)]
            if len(kept) == len(links):
                raise StoreError("mentor.error.no_link")
            self._write(kept)

    def _find(self, token: str) -> MentorLink | None:
        wanted = token_hash(token)
        found = None
        for link in self._read():  # every hash compared, in constant time each
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
            links = self._read()
            index = next((i for i, x in enumerate(links)
                          if hmac.compare_digest(x.token_hash, token_hash(token))), None)
            if index is None or now >= links[index].expires_at:
                raise MentorLinkError(INVALID)
            links[index], refused = rule(links[index], now)
            self._write(links)
        if refused:
            raise refusal(refused)
        return links[index]

    def forget_user(self, username: str) -> None:
        with file_lock(self._lock_path):
            links = self._read()
            kept = [x for x in links if x.owner != username]
            if len(kept) != len(links):
                self._write(kept)
