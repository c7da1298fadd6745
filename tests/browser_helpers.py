"""Drive the real app in Chromium the way a person does: labels, buttons, keyboard."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


#: Installed in every page before its own scripts (``context.add_init_script`` in
#: tests/conftest.py): counts what the page sends to the server and the script runs that
#: finish, so that a test can wait for the run its own action started instead of a fixed
#: pause. A finish is read from the app root's ``data-test-script-state`` (every change,
#: old values included, so a run that starts and ends within one frame is still counted).
TRACKER = """(() => {
  if (window.__vpc) return;
  const s = window.__vpc = {lastSend: 0, lastReceive: 0, lastStart: 0, finishes: 0,
                            lastFinish: 0};
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    s.lastSend = performance.now();
    if (!this.__vpcWatched) {
      this.__vpcWatched = true;
      this.addEventListener('message', () => { s.lastReceive = performance.now(); });
    }
    return send.call(this, data);
  };
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return false;
    s.state = app.getAttribute('data-test-script-state');
    new MutationObserver((records) => {
      const states = records.map((r) => r.oldValue);
      states.push(app.getAttribute('data-test-script-state'));
      for (let i = 1; i < states.length; i++) {
        if (states[i] === 'running' && states[i - 1] !== 'running') {
          s.lastStart = performance.now();
        }
        if (states[i] === 'notRunning' && states[i - 1] !== 'notRunning') {
          s.finishes++; s.lastFinish = performance.now();
        }
      }
      s.state = states[states.length - 1];
    }).observe(app, {attributes: true, attributeOldValue: true,
                     attributeFilter: ['data-test-script-state']});
    return true;
  };
  if (!watch()) {
    new MutationObserver((_, observer) => { if (watch()) observer.disconnect(); })
      .observe(document, {childList: true, subtree: true});
  }
})();"""

#: Idle: no run going, and a run that started after the last thing the page sent has
#: finished. A message that starts no run of its own (a rerun merged into the one going,
#: an upload's file request) counts as answered once the server has replied to it and the
#: page stayed quiet 300 ms, or after 1.5 s. And every figure shown has reported its room
#: (canvas/ui/figure_width.py), which starts the run that draws it at its size.
_IDLE = """([first, QUIET]) => {
  const s = window.__vpc;
  if (!s || s.state !== 'notRunning' || s.finishes < first) return false;
  if (document.querySelector('[data-vpc-loading]')) return false;  // a board being loaded
  if (document.querySelector('[data-stale="true"]')) return false;  // still faded by a run
  for (const box of document.querySelectorAll('[data-vpc-room-box]')) {
    if (box.getBoundingClientRect().width > 0 && !box.dataset.vpcRoom) return false;
  }
  const now = performance.now();
  // Quiet for a moment after the last run: a page's own follow-up message (a figure that
  // measured its room, a key handler) comes within a few frames of the run's end.
  if (now - s.lastFinish < QUIET || now - s.lastSend < QUIET) return false;
  if (s.lastStart >= s.lastSend && s.lastFinish >= s.lastStart) return true;
  return (s.lastReceive > s.lastSend && now - s.lastReceive > 300) || now - s.lastSend > 1500;
}"""


_WHY_BUSY = """() => {
  const s = window.__vpc || {};
  return {state: s.state, finishes: s.finishes, since_send: performance.now() - s.lastSend,
          start_after_send: s.lastStart >= s.lastSend,
          loading: !!document.querySelector('[data-vpc-loading]'),
          stale: document.querySelectorAll('[data-stale="true"]').length,
          unmeasured: [...document.querySelectorAll('[data-vpc-room-box]')]
            .filter((b) => b.getBoundingClientRect().width > 0 && !b.dataset.vpcRoom).length};
}"""


def _wait(page: Page, first: int, timeout: float) -> None:
    try:
        page.wait_for_function(_IDLE, arg=[first, 250 if first == 0 else 500],
                               timeout=timeout, polling=50)
    except PlaywrightTimeout as error:
        raise AssertionError(f"the page never became idle: {page.evaluate(_WHY_BUSY)}") \
            from error


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    """Wait until the run the last action started (if any) has finished.

    Two animation frames first let the action's own event handlers send their message;
    then the page's tracker (:data:`TRACKER`) says whether everything it sent was answered
    by a finished run."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    _wait(page, 0, timeout)


