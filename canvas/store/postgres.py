"""The PostgreSQL backend: the same storage contract, for several app servers at once.

A data folder belongs to one machine; a programme running many workshops needs several
app servers, and they can only share a database. Chosen with
``VPC_DATABASE_URL=postgresql://...`` (see :func:`canvas.store.open_backend`).

The database enforces the invariants itself, so no race between servers can break them:

- usernames and e-mail addresses are unique case-insensitively (unique indexes on
  ``lower()``); registrations also take one advisory lock, so the first account is the
  only facilitator and the hourly limit counts every server's accounts;
- a wrong password is counted with ``UPDATE ... SET failed_login_attempts =
  failed_login_attempts + 1 ... RETURNING``, and the lock is set in the same statement;
  password changes, resets and logouts move the session generation on in SQL;
- a save names the revision it started from in the ``WHERE`` of its ``UPDATE``; the
  history row and the pruning to the last :data:`HISTORY_KEEP` revisions are written in
  the same transaction, and a save is reported only after its ``COMMIT``;
- per-user quotas are checked under a per-user advisory lock, with the same refusals
  (``StoreError`` codes and sentences) as the data folder.

Canvases are stored as the exact text the folder writes, so a copy between backends is
byte for byte. When the server cannot be reached, each operation is retried a few times
with a growing pause, then refused with one translated sentence (``database.unavailable``,
or the login and registration refusals the folder uses), never a traceback.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import psycopg
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from canvas import accounts as accounts_module
from canvas import config
from canvas.accounts import AccountError, Login, display_name
from canvas.config import LOCKOUT_MINUTES, MAX_LOGIN_ATTEMPTS
from canvas.join_attempts import RESTING, Tries, after_wrong, rest_minutes
from canvas.models import SCHEMA_VERSION, Canvas, new_canvas_id, utc_now
from canvas.storage import (
    HISTORY_KEEP,
    CanvasOperations,
    CanvasSummary,
    StaleRevisionError,
    StoreError,
    _summarise,
    canvas_file_bytes,
    check_canvas_id,
    check_quota,
    check_username,
)
from canvas.store.contract import FACILITATOR, LEARNER
from canvas.validation import CanvasFileError, parse_canvas
from canvas.workshops import (
    _CODE_RE,
    CODE_ALPHABET,
    CODE_LENGTH,
    Share,
    Workshop,
    WorkshopError,
    normalise_code,
)

T = TypeVar("T")
log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
#: Advisory lock keys (any constant bigint): one for migrations, one for registrations.
MIGRATION_LOCK = 7_341_120_001
REGISTRATION_LOCK = 7_341_120_002
#: Pauses between attempts when the server cannot be reached, and how long one attempt
#: waits for a connection: under 10 s in all, so a page answers with a sentence while a
#: restart or a short failover is still ridden out without the user noticing.
RETRY_PAUSES = (0.2, 0.5, 1.0)
POOL_TIMEOUT = 2.0
#: Once those retries have failed, the database is known to be down: each operation makes
#: ONE direct connection attempt, no pool wait and no retries, until one succeeds. A page
#: run makes several store calls; at ~10 s each an outage blocked a run for ~30 s, long
#: enough for the browser to give up on the run's tree (a white page, issue 22). Now a
#: run during an outage answers in milliseconds and the first call after it is back works.
DOWN_CONNECT_TIMEOUT = 1

_migrated: set[tuple[str, int]] = set()
_migrated_guard = threading.Lock()
_shared: dict[tuple[str, int], PostgresBackend] = {}
_shared_guard = threading.Lock()


def _unreachable(exc: BaseException) -> bool:
    """A connection problem worth retrying, as opposed to a refused statement."""
    if isinstance(exc, PoolTimeout):
        return True
    exc = getattr(exc, "orig", None) or exc  # SQLAlchemy's wrapper, while migrating
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = getattr(exc, "sqlstate", None)
    return state is None or state.startswith("08") or state in ("57P01", "57P02", "57P03")


def _sqlalchemy_url(url: str) -> str:
    rest = url.split("://", 1)[1]
    return f"postgresql+psycopg://{rest}"


def migrate(url: str) -> None:
    """``alembic upgrade head`` on ``url``, under an advisory lock so that app servers
    starting at once take turns: the first migrates, the others find it done."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(_sqlalchemy_url(url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
            try:
                settings = Config()
                settings.set_main_option("script_location", str(MIGRATIONS))
                settings.attributes["connection"] = connection
                command.upgrade(settings, "head")
                connection.commit()
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                                   {"key": MIGRATION_LOCK})
                connection.commit()
    finally:
        engine.dispose()


