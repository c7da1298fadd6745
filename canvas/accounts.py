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
        """Persist what one session changed in its credentials dict, and nothing else."""
        changed = {name: entry for name, entry in after.get("usernames", {}).items()
                   if before.get("usernames", {}).get(name) != entry}
        if not changed:
            return
        with file_lock(self._lock_path):
            data = self._read()
            users = data["credentials"]["usernames"]
            for name, entry in changed.items():
                check_username(name)
                entry = dict(entry)
                entry.pop("logged_in", None)  # per-session state, not account data
                if name not in users:
                    entry["roles"] = [FACILITATOR if not users else LEARNER]
                    entry["created_at"] = int(time.time())
                else:
                    entry["roles"] = users[name].get("roles") or [LEARNER]
                attempts = entry.get("failed_login_attempts", 0) or 0
                if attempts >= MAX_LOGIN_ATTEMPTS and not entry.get("locked_until"):
                    entry["locked_until"] = time.time() + LOCKOUT_MINUTES * 60
                merged = {**users.get(name, {}), **entry}
                if attempts < MAX_LOGIN_ATTEMPTS:
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

    def roles(self, username: str) -> list[str]:
        entry = self.user(username) or {}
        return list(entry.get("roles") or [LEARNER])

    def lock_remaining_minutes(self, username: str) -> int:
        entry = self.user(username) or {}
        until = entry.get("locked_until")
        if not until:
            return 0
        return max(0, int((until - time.time() + 59) // 60))
