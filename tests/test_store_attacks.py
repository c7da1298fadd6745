"""The attacks measured in issue 13, replayed against the store (threads and processes).

Every test takes ``store_backend`` and uses only the storage contract, so each one runs
against the data folder and against PostgreSQL. ``store_backend.open()`` stands for a
second app server on the same store (for PostgreSQL, a backend with its own pool).
"""

from __future__ import annotations

import errno
import io
import json
import multiprocessing
import os
import threading
import zipfile

import bcrypt
import pytest

from canvas import config
from canvas.config import LOCKOUT_MINUTES, MAX_LOGIN_ATTEMPTS
from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from canvas.fileformat.validation import MAX_FILE_BYTES, parse_canvas
from canvas.i18n import LANGUAGES, get_translator
from canvas.store import (
    FACILITATOR,
    LEARNER,
    AccountBackend,
    CanvasBackend,
    StoreError,
    WorkshopBackend,
)
from canvas.store.choose import delete_user, export_user_zip
from canvas.store.folder import accounts as folder_accounts_module
from canvas.store.rules import accounts as accounts_module
from canvas.store.rules.mentor_links import token_hash
from tests.store_helpers import big_canvas, run_processes, run_threads

PASSWORD = "Secret#123"
RACERS = 20


def register(accounts: AccountBackend, name: str, password: str = PASSWORD,
             email: str | None = None) -> None:
    accounts.register(name, email or f"{name}@example.org", name.title(), "Tester", password)


def one_line_sentences(error: StoreError) -> None:
    for language in LANGUAGES:
        text = error.message(get_translator(language))
        assert text.strip() and "\n" not in text and "{" not in text, (language, text)
        assert "Traceback" not in text and "Errno" not in text, (language, text)


# -- 1. registration race --------------------------------------------------------------


def test_twenty_threads_registering_one_name_make_one_account(store_backend):
    accounts = store_backend.open().accounts()
    results = run_threads(RACERS, lambda i: register(
        store_backend.open().accounts(), "amira", f"Pass{i}word", f"amira{i}@example.org"))
    winners = [i for i, r in enumerate(results) if r is None]
    assert len(winners) == 1, results
    refusals = [r for r in results if r is not None]
    assert {r.code for r in refusals} == {"auth.error.username_taken"}
    assert accounts.usernames() == ["amira"]
    winner = winners[0]
    assert accounts.user("amira")["email"] == f"amira{winner}@example.org"
    # The first person's password keeps working; nobody else's does.
    assert accounts.authenticate("amira", f"Pass{winner}word").username == "amira"
    with pytest.raises(StoreError):
        accounts.authenticate("amira", f"Pass{(winner + 1) % RACERS}word")


def test_twenty_processes_registering_one_name_make_one_account(store_backend):
    results = run_processes(store_backend, RACERS, lambda backend, i: register(
        backend.accounts(), "amira", f"Pass{i}word", f"amira{i}@example.org") or "ok")
    assert sorted(results.values()).count("ok") == 1, results
    assert set(results.values()) == {"ok", "auth.error.username_taken"}
    accounts = store_backend.open().accounts()
    assert accounts.usernames() == ["amira"]
    winner = next(i for i, r in results.items() if r == "ok")
    assert accounts.authenticate("amira", f"Pass{winner}word").username == "amira"


def test_one_email_in_any_case_makes_one_account(store_backend):
    results = run_threads(RACERS, lambda i: register(
        store_backend.open().accounts(), f"user{i}", email=("Amira@Example.org" if i % 2
                                                             else "amira@example.ORG")))
    assert sum(r is None for r in results) == 1, results
    assert {r.code for r in results if r is not None} == {"auth.error.email_taken"}
    assert len(store_backend.open().accounts().usernames()) == 1


def test_first_account_is_the_facilitator_even_in_a_race(store_backend):
    run_threads(8, lambda i: register(store_backend.open().accounts(), f"user{i}"))
    accounts = store_backend.open().accounts()
    roles = [accounts.roles(name) for name in accounts.usernames()]
    assert len(roles) == 8
    assert roles.count([FACILITATOR]) == 1 and roles.count([LEARNER]) == 7


