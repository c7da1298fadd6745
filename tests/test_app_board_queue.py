"""AppTest: the board's queue of numbered actions is applied once each, in order (issue 20).

The browser sends every action it has not seen acknowledged, in one trigger; these tests
send such batches (a blur's edit and Done together, the same batch again after a lost
acknowledgement, a reload's new page) and check what is stored and acknowledged.
"""

from __future__ import annotations

import pytest

from canvas.editing import edits as editing
from canvas.fileformat import changes
from canvas.fileformat.models import blank_canvas
from canvas.ui.editor.editor_state import Conflict
from tests.apptest_helpers import board, board_actions, logged_in, notes, store_for

PROFILE = "pages/customer_profile.py"


@pytest.fixture
def seeded(data_dir):
    logged_in(data_dir)
    canvas = blank_canvas("Night nurses", "en")
    for text in ("Cook dinner", "Pay the rent"):
        canvas = editing.add_item(canvas, "jobs", text, kind="functional", importance=3)[0]
    return store_for(data_dir).create(canvas)


def stored(data_dir, canvas_id):
    return store_for(data_dir).load(canvas_id)


def test_an_edit_and_done_in_one_batch_are_both_applied_in_order(data_dir, seeded):
    at = logged_in(data_dir, page=PROFILE, query={"canvas": seeded.id})
    first = seeded.jobs[0].id
    board_actions(at, [{"type": "open", "section": "jobs", "id": first}], seqs=[1])
    batch = [{"type": "open", "section": "jobs", "id": first},
             {"type": "update", "section": "jobs", "id": first, "field": "text",
              "value": "Cook a warm dinner"},
             {"type": "close", "section": "jobs", "id": first}]
    board_actions(at, batch, seqs=[1, 2, 3])  # 1 again: not acknowledged yet when sent
    assert [j.text for j in stored(data_dir, seeded.id).jobs][0] == "Cook a warm dinner"
    assert not any(n.get("open") for n in notes(at, "jobs"))
    assert board(at)["ack"] == {"apptest": 3}
    revision = stored(data_dir, seeded.id).revision
    assert revision == seeded.revision + 1

    # The same batch once more (an acknowledgement lost on the way): nothing applied twice.
    board_actions(at, batch, seqs=[1, 2, 3])
    board_actions(at, [{"type": "add", "section": "jobs", "text": "Sleep in the day",
                        "uid": "u1"}], seqs=[4])
    board_actions(at, [{"type": "add", "section": "jobs", "text": "Sleep in the day",
                        "uid": "u1"}], seqs=[4])
    saved = stored(data_dir, seeded.id)
    assert saved.revision == revision + 1
    assert [j.text for j in saved.jobs].count("Sleep in the day") == 1

    # Another load of the page (its own numbering from 1) is applied, in its order even
    # when the batch arrives unsorted.
    board_actions(at, [{"type": "update", "section": "jobs", "id": first, "field": "text",
                        "value": "Second"},
                       {"type": "update", "section": "jobs", "id": first, "field": "text",
                        "value": "First"}], client="reloaded", seqs=[2, 1])
    assert stored(data_dir, seeded.id).jobs[0].text == "Second"
    assert board(at)["ack"] == {"apptest": 4, "reloaded": 2}


def test_a_change_is_named_for_the_conflict_banner():
    canvas = blank_canvas("Night nurses", "en")
    before = editing.add_item(canvas, "pains", "Closed at 7am", kind="obstacle", severity=3)[0]
    added = editing.add_item(before, "pains", "Long queues", kind="obstacle", severity=3)[0]
    assert changes.describe(before, added) == ("board_trust.change.added",
                                               {"section": "pains", "text": "Long queues"})
    pain = before.pains[0].id
    edited = editing.update_item(before, "pains", pain, text="Closed before 8am")
    assert changes.describe(before, edited)[0] == "board_trust.change.edited"
    scored = editing.update_item(before, "pains", pain, severity=5)
    assert changes.describe(before, scored)[0] == "board_trust.change.moved"
    noted = editing.update_item(before, "pains", pain, notes="Heard twice")
    assert changes.describe(before, noted)[0] == "board_trust.change.changed"
    gone = editing.delete_item(before, "pains", pain)[0]
    assert changes.describe(before, gone) == ("board_trust.change.deleted",
                                              {"section": "pains", "text": "Closed at 7am"})
    retitled = before.model_copy(update={"title": "Day nurses"})
    assert changes.describe(before, retitled) == ("board_trust.change.other", {})

    from canvas.i18n import get_translator

    conflict = Conflict(mine=added, theirs=before, before=before)
    for language, words in {"en": "added “Long queues”", "fr": "ajout de « Long queues »",
                            "nl": "“Long queues” toegevoegd", "uk": "додано «Long queues»"}.items():
        assert words in conflict.message(get_translator(language)), language
    assert "was not saved. Choose" in Conflict(mine=retitled, theirs=before,
                                               before=before).message(get_translator("en"))


@pytest.mark.parametrize("value", ["abc", 2.9, "3", True, 7, [3], {"x": 1}])
def test_a_forged_score_is_refused_in_one_sentence_and_nothing_is_coerced(data_dir, seeded,
                                                                          value):
    """Issue 22, point 5: ``"abc"`` raised an uncaught ValueError, 2.9 was stored as 2."""
    from canvas.i18n import translate

    at = logged_in(data_dir, page=PROFILE, query={"canvas": seeded.id})
    first = seeded.jobs[0].id
    board_actions(at, [{"type": "update", "section": "jobs", "id": first,
                        "field": "importance", "value": value}], seqs=[1])
    saved = stored(data_dir, seeded.id)
    assert saved.revision == seeded.revision and saved.jobs[0].importance == 3
    sentence = translate("harden.board.unreadable", "en",
                         what=translate("score.importance", "en"))
    shown = [e.value.replace("\\", "") for e in at.error]  # markdown-escaped on screen
    assert sentence in shown, shown
    assert board(at)["ack"] == {"apptest": 1}  # answered, so the board stops sending it
    # A genuine score still goes through, and clearing a frequency too.
    board_actions(at, [{"type": "update", "section": "jobs", "id": first,
                        "field": "importance", "value": 5},
                       {"type": "update", "section": "jobs", "id": first,
                        "field": "frequency", "value": None}], seqs=[2, 3])
    assert stored(data_dir, seeded.id).jobs[0].importance == 5


@pytest.mark.parametrize("action", [
    {"type": "evil", "section": "jobs"}, {"type": "move", "section": "jobs", "id": "j1",
                                          "to": "first"},
    {"type": "delete", "section": "../etc", "id": "j1"},
    {"type": "add", "section": "jobs", "text": 42, "uid": "u"}])
def test_other_forged_actions_are_refused_and_change_nothing(data_dir, seeded, action):
    at = logged_in(data_dir, page=PROFILE, query={"canvas": seeded.id})
    board_actions(at, [action], seqs=[1])
    assert stored(data_dir, seeded.id).revision == seeded.revision
    assert board(at)["ack"] == {"apptest": 1}
