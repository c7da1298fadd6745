"""Walk every page of the real app in one language and read what a person would see.

The polish tests (English left in translated screens, clipped button labels, the
accessibility audit) all need the same walk: a facilitator with a canvas full of notes and
a workshop, logged in through the cookie, on every page and every Insights tab. The walk
seeds its data through the store, not through the browser, so that each language costs a
login and the page loads only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser_helpers import login, settle, wait_idle

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
PASSWORD = "Secret#123"
#: A link of the app's own sidebar navigation (canvas/ui/shell/navigation.py).
NAV = ".st-key-vpc_nav"
NAV_LINK = f'{NAV} [data-testid="stPageLink-NavLink"]'

# (name, url path, whether it needs the open canvas)
PAGES = [
    ("my_canvases", "", False),  # the default page: its address is the root
    ("customer_profile", "customer-profile", True),
    ("value_map", "value-map", True),
    ("insights", "insights", True),
    ("interview_guide", "interview-guide", True),
    ("projector", "projector", True),
    ("workshops", "workshops", False),
    ("account", "account", False),
]
#: What shows that a page with tabs is drawn: Insights' tabs; on Workshops, a form (in
#: the facilitator's first tab, or the learner's join form: a learner has no tabs).
DRAWN_WHEN = {"insights": '[data-testid="stMain"] [data-testid="stTabs"] [role="tab"]',
              "workshops": '[data-testid="stMain"] [data-testid="stForm"]'}


def seed_user(data: Path, username: str, language: str) -> str:
    """A facilitator with a language preference, two canvases from a template and a
    workshop; returns the id of the canvas to open."""
    from canvas.fileformat.templates import list_templates, load_template
    from canvas.store.choose import open_backend

    backend = open_backend(data)
    accounts = backend.accounts()
    accounts.register(username, f"{username}@example.org", "Amira", "Tester", PASSWORD)
    accounts.set_roles(username, ["facilitator"])
    accounts.set_preference(username, "language", language)
    canvases = backend.canvases(username)
    slugs = [info.slug for info in list_templates(language)]
    opened = canvases.create(load_template(slugs[0], language))
    canvases.create(load_template(slugs[-1], language))
    workshop = backend.workshops().create("Atelier", username)
    learner = f"{username}l"
    accounts.register(learner, f"{learner}@example.org", "Lea", "Learner", PASSWORD)
    shared = backend.canvases(learner).create(load_template(slugs[0], language))
    backend.workshops().join(workshop.code, learner)
    backend.workshops().share(workshop.code, learner, shared.id)
    return opened.id


LANGUAGE_NAMES = {"en": "English", "fr": "Français", "nl": "Nederlands", "uk": "Українська",
                  "ar": "العربية", "fa": "فارسی"}


def login_page_in(page: Page, base_url: str, language: str) -> None:
    """The login page, switched to ``language`` with its own switcher, both tabs drawn."""
    import re

    page.goto(base_url)
    settle(page)
    if language != "en":
        page.get_by_role("combobox").first.click()
        page.get_by_role("option", name=re.compile(LANGUAGE_NAMES[language])).click()
        wait_idle(page)
    page.locator('[data-testid="stTabs"] [role="tab"]').last.click()
    wait_idle(page)


def log_in(page: Page, site, username: str) -> None:
    """Logged in (by the signed cookie, browser_helpers.login), whatever the user's
    language: on My canvases, the navigation drawn."""
    login(page, site, username, heading=None)
    page.wait_for_selector(NAV_LINK, state="attached", timeout=30_000)


def visit(page: Page, base_url: str, path: str, canvas_id: str | None) -> None:
    query = f"?canvas={canvas_id}" if canvas_id else ""
    page.goto(f"{base_url}/{path}{query}")
    settle(page)


def views(page: Page, base_url: str, canvas_id: str) -> Iterator[str]:
    """Go to every page (and every Insights / Workshops tab) in turn; yield a name for each
    view while the browser shows it."""
    for name, path, needs_canvas in PAGES:
        visit(page, base_url, path, canvas_id if needs_canvas else None)
        tabs = page.locator('[data-testid="stMain"] [data-testid="stTabs"] [role="tab"]')
        if name in DRAWN_WHEN:  # counting before the tabs are drawn would skip all but one
            expect(page.locator(DRAWN_WHEN[name]).first).to_be_visible()
        count = tabs.count()
        if count == 0:
            yield name
            continue
        for index in range(count):
            tabs.nth(index).click()
            wait_idle(page)
            page.wait_for_timeout(400)
            yield f"{name}#{index}"


#: The projector's steps (their buttons) and the room's own projector views.
PROJECTOR_STEPS = ("segment", "jobs", "pains", "gains", "value_map", "fit")
ROOM_VIEWS = ("walk", "compare", "summary")


def projector_views(page: Page, base_url: str, query: str, code: str) -> Iterator[str]:
    """Every projector step of the canvas ``query`` names (``canvas=ID``, or a shared one:
    ``workshop=&owner=&canvas=``), then the room's views of workshop ``code``; yield a
    name for each while the browser shows it."""
    page.goto(f"{base_url}/projector?{query}")
    settle(page)
    # Every step is always offered: wait for them rather than skip those not drawn yet.
    expect(page.locator(f".st-key-projector_step_{PROJECTOR_STEPS[-1]} button")).to_be_visible()
    for step in PROJECTOR_STEPS:
        button = page.locator(f".st-key-projector_step_{step} button")
        if button.count():
            button.first.click()
            wait_idle(page)
            yield f"projector-{step}"
    for view in ROOM_VIEWS:
        page.goto(f"{base_url}/projector?workshop={code}&view={view}")
        settle(page)
        yield f"room-{view}"


def visible_text(page: Page) -> str:
    """What a sighted person reads: the main area's and sidebar's text, plus the
    placeholders of empty fields."""
    return page.evaluate(
        """() => {
            const parts = [];
            for (const sel of ['[data-testid="stMain"]', '[data-testid="stSidebar"]']) {
                const el = document.querySelector(sel);
                if (el) parts.push(el.innerText);
            }
            document.querySelectorAll('[placeholder]').forEach(
                el => parts.push(el.getAttribute('placeholder')));
            return parts.join('\\n');
        }""")


def english_found(text: str, phrases: list[str]) -> list[str]:
    return [phrase for phrase in phrases if phrase in text]


CLIPPED_JS = """() => {
    const clipped = [];
    const buttons = document.querySelectorAll(
        '[data-testid="stMain"] button, [data-testid="stSidebar"] button');
    for (const button of buttons) {
        const box = button.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const style = getComputedStyle(button);
        if (style.visibility === 'hidden') continue;
        const label = button.innerText.trim();
        if (!label) continue;
        for (const el of [button, ...button.querySelectorAll('*')]) {
            if (!el.innerText || !el.innerText.trim()) continue;
            const cs = getComputedStyle(el);
            const cut = el.scrollWidth > el.clientWidth + 1 &&
                (cs.overflow !== 'visible' || cs.textOverflow === 'ellipsis' ||
                 cs.overflowX !== 'visible');
            if (cut) { clipped.push(label); break; }
        }
    }
    return clipped;
}"""


def clipped_buttons(page: Page) -> list[str]:
    """Labels of visible buttons whose text does not fit (cut off or ended with "...")."""
    return page.evaluate(CLIPPED_JS)


def axe_violations(page: Page, ignore: Callable[[dict], bool] | None = None) -> list[dict]:
    """Serious and critical WCAG 2.1 A/AA violations on the page, node by node:
    [{"rule", "impact", "target", "summary", "where"}] with ``where`` "sidebar_nav" for
    the sidebar's page links, "board" for the canvas board, else "page"; minus those
    ``ignore(violation)`` accepts."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations']});
            const out = [];
            for (const v of r.violations) {
                if (!['serious', 'critical'].includes(v.impact)) continue;
                for (const node of v.nodes) {
                    const el = document.querySelector(node.target.join(' '));
                    const where = !el ? 'page'
                        : el.closest('.st-key-vpc_nav') ? 'sidebar_nav'
                        : el.closest('.vpc-board') ? 'board' : 'page';
                    out.push({rule: v.id, impact: v.impact, target: node.target.join(' '),
                              summary: node.failureSummary, where});
                }
            }
            return out;
        }""")
    return [v for v in result if not (ignore and ignore(v))]


def dump(path: Path, data) -> None:
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