class PostgresBackend:
    """One connection pool to one database; safe to share between threads (sessions).

    Each instance is what one app server holds. :func:`shared_backend` gives the one of
    this process; tests create more to stand for other servers.
    """

    def __init__(self, url: str, max_connections: int = 10):
        self.url = url
        self.down = False  # the last operation found the server unreachable
        key = (url, os.getpid())
        self._retry(lambda: self._migrate_once(key), "database.unavailable")
        # check_connection: a connection broken by a server restart is replaced before
        # use instead of failing the statement that drew it from the pool.
        self.pool = ConnectionPool(url, min_size=1, max_size=max_connections,
                                   timeout=POOL_TIMEOUT,
                                   open=False, kwargs={"options": "-c timezone=UTC"},
                                   check=ConnectionPool.check_connection)
        self.pool.open(wait=False)

    def _migrate_once(self, key) -> None:
        with _migrated_guard:
            if key in _migrated:
                return
        migrate(self.url)
        with _migrated_guard:
            _migrated.add(key)

    def close(self) -> None:
        self.pool.close()

    # -- transactions with retries -----------------------------------------------------
    def _retry(self, work: Callable[[], T], unavailable: str,
               pauses: tuple[float, ...] | None = None) -> T:
        for pause in (*(RETRY_PAUSES if pauses is None else pauses), None):
            try:
                result = work()
                self.down = False
                return result
            except StoreError:
                raise
            except Exception as exc:  # noqa: BLE001 - every database fault becomes a sentence
                if _unreachable(exc) and pause is not None:
                    time.sleep(pause)
                    continue
                if _unreachable(exc):
                    self.down = True
                from sqlalchemy.exc import SQLAlchemyError

                if isinstance(exc, (psycopg.Error, PoolTimeout, OSError, SQLAlchemyError,
                                    CommitUnknown)):
                    # The operator's log says why; the user reads one sentence.
                    log.warning("PostgreSQL store refused (%s): %s", unavailable, exc)
                    raise StoreError(unavailable) from None
                raise
        raise AssertionError("unreachable")

    def run(self, work: Callable[[psycopg.Cursor], T],
            unavailable: str = "database.unavailable") -> T:
        """``work(cursor)`` in one transaction, committed before it returns: what it
        returns is confirmed. Retried from the start while the server cannot be reached
        before ``COMMIT`` (nothing was stored then); a connection lost during ``COMMIT``
        is refused without a retry; a refusal (``StoreError``) rolls everything back."""
        down = self.down

        def attempt() -> T:
            if not down:
                try:
                    with self.pool.connection() as conn:
                        return _transaction(conn, work)
                except PoolTimeout:
                    pass
            # After an outage the pool waits longer and longer between reconnection
            # attempts (up to minutes); one direct connection answers as soon as the
            # server is back, and while it is still away fails like the pool did.
            timeout = DOWN_CONNECT_TIMEOUT if down else max(1, round(POOL_TIMEOUT))
            with psycopg.connect(self.url, connect_timeout=timeout,
                                 options="-c timezone=UTC") as conn:
                return _transaction(conn, work)

        return self._retry(attempt, unavailable, () if down else None)

    # -- the contract ------------------------------------------------------------------
    def accounts(self) -> PostgresAccounts:
        return PostgresAccounts(self)

    def canvases(self, username: str) -> PostgresCanvases:
        return PostgresCanvases(self, username)

    def workshops(self) -> PostgresWorkshops:
        return PostgresWorkshops(self)

    def comments(self):
        from canvas.store.pg_mentor import PostgresComments

        return PostgresComments(self)

    def mentor_links(self):
        from canvas.store.pg_mentor import PostgresMentorLinks

        return PostgresMentorLinks(self)

    def presenting(self):
        from canvas.store.pg_presenting import PostgresPresenting

        return PostgresPresenting(self)

    def room(self):
        from canvas.store.pg_room import PostgresRooms

        return PostgresRooms(self)


class CommitUnknown(Exception):
    """The connection broke during ``COMMIT``: the change may or may not be stored, so it
    is neither retried (it could apply twice) nor reported as done."""


