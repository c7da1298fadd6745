"""AppTest: a learner makes and revokes a mentor link; the mentor page shows the canvas
read-only and nothing once revoked; a facilitator's comment reaches the learner's page."""

import re

from streamlit.testing.v1 import AppTest

from canvas.editing import edits as editing
from canvas.fileformat.templates import load_template
from canvas.store.folder.comments import CommentStore
from canvas.store.folder.mentor_links import MentorLinkStore
from canvas.store.folder.workshops import WorkshopStore
from tests.apptest_helpers import (
    APP,
    button,
    logged_in,
    make_user,
    no_exceptions,
    plain_texts,
    store_for,
)

PROFILE = "pages/customer_profile.py"
WORKSHOPS = "pages/workshops.py"


def mentor_visit(token: str) -> AppTest:
    """A visitor with no account opening the link."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["mentor"] = token
    at.run()
    return at


def test_learner_makes_a_link_the_mentor_reads_it_and_revoking_ends_it(data_dir):
    make_user(data_dir, "fiona")
    make_user(data_dir, "amira")
    canvas = store_for(data_dir, "amira").create(load_template("gift-shop-online", "en"))
    at = logged_in(data_dir, "amira", page=PROFILE, query={"canvas": canvas.id})
    at.text_input(key=f"mentor_label_{canvas.id}").input("Sam, my mentor")
    button(at, key=f"mentor_create_{canvas.id}").click()
    at.run()
    no_exceptions(at)
    [link] = MentorLinkStore(data_dir).links("amira")
    assert link.label == "Sam, my mentor" and link.canvas_id == canvas.id
    shown = [c.value for c in at.code]
    assert len(shown) == 1 and "?mentor=" in shown[0]
    token = re.search(r"\?mentor=([A-Za-z0-9_-]+)", shown[0]).group(1)

    mentor = mentor_visit(token)
    no_exceptions(mentor)
    assert canvas.title in plain_texts(mentor)
    assert not mentor.text_input and not mentor.text_area  # read-only: nothing to type in
    assert "Log in" not in [b.label for b in mentor.button]
    assert "Sam, my mentor" in plain_texts(at.run())  # listed for the learner

    button(at, key=f"mentor_revoke_{link.id}").click()
    at.run()
    assert MentorLinkStore(data_dir).links("amira") == []
    mentor.run()
    assert canvas.title not in plain_texts(mentor)
    assert "does not open anything" in plain_texts(mentor)


def test_a_guessed_token_shows_nothing(data_dir):
    make_user(data_dir, "amira")
    canvas = store_for(data_dir, "amira").create(load_template("gift-shop-online", "en"))
    MentorLinkStore(data_dir).create("amira", canvas.id, "Sam", 7)
    mentor = mentor_visit("A" * 43)
    no_exceptions(mentor)
    assert canvas.title not in plain_texts(mentor)
    assert "does not open anything" in plain_texts(mentor)


def test_a_comment_reaches_the_learner_who_resolves_it(data_dir):
    make_user(data_dir, "fiona")
    make_user(data_dir, "amira")
    store = store_for(data_dir, "amira")
    canvas, _ = editing.add_item(load_template("gift-shop-online", "en"), "pains",
                                 "Parcels arrive late", kind="obstacle", severity=5)
    canvas = store.create(canvas)
    pain = next(p for p in canvas.pains if p.text == "Parcels arrive late")
    workshops = WorkshopStore(data_dir)
    code = workshops.create("Lille", "fiona").code
    workshops.join(code, "amira")
    workshops.share(code, "amira", canvas.id)

    facilitator = logged_in(data_dir, "fiona", page=WORKSHOPS)
    facilitator.session_state["vpc_comment_target"] = (code, "amira", canvas.id)
    facilitator.run()
    item = next(s for s in facilitator.selectbox if s.label == "Item")
    item.set_value(pain.id)
    next(a for a in facilitator.text_area if a.label == "Your comment").input(
        "How late? Ask three customers.")
    next(b for b in facilitator.button if b.label == "Send comment").click()
    facilitator.run()
    no_exceptions(facilitator)
    [comment] = CommentStore(data_dir).on_canvas("amira", "amira", canvas.id)
    assert comment.item_id == pain.id and "Not resolved yet" in plain_texts(facilitator)

    learner = logged_in(data_dir, "amira", page=PROFILE, query={"canvas": canvas.id})
    no_exceptions(learner)
    assert "How late? Ask three customers." in plain_texts(learner)
    assert "Parcels arrive late" in plain_texts(learner)
    button(learner, key=f"resolve_{comment.id}").click()
    learner.run()
    assert CommentStore(data_dir).on_canvas("fiona", "amira", canvas.id)[0].resolved
    facilitator.run()
    assert "Resolved by the learner" in plain_texts(facilitator)
