"""Accounts in the data folder (``accounts.yaml``), safe when many sessions and servers act at once.

Every change is one check-and-write made under an exclusive file lock beside the file,
against what is on disk at that moment, never against a session's older copy: two people
registering one name at once get one account and one clear refusal; twenty wrong passwords
sent at once count twenty. bcrypt is slow on purpose, so hashing and checking happen
outside the lock and only the short read-modify-write happens inside it.

Logins fail closed: when the outcome of a password check cannot be written (a full or
read-only disk), the login is refused, so attempts can never go uncounted. Unknown names
cost the same bcrypt check as known ones, against a fixed dummy hash.

Each account carries a session generation. Every re-login cookie and every open session
carries the generation it was issued under; logging out, changing or resetting the password
and deleting the account move it on, which ends all of them on every server at their next
check. This module is the data-folder backend of :class:`canvas.store.base.AccountBackend`; the
rules it applies (hashing, lockout, rate limit) are :mod:`canvas.store.rules.accounts`.
"""

from __future__ import annotations

import copy
import os
import threading
import time
from pathlib import Path

import yaml

from canvas import config
from canvas.config import LOCKOUT_MINUTES, MAX_LOGIN_ATTEMPTS
from canvas.store.base import FACILITATOR, LEARNER
from canvas.store.errors import AccountError, StoreError
from canvas.store.folder.files import atomic_write, file_lock
from canvas.store.records import Login

# Through the module, so a test that slows or counts password checks sees every one.
from canvas.store.rules import accounts as rules
from canvas.store.rules.accounts import (
    display_name,
    generation_of,
    is_locked,
    lift_expired_lock,
    remaining_minutes,
)
from canvas.store.rules.names import check_username

# The libyaml parser and emitter are several times faster (every login writes the file);
# plain PyYAML is the fallback when the wheel was built without it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# A file changed this recently may change again within the same timestamp tick (coarse
# file-system clocks, an inode number reused by the next atomic rename), so its stamp
# cannot yet vouch for its content: such a file is parsed again rather than cached.
_SETTLE_NS = 2_000_000_000

_accounts_cache: dict[str, tuple[tuple[int, int, int], dict]] = {}
_accounts_guard = threading.Lock()


def parse_accounts(text: str) -> dict:
    """``accounts.yaml`` as ``{"credentials": {"usernames": {...}}}``."""
    data = yaml.load(text, Loader=_LOADER) or {}
    users = (data.get("credentials") or {}).get("usernames") or {}
    return {"credentials": {"usernames": users}}


def _remaining(entry: dict, now: float) -> int:
    return remaining_minutes(entry.get("locked_until"), now)


