"""Read-only links for a mentor: one canvas, no account, an expiry, a revoke.

After the workshop a learner asks a mentor for feedback. The mentor has no account and
should need none, so the learner hands out a link; the link must show that one canvas and
nothing else, and must stop working when the learner says so or when it expires. The rules
that make it safe live here, applied by both backends (:mod:`canvas.store.folder.mentor_links` and
:mod:`canvas.store.postgres.mentor_links`):

- the token is ``secrets.token_urlsafe(32)`` (256 random bits) and only its SHA-256 is
  stored, so a copy of the store opens nothing; hashes are compared in constant time;
- an optional password is hashed with the accounts' bcrypt; after
  :data:`MAX_PASSWORD_ATTEMPTS` wrong ones in a row the link rests for
  :data:`LOCK_MINUTES` minutes;
- a revoked, expired, unknown or malformed token all get the same refusal, so a guesser
  learns nothing; the canvas is read at each opening, so the mentor sees its current state.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from canvas.fileformat.models import utc_now
from canvas.store.errors import MentorLinkError, StoreError
from canvas.store.records import MAX_LABEL, MentorLink
from canvas.store.rules.accounts import hash_password
from canvas.store.rules.names import check_canvas_id, check_username

__all__ = ["EXPIRY_DAYS", "INVALID", "LOCK_MINUTES", "LOCKED", "MAX_LABEL",
           "MAX_PASSWORD_ATTEMPTS", "MENTOR_PARAM", "PASSWORD_NEEDED", "PASSWORD_WRONG",
           "TOKEN_RE", "MentorLinkError", "admit", "claim", "mentor_url", "new_link",
           "refusal", "resting", "settle", "token_hash", "well_formed"]

#: The expiries a learner chooses from, in days.
EXPIRY_DAYS = (1, 7, 30)
MAX_PASSWORD_ATTEMPTS = 5
LOCK_MINUTES = 15
#: What ``secrets.token_urlsafe(32)`` gives: 43 URL-safe characters.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
#: The query parameter of a mentor link: ``<app url>/?mentor=TOKEN``.
MENTOR_PARAM = "mentor"


INVALID = "mentor.error.invalid"
PASSWORD_NEEDED = "mentor.error.password_needed"
PASSWORD_WRONG = "mentor.error.password_wrong"
LOCKED = "mentor.error.locked"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def well_formed(token: str | None) -> bool:
    return isinstance(token, str) and bool(TOKEN_RE.fullmatch(token))


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
