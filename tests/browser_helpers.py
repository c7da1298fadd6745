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


def login(page: Page, base_url: str, username: str, password: str = "Secret#123",
          heading: str = "My canvases") -> None:
    """Log in on an English login page; ``heading`` is the first page's title, which is in
    the user's own language."""
    page.goto(base_url)
    settle(page)
    form = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Log in"))
    form.get_by_label("Username", exact=True).fill(username)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()


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


def choose(page: Page, scope, label: str, option: str) -> None:
    """Pick an option in a Streamlit selectbox by its visible label."""
    scope.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def lane(page: Page, section: str):
    """One lane of the board (jobs, pains, gains, products, pain_relievers, ...)."""
    return page.locator(f'[data-testid="vpc-lane-{section}"]')


def note(page: Page, section: str, text: str):
    """The note whose text is exactly ``text`` in a lane."""
    import re

    return lane(page, section).locator("li.vpc-note").filter(
        has=page.locator(".vpc-text", has_text=re.compile(f"^{re.escape(text)}$")))


def add_item(page: Page, text: str, score: str | int | None = None,
             score_label: str | None = None, kind: str | None = None,
             section: str = "jobs") -> None:
    """Type in the lane's add box and press Enter, as a learner does; optionally pick the
    kind first and set the score in the new note's editor afterwards."""
    box = lane(page, section).locator("input.vpc-add-text")
    if kind:
        lane(page, section).locator("select.vpc-add-kind").select_option(label=kind)
    box.fill(text)
    box.press("Enter")
    expect(note(page, section, text)).to_have_count(1)
    wait_idle(page)
    if score is not None and score_label:
        set_score(page, section, text, score_label, str(score))


def set_score(page: Page, section: str, text: str, score_label: str, score: str) -> None:
    """Open a note, click a score in its editor, close it with Done."""
    open_item(page, text, section)
    target = note(page, section, text)
    target.get_by_role("radiogroup", name=score_label).get_by_role(
        "radio", name=score, exact=True).click()
    expect(target.locator(".vpc-score-number")).to_have_text(score)
    wait_idle(page)
    target.get_by_role("button", name="Done").click()
    expect(target.locator(".vpc-editor")).to_have_count(0)
    wait_idle(page)


def row(page: Page, section: str, item_id: str):
    """A note on the board by its id (open or closed)."""
    return lane(page, section).locator(f'li.vpc-note[data-id="{item_id}"]')


def ranked_lines(page: Page, section: str) -> list[str]:
    """A lane's notes as read on screen, in displayed order: "#1 text" per note."""
    return lane(page, section).locator("li.vpc-note").evaluate_all(
        "notes => notes.map(n => n.querySelector('.vpc-rank').textContent + ' '"
        " + n.querySelector('.vpc-text').textContent)")


def ranked_texts(page: Page, section: str) -> list[str]:
    return lane(page, section).locator("li.vpc-note .vpc-text").all_text_contents()


def open_item(page: Page, text: str, section: str = "jobs") -> None:
    """Open a note in place by clicking it; its editor appears inside it."""
    target = note(page, section, text)
    target.locator(".vpc-text").click()
    expect(target.locator(".vpc-editor")).to_be_visible()
    wait_idle(page)


def settle(page: Page) -> None:
    """Let a freshly loaded page finish its first run, even on a slow machine where the
    first idle check can come before the run started, so later actions start from a quiet
    page."""
    wait_idle(page)
    page.wait_for_timeout(1500)
    wait_idle(page)


def paste_into(page, text: str) -> None:
    """Paste ``text`` into the focused element as a browser's clipboard paste does."""
    page.evaluate("""text => { const box = document.activeElement;
        const data = new DataTransfer(); data.setData('text/plain', text);
        box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                       cancelable: true})); }""", text)
