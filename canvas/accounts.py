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
import time
from pathlib import Path

import yaml

from canvas.config import LOCKOUT_MINUTES, MAX_LOGIN_ATTEMPTS
from canvas.storage import atomic_write, check_username, file_lock

FACILITATOR = "facilitator"
LEARNER = "learner"


class AccountStore:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "accounts.yaml"
        self._lock_path = Path(data_dir) / ".locks" / "accounts.lock"

    def _read(self) -> dict:
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
        except FileNotFoundError:
            data = {}
        users = (data.get("credentials") or {}).get("usernames") or {}
        return {"credentials": {"usernames": users}}

    def _write(self, data: dict) -> None:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=True)
        atomic_write(self.path, text.encode("utf-8"), mode=0o600)

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
        return copy.deepcopy(data["credentials"])

    def user(self, username: str) -> dict | None:
        return self._read()["credentials"]["usernames"].get(username)

    def usernames(self) -> list[str]:
        return sorted(self._read()["credentials"]["usernames"])

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
