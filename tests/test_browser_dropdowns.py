"""Real browser: a dropdown opens at the first click right after an edit.

After an edit the page reruns; every field refilled from the saved canvas used to be set
again by the script, so Streamlit redrew it with a "value set by the app" and closed a
dropdown the user had just opened (the first click only seemed to focus it).
"""

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import settle, unique
from tests.walk_helpers import log_in, seed_user

pytestmark = pytest.mark.browser


def test_relation_dropdown_opens_at_the_first_click_after_an_edit(server, browser):
    user = unique("drop")
    canvas_id = seed_user(server.data, user, "en")
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        log_in(page, server, user)
        page.goto(f"{server.url}/customer-profile?canvas={canvas_id}")
        settle(page)
        main = page.locator('[data-testid="stMain"]')
        if not main.get_by_label("Where they live", exact=True).is_visible():
            main.locator('[data-testid="stExpander"] summary').first.click()
        relation = main.get_by_role("combobox", name="Relation to your business")
        options = ["Former customers", "Potential customers", "Current customers"]
        for attempt, option in enumerate(options):
            # An edit in a text field, then the dropdown while the page reruns.
            where = main.get_by_label("Where they live", exact=True)
            where.fill(f"Ghent {attempt}")
            where.press("Tab")
            page.wait_for_timeout(150)
            relation.click()
            page.wait_for_timeout(2500)
            expect(page.get_by_role("listbox")).to_be_visible(timeout=1000)
            # An edit with the dropdown itself, then the dropdown again at once.
            page.get_by_role("option", name=option).click()
            page.wait_for_timeout(150)
            relation.click()
            page.wait_for_timeout(2500)
            expect(page.get_by_role("listbox")).to_be_visible(timeout=1000)
            page.keyboard.press("Escape")
            page.wait_for_timeout(1000)
    finally:
        context.close()
