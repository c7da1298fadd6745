"""AppTest: the value map links relievers and creators to the profile; fit follows."""

import pytest

from canvas import editing
from canvas.models import blank_canvas
from tests.apptest_helpers import (
    button,
    logged_in,
    no_exceptions,
    open_item,
    plain_texts,
    store_for,
    texts,
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
    return at


def metric(at):
    return next(m.value for m in at.metric if m.label == "Fit")


def test_linking_a_reliever_changes_the_fit(data_dir, canvas_id):
    at = open_map(data_dir, canvas_id)
    assert metric(at) == "0 %"
    assert "Top pains nothing relieves yet" in texts(at)
    assert "Eat well despite night work" in texts(at)  # jobs stay visible for context
    at.text_input(key="vm_add_pain_relievers_text").input("Breakfast delivery from 6am")
    at.multiselect(key="vm_add_pain_relievers_links").set_value(["p1"])
    button(at, key="FormSubmitter:vm_add_pain_relievers-Add (Enter)").click()
    at.run()
    no_exceptions(at)
    # 5 of (5 + 1 + 4) = 50 %
    assert metric(at) == "50 %"
    reliever = store_for(data_dir).load(canvas_id).value_map.pain_relievers[0]
    assert reliever.relieves == ["p1"]
    assert "Relieves: #1" in plain_texts(at)

    # Link the gain through a creator, then edit the reliever to cover both pains.
    at.text_input(key="vm_add_gain_creators_text").input("Heated locker at the ward")
    at.multiselect(key="vm_add_gain_creators_links").set_value(["g1"])
    button(at, key="FormSubmitter:vm_add_gain_creators-Add (Enter)").click()
    at.run()
    assert metric(at) == "90 %"
    open_item(at, "pain_relievers", reliever.id)
    at.multiselect(key=f"vm_pain_relievers_{reliever.id}_relieves").set_value(["p1", "p2"])
    at.run()
    assert metric(at) == "100 %"
    assert "Every pain and gain is addressed" in texts(at)


def test_idle_creator_is_called_out(data_dir, canvas_id):
    at = open_map(data_dir, canvas_id)
    at.text_input(key="vm_add_gain_creators_text").input("Loyalty stamps")
    button(at, key="FormSubmitter:vm_add_gain_creators-Add (Enter)").click()
    at.run()
    shown = texts(at)
    assert "linked to nothing" in shown and "Loyalty stamps" in shown


def test_deleting_a_pain_drops_its_links_and_says_so(data_dir, canvas_id):
    store = store_for(data_dir)
    canvas = store.load(canvas_id)
    canvas, _ = editing.add_item(canvas, "pain_relievers", "Delivery from 6am", relieves=["p1"])
    store.save(canvas)
    at = logged_in(data_dir, page=PROFILE, query={"canvas": canvas_id})
    open_item(at, "pains", "p1")
    button(at, key="editor_pains_p1_delete").click()
    at.run()
    no_exceptions(at)
    assert "1 link from the value map was removed" in texts(at)
    assert store.load(canvas_id).value_map.pain_relievers[0].relieves == []
    button(at, key="undo_pains").click()
    at.run()
    assert store.load(canvas_id).value_map.pain_relievers[0].relieves == ["p1"]


def test_value_map_add_delete_undo_and_reorder(data_dir, canvas_id):
    at = open_map(data_dir, canvas_id)
    for text in ("Breakfast box", "Night canteen pass"):
        at.text_input(key="vm_add_products_text").input(text)
        button(at, key="FormSubmitter:vm_add_products-Add (Enter)").click()
        at.run()
    products = store_for(data_dir).load(canvas_id).value_map.products
    assert [p.text for p in products] == ["Breakfast box", "Night canteen pass"]
    second = products[1].id
    open_item(at, "products", second)
    button(at, key=f"vm_products_{second}_up").click()
    at.run()
    order = [p.text for p in store_for(data_dir).load(canvas_id).value_map.products]
    assert order == ["Night canteen pass", "Breakfast box"]
    button(at, key=f"vm_products_{second}_delete").click()
    at.run()
    assert len(store_for(data_dir).load(canvas_id).value_map.products) == 1
    button(at, key="vm_undo_products").click()
    at.run()
    order = [p.text for p in store_for(data_dir).load(canvas_id).value_map.products]
    assert order == ["Night canteen pass", "Breakfast box"]
