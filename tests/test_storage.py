"""Storage: revisions, history, stale saves, atomic writes, imports and path safety.

Tests taking ``store`` run on both backends (``store_backend``); those about files, paths
and atomic renames take ``folder_store``, the data-folder backend itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from canvas.fileformat.models import Canvas, Gain, Pain, PainReliever, Segment, blank_canvas
from canvas.fileformat.validation import CanvasFileError
from canvas.store.errors import StaleRevisionError, StoreError
from canvas.store.folder import canvases as folder_canvases
from canvas.store.folder.canvases import CanvasStore
from canvas.store.folder.files import atomic_write
from canvas.store.postgres import canvases as postgres_canvases
from canvas.store.rules import canvases as rules_canvases
from canvas.store.rules.canvases import HISTORY_KEEP


@pytest.fixture
def data_dir(tmp_path) -> Path:
    path = tmp_path / "nested" / "data"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def backend(store_backend):
    return store_backend.open()


@pytest.fixture
def store(backend):
    return backend.canvases("amira")


@pytest.fixture
def folder_store(data_dir) -> CanvasStore:
    return CanvasStore(data_dir, "amira")


def sample(title: str = "Night-shift nurses") -> Canvas:
    canvas = blank_canvas(title)
    return canvas.model_copy(update={
        "pains": [Pain(id="p1", text="Closed at 7am", kind="obstacle", severity=4)],
        "gains": [Gain(id="g1", text="Warm food", kind="desired", relevance=5)],
        "segment": Segment(name="Nurses"),
        "value_map": canvas.value_map.model_copy(update={"pain_relievers": [
            PainReliever(id="r1", text="Open at 6am", relieves=["p1"])]}),
    })


def tree_hashes(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` with the hash of its bytes."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            out[os.path.relpath(os.path.join(dirpath, name), root) + "/"] = "dir"
        for name in filenames:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                out[os.path.relpath(path, root)] = hashlib.sha256(handle.read()).hexdigest()
    return out


def stored_bytes(store, canvas_id: str) -> bytes:
    """What the backend holds for the canvas: the file, or the database's text."""
    if isinstance(store, CanvasStore):
        return (store.canvas_dir / f"{canvas_id}.json").read_bytes()
    row = store.backend.run(lambda cur: cur.execute(
        "SELECT body FROM canvases WHERE username = %s AND id = %s",
        (store.username, canvas_id)).fetchone())
    return row[0].encode("utf-8")


# -- revisions -----------------------------------------------------------------------------


def test_create_gives_revision_one(store):
    created = store.create(sample())
    assert created.revision == 1
    loaded = store.load(created.id)
    assert loaded == created
    assert store.revisions(created.id) == [1]


def test_create_on_a_fresh_folder_does_not_need_the_folder(tmp_path):
    fresh = CanvasStore(tmp_path / "does-not-exist-yet", "amira")
    assert fresh.list() == []
    created = fresh.create(sample())
    assert fresh.load(created.id).revision == 1


def test_save_increments_revision(store):
    created = store.create(sample())
    second = store.save(created.model_copy(update={"title": "Second"}))
    assert second.revision == 2
    third = store.save(second.model_copy(update={"title": "Third"}), expected_revision=2)
    assert third.revision == 3
    loaded = store.load(created.id)
    assert (loaded.title, loaded.revision) == ("Third", 3)
    assert store.revisions(created.id) == [3, 2, 1]


def test_stale_save_is_refused_and_changes_nothing(folder_store, data_dir):
    created = folder_store.create(sample())
    mine = created.model_copy(update={"title": "Tab A"})
    theirs = created.model_copy(update={"title": "Tab B"})
    winner = folder_store.save(mine)
    before = tree_hashes(data_dir)
    with pytest.raises(StaleRevisionError) as info:
        folder_store.save(theirs)
    assert isinstance(info.value, StoreError)
    assert info.value.current == winner
    assert info.value.current.title == "Tab A"
    assert info.value.current.revision == 2
    assert tree_hashes(data_dir) == before
    assert folder_store.load(created.id).title == "Tab A"


