"""Real browser, every page in every language: no English left in translated screens, no
action label cut off, no serious accessibility failure of our own.

One walk per language and size visits the login page, then every page and every tab
(Insights, Workshops) as a facilitator with two canvases and a workshop; at 1440x900 it
reads the text, the hidden labels and Plotly's toolbar tooltips, and runs axe-core (WCAG 2.1
A and AA) over the whole page, navigation included; at 1280x720 it measures the buttons
again. (One test per size, so that pytest-xdist's workers share the walks.)
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from canvas.i18n import translate
from canvas.ui.shell.aria import LABELS
from canvas.ui.shell.plot_config import MESSAGES
from tests.browser_helpers import screenshot, settle, unique, wait_idle
from tests.walk_helpers import (
    axe_violations,
    clipped_buttons,
    english_found,
    log_in,
    login_page_in,
    seed_user,
    views,
    visible_text,
)

pytestmark = pytest.mark.browser

#: Streamlit's built-in English that used to show in French, Dutch and Ukrainian screens.
ENGLISH = ["Choose an option", "Choose options", "Select all", "Drag and drop file here",
           "Limit 2MB per file", "per file", "Browse files", "Upload", "Press Enter to submit",
           "Press Enter to apply", "to submit form", "No results", "Log out"]
SIZES = [(1440, 900), (1280, 720)]


#: Streamlit's hidden English labels (aria-label, or data-title in Plotly's toolbar) and
#: Plotly's toolbar tooltips: in fr, nl and uk none may be left (canvas/ui/shell/aria.py,
#: canvas/ui/shell/plot_config.py).
ENGLISH_LABELS = sorted({*LABELS, *MESSAGES, "Skip to main content"})

LABELS_JS = """() => {
    const found = [];
    document.querySelectorAll('[aria-label]').forEach(
        el => found.push(el.getAttribute('aria-label')));
    document.querySelectorAll('.modebar-btn[data-title]').forEach(
        el => found.push(el.getAttribute('data-title')));
    const skip = document.querySelector('[data-testid="stSkipToContent"]');
    if (skip) found.push(skip.textContent);
    return found;
}"""


def english_labels(page) -> list[str]:
    """Hidden labels and toolbar tooltips of the page that are Streamlit's or Plotly's
    English."""
    with contextlib.suppress(PlaywrightTimeout):  # the relabelling script has run
        page.wait_for_function("() => !!window.vpcAriaApply", timeout=10_000)
    return sorted({label for label in page.evaluate(LABELS_JS) if label in ENGLISH_LABELS})


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("language", ["fr", "nl", "uk", "en", "ar", "fa"])
def test_every_page_translated_unclipped_and_accessible(server, browser, language, size):
    found: dict[str, list] = {}
    user = unique("walk")
    canvas_id = seed_user(server.data, user, language)
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="en-GB")
    context.set_default_timeout(30_000)
    page = context.new_page()
    wide = size == SIZES[0]
    try:
        login_page_in(page, server.url, language)
        _check(page, f"login@{width}", language, wide, found)
        log_in(page, server, user)
        for view in views(page, server.url, canvas_id):
            _check(page, f"{view}@{width}", language, wide, found)
            if view == "my_canvases" and wide:
                _typing_hints(page, language, found)
            if language in ("fr", "uk") and view in ("my_canvases", "value_map"):
                screenshot(page, f"polish-{language}-{view}-{width}")
    finally:
        context.close()
    assert not found, "\n".join(f"{where}: {what}" for where, what in found.items())


def _typing_hints(page, language: str, found: dict) -> None:
    """Streamlit's hints appear while typing: in a form's field ("Press Enter to submit
    form" beside the character counter) and in a field outside a form ("Press Enter to
    apply"). Only the counter, which has no words, may show."""
    title = page.get_by_label(translate("canvases.new.title", language), exact=True)
    title.click()
    title.press_sequentially("abc")
    page.wait_for_timeout(300)
    text = visible_text(page)
    if language != "en":
        english = english_found(text, ENGLISH)
        if english:
            found["typing in a form English"] = english
    if "3/120" not in text:
        found["typing in a form counter"] = "the character counter is hidden"
    title.fill("")
    search = page.get_by_label(translate("canvases.search", language), exact=True)
    search.click()
    search.press_sequentially("zz")
    page.wait_for_timeout(300)
    if language != "en":
        english = english_found(visible_text(page), ENGLISH)
        if english:
            found["typing outside a form English"] = english
    search.fill("")
    search.press("Escape")


def _check(page, view: str, language: str, wide: bool, found: dict) -> None:
    clipped = clipped_buttons(page)
    if clipped:
        found[f"{view} clipped"] = clipped
    if wide:
        if language != "en":
            english = english_found(visible_text(page), ENGLISH)
            if english:
                found[f"{view} English"] = english
            hidden = english_labels(page)
            if hidden:
                found[f"{view} English hidden labels"] = hidden
        # The whole page, the sidebar's navigation included: nothing is excluded.
        violations = axe_violations(page)
        if violations:
            found[f"{view} axe"] = [(v["rule"], v["target"], v["summary"]) for v in violations]


def test_dark_theme_is_remembered_readable_and_reaches_the_board(server, browser):
    """Turn on "Dark theme": the app and the board go dark with AA contrast; the choice
    holds in the next session."""
    user = unique("dark")
    canvas_id = seed_user(server.data, user, "en")
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        log_in(page, server, user)
        page.get_by_text("Display options", exact=True).click()
        page.get_by_label("Dark theme").check(force=True)
        wait_idle(page)
        page.goto(f"{server.url}/value-map?canvas={canvas_id}")
        settle(page)
        page.wait_for_selector(".vpc-lane")
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
        assert background == "rgb(15, 23, 42)"
        lane = page.evaluate(
            "() => getComputedStyle(document.querySelector('.vpc-lane')).backgroundColor")
        assert lane == "rgb(30, 41, 59)"
        screenshot(page, "polish-dark-value-map-1440")
        assert axe_violations(page) == []
        page.goto(f"{server.url}/customer-profile?canvas={canvas_id}")
        settle(page)
        screenshot(page, "polish-dark-profile-1440")
        assert axe_violations(page) == []
    finally:
        context.close()
    # Another day, another browser: still dark.
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        log_in(page, server, user)
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
        assert background == "rgb(15, 23, 42)"
    finally:
        context.close()
