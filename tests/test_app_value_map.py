"""AppTest: the value map links relievers and creators to the profile; fit follows."""

import pytest

from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from tests.apptest_helpers import (
    board,
    board_action,
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

VALUE_MAP = "pages/value_map.py"
PROFILE = "pages/customer_profile.py"


@pytest.fixture
def canvas_id(data_dir):
    logged_in(data_dir)
    canvas = blank_canvas("Night nurses", "en")
    canvas, _ = editing.add_item(canvas, "pains", "Canteen closed at 7am", kind="obstacle",
                                 severity=5)
    canvas, _ = editing.add_item(canvas, "pains", "Long bus ride home", kind="undesired_outcome",
                                 severity=1)
    canvas, _ = editing.add_item(canvas, "gains", "Hot food after the shift", kind="desired",
                                 relevance=4)
    canvas, _ = editing.add_item(canvas, "jobs", "Eat well despite night work",
                                 kind="functional", importance=5)
    return store_for(data_dir).create(canvas).id


def open_map(data_dir, canvas_id):
    at = logged_in(data_dir, page=VALUE_MAP, query={"canvas": canvas_id})
    no_exceptions(at)
    return unfold(at, "fit", "jobs")


def metric(at):
    """The fit as the board's meter shows it, checked against the folded fit summary."""
    shown = board(at)["groups"]["profile"]["meter"]["text"]
    assert any(e.label.startswith(f"Fit: {shown}") for e in at.expander), shown
    return shown


def link(at, section, item_id, target, target_id):
    """Open a reliever or creator, then click a pain or gain to link or unlink it."""
    open_item(at, section, item_id)
    board_action(at, "toggle_link", section=target, id=target_id)


def test_linking_a_reliever_changes_the_fit(data_dir, canvas_id):
    at = open_map(data_dir, canvas_id)
    assert metric(at) == "0%"
    assert "Top pains nothing relieves yet" in texts(at)
    assert "Eat well despite night work" in texts(at)  # jobs stay visible for context
    board_action(at, "add", section="pain_relievers", text="Breakfast delivery from 6am")
    reliever = store_for(data_dir).load(canvas_id).value_map.pain_relievers[0]
    assert notes(at, "pain_relievers")[0]["lines"] == ["Not linked to any pain yet."]
    link(at, "pain_relievers", reliever.id, "pains", "p1")
    # 5 of (5 + 1 + 4) = 50 %
    assert metric(at) == "50%"
    assert store_for(data_dir).load(canvas_id).value_map.pain_relievers[0].relieves == ["p1"]
    assert notes(at, "pain_relievers")[0]["lines"] == ["Relieves: #1"]
    assert [n.get("lit", False) for n in notes(at, "pains")] == [True, False]
    assert notice(at) == "Linked “Canteen closed at 7am”."

    # Link the gain through a creator, then make the reliever cover both pains.
    board_action(at, "add", section="gain_creators", text="Heated locker at the ward")
    creator = store_for(data_dir).load(canvas_id).value_map.gain_creators[0]
    link(at, "gain_creators", creator.id, "gains", "g1")
    assert metric(at) == "90%"
    link(at, "pain_relievers", reliever.id, "pains", "p2")
    assert metric(at) == "100%"
    assert notes(at, "pain_relievers")[0]["lines"] == ["Relieves: #1, #2"]
    assert "Every pain and gain is addressed" in texts(at)
    # A second click unlinks.
    board_action(at, "toggle_link", section="pains", id="p2")
    assert metric(at) == "90%"
    assert store_for(data_dir).load(canvas_id).value_map.pain_relievers[0].relieves == ["p1"]


def test_clicking_a_pain_with_no_reliever_open_asks_for_one(data_dir, canvas_id):
    at = open_map(data_dir, canvas_id)
    revision = store_for(data_dir).load(canvas_id).revision
    board_action(at, "toggle_link", section="pains", id="p1")
    assert notice(at) == "Open a pain reliever first, then click the pains it relieves."
    assert store_for(data_dir).load(canvas_id).revision == revision


def test_idle_creator_is_called_out(data_dir, canvas_id):
    at = open_map(data_dir, canvas_id)
    board_action(at, "add", section="gain_creators", text="Loyalty stamps")
    shown = texts(at)
    assert "linked to nothing" in shown and "Loyalty stamps" in shown


def test_deleting_a_pain_drops_its_links_and_says_so(data_dir, canvas_id):
    store = store_for(data_dir)
    canvas = store.load(canvas_id)
    canvas, _ = editing.add_item(canvas, "pain_relievers", "Delivery from 6am", relieves=["p1"])
    store.save(canvas)
    at = logged_in(data_dir, page=PROFILE, query={"canvas": canvas_id})
    open_item(at, "pains", "p1")
    board_action(at, "delete", section="pains", id="p1")
    assert "1 link from the value map was removed" in notice(at)
    assert store.load(canvas_id).value_map.pain_relievers[0].relieves == []
    board_action(at, "undo")
    assert store.load(canvas_id).value_map.pain_relievers[0].relieves == ["p1"]
    assert note_texts(at, "pains") == ["Canteen closed at 7am", "Long bus ride home"]


def test_value_map_add_delete_undo_and_reorder(data_dir, canvas_id):
    at = open_map(data_dir, canvas_id)
    for text in ("Breakfast box", "Night canteen pass"):
        board_action(at, "add", section="products", text=text)
    products = store_for(data_dir).load(canvas_id).value_map.products
    assert [p.text for p in products] == ["Breakfast box", "Night canteen pass"]
    assert note_texts(at, "products") == ["Breakfast box", "Night canteen pass"]
    second = products[1].id
    board_action(at, "move", section="products", id=second, to=0)
    order = [p.text for p in store_for(data_dir).load(canvas_id).value_map.products]
    assert order == ["Night canteen pass", "Breakfast box"]
    assert note_texts(at, "products") == order
    open_item(at, "products", second)
    board_action(at, "delete", section="products", id=second)
    assert len(store_for(data_dir).load(canvas_id).value_map.products) == 1
    assert note_texts(at, "products") == ["Breakfast box"]
    board_action(at, "undo")
    order = [p.text for p in store_for(data_dir).load(canvas_id).value_map.products]
    assert order == ["Night canteen pass", "Breakfast box"]
    assert note_texts(at, "products") == order


def test_the_gaps_are_numbered_in_persian_digits_for_a_persian_reader(data_dir, canvas_id):
    from canvas.ui.shell.session import LANG_KEY

    at = logged_in(data_dir, query={"canvas": canvas_id})
    at.session_state[LANG_KEY] = "fa"
    at.switch_page(VALUE_MAP)
    at.run()
    no_exceptions(at)
    shown = texts(unfold(at, "fit", "jobs"))
    # The top pain nothing relieves: its rank and its severity in Persian digits, its
    # text as typed ("7am").
    assert "#۱ " in shown and "(۵/۵)" in shown and "Canteen closed at 7am" in shown
    assert "(5/5)" not in shown