def test_stale_explicit_expected_revision(store):
    created = store.create(sample())
    store.save(created)
    with pytest.raises(StaleRevisionError) as info:
        store.save(created.model_copy(update={"title": "Late"}), expected_revision=1)
    assert info.value.current.revision == 2


def test_save_of_unknown_canvas_is_refused(store):
    with pytest.raises(StoreError) as info:
        store.save(sample())
    assert info.value.code == "not_found"
    assert store.list() == []


def test_save_refuses_an_invalid_in_memory_canvas(store):
    created = store.create(sample())
    before = stored_bytes(store, created.id)
    broken = created.model_copy(update={"pains": []})  # r1 now relieves a missing pain
    with pytest.raises(CanvasFileError):
        store.save(broken)
    assert stored_bytes(store, created.id) == before


def test_history_keeps_last_twenty_and_restores(store):
    canvas = store.create(sample("Rev 1"))
    for n in range(2, 27):  # 25 saves: revisions 2..26
        canvas = store.save(canvas.model_copy(update={"title": f"Rev {n}"}))
    assert canvas.revision == 26
    revisions = store.revisions(canvas.id)
    assert revisions == list(range(26, 26 - HISTORY_KEEP, -1))
    assert len(revisions) == HISTORY_KEEP == 20
    for gone in (1, 6):
        with pytest.raises(StoreError):
            store.load_revision(canvas.id, gone)
    old = store.load_revision(canvas.id, 7)
    assert (old.title, old.revision) == ("Rev 7", 7)

    restored = store.restore(canvas.id, 7, expected_revision=26)
    assert restored.revision == 27
    assert restored.title == "Rev 7"
    assert store.load(canvas.id) == restored
    assert store.revisions(canvas.id)[0] == 27
    assert len(store.revisions(canvas.id)) == HISTORY_KEEP
    # the restore itself can be undone
    back = store.restore(canvas.id, 26, expected_revision=27)
    assert (back.title, back.revision) == ("Rev 26", 28)


def test_restore_with_stale_revision_is_refused(store):
    canvas = store.create(sample("One"))
    canvas = store.save(canvas.model_copy(update={"title": "Two"}))
    with pytest.raises(StaleRevisionError):
        store.restore(canvas.id, 1, expected_revision=1)
    assert store.load(canvas.id).title == "Two"


def test_rename(store):
    canvas = store.create(sample("Old"))
    renamed = store.rename(canvas.id, "New", expected_revision=1)
    assert (renamed.title, renamed.revision) == ("New", 2)
    with pytest.raises(StaleRevisionError):
        store.rename(canvas.id, "Newer", expected_revision=1)


def test_tricky_text_survives_save_and_load(store):
    text = "<b>Fish & chips</b> \"quoted\" 'single' 🍲 \u200fRTL\u200e\nsecond line"
    canvas = store.create(sample(title="Café <&> 🍲"))
    pain = canvas.pains[0].model_copy(update={"text": text, "notes": text})
    canvas = store.save(canvas.model_copy(update={"pains": [pain]}))
    for _ in range(3):
        canvas = store.save(store.load(canvas.id))
    loaded = store.load(canvas.id)
    assert loaded.pains[0].text == text
    assert loaded.pains[0].notes == text
    assert loaded.title == "Café <&> 🍲"
    raw = stored_bytes(store, canvas.id).decode("utf-8")
    assert text.split("\n")[0].replace('"', '\\"') in raw  # stored as typed, not escaped


# -- listing ---------------------------------------------------------------------------------


class FakeClock:
    def __init__(self):
        self.now = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)

    def __call__(self):
        self.now += timedelta(minutes=1)
        return self.now


