"""The live room in the store, on both backends: who may change and read it, the dot
budget under concurrency, presence, and a vote applied to a shared canvas (with undo)."""

import threading
from pathlib import Path

import pytest

from canvas.editing.edits import add_items
from canvas.fileformat.models import blank_canvas
from canvas.ranking.rules import ranked
from canvas.room.state import VoteOption
from canvas.store import RoomBackend, StoreError
from canvas.store.operations import forget_cache


@pytest.fixture
def backend(store_backend):
    forget_cache()
    yield store_backend.open()
    forget_cache()


@pytest.fixture
def code(backend):
    workshops = backend.workshops()
    code = workshops.create("Lille", "fiona").code
    for learner in ("lena", "omar"):
        workshops.join(code, learner)
    return code


def test_only_the_facilitator_changes_the_room_and_members_read_it(backend, code):
    room = backend.room()
    assert isinstance(room, RoomBackend)
    room.set_step(code, "fiona", "pains")
    room.timer(code, "fiona", "start", minutes=10)
    view = room.state(code, "lena")
    assert view.step == "pains" and view.timer.end is not None and view.version == 2
    for change in (lambda: room.set_step(code, "lena", "gains"),
                   lambda: room.timer(code, "omar", "stop"),
                   lambda: room.open_vote(code, "lena", "pains", [VoteOption(id="a", text="a")]),
                   lambda: room.close_vote(code, "omar")):
        with pytest.raises(StoreError, match="facilitator_only"):
            change()
    assert room.state(code, "omar").step == "pains"
    assert room.state(code, "fiona").version == 2


def test_an_outsider_reads_nothing_and_cannot_vote(backend, code):
    room = backend.room()
    view = room.open_vote(code, "fiona", "pains", [VoteOption(id="a", text="Queues")])
    for read in (lambda: room.state(code, "mallory"),
                 lambda: room.state(code, "mallory", max_age=5),  # not through the cache
                 lambda: room.cast(code, "mallory", view.vote.id, "a", 1),
                 lambda: room.seen(code, "mallory"),
                 lambda: room.online(code, "lena")):
        with pytest.raises(StoreError):
            read()
    assert room.state(code, "fiona").vote.tally == {"a": 0}
    with pytest.raises(StoreError):
        room.state("ZZZZZZ", "lena")


def test_a_change_reaches_another_server_once_its_cache_expires(store_backend, code):
    here, there = store_backend.open().room(), store_backend.open().room()
    assert there.state(code, "lena", max_age=60).step is None
    here.set_step(code, "fiona", "gains")
    assert there.state(code, "lena").step == "gains"


