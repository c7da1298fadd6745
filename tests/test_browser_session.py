"""Real browser: register, create a canvas, reload and still be logged in, log out."""

import re

import pytest
from playwright.sync_api import expect

from canvas.i18n import translate
from tests.browser_helpers import (
    create_canvas,
    lane,
    login_with_form,
    register,
    register_with_form,
    screenshot,
    settle,
    unique,
    wait_idle,
)

pytestmark = pytest.mark.browser


def test_register_create_reload_logout(server, context):
    page = context.new_page()
    register_with_form(page, server.url, "nadia")
    screenshot(page, "my-canvases-empty")
    create_canvas(page, "Busy parents buying gifts")
    expect(lane(page, "jobs")).to_be_visible()

    # A reload starts a new Streamlit session: the signed cookie logs us back in and the
    # URL still points at the open canvas.
    page.reload()
    expect(page.get_by_role("heading", name="Busy parents buying gifts")).to_be_visible()
    page.get_by_role("link", name="My canvases").click()
    expect(page.get_by_role("heading", name="Busy parents buying gifts", level=4)).to_be_visible()
    screenshot(page, "my-canvases-one")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    # The cookie is gone: a reload stays on the login page.
    page.reload()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    expect(page.get_by_role("heading", name="My canvases")).to_have_count(0)


def test_language_switch_translates_labels_and_choices(server, context):
    page = context.new_page()
    register(page, server, unique("lou"))
    create_canvas(page, "Traiteur")
    page.get_by_role("combobox", name="Language").first.click()
    page.get_by_role("option", name=re.compile("Français")).click()
    expect(page.get_by_role("link", name=translate("nav.my_canvases", "fr"))).to_be_visible()
    # The board's kind picker shows its current choice in French too, not the English label.
    kind = lane(page, "jobs").get_by_role("combobox", name=translate("profile.kind", "fr"),
                                          exact=True)
    expect(kind.locator("option:checked")).to_have_text(translate("kind.job.functional", "fr"))
    expect(lane(page, "jobs").locator("input.vpc-add-text")).to_have_attribute(
        "aria-label", translate("profile.add", "fr", item=translate("section.jobs.item", "fr")))
    # Remembered for the user: a new session starts in French.
    page.reload()
    expect(page.get_by_role("link", name=translate("nav.my_canvases", "fr"))).to_be_visible()


def test_a_loaded_page_does_not_rerun_by_itself(server, context):
    """A page that asks the server for another run after it loads races the user's next
    click: a late run carries the page the user just left and sends them back to it."""
    page = context.new_page()
    user = unique("ines")
    register(page, server, user)
    create_canvas(page, "Bakery on wheels")
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.reload()
    expect(page.get_by_role("heading", name="Bakery on wheels")).to_be_visible()
    wait_idle(page)
    page.wait_for_timeout(3000)
    assert len(sent) == 1, f"{len(sent)} messages: the load, then {len(sent) - 1} more"
    # And a click right after the load lands where the user asked.
    page.get_by_role("link", name="My canvases").click()
    expect(page.get_by_role("heading", name="Bakery on wheels", level=4)).to_be_visible()
    page.wait_for_timeout(2000)
    expect(page.get_by_role("heading", name="My canvases", level=1)).to_be_visible()


@pytest.mark.parametrize("language", ["fr", "uk"])
def test_language_picked_before_registering_is_kept_for_the_next_days(server, browser,
                                                                      context, language):
    """Pick a language on the login page, register, come back: the interface speaks it."""
    def tr(key: str, **values) -> str:
        return translate(key, language, **values)

    page = context.new_page()
    page.goto(server.url)
    settle(page)
    page.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name=re.compile(
        {"fr": "Français", "uk": "Українська"}[language])).click()
    page.get_by_role("tab", name=tr("auth.register")).click()
    form = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name=tr("auth.register.submit")))
    user = unique("pia")
    form.get_by_label(tr("auth.first_name"), exact=True).fill("Pia")
    form.get_by_label(tr("auth.last_name"), exact=True).fill("Tester")
    form.get_by_label(tr("auth.email"), exact=True).fill(f"{user}@example.org")
    form.get_by_label(tr("auth.username"), exact=True).fill(user)
    form.get_by_label(tr("auth.password"), exact=True).fill("Secret#123")
    form.get_by_label(tr("auth.password_repeat"), exact=True).fill("Secret#123")
    form.get_by_role("button", name=tr("auth.register.submit")).click()
    expect(page.get_by_role("heading", name=tr("canvases.title"))).to_be_visible()

    # The next day in the same browser: a new session, logged in again by the cookie.
    page.reload()
    settle(page)
    expect(page.get_by_role("heading", name=tr("canvases.title"))).to_be_visible()

    # Or on another computer (English browser), logging in by hand.
    other = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    try:
        second = other.new_page()
        login_with_form(second, server.url, user, heading=tr("canvases.title"))
        expect(second.get_by_role("link", name=tr("nav.my_canvases"))).to_be_visible()
    finally:
        other.close()