def _transaction(conn: psycopg.Connection, work: Callable[[psycopg.Cursor], T]) -> T:
    """``work`` then ``COMMIT``; on any error the pool (or the connection's context) rolls
    the open transaction back."""
    with conn.cursor() as cur:
        result = work(cur)
    try:
        conn.commit()
    except psycopg.OperationalError as exc:
        raise CommitUnknown from exc
    return result


def shared_backend(url: str) -> PostgresBackend:
    """The backend of this process for ``url``: one pool, opened (and migrated) once.
    Keyed by process id too, so a forked child never uses its parent's connections."""
    key = (url, os.getpid())
    with _shared_guard:
        backend = _shared.get(key)
    if backend is not None:
        return backend
    backend = PostgresBackend(url)
    with _shared_guard:
        existing = _shared.setdefault(key, backend)
    if existing is not backend:
        backend.close()
    return existing


# -- accounts --------------------------------------------------------------------------

_ACCOUNT_FIELDS = ("email", "first_name", "last_name", "roles", "preferences", "created_at",
                   "failed_login_attempts", "locked_until", "session_generation",
                   "last_login_at")


def _entry(row) -> dict:
    """A row as the folder's account entry (without the hash); absent values left out."""
    entry = dict(zip(_ACCOUNT_FIELDS, row, strict=True))
    if not entry["preferences"]:
        entry.pop("preferences")
    return {key: value for key, value in entry.items() if value is not None}


class PostgresAccounts:
    def __init__(self, backend: PostgresBackend):
        self.backend = backend

    def _row(self, username: str, unavailable: str = "database.unavailable"):
        def read(cur):
            cur.execute("SELECT password, first_name, last_name, locked_until, "
                        "session_generation FROM accounts WHERE username = %s", (username,))
            return cur.fetchone()
        return self.backend.run(read, unavailable)

    def user(self, username: str) -> dict | None:
        def read(cur):
            cur.execute(f"SELECT {', '.join(_ACCOUNT_FIELDS)} FROM accounts "
                        "WHERE username = %s", (username,))
            return cur.fetchone()
        row = self.backend.run(read)
        return None if row is None else _entry(row)

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
        return accounts_module._remaining_minutes({"locked_until": until}, time.time())

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
        accounts_module._check_server_rate()
        hashed = accounts_module.hash_password(password).decode("ascii")
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
        accounts_module._record_server_registration(now)

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
                               count=accounts_module._remaining_minutes(
                                   {"locked_until": row[3]}, now))
        stored = row[0].encode("utf-8") if row else accounts_module.dummy_hash()
        right = accounts_module.check_password(password, stored)
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
            return accounts_module._remaining_minutes({"locked_until": counted[0]}, now)

        outcome = self.backend.run(record, "security.login_unavailable")
        if isinstance(outcome, Login):
            return outcome
        if outcome == -1:
            current = self._row(username, "security.login_unavailable")
            outcome = accounts_module._remaining_minutes(
                {"locked_until": current[3] if current else None}, now) or 1
        if outcome:
            raise AccountError("auth.error.locked", count=outcome)
        raise AccountError("auth.error.wrong")

    # -- passwords and sessions ----------------------------------------------------------
    def _set_password(self, username: str, hashed: str, expected_hash: str | None) -> int:
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
        try:
            self.authenticate(username, current)
        except AccountError as exc:
            if exc.code == "auth.error.wrong":
                raise AccountError("auth.error.current_wrong") from None
            raise
        row = self._row(username, "security.store_unavailable")
        if row is None:
            raise AccountError("security.unknown_user")
        return self._set_password(username, accounts_module.hash_password(new).decode(
            "ascii"), row[0])

    def reset_password(self, username: str, new: str) -> None:
        if self.session_generation(username) is None:
            raise AccountError("security.unknown_user")
        self._set_password(username, accounts_module.hash_password(new).decode("ascii"),
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


# -- canvases --------------------------------------------------------------------------

def _user_lock(cur, username: str) -> None:
    """Serialise one user's writes that a quota depends on (count and bytes)."""
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (f"canvases:{username}",))


