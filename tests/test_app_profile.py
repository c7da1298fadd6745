"""AppTest: the customer profile editor, section by section, as a learner uses it."""

import pytest

from canvas.models import SCORE_FIELD, blank_canvas
from canvas.ranking import ranked
from tests.apptest_helpers import (
    button,
    logged_in,
    no_exceptions,
    open_item,
    store_for,
    texts,
)

PROFILE = "pages/customer_profile.py"
KIND = {"jobs": "social", "pains": "risk", "gains": "desired"}


def open_profile(data_dir, canvas_id, username="amira"):
    return logged_in(data_dir, username, page=PROFILE, query={"canvas": canvas_id})


@pytest.fixture
def canvas_id(data_dir):
    logged_in(data_dir)  # creates the account
    return store_for(data_dir).create(blank_canvas("Night nurses", "en")).id


def add(at, section, text, score=3, kind=None, frequency=None):
    at.text_input(key=f"add_{section}_text").input(text)
    at.selectbox(key=f"add_{section}_score__en").set_value(score)
    if kind:
        at.selectbox(key=f"add_{section}_kind__en").set_value(kind)
    if frequency and section != "gains":
        at.selectbox(key=f"add_{section}_frequency__en").set_value(frequency)
    button(at, key=f"FormSubmitter:add_{section}-Add (Enter)").click()
    at.run()
    no_exceptions(at)


def stored(data_dir, canvas_id):
    return store_for(data_dir).load(canvas_id)


@pytest.mark.parametrize("section", ["jobs", "pains", "gains"])
def test_add_edit_rank_reorder_delete_undo(data_dir, canvas_id, section):
    at = open_profile(data_dir, canvas_id)
    no_exceptions(at)
    score = SCORE_FIELD[section]
    add(at, section, "First <b>item</b> & more", score=2, kind=KIND[section], frequency=4)
    add(at, section, "Second item", score=4)
    add(at, section, "Third item", score=4)
    canvas = stored(data_dir, canvas_id)
    items = canvas.section(section)
    assert [i.text for i in items] == ["First <b>item</b> & more", "Second item", "Third item"]
    assert items[0].kind == KIND[section] and getattr(items[0], score) == 2
    assert canvas.revision == 4
    if section != "gains":
        assert items[0].frequency == 4
    # Ranked view: rank numbers follow score, then manual order; user text shown literally.
    shown = texts(at)
    assert "**#1** Second item" in shown and "**#3** First \\<b\\>item\\<\\/b\\> \\& more" in shown
    assert "Saved" in shown
    assert f"**3 {section}, most " in shown  # the list says how many, after every add

    # Edit in place: change the first item's text and raise its score to the top.
    first = items[0].id
    open_item(at, section, first)
    at.text_input(key=f"editor_{section}_{first}_text").input("First, reworded")
    at.run()
    at.selectbox(key=f"editor_{section}_{first}_{score}__en").set_value(5)
    at.run()
    at.selectbox(key=f"editor_{section}_{first}_status__en").set_value("validated")
    at.run()
    canvas = stored(data_dir, canvas_id)
    assert [(r, i.text) for r, i in ranked(canvas.section(section))][0] == (1, "First, reworded")
    assert canvas.section(section)[0].status == "validated"
    button(at, key=f"editor_{section}_{first}_done").click()
    at.run()

    # Reorder among equals: "Third item" moves above "Second item" (both score 4).
    third = items[2].id
    open_item(at, section, third)
    assert button(at, key=f"editor_{section}_{third}_down").disabled
    button(at, key=f"editor_{section}_{third}_up").click()
    at.run()
    order = [i.text for _, i in ranked(stored(data_dir, canvas_id).section(section))]
    assert order == ["First, reworded", "Third item", "Second item"]

    # Delete, then undo: the item comes back where it was.
    button(at, key=f"editor_{section}_{third}_delete").click()
    at.run()
    assert "Third item" not in [i.text for i in stored(data_dir, canvas_id).section(section)]
    assert "Deleted" in texts(at)
    button(at, key=f"undo_{section}").click()
    at.run()
    order = [i.text for _, i in ranked(stored(data_dir, canvas_id).section(section))]
    assert order == ["First, reworded", "Third item", "Second item"]
    no_exceptions(at)


def test_empty_text_is_refused_and_nothing_saved(data_dir, canvas_id):
    at = open_profile(data_dir, canvas_id)
    add(at, "jobs", "   ")
    assert "Please write some text first" in texts(at)
    assert stored(data_dir, canvas_id).revision == 1


def test_segment_and_persona_fields_saved_and_shown_after_reload(data_dir, canvas_id):
    at = open_profile(data_dir, canvas_id)
    at.text_input(key=f"profile_segment_name_{canvas_id}").input("Nurses on night shifts")
    at.run()
    at.selectbox(key=f"profile_segment_relation_{canvas_id}__en").set_value("current")
    at.run()
    at.text_input(key=f"profile_persona_name_{canvas_id}").input("Amira")
    at.run()
    at.number_input(key=f"profile_persona_age_{canvas_id}").set_value(34)
    at.run()
    at.text_input(key=f"profile_persona_values_{canvas_id}").input("reliability, family time")
    at.run()
    no_exceptions(at)
    segment = stored(data_dir, canvas_id).segment
    assert segment.name == "Nurses on night shifts" and segment.relation == "current"
    assert segment.persona.name == "Amira" and segment.persona.age == 34
    assert segment.persona.values == ["reliability", "family time"]
    # A new session (a reload) shows everything as it was.
    again = open_profile(data_dir, canvas_id)
    assert again.text_input(key=f"profile_persona_name_{canvas_id}").value == "Amira"
    assert again.selectbox(key=f"profile_segment_relation_{canvas_id}__en").value == "current"


def test_coach_raises_and_clears_nudges(data_dir, canvas_id):
    at = open_profile(data_dir, canvas_id)
    shown = texts(at)
    assert "still empty" in shown  # empty sections
    for text in ("Book a shift swap with colleagues", "Plan meals for the week ahead",
                 "Get a warm meal after a night shift"):
        add(at, "jobs", text, score=3, kind="functional")
    shown = texts(at)
    assert "none of them is social or emotional" in shown
    assert "same score" in shown
    add(at, "jobs", "Be seen as a reliable colleague by the team", score=5, kind="social")
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
    add(tab_a, "pains", "Canteen closed at 7am", score=4)
    # Tab B still shows revision 1 and adds its own pain: the save is refused, not lost.
    add(tab_b, "pains", "Bus timetable does not match shifts", score=3)
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
    add(tab_a, "gains", "Hot food ready after the shift", score=5)
    add(tab_c, "gains", "Cheaper than the vending machine", score=2)
    button(tab_c, key="conflict_load").click()
    tab_c.run()
    assert "changed in another tab" not in texts(tab_c)
    assert "Hot food ready after the shift" in texts(tab_c)
