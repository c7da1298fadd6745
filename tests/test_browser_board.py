"""Real browser: the board, as learners use it with a mouse, a keyboard and a phone.

Canvases are seeded through the store the server uses, so each test starts from a known
section; everything after that is done the way a person does it: drag, click, keys, touch.
"""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import Page, expect

from canvas import config
from canvas.editing import edits as editing
from canvas.fileformat.models import SCORE_FIELD, blank_canvas
from canvas.store.folder.canvases import CanvasStore
from tests.browser_helpers import paste_into, register, screenshot, settle, unique, wait_idle

pytestmark = pytest.mark.browser


# -- helpers -----------------------------------------------------------------------------
def seed(server, username: str, items: dict[str, list], title: str = "Night nurses"):
    """A canvas with ``items[section] = [(text, score), ...]`` (score None for value map)."""
    canvas = blank_canvas(title, "en")
    for section, rows in items.items():
        for text, score in rows:
            fields = {}
            if section in SCORE_FIELD:
                kind = {"jobs": "functional", "pains": "obstacle", "gains": "desired"}[section]
                fields = {"kind": kind, SCORE_FIELD[section]: score}
            canvas = editing.add_item(canvas, section, text, **fields)[0]
    return CanvasStore(server.data, username).create(canvas)


def stored(server, username: str, canvas_id: str):
    return CanvasStore(server.data, username).load(canvas_id)


def open_page(page: Page, server, canvas_id: str, path: str = "customer-profile") -> None:
    page.goto(f"{server.url}/{path}?canvas={canvas_id}")
    settle(page)
    expect(page.locator('[data-testid="vpc-board"]')).to_be_visible()


def lane(page: Page, section: str):
    return page.locator(f'[data-testid="vpc-lane-{section}"]')


def notes(page: Page, section: str):
    return lane(page, section).locator("li.vpc-note")


def shown(page: Page, section: str) -> list[str]:
    return lane(page, section).locator(".vpc-text").all_inner_texts()


def drag(page: Page, section: str, source: int, target: int, to_section: str | None = None) -> None:
    """Press on a note, move the mouse in steps to another note's edge, release."""
    src = notes(page, section).nth(source)
    dst = notes(page, to_section or section).nth(target)
    src.scroll_into_view_if_needed()
    a, b = src.bounding_box(), dst.bounding_box()
    x, y = a["x"] + a["width"] / 2, a["y"] + a["height"] / 2
    ty = b["y"] + (6 if (to_section or target < source) else b["height"] - 6)
    tx = b["x"] + b["width"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(x + (tx - x) * step / 20, y + (ty - y) * step / 20)
        page.wait_for_timeout(25)
    page.mouse.up()
    wait_idle(page)


def settled_order(page: Page, section: str, expected: list[str]) -> None:
    expect(lane(page, section).locator(".vpc-text")).to_have_text(expected)
    wait_idle(page)


def new_user(server, context, name: str = "ada") -> tuple[Page, str]:
    user = unique(name)
    page = context.new_page()
    register(page, server, user)
    return page, user


# -- drag, keyboard, undo ------------------------------------------------------------------
def test_drag_with_the_mouse_follows_the_rule_and_undo_restores(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"pains": [("Closed at 7am", 5), ("Too tired to cook", 4),
                                           ("Bus is late", 3), ("Noisy street", 2)]})
    open_page(page, server, canvas.id)
    assert shown(page, "pains") == ["Closed at 7am", "Too tired to cook", "Bus is late",
                                    "Noisy street"]
    drag(page, "pains", 3, 1)  # severity 2 dropped between a 5 and a 4: takes the 4
    settled_order(page, "pains", ["Closed at 7am", "Noisy street", "Too tired to cook",
                                  "Bus is late"])
    notice = page.locator(".vpc-notice")
    expect(notice).to_contain_text("Severity set to 4 (was 2)")
    saved = stored(server, user, canvas.id)
    assert [(p.text, p.severity) for p in sorted(saved.pains, key=lambda p: -p.severity)][:2] \
        == [("Closed at 7am", 5), ("Noisy street", 4)]
    expect(page.locator(".vpc-board [aria-live=assertive]")).to_contain_text("#2")

    notice.get_by_role("button", name="Undo").click()
    settled_order(page, "pains", ["Closed at 7am", "Too tired to cook", "Bus is late",
                                  "Noisy street"])
    assert {p.text: p.severity for p in stored(server, user, canvas.id).pains}[
        "Noisy street"] == 2


