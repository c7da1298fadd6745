"""Issue 21: the facilitator's writes into a learner's canvas are recorded and signalled.

Pure rules (canvas/room/outside_writes.py): which revisions the facilitator accounts for, and
what becomes of an edit the owner made before them. The store, on both backends: applying
a vote and taking it back record the revisions written (seen only by the canvas's owner)
and move the canvas's change signal, and so does a new comment.
"""

from __future__ import annotations

import pytest

from canvas.editing.edits import add_items
from canvas.fileformat.models import blank_canvas
from canvas.room import outside_writes
from canvas.room import signal as room_signal
from canvas.room.state import CanvasWrite, RoomState, VoteOption, record_write
from canvas.store.operations import forget_cache


def _write(revision: int, action: str = "applied", section: str = "pains",
           canvas_id: str = "c1") -> CanvasWrite:
    return CanvasWrite(owner="lena", canvas_id=canvas_id, revision=revision, action=action,
                       section=section)


# -- which revisions are the facilitator's ---------------------------------------------------
def test_a_gap_made_only_of_the_facilitators_writes_is_explained():
    writes = [_write(4), _write(5, "undone")]
    assert outside_writes.explained(writes, "c1", 3, 5) == writes
    assert outside_writes.explained(writes, "c1", 4, 5) == [writes[1]]


def test_a_revision_nobody_accounts_for_is_another_tab():
    writes = [_write(4), _write(6, "undone")]
    assert outside_writes.explained(writes, "c1", 3, 6) is None  # 5: a second tab
    assert outside_writes.explained(writes, "c1", 2, 4) is None  # 3: a second tab
    assert outside_writes.explained(writes, "c2", 3, 4) is None  # another canvas's write
    assert outside_writes.explained(writes, "c1", 4, 4) is None  # nothing in between


# -- what becomes of the owner's edit ----------------------------------------------------------
@pytest.mark.parametrize("kind, section, field", [
    ("add", "pains", None), ("paste_add", "pains", None), ("delete", "pains", None),
    ("update", "pains", "text"), ("update", "pains", "notes"), ("update", "pains", "status"),
    ("update", "pains", "frequency"), ("toggle_link", "pains", None),
    ("move", "jobs", None), ("update", "gains", "relevance"), ("undo", None, None),
    (None, None, None),  # an edit outside the board (the segment, the evidence panel)
])
def test_edits_that_do_not_depend_on_the_voted_order_land_on_top(kind, section, field):
    assert outside_writes.refusal(kind, section, field, [_write(4)]) is None


@pytest.mark.parametrize("kind, field, reason", [
    ("move", None, "move"), ("compare_accept", None, "order"), ("spread", None, "order"),
    ("update", "severity", "score"), ("undo", None, "undo"),
])
def test_edits_aimed_at_the_order_the_vote_replaced_are_refused(kind, field, reason):
    assert outside_writes.refusal(kind, "pains", field, [_write(4)]) == reason
    # The same edit in a section the vote did not touch goes through.
    assert outside_writes.refusal(kind, "jobs", field if field is None else "importance",
                                  [_write(4)]) is None


def test_the_undo_of_a_vote_also_counts_as_reordering_its_section():
    gap = [_write(4, "applied", "gains"), _write(5, "undone", "gains")]
    assert outside_writes.refusal("move", "gains", None, gap) == "move"
    assert outside_writes.latest(gap).action == "undone"


def test_the_room_keeps_the_last_writes_only():
    state = RoomState()
    for revision in range(1, 30):
        state = record_write(state, _write(revision))
    assert [w.revision for w in state.writes] == list(range(10, 30))


def test_a_canvas_signal_is_a_valid_name_only_members_can_derive():
    name = room_signal.canvas_signal("room-secret-123456", "lena", "c1")
    assert room_signal.NAME_RE.fullmatch(name)
    assert name != room_signal.canvas_signal("other-secret-1234567", "lena", "c1")
    assert name != room_signal.canvas_signal("room-secret-123456", "lena", "c2")


def test_a_signal_never_goes_back_to_an_older_version(tmp_path, monkeypatch):
    """A server writes its own change at once and hears it again through NOTIFY: the
    apply's version arriving after the undo's must not replace it (ci12, PostgreSQL)."""
    monkeypatch.setattr(room_signal, "SIGNAL_DIR", tmp_path / "signals")
    name = room_signal.canvas_signal("room-secret-123456", "lena", "c1")
    room_signal.publish(name, 200)
    room_signal.publish(name, 100)   # the listener, late
    assert room_signal.read(name) == 200
    room_signal.publish(name, 201)
    assert room_signal.read(name) == 201


# -- the store, on both backends ---------------------------------------------------------------
@pytest.fixture
def backend(store_backend, tmp_path, monkeypatch):
    monkeypatch.setattr(room_signal, "SIGNAL_DIR", tmp_path / "signals")
    forget_cache()
    yield store_backend.open()
    forget_cache()


def test_apply_undo_and_a_comment_move_the_canvas_signal_and_tell_only_the_owner(backend):
    workshops = backend.workshops()
    code = workshops.create("Lille", "fiona").code
    for learner in ("lena", "omar"):
        workshops.join(code, learner)
    canvas = backend.canvases("lena").create(blank_canvas("Bakery"))
    canvas, _ = add_items(canvas, "pains", ["Closed at 7am", "Cold food", "Queues"],
                          kind="obstacle", severity=3)
    canvas = backend.canvases("lena").save(canvas)
    workshops.share(code, "lena", canvas.id)
    room = backend.room()
    options = [VoteOption(id=item.id, text=item.text) for item in canvas.pains]
    vote = room.open_vote(code, "fiona", "pains", options, owner="lena",
                          canvas_id=canvas.id).vote
    room.cast(code, "omar", vote.id, canvas.pains[2].id, 1)
    room.close_vote(code, "fiona")
    signal = room_signal.canvas_signal(room.state(code, "lena").signal, "lena", canvas.id)
    assert room_signal.read(signal) is None

    applied = room.apply_vote(code, "fiona")
    first = room_signal.read(signal)
    assert first is not None
    undone = room.undo_apply(code, "fiona")
    second = room_signal.read(signal)
    assert second is not None and second != first
    writes = room.state(code, "lena").writes
    assert [(w.revision, w.action, w.section) for w in writes] == [
        (applied.revision, "applied", "pains"), (undone.revision, "undone", "pains")]
    assert room.state(code, "omar").writes == ()  # not his canvas

    backend.comments().add(code, "fiona", "lena", canvas.id, canvas.pains[0].id,
                           "Closed where?")
    assert room_signal.read(signal) not in (None, second)
