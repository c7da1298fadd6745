"""Edits as pure functions: ids, validation, links cut and restored, moves, persona."""

from __future__ import annotations

import pytest

from canvas.editing import edits as editing
from canvas.fileformat.models import SECTIONS, VALUE_MAP_SECTIONS, Canvas, blank_canvas
from canvas.fileformat.validation import CanvasFileError
from canvas.ranking.rules import Drop, ranked

ALL_SECTIONS = SECTIONS + VALUE_MAP_SECTIONS


def codes(error: CanvasFileError) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in error.problems]


def ids(canvas: Canvas, section: str) -> list[str]:
    return [item.id for item in canvas.section(section)]


@pytest.fixture
def canvas() -> Canvas:
    """Pains p1 (5), p2 (3), p3 (3); gains g1 (4), g2 (2); r1 relieves p1+p2, r2 relieves p2."""
    c = blank_canvas("Editing")
    c, _ = editing.add_item(c, "jobs", "Cook", kind="functional", importance=4)
    c, _ = editing.add_item(c, "pains", "No time", kind="obstacle", severity=5)
    c, _ = editing.add_item(c, "pains", "Cost", kind="risk", severity=3)
    c, _ = editing.add_item(c, "pains", "Mess", kind="undesired_outcome", severity=3)
    c, _ = editing.add_item(c, "gains", "Healthy", kind="desired", relevance=4)
    c, _ = editing.add_item(c, "gains", "Tasty", kind="expected", relevance=2)
    c, _ = editing.add_item(c, "products", "Meal kit")
    c, _ = editing.add_item(c, "pain_relievers", "Ready in 10 min", relieves=["p1", "p2"])
    c, _ = editing.add_item(c, "pain_relievers", "Cheap bulk", relieves=["p2"])
    c, _ = editing.add_item(c, "gain_creators", "Dietitian recipes", creates=["g1"])
    return c


# -- add_item ------------------------------------------------------------------------------


def test_add_item_assigns_sequential_ids_per_section():
    c = blank_canvas("Ids")
    c, j1 = editing.add_item(c, "jobs", "First", kind="social", importance=3)
    c, j2 = editing.add_item(c, "jobs", "Second", kind="social", importance=3)
    c, p1 = editing.add_item(c, "pains", "Pain", kind="risk", severity=2)
    c, s1 = editing.add_item(c, "products", "Thing")
    c, r1 = editing.add_item(c, "pain_relievers", "Fix")
    c, c1 = editing.add_item(c, "gain_creators", "Joy")
    c, g1 = editing.add_item(c, "gains", "Gain", kind="required", relevance=1)
    assert (j1, j2, p1, s1, r1, c1, g1) == ("j1", "j2", "p1", "s1", "r1", "c1", "g1")
    assert ids(c, "jobs") == ["j1", "j2"]
    assert c.jobs[1].text == "Second"
    assert c.jobs[0].status == "assumption"


def test_add_item_does_not_mutate_its_input():
    c = blank_canvas("Pure")
    before = c.model_copy(deep=True)
    editing.add_item(c, "jobs", "Job", kind="social", importance=3)
    assert c == before
    assert c.jobs == []


def test_ids_are_never_duplicated_after_deletes():
    c = blank_canvas("Ids")
    for n in range(4):
        c, _ = editing.add_item(c, "jobs", f"Job {n}", kind="social", importance=3)
    c, _ = editing.delete_item(c, "jobs", "j2")
    c, new = editing.add_item(c, "jobs", "After middle delete", kind="social", importance=3)
    assert new not in {"j1", "j3", "j4"}
    c, _ = editing.delete_item(c, "jobs", ids(c, "jobs")[-1])
    c, again = editing.add_item(c, "jobs", "After last delete", kind="social", importance=3)
    all_ids = [i for s in ALL_SECTIONS for i in ids(c, s)]
    assert len(all_ids) == len(set(all_ids))
    assert again in ids(c, "jobs")