# -- 2. lockout under parallel guesses -------------------------------------------------


def _guess(backend, index: int):
    try:
        backend.accounts().authenticate("amira", f"wrong-{index}")
    except StoreError as exc:
        return exc.code
    return "logged in"


def all_in_flight(monkeypatch, barrier) -> None:
    """Hold every password check until all guesses are being checked, as when they arrive
    at once: none of them can have seen another one's outcome (or the lock) yet."""
    real = accounts_module.check_password

    def held(password: str, hashed: bytes) -> bool:
        barrier.wait(timeout=60)
        return real(password, hashed)

    monkeypatch.setattr(accounts_module, "check_password", held)


def test_twenty_parallel_wrong_passwords_all_count_and_lock(store_backend, monkeypatch):
    accounts = store_backend.open().accounts()
    register(accounts, "amira")
    all_in_flight(monkeypatch, threading.Barrier(RACERS))
    results = run_threads(RACERS, lambda i: _guess(store_backend.open(), i))
    assert "logged in" not in results
    assert set(results) <= {"auth.error.wrong", "auth.error.locked"}
    entry = accounts.user("amira")
    assert entry["failed_login_attempts"] == RACERS
    assert 0 < accounts.lock_remaining_minutes("amira") <= LOCKOUT_MINUTES
    with pytest.raises(StoreError) as refused:
        accounts.authenticate("amira", PASSWORD)  # even the right one, until the lock ends
    assert refused.value.code == "auth.error.locked"


def test_parallel_wrong_passwords_from_processes_all_count(store_backend, monkeypatch):
    accounts = store_backend.open().accounts()
    register(accounts, "amira")
    all_in_flight(monkeypatch, multiprocessing.get_context("fork").Barrier(10))
    results = run_processes(store_backend, 10, _guess)
    assert "logged in" not in results.values()
    assert accounts.user("amira")["failed_login_attempts"] == 10
    assert accounts.lock_remaining_minutes("amira") > 0


def test_lock_ends_after_its_time_and_the_right_password_works(store_backend, monkeypatch):
    accounts = store_backend.open().accounts()
    register(accounts, "amira")
    for attempt in range(MAX_LOGIN_ATTEMPTS):
        with pytest.raises(StoreError):
            accounts.authenticate("amira", f"wrong-{attempt}")
    with pytest.raises(StoreError) as refused:
        accounts.authenticate("amira", PASSWORD)
    assert refused.value.code == "auth.error.locked"
    one_line_sentences(refused.value)
    real_time = accounts_module.time.time
    monkeypatch.setattr(accounts_module.time, "time",
                        lambda: real_time() + LOCKOUT_MINUTES * 60 + 1)
    assert accounts.lock_remaining_minutes("amira") == 0
    assert accounts.authenticate("amira", PASSWORD).username == "amira"
    assert accounts.user("amira")["failed_login_attempts"] == 0


# -- 3. fail closed --------------------------------------------------------------------


def _fail(code: int):
    def refuse(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))
    return refuse


#: Where a broken data folder shows up: the write of the file (full disk) or already the
#: lock file beside it (read-only folder; root ignores chmod, so it is simulated). On
#: PostgreSQL the same two faults come from the server itself: every write to the accounts
#: table fails with the SQLSTATE of a full disk or of a read-only transaction.
BROKEN_FOLDERS = {"full disk": ("atomic_write", errno.ENOSPC),
                  "read-only folder": ("file_lock", errno.EROFS)}
BROKEN_DATABASES = {"full disk": "53100", "read-only folder": "25006"}


def break_store(store_backend, monkeypatch, broken: str):
    """Make every account write fail as ``broken`` describes; returns the repair."""
    if store_backend.kind == "folder":
        target, code = BROKEN_FOLDERS[broken]
        monkeypatch.setattr(folder_accounts_module, target, _fail(code))
        return monkeypatch.undo
    import psycopg

    state = BROKEN_DATABASES[broken]
    with psycopg.connect(store_backend.location, autocommit=True) as conn:
        conn.execute(f"""
            CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'broken store' USING ERRCODE = '{state}'; END $$;
            CREATE TRIGGER refuse_writes BEFORE INSERT OR UPDATE OR DELETE ON accounts
                FOR EACH STATEMENT EXECUTE FUNCTION refuse_writes();""")

    def repair() -> None:
        with psycopg.connect(store_backend.location, autocommit=True) as conn:
            conn.execute("DROP TRIGGER refuse_writes ON accounts")
    return repair