def test_keyboard_moves_opens_closes_and_deletes_with_undo(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"jobs": [("Cook dinner", 3), ("Sleep in the day", 3),
                                          ("Pay the rent", 3)]})
    open_page(page, server, canvas.id)
    third = notes(page, "jobs").nth(2)
    third.focus()
    page.keyboard.press("Alt+ArrowUp")
    settled_order(page, "jobs", ["Cook dinner", "Pay the rent", "Sleep in the day"])
    expect(page.locator(".vpc-notice")).to_contain_text("“Pay the rent” is now #2.")
    assert [j.text for j in stored(server, user, canvas.id).jobs] == [
        "Cook dinner", "Pay the rent", "Sleep in the day"]
    # Focus stays on the note that moved, so a second press moves it again.
    page.keyboard.press("Alt+ArrowUp")
    settled_order(page, "jobs", ["Pay the rent", "Cook dinner", "Sleep in the day"])

    notes(page, "jobs").nth(0).focus()
    page.keyboard.press("Enter")
    editor = lane(page, "jobs").locator(".vpc-editor")
    expect(editor).to_be_visible()
    page.keyboard.press("Escape")
    expect(editor).to_have_count(0)

    notes(page, "jobs").nth(1).focus()
    page.keyboard.press("Delete")
    settled_order(page, "jobs", ["Pay the rent", "Sleep in the day"])
    expect(page.locator(".vpc-notice")).to_contain_text("Deleted “Cook dinner”.")
    page.locator(".vpc-notice").get_by_role("button", name="Undo").click()
    settled_order(page, "jobs", ["Pay the rent", "Cook dinner", "Sleep in the day"])


def test_click_a_note_to_edit_it_in_place(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"gains": [("Food ready at home", 3), ("Cheap", 4)]})
    open_page(page, server, canvas.id)
    notes(page, "gains").nth(1).click()
    editor = lane(page, "gains").locator(".vpc-editor")
    expect(editor).to_be_visible()
    text = editor.get_by_label("Text", exact=True)
    text.fill("Food ready when I get home")
    text.press("Enter")
    wait_idle(page)
    editor.get_by_role("radiogroup", name="Relevance").get_by_role("radio", name="5").click()
    wait_idle(page)
    editor.get_by_role("radiogroup", name="Status").get_by_role("radio",
                                                                 name="✓ Validated").click()
    wait_idle(page)
    editor.get_by_label("Kind").select_option(label="Unexpected")
    wait_idle(page)
    # Only one note is open at a time: opening another closes the first.
    notes(page, "gains").nth(1).click()
    wait_idle(page)
    expect(lane(page, "gains").locator(".vpc-editor")).to_have_count(1)
    expect(notes(page, "gains").nth(0)).not_to_have_class("vpc-note is-open")
    gain = {g.text: g for g in stored(server, user, canvas.id).gains}["Food ready when I get home"]
    assert (gain.relevance, gain.status, gain.kind) == (5, "validated", "unexpected")
    assert shown(page, "gains")[0] == "Food ready when I get home"


def test_a_note_dropped_on_another_section_is_refused(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"pains": [("Closed at 7am", 4)], "gains": [("Warm meal", 4)]})
    open_page(page, server, canvas.id)
    drag(page, "pains", 0, 0, to_section="gains")
    expect(page.locator(".vpc-notice")).to_contain_text("A pain cannot become a gain")
    assert shown(page, "pains") == ["Closed at 7am"]
    assert shown(page, "gains") == ["Warm meal"]
    saved = stored(server, user, canvas.id)
    assert [p.text for p in saved.pains] == ["Closed at 7am"]
    assert saved.revision == canvas.revision


# -- ordering 8 pains: how many actions ------------------------------------------------------
TRUTH = [f"Pain {letter}" for letter in "ABCDEFGH"]


def test_ordering_eight_pains_takes_at_most_eight_drags(server, context):
    page, user = new_user(server, context)
    start = TRUTH[:]
    random.Random(8).shuffle(start)
    canvas = seed(server, user, {"pains": [(text, 3) for text in start]})
    open_page(page, server, canvas.id)
    actions = 0
    for position, text in enumerate(TRUTH):
        current = shown(page, "pains")
        if current[position] == text:
            continue
        drag(page, "pains", current.index(text), position)
        actions += 1
        expect(lane(page, "pains").locator(".vpc-text").nth(position)).to_have_text(text)
    settled_order(page, "pains", TRUTH)
    print(f"8 pains ordered by drag in {actions} actions (from {start})")
    assert actions <= 8
    saved = stored(server, user, canvas.id)
    assert [p.text for p in sorted(saved.pains, key=lambda p: -p.severity)] == TRUTH