class PostgresCanvases(CanvasOperations):
    """The canvases of one user. Cheap to create; holds no connection."""

    def __init__(self, backend: PostgresBackend, username: str):
        self.backend = backend
        self.username = check_username(username)

    def _run(self, work):
        return self.backend.run(work)

    # -- quotas --------------------------------------------------------------------------
    def _check_room(self, cur, new_size: int, old_size: int = 0,
                    new_canvas: bool = False) -> None:
        def usage() -> tuple[int, int]:
            cur.execute("SELECT count(*), coalesce(sum(size), 0) FROM canvases "
                        "WHERE username = %s", (self.username,))
            return cur.fetchone()

        check_quota(usage, new_size, old_size, new_canvas)

    # -- reading -------------------------------------------------------------------------
    def exists(self, canvas_id: str) -> bool:
        check_canvas_id(canvas_id)
        return self._run(lambda cur: cur.execute(
            "SELECT 1 FROM canvases WHERE username = %s AND id = %s",
            (self.username, canvas_id)).fetchone() is not None)

    def _body(self, cur, canvas_id: str) -> str | None:
        row = cur.execute("SELECT body FROM canvases WHERE username = %s AND id = %s",
                          (self.username, canvas_id)).fetchone()
        return None if row is None else row[0]

    def load(self, canvas_id: str) -> Canvas:
        check_canvas_id(canvas_id)
        body = self._run(lambda cur: self._body(cur, canvas_id))
        if body is None:
            raise StoreError("not_found")
        return parse_canvas(body.encode("utf-8"), f"{canvas_id}.json")

    def list(self) -> list[CanvasSummary]:
        rows = self._run(lambda cur: cur.execute(
            "SELECT id, title, segment, language, updated_at, revision, jobs, pains, gains,"
            " value_map FROM canvases WHERE username = %s "
            'ORDER BY updated_at DESC, id COLLATE "C" DESC', (self.username,)).fetchall())
        return [CanvasSummary(*row) for row in rows]

    def revisions(self, canvas_id: str) -> list[int]:
        check_canvas_id(canvas_id)
        rows = self._run(lambda cur: cur.execute(
            "SELECT revision FROM canvas_history WHERE username = %s AND canvas_id = %s "
            "ORDER BY revision DESC", (self.username, canvas_id)).fetchall())
        return [row[0] for row in rows]

    def load_revision(self, canvas_id: str, revision: int) -> Canvas:
        check_canvas_id(canvas_id)
        row = self._run(lambda cur: cur.execute(
            "SELECT body FROM canvas_history WHERE username = %s AND canvas_id = %s "
            "AND revision = %s", (self.username, canvas_id, int(revision))).fetchone())
        if row is None:
            raise StoreError("no_revision", revision=revision)
        return parse_canvas(row[0].encode("utf-8"), f"{int(revision):08d}.json")

    # -- writing -------------------------------------------------------------------------
    def _history(self, cur, canvas: Canvas, body: str) -> None:
        cur.execute("INSERT INTO canvas_history (username, canvas_id, revision, body) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (username, canvas_id, revision) "
                    "DO UPDATE SET body = EXCLUDED.body",
                    (self.username, canvas.id, canvas.revision, body))
        cur.execute("DELETE FROM canvas_history WHERE username = %s AND canvas_id = %s "
                    "AND revision <= %s", (self.username, canvas.id,
                                           canvas.revision - HISTORY_KEEP))

    @staticmethod
    def _columns(canvas: Canvas, body: str) -> tuple:
        s = _summarise(canvas)
        return (canvas.revision, body, len(body.encode("utf-8")), s.title, s.segment,
                s.language, s.updated_at, s.jobs, s.pains, s.gains, s.value_map)

    def create(self, canvas: Canvas, keep_created: bool = False) -> Canvas:
        """Store a new canvas as revision 1; a clashing id gets a fresh one;
        ``keep_created`` keeps its ``created_at`` (an imported file's)."""
        now = utc_now()
        created = canvas.created_at if keep_created else now
        canvas = canvas.model_copy(update={"revision": 1, "created_at": created,
                                           "updated_at": now,
                                           "schema_version": SCHEMA_VERSION})
        data = canvas_file_bytes(canvas)

        def insert(cur) -> Canvas:
            nonlocal canvas, data
            _user_lock(cur, self.username)
            self._check_room(cur, len(data), new_canvas=True)
            if self._body(cur, canvas.id) is not None:
                canvas = canvas.model_copy(update={"id": new_canvas_id()})
                data = canvas_file_bytes(canvas)
            body = data.decode("utf-8")
            cur.execute("INSERT INTO canvases (username, id, revision, body, size, title, "
                        "segment, language, updated_at, jobs, pains, gains, value_map) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        (self.username, canvas.id, *self._columns(canvas, body)))
            self._history(cur, canvas, body)
            return canvas

        return self._run(insert)

    def save(self, canvas: Canvas, expected_revision: int | None = None) -> Canvas:
        """Write ``canvas`` as the next revision, only on top of ``expected_revision``
        (default: the revision it was loaded at); confirmed once committed."""
        expected = canvas.revision if expected_revision is None else expected_revision
        check_canvas_id(canvas.id)
        updated = canvas.model_copy(update={"revision": expected + 1,
                                            "updated_at": utc_now()})
        data = canvas_file_bytes(updated)
        updated = parse_canvas(data, f"{canvas.id}.json")
        body = data.decode("utf-8")

        def write(cur) -> Canvas | str:
            _user_lock(cur, self.username)
            cur.execute("SELECT revision, size, body FROM canvases WHERE username = %s "
                        "AND id = %s", (self.username, canvas.id))
            current = cur.fetchone()
            if current is None:
                raise StoreError("not_found")
            if current[0] != expected:
                return current[2]
            self._check_room(cur, len(data), current[1])
            cur.execute("UPDATE canvases SET revision = %s, body = %s, size = %s, title = %s,"
                        " segment = %s, language = %s, updated_at = %s, jobs = %s, pains = %s,"
                        " gains = %s, value_map = %s WHERE username = %s AND id = %s "
                        "AND revision = %s",
                        (*self._columns(updated, body), self.username, canvas.id, expected))
            if cur.rowcount != 1:
                cur.execute("SELECT body FROM canvases WHERE username = %s AND id = %s",
                            (self.username, canvas.id))
                return cur.fetchone()[0]
            self._history(cur, updated, body)
            return updated

        outcome = self._run(write)
        if isinstance(outcome, str):
            raise StaleRevisionError(parse_canvas(outcome.encode("utf-8"),
                                                  f"{canvas.id}.json"))
        return outcome

    def delete(self, canvas_id: str) -> None:
        check_canvas_id(canvas_id)

        def delete(cur) -> int:
            cur.execute("DELETE FROM canvas_meta WHERE username = %s AND canvas_id = %s",
                        (self.username, canvas_id))
            cur.execute("DELETE FROM canvases WHERE username = %s AND id = %s",
                        (self.username, canvas_id))
            return cur.rowcount

        if self._run(delete) != 1:
            raise StoreError("not_found")

    def delete_all(self) -> None:
        def delete(cur) -> None:
            cur.execute("DELETE FROM canvas_meta WHERE username = %s", (self.username,))
            cur.execute("DELETE FROM canvases WHERE username = %s", (self.username,))

        self._run(delete)

    def dismissed_nudges(self, canvas_id: str) -> set[str]:
        check_canvas_id(canvas_id)
        row = self._run(lambda cur: cur.execute(
            "SELECT dismissed FROM canvas_meta WHERE username = %s AND canvas_id = %s",
            (self.username, canvas_id)).fetchone())
        return set(row[0]) if row else set()

    def set_dismissed_nudges(self, canvas_id: str, dismissed: set[str]) -> None:
        check_canvas_id(canvas_id)
        self._run(lambda cur: cur.execute(
            "INSERT INTO canvas_meta (username, canvas_id, dismissed) VALUES (%s, %s, %s) "
            "ON CONFLICT (username, canvas_id) DO UPDATE SET dismissed = EXCLUDED.dismissed",
            (self.username, canvas_id, sorted(dismissed))))

    def import_file(self, data: bytes, filename: str) -> Canvas:
        canvas = parse_canvas(data, Path(filename).name or "upload.json")
        return self.create(canvas, keep_created=True)


# -- workshops -------------------------------------------------------------------------

def _stamp(seconds: float | None):
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def _utc(value):
    return value.astimezone(UTC) if value is not None else value


class PostgresWorkshops:
    def __init__(self, backend: PostgresBackend):
        self.backend = backend

    def _run(self, work):
        return self.backend.run(work)

    @staticmethod
    def _load(cur, codes: list[str]) -> list[Workshop]:
        if not codes:
            return []
        cur.execute("SELECT code, name, facilitator, created_at FROM workshops "
                    "WHERE code = ANY(%s)", (codes,))
        found = {row[0]: Workshop(code=row[0], name=row[1], facilitator=row[2],
                                  created_at=_utc(row[3])) for row in cur.fetchall()}
        cur.execute("SELECT code, username, joined_at FROM workshop_members "
                    "WHERE code = ANY(%s) ORDER BY joined_at", (codes,))
        for code, username, joined in cur.fetchall():
            found[code].members[username] = _utc(joined)
        cur.execute("SELECT code, username, canvas_id, shared_at FROM workshop_shares "
                    "WHERE code = ANY(%s) ORDER BY shared_at", (codes,))
        for code, username, canvas_id, shared in cur.fetchall():
            found[code].shares.append(Share(username=username, canvas_id=canvas_id,
                                            shared_at=_utc(shared)))
        return [found[code] for code in codes if code in found]

    def _one(self, cur, code: str, lock: bool = False) -> Workshop:
        if not _CODE_RE.fullmatch(code):
            raise WorkshopError("workshop_not_found")
        if lock:
            cur.execute("SELECT 1 FROM workshops WHERE code = %s FOR UPDATE", (code,))
        found = self._load(cur, [code])
        if not found:
            raise WorkshopError("workshop_not_found")
        return found[0]

    # -- facilitator -------------------------------------------------------------------
    def create(self, name: str, facilitator: str) -> Workshop:
        check_username(facilitator)
        name = name.strip()
        if not name:
            raise WorkshopError("workshop_name_missing")

        def insert(cur) -> Workshop:
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                workshop = Workshop(code=code, name=name[:120], facilitator=facilitator,
                                    created_at=utc_now())
                cur.execute("INSERT INTO workshops (code, name, facilitator, created_at) "
                            "VALUES (%s, %s, %s, %s) ON CONFLICT (code) DO NOTHING",
                            (code, workshop.name, facilitator, workshop.created_at))
                if cur.rowcount == 1:
                    return workshop

        return self._run(insert)

    def facilitated_by(self, username: str) -> list[Workshop]:
        def read(cur):
            cur.execute("SELECT code FROM workshops WHERE facilitator = %s "
                        "ORDER BY created_at DESC", (username,))
            return self._load(cur, [row[0] for row in cur.fetchall()])
        return self._run(read)

    def delete(self, code: str, facilitator: str) -> None:
        def delete(cur) -> None:
            if not _CODE_RE.fullmatch(code):
                raise WorkshopError("workshop_not_found")
            cur.execute("DELETE FROM workshops WHERE code = %s AND facilitator = %s",
                        (code, facilitator))
            if cur.rowcount != 1:
                raise WorkshopError("workshop_not_found")
        self._run(delete)

    def shared_canvas(self, code: str, facilitator: str, owner: str,
                      canvas_id: str) -> Canvas:
        """The only door to another user's canvas: facilitator of the workshop, still shared."""
        code = normalise_code(code)

        def read(cur) -> str | None:
            workshop = self._one(cur, code)
            if workshop.facilitator != facilitator:
                raise WorkshopError("workshop_not_found")
            if not any(s.username == owner and s.canvas_id == canvas_id
                       for s in workshop.shares):
                raise WorkshopError("not_shared")
            return PostgresCanvases(self.backend, owner)._body(cur, canvas_id)

        body = self._run(read)
        if body is None:
            raise StoreError("not_found")
        return parse_canvas(body.encode("utf-8"), f"{canvas_id}.json")

    def gallery(self, code: str, facilitator: str) -> list[tuple[Share, Canvas]]:
        code = normalise_code(code)

        def read(cur):
            workshop = self._one(cur, code)
            if workshop.facilitator != facilitator:
                raise WorkshopError("workshop_not_found")
            cur.execute("SELECT s.username, s.canvas_id, s.shared_at, c.body "
                        "FROM workshop_shares s JOIN canvases c ON c.username = s.username "
                        "AND c.id = s.canvas_id WHERE s.code = %s ORDER BY s.shared_at DESC",
                        (code,))
            return cur.fetchall()

        out = []
        for username, canvas_id, shared_at, body in self._run(read):
            try:
                canvas = parse_canvas(body.encode("utf-8"), f"{canvas_id}.json")
            except CanvasFileError:
                continue
            out.append((Share(username=username, canvas_id=canvas_id,
                              shared_at=_utc(shared_at)), canvas))
        return out

    # -- learner -------------------------------------------------------------------------
    def join(self, code: str, username: str, now: float | None = None) -> Workshop:
        """As the data folder: wrong codes counted on the account's row, locked
        ``FOR UPDATE`` so that parallel guesses on every server take their turn; the
        count is written in the same transaction that refuses (a raise would roll it
        back, so the refusal is raised after the commit)."""
        check_username(username)
        code = normalise_code(code)
        now = time.time() if now is None else now

        def join(cur) -> Workshop | WorkshopError:
            cur.execute("INSERT INTO join_attempts (username) VALUES (%s) "
                        "ON CONFLICT DO NOTHING", (username,))
            cur.execute("SELECT wrong, since, resting_until FROM join_attempts "
                        "WHERE username = %s FOR UPDATE", (username,))
            wrong, since, until = cur.fetchone()
            tries = Tries(wrong, since.timestamp(), until.timestamp() if until else None)
            if minutes := rest_minutes(tries, now):
                return WorkshopError(RESTING, minutes=minutes)
            try:
                workshop = self._one(cur, code)
            except WorkshopError as unknown:
                tries = after_wrong(tries, now)
                cur.execute("UPDATE join_attempts SET wrong = %s, since = %s, "
                            "resting_until = %s WHERE username = %s",
                            (tries.wrong, _stamp(tries.since), _stamp(tries.resting_until),
                             username))
                if minutes := rest_minutes(tries, now):
                    return WorkshopError(RESTING, minutes=minutes)
                return unknown
            if username != workshop.facilitator and username not in workshop.members:
                cur.execute("INSERT INTO workshop_members (code, username, joined_at) "
                            "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                            (code, username, utc_now()))
                workshop = self._one(cur, code)
            return workshop

        outcome = self._run(join)
        if isinstance(outcome, WorkshopError):
            raise outcome
        return outcome

    def joined_by(self, username: str) -> list[Workshop]:
        def read(cur):
            cur.execute("SELECT code FROM workshop_members WHERE username = %s "
                        "ORDER BY joined_at DESC", (username,))
            return self._load(cur, [row[0] for row in cur.fetchall()])
        return self._run(read)

    def leave(self, code: str, username: str) -> None:
        code = normalise_code(code)

        def leave(cur) -> None:
            self._one(cur, code)
            cur.execute("DELETE FROM workshop_members WHERE code = %s AND username = %s",
                        (code, username))
            cur.execute("DELETE FROM workshop_shares WHERE code = %s AND username = %s",
                        (code, username))
        self._run(leave)

    def share(self, code: str, username: str, canvas_id: str) -> None:
        check_canvas_id(canvas_id)
        code = normalise_code(code)

        def share(cur) -> None:
            if PostgresCanvases(self.backend, username)._body(cur, canvas_id) is None:
                raise WorkshopError("not_found")
            workshop = self._one(cur, code, lock=True)
            if username not in workshop.members:
                raise WorkshopError("not_member")
            cur.execute("INSERT INTO workshop_shares (code, username, canvas_id, shared_at) "
                        "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                        (code, username, canvas_id, utc_now()))
        self._run(share)

    def unshare(self, code: str, username: str, canvas_id: str) -> None:
        code = normalise_code(code)

        def unshare(cur) -> None:
            self._one(cur, code)
            cur.execute("DELETE FROM workshop_shares WHERE code = %s AND username = %s "
                        "AND canvas_id = %s", (code, username, canvas_id))
        self._run(unshare)

    def set_shares(self, code: str, username: str, canvas_ids: list[str]) -> None:
        wanted = set(canvas_ids)
        workshop = self._run(lambda cur: self._one(cur, normalise_code(code)))
        current = {s.canvas_id for s in workshop.shares_of(username)}
        for canvas_id in wanted - current:
            self.share(code, username, canvas_id)
        for canvas_id in current - wanted:
            self.unshare(code, username, canvas_id)

    def forget_user(self, username: str) -> None:
        def forget(cur) -> None:
            cur.execute("DELETE FROM workshops WHERE facilitator = %s", (username,))
            cur.execute("DELETE FROM workshop_members WHERE username = %s", (username,))
            cur.execute("DELETE FROM workshop_shares WHERE username = %s", (username,))
            cur.execute("DELETE FROM join_attempts WHERE username = %s", (username,))
        self._run(forget)


def close_all() -> None:
    """Close this process's shared pools (tests, and the copy command when it ends)."""
    with _shared_guard:
        backends = list(_shared.values())
        _shared.clear()
    for backend in backends:
        with suppress(Exception):
            backend.close()