@pytest.mark.parametrize("broken", list(BROKEN_FOLDERS))
def test_login_is_refused_when_attempts_cannot_be_counted(store_backend, monkeypatch, broken):
    accounts = store_backend.open().accounts()
    register(accounts, "amira")
    repair = break_store(store_backend, monkeypatch, broken)
    for password in ("wrong-password", PASSWORD, "wrong-again"):
        with pytest.raises(StoreError) as refused:
            accounts.authenticate("amira", password)
        assert refused.value.code == "security.login_unavailable", password
        one_line_sentences(refused.value)
    repair()
    assert accounts.authenticate("amira", PASSWORD).username == "amira"


def test_registration_on_a_full_disk_is_a_sentence(store_backend, monkeypatch):
    break_store(store_backend, monkeypatch, "full disk")
    with pytest.raises(StoreError) as refused:
        register(store_backend.open().accounts(), "amira")
    assert refused.value.code == "security.store_unavailable"
    one_line_sentences(refused.value)


# -- 4. unknown names cost one bcrypt check too ----------------------------------------


def test_unknown_username_costs_the_same_bcrypt_check(store_backend, monkeypatch):
    accounts = store_backend.open().accounts()
    register(accounts, "amira")
    calls: list[bytes] = []
    real = bcrypt.checkpw

    def counting(password: bytes, hashed: bytes) -> bool:
        calls.append(hashed)
        return real(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counting)
    for name in ("amira", "ghost", "../etc", "AMIRA!"):
        calls.clear()
        with pytest.raises(StoreError) as refused:
            accounts.authenticate(name, "wrong-password")
        assert refused.value.code == "auth.error.wrong", name
        assert len(calls) == 1, name
        # the same cost as a real account
        assert calls[0].startswith(f"$2b${config.bcrypt_rounds():02d}$".encode()), name


# -- 5. revocation everywhere ----------------------------------------------------------


def test_password_change_ends_earlier_sessions_on_every_server(store_backend):
    here, there = store_backend.open().accounts(), store_backend.open().accounts()
    register(here, "amira")
    login = there.authenticate("amira", PASSWORD)  # a cookie issued on the other server
    assert there.session_generation("amira") == login.generation
    new = here.change_password("amira", PASSWORD, "Another#456")
    assert new != login.generation
    assert there.session_generation("amira") == new  # seen by the other server at once
    assert store_backend.open().accounts().session_generation("amira") != login.generation
    with pytest.raises(StoreError):
        there.authenticate("amira", PASSWORD)
    assert there.authenticate("amira", "Another#456").generation == new


def test_password_change_is_seen_by_another_process(store_backend):
    accounts = store_backend.open().accounts()
    register(accounts, "amira")
    before = accounts.session_generation("amira")
    accounts.change_password("amira", PASSWORD, "Another#456")
    seen = run_processes(store_backend, 1,
                         lambda backend, _: backend.accounts().session_generation("amira"))
    assert seen[0] != before


def test_logout_reset_and_deletion_each_revoke(store_backend):
    accounts = store_backend.open().accounts()
    register(accounts, "admin")
    register(accounts, "amira")
    seen = [accounts.session_generation("amira")]
    seen.append(accounts.revoke_sessions("amira"))
    accounts.reset_password("amira", "Reset#789")
    seen.append(accounts.session_generation("amira"))
    assert len(set(seen)) == 3
    assert accounts.authenticate("amira", "Reset#789").generation == seen[-1]
    delete_user(store_backend.open(), "amira")
    assert accounts.session_generation("amira") is None


def test_wrong_current_password_changes_nothing_and_counts(store_backend):
    accounts = store_backend.open().accounts()
    register(accounts, "amira")
    generation = accounts.session_generation("amira")
    with pytest.raises(StoreError) as refused:
        accounts.change_password("amira", "not-it-1", "Another#456")
    assert refused.value.code == "auth.error.current_wrong"
    assert accounts.session_generation("amira") == generation
    assert accounts.user("amira")["failed_login_attempts"] == 1
    assert accounts.authenticate("amira", PASSWORD)