def _answer_all(page: Page, truth: list[str]) -> int:
    count = 0
    panel = page.locator(".vpc-panel[data-kind=compare]")
    while panel.count():
        left = page.locator(".vpc-choice-left .vpc-choice-text").inner_text()
        right = page.locator(".vpc-choice-right .vpc-choice-text").inner_text()
        page.keyboard.press("ArrowLeft" if truth.index(left) < truth.index(right)
                            else "ArrowRight")
        count += 1
        wait_idle(page)
        expect(page.locator(".vpc-panel")).to_be_visible()
        page.wait_for_timeout(50)
    return count


def test_rank_by_comparing_eight_pains_asks_at_most_17_questions(server, context):
    page, user = new_user(server, context)
    start = TRUTH[:]
    random.Random(17).shuffle(start)
    canvas = seed(server, user, {"pains": [(text, 3) for text in start]})
    open_page(page, server, canvas.id)
    lane(page, "pains").get_by_role("button", name="Rank by comparing").click()
    expect(page.locator(".vpc-question")).to_have_text("Which pain hurts more?")
    questions = _answer_all(page, TRUTH)
    print(f"8 pains ordered by comparing with {questions} questions")
    assert questions <= 17
    # Nothing changes until the learner accepts.
    assert stored(server, user, canvas.id).revision == canvas.revision
    expect(page.locator(".vpc-result-text")).to_have_text(TRUTH)
    page.get_by_role("button", name="Accept this order").click()
    settled_order(page, "pains", TRUTH)
    saved = stored(server, user, canvas.id)
    by_text = {p.text: p.severity for p in saved.pains}
    assert by_text["Pain A"] == 5 and by_text["Pain H"] == 1
    assert [by_text[t] for t in TRUTH] == sorted(by_text.values(), reverse=True)
    page.locator(".vpc-notice").get_by_role("button", name="Undo").click()
    settled_order(page, "pains", start)


def test_rank_by_comparing_five_with_a_tie_gives_the_known_order(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"gains": [("Quiet", 3), ("Cheap", 3), ("Fast", 3),
                                           ("Warm", 3), ("Near", 3)]})
    open_page(page, server, canvas.id)
    truth = ["Fast", "Warm", "Near", "Cheap", "Quiet"]
    tie = {"Warm", "Near"}
    lane(page, "gains").get_by_role("button", name="Rank by comparing").click()
    panel = page.locator(".vpc-panel[data-kind=compare]")
    expect(panel).to_be_visible()
    asked = 0
    while panel.count():
        left = page.locator(".vpc-choice-left .vpc-choice-text").inner_text()
        right = page.locator(".vpc-choice-right .vpc-choice-text").inner_text()
        if {left, right} == tie:
            page.get_by_role("button", name="About the same").click()
        else:
            page.locator(".vpc-choice-left" if truth.index(left) < truth.index(right)
                         else ".vpc-choice-right").click()
        asked += 1
        wait_idle(page)
        page.wait_for_timeout(50)
    assert asked <= 8
    page.get_by_role("button", name="Accept this order").click()
    wait_idle(page)
    saved = {g.text: g.relevance for g in stored(server, user, canvas.id).gains}
    assert saved["Fast"] > saved["Warm"] == saved["Near"] > saved["Cheap"] > saved["Quiet"]
    assert shown(page, "gains")[0] == "Fast"


# -- value map ----------------------------------------------------------------------------
def test_linking_by_clicking_moves_the_fit(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"pains": [("Closed at 7am", 5), ("Bus is late", 1)],
                                 "gains": [("Warm meal", 4)],
                                 "pain_relievers": [("Delivery from 6am", None)]})
    open_page(page, server, canvas.id, "value-map")
    fit = page.locator('[data-testid="vpc-fit"] .vpc-meter-value')
    expect(fit).to_have_text("0%")
    lane(page, "pains").locator("li.vpc-note").first.click()
    expect(page.locator(".vpc-notice")).to_contain_text("Open a pain reliever first")
    notes(page, "pain_relievers").first.click()
    expect(lane(page, "pain_relievers").locator(".vpc-editor")).to_be_visible()
    notes(page, "pains").first.click()
    expect(fit).to_have_text("50%")  # a severity-5 pain of 5 + 1 + 4
    expect(notes(page, "pains").first).to_have_class(re.compile(r"\bis-lit\b"))
    expect(notes(page, "pains").first).to_have_attribute("aria-label", re.compile(r"Linked\.$"))
    assert stored(server, user, canvas.id).value_map.pain_relievers[0].relieves == ["p1"]
    notes(page, "pains").first.click()
    expect(fit).to_have_text("0%")
    assert stored(server, user, canvas.id).value_map.pain_relievers[0].relieves == []