def test_new_id_skips_ids_taken_in_other_sections():
    c = blank_canvas("Clash")
    c, _ = editing.add_item(c, "jobs", "Job", kind="social", importance=3)
    # a hand-written file may use "p1" for a job; a new pain must not reuse it
    c = c.model_copy(update={"jobs": [c.jobs[0].model_copy(update={"id": "p1"})]})
    c, new = editing.add_item(c, "pains", "Pain", kind="risk", severity=3)
    assert new != "p1"
    assert len(c.all_ids()) == 2


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_add_item_refuses_empty_text_naming_the_field(canvas, text):
    with pytest.raises(CanvasFileError) as info:
        editing.add_item(canvas, "pains", text, kind="risk", severity=3)
    assert codes(info.value) == [("pains[3].text", "empty_text")]


def test_add_item_refuses_too_long_and_bad_scores(canvas):
    with pytest.raises(CanvasFileError) as info:
        editing.add_item(canvas, "jobs", "x" * 501, kind="social", importance=3)
    assert codes(info.value) == [("jobs[1].text", "too_long")]
    with pytest.raises(CanvasFileError) as info:
        editing.add_item(canvas, "gains", "Gain", kind="desired", relevance=6)
    assert codes(info.value) == [("gains[2].relevance", "score_range")]
    with pytest.raises(CanvasFileError) as info:
        editing.add_item(canvas, "gains", "Gain", kind="desired", relevance="5")
    assert codes(info.value) == [("gains[2].relevance", "expected_integer")]
    with pytest.raises(CanvasFileError) as info:
        editing.add_item(canvas, "jobs", "Job", kind="social")
    assert codes(info.value) == [("jobs[1].importance", "missing")]


def test_add_reliever_with_dangling_link_is_refused(canvas):
    with pytest.raises(CanvasFileError) as info:
        editing.add_item(canvas, "pain_relievers", "Ghost", relieves=["p99"])
    assert codes(info.value) == [("value_map.pain_relievers[2].relieves[0]", "dangling_pain")]


# -- update_item -----------------------------------------------------------------------------


def test_update_item_changes_fields_and_keeps_others(canvas):
    updated = editing.update_item(canvas, "pains", "p2", text="Price <&> 💸", severity=4,
                                  status="validated")
    pain = updated.pains[1]
    assert (pain.id, pain.text, pain.severity, pain.status, pain.kind) == \
        ("p2", "Price <&> 💸", 4, "validated", "risk")
    assert canvas.pains[1].text == "Cost"  # input untouched
    assert updated.value_map == canvas.value_map


def test_update_item_validates(canvas):
    with pytest.raises(CanvasFileError) as info:
        editing.update_item(canvas, "pains", "p2", text="  ")
    assert codes(info.value) == [("pains[1].text", "empty_text")]
    with pytest.raises(CanvasFileError) as info:
        editing.update_item(canvas, "jobs", "j1", importance=0)
    assert codes(info.value) == [("jobs[0].importance", "score_range")]
    with pytest.raises(CanvasFileError) as info:
        editing.update_item(canvas, "jobs", "j1", kind="obstacle")
    assert codes(info.value) == [("jobs[0].kind", "not_allowed")]
    with pytest.raises(CanvasFileError) as info:
        editing.update_item(canvas, "pains", "p3", id="p1")
    assert ("pains[2].id", "duplicate_id") in codes(info.value)


def test_update_item_unknown_id(canvas):
    with pytest.raises(KeyError):
        editing.update_item(canvas, "pains", "p404", text="x")


def test_update_item_refuses_unknown_field(canvas):
    """A misspelt field must not be dropped silently: the edit would be lost."""
    with pytest.raises((CanvasFileError, KeyError, TypeError, ValueError)):
        editing.update_item(canvas, "pains", "p1", severty=1)


# -- delete and undo ---------------------------------------------------------------------------


def test_delete_pain_cuts_links_and_reports_them(canvas):
    after, deleted = editing.delete_item(canvas, "pains", "p2")
    assert ids(after, "pains") == ["p1", "p3"]
    assert after.value_map.pain_relievers[0].relieves == ["p1"]
    assert after.value_map.pain_relievers[1].relieves == []
    assert set(deleted.cut_links) == {"r1", "r2"}  # positions of the cut links
    assert (deleted.section, deleted.index, deleted.item.id) == ("pains", 1, "p2")
    # the canvas stays valid: no dangling link can remain
    assert Canvas.model_validate_json(after.to_json()) == after


