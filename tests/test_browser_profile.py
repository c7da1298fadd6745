"""Real browser: a learner fills in and ranks the profile; reloads; two tabs collide."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import (
    add_item,
    create_canvas,
    lane,
    note,
    open_item,
    ranked_lines,
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
    register(page, server, user)
    create_canvas(page, "Night nurses")

    add_item(page, "Get a warm meal after a night shift")
    add_item(page, "Be seen as reliable by the ward team", 5, "Importance")
    add_item(page, "Plan the week <around> shifts & family")
    assert ranked_texts(page, "jobs") == ["Be seen as reliable by the ward team",
                                          "Get a warm meal after a night shift",
                                          "Plan the week <around> shifts & family"]
    # Reorder among equals by keyboard: the third job moves above the second (both 3).
    job1, _, job3 = (job["id"] for job in stored(server, user)[0]["jobs"])
    row(page, "jobs", job3).focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator(".vpc-notice")).to_contain_text("is now #2")
    wait_idle(page)
    assert ranked_lines(page, "jobs")[1] == "#2 Plan the week <around> shifts & family"
    assert [j["text"] for j in stored(server, user)[0]["jobs"]][1] == (
        "Plan the week <around> shifts & family")

    # Edit in place: Enter on the focused note opens it; new text (Enter saves), then a
    # higher score re-ranks it.
    target = row(page, "jobs", job1)
    target.focus()
    page.keyboard.press("Enter")
    expect(target.locator(".vpc-editor")).to_be_visible()
    wait_idle(page)
    box = target.get_by_role("textbox", name="Text", exact=True)
    box.fill("Eat a warm meal within an hour of the shift")
    box.press("Enter")
    wait_idle(page)
    jobs = {j["id"]: j for j in stored(server, user)[0]["jobs"]}
    assert jobs[job1]["text"] == "Eat a warm meal within an hour of the shift"
    target.get_by_role("radiogroup", name="Importance").get_by_role(
        "radio", name="5", exact=True).click()
    expect(target.locator(".vpc-score-number")).to_have_text("5")
    wait_idle(page)
    target.get_by_role("radiogroup", name="Status").get_by_role(
        "radio", name="✓ Validated").click()
    wait_idle(page)
    page.keyboard.press("Escape")
    expect(target.locator(".vpc-editor")).to_have_count(0)
    wait_idle(page)
    # Both now score 5; the job that was added first stays first among equals.
    assert ranked_texts(page, "jobs") == ["Be seen as reliable by the ward team",
                                          "Eat a warm meal within an hour of the shift",
                                          "Plan the week <around> shifts & family"]
    jobs = {j["id"]: j for j in stored(server, user)[0]["jobs"]}
    assert (jobs[job1]["importance"], jobs[job1]["status"]) == (5, "validated")

    # Pains and gains lanes work the same way.
    add_item(page, "Canteen is closed at 7am", 4, "Severity", section="pains")
    add_item(page, "Hot food ready at home", 5, "Relevance", section="gains")
    assert [(p["text"], p["severity"]) for p in stored(server, user)[0]["pains"]] == [
        ("Canteen is closed at 7am", 4)]

    # Delete a gain and undo it.
    open_item(page, "Hot food ready at home", "gains")
    note(page, "gains", "Hot food ready at home").get_by_role("button", name="Delete").click()
    expect(page.locator(".vpc-notice")).to_contain_text("Deleted “Hot food ready at home”")
    wait_idle(page)
    assert stored(server, user)[0]["gains"] == []
    page.locator(".vpc-notice-undo").click()
    expect(note(page, "gains", "Hot food ready at home")).to_have_count(1)
    wait_idle(page)
    assert [g["text"] for g in stored(server, user)[0]["gains"]] == ["Hot food ready at home"]

    # Persona card, in the segment's expander.
    page.locator("[data-testid=stExpander] summary").filter(has_text="Segment:").click()
    name = page.get_by_role("textbox", name="Name", exact=True)
    name.fill("Amira")
    name.press("Enter")
    wait_idle(page)
    assert stored(server, user)[0]["segment"]["persona"]["name"] == "Amira"
    screenshot(page, "profile-desktop")

    # A reload shows everything as it was, in rank order.
    page.reload()
    expect(page.get_by_role("heading", name="Night nurses")).to_be_visible()
    expect(lane(page, "jobs").locator("li.vpc-note")).to_have_count(3)
    wait_idle(page)
    assert ranked_texts(page, "jobs") == ["Be seen as reliable by the ward team",
                                          "Eat a warm meal within an hour of the shift",
                                          "Plan the week <around> shifts & family"]
    expect(page.locator("[data-testid=stExpander] summary").filter(
        has_text="Segment:")).to_contain_text("persona Amira")


def test_template_and_coach(server, context):
    page = context.new_page()
    register(page, server, unique("tom"))
    page.get_by_text("Start from an example", exact=True).click()
    first = page.locator("[class*='st-key-template_']").first
    first.click()
    header = lane(page, "pains").locator(".vpc-lane-count")
    expect(header).to_have_text(re.compile(r"^[1-9]\d* pains$"))
    settle(page)
    # The example's pains are on the board with their count, and the count grows on an add.
    count = int(header.inner_text().split()[0])
    assert lane(page, "pains").locator("li.vpc-note").count() == count
    add_item(page, "Parking near the gym is always full", section="pains")
    expect(header).to_have_text(f"{count + 1} pains")

    page.get_by_role("link", name="My canvases").click()
    create_canvas(page, "Coach check")
    expect(coach(page, "section is still empty").first).to_be_visible()
    add_item(page, "Book childcare for night shifts")
    expect(coach(page, "only 1 item so far")).to_be_visible()
    add_item(page, "Keep a steady income while studying")
    add_item(page, "Get official papers translated quickly")
    expect(coach(page, "none of them is social or emotional")).to_be_visible()
    add_item(page, "Feel respected by the landlord", 4, "Importance", kind="Emotional")
    expect(page.get_by_text(re.compile("none of them is social or emotional"))).to_have_count(0)
    expect(page.get_by_text(re.compile("only 1 item so far"))).to_have_count(0)


def coach(page, text: str):
    """A coach tip, with the coach's expander ("Coach: 3 tips ...") opened to read it."""
    expander = page.locator("[data-testid=stExpander]").filter(
        has=page.locator("summary", has_text="Coach:"))
    expect(expander).to_have_count(1)
    if not expander.locator("details").evaluate("d => d.open"):
        expander.locator("summary").click()
    return expander.get_by_text(re.compile(text))


def test_two_tabs_conflict_keeps_both_versions(server, context):
    user = unique("kim")
    first = context.new_page()
    register(first, server, user)
    create_canvas(first, "Shared canvas")
    second = context.new_page()
    second.goto(first.url)
    expect(second.get_by_role("heading", name="Shared canvas")).to_be_visible()
    settle(second)

    add_item(first, "Written in the first tab")
    box = lane(second, "jobs").get_by_role("textbox", name="Add a job")
    box.fill("Written in the second tab")
    box.press("Enter")
    expect(second.get_by_text(re.compile("changed in another tab"))).to_be_visible()
    screenshot(second, "conflict")
    second.get_by_role("button", name="Keep mine as a copy").click()
    wait_idle(second)
    canvases = stored(server, user)
    texts = sorted(c["jobs"][0]["text"] for c in canvases)
    assert texts == ["Written in the first tab", "Written in the second tab"]
