"""The PostgreSQL schema: created by the first app server, whoever starts at the same time.

Several servers of a cluster start together against one empty database; the advisory lock
around ``alembic upgrade head`` lets exactly one create the tables while the others wait
and then find them, so every server comes up instead of some failing on "already exists".
"""

from __future__ import annotations

import multiprocessing

import psycopg
import pytest

from canvas.fileformat.models import blank_canvas
from canvas.store.postgres import MIGRATIONS, PostgresBackend
from canvas.store.postgres.connection import forget_migrations

SERVERS = 4


def _start(url: str, index: int, barrier, queue) -> None:
    barrier.wait()
    try:
        backend = PostgresBackend(url)
        backend.canvases(f"user{index}").create(blank_canvas(f"Server {index}"))
        backend.close()
        queue.put((index, "ok"))
    except Exception as exc:  # noqa: BLE001 - the failure is the result
        queue.put((index, repr(exc)))


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    settings = Config()
    settings.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(settings).get_current_head()


def test_servers_starting_at_once_on_an_empty_database_all_come_up(postgres_server):
    url = postgres_server.new_database(migrated=False)
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(SERVERS), context.Queue()
    children = [context.Process(target=_start, args=(url, i, barrier, queue))
                for i in range(SERVERS)]
    for child in children:
        child.start()
    results = dict(queue.get(timeout=120) for _ in children)
    for child in children:
        child.join(timeout=60)
    assert results == {i: "ok" for i in range(SERVERS)}
    with psycopg.connect(url) as conn:
        versions = conn.execute("SELECT version_num FROM vpc_schema_version").fetchall()
        canvases = conn.execute("SELECT count(*) FROM canvases").fetchone()[0]
    assert versions == [(head_revision(),)]
    assert canvases == SERVERS
    postgres_server.drop_database(url)


def test_a_restart_on_a_migrated_database_keeps_the_data(postgres_server):
    url = postgres_server.new_database(migrated=False)
    first = PostgresBackend(url)
    canvas = first.canvases("amira").create(blank_canvas("Kept"))
    first.close()
    forget_migrations()  # a new process: it runs the upgrade again, as a no-op
    second = PostgresBackend(url)
    assert second.canvases("amira").load(canvas.id).title == "Kept"
    second.close()
    postgres_server.drop_database(url)


def test_the_schema_itself_refuses_a_second_name_or_email_in_another_case(postgres_server):
    """Even a writer that skips the application's checks cannot make a second account
    with the same name or e-mail in another case: the unique indexes on lower() refuse."""
    url = postgres_server.new_database()
    insert = ("INSERT INTO accounts (username, email, password, roles, created_at) "
              "VALUES (%s, %s, 'x', '{learner}', 0)")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(insert, ("amira", "amira@example.org"))
        for name, email in (("AMIRA", "other@example.org"), ("other", "Amira@Example.ORG")):
            with pytest.raises(psycopg.errors.UniqueViolation):
                conn.execute(insert, (name, email))
        assert conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == 1
    postgres_server.drop_database(url)