def test_delete_gain_cuts_creator_links(canvas):
    after, deleted = editing.delete_item(canvas, "gains", "g1")
    assert after.value_map.gain_creators[0].creates == []
    assert deleted.cut_links == {"c1": 0}


def test_delete_unlinked_item_cuts_nothing(canvas):
    after, deleted = editing.delete_item(canvas, "pains", "p3")
    assert deleted.cut_links == {}
    assert after.value_map == canvas.value_map
    after, deleted = editing.delete_item(canvas, "pain_relievers", "r1")
    assert deleted.cut_links == {}
    assert ids(after, "pain_relievers") == ["r2"]
    assert after.pains == canvas.pains


def test_delete_unknown_id(canvas):
    with pytest.raises(KeyError):
        editing.delete_item(canvas, "jobs", "j404")


def test_undo_delete_restores_index_and_links(canvas):
    after, deleted = editing.delete_item(canvas, "pains", "p2")
    restored = editing.undo_delete(after, deleted)
    assert ids(restored, "pains") == ["p1", "p2", "p3"]
    assert restored.pains[1] == canvas.pains[1]
    assert set(restored.value_map.pain_relievers[0].relieves) == {"p1", "p2"}
    assert restored.value_map.pain_relievers[1].relieves == ["p2"]


def test_undo_delete_gives_back_the_same_canvas(canvas):
    """Undo right after a delete must restore exactly what was there, link order included."""
    for section in ALL_SECTIONS:
        for item_id in ids(canvas, section):
            after, deleted = editing.delete_item(canvas, section, item_id)
            assert editing.undo_delete(after, deleted) == canvas, (section, item_id)


def test_undo_delete_of_first_and_last(canvas):
    for item_id, index in (("g1", 0), ("g2", 1)):
        after, deleted = editing.delete_item(canvas, "gains", item_id)
        assert deleted.index == index
        restored = editing.undo_delete(after, deleted)
        assert ids(restored, "gains") == ["g1", "g2"]


def test_undo_after_id_was_reused_never_duplicates(canvas):
    after, deleted = editing.delete_item(canvas, "pains", "p3")
    after, reused = editing.add_item(after, "pains", "New", kind="risk", severity=1)
    restored = editing.undo_delete(after, deleted)
    all_ids = [i for s in ALL_SECTIONS for i in ids(restored, s)]
    assert len(all_ids) == len(set(all_ids))
    assert [p.text for p in restored.pains] == ["No time", "Cost", "Mess", "New"]


def test_undo_after_linker_deleted_still_valid(canvas):
    after, deleted = editing.delete_item(canvas, "pains", "p2")
    after, _ = editing.delete_item(after, "pain_relievers", "r2")
    restored = editing.undo_delete(after, deleted)
    assert ids(restored, "pains") == ["p1", "p2", "p3"]
    assert set(restored.value_map.pain_relievers[0].relieves) == {"p1", "p2"}


# -- move_item -------------------------------------------------------------------------------


def shown(canvas: Canvas, section: str) -> list[tuple[str, int]]:
    """What the board shows: ``(id, score)`` in rank order."""
    field = {"jobs": "importance", "pains": "severity", "gains": "relevance"}[section]
    return [(item.id, getattr(item, field)) for _, item in ranked(canvas.section(section))]


def test_move_follows_the_drop_rule(canvas):
    # pains: p1 (5), p2 (3), p3 (3). Before, Up on p2 did nothing ("only among equals");
    # now it moves above p1 and takes p1's score, so rank and score still agree.
    moved = editing.move_item(canvas, "pains", "p2", +1)
    assert shown(moved, "pains") == [("p1", 5), ("p3", 3), ("p2", 3)]
    back = editing.move_item(moved, "pains", "p2", -1)
    assert shown(back, "pains") == [("p1", 5), ("p2", 3), ("p3", 3)]
    up = editing.move_item(canvas, "pains", "p2", -1)
    assert shown(up, "pains") == [("p2", 5), ("p1", 5), ("p3", 3)]
    down = editing.move_item(canvas, "pains", "p1", +1)
    assert shown(down, "pains") == [("p2", 3), ("p1", 3), ("p3", 3)]
    # at the ends nothing changes
    assert shown(editing.move_item(canvas, "pains", "p1", -1), "pains") == \
        shown(canvas, "pains")
    assert shown(editing.move_item(canvas, "pains", "p3", +1), "pains") == \
        shown(canvas, "pains")