def wait_saved(page: Page, timeout: float = 30_000) -> None:
    """Wait until the board shows nothing as not saved yet: no note added here still drawn
    as a draft, no note whose edit or move is on its way ("Saving…"). The board draws a
    change at once and marks it until the server confirms it (issue 24), so a note shown
    with its new text is not yet a note stored with it."""
    expect(page.locator(".vpc-board .vpc-draft, .vpc-board .vpc-note.is-pending")).to_have_count(
        0, timeout=timeout)


def settle(page: Page, timeout: float = 30_000) -> None:
    """Wait until a freshly loaded page has finished its first run and answered everything
    it sent since, so that later actions start from a quiet page."""
    _wait(page, 1, timeout)
    wait_idle(page, timeout)


PASSWORD = "Secret#123"


def store_location(site) -> Path | str:
    """Where a test server (tests/conftest.py ``Server``) or a cluster keeps its data."""
    return getattr(site, "store_location", None) or site.data


def make_account(site, username: str, *, first: str = "Amira", last: str = "Tester",
                 password: str = PASSWORD, language: str | None = None) -> str:
    """An account made in the store ``site`` uses, as a seeded user (registering through
    the form is the subject of tests/test_browser_session.py only). This process is not an
    app server, so its per-server registration count is not one to keep."""
    from canvas.store.choose import open_backend
    from canvas.store.rules.accounts import forget_server_registrations

    accounts = open_backend(store_location(site)).accounts()
    forget_server_registrations()
    accounts.register(username, f"{username}@example.org", first, last, password)
    if language:
        accounts.set_preference(username, "language", language)
    return username


def login_cookie(site, username: str) -> dict:
    """The re-login cookie the app itself issues after a login (canvas/ui/account/
    cookies.py), signed with the key of the data folder ``site`` uses and carrying the
    account's current session generation, for Playwright's ``add_cookies``."""
    from canvas import config
    from canvas.store.choose import open_backend
    from tests.reliability_helpers import signed_cookie

    generation = open_backend(store_location(site)).accounts().session_generation(username)
    return {"name": config.COOKIE_NAME, "url": site.url,
            "value": signed_cookie(Path(site.data), username, generation=generation or 0)}


def login(page: Page, site, username: str, heading: str = "My canvases",
          path: str = "") -> None:
    """Be logged in as ``username`` and open ``path`` (My canvases by default), the way a
    returning user is: by the signed cookie, without the form. ``heading`` is the page's
    title, in the user's own language. The login form has its own tests
    (tests/test_browser_session.py, tests/test_app_login.py), which use
    :func:`login_with_form`."""
    page.context.add_cookies([login_cookie(site, username)])
    page.goto(f"{site.url}/{path}")
    settle(page)
    if heading:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()


def register(page: Page, site, username: str, password: str = PASSWORD,
             first: str = "Amira") -> None:
    """A new account, logged in on My canvases (see :func:`make_account`)."""
    make_account(site, username, first=first, password=password)
    login(page, site, username)


def register_with_form(page: Page, base_url: str, username: str, password: str = PASSWORD,
                       first: str = "Amira") -> None:
    """Register through the form on an English first page, as a visitor does."""
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


def submit_login_form(page: Page, username: str, password: str = PASSWORD) -> None:
    """Fill in and send the login form shown on the page, in any language."""
    form = page.locator('[data-testid="stForm"]').first
    form.locator('input[autocomplete="username"]').fill(username)
    form.locator('input[type="password"]').fill(password)
    form.locator('button[kind="primaryFormSubmit"], button[type="submit"]').first.click()


def login_with_form(page: Page, base_url: str, username: str, password: str = PASSWORD,
                    heading: str | None = "My canvases", timeout: float = 20_000) -> None:
    """Log in through the login form in any language (fields found by their autocomplete
    attribute). ``heading=None`` leaves the outcome to the test."""
    page.goto(base_url)
    settle(page)
    submit_login_form(page, username, password)
    if heading:
        expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=timeout)


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


def paste_into(page, text: str) -> None:
    """Paste ``text`` into the focused element as a browser's clipboard paste does."""
    page.evaluate("""text => { const box = document.activeElement;
        const data = new DataTransfer(); data.setData('text/plain', text);
        box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                       cancelable: true})); }""", text)
