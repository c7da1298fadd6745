"""AppTest: the owner's board after the facilitator applied the room's vote (issue 21).

The learner's page was drawn at one revision; the facilitator then wrote the next ones
(applying the vote, taking it back). Her board's actions arrive afterwards, as the browser
sends them: an add lands on top of the vote with a sentence saying who changed the
canvas, a move aimed at the old order is refused naming the note, a note re-sent on a
reload after the Undo is added and says so; a second tab of her own still gets the
conflict banner as before.
"""

from __future__ import annotations

import pytest

from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from canvas.i18n import get_translator
from canvas.ranking.rules import ranked
from canvas.room.state import VoteOption
from canvas.store.folder import FolderBackend
from canvas.store.operations import forget_cache
from canvas.ui.editor.editor_state import Conflict
from tests.apptest_helpers import board, board_actions, logged_in, make_user, notice

PROFILE = "pages/customer_profile.py"
PAINS = ["Closed at 7am", "Cold food", "Queues"]
VOTED = ["Queues", "Cold food", "Closed at 7am"]
APPLIED = "Your facilitator applied the room's vote to your “Pains”."


@pytest.fixture
def room(data_dir):
    """Amira's canvas shared to Fiona's workshop, with a closed vote on its pains."""
    forget_cache()
    make_user(data_dir, "fiona")
    backend = FolderBackend(data_dir)
    at = logged_in(data_dir)  # creates amira
    del at
    code = backend.workshops().create("Lille", "fiona").code
    backend.workshops().join(code, "amira")
    canvas = blank_canvas("Night nurses", "en")
    canvas, _ = editing.add_items(canvas, "pains", PAINS, kind="obstacle", severity=3)
    canvas = backend.canvases("amira").create(canvas)
    backend.workshops().share(code, "amira", canvas.id)
    rooms = backend.room()
    vote = rooms.open_vote(code, "fiona", "pains",
                           [VoteOption(id=i.id, text=i.text) for i in canvas.pains],
                           owner="amira", canvas_id=canvas.id).vote
    for option in (canvas.pains[2].id, canvas.pains[2].id, canvas.pains[1].id):
        rooms.cast(code, "amira", vote.id, option, 1)
    rooms.close_vote(code, "fiona")
    yield backend, code, canvas
    forget_cache()


def _page(data_dir, canvas):
    return logged_in(data_dir, page=PROFILE, query={"canvas": canvas.id})


def _revision(backend, canvas) -> int:
    return backend.canvases("amira").load(canvas.id).revision


def _stored(backend, canvas) -> list[str]:
    return [i.text for _, i in ranked(backend.canvases("amira").load(canvas.id).pains)]


def _no_conflict(at) -> None:
    assert "vpc_canvas_conflict" not in at.session_state \
        or not at.session_state["vpc_canvas_conflict"]


def test_an_add_made_on_the_old_revision_lands_on_top_of_the_vote(data_dir, room):
    backend, code, canvas = room
    at = _page(data_dir, canvas)
    base = _revision(backend, canvas)  # what the board shows
    backend.room().apply_vote(code, "fiona")
    board_actions(at, [{"type": "add", "section": "pains", "text": "Buses stop at midnight",
                        "uid": "u1", "base": base}])
    _no_conflict(at)
    assert [t for t in _stored(backend, canvas) if t in PAINS] == VOTED
    assert "Buses stop at midnight" in _stored(backend, canvas)
    assert notice(at) == f"{APPLIED} Added “Buses stop at midnight”."


def test_a_move_aimed_at_the_old_order_is_refused_in_one_sentence(data_dir, room):
    backend, code, canvas = room
    at = _page(data_dir, canvas)
    base = _revision(backend, canvas)  # what the board shows
    applied = backend.room().apply_vote(code, "fiona")
    board_actions(at, [{"type": "move", "section": "pains", "id": canvas.pains[0].id,
                        "to": 1, "base": base}])
    _no_conflict(at)
    assert backend.canvases("amira").load(canvas.id).revision == applied.revision
    assert notice(at) == (f"{APPLIED} Your move of “Closed at 7am” was not made: it was "
                          "meant for the order before the vote.")
    assert board(at)["notice"]["level"] == "warning"
    assert [n["text"] for n in board(at)["notes"]["pains"]] == VOTED


def test_a_board_redrawn_on_the_vote_then_moved_is_not_blamed_on_a_tab(data_dir, room):
    """The board redrew (the change signal) before the move: the move is on the new
    order and is made; the sentence about the vote came with the redraw."""
    backend, code, canvas = room
    at = _page(data_dir, canvas)
    backend.room().apply_vote(code, "fiona")
    at.run()  # the change signal's rerun
    assert notice(at) == APPLIED
    assert [n["text"] for n in board(at)["notes"]["pains"]] == VOTED
    board_actions(at, [{"type": "move", "section": "pains", "id": canvas.pains[0].id,
                        "to": 0, "base": _revision(backend, canvas)}])
    _no_conflict(at)
    assert _stored(backend, canvas)[0] == "Closed at 7am"


def test_a_note_sent_again_after_the_undo_is_added_and_says_what_happened(data_dir, room):
    backend, code, canvas = room
    _page(data_dir, canvas)  # the page that queued the note, before the vote
    base = _revision(backend, canvas)  # what the board shows
    backend.room().apply_vote(code, "fiona")
    backend.room().undo_apply(code, "fiona")
    reloaded = _page(data_dir, canvas)  # a new page load: its own session and numbering
    board_actions(reloaded, [{"type": "add", "section": "pains", "text": "Buses stop",
                              "uid": "u2", "retry": True, "base": base}], client="reload")
    assert [t for t in _stored(backend, canvas) if t in PAINS] == PAINS
    assert "Buses stop" in _stored(backend, canvas)
    assert notice(reloaded) == ("Your facilitator took back the room's vote on your “Pains”: "
                                "they are in their earlier order again. Added “Buses stop”.")


def test_a_second_tab_of_her_own_still_gets_the_conflict_banner(data_dir, room):
    backend, code, canvas = room
    at = _page(data_dir, canvas)
    base = _revision(backend, canvas)  # what the board shows
    other = backend.canvases("amira").load(canvas.id)
    backend.canvases("amira").save(editing.add_item(other, "pains", "From the other tab",
                                                    kind="risk", severity=2)[0])
    board_actions(at, [{"type": "add", "section": "pains", "text": "From this tab",
                        "uid": "u3", "base": base}])
    conflict = at.session_state["vpc_canvas_conflict"][canvas.id]
    assert isinstance(conflict, Conflict)
    assert "changed in another tab" in conflict.message(get_translator("en"))
    assert "From this tab" not in _stored(backend, canvas)


def test_her_undo_of_an_earlier_move_is_refused_after_the_vote(data_dir, room):
    """Her Undo would put back the order from before her own move, over the room's."""
    backend, code, canvas = room
    at = _page(data_dir, canvas)
    board_actions(at, [{"type": "move", "section": "pains", "id": canvas.pains[2].id,
                        "to": 0, "base": _revision(backend, canvas)}])
    base = _revision(backend, canvas)
    applied = backend.room().apply_vote(code, "fiona")
    board_actions(at, [{"type": "undo", "base": base}])
    _no_conflict(at)
    assert backend.canvases("amira").load(canvas.id).revision == applied.revision
    assert notice(at) == (f"{APPLIED} Your Undo was not made: it would have undone the "
                          "room's order.")