def test_move_past_items_of_other_scores_in_shown_order():
    c = blank_canvas("Moves")
    for text, score in (("a", 3), ("b", 5), ("c", 3)):
        c, _ = editing.add_item(c, "gains", text, kind="desired", relevance=score)
    # shown: g2 5, g1 3, g3 3; one place down for g1 passes g3 only
    moved = editing.move_item(c, "gains", "g1", +1)
    assert shown(moved, "gains") == [("g2", 5), ("g3", 3), ("g1", 3)]
    assert ids(moved, "gains") == ["g2", "g3", "g1"]   # stored in ranked order


# -- drop_item / shift_item -----------------------------------------------------------------


def test_drop_item_returns_a_valid_canvas_and_what_happened(canvas):
    after, result = editing.drop_item(canvas, "pains", "p3", 0)
    assert result == Drop(result.items, "p3", 3, 5, 3, 1)
    assert shown(after, "pains") == [("p3", 5), ("p1", 5), ("p2", 3)]
    assert after.pains[0].text == "Mess" and after.pains[0].kind == "undesired_outcome"
    assert after.value_map == canvas.value_map          # links untouched
    assert shown(canvas, "pains") == [("p1", 5), ("p2", 3), ("p3", 3)]  # input untouched


def test_shift_item_by_several_places(canvas):
    after, result = editing.shift_item(canvas, "pains", "p1", 2)
    assert shown(after, "pains") == [("p2", 3), ("p3", 3), ("p1", 3)]
    assert (result.old_score, result.new_score, result.old_rank, result.new_rank) == \
        (5, 3, 1, 3)


def test_drop_and_shift_value_map_by_position(canvas):
    after, result = editing.drop_item(canvas, "pain_relievers", "r2", 0)
    assert ids(after, "pain_relievers") == ["r2", "r1"]
    assert result == Drop(result.items, "r2", 0, 0, 2, 1)
    assert after.value_map.pain_relievers[1].relieves == ["p1", "p2"]
    after, result = editing.shift_item(canvas, "pain_relievers", "r2", -5)
    assert ids(after, "pain_relievers") == ["r2", "r1"]


def test_drop_item_unknown_id(canvas):
    with pytest.raises(KeyError):
        editing.drop_item(canvas, "pains", "p404", 0)


# -- snapshot and restore ----------------------------------------------------------------------


def test_snapshot_is_ids_and_scores_in_stored_order(canvas):
    snap = editing.section_snapshot(canvas, "pains")
    assert snap == (("p1", 5), ("p2", 3), ("p3", 3))
    hash(snap)
    assert editing.section_snapshot(canvas, "products") == (("s1", 0),)


def test_restore_snapshot_undoes_drops_exactly(canvas):
    snap = editing.section_snapshot(canvas, "pains")
    after, _ = editing.drop_item(canvas, "pains", "p3", 0)
    after, _ = editing.drop_item(after, "pains", "p1", 2)
    assert shown(after, "pains") != shown(canvas, "pains")
    assert editing.restore_snapshot(after, "pains", snap) == canvas


def test_restore_snapshot_keeps_later_edits_additions_and_deletions(canvas):
    snap = editing.section_snapshot(canvas, "pains")
    after, _ = editing.drop_item(canvas, "pains", "p3", 0)          # p3 5, p1 5, p2 3
    after = editing.update_item(after, "pains", "p3", text="Mess everywhere")
    after, new = editing.add_item(after, "pains", "Noise", kind="risk", severity=4)
    after, _ = editing.delete_item(after, "pains", "p2")
    restored = editing.restore_snapshot(after, "pains", snap)
    # stored now: p3, p1, new; "new" follows p1, so it stays right after p1
    assert [(p.id, p.severity) for p in restored.pains] == [("p1", 5), (new, 4), ("p3", 3)]
    assert restored.pains[2].text == "Mess everywhere"
    assert "p2" not in ids(restored, "pains")


