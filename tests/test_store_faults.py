"""PostgreSQL going away: at start, in the middle of a session, and coming back.

Each test runs its own server, because it stops it. What a user must notice: one clear
sentence (never a traceback) while the database is gone, nothing acknowledged lost, and
work carrying on by itself once it is back, including across a short restart.
"""

from __future__ import annotations

import contextlib
import threading

import pytest

from canvas.fileformat.models import blank_canvas
from canvas.i18n import LANGUAGES, get_translator
from canvas.store import StoreError
from canvas.store.choose import open_backend
from canvas.store.postgres import PostgresBackend


def assert_one_sentence(error: StoreError) -> None:
    assert error.code == "database.unavailable"
    for language in LANGUAGES:
        text = error.message(get_translator(language))
        assert text.strip() and "\n" not in text and "{" not in text, (language, text)
        assert "Traceback" not in text and "psycopg" not in text, (language, text)


def test_unreachable_at_start_is_a_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr("canvas.store.postgres.connection.RETRY_PAUSES", (0.01, 0.01))
    with pytest.raises(StoreError) as refused:
        open_backend(f"postgresql://vpc@/vpc?host={tmp_path}&port=1")
    assert_one_sentence(refused.value)


def test_database_stopped_mid_session_then_back(own_postgres_server, monkeypatch):
    monkeypatch.setattr("canvas.store.postgres.connection.RETRY_PAUSES", (0.05, 0.1))
    monkeypatch.setattr("canvas.store.postgres.connection.POOL_TIMEOUT", 0.5)
    server = own_postgres_server
    backend = PostgresBackend(server.new_database())
    store = backend.canvases("amira")
    saved = store.save(store.create(blank_canvas("Before")).model_copy(
        update={"title": "Acknowledged"}))
    server.stop()
    with pytest.raises(StoreError) as refused:
        store.save(saved.model_copy(update={"title": "Never acknowledged"}))
    assert_one_sentence(refused.value)
    with pytest.raises(StoreError) as refused:
        backend.accounts().authenticate("amira", "whatever")
    assert refused.value.code == "security.login_unavailable"
    server.start()
    assert store.load(saved.id).title == "Acknowledged"  # nothing acknowledged was lost
    assert store.save(saved.model_copy(update={"title": "After"})).revision == 3
    backend.close()


def test_short_restart_is_ridden_out_by_the_retries(own_postgres_server):
    server = own_postgres_server
    backend = PostgresBackend(server.new_database())
    store = backend.canvases("amira")
    canvas = store.create(blank_canvas("Across a restart"))
    server.stop(mode="fast")
    restart = threading.Timer(0.5, server.start)
    restart.start()
    try:
        saved = store.save(canvas.model_copy(update={"title": "Saved during the restart"}))
    finally:
        restart.join()
    assert saved.revision == 2
    assert store.load(canvas.id).title == "Saved during the restart"
    backend.close()