# -- text, paste, conflicts -----------------------------------------------------------------
HOSTILE = ["<img src=x onerror=alert(1)>", "**bold** [link](http://evil.example) :red[x]",
           "\u202eevil right-to-left", "=HYPERLINK(\"http://x\",\"click\")"]


def test_hostile_text_stays_literal_on_the_board(server, context):
    page, user = new_user(server, context)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    canvas = seed(server, user, {"pains": [(text, 3) for text in HOSTILE]})
    open_page(page, server, canvas.id)
    expect(lane(page, "pains").locator(".vpc-text")).to_have_count(len(HOSTILE))
    texts = lane(page, "pains").locator(".vpc-text").evaluate_all(
        "nodes => nodes.map(n => n.textContent)")
    assert texts == HOSTILE
    assert page.locator(".vpc-board img, .vpc-board a, .vpc-board strong").count() == 0
    notes(page, "pains").first.click()
    expect(lane(page, "pains").locator(".vpc-edit-text")).to_have_value(HOSTILE[0])
    assert dialogs == []


def test_pasting_a_list_adds_one_note_per_line_after_a_preview(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"jobs": [("Cook dinner", 3)]})
    open_page(page, server, canvas.id)
    box = lane(page, "jobs").locator("input.vpc-add-text")
    box.focus()
    paste_into(page, "- Sleep in the day\n- cook dinner\n• Pay the rent\n\n3) Call my family")
    panel = page.locator(".vpc-panel[data-kind=paste]")
    expect(panel).to_contain_text("3 jobs will be added")
    expect(panel).to_contain_text("1 line is already on the board")
    assert stored(server, user, canvas.id).revision == canvas.revision
    panel.get_by_role("button", name="Add 3 jobs").click()
    expect(lane(page, "jobs").locator(".vpc-text")).to_have_count(4)
    assert [j.text for j in stored(server, user, canvas.id).jobs] == [
        "Cook dinner", "Sleep in the day", "Pay the rent", "Call my family"]


def write_in_another_tab(context, server, canvas_id: str, section: str, count: int):
    """A second tab adds "Written in the other tab" to ``section`` (then ``count`` notes),
    so the first tab's copy is stale. Returns the second tab."""
    other = context.new_page()
    open_page(other, server, canvas_id)
    box = lane(other, section).locator("input.vpc-add-text")
    box.fill("Written in the other tab")
    box.press("Enter")
    expect(lane(other, section).locator(".vpc-text")).to_have_count(count)
    return other


def test_two_tab_conflict_still_shows_after_a_drag_in_a_stale_tab(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"pains": [("Closed at 7am", 3), ("Bus is late", 3)]})
    open_page(page, server, canvas.id)
    write_in_another_tab(context, server, canvas.id, "pains", 3)
    drag(page, "pains", 1, 0)  # the first tab still shows revision 1
    expect(page.get_by_text("changed in another tab")).to_be_visible()
    saved = stored(server, user, canvas.id)
    assert "Written in the other tab" in [p.text for p in saved.pains]
    assert [p.text for p in saved.pains][:2] == ["Closed at 7am", "Bus is late"]


