"""AppTest: the facilitator's room overview and the room's projector views."""

from __future__ import annotations

import re

import pytest

from canvas.fileformat.models import Pain, blank_canvas
from canvas.store.folder.workshops import WorkshopStore
from tests.apptest_helpers import logged_in, make_user, no_exceptions, plain_texts, store_for

WORKSHOPS = "pages/workshops.py"
PROJECTOR = "pages/projector.py"



def card_html(at) -> str:
    """The room's cards as drawn, without the <bdi> that isolates each user text."""
    return re.sub(r"</?bdi>", "", "".join(h.proto.body for h in at.get("html")))


def _pains(title: str, *texts: str):
    return blank_canvas(title).model_copy(update={"pains": [
        Pain(id=f"p{i}", text=text, kind="obstacle", severity=5 - min(i, 4))
        for i, text in enumerate(texts)]})


@pytest.fixture
def room(data_dir):
    make_user(data_dir, "fiona")                      # first account: the facilitator
    make_user(data_dir, "zoe", first="Zoë")
    make_user(data_dir, "lena", first="Lena")
    make_user(data_dir, "omar", first="Omar")
    workshops = WorkshopStore(data_dir)
    code = workshops.create("Lille cohort", "fiona").code
    shared = {}
    for user, canvas in (("lena", _pains("Bakery", "Prices are too high", "Long queues")),
                         ("zoe", _pains("Taxi", "too high prices!", "No parking")),
                         ("omar", None)):
        workshops.join(code, user)
        if canvas is not None:
            stored = store_for(data_dir, user).create(canvas)
            workshops.share(code, user, stored.id)
            shared[user] = stored
    return code, shared


def test_overview_lists_members_by_name_with_counts_and_who_is_online(data_dir, room):
    from canvas.store.choose import open_backend

    code, _ = room
    open_backend(data_dir).room().seen(code, "zoe")   # Zoë's banner polled just now
    at = logged_in(data_dir, "fiona", page=WORKSHOPS)
    no_exceptions(at)
    table = next(tb.value for tb in at.table if "Learner" in tb.value.columns)
    assert list(table["Learner"]) == ["Lena User", "Omar User", "Zoë User"]
    assert list(table["Canvas"]) == ["Bakery", "Not shared yet", "Taxi"]
    assert list(table["Pains"]) == ["2", "", "2"]   # never "None" for nothing shared
    assert list(table["Online"]) == ["Away", "Away", "Online"]
    assert list(table["Updated"])[1] == ""
    assert "3 members, 2 sharing a canvas" in plain_texts(at)
    # The room summary counts the two wordings of one pain as one pain on two canvases.
    chart = next(c for c in at.get("plotly_chart") if "overview_summary" in c.proto.id
                 or "Pains and gains" in c.proto.spec)
    assert "Prices are too high" in chart.proto.spec and '"x":[2' in chart.proto.spec.replace(
        " ", "")


def test_overview_in_ukrainian(data_dir, room):
    at = logged_in(data_dir, "fiona", page=WORKSHOPS)
    at.session_state["vpc_lang"] = "uk"
    at.run()
    no_exceptions(at)
    table = next(tb.value for tb in at.table if "Учасник" in tb.value.columns)
    assert list(table["Канва"]) == ["Bakery", "Ще нічим не поділився", "Taxi"]
    assert "3 учасники, канвою поділилися: 2" in plain_texts(at)


def test_comparison_step_shows_every_note_or_says_how_many_more(data_dir, room):
    code, shared = room
    lena = store_for(data_dir, "lena")
    many = [f"Pain number {i} about waiting" for i in range(30)]
    lena.save(_pains("Bakery", *many).model_copy(update={"id": shared["lena"].id}),
              expected_revision=1)
    refs = f"lena/{shared['lena'].id},zoe/{shared['zoe'].id}"
    at = logged_in(data_dir, "fiona", page=PROJECTOR,
                   query={"workshop": code, "view": "compare", "compare": refs})
    no_exceptions(at)
    html = card_html(at)
    assert "too high prices!" in html and "No parking" in html      # Zoë's fit whole
    shown = sum(f"{i + 1}. Pain number {i} about" in html for i in range(30))
    assert 0 < shown < 30
    assert f"and {30 - shown} more" in html


def test_walk_shows_picked_canvases_first(data_dir, room):
    code, shared = room
    at = logged_in(data_dir, "fiona", page=PROJECTOR,
                   query={"workshop": code, "view": "walk", "walk": f"zoe/{shared['zoe'].id}"})
    no_exceptions(at)
    html = card_html(at)
    assert html.index("Zoë User · Taxi") < html.index("Lena User · Bakery")


def test_a_learner_cannot_put_the_room_on_a_projector(data_dir, room):
    code, _ = room
    at = logged_in(data_dir, "lena", page=PROJECTOR, query={"workshop": code, "view": "walk"})
    no_exceptions(at)
    assert "Bakery" not in plain_texts(at) + card_html(at)


def test_comparison_switched_to_on_the_projector_uses_the_gallery_ticks(data_dir, room):
    code, shared = room
    at = logged_in(data_dir, "fiona", page=WORKSHOPS)
    at.session_state[f"compare_{code}"] = [f"zoe/{shared['zoe'].id}"]
    at.query_params.update({"workshop": code, "view": "compare"})
    at.switch_page(PROJECTOR)
    at.run()
    no_exceptions(at)
    html = card_html(at)
    assert "Zoë User · Taxi" in html and "Bakery" not in html


def test_comparisons_carry_the_persona(data_dir, room):
    """Issue 16: the comparison of up to three profiles shows their persona cards."""
    from canvas.fileformat.models import Persona, Segment

    code, shared = room
    lena = store_for(data_dir, "lena")
    persona = Persona(name="Olena", age=34, location="Lille", motivations="Time with family")
    lena.save(shared["lena"].model_copy(update={
        "segment": Segment(name="Parents", persona=persona)}), expected_revision=1)
    refs = f"lena/{shared['lena'].id},zoe/{shared['zoe'].id}"
    at = logged_in(data_dir, "fiona", page=PROJECTOR,
                   query={"workshop": code, "view": "compare", "compare": refs})
    no_exceptions(at)
    html = card_html(at)
    assert "Olena · 34 · Lille" in html
    at = logged_in(data_dir, "fiona", page=WORKSHOPS)
    at.session_state[f"compare_{code}"] = refs.split(",")
    at.run()
    no_exceptions(at)
    texts = plain_texts(at)
    assert "Motivations: Time with family" in texts and "No persona card yet." in texts
