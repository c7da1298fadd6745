"""The account rules both backends apply: password hashing, lockout after wrong
passwords, this server's registration rate, and the change of a password.

bcrypt is slow on purpose, so a backend hashes and checks outside its lock (or
transaction) and records the outcome inside it. Unknown names cost the same bcrypt check
as known ones, against :data:`DUMMY_HASH`. Written once here so the data folder and
PostgreSQL cannot drift apart (issue 23: ``change_password`` was written twice).
"""

from __future__ import annotations

import collections
import os
import threading
import time

import bcrypt

from canvas import config
from canvas.store.errors import AccountError

#: Checked when the username is unknown, so that a miss costs a full bcrypt check too.
#: Its password is random and was thrown away; nothing can match it. The cost of new
#: hashes is config.bcrypt_rounds() (12, what streamlit-authenticator used; existing hashes
#: keep their own).
DUMMY_HASH = b"$2b$12$3wB8pyN35HGLqWE.vC8L4ugfoUPksrR/fjIKLDoSI5F5fncIq6gU6"
_dummy_hashes = {12: DUMMY_HASH}

# Registrations this process (this app server) accepted recently, for the per-server limit.
_recent_registrations: collections.deque[float] = collections.deque()
_recent_guard = threading.Lock()


# -- passwords -----------------------------------------------------------------------------

def _secret(password: str) -> bytes:
    """bcrypt reads 72 bytes. bcrypt 5 refuses longer input instead of cutting it as
    earlier versions did silently (and as the stored hashes were made), so cut it here:
    a 128-character passphrase must register and log in, not raise."""
    return password.encode("utf-8")[:72]


def hash_password(password: str) -> bytes:
    return bcrypt.hashpw(_secret(password), bcrypt.gensalt(config.bcrypt_rounds()))


def dummy_hash() -> bytes:
    """A hash of the configured cost that no password matches (see :data:`DUMMY_HASH`)."""
    rounds = config.bcrypt_rounds()
    if rounds not in _dummy_hashes:
        _dummy_hashes[rounds] = bcrypt.hashpw(os.urandom(16).hex().encode(),
                                              bcrypt.gensalt(rounds))
    return _dummy_hashes[rounds]


def check_password(password: str, hashed: bytes) -> bool:
    try:
        return bcrypt.checkpw(_secret(password), hashed)
    except ValueError:  # a damaged hash in the store never matches
        return False


# -- the account as the session sees it ------------------------------------------------------

def generation_of(entry: dict) -> int:
    """The account's session generation. Accounts written before generations existed
    start at 1 when they had logged out, so cookies from before that logout stay refused."""
    value = entry.get("session_generation")
    if isinstance(value, int):
        return value
    return 1 if entry.get("logged_out_at") else 0


def display_name(username: str, entry: dict) -> str:
    name = f"{entry.get('first_name') or ''} {entry.get('last_name') or ''}".strip()
    return name or username


# -- lockout after wrong passwords ---------------------------------------------------------

def is_locked(entry: dict, now: float) -> bool:
    """The account rests after too many wrong passwords (``locked_until`` is ahead)."""
    until = entry.get("locked_until")
    return bool(until) and until > now


def lift_expired_lock(entry: dict, now: float) -> None:
    """A lock that ran out is lifted and the count starts again (``entry`` changed)."""
    until = entry.get("locked_until")
    if until and until <= now:
        entry["failed_login_attempts"] = 0
        entry.pop("locked_until", None)


def remaining_minutes(locked_until: float | None, now: float) -> int:
    """Whole minutes, rounded up, until a lock ends (0 when there is none)."""
    if not locked_until:
        return 0
    return max(0, int((locked_until - now + 59) // 60))


# -- this server's registration rate ---------------------------------------------------------

def check_server_rate() -> None:
    """At most ``VPC_REGISTRATIONS_PER_MINUTE`` new accounts a minute on this server."""
    now = time.monotonic()
    with _recent_guard:
        while _recent_registrations and _recent_registrations[0] <= now - 60:
            _recent_registrations.popleft()
        if len(_recent_registrations) >= config.registrations_per_minute():
            raise AccountError("security.registration_busy")


def record_server_registration() -> None:
    """Count an account this server just registered."""
    with _recent_guard:
        _recent_registrations.append(time.monotonic())


def forget_server_registrations() -> None:
    """Start this server's count again (tests and benchmarks register many accounts)."""
    with _recent_guard:
        _recent_registrations.clear()


# -- changing a password ---------------------------------------------------------------------

def change_password(accounts, username: str, current: str, new: str) -> int:
    """Check the current password (counted like a login), set the new one and end every
    other cookie and session; returns the generation the caller now holds.

    ``accounts`` is a backend's account store: its ``authenticate``, ``stored_hash``
    (the hash as stored now, None for no account) and ``replace_hash`` (which refuses
    with ``auth.error.current_wrong`` if the hash changed meanwhile)."""
    try:
        accounts.authenticate(username, current)
    except AccountError as exc:
        if exc.code == "auth.error.wrong":
            raise AccountError("auth.error.current_wrong") from None
        raise
    old_hash = accounts.stored_hash(username)
    if old_hash is None:
        raise AccountError("security.unknown_user")
    return accounts.replace_hash(username, hash_password(new).decode("ascii"), old_hash)
