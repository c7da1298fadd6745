"""AppTest: the customer profile, section by section, as a learner uses it.

The board is a component: these tests send it the actions a browser sends (see
tests/apptest_helpers.board_action) and read back what it is told to draw.
"""

from datetime import date

import pytest

from canvas.fileformat.models import SCORE_FIELD, blank_canvas
from canvas.ranking.rules import ranked
from tests.apptest_helpers import (
    board,
    board_action,
    button,
    lane,
    logged_in,
    no_exceptions,
    note_texts,
    notes,
    notice,
    open_item,
    store_for,
    texts,
    unfold,
)

PROFILE = "pages/customer_profile.py"
KIND = {"jobs": "social", "pains": "risk", "gains": "desired"}


def open_profile(data_dir, canvas_id, username="amira"):
    return logged_in(data_dir, username, page=PROFILE, query={"canvas": canvas_id})


@pytest.fixture
def canvas_id(data_dir):
    logged_in(data_dir)  # creates the account
    return store_for(data_dir).create(blank_canvas("Night nurses", "en")).id


def add(at, section, text, kind=None):
    """Type in the lane's add box and press Enter: a new note of score 3."""
    board_action(at, "add", section=section, text=text, kind=kind)


def edit(at, section, item_id, **fields):
    """Open a note, change fields in its editor, then press Done."""
    open_item(at, section, item_id)
    for name, value in fields.items():
        board_action(at, "update", section=section, id=item_id, field=name, value=value)
    board_action(at, "close", section=section, id=item_id)


def stored(data_dir, canvas_id):
    return store_for(data_dir).load(canvas_id)


@pytest.mark.parametrize("section", ["jobs", "pains", "gains"])
def test_add_edit_rank_reorder_delete_undo(data_dir, canvas_id, section):
    at = open_profile(data_dir, canvas_id)
    no_exceptions(at)
    score = SCORE_FIELD[section]
    add(at, section, "First <b>item</b> & more", kind=KIND[section])
    add(at, section, "Second item")
    add(at, section, "Third item")
    canvas = stored(data_dir, canvas_id)
    items = canvas.section(section)
    assert [i.text for i in items] == ["First <b>item</b> & more", "Second item", "Third item"]
    assert items[0].kind == KIND[section] and getattr(items[0], score) == 3
    assert items[1].kind == lane(at, section)["add"]["kinds"][0][0]  # the first kind
    assert items[0].status == "assumption" and canvas.revision == 4
    assert notice(at) == "Added “Third item”."
    assert "Saved" in texts(at)
    assert lane(at, section)["count"] == f"3 {section}"  # the lane says how many

    # Scores set in the open note re-rank the board; user text is sent as plain text.
    first, second, third = (i.id for i in items)
    edit(at, section, first, **{score: 2, **({"frequency": 4} if section != "gains" else {})})
    edit(at, section, second, **{score: 4})
    edit(at, section, third, **{score: 4})
    shown = notes(at, section)
    assert [(n["rank"], n["text"], n["score"]) for n in shown] == [
        (1, "Second item", 4), (2, "Third item", 4), (3, "First <b>item</b> & more", 2)]
    if section != "gains":
        assert stored(data_dir, canvas_id).section(section)[0].frequency == 4

    # Edit in place: the open note carries its editor; text, score and status are saved.
    open_item(at, section, first)
    note = next(n for n in notes(at, section) if n["id"] == first)
    assert {c["field"] for c in note["choices"]} >= {"kind", score, "status"}
    for name, value in (("text", "First, reworded"), (score, 5), ("status", "validated")):
        board_action(at, "update", section=section, id=first, field=name, value=value)
    canvas = stored(data_dir, canvas_id)
    assert [(r, i.text) for r, i in ranked(canvas.section(section))][0] == (1, "First, reworded")
    assert canvas.section(section)[0].status == "validated"
    assert notes(at, section)[0]["meta"][1]["text"] == "✓ Validated"
    board_action(at, "close", section=section, id=first)
    assert not any(n.get("open") for n in notes(at, section))

    # Reorder among equals: "Third item" is dropped above "Second item" (both score 4).
    board_action(at, "move", section=section, id=third, to=1)
    order = [i.text for _, i in ranked(stored(data_dir, canvas_id).section(section))]
    assert order == ["First, reworded", "Third item", "Second item"]
    assert [n["text"] for n in notes(at, section)] == order
    assert notice(at) == "“Third item” is now #2."

    # Delete, then undo: the note comes back where it was.
    board_action(at, "delete", section=section, id=third)
    assert "Third item" not in [i.text for i in stored(data_dir, canvas_id).section(section)]
    assert notice(at) == "Deleted “Third item”."
    assert board(at)["notice"]["undo"] == "Undo"
    board_action(at, "undo")
    order = [i.text for _, i in ranked(stored(data_dir, canvas_id).section(section))]
    assert order == ["First, reworded", "Third item", "Second item"]
    assert [n["text"] for n in notes(at, section)] == order


def test_empty_text_is_refused_and_nothing_saved(data_dir, canvas_id):
    at = open_profile(data_dir, canvas_id)
    add(at, "jobs", "   ")
    assert "Please write some text first" in texts(at)
    assert notes(at, "jobs") == []
    assert stored(data_dir, canvas_id).revision == 1