# -- 6. what is stored always lists and opens again ------------------------------------


def test_compact_import_under_the_limit_lists_and_opens_again(store_backend):
    canvas = big_canvas()
    upload = canvas.model_dump_json().encode()
    assert 1.6e6 < len(upload) < MAX_FILE_BYTES < len(canvas.to_json().encode())
    store = store_backend.open().canvases("amira")
    stored = store.import_file(upload, "big.json")
    assert [s.id for s in store.list()] == [stored.id]
    assert store.load(stored.id).pains == canvas.pains
    download = store.file_bytes(stored.id)
    assert len(download) <= MAX_FILE_BYTES
    assert parse_canvas(download).value_map == canvas.value_map  # the download imports
    copy = store.duplicate(stored.id, "Big copy")
    saved = store.save(store.load(stored.id).model_copy(update={"title": "Bigger"}))
    assert {s.id for s in store.list()} == {stored.id, copy.id}
    assert store.load(saved.id).title == "Bigger" and store.load(copy.id).pains


def test_every_write_path_refuses_what_would_not_open_again(store_backend):
    store = store_backend.open().canvases("amira")
    small = store.create(blank_canvas("Small"))
    too_big = big_canvas(notes=2000)
    assert len(too_big.model_dump_json()) > MAX_FILE_BYTES
    attempts = {
        "create": lambda: store.create(too_big),
        "keep mine as a copy": lambda: store.create(too_big.model_copy(
            update={"title": "Mine"})),
        "save": lambda: store.save(too_big.model_copy(
            update={"id": small.id, "revision": small.revision})),
    }
    for path, attempt in attempts.items():
        with pytest.raises(StoreError) as refused:
            attempt()
        assert refused.value.code == "security.canvas_too_large", path
        one_line_sentences(refused.value)
    assert [s.id for s in store.list()] == [small.id]
    assert store.load(small.id).revision == small.revision


def test_small_canvases_are_still_stored_indented(store_backend):
    store = store_backend.open().canvases("amira")
    canvas = store.create(blank_canvas("Readable"))
    assert store.file_bytes(canvas.id) == canvas.to_json().encode()


# -- 7. quotas and limits --------------------------------------------------------------


def test_canvas_count_quota_on_create_import_and_duplicate(store_backend, monkeypatch):
    monkeypatch.setenv("VPC_MAX_CANVASES", "2")
    store = store_backend.open().canvases("amira")
    first = store.create(blank_canvas("One"))
    store.import_file(blank_canvas("Two").to_json().encode(), "two.json")
    for attempt in (lambda: store.create(blank_canvas("Three")),
                    lambda: store.import_file(blank_canvas("Three").to_json().encode(), "x"),
                    lambda: store.duplicate(first.id, "Copy")):
        with pytest.raises(StoreError) as refused:
            attempt()
        assert refused.value.code == "security.quota_canvases"
        one_line_sentences(refused.value)
    assert len(store.list()) == 2
    assert len(store_backend.open().canvases("bogdan").list()) == 0  # quotas are per user
    store_backend.open().canvases("bogdan").create(blank_canvas("Bogdan's"))


def test_canvas_count_quota_holds_under_parallel_creates(store_backend, monkeypatch):
    monkeypatch.setenv("VPC_MAX_CANVASES", "5")
    results = run_threads(12, lambda i: store_backend.open().canvases("amira").create(
        blank_canvas(f"Canvas {i}")))
    assert sum(not isinstance(r, Exception) for r in results) == 5
    assert len(store_backend.open().canvases("amira").list()) == 5


