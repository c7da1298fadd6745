"""Real browsers: a presented canvas follows its owner live; the gallery walk and the
comparison on the projector at the room's screen sizes.

The room is seeded through the store (accounts, workshop, shares) so that each test costs
only the logins and the pages it is about.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from canvas.fileformat.models import Gain, Job, Pain, blank_canvas
from canvas.store.folder.accounts import AccountStore
from canvas.store.folder.canvases import CanvasStore
from canvas.store.folder.workshops import WorkshopStore
from tests.apptest_helpers import make_user
from tests.browser_helpers import lane, login, screenshot, settle, unique, wait_idle

pytestmark = pytest.mark.browser


def _canvas(title: str, pains: int = 3, jobs: int = 2, gains: int = 2, word: str = "pain"):
    return blank_canvas(title).model_copy(update={
        "jobs": [Job(id=f"j{i}", text=f"Job {i + 1} of {title}", kind="functional",
                     importance=3) for i in range(jobs)],
        "pains": [Pain(id=f"p{i}", text=f"{word.capitalize()} {i + 1} of {title}",
                       kind="obstacle", severity=5 - min(i, 4)) for i in range(pains)],
        "gains": [Gain(id=f"g{i}", text=f"Gain {i + 1} of {title}", kind="desired",
                       relevance=4) for i in range(gains)]})


def _room(server, canvases: dict[str, object]):
    """A facilitator and one learner per canvas, each sharing theirs; returns the
    facilitator's username, the workshop code and ``{learner: (username, canvas)}``."""
    fac = unique("fac")
    make_user(server.data, fac, first="Fiona")
    AccountStore(server.data).set_roles(fac, ["facilitator"])
    workshops = WorkshopStore(server.data)
    code = workshops.create("Lille cohort", fac).code
    shared = {}
    for first, canvas in canvases.items():
        username = unique(first.lower()[:4])
        make_user(server.data, username, first=first)
        workshops.join(code, username)
        stored = CanvasStore(server.data, username).create(canvas)
        workshops.share(code, username, stored.id)
        shared[first] = (username, stored)
    return fac, code, shared


def _open(page, server, path: str) -> None:
    page.goto(f"{server.url}/{path}")
    settle(page)


@pytest.mark.serial  # measures seconds: alone, after the parallel part
def test_presented_canvas_shows_the_learners_new_pain_within_two_and_a_half_seconds(
        server, browser):
    fac_name, code, shared = _room(server, {"Lena": _canvas("Night bakery")})
    username, canvas = shared["Lena"]
    fac_ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-GB")
    lena_ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    try:
        fac = fac_ctx.new_page()
        login(fac, server, fac_name)
        _open(fac, server, f"projector?workshop={code}&owner={username}&canvas={canvas.id}")
        fac.locator(".st-key-projector_step_pains button").click()   # keys: test_browser_diagram
        expect(fac.get_by_role("heading", name="Pains", exact=True)).to_be_visible()
        wait_idle(fac)
        lena = lena_ctx.new_page()
        login(lena, server, username)
        _open(lena, server, f"customer-profile?canvas={canvas.id}")
        box = lane(lena, "pains").locator("input.vpc-add-text")
        box.fill("Flour delivery comes after opening")
        wait_idle(fac)
        box.press("Enter")                      # the learner's edit starts here
        typed = time.monotonic()
        expect(fac.get_by_text("Flour delivery comes after opening")).to_be_visible(
            timeout=2_500)
        print(f"presented canvas followed the edit in {time.monotonic() - typed:.2f} s")
        # The projector kept its step.
        expect(fac.get_by_role("heading", name="Pains", exact=True)).to_be_visible()
    finally:
        fac_ctx.close()
        lena_ctx.close()


