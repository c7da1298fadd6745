"""Real browser: the board draws a change at once, says it is not saved yet, and says so no
more once the server has stored it (issue 24, point 1).

A note added with Enter appears at the end of its lane in the same task as the key press,
dashed and marked "Saving…"; a note edited and closed folds at once with its new text, and
a note moved with Alt+arrow takes its new place at once, both marked "Saving…" until the
server's board confirms them. A note the server refuses goes, and its text is back in the
add box with one sentence. Each "at once" is read in the same script as the action, before
any message from the server can arrive; each "saved" is read in the store.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from canvas.fileformat.models import MAX_ITEMS_PER_SECTION
from canvas.i18n import translate
from canvas.store.choose import open_backend
from tests.browser_helpers import note, wait_saved
from tests.test_browser_board import lane, new_user, notes, open_page, seed, stored

pytestmark = pytest.mark.browser

#: Type in a lane's add box and submit it, then read the lane in the same task: what the
#: page shows before the server can have answered.
ADD_AND_LOOK = """([section, text]) => {
  const lane = document.querySelector(`[data-testid="vpc-lane-${section}"]`);
  const input = lane.querySelector('input.vpc-add-text');
  const started = performance.now();
  input.value = text;
  input.form.requestSubmit();
  const drafts = [...lane.querySelectorAll('.vpc-draft')];
  return {
    drawn_ms: performance.now() - started,
    drafts: drafts.map((d) => d.querySelector('.vpc-draft-text').textContent),
    marks: drafts.map((d) => d.querySelector('.vpc-saving').textContent),
    busy: drafts.map((d) => d.getAttribute('aria-busy')),
    last: drafts.length && drafts[0].previousElementSibling === null
      && drafts[0].parentElement.previousElementSibling === lane.querySelector('ol.vpc-notes'),
    stored_notes: [...lane.querySelectorAll('li.vpc-note .vpc-text')].map((t) => t.textContent),
    box: input.value,
  };
}"""

#: Change the open note's text, press Done, and read the note in the same task.
EDIT_AND_LOOK = """([section, text]) => {
  const lane = document.querySelector(`[data-testid="vpc-lane-${section}"]`);
  const box = lane.querySelector('.vpc-editor textarea.vpc-edit-text');
  const node = box.closest('li.vpc-note');
  box.value = text;
  box.dispatchEvent(new Event('change', {bubbles: true}));
  lane.querySelector('.vpc-editor .vpc-done').click();
  return {editors: lane.querySelectorAll('.vpc-editor').length,
          text: node.querySelector('.vpc-text') && node.querySelector('.vpc-text').textContent,
          pending: node.classList.contains('is-pending'), mark: node.dataset.saving,
          busy: node.getAttribute('aria-busy'),
          shown_mark: getComputedStyle(node, '::after').content};
}"""

#: Alt+ArrowDown on a lane's first note, then read the lane in the same task.
MOVE_AND_LOOK = """(section) => {
  const lane = document.querySelector(`[data-testid="vpc-lane-${section}"]`);
  const first = lane.querySelector('li.vpc-note');
  first.focus();
  first.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', altKey: true,
                                                     bubbles: true, cancelable: true}));
  return {order: [...lane.querySelectorAll('li.vpc-note .vpc-text')].map((t) => t.textContent),
          pending: [...lane.querySelectorAll('li.vpc-note')]
            .map((n) => n.classList.contains('is-pending'))};
}"""


def test_an_added_note_is_drawn_at_once_marked_and_then_confirmed(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"jobs": [("Cook dinner", 3), ("Sleep in the day", 3)]})
    open_page(page, server, canvas.id)

    seen = page.evaluate(ADD_AND_LOOK, ["jobs", "Walk the kids to school"])
    assert seen["drafts"] == ["Walk the kids to school"]
    assert seen["marks"] == ["Saving…"] and seen["busy"] == ["true"]
    assert seen["last"], "drawn right after the lane's last note, where the server puts it"
    assert seen["stored_notes"] == ["Cook dinner", "Sleep in the day"]  # not shown as stored
    assert seen["box"] == ""
    assert seen["drawn_ms"] < 50, seen["drawn_ms"]

    expect(note(page, "jobs", "Walk the kids to school")).to_have_count(1)
    expect(lane(page, "jobs").locator(".vpc-draft")).to_have_count(0)
    assert [j.text for j in stored(server, user, canvas.id).jobs] == [
        "Cook dinner", "Sleep in the day", "Walk the kids to school"]
    # The stored note took the draft's place, with its rank.
    expect(notes(page, "jobs").nth(2).locator(".vpc-rank")).to_have_text("#3")


def test_a_note_the_server_refuses_goes_and_its_text_is_back_in_the_add_box(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"gains": [(f"Gain {n}", 3) for n in range(MAX_ITEMS_PER_SECTION)]})
    open_page(page, server, canvas.id)

    seen = page.evaluate(ADD_AND_LOOK, ["gains", "One gain too many"])
    assert seen["drafts"] == ["One gain too many"]   # drawn at once, marked
    gains = lane(page, "gains")
    expect(gains.locator(".vpc-draft")).to_have_count(0)
    expect(gains.locator("input.vpc-add-text")).to_have_value("One gain too many")
    # One sentence, naming the section and the rule.
    expect(page.locator('[data-testid="stAlertContainer"] p')).to_have_text(
        f"Night nurses: gains: holds {MAX_ITEMS_PER_SECTION + 1} items; "
        f"a section holds at most {MAX_ITEMS_PER_SECTION}.")
    expect(note(page, "gains", "One gain too many")).to_have_count(0)
    assert len(stored(server, user, canvas.id).gains) == MAX_ITEMS_PER_SECTION


def test_an_edit_folds_at_once_and_a_move_takes_its_place_at_once(server, context):
    page, user = new_user(server, context)
    canvas = seed(server, user, {"pains": [("Closed at 7am", 4), ("Bus is late", 3)]})
    open_page(page, server, canvas.id)

    notes(page, "pains").nth(0).locator(".vpc-text").click()
    expect(lane(page, "pains").locator(".vpc-editor")).to_be_visible()
    seen = page.evaluate(EDIT_AND_LOOK, ["pains", "Closed before my shift ends"])
    assert seen["editors"] == 0 and seen["text"] == "Closed before my shift ends"
    assert seen["pending"] and seen["mark"] == "Saving…" and seen["busy"] == "true"
    assert seen["shown_mark"] == '"Saving…"'
    wait_saved(page)
    expect(lane(page, "pains").locator(".vpc-editor")).to_have_count(0)
    assert [p.text for p in stored(server, user, canvas.id).pains] == [
        "Closed before my shift ends", "Bus is late"]
    assert not notes(page, "pains").nth(0).get_attribute("aria-busy")

    seen = page.evaluate(MOVE_AND_LOOK, "pains")
    assert seen["order"] == ["Bus is late", "Closed before my shift ends"]
    assert seen["pending"] == [False, True]
    wait_saved(page)
    assert [p.text for p in stored(server, user, canvas.id).pains] == [
        "Bus is late", "Closed before my shift ends"]


def test_the_mark_is_in_the_page_language(server, context):
    page, user = new_user(server, context)
    open_backend(server.data).accounts().set_preference(user, "language", "fr")
    canvas = seed(server, user, {"jobs": [("Cuisiner", 3)]})
    open_page(page, server, canvas.id)   # a new page load: the session starts in French
    seen = page.evaluate(ADD_AND_LOOK, ["jobs", "Payer le loyer"])
    assert seen["marks"] == [translate("board.saving", "fr")] == ["Enregistrement…"]
    wait_saved(page)
    expect(note(page, "jobs", "Payer le loyer")).to_have_count(1)
