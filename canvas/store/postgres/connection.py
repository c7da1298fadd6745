"""The PostgreSQL backend's connection: one pool, transactions retried while the server
cannot be reached, and the schema migrated once per process.

When the server cannot be reached, each operation is retried a few times with a growing
pause, then refused with one translated sentence (``database.unavailable``, or the login
and registration refusals the folder uses), never a traceback. A save is reported only
after its ``COMMIT``; a connection lost during ``COMMIT`` is neither retried nor reported
as done (:class:`CommitUnknown`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import psycopg
from alembic import command
from alembic.config import Config
from psycopg_pool import ConnectionPool, PoolTimeout
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from canvas.store.errors import StoreError

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



def unreachable(exc: BaseException) -> bool:
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



class Database:
    """One connection pool to one database; safe to share between threads (sessions).
    What every store of the PostgreSQL backend runs its transactions through."""

    def __init__(self, url: str, max_connections: int = 10):
        self.url = url
        self.down = False  # the last operation found the server unreachable
        key = (url, os.getpid())
        self.retry(lambda: self._migrate_once(key), "database.unavailable")
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
    def retry(self, work: Callable[[], T], unavailable: str,
               pauses: tuple[float, ...] | None = None) -> T:
        for pause in (*(RETRY_PAUSES if pauses is None else pauses), None):
            try:
                result = work()
                self.down = False
                return result
            except StoreError:
                raise
            except Exception as exc:  # noqa: BLE001 - every database fault becomes a sentence
                if unreachable(exc) and pause is not None:
                    time.sleep(pause)
                    continue
                if unreachable(exc):
                    self.down = True
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
                        return transaction(conn, work)
                except PoolTimeout:
                    pass
            # After an outage the pool waits longer and longer between reconnection
            # attempts (up to minutes); one direct connection answers as soon as the
            # server is back, and while it is still away fails like the pool did.
            timeout = DOWN_CONNECT_TIMEOUT if down else max(1, round(POOL_TIMEOUT))
            with psycopg.connect(self.url, connect_timeout=timeout,
                                 options="-c timezone=UTC") as conn:
                return transaction(conn, work)

        return self.retry(attempt, unavailable, () if down else None)


class CommitUnknown(Exception):
    """The connection broke during ``COMMIT``: the change may or may not be stored, so it
    is neither retried (it could apply twice) nor reported as done."""


def transaction(conn: psycopg.Connection, work: Callable[[psycopg.Cursor], T]) -> T:
    """``work`` then ``COMMIT``; on any error the pool (or the connection's context) rolls
    the open transaction back."""
    with conn.cursor() as cur:
        result = work(cur)
    try:
        conn.commit()
    except psycopg.OperationalError as exc:
        raise CommitUnknown from exc
    return result


def forget_migrations() -> None:
    """Forget which databases this process migrated (a test standing for a new process
    runs the upgrade again)."""
    with _migrated_guard:
        _migrated.clear()


def stamp(seconds: float | None):
    """Epoch seconds as a UTC timestamp for a ``timestamptz`` column."""
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def utc(value):
    """A ``timestamptz`` read back, in UTC as the folder's records hold it."""
    return value.astimezone(UTC) if value is not None else value
