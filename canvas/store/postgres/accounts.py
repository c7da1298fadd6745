"""Accounts in PostgreSQL: the data folder's rules, held by the database itself.

Usernames and e-mail addresses are unique case-insensitively (unique indexes on
``lower()``); registrations also take one advisory lock, so the first account is the only
facilitator and the hourly limit counts every server's accounts. A wrong password is
counted with ``UPDATE ... SET failed_login_attempts = failed_login_attempts + 1 ...
RETURNING``, and the lock is set in the same statement; password changes, resets and
logouts move the session generation on in SQL. The rules (hashing, lockout, the server's
registration rate, changing a password) are :mod:`canvas.store.rules.accounts`.
"""

from __future__ import annotations

import time

import psycopg
from psycopg.types.json import Jsonb

from canvas import config
from canvas.config import LOCKOUT_MINUTES, MAX_LOGIN_ATTEMPTS
from canvas.store.base import FACILITATOR, LEARNER
from canvas.store.errors import AccountError, StoreError
from canvas.store.postgres.connection import REGISTRATION_LOCK, Database
from canvas.store.records import Login

# Through the module, so a test that slows or counts password checks sees every one.
from canvas.store.rules import accounts as rules
from canvas.store.rules.accounts import display_name, remaining_minutes
from canvas.store.rules.names import check_username

#: The columns of an account row a page may read (never the password hash).
ACCOUNT_FIELDS = ("email", "first_name", "last_name", "roles", "preferences", "created_at",
                  "failed_login_attempts", "locked_until", "session_generation",
                  "last_login_at")


def account_entry(row) -> dict:
    """A row as the folder's account entry (without the hash); absent values left out."""
    entry = dict(zip(ACCOUNT_FIELDS, row, strict=True))
    if not entry["preferences"]:
        entry.pop("preferences")
    return {key: value for key, value in entry.items() if value is not None}


