"""Real browser: a learner fills in and ranks the profile; reloads; two tabs collide."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import (
    add_item,
    choose,
    create_canvas,
    open_item,
    ranked_texts,
    register,
    row,
    screenshot,
    settle,
    unique,
    wait_idle,
)

pytestmark = pytest.mark.browser


def stored(server, username):
    folder = server.data / "users" / username / "canvases"
    files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
    return [json.loads(p.read_text()) for p in files]



def test_profile_editing_by_keyboard_and_reload(server, context):
    user = unique("lea")
    page = context.new_page()
    register(page, server.url, user)
    create_canvas(page, "Night nurses")

    add_item(page, "Get a warm meal after a night shift")
    add_item(page, "Be seen as reliable by the ward team", "5 · high", "Importance")
    add_item(page, "Plan the week <around> shifts & family")
    assert ranked_texts(page, "jobs") == ["Be seen as reliable by the ward team",
                                          "Get a warm meal after a night shift",
                                          "Plan the week <around> shifts & family"]
    # Reorder among equals: the third job moves above the second (both importance 3).
    job1, _, job3 = (job["id"] for job in stored(server, user)[0]["jobs"])
    open_item(page, "Plan the week <around> shifts & family")
    row(page, "jobs", job3).get_by_role("button", name="Up").click()
    wait_idle(page)
    row(page, "jobs", job3).get_by_role("button", name="Done").click()
    wait_idle(page)
    assert ranked_texts(page, "jobs")[1] == "Plan the week <around> shifts & family"

    # Edit in place: new text (Enter saves), then a higher score re-ranks it.
    target = row(page, "jobs", job1)
    open_item(page, "Get a warm meal after a night shift")
    box = target.get_by_role("textbox", name="Text", exact=True)
    box.fill("Eat a warm meal within an hour of the shift")
    box.press("Enter")
    wait_idle(page)
    choose(page, target, "Importance", "5 · high")
    wait_idle(page)
    target.get_by_role("button", name="Done").click()
    wait_idle(page)
    # Both now score 5; the job that was added first stays first among equals.
    assert ranked_texts(page, "jobs") == ["Be seen as reliable by the ward team",
                                          "Eat a warm meal within an hour of the shift",
                                          "Plan the week <around> shifts & family"]

    # Pains and gains tabs work the same way.
    page.get_by_role("tab", name=re.compile("^Pains")).click()
    add_item(page, "Canteen is closed at 7am", "4 · quite high", "Severity")
    page.get_by_role("tab", name=re.compile("^Gains")).click()
    add_item(page, "Hot food ready at home", "5 · high", "Relevance")

    # Delete a gain and undo it.
    gain = stored(server, user)[0]["gains"][0]["id"]
    open_item(page, "Hot food ready at home")
    row(page, "gains", gain).get_by_role("button", name="Delete").click()
    expect(page.get_by_text(re.compile("Deleted .Hot food ready at home"))).to_be_visible()
    assert stored(server, user)[0]["gains"] == []
    page.get_by_role("button", name="Undo").click()
    wait_idle(page)
    assert [g["text"] for g in stored(server, user)[0]["gains"]] == ["Hot food ready at home"]

    # Persona card.
    page.get_by_text("Persona card", exact=True).click()
    name = page.get_by_role("textbox", name="Name", exact=True)
    name.fill("Amira")
    name.press("Enter")
    wait_idle(page)
    assert stored(server, user)[0]["segment"]["persona"]["name"] == "Amira"
    screenshot(page, "profile-desktop")

    # A reload shows everything as it was, in rank order.
    page.reload()
    expect(page.get_by_role("heading", name="Night nurses")).to_be_visible()
    wait_idle(page)
    assert ranked_texts(page, "jobs") == ["Be seen as reliable by the ward team",
                                          "Eat a warm meal within an hour of the shift",
                                          "Plan the week <around> shifts & family"]
    expect(page.get_by_text("Persona card · Amira")).to_be_visible()


def test_template_and_coach(server, context):
    page = context.new_page()
    register(page, server.url, unique("tom"))
    page.get_by_text("Start from an example", exact=True).click()
    first = page.locator("[class*='st-key-template_']").first
    first.click()
    expect(page.get_by_role("tab", name="Pains")).to_be_visible()
    settle(page)
    page.get_by_role("tab", name="Pains").click()
    # The example's pains are listed with their count, and the list grows on an add.
    header = page.locator(".st-key-list_pains p").first
    expect(header).to_have_text(re.compile(r"^[1-9]\d* pains, most severe first$"))
    count = int(header.inner_text().split()[0])
    add_item(page, "Parking near the gym is always full")
    expect(header).to_have_text(f"{count + 1} pains, most severe first")

    page.get_by_role("link", name="My canvases").click()
    create_canvas(page, "Coach check")
    expect(page.get_by_text(re.compile("section is still empty")).first).to_be_visible()
    add_item(page, "Book childcare for night shifts")
    expect(page.get_by_text(re.compile("only 1 item so far"))).to_be_visible()
    add_item(page, "Keep a steady income while studying")
    add_item(page, "Get official papers translated quickly")
    expect(page.get_by_text(re.compile("none of them is social or emotional"))).to_be_visible()
    add_item(page, "Feel respected by the landlord", "4 · quite high", "Importance",
             kind="Emotional")
    expect(page.get_by_text(re.compile("none of them is social or emotional"))).to_have_count(0)
    expect(page.get_by_text(re.compile("only 1 item so far"))).to_have_count(0)


def test_two_tabs_conflict_keeps_both_versions(server, context):
    user = unique("kim")
    first = context.new_page()
    register(first, server.url, user)
    create_canvas(first, "Shared canvas")
    second = context.new_page()
    second.goto(first.url)
    expect(second.get_by_role("heading", name="Shared canvas")).to_be_visible()
    settle(second)

    add_item(first, "Written in the first tab")
    second.locator('[data-testid="stForm"]:visible').get_by_role(
        "textbox", name="Text", exact=True).fill("Written in the second tab")
    second.locator('[data-testid="stForm"]:visible').get_by_role(
        "textbox", name="Text", exact=True).press("Enter")
    expect(second.get_by_text(re.compile("changed in another tab"))).to_be_visible()
    screenshot(second, "conflict")
    second.get_by_role("button", name="Keep mine as a copy").click()
    wait_idle(second)
    canvases = stored(server, user)
    texts = sorted(c["jobs"][0]["text"] for c in canvases)
    assert texts == ["Written in the first tab", "Written in the second tab"]
