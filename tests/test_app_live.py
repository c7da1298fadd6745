"""AppTest: the facilitator drives the room from the projector; learners follow and vote."""

from __future__ import annotations

from canvas.editing.edits import add_items
from canvas.fileformat.models import blank_canvas
from canvas.ranking.rules import ranked
from canvas.store.choose import open_backend
from canvas.store.folder.workshops import WorkshopStore
from tests.apptest_helpers import (
    button,
    logged_in,
    make_user,
    no_exceptions,
    plain_texts,
    store_for,
)

PROJECTOR = "pages/projector.py"


def _room(data_dir):
    make_user(data_dir, "fiona")  # first account: the facilitator
    store = WorkshopStore(data_dir)
    code = store.create("Lille", "fiona").code
    for learner in ("lena", "omar"):
        make_user(data_dir, learner)
        store.join(code, learner)
    make_user(data_dir, "mallory")
    canvas = store_for(data_dir, "lena").create(blank_canvas("Bakery", "en"))
    canvas, _ = add_items(canvas, "pains", ["Closed at 7am", "Cold food", "Queues"],
                          kind="obstacle", severity=3)
    canvas = store_for(data_dir, "lena").save(canvas)
    store.share(code, "lena", canvas.id)
    return code, canvas


def _projector(data_dir, code, canvas):
    return logged_in(data_dir, "fiona", page=PROJECTOR,
                     query={"workshop": code, "owner": "lena", "canvas": canvas.id})


def _view(data_dir, code, username="lena"):
    return open_backend(data_dir).room().state(code, username)


def test_projector_steps_timer_and_instruction_reach_the_room(data_dir):
    code, canvas = _room(data_dir)
    at = _projector(data_dir, code, canvas)
    no_exceptions(at)
    button(at, key="projector_step_pains").click().run()
    assert _view(data_dir, code).step == "pains"
    button(at, key="projector_next").click().run()
    assert _view(data_dir, code).step == "gains"
    button(at, key="live_timer_preset_10").click().run()
    timer = _view(data_dir, code).timer
    assert timer.end is not None and timer.remaining is None
    button(at, key="live_timer_pause").click().run()
    assert 590 < _view(data_dir, code).timer.remaining <= 600
    at.text_input(key=f"live_instruction_{code}").input("Pair up and swap laptops").run()
    button(at, key=f"live_instruction_send_{code}").click().run()
    view = _view(data_dir, code)
    assert (view.step, view.instruction) == (None, "Pair up and swap laptops")
    no_exceptions(at)


def test_learners_see_the_step_and_outsiders_see_nothing(data_dir):
    code, canvas = _room(data_dir)
    open_backend(data_dir).room().set_step(code, "fiona", "pains")
    learner = logged_in(data_dir, "lena")
    no_exceptions(learner)
    assert "**Now:** Pains" in plain_texts(learner)
    assert any(b.label == "Go to Pains" for b in learner.button)
    outsider = logged_in(data_dir, "mallory")
    no_exceptions(outsider)
    assert "Now:" not in plain_texts(outsider)


def test_a_vote_opened_on_the_projector_is_cast_by_learners_and_applied(data_dir):
    code, canvas = _room(data_dir)
    at = _projector(data_dir, code, canvas)
    at.number_input(key="live_vote_dots").set_value(2).run()
    button(at, key="live_vote_open").click().run()
    no_exceptions(at)
    vote = _view(data_dir, code).vote
    assert vote.dots == 2 and [o.text for o in vote.options] == [
        "Closed at 7am", "Cold food", "Queues"]
    queues = next(o.id for o in vote.options if o.text == "Queues")
    for name in ("lena", "omar"):
        learner = logged_in(data_dir, name)
        button(learner, key=f"vpc_live_more_{vote.id}_{queues}").click().run()
        no_exceptions(learner)
        assert "1 dot left" in plain_texts(learner)
    assert _view(data_dir, code).vote.tally[queues] == 2
    at.run()
    button(at, key="live_vote_close").click().run()
    button(at, key="live_vote_apply").click().run()
    no_exceptions(at)
    assert "The vote's order is now the canvas's ranking." in plain_texts(at)
    stored = store_for(data_dir, "lena").load(canvas.id)
    assert [item.text for _, item in ranked(stored.pains)][0] == "Queues"
    button(at, key="live_vote_undo").click().run()
    stored = store_for(data_dir, "lena").load(canvas.id)
    assert [(item.text, item.severity) for item in stored.pains] == [
        ("Closed at 7am", 3), ("Cold food", 3), ("Queues", 3)]


def test_the_vote_menu_counts_voters_as_the_tally_does(data_dir):
    """Issue 21.4: the Vote menu was drawn once with the page and said "0 learners have
    voted" while the tally counted on; its count is now its own refreshing fragment."""
    from canvas.ui.projector import room_controls

    code, canvas = _room(data_dir)
    at = _projector(data_dir, code, canvas)
    button(at, key="live_vote_open").click().run()
    assert "0 learners have voted" in plain_texts(at)
    vote = _view(data_dir, code).vote
    room = open_backend(data_dir).room()
    for name in ("lena", "omar"):
        for option in vote.options[:2]:
            room.cast(code, name, vote.id, option.id, 1)
    at.run()
    no_exceptions(at)
    assert "2 learners have voted" in plain_texts(at)
    # The menu's line re-reads the room each second (a fragment), as the tally does.
    assert getattr(room_controls.vote_voters, "__wrapped__", None) is not None


def _blocks_keyed(node, key: str) -> list:
    found = []
    for child in getattr(node, "children", {}).values():
        if key in str(getattr(getattr(child, "proto", None), "id", "")):
            found.append(child)
        found += _blocks_keyed(child, key)
    return found


def test_a_closed_vote_alone_draws_no_empty_banner(data_dir):
    code, canvas = _room(data_dir)
    at = _projector(data_dir, code, canvas)
    button(at, key="live_vote_open").click().run()
    button(at, key="live_vote_close").click().run()
    learner = logged_in(data_dir, "lena")
    no_exceptions(learner)
    assert "The vote is closed" in plain_texts(learner)
    assert _blocks_keyed(learner._tree, "vpc_live_vote")  # the check can see keyed blocks
    assert not _blocks_keyed(learner._tree, "vpc_live_banner")
