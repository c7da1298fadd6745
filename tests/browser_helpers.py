"""Drive the real app in Chromium the way a person does: labels, buttons, keyboard."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def wait_idle(page: Page) -> None:
    """Wait until Streamlit has finished the current run (no 'running' indicator)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] button') && "
        "!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)


def register(page: Page, base_url: str, username: str, password: str = "Secret#123",
             first: str = "Amira") -> None:
    page.goto(base_url)
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
