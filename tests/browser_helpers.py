"""Drive the real app in Chromium the way a person does: labels, buttons, keyboard."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def wait_idle(page: Page) -> None:
    """Wait until Streamlit has finished the run the last action started.

    The app root carries ``data-test-script-state``; a short pause first lets a click
    reach the server so we do not mistake the idle state before the run for the one after.
    """
    page.wait_for_timeout(250)
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
        " return app && app.getAttribute('data-test-script-state') !== 'running'; }",
        timeout=30_000)


def register(page: Page, base_url: str, username: str, password: str = "Secret#123",
             first: str = "Amira") -> None:
    page.goto(base_url)
    settle(page)
    page.get_by_role("tab", name="Create an account").click()
    form = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Create my account"))
    form.get_by_label("First name", exact=True).fill(first)
    form.get_by_label("Last name", exact=True).fill("Tester")
    form.get_by_label("Email", exact=True).fill(f"{username}@example.org")
    form.get_by_label("Username", exact=True).fill(username)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_label("Repeat the password").fill(password)
    form.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="My canvases")).to_be_visible()


def login(page: Page, base_url: str, username: str, password: str = "Secret#123") -> None:
    page.goto(base_url)
    settle(page)
    form = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Log in"))
    form.get_by_label("Username", exact=True).fill(username)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My canvases")).to_be_visible()


def create_canvas(page: Page, title: str) -> None:
    form = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Create and open"))
    form.get_by_label("Title", exact=True).fill(title)
    form.get_by_role("button", name="Create and open").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def unique(prefix: str) -> str:
    import uuid

    return f"{prefix}{uuid.uuid4().hex[:8]}"


def visible_form(page: Page, button: str):
    return page.locator('[data-testid="stForm"]:visible').filter(
        has=page.get_by_role("button", name=button))


def choose(page: Page, scope, label: str, option: str) -> None:
    """Pick an option in a Streamlit selectbox by its visible label."""
    scope.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def add_item(page: Page, text: str, score: str | None = None,
             score_label: str | None = None, kind: str | None = None) -> None:
    """Type the text and press Enter, as a learner does; optionally set the score first."""
    form = visible_form(page, "Add (Enter)")
    if kind:
        choose(page, form, "Kind", kind)
    if score and score_label:
        choose(page, form, score_label, score)
    box = form.get_by_role("textbox", name="Text", exact=True)
    box.fill(text)
    box.press("Enter")
    expect(page.locator("[data-testid=stMarkdownContainer]:visible", has_text=shown_as(text))
           .first).to_be_visible()
    wait_idle(page)


def shown_as(text: str):
    """A pattern for ``text`` as displayed: word joiners may sit inside web addresses."""
    import re

    return re.compile("\u2060?".join(re.escape(ch) for ch in text))


def row(page: Page, section: str, item_id: str):
    """The open item's edit panel (only one item per section is open at a time)."""
    return page.locator(f".st-key-row_{section}_{item_id}")


def ranked_lines(page: Page, section: str) -> list[str]:
    """The section's ranked list as read on screen: "#1 text" per item, summary dropped."""
    import re

    items = page.locator(f".st-key-list_{section} p").filter(has_text=re.compile(r"^#\d"))
    return [text.rsplit("\n", 1)[0] for text in items.all_inner_texts()]


def ranked_texts(page: Page, section: str) -> list[str]:
    return [line.split(" ", 1)[1] for line in ranked_lines(page, section)]


def open_item(page: Page, text: str) -> None:
    """Open an item through the visible "Edit an item" picker, typing part of its text."""
    import re

    picker = page.get_by_label("Edit an item", exact=True).locator("visible=true")
    picker.click()
    picker.fill(text[:20])
    page.get_by_role("option", name=re.compile(r"^#\d+ · " + re.escape(text[:20]))).click()
    expect(page.locator("[class*='st-key-row_']:visible").get_by_role(
        "button", name="Done")).to_be_visible()
    wait_idle(page)


def settle(page: Page) -> None:
    """Let a freshly loaded page finish its first run, even on a slow machine where the
    first idle check can come before the run started, so later actions start from a quiet
    page."""
    wait_idle(page)
    page.wait_for_timeout(1500)
    wait_idle(page)
