"""Real browser, issue 20 (13, 14): the evidence panel as a hurried learner and a
facilitator projecting meet it.

A double click on "Add the test" or "Add the learning" stores one card and leaves an
empty form; the open note's tests and learnings are in view beside it, without scrolling,
on a busy board at 1280x720 and on a phone; the note itself says what evidence it has.
"""

from __future__ import annotations

import re

import pytest
from evidence_helpers import busy_canvas
from playwright.sync_api import Page, expect

from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from canvas.store.folder.canvases import CanvasStore
from tests.browser_helpers import open_item, register, row, settle, unique, wait_idle

pytestmark = pytest.mark.browser

PAIN = "Everything is closed at 7am"


def _context(browser, width: int, height: int, phone: bool = False):
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB",
                              has_touch=phone, is_mobile=phone)
    ctx.set_default_timeout(20_000)
    return ctx


def _unfold(page: Page, label: str) -> None:
    page.locator(".st-key-evidence_panel [data-testid=stExpander] summary").filter(
        has_text=label).click()
    wait_idle(page)


def _form(page: Page, submit: str):
    return page.locator(".st-key-evidence_panel [data-testid=stForm]").filter(
        has=page.get_by_role("button", name=submit))


def test_a_double_click_adds_one_test_and_one_learning_and_clears_the_forms(server, browser):
    ctx = _context(browser, 1280, 720)
    page = ctx.new_page()
    user = unique("dbl")
    register(page, server, user)
    canvas = blank_canvas("Night nurses", "en")
    canvas, _ = editing.add_item(canvas, "pains", PAIN, kind="obstacle", severity=5)
    store = CanvasStore(server.data, user)
    canvas_id = store.create(canvas).id
    page.goto(f"{server.url}/customer-profile?canvas={canvas_id}")
    settle(page)
    open_item(page, PAIN, "pains")
    panel = page.locator(".st-key-evidence_panel")

    _unfold(page, "Plan a test")
    plan = _form(page, "Add the test")
    plan.get_by_label("We believe that…").fill("Nurses find nothing open after a night")
    plan.get_by_label("Who runs it").fill("Olena")
    # Two fast clicks (mouse down and up twice, a few ms apart), as a hurried hand does.
    plan.get_by_role("button", name="Add the test").dblclick()
    expect(panel).to_contain_text("run by Olena")
    wait_idle(page)
    plan = _form(page, "Add the test")
    expect(plan.get_by_label("We believe that…")).to_have_value("")
    expect(plan.get_by_label("Who runs it")).to_have_value("")
    tests = store.load(canvas_id).pains[0].tests
    assert [(t.belief, t.owner) for t in tests] == [
        ("Nurses find nothing open after a night", "Olena")]

    _unfold(page, "Record what you learned")
    learn = _form(page, "Add the learning")
    learn.get_by_label("We observed…").fill("8 of 10 pre-paid a breakfast at the kiosk")
    learn.get_by_role("button", name="Add the learning").dblclick()
    expect(panel).to_contain_text("8 of 10 pre-paid a breakfast at the kiosk")
    wait_idle(page)
    learn = _form(page, "Add the learning")
    expect(learn.get_by_label("We observed…")).to_have_value("")
    assert [c.observed for c in store.load(canvas_id).pains[0].learnings] == [
        "8 of 10 pre-paid a breakfast at the kiosk"]
    ctx.close()


def _seed_busy(page: Page, server) -> tuple[str, object]:
    user = unique("busy")
    register(page, server, user)
    canvas = busy_canvas("en")
    for number in range(1, 7):
        canvas, _ = editing.add_item(canvas, "pain_relievers", f"Warm meals, batch {number}",
                                     relieves=[canvas.pains[number].id])
    return CanvasStore(server.data, user).create(canvas).id, canvas.pains[8]


def _beside(panel, note) -> None:
    """The panel's top on the first screen and beside the note, not over it, once both
    stand still (an element's enter transition scales it for a few frames)."""
    panel.page.wait_for_function(
        """([p, n]) => { const a = p.getBoundingClientRect(), b = n.getBoundingClientRect();
                         return a.top >= 0 && a.top < 200
                             && (a.right <= b.left + 0.5 || a.left >= b.right - 0.5); }""",
        arg=[panel.element_handle(), note.element_handle()])