def test_restore_snapshot_keeps_added_items_after_the_item_they_follow(canvas):
    snap = editing.section_snapshot(canvas, "pains")
    after, first = editing.add_item(canvas, "pains", "Early", kind="risk", severity=5)
    after, _ = editing.drop_item(after, "pains", first, 0)   # stored: first, p1, p2, p3
    after, second = editing.add_item(after, "pains", "Late", kind="risk", severity=3)
    after, _ = editing.drop_item(after, "pains", second, 2)  # stored: first, p1, second, ...
    after, _ = editing.drop_item(after, "pains", "p2", 4)    # stored: ..., second, p3, p2
    restored = editing.restore_snapshot(after, "pains", snap)
    # "Early" had nothing before it: first; "Late" followed p1: still right after p1
    assert ids(restored, "pains") == [first, "p1", second, "p2", "p3"]
    assert [p.severity for p in restored.pains] == [5, 5, 3, 3, 3]


def test_restore_snapshot_of_a_value_map_section(canvas):
    c, _ = editing.add_item(canvas, "products", "Second")
    snap = editing.section_snapshot(c, "products")
    moved, _ = editing.drop_item(c, "products", "s2", 0)
    assert editing.restore_snapshot(moved, "products", snap) == c


# -- add_items (paste) ---------------------------------------------------------------------


def test_add_items_adds_all_in_order_with_fresh_ids(canvas):
    after, new = editing.add_items(canvas, "pains", ["A <b>", "B & 💸", "C"],
                                   kind="risk", severity=2)
    assert new == ["p4", "p5", "p6"]
    assert [(p.id, p.text, p.severity) for p in after.pains[3:]] == \
        [("p4", "A <b>", 2), ("p5", "B & 💸", 2), ("p6", "C", 2)]
    one_by_one = canvas
    for text in ("A <b>", "B & 💸", "C"):
        one_by_one, _ = editing.add_item(one_by_one, "pains", text, kind="risk", severity=2)
    assert one_by_one == after


def test_add_items_skips_ids_taken_elsewhere_and_adds_nothing_when_empty(canvas):
    c = canvas.model_copy(update={"jobs": [canvas.jobs[0].model_copy(update={"id": "p5"})]})
    _, new = editing.add_items(c, "pains", ["x", "y"], kind="risk", severity=1)
    assert new == ["p6", "p7"]                  # after the highest p-number in use
    same, none = editing.add_items(canvas, "products", [])
    assert (same, none) == (canvas, [])


def test_add_items_is_all_or_nothing_and_names_the_bad_line(canvas):
    with pytest.raises(CanvasFileError) as info:
        editing.add_items(canvas, "pains", ["fine", "  ", "also fine"], kind="risk",
                          severity=2)
    assert codes(info.value) == [("pains[4].text", "empty_text")]
    with pytest.raises(CanvasFileError) as info:
        editing.add_items(canvas, "products", ["x"] * 300)
    assert codes(info.value)[0][0] == "value_map.products"


# -- apply_order (rank by comparing) ------------------------------------------------------------


def test_apply_order_sets_order_and_scores(canvas):
    after = editing.apply_order(canvas, "pains", [["p3"], ["p1", "p2"]],
                                {"p3": 5, "p1": 1, "p2": 1})
    assert [(p.id, p.severity) for p in after.pains] == [("p3", 5), ("p1", 1), ("p2", 1)]
    assert shown(after, "pains") == [("p3", 5), ("p1", 1), ("p2", 1)]
    assert after.pains[0].text == "Mess"


def test_apply_order_copes_with_items_added_or_deleted_meanwhile(canvas):
    c, new = editing.add_item(canvas, "pains", "Noise", kind="risk", severity=4)
    c, _ = editing.delete_item(c, "pains", "p2")
    after = editing.apply_order(c, "pains", [["p2", "p3"], ["p1"]],
                                {"p2": 5, "p3": 5, "p1": 3})
    assert [(p.id, p.severity) for p in after.pains] == [("p3", 5), ("p1", 3), (new, 4)]