def test_list_newest_first_with_counts_and_sees_changes(store, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(folder_canvases, "utc_now", clock)
    monkeypatch.setattr(postgres_canvases, "utc_now", clock)
    monkeypatch.setattr(rules_canvases, "utc_now", clock)  # a new canvas's first revision
    a = store.create(sample("Alpha"))
    b = store.create(blank_canvas("Beta"))
    listed = store.list()
    assert [s.id for s in listed] == [b.id, a.id]
    first = listed[1]
    assert (first.title, first.jobs, first.pains, first.gains, first.value_map,
            first.revision) == ("Alpha", 0, 1, 1, 1, 1)
    assert (listed[0].pains, listed[0].value_map) == (0, 0)

    # a save of the older canvas moves it to the top and the summary follows the change
    gains = [*a.gains, Gain(id="g2", text="Quiet", kind="expected", relevance=2)]
    a2 = store.save(a.model_copy(update={"title": "Alpha 2", "gains": gains}))
    listed = store.list()
    assert [s.id for s in listed] == [a.id, b.id]
    assert (listed[0].title, listed[0].gains, listed[0].revision) == ("Alpha 2", 2, 2)
    assert listed[0].updated_at == a2.updated_at


def test_list_sees_same_size_change_right_after_caching(store):
    """A summary cached a moment ago must not hide a save of the same size."""
    for _ in range(20):
        canvas = store.create(sample("AAAA"))
        store.list()
        store.rename(canvas.id, "BBBB", expected_revision=1)
        titles = {s.id: s.title for s in store.list()}
        assert titles[canvas.id] == "BBBB"


def test_list_skips_invalid_files_and_other_users(folder_store, data_dir):
    good = folder_store.create(sample())
    (folder_store.canvas_dir / "broken.json").write_text("{not json", encoding="utf-8")
    CanvasStore(data_dir, "someone-else").create(sample("Not mine"))
    assert [s.id for s in folder_store.list()] == [good.id]


# -- duplicate and delete ------------------------------------------------------------------


def test_duplicate_gets_new_id_and_title(store):
    source = store.create(sample("Original"))
    source = store.save(source.model_copy(update={"title": "Original v2"}))
    copy = store.duplicate(source.id, "Copy of original")
    assert copy.id != source.id
    assert copy.title == "Copy of original"
    assert copy.revision == 1
    assert copy.pains == source.pains and copy.value_map == source.value_map
    assert store.load(source.id) == source  # the source is untouched
    assert {s.id for s in store.list()} == {source.id, copy.id}
    assert store.revisions(copy.id) == [1]


def test_delete_removes_file_history_and_meta(store):
    keep = store.create(sample("Keep"))
    gone = store.create(sample("Gone"))
    gone = store.save(gone)
    store.set_dismissed_nudges(gone.id, {"no_pains"})
    store.set_dismissed_nudges(keep.id, {"no_gains"})
    store.delete(gone.id)
    assert not store.exists(gone.id)
    with pytest.raises(StoreError):
        store.load(gone.id)
    assert store.revisions(gone.id) == []
    assert store.dismissed_nudges(gone.id) == set()
    if isinstance(store, CanvasStore):
        leftovers = [p for p in store.root.rglob("*")
                     if gone.id in p.name and p.suffix != ".lock"]
        assert leftovers == []
    assert [s.id for s in store.list()] == [keep.id]
    assert store.dismissed_nudges(keep.id) == {"no_gains"}
    with pytest.raises(StoreError):
        store.delete(gone.id)


# -- imports -------------------------------------------------------------------------------


def test_import_valid_file(store):
    raw = sample("Imported").to_json().encode()
    imported = store.import_file(raw, "handout.json")
    assert imported.revision == 1
    assert store.load(imported.id).title == "Imported"


@pytest.mark.parametrize("raw", [
    b"{not json",
    b"\xff\xfe\x00",
    json.dumps({"schema_version": 1}).encode(),
    json.dumps({**json.loads(sample().to_json()), "schema_version": 99}).encode(),
    json.dumps({**json.loads(sample().to_json()), "colour": "red"}).encode(),
    json.dumps({**json.loads(sample().to_json()), "pains": []}).encode(),  # dangling link
])
def test_refused_import_changes_no_stored_byte(folder_store, data_dir, raw):
    existing = folder_store.create(sample("Existing"))
    folder_store.save(existing)
    folder_store.set_dismissed_nudges(existing.id, {"x"})
    before = tree_hashes(data_dir)
    with pytest.raises(CanvasFileError) as info:
        folder_store.import_file(raw, "upload.json")
    assert info.value.source == "upload.json"
    assert tree_hashes(data_dir) == before


def test_refused_import_of_existing_id_changes_nothing(folder_store, data_dir):
    existing = folder_store.create(sample("Existing"))
    data = json.loads(existing.to_json())
    data["title"] = ""  # invalid, same id
    before = tree_hashes(data_dir)
    with pytest.raises(CanvasFileError):
        folder_store.import_file(json.dumps(data).encode(), "same-id.json")
    assert tree_hashes(data_dir) == before


def test_import_with_existing_id_gets_fresh_id(store):
    existing = store.create(sample("Existing"))
    before = stored_bytes(store, existing.id)
    data = json.loads(existing.to_json())
    data["title"] = "Imported twin"
    imported = store.import_file(json.dumps(data).encode(), "twin.json")
    assert imported.id != existing.id
    assert imported.title == "Imported twin"
    assert stored_bytes(store, existing.id) == before
    assert store.load(existing.id).title == "Existing"
    assert {s.id for s in store.list()} == {existing.id, imported.id}


def test_import_path_in_filename_is_not_used(folder_store, data_dir):
    with pytest.raises(CanvasFileError) as info:
        folder_store.import_file(b"{", "../../evil/name.json")
    assert "/" not in info.value.source
    imported = folder_store.import_file(sample().to_json().encode(), "../../evil/name.json")
    assert folder_store.exists(imported.id)
    assert not (data_dir.parent / "evil").exists()


# -- atomic writes ---------------------------------------------------------------------------


def test_atomic_write_leaves_no_temp_files(tmp_path):
    target = tmp_path / "out" / "file.json"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.json"]


def test_atomic_write_mode(tmp_path):
    target = tmp_path / "secret"
    atomic_write(target, b"x", mode=0o600)
    assert (target.stat().st_mode & 0o777) == 0o600


def test_failed_replace_keeps_old_content(tmp_path, monkeypatch):
    target = tmp_path / "file.json"
    atomic_write(target, b"old content")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(target, b"new content that never lands")
    monkeypatch.undo()
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_failed_write_mid_save_keeps_canvas_and_history(folder_store, monkeypatch):
    canvas = folder_store.create(sample("Safe"))
    before = stored_bytes(folder_store, canvas.id)

    def boom(src, dst):
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        folder_store.save(canvas.model_copy(update={"title": "Lost"}))
    monkeypatch.undo()
    assert stored_bytes(folder_store, canvas.id) == before
    assert folder_store.load(canvas.id).title == "Safe"
    temps = [p for p in folder_store.root.rglob("*") if p.name.endswith(".tmp")]
    assert temps == []
    # the folder_store still works afterwards
    assert folder_store.save(folder_store.load(canvas.id)).revision == 2


# -- path safety -----------------------------------------------------------------------------

BAD_USERNAMES = ["../x", "/etc", "a/b", "..", ".", "Ａdmin", "ａdmin", "admin\u0000", "Admin",
                 "ADMIN", "", " ", "аdmin", "admin\n", "admin/", "a\\b", "~root", ".hidden",
                 "x" * 65]
BAD_IDS = ["../../x", "/abs", "a.b", "..", ".", "%2e%2e", "a/b", "a\\b", "", "ａbc", "аbc",
           "abc\u200b", "abc\n", "abc\u0000", "x" * 65, "../" + "a" * 10]


def _outside_entries(tmp_path: Path, data_dir: Path) -> list[str]:
    return sorted(str(p) for p in tmp_path.rglob("*")
                  if p != data_dir and data_dir not in p.parents and p not in data_dir.parents)


@pytest.mark.parametrize("username", BAD_USERNAMES, ids=repr)
def test_bad_usernames_are_refused(tmp_path, data_dir, username):
    with pytest.raises(StoreError):
        CanvasStore(data_dir, username)
    assert _outside_entries(tmp_path, data_dir) == []
    assert list(data_dir.iterdir()) == []
    assert not Path("/etc/canvases").exists()


@pytest.mark.parametrize("username", ["amira", "a", "amira.k", "a-b_c", "amira@example.org",
                                      "0user"])
def test_good_usernames_are_accepted(data_dir, username):
    store = CanvasStore(data_dir, username)
    created = store.create(sample())
    assert store.load(created.id) == created
    assert store.root.resolve().parent == (data_dir / "users").resolve()


@pytest.mark.parametrize("canvas_id", BAD_IDS, ids=repr)
def test_bad_canvas_ids_are_refused(tmp_path, data_dir, folder_store, canvas_id):
    good = folder_store.create(sample())
    before = tree_hashes(data_dir)
    forged = good.model_copy(update={"id": canvas_id})  # bypasses model validation
    calls = [
        lambda: folder_store.load(canvas_id),
        lambda: folder_store.exists(canvas_id),
        lambda: folder_store.delete(canvas_id),
        lambda: folder_store.revisions(canvas_id),
        lambda: folder_store.load_revision(canvas_id, 1),
        lambda: folder_store.duplicate(canvas_id, "Copy"),
        lambda: folder_store.rename(canvas_id, "New", 1),
        lambda: folder_store.restore(canvas_id, 1, 1),
        lambda: folder_store.dismissed_nudges(canvas_id),
        lambda: folder_store.set_dismissed_nudges(canvas_id, {"x"}),
        lambda: folder_store.save(forged, expected_revision=1),
        lambda: folder_store.create(forged),
    ]
    for index, call in enumerate(calls):
        with pytest.raises(StoreError):
            call()
        assert _outside_entries(tmp_path, data_dir) == [], index
    assert tree_hashes(data_dir) == before


# -- dismissed nudges --------------------------------------------------------------------------


def test_dismissed_nudges_round_trip(store, backend):
    canvas = store.create(sample())
    assert store.dismissed_nudges(canvas.id) == set()
    store.set_dismissed_nudges(canvas.id, {"no_pains", "weak_fit", "ünïcode"})
    assert store.dismissed_nudges(canvas.id) == {"no_pains", "weak_fit", "ünïcode"}
    store.set_dismissed_nudges(canvas.id, set())
    assert store.dismissed_nudges(canvas.id) == set()
    # per canvas and per user
    other = store.create(sample("Other"))
    store.set_dismissed_nudges(canvas.id, {"a"})
    assert store.dismissed_nudges(other.id) == set()
    assert backend.canvases("someone").dismissed_nudges(canvas.id) == set()
    # nudges do not touch the canvas itself
    assert store.load(canvas.id).revision == 1


# -- concurrency -------------------------------------------------------------------------------


def test_concurrent_saves_exactly_one_wins(store):
    canvas = store.create(sample())
    workers = 8
    barrier = threading.Barrier(workers)
    results: list[object] = [None] * workers

    def run(n):
        barrier.wait()
        try:
            results[n] = store.save(canvas.model_copy(update={"title": f"Tab {n}"}),
                                    expected_revision=1)
        except StaleRevisionError as exc:
            results[n] = exc
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    wins = [r for r in results if isinstance(r, Canvas)]
    stale = [r for r in results if isinstance(r, StaleRevisionError)]
    assert len(wins) == 1, results
    assert len(stale) == workers - 1, results
    final = store.load(canvas.id)
    assert final == wins[0]
    assert final.revision == 2
    assert all(s.current.revision == 2 and s.current.title == final.title for s in stale)
    assert store.revisions(canvas.id) == [2, 1]


def test_concurrent_creates_in_one_store(store):
    barrier = threading.Barrier(6)
    made = []

    def run(n):
        barrier.wait()
        made.append(store.create(sample(f"C{n}")))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len({c.id for c in made}) == 6
    assert {s.title for s in store.list()} == {f"C{n}" for n in range(6)}


def test_import_keeps_the_files_created_at(store):
    """Issue 20 (19): an imported canvas was created when its author started it."""
    from datetime import UTC, datetime

    data = json.loads(sample("Old friend").to_json())
    data["created_at"] = "2025-03-14T09:26:53Z"
    imported = store.import_file(json.dumps(data).encode(), "old.json")
    born = datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC)
    assert imported.created_at == born
    assert store.load(imported.id).created_at == born
    assert imported.updated_at > born and imported.revision == 1
    fresh = store.create(sample("New"))
    assert fresh.created_at > born
