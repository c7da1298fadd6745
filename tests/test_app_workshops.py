"""AppTest: workshops keep learners' canvases private; projector steps through a canvas."""

import json

import pytest

from canvas.fileformat.templates import load_template
from canvas.store.folder.workshops import WorkshopStore
from tests.apptest_helpers import (
    button,
    logged_in,
    make_user,
    no_exceptions,
    plain_texts,
    store_for,
)

WORKSHOPS = "pages/workshops.py"
PROJECTOR = "pages/projector.py"


@pytest.fixture
def room(data_dir):
    make_user(data_dir, "fiona")     # first account: the facilitator
    make_user(data_dir, "learner1")
    make_user(data_dir, "learner2")
    workshop = WorkshopStore(data_dir).create("Lille cohort", "fiona")
    canvas = store_for(data_dir, "learner1").create(load_template("gift-shop-online", "en"))
    return workshop.code, canvas


def test_facilitator_creates_workshop_and_sees_code(data_dir):
    make_user(data_dir, "fiona")
    at = logged_in(data_dir, "fiona", page=WORKSHOPS)
    at.text_input(key="workshop_name").input("Tuesday group")
    button(at, key="FormSubmitter:create_workshop-Create the workshop").click()
    at.run()
    no_exceptions(at)
    workshops = WorkshopStore(data_dir).facilitated_by("fiona")
    assert [w.name for w in workshops] == ["Tuesday group"]
    assert workshops[0].code in plain_texts(at)


def test_learner_joins_shares_and_facilitator_sees_it(data_dir, room):
    code, canvas = room
    learner = logged_in(data_dir, "learner1", page=WORKSHOPS)
    assert "Run a workshop" not in [tab.label for tab in learner.tabs]
    learner.text_input(key="join_code").input(code.lower())
    button(learner, key="FormSubmitter:join_workshop-Join").click()
    learner.run()
    learner.multiselect(key=f"shares_{code}").set_value([canvas.id]).run()
    no_exceptions(learner)
    assert [s.canvas_id for s in WorkshopStore(data_dir).gallery(code, "fiona")
            and WorkshopStore(data_dir).read(code).shares] == [canvas.id]

    facilitator = logged_in(data_dir, "fiona", page=WORKSHOPS)
    no_exceptions(facilitator)
    assert canvas.title in plain_texts(facilitator)
    # Learner B joins the same workshop but never sees A's canvas anywhere.
    other = logged_in(data_dir, "learner2", page=WORKSHOPS)
    other.text_input(key="join_code").input(code)
    button(other, key="FormSubmitter:join_workshop-Join").click()
    other.run()
    assert canvas.title not in plain_texts(other)
    for page in ("pages/customer_profile.py", "pages/insights.py", PROJECTOR):
        peek = logged_in(data_dir, "learner2", page=page,
                         query={"canvas": canvas.id, "workshop": code, "owner": "learner1"})
        assert canvas.title not in plain_texts(peek)
        assert canvas.jobs[0].text not in plain_texts(peek)

    # Stop sharing: it leaves the facilitator's gallery.
    learner.multiselect(key=f"shares_{code}").set_value([]).run()
    assert WorkshopStore(data_dir).gallery(code, "fiona") == []
    button(learner, key=f"leave_{code}").click()
    learner.run()
    assert "learner1" not in WorkshopStore(data_dir).read(code).members


def test_facilitator_presents_a_shared_canvas_read_only(data_dir, room):
    code, canvas = room
    store = WorkshopStore(data_dir)
    store.join(code, "learner1")
    store.share(code, "learner1", canvas.id)
    at = logged_in(data_dir, "fiona", page=PROJECTOR,
                   query={"workshop": code, "owner": "learner1", "canvas": canvas.id})
    no_exceptions(at)
    assert canvas.segment.name in plain_texts(at)
    for _ in range(5):
        button(at, key="projector_next").click()
        at.run()
        no_exceptions(at)
    assert any(m.label == "Fit" for m in at.metric)
    button(at, key="projector_next").click()  # the assumptions map, last
    at.run()
    no_exceptions(at)
    assert button(at, key="projector_next").disabled
    assert any(m.value == "# What to test" for m in at.markdown)
    # Nothing to edit in projector mode: no board, no text field.
    # (the only components are those that measure a chart's room)
    assert all(c.key.startswith(("projector_room", "projector_map_room"))
               for c in at.get("bidi_component"))
    # (The room's instruction box talks to learners; it edits no canvas.)
    assert not [w for w in at.text_input if not w.key.startswith("live_instruction_")]
    assert not at.text_area


def test_projector_steps_through_own_canvas(data_dir):
    logged_in(data_dir)
    canvas = store_for(data_dir).create(load_template("bakery-new-range", "en"))
    at = logged_in(data_dir, page=PROJECTOR, query={"canvas": canvas.id})
    no_exceptions(at)
    seen = []
    for _ in range(7):
        seen.append(next(m.value for m in at.markdown if m.value.startswith("# ")))
        if seen[-1] == "# Pains":
            # The chart sits in half the screen: the page, not the chart, names the canvas.
            chart = json.loads(at.get("plotly_chart")[0].proto.spec)
            assert "Pains ranked by severity" in chart["layout"]["title"]["text"]
            assert not chart["layout"]["title"].get("subtitle", {}).get("text")
            assert canvas.title in plain_texts(at)
        if not button(at, key="projector_next").disabled:
            button(at, key="projector_next").click()
            at.run()
    assert seen == ["# Customer segment", "# Jobs", "# Pains", "# Gains", "# Value map",
                    "# Fit", "# What to test"]
    for _ in range(2):
        button(at, key="projector_prev").click()
        at.run()
    assert any(m.value == "# Value map" for m in at.markdown)
    # The timer counts down on the page.
    at.number_input(key="projector_timer_minutes").set_value(5)
    button(at, key="projector_timer_start").click()
    at.run()
    assert any("04:5" in m.value or "05:00" in m.value for m in at.markdown)