class AccountStore:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / "accounts.yaml"
        self._lock_path = self.data_dir / ".locks" / "accounts.lock"

    # -- reading -------------------------------------------------------------------------
    def _shared(self) -> dict:
        """The parsed file as cached for every session of this process: never mutate it.

        The login gate reads the accounts on every script run, and parsing grows with
        every registered account, so the file is parsed again only when its stamp
        changes. The stamp is taken from the open file itself, so it always describes the
        content read (writes replace the file by rename, never edit it in place).
        """
        key = str(self.path)
        try:
            with open(self.path, "rb") as handle:
                info = os.fstat(handle.fileno())
                stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
                with _accounts_guard:
                    cached = _accounts_cache.get(key)
                if cached is not None and cached[0] == stamp:
                    return cached[1]
                data = parse_accounts(handle.read().decode("utf-8"))
        except FileNotFoundError:
            return {"credentials": {"usernames": {}}}
        with _accounts_guard:
            if time.time_ns() - stamp[0] >= _SETTLE_NS:
                _accounts_cache[key] = (stamp, data)
            else:
                _accounts_cache.pop(key, None)
        return data

    def stored_users(self) -> dict:
        """The accounts as stored now: read-only (shared with other sessions)."""
        return self._shared()["credentials"]["usernames"]

    def _write(self, data: dict) -> None:
        text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=True)
        try:
            atomic_write(self.path, text.encode("utf-8"), mode=0o600)
        finally:
            # Whatever the stamps say, this process must not serve what it just replaced.
            with _accounts_guard:
                _accounts_cache.pop(str(self.path), None)

    def change(self, change):
        """Run ``change(users)`` on a private copy of the file as it is on disk now, under
        the lock, and write the result unless ``change`` raised. Returns what it returns."""
        with file_lock(self._lock_path):
            data = copy.deepcopy(self._shared())
            result = change(data["credentials"]["usernames"])
            self._write(data)
        return result

    def user(self, username: str) -> dict | None:
        """Profile, roles and preferences of one account; never its password hash."""
        entry = self.stored_users().get(username)
        if entry is None:
            return None
        return copy.deepcopy({k: v for k, v in entry.items() if k != "password"})

    def usernames(self) -> list[str]:
        return sorted(self.stored_users())

    def roles(self, username: str) -> list[str]:
        entry = self.stored_users().get(username) or {}
        return list(entry.get("roles") or [LEARNER])

    def lock_remaining_minutes(self, username: str) -> int:
        return _remaining(self.stored_users().get(username) or {}, time.time())

    def session_generation(self, username: str) -> int | None:
        entry = self.stored_users().get(username)
        return None if entry is None else generation_of(entry)

    # -- registration --------------------------------------------------------------------
    def _taken(self, users: dict, username: str, email: str) -> None:
        if any(name.casefold() == username.casefold() for name in users):
            raise AccountError("auth.error.username_taken")
        wanted = email.strip().casefold()
        if any(str(entry.get("email") or "").strip().casefold() == wanted
               for entry in users.values()):
            raise AccountError("auth.error.email_taken")

    def register(self, username: str, email: str, first_name: str, last_name: str,
                 password: str) -> None:
        """Create an account, or refuse with one sentence: never replace another one.

        The check made before hashing only spares a slow hash when the name is plainly
        taken; the check that counts is the one under the lock, against the file.
        """
        check_username(username)
        self._taken(self.stored_users(), username, email)
        rules.check_server_rate()
        hashed = rules.hash_password(password).decode("ascii")
        now = time.time()

        def insert(users: dict) -> None:
            self._taken(users, username, email)
            if len(users) >= config.max_accounts():
                raise AccountError("security.registration_full")
            hour_ago = now - 3600
            recent = sum(1 for entry in users.values()
                         if (entry.get("created_at") or 0) > hour_ago)
            if recent >= config.registrations_per_hour():
                raise AccountError("security.registration_busy")
            users[username] = {
                "email": email.strip(), "first_name": first_name.strip(),
                "last_name": last_name.strip(), "password": hashed,
                "roles": [FACILITATOR if not users else LEARNER],
                "created_at": int(now), "failed_login_attempts": 0,
                "session_generation": 0,
            }

        try:
            self.change(insert)
        except OSError:
            raise AccountError("security.store_unavailable") from None
        rules.record_server_registration()

    # -- logging in ----------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> Login:
        """Check a password. Every wrong one is counted from the stored value, under the
        lock; when that count (or the reset after a right one) cannot be written, the
        login is refused: there is no way to guess without being counted."""
        now = time.time()
        try:
            check_username(username)
            entry = self.stored_users().get(username)
        except StoreError:
            entry = None
        if entry is not None and is_locked(entry, now):
            raise AccountError("auth.error.locked", count=_remaining(entry, now))
        stored = str(entry.get("password") or "").encode("utf-8") if entry else rules.dummy_hash()
        right = rules.check_password(password, stored)
        if entry is None:
            raise AccountError("auth.error.wrong")

        def record(users: dict) -> Login | int:
            current = users.get(username)
            if current is None:
                raise AccountError("auth.error.wrong")
            lift_expired_lock(current, now)
            locked = is_locked(current, now)
            if right and current.get("password") == entry.get("password"):
                if locked:  # locked by guesses checked at the same time: no way through
                    raise AccountError("auth.error.locked",
                                       count=_remaining(current, now))
                current["failed_login_attempts"] = 0
                current["last_login_at"] = int(now)
                return Login(username, display_name(username, current),
                             generation_of(current))
            # A wrong guess checked before the lock was visible still counts.
            failed = int(current.get("failed_login_attempts") or 0) + 1
            current["failed_login_attempts"] = failed
            if failed >= MAX_LOGIN_ATTEMPTS and not locked:
                current["locked_until"] = now + LOCKOUT_MINUTES * 60
            return _remaining(current, now)

        try:
            outcome = self.change(record)
        except OSError:
            raise AccountError("security.login_unavailable") from None
        if isinstance(outcome, Login):
            return outcome
        if outcome:
            raise AccountError("auth.error.locked", count=outcome)
        raise AccountError("auth.error.wrong")

    # -- passwords and sessions ----------------------------------------------------------
    def _bump_generation(self, username: str, also=None) -> int:
        """End every cookie and open session of the user (their generation moves on),
        after ``also(entry)`` changed the entry under the same lock; returns the new
        generation."""
        def change(users: dict) -> int:
            entry = users.get(username)
            if entry is None:
                raise AccountError("security.unknown_user")
            if also is not None:
                also(entry)
            entry["session_generation"] = generation_of(entry) + 1
            return entry["session_generation"]

        try:
            return self.change(change)
        except OSError:
            raise AccountError("security.store_unavailable") from None

    def stored_hash(self, username: str) -> str | None:
        """The password hash as stored now (None when there is no such account)."""
        return (self.stored_users().get(username) or {}).get("password")

    def replace_hash(self, username: str, hashed: str, expected_hash: str | None) -> int:
        """Set a new hash (only over ``expected_hash`` when given), lift a lock and end
        every cookie and session; returns the new generation."""
        def set_hash(entry: dict) -> None:
            if expected_hash is not None and entry.get("password") != expected_hash:
                raise AccountError("auth.error.current_wrong")  # changed meanwhile
            entry["password"] = hashed
            entry["failed_login_attempts"] = 0
            entry.pop("locked_until", None)

        return self._bump_generation(username, set_hash)

    def change_password(self, username: str, current: str, new: str) -> int:
        """Check the current password (counted like a login), set the new one and end
        every other cookie and session. Returns the generation the caller now holds."""
        return rules.change_password(self, username, current, new)

    def reset_password(self, username: str, new: str) -> None:
        """A facilitator sets a new password: every cookie and open session of the user
        ends, and a lock from wrong guesses is lifted."""
        if username not in self.stored_users():
            raise AccountError("security.unknown_user")
        self.replace_hash(username, rules.hash_password(new).decode("ascii"), None)

    def revoke_sessions(self, username: str) -> int:
        """Logging out: every re-login cookie and open session of the user ends."""
        return self._bump_generation(username)

    # -- roles and preferences -----------------------------------------------------------
    def set_preference(self, username: str, key: str, value) -> None:
        if username not in self.stored_users():
            return

        def change(users: dict) -> None:
            entry = users.get(username)
            if entry is not None:
                entry.setdefault("preferences", {})[key] = value

        self.change(change)

    def set_roles(self, username: str, roles: list[str]) -> bool:
        """Facilitators can make another account a facilitator (or a learner again)."""
        if username not in self.stored_users():
            return False

        def change(users: dict) -> bool:
            entry = users.get(username)
            if entry is None:
                return False
            entry["roles"] = [r for r in roles if r in (FACILITATOR, LEARNER)] or [LEARNER]
            return True

        return self.change(change)

    # -- deletion ------------------------------------------------------------------------
    def deletion_refusal(self, username: str) -> AccountError | None:
        """Why this account cannot be deleted now, if it cannot: a room must keep a
        facilitator, so the last one hands the role on first."""
        users = self.stored_users()
        return _deletion_refusal(users, username)

    def delete_account(self, username: str) -> None:
        def change(users: dict) -> None:
            refusal = _deletion_refusal(users, username)
            if refusal is not None:
                raise refusal
            users.pop(username, None)

        try:
            self.change(change)
        except OSError:
            raise AccountError("security.store_unavailable") from None


def _deletion_refusal(users: dict, username: str) -> AccountError | None:
    entry = users.get(username)
    if entry is None:
        return AccountError("security.unknown_user")
    if FACILITATOR not in (entry.get("roles") or []):
        return None
    others = [name for name, other in users.items() if name != username]
    facilitators = [name for name in others
                    if FACILITATOR in (users[name].get("roles") or [])]
    if others and not facilitators:
        return AccountError("security.last_facilitator")
    return None
