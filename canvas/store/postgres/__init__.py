"""The PostgreSQL backend: the same storage contract, for several app servers at once.

A data folder belongs to one machine; a programme running many workshops needs several
app servers, and they can only share a database. Chosen with
``VPC_DATABASE_URL=postgresql://...`` (see :func:`canvas.store.choose.open_backend`).

The database enforces the invariants itself, so no race between servers can break them.
One module per kind of stored data, like the data folder's:
:mod:`~canvas.store.postgres.accounts`, :mod:`~canvas.store.postgres.canvases`,
:mod:`~canvas.store.postgres.workshops` (with the join attempts),
:mod:`~canvas.store.postgres.comments`, :mod:`~canvas.store.postgres.mentor_links`,
:mod:`~canvas.store.postgres.presenting` and :mod:`~canvas.store.postgres.rooms`;
:mod:`~canvas.store.postgres.connection` holds the pool, the retries and the migrations
(``migrations/``, Alembic), :mod:`~canvas.store.postgres.dump` its half of ``store copy``.
It imports only the store's own modules and pure ``canvas`` modules, never the data
folder's backend.
"""

from __future__ import annotations

import os
import threading
from contextlib import suppress

from canvas.store.postgres.accounts import PostgresAccounts
from canvas.store.postgres.canvases import PostgresCanvases
from canvas.store.postgres.comments import PostgresComments
from canvas.store.postgres.connection import MIGRATIONS, Database, migrate
from canvas.store.postgres.dump import PostgresDump
from canvas.store.postgres.mentor_links import PostgresMentorLinks
from canvas.store.postgres.presenting import PostgresPresenting
from canvas.store.postgres.rooms import PostgresRooms
from canvas.store.postgres.workshops import PostgresWorkshops

__all__ = ["MIGRATIONS", "PostgresBackend", "close_all", "migrate", "shared_backend"]

_shared: dict[tuple[str, int], PostgresBackend] = {}
_shared_guard = threading.Lock()


class PostgresBackend(Database, PostgresDump):
    """What one app server holds: one pool, and a store of each kind on top of it.
    :func:`shared_backend` gives the one of this process; tests create more to stand
    for other servers."""

    def __str__(self) -> str:
        return self.url.split("@")[-1]  # never print a password

    # -- the contract ------------------------------------------------------------------
    def accounts(self) -> PostgresAccounts:
        return PostgresAccounts(self)

    def canvases(self, username: str) -> PostgresCanvases:
        return PostgresCanvases(self, username)

    def workshops(self) -> PostgresWorkshops:
        return PostgresWorkshops(self)

    def comments(self) -> PostgresComments:
        return PostgresComments(self)

    def mentor_links(self) -> PostgresMentorLinks:
        return PostgresMentorLinks(self)

    def presenting(self) -> PostgresPresenting:
        return PostgresPresenting(self)

    def room(self) -> PostgresRooms:
        return PostgresRooms(self)


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


def close_all() -> None:
    """Close this process's shared pools (tests, and the copy command when it ends)."""
    with _shared_guard:
        backends = list(_shared.values())
        _shared.clear()
    for backend in backends:
        with suppress(Exception):
            backend.close()
