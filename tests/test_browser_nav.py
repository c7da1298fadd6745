"""Real browser: every address of the app lands on a page or on one sentence in the user's
language, never on Streamlit's English "Page not found" dialog; the sidebar's own page
links work from the keyboard and say which page is current; Plotly's toolbar speaks the
user's language.

Streamlit raises its dialog for any address that is not a page registered in the run, so
the app registers every page of every role for every session (canvas/ui/shell/navigation.py).
These tests visit each address as a visitor, a learner and a facilitator whose one-time
password is still pending, in French and Ukrainian; reload a deep address on a server
started anew; and read the toolbar's tooltips in French, Dutch and Ukrainian.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from canvas.i18n import translate
from canvas.room.group_accounts import MUST_CHANGE
from canvas.ui.shell.plot_config import MESSAGES
from tests.browser_helpers import lane, settle, submit_login_form, unique, wait_idle
from tests.walk_helpers import NAV, NAV_LINK, PASSWORD, seed_user

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser

#: Every address: each page's, the login and password pages', the default page's own
#: name (its address is the root) and one that is no page at all.
PATHS = ["", "my-canvases", "customer-profile", "value-map", "insights", "interview-guide",
         "projector", "workshops", "join-screen", "account", "login", "first-password",
         "no-such-page"]
LOCALES = {"fr": "fr-FR", "uk": "uk-UA", "nl": "nl-NL"}


def _no_dialog(page) -> None:
    """Streamlit's dialog is English whatever the language; its text is the test."""
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert "Page not found" not in page.evaluate("() => document.body.innerText")


def _visit(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}")
    settle(page)


def _pending_facilitator(data, username: str, language: str) -> None:
    from canvas.store.choose import open_backend

    accounts = open_backend(data).accounts()
    accounts.register(username, f"{username}@example.org", "Petro", "Pending", PASSWORD)
    accounts.set_roles(username, ["facilitator"])
    accounts.set_preference(username, "language", language)
    accounts.set_preference(username, MUST_CHANGE, True)


@pytest.mark.parametrize("language", ["fr", "uk"])
def test_every_address_lands_on_a_page_or_one_sentence(server, browser, language):
    def tr(key: str) -> str:
        return translate(key, language)

    user = unique("nav")
    seed_user(server.data, user, language)
    learner = f"{user}l"  # joined to the facilitator's workshop by seed_user
    from canvas.store.choose import open_backend

    open_backend(server.data).accounts().set_preference(learner, "language", language)
    pending = f"{user}p"
    _pending_facilitator(server.data, pending, language)
    context = browser.new_context(viewport={"width": 1440, "height": 900},
                                  locale=LOCALES[language])
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        # A visitor: the login form, in their browser's language, at every address.
        for path in PATHS:
            _visit(page, server.url, path)
            expect(page.locator('input[autocomplete="username"]')).to_be_visible()
            expect(page.get_by_role("tab", name=tr("auth.login"))).to_be_visible()
            _no_dialog(page)
        # ... who, once logged in there, lands on the page the address names.
        _visit(page, server.url, "workshops")
        submit_login_form(page, learner)
        expect(page.get_by_role("heading", name=tr("nav.workshops"), level=1)).to_be_visible()
        expect(page).to_have_url(re.compile(r"/workshops$"))
        _no_dialog(page)
        # A learner: their pages; one sentence for a facilitator's page or no page at all.
        sentences = {"join-screen": tr("nav.facilitators_only"),
                     "no-such-page": tr("nav.missing.sentence")}
        for path in PATHS:
            _visit(page, server.url, path)
            expect(page.locator(NAV_LINK).first).to_be_visible()
            if path in sentences:
                expect(page.get_by_text(sentences[path], exact=True)).to_be_visible()
            elif path in ("", "my-canvases", "login", "first-password"):
                expect(page.get_by_role("heading", name=tr("canvases.title"))).to_be_visible()
                expect(page).to_have_url(f"{server.url}/")
            assert page.locator('[data-testid="stException"]').count() == 0, path
            _no_dialog(page)
        # The learner's navigation has no facilitator's page.
        expect(page.locator(NAV).get_by_role("link", name=tr("room.nav.join_screen"))) \
            .to_have_count(0)
        context.clear_cookies()
        context.close()
        # A facilitator whose one-time password is pending: the password form everywhere.
        context = browser.new_context(viewport={"width": 1440, "height": 900},
                                      locale=LOCALES[language])
        context.set_default_timeout(30_000)
        page = context.new_page()
        _visit(page, server.url, "")
        submit_login_form(page, pending)
        expect(page.get_by_role("heading", name=tr("room.first.title"))).to_be_visible()
        for path in PATHS:
            _visit(page, server.url, path)
            expect(page.get_by_role("heading", name=tr("room.first.title"))).to_be_visible()
            expect(page.locator(NAV_LINK)).to_have_count(0)
            _no_dialog(page)
    finally:
        context.close()


