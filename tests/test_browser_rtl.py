"""Arabic and Persian read right to left (issue 25, points 1 and 3), in the browser.

The whole page turns around (``<html lang dir>``), the board's lanes with it (the first
lane at the right), a note reads in the order it was typed, every user text is isolated so
mixed text (a brand and a price in an Arabic note, a French note on an Arabic board, a
U+202E override) never reorders what is around it, and the arrow keys follow what is shown
on each side. Back in English, the page reads left to right again.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from canvas.editing import edits as editing
from canvas.fileformat.models import SCORE_FIELD, blank_canvas
from canvas.store.folder.canvases import CanvasStore
from tests.browser_helpers import login, make_account, screenshot, settle, unique, wait_idle

pytestmark = pytest.mark.browser

ARABIC_PRICE = "iPhone 15 بسعر 300 €"
PERSIAN_PRICE = "قیمت 20 یورو برای Wi\u2011Fi"
FRENCH = "Délai de livraison trop long"
OVERRIDE = "\u202Eevil"
KIND = {"jobs": "functional", "pains": "obstacle", "gains": "desired"}


def seed(server, username: str, language: str, items: dict[str, list[str]]):
    """A canvas in ``language`` with ``items[section]``, scored from 5 down."""
    canvas = blank_canvas("لوحة" if language == "ar" else "بوم", language)
    for section, texts in items.items():
        for index, text in enumerate(texts):
            fields = {"kind": KIND[section], SCORE_FIELD[section]: max(1, 5 - index)}
            canvas = editing.add_item(canvas, section, text, **fields)[0]
    return CanvasStore(server.data, username).create(canvas)


def user_in(server, context, language: str) -> tuple[Page, str]:
    user = make_account(server, unique(f"rtl{language}"), language=language)
    page = context.new_page()
    login(page, server, user, heading=None)
    return page, user


def open_board(page: Page, server, canvas_id: str, path: str = "customer-profile") -> None:
    page.goto(f"{server.url}/{path}?canvas={canvas_id}")
    settle(page)
    expect(page.locator('[data-testid="vpc-board"]')).to_be_visible()


def direction(page: Page) -> dict:
    return page.evaluate("""() => ({dir: document.documentElement.dir,
        lang: document.documentElement.lang,
        css: getComputedStyle(document.querySelector('[data-testid="stMain"]')).direction})""")


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def words_x(locator, word: str) -> float:
    """Where ``word`` of the element's text is drawn (its left edge)."""
    return locator.evaluate("""(el, word) => { const node = el.firstChild;
        const at = node.textContent.indexOf(word); const range = document.createRange();
        range.setStart(node, at); range.setEnd(node, at + word.length);
        return range.getBoundingClientRect().x; }""", word)


