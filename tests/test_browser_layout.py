"""Real browser: the board's first screen and its lanes (issue 20, points 7, 9 and 10).

A squeezed section offers to spread its scores along the order; at 1280x720 three notes of
every lane of a busy canvas are on the first screen (one whole note on a phone); the add
boxes' placeholders fit and the add boxes line up across lanes in every language.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import wait_idle
from tests.test_browser_board import lane, new_user, open_page, seed, stored

pytestmark = pytest.mark.browser

SQUEEZED = [("Closed at 7am", 5), ("Too tired to cook", 5), ("Bus is late", 5),
            ("Noisy street", 5), ("No parking", 4), ("Shop is far", 4), ("Cold dinners", 4),
            ("Rent is high", 4)]


def severities(server, user, canvas_id) -> list[tuple[str, int]]:
    pains = stored(server, user, canvas_id).pains
    return [(p.text, p.severity) for p in sorted(pains, key=lambda p: -p.severity)]


# -- point 7: squeezed scores are spread in one click, and Undo takes it back -----------------
def test_squeezed_lane_offers_to_spread_its_scores_and_undo_takes_it_back(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"pains": SQUEEZED,
                                 "jobs": [("Cook dinner", 5), ("Sleep", 3), ("Pay rent", 1)]})
    open_page(page, server, canvas.id)
    offer = lane(page, "pains").locator(".vpc-lane-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Severity 5 on 4 notes")
    expect(lane(page, "jobs").locator(".vpc-lane-offer")).to_be_hidden()  # 5, 3, 1 is spread

    offer.get_by_role("button", name="Spread scores along the order").click()
    expect(offer).to_be_hidden()
    wait_idle(page)
    order = [text for text, _ in SQUEEZED]
    assert severities(server, user, canvas.id) == list(zip(order, [5, 4, 4, 3, 3, 2, 2, 1],
                                                            strict=True))
    expect(lane(page, "pains").locator(".vpc-text")).to_have_text(order)
    notice = page.locator(".vpc-notice")
    expect(notice).to_contain_text("Pains: scores spread from 5 to 1 along the order.")

    notice.get_by_role("button", name="Undo").click()
    expect(offer).to_be_visible()
    wait_idle(page)
    assert severities(server, user, canvas.id) == SQUEEZED
    expect(lane(page, "pains").locator(".vpc-text")).to_have_text(order)