def test_segment_and_persona_fields_saved_and_shown_after_reload(data_dir, canvas_id):
    at = unfold(open_profile(data_dir, canvas_id), f"segment_{canvas_id}")
    at.text_input(key=f"profile_segment_name_{canvas_id}").input("Nurses on night shifts")
    at.run()
    at.selectbox(key=f"profile_segment_relation_{canvas_id}__en").set_value("current")
    at.run()
    at.text_input(key=f"profile_persona_name_{canvas_id}").input("Amira")
    at.run()
    at.number_input(key=f"profile_persona_age_{canvas_id}").set_value(34)
    at.run()
    # The other groups of the card are folded until opened.
    assert not [w for w in at.text_input if w.key == f"profile_persona_values_{canvas_id}"]
    unfold(at, f"persona_psychographics_{canvas_id}", f"persona_behaviour_{canvas_id}",
           f"persona_sources_{canvas_id}")
    at.text_input(key=f"profile_persona_values_{canvas_id}").input("reliability, family time")
    at.run()
    at.text_area(key=f"profile_persona_dreams_{canvas_id}").input("Run her own café")
    at.run()
    at.text_input(key=f"profile_persona_search_words_{canvas_id}").input(
        " night cafe ,, late breakfast ")
    at.run()
    at.date_input(key=f"profile_persona_last_reviewed_{canvas_id}").set_value(
        date(2026, 11, 20))
    at.run()
    no_exceptions(at)
    segment = stored(data_dir, canvas_id).segment
    assert segment.name == "Nurses on night shifts" and segment.relation == "current"
    assert segment.persona.name == "Amira" and segment.persona.age == 34
    assert segment.persona.values == ["reliability", "family time"]
    assert segment.persona.dreams == "Run her own café"
    assert segment.persona.search_words == ["night cafe", "late breakfast"]
    assert segment.persona.last_reviewed == date(2026, 11, 20)
    # Each group's label says how much of it is filled.
    labels = [e.label for e in at.expander]
    assert "What drives them · 2 of 6 filled" in labels
    assert "Where this profile comes from · 1 of 3 filled" in labels
    # A new session (a reload) shows everything as it was.
    again = unfold(open_profile(data_dir, canvas_id), f"segment_{canvas_id}")
    assert again.text_input(key=f"profile_persona_name_{canvas_id}").value == "Amira"
    assert again.selectbox(key=f"profile_segment_relation_{canvas_id}__en").value == "current"


def test_coach_raises_and_clears_nudges(data_dir, canvas_id):
    at = unfold(open_profile(data_dir, canvas_id), "coach")
    shown = texts(at)
    assert "still empty" in shown  # empty sections
    for text in ("Book a shift swap with colleagues", "Plan meals for the week ahead",
                 "Get a warm meal after a night shift"):
        add(at, "jobs", text, kind="functional")
    shown = texts(at)
    assert "none of them is social or emotional" in shown
    assert "same score" in shown
    add(at, "jobs", "Be seen as a reliable colleague by the team", kind="social")
    job = stored(data_dir, canvas_id).jobs[-1].id
    edit(at, "jobs", job, importance=5)
    shown = texts(at)
    assert "none of them is social or emotional" not in shown
    assert "same score" not in shown
    # Dismissing hides the nudge for good (kept per canvas).
    key = next(b.key for b in at.button if b.key and b.key.startswith("dismiss_"))
    button(at, key=key).click()
    at.run()
    assert key not in [b.key for b in at.button]
    assert key.removeprefix("dismiss_") in store_for(data_dir).dismissed_nudges(canvas_id)


def test_two_tabs_conflict_offers_both_choices_and_keeps_both(data_dir, canvas_id):
    tab_a = open_profile(data_dir, canvas_id)
    tab_b = open_profile(data_dir, canvas_id)
    add(tab_a, "pains", "Canteen closed at 7am")
    # Tab B still shows revision 1 and adds its own pain: the save is refused, not lost.
    add(tab_b, "pains", "Bus timetable does not match shifts")
    shown = texts(tab_b)
    assert "changed in another tab" in shown
    assert [i.text for i in stored(data_dir, canvas_id).pains] == ["Canteen closed at 7am"]
    button(tab_b, key="conflict_copy").click()
    tab_b.run()
    no_exceptions(tab_b)
    summaries = store_for(data_dir).list()
    assert len(summaries) == 2
    copy = next(s for s in summaries if s.id != canvas_id)
    assert [i.text for i in store_for(data_dir).load(copy.id).pains] == [
        "Bus timetable does not match shifts"]
    # The other choice: load the newer version.
    tab_c = open_profile(data_dir, canvas_id)
    add(tab_a, "gains", "Hot food ready after the shift")
    add(tab_c, "gains", "Cheaper than the vending machine")
    button(tab_c, key="conflict_load").click()
    tab_c.run()
    assert "changed in another tab" not in texts(tab_c)
    assert note_texts(tab_c, "gains") == ["Hot food ready after the shift"]
