"""Real browser: the board's first screen and its lanes (issue 20, points 7, 9 and 10).

A squeezed section offers to spread its scores along the order; at 1280x720 three notes of
every lane of a busy canvas are on the first screen (one whole note on a phone); the add
boxes' placeholders fit and the add boxes line up across lanes in every language.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import wait_idle
from tests.test_browser_board import lane, new_user, open_page, seed, stored

pytestmark = pytest.mark.browser

SQUEEZED = [("Closed at 7am", 5), ("Too tired to cook", 5), ("Bus is late", 5),
            ("Noisy street", 5), ("No parking", 4), ("Shop is far", 4), ("Cold dinners", 4),
            ("Rent is high", 4)]


def severities(server, user, canvas_id) -> list[tuple[str, int]]:
    pains = stored(server, user, canvas_id).pains
    return [(p.text, p.severity) for p in sorted(pains, key=lambda p: -p.severity)]


# -- point 7: squeezed scores are spread in one click, and Undo takes it back -----------------
def test_squeezed_lane_offers_to_spread_its_scores_and_undo_takes_it_back(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"pains": SQUEEZED,
                                 "jobs": [("Cook dinner", 5), ("Sleep", 3), ("Pay rent", 1)]})
    open_page(page, server, canvas.id)
    offer = lane(page, "pains").locator(".vpc-lane-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Severity 5 on 4 notes.")
    expect(lane(page, "jobs").locator(".vpc-lane-offer")).to_be_hidden()  # 5, 3, 1 is spread

    offer.get_by_role("button", name="Spread scores along the order").click()
    expect(offer).to_be_hidden()
    wait_idle(page)
    order = [text for text, _ in SQUEEZED]
    assert severities(server, user, canvas.id) == list(zip(order, [5, 4, 4, 3, 3, 2, 2, 1],
                                                            strict=True))
    expect(lane(page, "pains").locator(".vpc-text")).to_have_text(order)
    notice = page.locator(".vpc-notice")
    expect(notice).to_contain_text("Pains: scores spread from 5 to 1 along the order.")

    notice.get_by_role("button", name="Undo").click()
    expect(offer).to_be_visible()
    wait_idle(page)
    assert severities(server, user, canvas.id) == SQUEEZED
    expect(lane(page, "pains").locator(".vpc-text")).to_have_text(order)


# -- a busy canvas in a language, and a browser of a given size --------------------------------
def busy_canvas(language: str):
    """Three templates in one canvas: 14 to 17 notes in each profile lane, 9 to 12 in the
    value map's."""
    from canvas.editing import edits as editing
    from canvas.fileformat.models import SCORE_FIELD
    from canvas.fileformat.templates import list_templates, load_template

    slugs = [info.slug for info in list_templates(language)]
    canvas = load_template(slugs[0], language)
    for slug in slugs[1:3]:
        other = load_template(slug, language)
        for section in (*SCORE_FIELD, "products", "pain_relievers", "gain_creators"):
            for item in other.section(section):
                score = SCORE_FIELD.get(section)
                fields = {"kind": item.kind, score: getattr(item, score)} if score else {}
                canvas = editing.add_item(canvas, section, item.text, **fields)[0]
    return canvas


def busy_user(server, language: str) -> tuple[str, str]:
    from canvas.store.choose import open_backend
    from tests.browser_helpers import unique
    from tests.walk_helpers import PASSWORD

    user = unique("busy")
    backend = open_backend(server.data)
    backend.accounts().register(user, f"{user}@example.org", "Amira", "Tester", PASSWORD)
    backend.accounts().set_preference(user, "language", language)
    return user, backend.canvases(user).create(busy_canvas(language)).id


def board_page(browser, server, user: str, width: int, height: int, phone: bool = False):
    """A logged-in page of the given size (a touch phone when ``phone``)."""
    from tests.walk_helpers import log_in

    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB",
                                  has_touch=phone, is_mobile=phone)
    context.set_default_timeout(30_000)
    page = context.new_page()
    log_in(page, server, user)
    return context, page


def visit_board(page, server, path: str, canvas_id: str) -> None:
    from tests.browser_helpers import settle

    page.goto(f"{server.url}/{path}?canvas={canvas_id}")
    settle(page)
    expect(page.locator(".vpc-lane li.vpc-note").first).to_be_visible()
    page.evaluate("() => document.fonts.ready")


#: For each lane shown: how many notes it has and how many are whole inside the viewport.
WHOLE_NOTES = """() => Object.fromEntries([...document.querySelectorAll('.vpc-lane')]
  .filter((lane) => lane.offsetParent !== null)
  .map((lane) => [lane.dataset.section, [...lane.querySelectorAll('li.vpc-note')].filter((n) => {
      const r = n.getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }).length]))"""


# -- point 9: the first screen is the board ---------------------------------------------------
@pytest.mark.parametrize("language", ["en", "fr", "uk"])
def test_three_whole_notes_of_every_lane_on_the_first_screen_at_1280x720(server, browser,
                                                                         language):
    user, canvas_id = busy_user(server, language)
    context, page = board_page(browser, server, user, 1280, 720)
    try:
        seen = {}
        for path in ("customer-profile", "value-map"):
            visit_board(page, server, path, canvas_id)
            seen[path] = page.evaluate(WHOLE_NOTES)
        assert len(seen["customer-profile"]) == 3 and len(seen["value-map"]) == 5
        short = {f"{path}/{lane}": whole for path, lanes in seen.items()
                 for lane, whole in lanes.items() if whole < 3}
        assert short == {}, seen
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "uk"])
def test_a_whole_note_on_the_first_screen_of_a_phone(server, browser, language):
    user, canvas_id = busy_user(server, language)
    context, page = board_page(browser, server, user, 390, 844, phone=True)
    try:
        for path in ("customer-profile", "value-map"):
            visit_board(page, server, path, canvas_id)
            whole = page.evaluate(WHOLE_NOTES)
            assert max(whole.values()) >= 1, (path, whole)
    finally:
        context.close()


# -- point 10: placeholders fit, add boxes line up ---------------------------------------------
#: Each add box shown: its lane, group, top, and whether its placeholder's text (measured
#: in the box's own font) fits the room inside its padding.
ADD_BOXES = """() => [...document.querySelectorAll('.vpc-lane .vpc-add-text')]
  .filter((box) => box.offsetParent !== null).map((box) => {
    const style = getComputedStyle(box);
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const text = context.measureText(box.placeholder).width;
    return {lane: box.closest('.vpc-lane').dataset.section,
            group: box.closest('.vpc-group').dataset.group,
            top: Math.round(box.getBoundingClientRect().top + window.scrollY),
            fits: text <= room && box.scrollWidth <= box.clientWidth,
            placeholder: box.placeholder, text: Math.ceil(text), room: Math.floor(room)};
  })"""


@pytest.mark.parametrize("language", ["en", "fr", "nl", "uk", "ar", "fa"])
def test_add_box_placeholders_fit_and_the_boxes_line_up_at_1280(server, browser, language):
    user, canvas_id = busy_user(server, language)
    context, page = board_page(browser, server, user, 1280, 720)
    try:
        for path, count in (("customer-profile", 3), ("value-map", 3)):
            visit_board(page, server, path, canvas_id)
            boxes = page.evaluate(ADD_BOXES)
            assert len(boxes) == count, boxes
            assert [b for b in boxes if not b["fits"]] == [], path
            tops = {b["group"]: set() for b in boxes}
            for box in boxes:
                tops[box["group"]].add(box["top"])
            assert all(len(group) == 1 for group in tops.values()), (path, boxes)
    finally:
        context.close()