# -- sizes: laptop first screen and phone by touch ----------------------------------------------
def test_first_notes_are_on_the_first_screen_at_1280x720(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-GB")
    try:
        page, user = new_user(server, context)
        canvas = seed(server, user, {"jobs": [("Cook dinner", 4), ("Sleep in the day", 3)],
                                     "pains": [("Closed at 7am", 4)]})
        open_page(page, server, canvas.id)
        first = notes(page, "jobs").first
        box = first.bounding_box()
        assert box["y"] + box["height"] <= 720, box
        screenshot(page, "board-1280x720")
    finally:
        context.close()


def _touch_drag(page: Page, source, target) -> None:
    """A finger pressing a note, holding, and sliding it (Chromium touch events via CDP)."""
    cdp = page.context.new_cdp_session(page)
    a, b = source.bounding_box(), target.bounding_box()
    x, y = a["x"] + a["width"] / 2, a["y"] + a["height"] / 2
    ty = b["y"] + 6

    def touch(kind: str, px: float, py: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": px, "y": py, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", x, y)
    page.wait_for_timeout(400)  # hold: a quick swipe scrolls the page instead
    for step in range(1, 21):
        touch("touchMove", x, y + (ty - y) * step / 20)
        page.wait_for_timeout(25)
    touch("touchEnd", x, ty)


def test_phone_shows_notes_first_and_drags_by_touch(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB",
                                  has_touch=True, is_mobile=True, device_scale_factor=2)
    try:
        page, user = new_user(server, context)
        canvas = seed(server, user, {"pains": [("Closed at 7am", 4), ("Bus is late", 3),
                                               ("Too tired to cook", 2)]})
        page.goto(f"{server.url}/customer-profile?canvas={canvas.id}&section=pains")
        settle(page)
        first = notes(page, "pains").first
        expect(first).to_be_visible()
        assert first.bounding_box()["y"] < 844
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, width
        screenshot(page, "board-phone")
        notes(page, "pains").nth(2).scroll_into_view_if_needed()
        _touch_drag(page, notes(page, "pains").nth(2), notes(page, "pains").nth(0))
        wait_idle(page)
        settled_order(page, "pains", ["Too tired to cook", "Closed at 7am", "Bus is late"])
        saved = {p.text: p.severity for p in stored(server, user, canvas.id).pains}
        assert saved["Too tired to cook"] == 4
        notes(page, "pains").nth(1).tap()
        expect(lane(page, "pains").locator(".vpc-editor")).to_be_visible()
    finally:
        context.close()


# -- a dropped connection ---------------------------------------------------------------
DROP_ADDS = """() => { const host = document.querySelector('.vpc-board').parentElement;
  const board = host.__vpcBoard; const send = board.trigger;
  board.trigger = (name, batch) => {
    if (!batch.actions.some((action) => action.type === 'add')) send(name, batch); }; }"""


def test_a_note_sent_while_the_wifi_is_down_is_sent_again_and_saved_once(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"pains": [("Closed at 7am", 3)]})
    open_page(page, server, canvas.id)
    page.evaluate(DROP_ADDS)  # the next adds never reach the server
    box = lane(page, "pains").locator("input.vpc-add-text")
    box.fill("Bus is late")
    box.press("Enter")
    pending = lane(page, "pains").locator(".vpc-pending-row")
    expect(pending).to_have_text("Not saved yet, sending again: “Bus is late”")
    assert [p.text for p in stored(server, user, canvas.id).pains] == ["Closed at 7am"]
    # The wi-fi comes back (a reload, as after a laptop's sleep): the outbox survives it.
    page.reload()
    settle(page)
    expect(lane(page, "pains").locator(".vpc-text")).to_have_text(
        ["Closed at 7am", "Bus is late"], timeout=20_000)
    expect(pending).to_have_count(0)
    # Past two more resend intervals: nothing is added twice.
    page.wait_for_timeout(2.5 * config.board_resend_ms())
    assert [p.text for p in stored(server, user, canvas.id).pains] == ["Closed at 7am",
                                                                       "Bus is late"]


def test_a_lost_add_is_retried_without_a_reload(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"jobs": [("Cook dinner", 3)]})
    open_page(page, server, canvas.id)
    page.evaluate("""() => { const host = document.querySelector('.vpc-board').parentElement;
      const board = host.__vpcBoard; const send = board.trigger; let dropped = false;
      board.trigger = (name, batch) => {
        if (batch.actions.some((a) => a.type === 'add') && !dropped) { dropped = true; return; }
        send(name, batch); }; }""")
    box = lane(page, "jobs").locator("input.vpc-add-text")
    box.fill("Sleep in the day")
    box.press("Enter")
    expect(lane(page, "jobs").locator(".vpc-text")).to_have_text(
        ["Cook dinner", "Sleep in the day"], timeout=15_000)
    page.wait_for_timeout(2.5 * config.board_resend_ms())
    assert [j.text for j in stored(server, user, canvas.id).jobs] == ["Cook dinner",
                                                                      "Sleep in the day"]