def test_apply_order_refuses_bad_input(canvas):
    with pytest.raises(ValueError):
        editing.apply_order(canvas, "pains", [["p1", "p2"], ["p1"]], {})
    with pytest.raises(CanvasFileError):
        editing.apply_order(canvas, "pains", [["p1"]], {"p1": 6})
    with pytest.raises(ValueError):
        editing.apply_order(canvas, "products", [["s1"]], {"s1": 3})
    c, _ = editing.add_item(canvas, "products", "Second")
    assert ids(editing.apply_order(c, "products", [["s2"], ["s1"]], {}), "products") == \
        ["s2", "s1"]


def test_move_value_map_items_freely(canvas):
    c, _ = editing.add_item(canvas, "products", "Second product")
    c, _ = editing.add_item(c, "products", "Third product")
    assert ids(c, "products") == ["s1", "s2", "s3"]
    c = editing.move_item(c, "products", "s3", -1)
    assert ids(c, "products") == ["s1", "s3", "s2"]
    c = editing.move_item(c, "products", "s3", -1)
    assert ids(c, "products") == ["s3", "s1", "s2"]
    c = editing.move_item(c, "products", "s3", -1)  # already first
    assert ids(c, "products") == ["s3", "s1", "s2"]
    c = editing.move_item(c, "products", "s2", +1)  # already last
    assert ids(c, "products") == ["s3", "s1", "s2"]
    moved = editing.move_item(canvas, "pain_relievers", "r1", +1)
    assert ids(moved, "pain_relievers") == ["r2", "r1"]
    assert moved.value_map.pain_relievers[1].relieves == ["p1", "p2"]


# -- links -----------------------------------------------------------------------------------


def test_links_change_through_update_item(canvas):
    """The value map editor sets links as it sets any other field."""
    linked = editing.update_item(canvas, "pain_relievers", "r2", relieves=["p3", "p1"])
    assert linked.value_map.pain_relievers[1].relieves == ["p3", "p1"]
    linked = editing.update_item(linked, "gain_creators", "c1", creates=["g1", "g2"])
    assert linked.value_map.gain_creators[0].creates == ["g1", "g2"]
    cleared = editing.update_item(linked, "pain_relievers", "r1", relieves=[])
    assert cleared.value_map.pain_relievers[0].relieves == []


def test_links_refuse_dangling_targets_and_wrong_fields(canvas):
    with pytest.raises(CanvasFileError) as info:
        editing.update_item(canvas, "pain_relievers", "r1", relieves=["p1", "g1"])
    assert codes(info.value) == [("value_map.pain_relievers[0].relieves[1]", "dangling_pain")]
    with pytest.raises(CanvasFileError) as info:
        editing.update_item(canvas, "gain_creators", "c1", creates=["p1"])
    assert codes(info.value) == [("value_map.gain_creators[0].creates[0]", "dangling_gain")]
    with pytest.raises(ValueError):
        editing.update_item(canvas, "products", "s1", relieves=["p1"])


# -- segment and persona -----------------------------------------------------------------------


def test_update_persona_creates_and_clears(canvas):
    assert canvas.segment.persona is None
    with_persona = editing.update_persona(canvas, name="Amira", age=34, values=["family"])
    persona = with_persona.segment.persona
    assert (persona.name, persona.age, persona.values, persona.location) == \
        ("Amira", 34, ["family"], "")
    partly = editing.update_persona(with_persona, location="Leeds")
    assert (partly.segment.persona.name, partly.segment.persona.location) == ("Amira", "Leeds")
    cleared = editing.update_persona(partly, name="", age=None, values=[], location="")
    assert cleared.segment.persona is None


def test_update_persona_with_all_empty_fields_gives_none(canvas):
    empty = editing.update_persona(canvas, name="", location="", occupation="", income="",
                                   household="", values=[], notes="", age=None)
    assert empty.segment.persona is None
    assert Canvas.model_validate_json(empty.to_json()).segment.persona is None


def test_update_persona_validates(canvas):
    with pytest.raises(CanvasFileError) as info:
        editing.update_persona(canvas, age=300)
    assert codes(info.value) == [("segment.persona.age", "number_le")]


def test_update_segment(canvas):
    updated = editing.update_segment(canvas, name="Parents", relation="loyal")
    assert (updated.segment.name, updated.segment.relation) == ("Parents", "loyal")
    with pytest.raises(CanvasFileError) as info:
        editing.update_segment(canvas, relation="friend")
    assert codes(info.value) == [("segment.relation", "not_allowed")]
