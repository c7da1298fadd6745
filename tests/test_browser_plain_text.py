"""Real browser: user text is never rendered as markdown or HTML, on any page.

A learner whose first name is ``[Session expired: sign in again](http://…)`` must not
become a link on the facilitator's screen, and a canvas titled ``![i](http://…/p.png)``
must not make the facilitator's browser fetch an image (issue 22, point 4: the room
overview's table rendered both). Every field a user controls gets link, image and raw
HTML markup: account names, canvas titles and descriptions, items and their notes, the
persona, test and learning cards, the value map, comments, mentor-link labels, the
workshop's name and the facilitator's free instruction. Then the facilitator and the
learner visit every page, every tab, every projector step and the room's projector views,
and the test counts the anchors and images pointing at the attacker's host, and every
request the browser made to it.
"""

from __future__ import annotations

import re

import pytest

from tests.browser_helpers import unique, wait_idle
from tests.walk_helpers import PASSWORD, log_in, projector_views, views

pytestmark = pytest.mark.browser

HOST = "evil.invalid"
LINK = f"[Session expired](http://{HOST}/l)"
IMAGE = f"![i](http://{HOST}/i.png)"
HTML = f'<a href="http://{HOST}/h">x</a><img src="http://{HOST}/h.png">'
SHORT = LINK  # fits the 80-character fields
MEDIUM = f"{LINK} {IMAGE} {HTML}"


def _mark(value, limit: int):
    return value if len(value) <= limit else value[:limit]


def _poison(canvas):
    """Every free-text field of ``canvas`` with markup in it (within its length limit)."""
    from canvas.fileformat.models import (
        MAX_ITEM_TEXT,
        MAX_MEDIUM,
        MAX_SHORT,
        MAX_TITLE,
        LearningCard,
        TestCard,
    )

    data = canvas.model_copy(deep=True)
    data.title = _mark(f"{LINK} {IMAGE}", MAX_TITLE)
    data.segment.name = _mark(f"{IMAGE} {LINK}", MAX_TITLE)
    persona = data.segment.persona
    if persona is not None:
        for field in ("name", "location", "occupation"):
            setattr(persona, field, _mark(SHORT, MAX_SHORT))
        for field in ("motivations", "dreams", "channels"):
            setattr(persona, field, _mark(MEDIUM, MAX_MEDIUM))
        persona.notes = MEDIUM
        persona.values = [SHORT[:30]]
    for section in ("jobs", "pains", "gains"):
        for index, item in enumerate(getattr(data, section)):
            item.text = _mark(f"{index} {LINK} {IMAGE}", MAX_ITEM_TEXT)
            item.notes = MEDIUM
    first = data.pains[0]
    first.tests = [TestCard(id="t1", belief=_mark(MEDIUM, MAX_MEDIUM),
                            action=_mark(MEDIUM, MAX_MEDIUM), owner=SHORT)]
    first.learnings = [LearningCard(id="l1", test_id="t1", observed=_mark(MEDIUM, MAX_MEDIUM),
                                    learned=_mark(MEDIUM, MAX_MEDIUM),
                                    interviewee=SHORT)]
    for group in ("products", "pain_relievers", "gain_creators"):
        for item in getattr(data.value_map, group):
            item.text = _mark(f"{LINK} {IMAGE}", MAX_ITEM_TEXT)
            item.notes = MEDIUM
    return type(canvas).model_validate(data.model_dump())


def _seed(data, facilitator: str, learner: str) -> tuple[str, str, str]:
    """The facilitator's canvas, the room's code and the learner's shared canvas."""
    from canvas.fileformat.templates import list_templates, load_template
    from canvas.store.choose import open_backend

    backend = open_backend(data)
    accounts = backend.accounts()
    accounts.register(facilitator, f"{facilitator}@example.org", LINK, IMAGE, PASSWORD)
    accounts.set_roles(facilitator, ["facilitator"])
    accounts.register(learner, f"{learner}@example.org", LINK, IMAGE, PASSWORD)
    slug = list_templates("en")[0].slug
    own = backend.canvases(facilitator).create(_poison(load_template(slug, "en")))
    shared = backend.canvases(learner).create(_poison(load_template(slug, "en")))
    workshop = backend.workshops().create(_mark(f"{LINK} {IMAGE}", 80), facilitator)
    backend.workshops().join(workshop.code, learner)
    backend.workshops().share(workshop.code, learner, shared.id)
    backend.comments().add(workshop.code, facilitator, learner, shared.id, shared.pains[0].id,
                           MEDIUM)
    backend.mentor_links().create(learner, shared.id, _mark(f"{LINK} {IMAGE}", 80), 7)
    backend.room().set_step(workshop.code, facilitator, None, _mark(MEDIUM, 200))
    return own.id, workshop.code, shared.id


def _injected(page) -> list[str]:
    """Anchors and images from the attacker's markup, in the page and in its frames."""
    found = []
    for frame in page.frames:
        try:
            found += frame.eval_on_selector_all(
                f'a[href*="{HOST}"], img[src*="{HOST}"], [srcset*="{HOST}"]',
                "els => els.map(e => e.outerHTML.slice(0, 120))")
        except Exception:  # a frame detached while reading: the next view reads again
            continue
    return found


def _walk(page, base_url: str, canvas_id: str, code: str, shared_id: str,
          learner: str, facilitator: bool, shown: set[str]) -> list[str]:
    seen: list[str] = []

    def check(where: str) -> None:
        wait_idle(page)
        seen.extend(f"{where}: {html}" for html in _injected(page))
        if "[Session expired]" in page.locator("body").inner_text():
            shown.add(where.split("#")[0])

    for view in views(page, base_url, canvas_id):
        check(view)
    if not facilitator:
        return seen
    for view in projector_views(page, base_url,
                                f"workshop={code}&owner={learner}&canvas={shared_id}", code):
        check(view)
    return seen


def test_markup_in_every_user_field_is_shown_as_text_everywhere(server, browser):
    facilitator, learner = unique("inj"), unique("injl")
    canvas_id, code, shared_id = _seed(server.data, facilitator, learner)
    requests: list[str] = []
    found: list[str] = []
    shown: set[str] = set()
    for username, own_canvas, is_facilitator in ((facilitator, canvas_id, True),
                                                 (learner, shared_id, False)):
        context = browser.new_context(viewport={"width": 1440, "height": 900},
                                      locale="en-GB")
        context.set_default_timeout(30_000)
        context.route(re.compile(rf"https?://{re.escape(HOST)}/.*"),
                      lambda route: (requests.append(route.request.url), route.abort()))
        page = context.new_page()
        try:
            log_in(page, server, username)
            found += _walk(page, server.url, own_canvas, code, shared_id, learner,
                           is_facilitator, shown)
        finally:
            context.close()
    assert not found, "user markup rendered as markup:\n" + "\n".join(found)
    assert not requests, f"the browser fetched the attacker's URLs: {requests}"
    # The walk saw the markup as the user typed it, on the pages that show user text.
    assert {"my_canvases", "customer_profile", "workshops", "room-walk"} <= shown, shown