def test_byte_quota_refuses_growth_but_allows_shrinking(store_backend, monkeypatch):
    store = store_backend.open().canvases("amira")
    canvas = store.create(blank_canvas("Grows", segment_name="x"))
    size = len(store.file_bytes(canvas.id))
    monkeypatch.setenv("VPC_MAX_USER_BYTES", str(size + 50))
    grown = canvas.model_copy(update={"title": "G" * 120})
    with pytest.raises(StoreError) as refused:
        store.save(grown)
    assert refused.value.code == "security.quota_bytes"
    one_line_sentences(refused.value)
    # A limit under a megabyte reads in kilobytes, not "0 MB".
    assert f"({size + 50} Б)" in refused.value.message(get_translator("uk"))
    assert "(0 MB)" not in refused.value.message(get_translator("en"))
    with pytest.raises(StoreError):
        store.create(blank_canvas("Another"))
    monkeypatch.setenv("VPC_MAX_USER_BYTES", str(size - 10))  # already over: may shrink
    assert store.save(canvas.model_copy(update={"title": "G"})).revision == 2


def test_registration_rate_limit_per_server(store_backend, monkeypatch):
    monkeypatch.setenv("VPC_REGISTRATIONS_PER_MINUTE", "3")
    accounts = store_backend.open().accounts()
    for n in range(3):
        register(accounts, f"user{n}")
    with pytest.raises(StoreError) as refused:
        register(accounts, "user3")
    assert refused.value.code == "security.registration_busy"
    one_line_sentences(refused.value)
    assert len(accounts.usernames()) == 3


def test_registration_limits_for_all_servers(store_backend, monkeypatch):
    """The hourly limit and the cap count what is in the store, whichever server made it."""
    monkeypatch.setenv("VPC_REGISTRATIONS_PER_HOUR", "4")
    results = run_processes(store_backend, 6, lambda backend, i: register(
        backend.accounts(), f"user{i}") or "ok")
    assert sorted(results.values()).count("ok") == 4, results
    assert set(results.values()) == {"ok", "security.registration_busy"}
    monkeypatch.delenv("VPC_REGISTRATIONS_PER_HOUR")
    monkeypatch.setenv("VPC_MAX_ACCOUNTS", "4")
    with pytest.raises(StoreError) as refused:
        register(store_backend.open().accounts(), "late")
    assert refused.value.code == "security.registration_full"
    one_line_sentences(refused.value)


# -- 8. export and deletion ------------------------------------------------------------


def seeded(store_backend):
    backend = store_backend.open()
    accounts = backend.accounts()
    register(accounts, "admin")
    register(accounts, "amira")
    accounts.set_preference("amira", "language", "uk")
    mine = backend.canvases("amira")
    shared = mine.create(blank_canvas("Ніч / Nuit: <b>shared</b>"))
    mine.create(blank_canvas("Private"))
    workshops = backend.workshops()
    room = workshops.create("Morning", "admin")
    workshops.join(room.code, "amira")
    workshops.share(room.code, "amira", shared.id)
    return backend, room, shared


def test_export_holds_every_canvas_and_the_preferences_but_no_secret(store_backend):
    backend, _, shared = seeded(store_backend)
    archive = zipfile.ZipFile(io.BytesIO(export_user_zip(backend, "amira")))
    names = archive.namelist()
    account = json.loads(archive.read("account.json"))
    assert account["username"] == "amira" and account["preferences"] == {"language": "uk"}
    text = b"".join(archive.read(name) for name in names)
    assert b"$2b$" not in text and b"password" not in text and b"failed" not in text
    canvases = [parse_canvas(archive.read(n), n) for n in names if n.startswith("canvases/")]
    assert sorted(c.title for c in canvases) == sorted(["Private", shared.title])
    assert all(not name.startswith(("/", "..")) and ".." not in name for name in names)


