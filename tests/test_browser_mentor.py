"""Real browser: a facilitator's comment goes to the learner and back; a mentor link opens
the canvas read-only in a fresh browser, and nothing once revoked, expired, with a wrong
password or with a guessed token."""

import json
import re

import pytest
from playwright.sync_api import expect

from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from canvas.store.folder.accounts import AccountStore
from canvas.store.folder.canvases import CanvasStore
from canvas.store.folder.mentor_links import MentorLinkStore
from canvas.store.folder.workshops import WorkshopStore
from tests.apptest_helpers import make_user
from tests.browser_helpers import lane, login, note, settle, unique, wait_idle

pytestmark = pytest.mark.browser
NOTHING = "This link does not open anything"


def seeded_canvas(data, owner: str, title: str):
    canvas, _ = editing.add_item(blank_canvas(title), "pains", "Parcels arrive late",
                                 kind="obstacle", severity=5)
    canvas, _ = editing.add_item(canvas, "gains", "Same-day delivery", kind="desired",
                                 relevance=4)
    return CanvasStore(data, owner).create(canvas)


def open_canvas(page, base_url: str, canvas_id: str) -> None:
    page.goto(f"{base_url}/customer-profile?canvas={canvas_id}")
    settle(page)


def test_comment_round_trip_and_an_outsider_reads_nothing(server, browser):
    fac_name, lena, outsider = unique("fac"), unique("lena"), unique("out")
    for name in (fac_name, lena, outsider):
        make_user(server.data, name)
    AccountStore(server.data).set_roles(fac_name, ["facilitator"])
    canvas = seeded_canvas(server.data, lena, "Lena's parcels")
    workshops = WorkshopStore(server.data)
    code = workshops.create("Lille", fac_name).code
    workshops.join(code, lena)
    workshops.share(code, lena, canvas.id)
    contexts = [browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
                for _ in range(3)]
    try:
        fac, learner, other = (ctx.new_page() for ctx in contexts)
        login(fac, server, fac_name)
        fac.get_by_role("link", name="Workshops").click()
        card = fac.locator(f"[class*='st-key-card_{lena}_{canvas.id}']")
        card.get_by_role("button", name="Comment").click()
        panel = fac.locator(".st-key-comment_panel")
        expect(panel).to_contain_text("Lena's parcels")
        panel.get_by_label("Item").click()
        fac.get_by_role("option", name=re.compile("Parcels arrive late")).click()
        panel.get_by_label("Your comment").fill("How late? Ask three customers.")
        panel.get_by_role("button", name="Send comment").click()
        expect(panel).to_contain_text("Not resolved yet")
        panel.get_by_role("button", name="Close").click()
        expect(panel).to_have_count(0)

        login(learner, server, lena)
        open_canvas(learner, server.url, canvas.id)
        pain = note(learner, "pains", "Parcels arrive late")
        badge = pain.locator(".vpc-comment-badge")
        expect(badge).to_have_attribute("aria-label", "1 comment from your facilitator")
        expect(note(learner, "gains", "Same-day delivery").locator(".vpc-comment-badge")
               ).to_have_count(0)
        expect(learner.get_by_text("How late? Ask three customers.")).to_be_visible()
        learner.get_by_role("button", name="Mark as resolved").click()
        wait_idle(learner)
        expect(badge).to_have_count(0)
        expect(learner.get_by_role("button", name="Resolved · reopen")).to_be_visible()

        card.get_by_role("button", name="Comment").click()  # the facilitator looks again
        expect(panel).to_contain_text("Resolved by the learner")

        # Another learner, outside the workshop, with the canvas's address: nothing of it.
        login(other, server, outsider)
        open_canvas(other, server.url, canvas.id)
        expect(other.get_by_text("How late? Ask three customers.")).to_have_count(0)
        expect(lane(other, "pains")).to_have_count(0)
    finally:
        for ctx in contexts:
            ctx.close()


def mentor_sees_nothing(page, url: str) -> None:
    page.goto(url)
    settle(page)
    expect(page.get_by_text(NOTHING)).to_be_visible()
    expect(page.get_by_text("Lena's parcels")).to_have_count(0)
    expect(page.get_by_text("Parcels arrive late")).to_have_count(0)


