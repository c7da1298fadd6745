"""Real browser: projector by keyboard at 1920x1080; a workshop seen from two browsers."""

import re

import pytest
from playwright.sync_api import expect

from canvas.store.folder.accounts import AccountStore
from tests.apptest_helpers import make_user
from tests.browser_helpers import (
    create_canvas,
    lane,
    login,
    register,
    screenshot,
    settle,
    unique,
    wait_idle,
)

pytestmark = pytest.mark.browser


def test_projector_steps_by_keyboard(server, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-GB")
    try:
        page = context.new_page()
        register(page, server, unique("pia"))
        page.get_by_text("Start from an example", exact=True).click()
        page.locator("[class*='st-key-template_']").first.click()
        expect(lane(page, "pains").locator("li.vpc-note").first).to_be_visible()
        page.get_by_role("link", name="Projector").click()
        expect(page.get_by_role("heading", name="Customer segment")).to_be_visible()
        # No app chrome in projector mode.
        expect(page.locator('section[data-testid="stSidebar"]')).to_be_hidden()
        wait_idle(page)  # the arrow keys are bound once the page has finished drawing
        for heading in ("Jobs", "Pains", "Gains", "Value map", "Fit"):
            page.keyboard.press("ArrowRight")
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
            wait_idle(page)
            screenshot(page, f"projector-{heading.lower().replace(' ', '-')}")
        page.keyboard.press("ArrowLeft")
        expect(page.get_by_role("heading", name="Value map", exact=True)).to_be_visible()
        # The timer shows on the projected page.
        page.get_by_role("button", name=re.compile("Timer")).click()
        page.get_by_role("button", name="Start").click()
        expect(page.locator(".vpc-timer")).to_have_text(re.compile(r"0[45]:\d\d"))
    finally:
        context.close()


def test_workshop_two_browsers(server, browser):
    facilitator_name, learner_a, learner_b = unique("fac"), unique("ana"), unique("ben")
    for name in (facilitator_name, learner_a, learner_b):
        make_user(server.data, name)
    AccountStore(server.data).set_roles(facilitator_name, ["facilitator"])
    fac_ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    a_ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    b_ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        fac = fac_ctx.new_page()
        login(fac, server, facilitator_name)
        fac.get_by_role("link", name="Workshops").click()
        fac.get_by_label("Name", exact=True).fill("Lille cohort")
        fac.get_by_role("button", name="Create the workshop").click()
        code_line = fac.get_by_text(re.compile(r"Join code: [A-Z0-9]{6}"))
        expect(code_line).to_be_visible()
        code = re.search(r"[A-Z0-9]{6}$", code_line.inner_text().strip()).group(0)
        expect(fac.get_by_text("Nothing shared yet")).to_be_visible()

        a = a_ctx.new_page()
        login(a, server, learner_a)
        create_canvas(a, "Ana's catering for offices")
        a.get_by_role("link", name="Workshops").click()
        a.get_by_label("Workshop code").fill(code.lower())
        a.get_by_role("button", name="Join", exact=True).click()
        expect(a.get_by_text("You joined")).to_be_visible()
        a.get_by_role("combobox", name="Canvases shared with the facilitator").click()
        a.get_by_role("option", name="Ana's catering for offices").click()
        wait_idle(a)

        # The gallery refreshes by itself: no reload on the facilitator's side.
        # In the gallery (the room overview above it names the canvas too).
        expect(fac.locator("[class*='st-key-card_']").filter(
            has_text="Ana's catering for offices")).to_be_visible(timeout=20_000)
        screenshot(fac, "workshop-gallery")

        b = b_ctx.new_page()
        login(b, server, learner_b)
        b.get_by_role("link", name="Workshops").click()
        b.get_by_label("Workshop code").fill(code)
        b.get_by_role("button", name="Join", exact=True).click()
        expect(b.get_by_text("You joined")).to_be_visible()
        settle(b)
        expect(b.get_by_text("Ana's catering for offices")).to_have_count(0)
        b.get_by_role("link", name="My canvases").click()
        expect(b.get_by_text("Ana's catering for offices")).to_have_count(0)

        # The facilitator presents it read-only (once the gallery's own refresh is over).
        wait_idle(fac)
        fac.get_by_role("button", name="Present").click()
        expect(fac.get_by_role("heading", name="Customer segment")).to_be_visible()
    finally:
        for ctx in (fac_ctx, a_ctx, b_ctx):
            ctx.close()