def test_two_tabs_spending_the_last_dot_at_once_only_one_wins(store_backend, code):
    backend = store_backend.open()
    vote = backend.room().open_vote(code, "fiona", "pains",
                                    [VoteOption(id="a", text="A"), VoteOption(id="b", text="B")],
                                    dots=2).vote
    backend.room().cast(code, "lena", vote.id, "a", 1)
    servers = [store_backend.open().room() for _ in range(6)]
    start = threading.Barrier(len(servers))
    outcomes: list[str] = []

    def spend(room, option):
        start.wait()
        try:
            room.cast(code, "lena", vote.id, option, 1)
            outcomes.append("spent")
        except StoreError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=spend, args=(room, "ab"[i % 2]))
               for i, room in enumerate(servers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["live.no_dots_left"] * 5 + ["spent"]
    view = backend.room().state(code, "lena")
    assert sum(view.vote.tally.values()) == 2 and view.vote.dots_left == 0


def test_presence_records_members_for_the_facilitator(backend, code):
    room = backend.room()
    room.seen(code, "lena", now=1000.0)
    room.seen(code, "omar", now=1000.0)
    assert room.online(code, "fiona", now=1030.0) == {"lena", "omar"}
    backend.workshops().leave(code, "omar")
    assert room.online(code, "fiona", now=1030.0) == {"lena"}
    assert room.online(code, "fiona", now=1100.0) == set()


def shared_canvas(backend, code):
    canvas = backend.canvases("lena").create(blank_canvas("Bakery"))
    canvas, _ = add_items(canvas, "pains", ["Closed at 7am", "Cold food", "Queues"],
                          kind="obstacle", severity=3)
    canvas = backend.canvases("lena").save(canvas)
    backend.workshops().share(code, "lena", canvas.id)
    return canvas


def pains(canvas):
    return [(item.text, item.severity) for _, item in ranked(canvas.pains)]


def test_a_vote_applied_orders_the_owners_canvas_and_undo_puts_it_back(backend, code):
    canvas = shared_canvas(backend, code)
    room = backend.room()
    before = pains(canvas)
    options = [VoteOption(id=item.id, text=item.text) for item in canvas.pains]
    vote = room.open_vote(code, "fiona", "pains", options, owner="lena",
                          canvas_id=canvas.id).vote
    queues, cold = canvas.pains[2].id, canvas.pains[1].id
    for voter, option in [("lena", queues), ("omar", queues), ("omar", cold)]:
        room.cast(code, voter, vote.id, option, 1)
    with pytest.raises(StoreError, match="close_first"):
        room.apply_vote(code, "fiona")
    room.close_vote(code, "fiona")
    with pytest.raises(StoreError, match="facilitator_only"):
        room.apply_vote(code, "lena")
    room.apply_vote(code, "fiona")
    after = backend.canvases("lena").load(canvas.id)
    assert pains(after) == [("Queues", 5), ("Cold food", 3), ("Closed at 7am", 1)]
    assert room.state(code, "lena").vote.applied
    room.undo_apply(code, "fiona")
    assert pains(backend.canvases("lena").load(canvas.id)) == before


def test_undo_refuses_when_the_owner_changed_the_canvas_since(backend, code):
    canvas = shared_canvas(backend, code)
    room = backend.room()
    options = [VoteOption(id=item.id, text=item.text) for item in canvas.pains]
    vote = room.open_vote(code, "fiona", "pains", options, owner="lena",
                          canvas_id=canvas.id).vote
    room.cast(code, "omar", vote.id, canvas.pains[2].id, 1)
    room.close_vote(code, "fiona")
    applied = room.apply_vote(code, "fiona")
    edited, _ = add_items(applied, "pains", ["Parking"], kind="risk", severity=2)
    backend.canvases("lena").save(edited)
    with pytest.raises(StoreError, match="changed_since"):
        room.undo_apply(code, "fiona")
    assert "Parking" in [text for text, _ in pains(backend.canvases("lena").load(canvas.id))]


def test_a_vote_on_a_canvas_needs_it_shared(backend, code):
    canvas = backend.canvases("omar").create(blank_canvas("Not shared"))
    with pytest.raises(StoreError):
        backend.room().open_vote(code, "fiona", "pains", [VoteOption(id="a", text="a")],
                                 owner="omar", canvas_id=canvas.id)


def test_every_change_writes_the_rooms_signal_for_the_browsers(store_backend, code):
    import json
    import time

    from canvas.room.signal import SIGNAL_DIR

    # Streamlit serves static/ beside the app's script: the browsers poll the file there.
    assert Path(__file__).resolve().parents[1] / "static" / "room" == SIGNAL_DIR
    here, there = store_backend.open().room(), store_backend.open().room()
    view = here.set_step(code, "fiona", "jobs")
    assert len(view.signal) >= 16 and view.signal == there.state(code, "lena").signal
    path = SIGNAL_DIR / f"{view.signal}.json"
    deadline = time.monotonic() + 3
    while json.loads(path.read_text())["v"] != 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    there.timer(code, "fiona", "start", minutes=3)
    while json.loads(path.read_text())["v"] != 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert json.loads(path.read_text()) == {"v": 2}
    path.unlink()