def test_the_panel_opens_beside_a_note_low_on_a_busy_board_in_view(server, browser):
    ctx = _context(browser, 1280, 720)
    page = ctx.new_page()
    canvas_id, pain = _seed_busy(page, server)
    page.goto(f"{server.url}/customer-profile?canvas={canvas_id}")
    settle(page)
    target = row(page, "pains", pain.id)
    # The note says what evidence it has before it is opened...
    expect(target.locator(".vpc-evidence")).to_have_text("they do it · 1 test · 1 learning")
    open_item(page, pain.text, "pains")
    note = target.bounding_box()
    assert note["y"] > 0 and note["y"] + 40 < 720          # the note, scrolled into view
    # ... and still says it while open (the mark was hidden on the open note).
    expect(target.locator(".vpc-evidence")).to_be_visible()

    panel = page.locator(".st-key-evidence_panel")
    expect(panel).to_contain_text(pain.text)
    expect(panel).to_contain_text("Test 1")
    box = panel.bounding_box()
    expect(panel.get_by_text("1 test", exact=True)).to_be_in_viewport()
    _beside(panel, target)                               # beside the open note, not over it

    # Scrolled to the end of the board, the panel stays where it is.
    page.mouse.move(1100, 400)  # over the gains lane, not the panel
    page.mouse.wheel(0, 3000)
    wait_idle(page)
    assert abs(panel.bounding_box()["y"] - box["y"]) < 2
    expect(panel.get_by_text("1 test", exact=True)).to_be_in_viewport()

    # Folded to its header line and back; the choice holds for the next note.
    panel.get_by_role("button", name="Hide").click()
    wait_idle(page)
    expect(panel.get_by_text("Test 1", exact=True)).to_have_count(0)
    panel.get_by_role("button", name="Show").click()
    wait_idle(page)
    expect(panel.get_by_text("Test 1", exact=True)).to_be_visible()

    # On the value map over the sidebar's navigation: the pains an open reliever links
    # to stay clickable (docked right it covered them at 1280 px).
    page.goto(f"{server.url}/value-map?canvas={canvas_id}")
    settle(page)
    open_item(page, "Warm meals, batch 5", "pain_relievers")
    expect(panel).to_contain_text("Warm meals, batch 5")
    expect(panel.get_by_text("Plan a test")).to_be_in_viewport()
    pains = page.locator('[data-testid="vpc-lane-pains"]')
    for lane in ("pain_relievers", "gain_creators", "pains", "gains"):
        _beside(panel, page.locator(f'[data-testid="vpc-lane-{lane}"]'))
    pains.locator("li.vpc-note").first.click()                 # linking is not blocked
    expect(page.locator(".vpc-notice")).to_contain_text(re.compile(r"^(Linked|Unlinked) “"))
    ctx.close()


def test_on_a_phone_the_panel_is_a_sheet_in_view_that_opens_with_a_tap(server, browser):
    ctx = _context(browser, 390, 844, phone=True)
    page = ctx.new_page()
    canvas_id, pain = _seed_busy(page, server)
    page.goto(f"{server.url}/customer-profile?canvas={canvas_id}")
    settle(page)
    page.get_by_role("tab", name="Pains · 12").tap()
    wait_idle(page)
    target = row(page, "pains", pain.id)
    target.locator(".vpc-text").tap()
    expect(target.locator(".vpc-editor")).to_be_visible()
    wait_idle(page)
    panel = page.locator(".st-key-evidence_panel")
    header = panel.get_by_text("Tests and learnings")
    expect(header).to_be_in_viewport()
    # Folded at first: the open note's text field is not under it.
    text_field = target.locator("textarea").first
    assert text_field.bounding_box()["y"] + 40 < panel.bounding_box()["y"]
    panel.get_by_role("button", name="Show").tap()
    wait_idle(page)
    expect(panel.get_by_text("Test 1", exact=True)).to_be_in_viewport()
    ctx.close()


def test_the_date_field_speaks_the_users_language(server, browser):
    """Issue 20 (16): typed as the language writes dates, and its buttons named in it
    (Streamlit calls them "Choose date" and "Clear date" whatever the language)."""
    from canvas.store.folder.accounts import AccountStore

    ctx = _context(browser, 1280, 720)
    page = ctx.new_page()
    user = unique("ukd")
    register(page, server, user)
    AccountStore(server.data).set_preference(user, "language", "uk")
    canvas = blank_canvas("Нічні медсестри", "uk")
    canvas, _ = editing.add_item(canvas, "pains", "О сьомій ранку все зачинено",
                                 kind="obstacle", severity=5)
    canvas_id = CanvasStore(server.data, user).create(canvas).id
    page.goto(f"{server.url}/customer-profile?canvas={canvas_id}")
    settle(page)
    open_item(page, "О сьомій ранку все зачинено", "pains")
    _unfold(page, "Спланувати тест")
    field = page.locator(".st-key-evidence_panel [data-testid=stDateInput]")
    expect(field.get_by_role("button", name="Обрати дату")).to_be_visible()
    expect(field.get_by_role("button", name="Choose date")).to_have_count(0)
    # Day, month, year with dots, as Ukrainian writes a date (it showed yyyy/mm/dd). The
    # segments' letters follow the browser's own language, which is English here.
    expect(field).to_contain_text("dd.mm.yyyy")
    ctx.close()