def lane(page: Page, section: str):
    return page.locator(f'[data-testid="vpc-lane-{section}"]')


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_page_and_the_board_read_right_to_left(server, context, language):
    page, user = user_in(server, context, language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert direction(page) == {"dir": "rtl", "lang": language, "css": "rtl"}
    # The sidebar is at the right of the page, its links' text aligned to the right.
    assert box(page, '[data-testid="stSidebar"]')["x"] > box(page, '[data-testid="stMain"]')["x"]
    heading = page.locator('[data-testid="stMain"] h1').first
    assert page.evaluate("""(h) => { const r = h.getBoundingClientRect();
        const range = document.createRange(); range.selectNodeContents(h);
        const t = range.getBoundingClientRect(); return r.right - t.right < 40; }""",
                         heading.element_handle()), "the page title starts at the right"
    # What is typed into a field takes its direction from what is typed.
    field = page.locator('[data-testid="stMain"] input[type="text"]').first
    expect(field).to_have_attribute("dir", "auto")

    mixed = PERSIAN_PRICE if language == "fa" else ARABIC_PRICE
    canvas = seed(server, user, language, {"jobs": [FRENCH], "pains": [mixed, OVERRIDE],
                                           "gains": ["Wi\u2011Fi"]})
    open_board(page, server, canvas.id)
    # The first lane (jobs) at the right, then pains, then gains at the left.
    jobs, pains, gains = (box(page, f'[data-testid="vpc-lane-{s}"]')
                          for s in ("jobs", "pains", "gains"))
    assert jobs["x"] > pains["x"] > gains["x"]
    # A note's text in logical order, isolated from its label, aligned to the right.
    texts = lane(page, "pains").locator(".vpc-text")
    expect(texts).to_have_text([mixed, OVERRIDE])
    # The mixed note is a sentence of the page's language: right to left even when a
    # brand comes first; the override's own note takes its direction from its letters.
    for index, wanted in enumerate(("rtl", "auto")):
        style = texts.nth(index).evaluate("""(el) => ({dir: el.getAttribute('dir'),
            bidi: getComputedStyle(el).unicodeBidi, align: getComputedStyle(el).textAlign})""")
        assert style == {"dir": wanted, "bidi": "isolate", "align": "right"}, style
    first, latin = ("iPhone", "بسعر") if language == "ar" else ("قیمت", "Wi")
    assert words_x(texts.first, first) > words_x(texts.first, latin), \
        f"{first} is read first: at the right of {latin}"
    # The override stays inside its note: the rank above it still reads "#2" (Persian
    # writes its own digits), and the number is at the right of its note (its start).
    second = lane(page, "pains").locator("li.vpc-note").nth(1)
    expect(second.locator(".vpc-rank")).to_have_text("#2" if language == "ar" else "#۲")
    note_box, rank_box = second.bounding_box(), second.locator(".vpc-rank").bounding_box()
    assert rank_box["x"] > note_box["x"] + note_box["width"] / 2
    # The French note on the Arabic board keeps its order, in a right-aligned lane.
    expect(lane(page, "jobs").locator(".vpc-text")).to_have_text([FRENCH])

    # A note typed on the board: shown as typed, and the notice quoting it isolates it.
    add = lane(page, "gains").locator("input.vpc-add-text")
    expect(add).to_have_attribute("dir", "auto")
    add.fill(mixed)
    add.press("Enter")
    wait_idle(page)
    expect(lane(page, "gains").locator(".vpc-text")).to_have_text(["Wi\u2011Fi", mixed])
    quoted = page.locator(".vpc-notice-text bdi")
    expect(quoted).to_have_text(mixed)
    expect(quoted).to_have_attribute("dir", "rtl")
    assert quoted.evaluate("(el) => getComputedStyle(el).unicodeBidi") == "isolate"
    screenshot(page, f"rtl-board-{language}")


def test_the_compare_keys_follow_what_is_shown_on_each_side(server, context):
    page, user = user_in(server, context, "ar")
    canvas = seed(server, user, "ar", {"pains": ["الأول", "الثاني"]})
    open_board(page, server, canvas.id)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    lane(page, "pains").locator('button[data-tool="compare_start"]').click()
    panel = page.locator(".vpc-panel[data-kind=compare]")
    expect(panel).to_be_visible()
    choices = panel.locator(".vpc-choice")
    shown = sorted(((choices.nth(i).bounding_box()["x"], choices.nth(i)) for i in range(2)),
                   key=lambda pair: pair[0])
    on_left, on_right = shown[0][1], shown[1][1]
    expect(on_left).to_have_attribute("aria-keyshortcuts", "ArrowLeft")
    expect(on_left.locator(".vpc-choice-key")).to_have_text("←")
    expect(on_right).to_have_attribute("aria-keyshortcuts", "ArrowRight")
    expect(on_right.locator(".vpc-choice-key")).to_have_text("→")
    # ArrowLeft chooses the note shown on the left: it comes first in the result.
    wanted = on_left.locator(".vpc-choice-text").inner_text()
    page.keyboard.press("ArrowLeft")
    wait_idle(page)
    expect(page.locator(".vpc-panel[data-kind=compare-result] .vpc-result-text").first) \
        .to_have_text(wanted)


def test_the_projector_turns_pages_the_way_the_page_reads(server, context):
    page, user = user_in(server, context, "fa")
    canvas = seed(server, user, "fa", {"jobs": [PERSIAN_PRICE]})
    page.goto(f"{server.url}/projector?canvas={canvas.id}")
    settle(page)
    previous = page.locator(".st-key-projector_prev button").first
    following = page.locator(".st-key-projector_next button").first
    # "Previous" stands at the right, "Next" at the left, and ArrowLeft goes forward.
    assert box(page, ".st-key-projector_prev button")["x"] > \
        box(page, ".st-key-projector_next button")["x"]
    expect(previous).to_be_disabled()
    expect(following).to_be_enabled()
    page.locator("body").press("ArrowLeft")
    wait_idle(page)
    expect(previous).to_be_enabled()
    expect(page.locator('.st-key-projector_step_jobs [data-testid="stBaseButton-primary"]')) \
        .to_be_visible()
    # The jobs' ranked list starts at the right, next to its Persian numbers, with the
    # score in Persian digits (it stood at the left, 200 px from "1.", with "5/5").
    items = page.locator('[data-testid="stMain"] ol li')
    expect(items.first).to_contain_text("۵/۵")
    look = items.first.evaluate("""li => ({align: getComputedStyle(li).textAlign,
        marker: getComputedStyle(li.parentElement).listStyleType,
        gap: li.getBoundingClientRect().right - parseFloat(getComputedStyle(li).paddingRight)
            - (() => { const r = document.createRange();
            r.selectNodeContents(li); return r.getBoundingClientRect().right; })()})""")
    assert look["align"] in ("start", "right") and look["marker"] == "persian"
    assert abs(look["gap"]) < 2, look
    page.locator("body").press("ArrowRight")
    wait_idle(page)
    expect(previous).to_be_disabled()
    screenshot(page, "rtl-projector-fa")


def test_choosing_arabic_on_the_first_screen_and_english_again(server, context):
    page = context.new_page()
    page.goto(server.url)
    settle(page)
    assert direction(page)["dir"] in ("", "ltr")
    menu = page.get_by_role("combobox").first
    menu.click()
    options = page.get_by_role("option")
    expect(options.filter(has_text="العربية")).to_have_count(1)
    expect(options.filter(has_text="فارسی")).to_have_count(1)
    options.filter(has_text="العربية").click()
    wait_idle(page)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert direction(page)["css"] == "rtl"
    # A dialog-like menu drawn outside the app's root reads right to left too.
    page.get_by_role("combobox").first.click()
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    assert listbox.evaluate("(el) => getComputedStyle(el).direction") == "rtl"
    page.get_by_role("option").filter(has_text="English").click()
    wait_idle(page)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert direction(page)["css"] == "ltr"