class PostgresAccounts:
    def __init__(self, backend: Database):
        self.backend = backend

    def _row(self, username: str, unavailable: str = "database.unavailable"):
        def read(cur):
            cur.execute("SELECT password, first_name, last_name, locked_until, "
                        "session_generation FROM accounts WHERE username = %s", (username,))
            return cur.fetchone()
        return self.backend.run(read, unavailable)

    def user(self, username: str) -> dict | None:
        def read(cur):
            cur.execute(f"SELECT {', '.join(ACCOUNT_FIELDS)} FROM accounts "
                        "WHERE username = %s", (username,))
            return cur.fetchone()
        row = self.backend.run(read)
        return None if row is None else account_entry(row)

    def usernames(self) -> list[str]:
        rows = self.backend.run(lambda cur: cur.execute(
            "SELECT username FROM accounts").fetchall())
        return sorted(row[0] for row in rows)

    def roles(self, username: str) -> list[str]:
        row = self.backend.run(lambda cur: cur.execute(
            "SELECT roles FROM accounts WHERE username = %s", (username,)).fetchone())
        return list((row and row[0]) or [LEARNER])

    def lock_remaining_minutes(self, username: str) -> int:
        row = self._row(username)
        until = row[3] if row else None
        return remaining_minutes(until, time.time())

    def session_generation(self, username: str) -> int | None:
        row = self.backend.run(lambda cur: cur.execute(
            "SELECT session_generation FROM accounts WHERE username = %s",
            (username,)).fetchone())
        return None if row is None else row[0]

    # -- registration --------------------------------------------------------------------
    @staticmethod
    def _taken(cur, username: str, email: str) -> None:
        cur.execute("SELECT lower(username) = lower(%s) FROM accounts "
                    "WHERE lower(username) = lower(%s) OR lower(email) = lower(%s)",
                    (username, username, email))
        found = [row[0] for row in cur.fetchall()]
        if any(found):
            raise AccountError("auth.error.username_taken")
        if found:
            raise AccountError("auth.error.email_taken")

    def register(self, username: str, email: str, first_name: str, last_name: str,
                 password: str) -> None:
        """Insert only if neither name nor e-mail exists in any case; the unique indexes
        decide a race, the advisory lock keeps the first-facilitator rule and limits."""
        check_username(username)
        email = email.strip()
        self.backend.run(lambda cur: self._taken(cur, username, email),
                         "security.store_unavailable")
        rules.check_server_rate()
        hashed = rules.hash_password(password).decode("ascii")
        now = time.time()

        def insert(cur) -> None:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (REGISTRATION_LOCK,))
            self._taken(cur, username, email)
            cur.execute("SELECT count(*), count(*) FILTER (WHERE created_at > %s) "
                        "FROM accounts", (now - 3600,))
            total, recent = cur.fetchone()
            if total >= config.max_accounts():
                raise AccountError("security.registration_full")
            if recent >= config.registrations_per_hour():
                raise AccountError("security.registration_busy")
            try:
                cur.execute(
                    "INSERT INTO accounts (username, email, first_name, last_name, password,"
                    " roles, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (username, email, first_name.strip(), last_name.strip(), hashed,
                     [FACILITATOR if total == 0 else LEARNER], int(now)))
            except psycopg.errors.UniqueViolation as exc:
                if exc.diag.constraint_name == "accounts_email_ci":
                    raise AccountError("auth.error.email_taken") from None
                raise AccountError("auth.error.username_taken") from None

        self.backend.run(insert, "security.store_unavailable")
        rules.record_server_registration()

    # -- logging in ----------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> Login:
        """Check the password outside any transaction (bcrypt is slow), then record the
        outcome in one: a wrong one adds one to the stored counter and locks at the
        limit; a right one passes only if the hash is unchanged and no lock is set."""
        now = time.time()
        try:
            check_username(username)
            row = self._row(username, "security.login_unavailable")
        except StoreError as exc:
            if exc.code == "security.login_unavailable":
                raise
            row = None
        if row is not None and row[3] and row[3] > now:
            raise AccountError("auth.error.locked",
                               count=remaining_minutes(row[3], now))
        stored = row[0].encode("utf-8") if row else rules.dummy_hash()
        right = rules.check_password(password, stored)
        if row is None:
            raise AccountError("auth.error.wrong")

        def record(cur) -> Login | int:
            cur.execute("UPDATE accounts SET failed_login_attempts = 0, locked_until = NULL "
                        "WHERE username = %s AND locked_until <= %s", (username, now))
            if right:
                cur.execute(
                    "UPDATE accounts SET failed_login_attempts = 0, last_login_at = %s "
                    "WHERE username = %s AND password = %s AND locked_until IS NULL "
                    "RETURNING first_name, last_name, session_generation",
                    (int(now), username, row[0]))
                done = cur.fetchone()
                if done is not None:
                    name = display_name(username, {"first_name": done[0],
                                                   "last_name": done[1]})
                    return Login(username, name, done[2])
                cur.execute("SELECT locked_until FROM accounts WHERE username = %s "
                            "AND password = %s", (username, row[0]))
                locked = cur.fetchone()
                if locked is not None and locked[0]:
                    return -1  # locked by guesses checked at the same time
            cur.execute(
                "UPDATE accounts SET failed_login_attempts = failed_login_attempts + 1, "
                "locked_until = CASE WHEN locked_until IS NULL "
                "AND failed_login_attempts + 1 >= %s THEN %s ELSE locked_until END "
                "WHERE username = %s RETURNING locked_until",
                (MAX_LOGIN_ATTEMPTS, now + LOCKOUT_MINUTES * 60, username))
            counted = cur.fetchone()
            if counted is None:
                return 0
            return remaining_minutes(counted[0], now)

        outcome = self.backend.run(record, "security.login_unavailable")
        if isinstance(outcome, Login):
            return outcome
        if outcome == -1:
            current = self._row(username, "security.login_unavailable")
            outcome = remaining_minutes(
                current[3] if current else None, now) or 1
        if outcome:
            raise AccountError("auth.error.locked", count=outcome)
        raise AccountError("auth.error.wrong")

    # -- passwords and sessions ----------------------------------------------------------
    def stored_hash(self, username: str) -> str | None:
        """The password hash as stored now (None when there is no such account)."""
        row = self._row(username, "security.store_unavailable")
        return None if row is None else row[0]

    def replace_hash(self, username: str, hashed: str, expected_hash: str | None) -> int:
        """Set a new hash (only over ``expected_hash`` when given), lift a lock and end
        every cookie and session, in one statement; returns the new generation."""
        def change(cur) -> int:
            cur.execute(
                "UPDATE accounts SET password = %s, failed_login_attempts = 0, "
                "locked_until = NULL, session_generation = session_generation + 1 "
                "WHERE username = %s AND (%s::text IS NULL OR password = %s) "
                "RETURNING session_generation", (hashed, username, expected_hash,
                                                 expected_hash))
            done = cur.fetchone()
            if done is not None:
                return done[0]
            cur.execute("SELECT 1 FROM accounts WHERE username = %s", (username,))
            if cur.fetchone() is None:
                raise AccountError("security.unknown_user")
            raise AccountError("auth.error.current_wrong")  # changed meanwhile

        return self.backend.run(change, "security.store_unavailable")

    def change_password(self, username: str, current: str, new: str) -> int:
        return rules.change_password(self, username, current, new)

    def reset_password(self, username: str, new: str) -> None:
        if self.session_generation(username) is None:
            raise AccountError("security.unknown_user")
        self.replace_hash(username, rules.hash_password(new).decode("ascii"),
                           None)

    def revoke_sessions(self, username: str) -> int:
        def change(cur) -> int:
            cur.execute("UPDATE accounts SET session_generation = session_generation + 1 "
                        "WHERE username = %s RETURNING session_generation", (username,))
            done = cur.fetchone()
            if done is None:
                raise AccountError("security.unknown_user")
            return done[0]

        return self.backend.run(change, "security.store_unavailable")

    # -- roles and preferences -----------------------------------------------------------
    def set_preference(self, username: str, key: str, value) -> None:
        self.backend.run(lambda cur: cur.execute(
            "UPDATE accounts SET preferences = preferences "
            "|| jsonb_build_object(%s::text, %s::jsonb) WHERE username = %s",
            (key, Jsonb(value), username)))

    def set_roles(self, username: str, roles: list[str]) -> bool:
        roles = [r for r in roles if r in (FACILITATOR, LEARNER)] or [LEARNER]
        return self.backend.run(lambda cur: cur.execute(
            "UPDATE accounts SET roles = %s WHERE username = %s",
            (roles, username)).rowcount == 1)

    # -- deletion ------------------------------------------------------------------------
    @staticmethod
    def _refusal(cur, username: str) -> AccountError | None:
        cur.execute("SELECT roles FROM accounts WHERE username = %s", (username,))
        row = cur.fetchone()
        if row is None:
            return AccountError("security.unknown_user")
        if FACILITATOR not in (row[0] or []):
            return None
        cur.execute("SELECT count(*), count(*) FILTER (WHERE %s = ANY(roles)) FROM accounts "
                    "WHERE username <> %s", (FACILITATOR, username))
        others, facilitators = cur.fetchone()
        if others and not facilitators:
            return AccountError("security.last_facilitator")
        return None

    def deletion_refusal(self, username: str) -> AccountError | None:
        return self.backend.run(lambda cur: self._refusal(cur, username))

    def delete_account(self, username: str) -> None:
        def delete(cur) -> None:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (REGISTRATION_LOCK,))
            refusal = self._refusal(cur, username)
            if refusal is not None:
                raise refusal
            cur.execute("DELETE FROM accounts WHERE username = %s", (username,))

        self.backend.run(delete, "security.store_unavailable")


