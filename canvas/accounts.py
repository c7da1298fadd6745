"""The accounts file (``accounts.yaml`` in the data folder), shared by every session.

streamlit-authenticator checks passwords, hashes them and validates registrations against
a credentials dict; this module owns how that dict is persisted. Each session works on its
own copy, and :meth:`AccountStore.sync` writes back only the users that session changed,
merged under a lock into the newest file, so two people registering at once never erase
each other. It also enforces the role rule (the first account is the facilitator) and the
time-limited lockout after repeated wrong passwords.
"""

from __future__ import annotations

import copy
import os
import threading
import time
from pathlib import Path

import yaml

from canvas.config import LOCKOUT_MINUTES, MAX_LOGIN_ATTEMPTS
from canvas.storage import atomic_write, check_username, file_lock

FACILITATOR = "facilitator"
LEARNER = "learner"

# The libyaml parser is several times faster; plain PyYAML is the fallback when the wheel
# was built without it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A file changed this recently may change again within the same timestamp tick (coarse
# file-system clocks, an inode number reused by the next atomic rename), so its stamp
# cannot yet vouch for its content: such a file is parsed again rather than cached.
_SETTLE_NS = 2_000_000_000

_accounts_cache: dict[str, tuple[tuple[int, int, int], dict]] = {}
_accounts_guard = threading.Lock()


def _parse(text: str) -> dict:
    data = yaml.load(text, Loader=_LOADER) or {}
    users = (data.get("credentials") or {}).get("usernames") or {}
    return {"credentials": {"usernames": users}}


class AccountStore:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "accounts.yaml"
        self._lock_path = Path(data_dir) / ".locks" / "accounts.lock"

    def _shared(self) -> dict:
        """The parsed file as cached for every session of this process: never mutate it.

        The login gate reads the accounts several times per script run, and parsing grows
        with every registered account, so the file is parsed again only when its stamp
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

    def _read(self) -> dict:
        """A private copy: streamlit-authenticator and ``sync`` mutate what they get."""
        return copy.deepcopy(self._shared())

    def _write(self, data: dict) -> None:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=True)
        try:
            atomic_write(self.path, text.encode("utf-8"), mode=0o600)
        finally:
            # Whatever the stamps say, this process must not serve what it just replaced.
            with _accounts_guard:
                _accounts_cache.pop(str(self.path), None)

    def credentials(self) -> dict:
        """A fresh copy for one session, with expired lockouts lifted."""
        data = self._read()
        users = data["credentials"]["usernames"]
        now = time.time()
        expired = [name for name, entry in users.items()
                   if entry.get("locked_until") and entry["locked_until"] <= now]
        if expired:
            with file_lock(self._lock_path):
                data = self._read()
                for name in expired:
                    entry = data["credentials"]["usernames"].get(name)
                    if entry and entry.get("locked_until", now + 1) <= now:
                        entry["failed_login_attempts"] = 0
                        entry.pop("locked_until", None)
                self._write(data)
        return data["credentials"]  # already a private copy

    def user(self, username: str) -> dict | None:
        # Copying one entry rather than every account keeps this cheap for big rooms.
        return copy.deepcopy(self._shared()["credentials"]["usernames"].get(username))

    def usernames(self) -> list[str]:
        return sorted(self._shared()["credentials"]["usernames"])

    def sync(self, before: dict, after: dict) -> None:
        """Persist what one session changed in its credentials dict, and nothing else.

        Only the keys that differ from the session's own starting snapshot are written, so
        a session holding an old copy can never undo what another session saved since
        (a newer password, a logout, a lockout).
        """
        old_users = before.get("usernames", {})
        changes: dict[str, dict] = {}
        for name, entry in after.get("usernames", {}).items():
            old = old_users.get(name)
            diff = dict(entry) if old is None else {
                key: value for key, value in entry.items() if old.get(key) != value}
            diff.pop("logged_in", None)  # per-session state, not account data
            if diff:
                changes[name] = diff
        if not changes:
            return
        with file_lock(self._lock_path):
            data = self._read()
            users = data["credentials"]["usernames"]
            for name, diff in changes.items():
                check_username(name)
                if name not in users:
                    diff["roles"] = [FACILITATOR if not users else LEARNER]
                    diff["created_at"] = int(time.time())
                else:
                    diff.pop("roles", None)  # roles are not changed from a session
                merged = {**users.get(name, {}), **diff}
                attempts = merged.get("failed_login_attempts", 0) or 0
                if attempts >= MAX_LOGIN_ATTEMPTS:
                    merged.setdefault("locked_until", time.time() + LOCKOUT_MINUTES * 60)
                else:
                    merged.pop("locked_until", None)
                users[name] = merged
            self._write(data)

    def set_preference(self, username: str, key: str, value) -> None:
        with file_lock(self._lock_path):
            data = self._read()
            entry = data["credentials"]["usernames"].get(username)
            if entry is None:
                return
            entry.setdefault("preferences", {})[key] = value
            self._write(data)

    def mark_logged_out(self, username: str, when: float | None = None) -> None:
        """Cookies issued before this moment no longer log the user in, on any device."""
        with file_lock(self._lock_path):
            data = self._read()
            entry = data["credentials"]["usernames"].get(username)
            if entry is None:
                return
            entry["logged_out_at"] = time.time() if when is None else when
            self._write(data)

    def cookie_still_valid(self, username: str, issued_at: float) -> bool:
        entry = self.user(username)
        if entry is None:
            return False
        return issued_at > float(entry.get("logged_out_at") or 0)

    def set_roles(self, username: str, roles: list[str]) -> bool:
        """Facilitators can make another account a facilitator (or a learner again)."""
        with file_lock(self._lock_path):
            data = self._read()
            entry = data["credentials"]["usernames"].get(username)
            if entry is None:
                return False
            entry["roles"] = [r for r in roles if r in (FACILITATOR, LEARNER)] or [LEARNER]
            self._write(data)
        return True

    def roles(self, username: str) -> list[str]:
        entry = self.user(username) or {}
        return list(entry.get("roles") or [LEARNER])

    def lock_remaining_minutes(self, username: str) -> int:
        entry = self.user(username) or {}
        until = entry.get("locked_until")
        if not until:
            return 0
        return max(0, int((until - time.time() + 59) // 60))