def test_export_holds_the_comments_on_their_canvases_and_their_links_but_no_hash(
        store_backend):
    backend, room, shared = seeded(store_backend)
    mine = backend.canvases("amira")
    shared = mine.save(editing.add_item(shared, "pains", "Черги о 8:00", kind="obstacle",
                                        severity=3)[0])
    pain = shared.pains[0].id
    comments = backend.comments()
    asked = comments.add(room.code, "admin", "amira", shared.id, pain, "Who queues?")
    done = comments.add(room.code, "admin", "amira", shared.id, pain, "Rank it higher")
    comments.set_resolved("amira", done.id, True)
    register(backend.accounts(), "bob")  # another learner: nothing of his is exported
    theirs = backend.canvases("bob").create(editing.add_item(
        blank_canvas("Bob's"), "jobs", "Bake", kind="functional", importance=3)[0])
    backend.workshops().join(room.code, "bob")
    backend.workshops().share(room.code, "bob", theirs.id)
    comments.add(room.code, "admin", "bob", theirs.id, theirs.jobs[0].id, "Not Amira's")
    links = backend.mentor_links()
    _, bob_token = links.create("bob", theirs.id, "Bob's mentor", 7)
    _, protected = links.create("amira", shared.id, "Nina", 30, "Mentor#2026")
    _, plain = links.create("amira", shared.id, "Sam", 7)
    links.open(plain)

    archive = zipfile.ZipFile(io.BytesIO(export_user_zip(backend, "amira")))
    exported = json.loads(archive.read("comments.json"))
    assert exported == [
        {"canvas_id": shared.id, "item_id": pain, "item_text": "Черги о 8:00",
         "author": "admin", "text": text, "created_at": made.model_dump(mode="json")[
             "created_at"], "resolved": resolved}
        for made, text, resolved in ((asked, "Who queues?", False),
                                     (done, "Rank it higher", True))]
    listed = sorted(json.loads(archive.read("mentor_links.json")), key=lambda x: x["label"])
    assert [(x["label"], x["canvas_id"], x["has_password"], x["last_opened_at"] is None)
            for x in listed] == [("Nina", shared.id, True, True), ("Sam", shared.id, False, False)]
    assert set(listed[0]) == {"label", "canvas_id", "created_at", "expires_at",
                              "last_opened_at", "has_password"}
    text = b"".join(archive.read(name) for name in archive.namelist())
    secrets = [token_hash(token).encode() for token in (protected, plain, bob_token)]
    for secret in [b"$2b$", protected.encode(), plain.encode(), *secrets]:
        assert secret not in text
    assert b"Not Amira" not in text and b"Bob" not in text


def test_delete_user_takes_canvases_history_and_shares(store_backend):
    backend, room, shared = seeded(store_backend)
    backend.canvases("amira").save(backend.canvases("amira").load(shared.id).model_copy(
        update={"title": "Edited"}))
    delete_user(backend, "amira")
    other = store_backend.open()
    assert other.accounts().usernames() == ["admin"]
    assert other.accounts().session_generation("amira") is None
    assert other.canvases("amira").list() == []
    assert other.canvases("amira").revisions(shared.id) == []
    assert not other.canvases("amira").exists(shared.id)
    assert other.workshops().gallery(room.code, "admin") == []
    assert other.workshops().joined_by("amira") == []
    with pytest.raises(StoreError):
        other.accounts().authenticate("amira", PASSWORD)
    # The name is free again, and whoever takes it starts with nothing.
    register(other.accounts(), "amira")
    assert other.canvases("amira").list() == []


def test_last_facilitator_cannot_delete_their_account(store_backend):
    backend, room, _ = seeded(store_backend)
    with pytest.raises(StoreError) as refused:
        delete_user(backend, "admin")
    assert refused.value.code == "security.last_facilitator"
    one_line_sentences(refused.value)
    assert backend.accounts().usernames() == ["admin", "amira"]
    assert backend.workshops().facilitated_by("admin")[0].code == room.code
    backend.accounts().set_roles("amira", [FACILITATOR])
    delete_user(backend, "admin")
    assert backend.workshops().facilitated_by("admin") == []
    assert backend.canvases("amira").list()  # the learner keeps their own canvases


# -- 9. the contract -------------------------------------------------------------------


def test_backend_conforms_to_the_contract(store_backend):
    backend = store_backend.open()
    assert isinstance(backend.accounts(), AccountBackend)
    assert isinstance(backend.canvases("amira"), CanvasBackend)
    assert isinstance(backend.workshops(), WorkshopBackend)


def test_pages_and_ui_talk_only_to_the_contract():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    offenders = []
    for path in [*root.glob("pages/*.py"), *root.rglob("canvas/ui/*.py"), root / "app.py"]:
        text = path.read_text(encoding="utf-8")
        for module in ("canvas.store.folder", "canvas.store.postgres"):
            if module in text:
                offenders.append(f"{path.relative_to(root)}: {module}")
    assert offenders == []