class _RunSh:
    def __init__(self, data, port: int):
        import os
        import subprocess

        self.process = subprocess.Popen(
            ["./run.sh", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, "VPC_DATA_DIR": str(data)},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        lines = []
        for line in self.process.stdout:  # bounded by the test's timeout
            lines.append(line)
            if "is ready:" in line:
                return
        raise AssertionError("run.sh never said it was ready:\n" + "".join(lines[-30:]))

    def stop(self) -> None:
        import os
        import signal

        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(30)


def _run_sh(data, port: int) -> _RunSh:
    return _RunSh(data, port)


def test_reload_at_a_deep_address_on_a_restarted_server(tmp_path, browser, monkeypatch):
    """The app server is killed and another starts on its address: the open page comes
    back by itself, a reload at the deep address too; logged out, the same reload shows
    the login form, and logging in there opens the page the address names."""
    import tests.conftest as fixtures
    from tests.conftest import Server

    data = tmp_path / "data"
    data.mkdir()
    user = unique("reload")
    canvas_id = seed_user(data, user, "uk")
    first = Server(data)
    monkeypatch.setattr(fixtures, "free_port", lambda: first.port)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="uk-UA")
    context.set_default_timeout(60_000)
    second = None
    deep = f"{first.url}/value-map?canvas={canvas_id}"
    try:
        page = context.new_page()
        _visit(page, first.url, "")
        submit_login_form(page, user)
        expect(page.locator(NAV_LINK).first).to_be_visible()
        page.goto(deep)
        expect(lane(page, "products").locator("li.vpc-note").first).to_be_visible()
        first.process.kill()
        first.process.wait(10)
        first.stop()
        # Started again as an operator does, with run.sh: its first script run is app.py's
        # own (scripts/warm_up.py) before the reload below reaches it.
        second = _run_sh(data, first.port)
        # Streamlit reconnects by itself.
        expect(lane(page, "products").locator("li.vpc-note").first).to_be_visible()
        _no_dialog(page)
        page.reload()
        settle(page)
        expect(lane(page, "products").locator("li.vpc-note").first).to_be_visible()
        _no_dialog(page)
        # Logged out (the cookie gone), the same reload: the login form, then the page.
        context.clear_cookies()
        page = context.new_page()
        page.goto(deep)
        settle(page)
        expect(page.locator('input[autocomplete="username"]')).to_be_visible()
        _no_dialog(page)
        submit_login_form(page, user)
        expect(lane(page, "products").locator("li.vpc-note").first).to_be_visible()
        _no_dialog(page)
    finally:
        context.close()
        first.stop()
        if second:
            second.stop()


def test_sidebar_links_mark_the_current_page_and_work_from_the_keyboard(server, browser):
    user = unique("keys")
    canvas_id = seed_user(server.data, user, "en")
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        _visit(page, server.url, "")
        submit_login_form(page, user)
        nav = page.locator(NAV)
        expect(nav.get_by_role("heading", name="Canvas")).to_be_visible()
        expect(nav.get_by_role("heading", name="Workshop")).to_be_visible()
        expect(nav.locator('[aria-current="page"]')).to_have_count(1)
        expect(nav.locator('[aria-current="page"]')).to_contain_text("My canvases")
        _visit(page, server.url, f"value-map?canvas={canvas_id}")
        expect(nav.locator('[aria-current="page"]')).to_contain_text("Value map")
        # Tab to the "Insights" link and press Enter, as a keyboard user does.
        link = nav.get_by_role("link", name="Insights")
        for _ in range(40):
            page.keyboard.press("Tab")
            if link.evaluate("el => el === document.activeElement"):
                break
        assert link.evaluate("el => el === document.activeElement"), "never reached by Tab"
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/insights"))
        wait_idle(page)
        expect(nav.locator('[aria-current="page"]')).to_contain_text("Insights")
        expect(nav.locator('[aria-current="page"]')).to_have_count(1)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["fr", "nl", "uk"])
def test_plotly_toolbar_tooltips_speak_the_language(server, browser, language):
    user = unique("plot")
    canvas_id = seed_user(server.data, user, language)
    context = browser.new_context(viewport={"width": 1440, "height": 900},
                                  locale=LOCALES[language])
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        _visit(page, server.url, "")
        submit_login_form(page, user)
        expect(page.get_by_role("heading", name=translate("canvases.title", language))) \
            .to_be_visible()
        _visit(page, server.url, f"insights?canvas={canvas_id}")
        expect(page.get_by_role("tab", name=translate("insights.tab.ranking", language))) \
            .to_be_visible(timeout=60_000)
        page.locator('[data-testid="stMain"] [data-testid="stTabs"] [role="tab"]').nth(1).click()
        wait_idle(page)
        chart = page.locator('[data-testid="stPlotlyChart"]:visible').first
        chart.hover()
        button = chart.locator(".modebar-btn").first
        expect(button).to_be_visible()
        button.hover()
        titles = chart.locator(".modebar-btn").evaluate_all(
            "buttons => buttons.map(b => b.getAttribute('data-title'))")
        english = set(MESSAGES) | {"Fullscreen", "Close fullscreen"}
        assert titles and not [title for title in titles if title in english], titles
        assert translate("plotly.download_png", language) in titles
        assert translate("plotly.reset_axes", language) in titles
        assert translate("aria.fullscreen", language) in titles
    finally:
        context.close()