def test_gallery_walk_shows_four_canvases_and_pages_to_the_fifth(server, browser):
    learners = ["Anna", "Bram", "Chloé", "Dmytro", "Eva"]
    fac_name, code, shared = _room(server, {n: _canvas(f"{n}'s shop") for n in learners})
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-GB")
    try:
        fac = ctx.new_page()
        login(fac, server, fac_name)
        fac.get_by_role("link", name="Workshops").click()
        # Eva is picked for the walk: her canvas comes first.
        card = fac.locator("[class*='st-key-card_']").filter(has_text="Eva's shop")
        expect(card).to_be_visible()
        card.get_by_text("Walk", exact=True).click()
        wait_idle(fac)
        fac.get_by_role("button", name="Gallery walk on the projector").click()
        expect(fac.get_by_role("heading", name="Gallery walk")).to_be_visible()
        wait_idle(fac)
        cards = fac.locator(".vpc-walk-card")
        expect(cards).to_have_count(4)
        heads = cards.locator(".vpc-walk-head").all_inner_texts()
        assert heads == ["Eva User · Eva's shop", "Anna User · Anna's shop",
                         "Bram User · Bram's shop", "Chloé User · Chloé's shop"]
        for card in cards.all():                   # every pain of each shown whole
            assert card.locator("[data-section=pains] li").count() == 3
        # Large type, every card inside the screen.
        size = float(cards.first.locator("li").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"))
        assert size >= 24
        edges = fac.evaluate("() => [...document.querySelectorAll('.vpc-walk-card')]"
                             ".map(c => [c.getBoundingClientRect().left,"
                             " c.getBoundingClientRect().right])")
        assert len(edges) == 4 and all(left >= 0 and right <= 1920 for left, right in edges)
        wait_idle(fac)
        screenshot(fac, "walk-gallery-walk-en-1920")
        fac.keyboard.press("ArrowRight")
        expect(cards).to_have_count(1)
        expect(cards.first.locator(".vpc-walk-head")).to_have_text("Dmytro User · Dmytro's shop")
    finally:
        ctx.close()


def test_comparison_step_shows_every_pain_or_says_how_many_more(server, browser):
    fac_name, code, shared = _room(server, {
        "Lena": _canvas("Bakery", pains=25, word="waiting"),
        "Omar": _canvas("Taxi", pains=4)})
    refs = ",".join(f"{u}/{c.id}" for u, c in shared.values())
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    try:
        fac = ctx.new_page()
        login(fac, server, fac_name)
        _open(fac, server, f"projector?workshop={code}&view=compare&compare={refs}")
        columns = fac.locator(".vpc-walk-card")
        expect(columns).to_have_count(2)
        lena, omar = columns.all()
        expect(omar.locator("[data-section=pains] li")).to_have_count(4)
        expect(omar.locator(".vpc-walk-more")).to_have_count(0)
        # The notes shown and "and N more" add up to her 25 pains (read in one go: the
        # cards are laid out again once the page has measured its room).
        fac.wait_for_function("""() => {
            const card = document.querySelector('.vpc-walk-card');
            const shown = card ? card.querySelectorAll('[data-section=pains] li').length : 0;
            const more = card && card.querySelector('[data-section=pains] .vpc-walk-more');
            return shown > 0 && shown < 25 && !!more
                && more.textContent.trim() === `and ${25 - shown} more`; }""", polling=50)
        # Nothing runs off the bottom of the screen.
        # Nothing runs off the bottom of the screen, once the cards are laid out in the room
        # the page measured.
        bottom = ("() => Math.max(...[...document.querySelectorAll('.vpc-walk-card')]"
                  ".map(c => c.getBoundingClientRect().bottom))")
        try:
            fac.wait_for_function(f"() => ({bottom})() <= 900", polling=50, timeout=10_000)
        except PlaywrightTimeout:
            pytest.fail(f"the cards end at {fac.evaluate(bottom)} px, below the screen's 900")
        screenshot(fac, "walk-comparison-en-1440")
    finally:
        ctx.close()


_FIT = """() => {
  // Streamlit scrolls its main area, not the document: every box that scrolls counts.
  const boxes = [document.scrollingElement, ...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppViewContainer"], .stMain')];
  const overflow = Math.max(...boxes.map(b => b.scrollHeight - b.clientHeight));
  const scrolled = Math.max(...boxes.map(b => b.scrollTop));
  const inView = e => { const r = e.getBoundingClientRect();
    return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5
      && r.right <= innerWidth + 0.5 && r.height > 0; };
  const heading = document.querySelector('h1');
  const named = t => [...document.querySelectorAll('button')].find(
    b => b.innerText.includes(t));
  const cards = [...document.querySelectorAll('.vpc-walk-card')];
  return { overflow: overflow, scrolled: scrolled, height: innerHeight,
           heading: !!heading && inView(heading), timer: !!named('Timer') && inView(named('Timer')),
           exit: !!named('Exit') && inView(named('Exit')),
           cards: cards.map(c => [inView(c), Math.round(c.getBoundingClientRect().top),
                                  Math.round(c.getBoundingClientRect().height)]) };
}"""


#: What the walk was drawn for, what its room box last reported, and the room there is
#: now, measured as canvas/ui/shell/figure_width.py measures it (snapped to 8 px).
_ROOMS = """() => {
  const grid = document.querySelector('.vpc-walk-grid');
  const box = [...document.querySelectorAll('*')].find(e => e.dataset && e.dataset.vpcRoom);
  if (!grid || !box) return {drawn: grid ? grid.dataset.room : null, now: null};
  const rect = box.getBoundingClientRect();
  let top = rect.top + scrollY;
  for (let e = box.parentElement; e; e = e.parentElement) top += e.scrollTop;
  const now = [Math.floor(rect.width / 8) * 8, Math.floor((innerHeight - top) / 8) * 8];
  return {drawn: grid.dataset.room, reported: box.dataset.vpcRoom, now: now.join(','),
          page_height: document.documentElement.scrollHeight};
}"""

# The cards were cut for the room there is now: not for a first measure taken while the
# page above them was still being drawn.
_SETTLED = f"() => {{ const r = ({_ROOMS})(); return !!r.now && r.drawn === r.now; }}"


def _settled(page) -> None:
    """Wait for _SETTLED; when it never comes, say what the walk was drawn for against what
    its box measured over the last seconds (CI, twice: never settled in 45 s)."""
    try:
        page.wait_for_function(_SETTLED, timeout=45_000)
    except PlaywrightTimeout:
        samples = []
        for _ in range(8):
            samples.append(page.evaluate(_ROOMS))
            page.wait_for_timeout(400)
        raise AssertionError(f"the walk never settled: {samples}") from None


def _busy_fills_its_card(card) -> None:
    """The busy section shows notes down to the card's bottom, "and N more" last."""
    pains = card.locator("[data-section=pains]")
    notes = pains.locator("li")
    more = pains.locator(".vpc-walk-more")
    expect(more).to_have_count(1)
    shown = notes.count()
    expect(more).to_have_text(f"and {20 - shown} more")
    line = float(notes.first.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    last = notes.nth(shown - 1).bounding_box()
    more_box = more.bounding_box()
    box = card.bounding_box()
    assert more_box["y"] >= last["y"] + last["height"] - 1          # "more" comes last
    # Below the last note: at most one more note's line, the "more" line and the frame.
    free = box["y"] + box["height"] - (last["y"] + last["height"])
    assert free <= 2 * line + 16 + 2, (shown, free, line)


@pytest.mark.parametrize("size", [(1920, 1080), (1440, 900), (1280, 720)],
                         ids=["1920x1080", "1440x900", "1280x720"])
def test_gallery_walk_fits_the_screen_opened_by_its_button_or_by_url(server, browser, size):
    fac_name, code, shared = _room(server, {
        "Anna": _canvas("Anna's shop", pains=20), "Bram": _canvas("Bram's shop"),
        "Chloé": _canvas("Chloé's shop", pains=5), "Dmytro": _canvas("Dmytro's shop")})
    width, height = size
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    try:
        fac = ctx.new_page()
        login(fac, server, fac_name)
        fac.get_by_role("link", name="Workshops").click()
        button = fac.get_by_role("button", name="Gallery walk on the projector")
        button.scroll_into_view_if_needed()
        expect(fac.locator("[class*='st-key-card_']")).to_have_count(4)
        wait_idle(fac)
        for how in ("button", "url"):
            if how == "button":
                button.click()
            else:
                _open(fac, server, f"projector?workshop={code}&view=walk")
            cards = fac.locator(".vpc-walk-card")
            expect(cards).to_have_count(4)
            busy = cards.filter(has_text="Anna's shop")
            expect(busy.locator("[data-section=pains] .vpc-walk-more")).to_have_count(1)
            # The layout settles: measured, then drawn for what was measured (a loaded
            # two-core machine took over 20 s).
            _settled(fac)
            wait_idle(fac)
            _settled(fac)
            wait_idle(fac)
            fit = fac.evaluate(_FIT)
            print(how, size, fit)
            assert fit["overflow"] <= 0 and fit["scrolled"] == 0, (how, fit)
            assert fit["heading"] and fit["timer"] and fit["exit"], (how, fit)
            assert all(inside for inside, _, _ in fit["cards"]), (how, fit)
            _busy_fills_its_card(busy)
            screenshot(fac, f"walk-fits-{how}-en-{width}")
    finally:
        ctx.close()