def test_mentor_link_read_only_then_nothing(server, browser):
    lena = unique("lena")
    make_user(server.data, lena)
    canvas = seeded_canvas(server.data, lena, "Lena's parcels")
    learner_ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    mentor_ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    try:
        learner = learner_ctx.new_page()
        login(learner, server, lena)
        open_canvas(learner, server.url, canvas.id)
        learner.get_by_role("button", name="Share with a mentor").click()
        popover = learner.locator('[data-testid="stPopoverBody"]')
        popover.get_by_label("Who is it for?").fill("Sam, my mentor")
        popover.get_by_role("button", name="Create link").click()
        wait_idle(learner)
        if not popover.is_visible():
            learner.get_by_role("button", name="Share with a mentor").click()
        link = popover.locator('[data-testid="stCode"]')
        url = re.search(r"https?://\S+\?mentor=[A-Za-z0-9_-]{43}", link.inner_text()).group(0)
        expect(popover).to_contain_text("Sam, my mentor")

        mentor = mentor_ctx.new_page()
        mentor.goto(url)
        settle(mentor)
        expect(mentor.get_by_role("heading", name="Lena's parcels")).to_be_visible()
        mentor.get_by_role("tab", name="All items").click()
        expect(mentor.get_by_text("Parcels arrive late", exact=True)).to_be_visible()
        # Read-only: nothing to type in (the language picker aside), no button, no board,
        # no navigation, no login.
        expect(mentor.locator("input[type=password], textarea, "
                              "input[type=text]:not([role=combobox])")).to_have_count(0)
        expect(mentor.locator('[data-testid="stButton"], [data-testid="stFormSubmitButton"]')
               ).to_have_count(0)
        expect(mentor.locator("li.vpc-note")).to_have_count(0)
        expect(mentor.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
        expect(mentor.get_by_role("button", name="Log in")).to_have_count(0)

        mentor_sees_nothing(mentor, url.split("?mentor=")[0] + "?mentor=" + "A" * 43)
        mentor_sees_nothing(mentor, url.split("?mentor=")[0] + "?mentor=../../etc")

        # With a password: asked first; a wrong one opens nothing.
        _, token = MentorLinkStore(server.data).create(lena, canvas.id, "Jo", 7,
                                                       password="tea-and-bread")
        mentor.goto(url.split("?mentor=")[0] + "?mentor=" + token)
        settle(mentor)
        mentor.get_by_label("Password", exact=True).fill("coffee")
        mentor.get_by_role("button", name="Open the canvas").click()
        expect(mentor.get_by_text("That password is not the right one.")).to_be_visible()
        expect(mentor.get_by_text("Lena's parcels")).to_have_count(0)
        mentor.get_by_label("Password", exact=True).fill("tea-and-bread")
        mentor.get_by_role("button", name="Open the canvas").click()
        expect(mentor.get_by_role("heading", name="Lena's parcels")).to_be_visible()

        # Expired: the link's end moved into the past in the store.
        path = server.data / "mentor_links.json"
        links = json.loads(path.read_text())
        for entry in links:
            if entry["label"] == "Jo" and entry["owner"] == lena:
                entry["expires_at"] = "2020-01-01T00:00:00Z"
        path.write_text(json.dumps(links))
        mentor_sees_nothing(mentor, url.split("?mentor=")[0] + "?mentor=" + token)

        # Revoked by the learner: the first link now opens nothing either.
        mentor.goto(url)
        settle(mentor)
        expect(mentor.get_by_role("heading", name="Lena's parcels")).to_be_visible()
        if not popover.is_visible():
            learner.get_by_role("button", name="Share with a mentor").click()
        popover.locator("[class*='st-key-mentor_link_']").filter(
            has_text="Sam, my mentor").get_by_role("button", name="Revoke").click()
        wait_idle(learner)
        mentor_sees_nothing(mentor, url)
    finally:
        learner_ctx.close()
        mentor_ctx.close()
