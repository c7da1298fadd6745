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
check. This module is the data-folder backend of :class:`canvas.store.AccountBackend`.
"""

from __future__ import annotations

import collections
import copy
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import bcrypt
import yaml

from canvas import config
from canvas.config import LOCKOUT_MINUTES, MAX_LOGIN_ATTEMPTS
from canvas.storage import StoreError, atomic_write, check_username, file_lock
from canvas.store.contract import FACILITATOR, LEARNER

__all__ = ["FACILITATOR", "LEARNER", "AccountError", "AccountStore", "Login"]

#: Cost of new hashes (what streamlit-authenticator used; existing hashes keep their own).
#: Checked when the username is unknown, so that a miss costs a full bcrypt check too.
#: Its password is random and was thrown away; nothing can match it.
DUMMY_HASH = b"$2b$12$3wB8pyN35HGLqWE.vC8L4ugfoUPksrR/fjIKLDoSI5F5fncIq6gU6"
_dummy_hashes = {12: DUMMY_HASH}

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

# Registrations this process (this app server) accepted recently, for the per-server limit.
_recent_registrations: collections.deque[float] = collections.deque()
_recent_guard = threading.Lock()


class AccountError(StoreError):
    """A refusal phrased by one catalog key (plural when ``count`` is given)."""

    def __init__(self, key: str, count: int | None = None, **params):
        self.count = count
        super().__init__(key, **params)

    def message(self, t) -> str:
        if self.count is not None:
            return t.plural(self.code, self.count)
        return t(self.code, **self.params)


@dataclass(frozen=True)
class Login:
    username: str
    name: str
    generation: int


def _parse(text: str) -> dict:
    data = yaml.load(text, Loader=_LOADER) or {}
    users = (data.get("credentials") or {}).get("usernames") or {}
    return {"credentials": {"usernames": users}}


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
    except ValueError:  # a damaged hash in the file never matches
        return False


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


def _locked(entry: dict, now: float) -> bool:
    until = entry.get("locked_until")
    return bool(until) and until > now


def _lift_expired_lock(entry: dict, now: float) -> None:
    until = entry.get("locked_until")
    if until and until <= now:
        entry["failed_login_attempts"] = 0
        entry.pop("locked_until", None)


def _remaining_minutes(entry: dict, now: float) -> int:
    until = entry.get("locked_until")
    if not until:
        return 0
    return max(0, int((until - now + 59) // 60))


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
                data = _parse(handle.read().decode("utf-8"))
        except FileNotFoundError:
            return {"credentials": {"usernames": {}}}
        with _accounts_guard:
            if time.time_ns() - stamp[0] >= _SETTLE_NS:
                _accounts_cache[key] = (stamp, data)
            else:
                _accounts_cache.pop(key, None)
        return data

    def _users(self) -> dict:
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

    def _change(self, change):
        """Run ``change(users)`` on a private copy of the file as it is on disk now, under
        the lock, and write the result unless ``change`` raised. Returns what it returns."""
        with file_lock(self._lock_path):
            data = copy.deepcopy(self._shared())
            result = change(data["credentials"]["usernames"])
            self._write(data)
        return result

    def user(self, username: str) -> dict | None:
        """Profile, roles and preferences of one account; never its password hash."""
        entry = self._users().get(username)
        if entry is None:
            return None
        return copy.deepcopy({k: v for k, v in entry.items() if k != "password"})

    def usernames(self) -> list[str]:
        return sorted(self._users())

    def roles(self, username: str) -> list[str]:
        entry = self._users().get(username) or {}
        return list(entry.get("roles") or [LEARNER])

    def lock_remaining_minutes(self, username: str) -> int:
        return _remaining_minutes(self._users().get(username) or {}, time.time())

    def session_generation(self, username: str) -> int | None:
        entry = self._users().get(username)
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
        self._taken(self._users(), username, email)
        _check_server_rate()
        hashed = hash_password(password).decode("ascii")
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
            self._change(insert)
        except OSError:
            raise AccountError("security.store_unavailable") from None
        _record_server_registration(now)

    # -- logging in ----------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> Login:
        """Check a password. Every wrong one is counted from the stored value, under the
        lock; when that count (or the reset after a right one) cannot be written, the
        login is refused: there is no way to guess without being counted."""
        now = time.time()
        try:
            check_username(username)
            entry = self._users().get(username)
        except StoreError:
            entry = None
        if entry is not None and _locked(entry, now):
            raise AccountError("auth.error.locked", count=_remaining_minutes(entry, now))
        stored = str(entry.get("password") or "").encode("utf-8") if entry else dummy_hash()
        right = check_password(password, stored)
        if entry is None:
            raise AccountError("auth.error.wrong")

        def record(users: dict) -> Login | int:
            current = users.get(username)
            if current is None:
                raise AccountError("auth.error.wrong")
            _lift_expired_lock(current, now)
            locked = _locked(current, now)
            if right and current.get("password") == entry.get("password"):
                if locked:  # locked by guesses checked at the same time: no way through
                    raise AccountError("auth.error.locked",
                                       count=_remaining_minutes(current, now))
                current["failed_login_attempts"] = 0
                current["last_login_at"] = int(now)
                return Login(username, display_name(username, current),
                             generation_of(current))
            # A wrong guess checked before the lock was visible still counts.
            failed = int(current.get("failed_login_attempts") or 0) + 1
            current["failed_login_attempts"] = failed
            if failed >= MAX_LOGIN_ATTEMPTS and not locked:
                current["locked_until"] = now + LOCKOUT_MINUTES * 60
            return _remaining_minutes(current, now)

        try:
            outcome = self._change(record)
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
            return self._change(change)
        except OSError:
            raise AccountError("security.store_unavailable") from None

    def _set_password(self, username: str, hashed: str, expected_hash: str | None) -> int:
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
        try:
            self.authenticate(username, current)
        except AccountError as exc:
            if exc.code == "auth.error.wrong":
                raise AccountError("auth.error.current_wrong") from None
            raise
        old_hash = self._users().get(username, {}).get("password")
        return self._set_password(username, hash_password(new).decode("ascii"), old_hash)

    def reset_password(self, username: str, new: str) -> None:
        """A facilitator sets a new password: every cookie and open session of the user
        ends, and a lock from wrong guesses is lifted."""
        if username not in self._users():
            raise AccountError("security.unknown_user")
        self._set_password(username, hash_password(new).decode("ascii"), None)

    def revoke_sessions(self, username: str) -> int:
        """Logging out: every re-login cookie and open session of the user ends."""
        return self._bump_generation(username)

    # -- roles and preferences -----------------------------------------------------------
    def set_preference(self, username: str, key: str, value) -> None:
        if username not in self._users():
            return

        def change(users: dict) -> None:
            entry = users.get(username)
            if entry is not None:
                entry.setdefault("preferences", {})[key] = value

        self._change(change)

    def set_roles(self, username: str, roles: list[str]) -> bool:
        """Facilitators can make another account a facilitator (or a learner again)."""
        if username not in self._users():
            return False

        def change(users: dict) -> bool:
            entry = users.get(username)
            if entry is None:
                return False
            entry["roles"] = [r for r in roles if r in (FACILITATOR, LEARNER)] or [LEARNER]
            return True

        return self._change(change)

    # -- deletion ------------------------------------------------------------------------
    def deletion_refusal(self, username: str) -> AccountError | None:
        """Why this account cannot be deleted now, if it cannot: a room must keep a
        facilitator, so the last one hands the role on first."""
        users = self._users()
        return _deletion_refusal(users, username)

    def delete_account(self, username: str) -> None:
        def change(users: dict) -> None:
            refusal = _deletion_refusal(users, username)
            if refusal is not None:
                raise refusal
            users.pop(username, None)

        try:
            self._change(change)
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


def _check_server_rate() -> None:
    """At most ``VPC_REGISTRATIONS_PER_MINUTE`` new accounts a minute on this server."""
    now = time.monotonic()
    with _recent_guard:
        while _recent_registrations and _recent_registrations[0] <= now - 60:
            _recent_registrations.popleft()
        if len(_recent_registrations) >= config.registrations_per_minute():
            raise AccountError("security.registration_busy")


def _record_server_registration(_: float) -> None:
    with _recent_guard:
        _recent_registrations.append(time.monotonic())
