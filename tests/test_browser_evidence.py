"""Real browser: from an assumption to evidence, as a learner does it.

Plan a test on the riskiest pain, record what people paid and let it validate the pain;
the note on the board says so, and the assumptions map on Insights moves the pain from
"test now" to "build on it".
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from canvas.store.folder.canvases import CanvasStore
from tests.browser_helpers import lane, note, open_item, register, settle, unique, wait_idle

pytestmark = pytest.mark.browser

PAIN = "Everything is closed at 7am"


def seeded(server, user: str, language: str = "en", texts=(PAIN, "Cook after a night shift")):
    canvas = blank_canvas("Night nurses", language)
    canvas, _ = editing.add_item(canvas, "pains", texts[0], kind="obstacle", severity=5)
    canvas, _ = editing.add_item(canvas, "jobs", texts[1], kind="functional", importance=4)
    return CanvasStore(server.data, user).create(canvas).id


def unfold(page: Page, label: str) -> None:
    page.locator("[data-testid=stExpander] summary").filter(has_text=label).click()
    wait_idle(page)


def map_summary(page: Page, server, canvas_id: str) -> str:
    page.goto(f"{server.url}/insights?canvas={canvas_id}")
    settle(page)
    page.get_by_role("tab", name="Assumptions").click()
    # One chart: while the map is redrawn for its column's width, the old one stays
    # on the page until the run ends (ci13 found both, wrapped for two widths).
    expect(page.locator(".st-key-chart_assumptions .js-plotly-plot")).to_have_count(1)
    expect(page.locator(".st-key-chart_assumptions .scatterlayer")).to_be_visible()
    return page.get_by_text("Test now:").inner_text()


def test_plan_a_test_record_a_learning_and_see_it_on_board_and_map(server, context):
    page = context.new_page()
    user = unique("evi")
    register(page, server, user)
    canvas_id = seeded(server, user)
    assert map_summary(page, server, canvas_id).startswith("Test now: 2 · Build on it: 0")

    page.goto(f"{server.url}/customer-profile?canvas={canvas_id}")
    settle(page)
    open_item(page, PAIN, "pains")
    panel = page.locator(".st-key-evidence_panel")
    expect(panel).to_contain_text(PAIN)
    unfold(page, "Plan a test")
    panel.get_by_label("We believe that…").fill("Nurses find nothing open after a night")
    panel.get_by_label("We are right if…").fill("6 of 10 say so")
    panel.get_by_role("button", name="Add the test").click()
    wait_idle(page)
    expect(page.locator(".vpc-notice")).to_contain_text(f"Test planned for “{PAIN}”")
    expect(panel).to_contain_text("Nurses find nothing open after a night")

    unfold(page, "Record what you learned")
    panel.get_by_label("We observed…").fill("8 of 10 pre-paid a breakfast at the kiosk")
    panel.get_by_role("radiogroup", name="How strong is this evidence?").get_by_text(
        "What people pay").click()
    panel.get_by_role("radiogroup", name="What does it mean for the item?").get_by_text(
        "Mark it validated").click()
    panel.get_by_role("button", name="Add the learning").click()
    wait_idle(page)
    pain = note(page, "pains", PAIN)
    expect(page.locator(".vpc-notice")).to_contain_text("is now Validated")
    stored = CanvasStore(server.data, user).load(canvas_id).pains[0]
    assert stored.status == "validated" and stored.learnings[0].strength == "pay"
    # The note on the board: its status and its evidence.
    page.locator(".vpc-note.is-open").get_by_role("button", name="Done").click()
    wait_idle(page)
    expect(pain.locator(".vpc-tag-validated")).to_be_visible()
    expect(pain.locator(".vpc-evidence")).to_have_text("they pay · 1 test · 1 learning")
    assert "Evidence: What people pay, 1 test, 1 learning." in pain.get_attribute("aria-label")
    expect(lane(page, "pains")).to_be_visible()

    assert map_summary(page, server, canvas_id).startswith("Test now: 1 · Build on it: 1")


UK_PAIN = "О 7-й ранку все зачинено"


def test_interview_guide_downloads_in_the_canvas_language(server, context):
    from io import BytesIO

    from pypdf import PdfReader

    page = context.new_page()
    user = unique("gid")
    register(page, server, user)
    canvas_id = seeded(server, user, "uk", (UK_PAIN, "Поїсти гарячого після зміни"))
    page.goto(f"{server.url}/interview-guide?canvas={canvas_id}")
    settle(page)
    expect(page.get_by_role("heading", name="Night nurses")).to_be_visible()
    # The learner works in English; the guide is in the canvas's language.
    expect(page.get_by_text("The PDF is in the canvas's language")).to_contain_text(
        "Українська")
    page.get_by_role("radio", name="People who do not know the business yet").click()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the guide (PDF)").click()
    pdf = download.value.path().read_bytes()
    # The file's name is in the canvas's language too (issue 20, point 17).
    assert download.value.suggested_filename == (
        "night-nurses-посібник-інтерв\u02bcю-люди-які-ще-не-знають-про-бізнес.pdf")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert UK_PAIN in text                      # the top pain, as a note to listen for
    assert "Посібник для інтерв’ю" in text      # in Ukrainian, though the app is in English