def test_page_shows_the_sentence_when_the_database_is_down(tmp_path, monkeypatch):
    """A visitor while PostgreSQL is unreachable reads one sentence, not a traceback."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest_helpers import APP

    monkeypatch.setattr("canvas.store.postgres.connection.RETRY_PAUSES", (0.01,))
    monkeypatch.setattr("canvas.store.postgres.connection.POOL_TIMEOUT", 0.2)
    monkeypatch.setenv("VPC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VPC_DATABASE_URL", f"postgresql://vpc@/vpc?host={tmp_path}&port=1")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The database cannot be reached right now, so nothing could be loaded or saved. "
        "Please wait a moment and try again."]


def test_the_app_runs_on_postgres(postgres_server, tmp_path, monkeypatch):
    """The switch is one setting: the same pages list what the database holds."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest_helpers import APP

    url = postgres_server.new_database()
    monkeypatch.setenv("VPC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VPC_DATABASE_URL", url)
    backend = open_backend(url)
    backend.accounts().register("amira", "amira@example.org", "Amira", "K", "Secret#123")
    backend.canvases("amira").create(blank_canvas("Kept in PostgreSQL"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "amira"
    at.session_state["name"] = "Amira K"
    at.session_state["vpc_session_generation"] = backend.accounts().session_generation("amira")
    at.run()
    assert not at.exception
    assert "Kept in PostgreSQL" in shown(at)
    backend.accounts().revoke_sessions("amira")  # logged out on another server
    at.run()
    assert not at.exception
    assert "Kept in PostgreSQL" not in shown(at)
    assert "You have been logged out" in shown(at)


def shown(at) -> str:
    return " ".join(str(getattr(el, "value", "")) + str(getattr(el, "label", ""))
                    for kind in ("markdown", "button", "caption", "subheader", "expander",
                                 "info", "warning", "error", "success")
                    for el in getattr(at, kind))


def test_a_commit_cut_off_is_neither_retried_nor_confirmed(postgres_server, monkeypatch):
    """Retrying a save whose COMMIT may have landed could apply it twice; saying it was
    saved could be a lie. The user is told it could not be confirmed, once."""
    import psycopg

    backend = PostgresBackend(postgres_server.new_database())
    store = backend.canvases("amira")
    canvas = store.create(blank_canvas("Before"))
    commits = []

    def cut_off(self):
        commits.append(self)
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(psycopg.Connection, "commit", cut_off)
    with pytest.raises(StoreError) as refused:
        store.save(canvas.model_copy(update={"title": "Unconfirmed"}))
    assert_one_sentence(refused.value)
    assert len(commits) == 1
    monkeypatch.undo()
    assert store.load(canvas.id).title == "Before"
    backend.close()


def test_database_stopped_during_a_save_burst_loses_nothing_acknowledged(own_postgres_server,
                                                                         monkeypatch):
    """A learner saving again and again while PostgreSQL dies and comes back: every save
    the store confirmed is there afterwards, and every one it did not confirm was refused
    with the sentence (never silently dropped, never a traceback)."""
    monkeypatch.setattr("canvas.store.postgres.connection.RETRY_PAUSES", (0.05, 0.1))
    monkeypatch.setattr("canvas.store.postgres.connection.POOL_TIMEOUT", 0.5)
    server = own_postgres_server
    backend = PostgresBackend(server.new_database())
    store = backend.canvases("amira")
    canvas = store.create(blank_canvas("Burst"))
    confirmed: list[tuple[int, str]] = []
    refused: list[StoreError] = []
    stop = threading.Event()

    def burst() -> None:
        current = canvas
        number = 0
        while not stop.is_set():
            number += 1
            title = f"Save {number}"
            try:
                current = store.save(current.model_copy(update={"title": title}),
                                     expected_revision=current.revision)
                confirmed.append((current.revision, title))
            except StoreError as exc:
                refused.append(exc)
                with contextlib.suppress(StoreError):
                    current = store.load(canvas.id)

    worker = threading.Thread(target=burst)
    worker.start()
    try:
        while len(confirmed) < 5:
            stop.wait(0.02)
        server.stop()                 # immediate: as a crash or a pulled cable
        while not refused:
            stop.wait(0.02)
        server.start()
        before = len(confirmed)
        deadline = threading.Event()
        for _ in range(200):
            if len(confirmed) >= before + 5:
                break
            deadline.wait(0.05)
    finally:
        stop.set()
        worker.join(30)
    assert len(confirmed) >= 10 and refused
    for error in refused:
        assert_one_sentence(error)
    last_revision, last_title = confirmed[-1]
    stored = store.load(canvas.id)
    assert stored.revision == last_revision and stored.title == last_title
    history = set(store.revisions(canvas.id))
    for revision, title in confirmed[-19:]:   # the history keeps the last 20 revisions
        assert revision in history, revision
        assert store.load_revision(canvas.id, revision).title == title
    backend.close()


def test_once_the_database_is_known_down_each_call_fails_fast_and_back_at_once(
        own_postgres_server):
    """Issue 22: a page run makes several store calls; at ~10 s of retries each, an outage
    blocked a run for ~30 s and the browser whitened the page. After the first refusal
    the backend knows the server is down: the next calls are refused at once, and the
    first one after the server is back works."""
    import time

    server = own_postgres_server
    backend = PostgresBackend(server.new_database())
    store = backend.canvases("amira")
    saved = store.create(blank_canvas("Before"))
    server.stop()
    with pytest.raises(StoreError):
        store.load(saved.id)  # the first one rides out the retries, then refuses
    for _ in range(3):
        began = time.monotonic()
        with pytest.raises(StoreError) as refused:
            store.load(saved.id)
        assert time.monotonic() - began < 1.5
        assert_one_sentence(refused.value)
    server.start()
    assert store.load(saved.id).title == "Before"
    assert store.save(saved.model_copy(update={"title": "After"})).revision == 2
    backend.close()
