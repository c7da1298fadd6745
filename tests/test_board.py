"""The board's content (canvas/editing/board.py): what each note says, exactly, in rank order."""

from canvas.editing import edits as editing
from canvas.editing.board import View, compare_card, paste_card, profile_board, value_map_board
from canvas.editing.paste import preview
from canvas.fileformat.models import blank_canvas
from canvas.i18n import Translator
from canvas.ranking.compare import next_question, record

EN = Translator("en")


def canvas_with_pains():
    canvas = blank_canvas("Night nurses", "en")
    for text, severity in [("Bus is late", 2), ("<b>Closed</b> at 7am", 5), ("Noisy", 2)]:
        canvas = editing.add_item(canvas, "pains", text, kind="obstacle", severity=severity)[0]
    return canvas


def test_profile_board_lists_each_section_in_rank_order_with_plain_text():
    data = profile_board(canvas_with_pains(), EN)
    assert [lane["section"] for lane in data["lanes"]] == ["jobs", "pains", "gains"]
    pains = data["notes"]["pains"]
    assert [(n["rank"], n["text"], n["score"]) for n in pains] == [
        (1, "<b>Closed</b> at 7am", 5), (2, "Bus is late", 2), (3, "Noisy", 2)]
    assert pains[0]["aria"] == "#1: <b>Closed</b> at 7am. Severity 5 of 5. Obstacle. Assumption."
    assert pains[0]["meta"] == [{"kind": "kind", "text": "Obstacle"},
                                {"kind": "assumption", "text": "? Assumption"}]
    lane = data["lanes"][1]
    assert lane["count"] == "3 pains" and lane["drag"] is True
    assert lane["add"]["label"] == "Add a pain"
    assert lane["tools"][0]["label"] == "Rank by comparing"
    assert data["lanes"][0]["empty"].startswith("No jobs yet")
    assert data["lanes"][0]["tools"][0]["disabled"] is True
    assert "choices" not in pains[0]


def test_only_the_open_note_carries_its_editor():
    canvas = canvas_with_pains()
    data = profile_board(canvas, EN, View(open={"pains": "p1"}))
    bus = next(n for n in data["notes"]["pains"] if n["id"] == "p1")
    assert bus["open"] is True and bus["notes"] == ""
    fields = [c["field"] for c in bus["choices"]]
    assert fields == ["kind", "severity", "frequency", "status"]
    severity = bus["choices"][1]
    assert severity["value"] == 2 and [o[0] for o in severity["options"]] == [1, 2, 3, 4, 5]
    assert sum("choices" in n for n in data["notes"]["pains"]) == 1


def test_value_map_board_lights_what_the_open_reliever_relieves_and_shows_the_fit():
    canvas = canvas_with_pains()
    canvas, rid = editing.add_item(canvas, "pain_relievers", "Delivery from 6am",
                                   relieves=["p2"])
    data = value_map_board(canvas, EN, View(open={"pain_relievers": rid}))
    pains = data["notes"]["pains"]
    assert [n["text"] for n in pains if n.get("lit")] == ["<b>Closed</b> at 7am"]
    reliever = data["notes"]["pain_relievers"][0]
    assert reliever["lines"] == ["Relieves: #1"]
    assert reliever["link_hint"].startswith("Relieves 1 pain")
    meter = data["groups"]["profile"]["meter"]
    assert meter["text"] == "56%"  # severity 5 of 5 + 2 + 2
    target = next(lane for lane in data["lanes"] if lane["section"] == "pains")
    assert target["role"] == "target" and "add" not in target
    assert target["hint"] == "Click a pain to link or unlink it."


def test_nothing_lights_while_no_reliever_is_open():
    canvas = canvas_with_pains()
    canvas, _ = editing.add_item(canvas, "pain_relievers", "Delivery", relieves=["p2"])
    data = value_map_board(canvas, EN)
    assert not any(n.get("lit") for n in data["notes"]["pains"])
    target = next(lane for lane in data["lanes"] if lane["section"] == "pains")
    assert target["hint"] == "Open a pain reliever to link pains."


def test_compare_card_asks_then_shows_the_order_and_proposed_scores():
    canvas = canvas_with_pains()
    ids = ["p2", "p1", "p3"]
    answers: dict = {}
    card = compare_card(canvas, EN, "pains", ids, answers)
    assert card["question"] == "Which pain hurts more?"
    assert card["progress"] == "Question 1 of at most 3"
    truth = ["p3", "p1", "p2"]
    while (question := next_question(ids, answers)) is not None:
        choice = "left" if truth.index(question.left) < truth.index(question.right) else "right"
        answers = record(answers, question, choice)
    card = compare_card(canvas, EN, "pains", ids, answers)
    assert [row["text"] for row in card["rows"]] == ["Noisy", "Bus is late",
                                                    "<b>Closed</b> at 7am"]
    assert [row["change"] for row in card["rows"]] == ["2 → 5", "2 → 3",
                                                      "5 → 1"]


def test_paste_card_says_what_will_be_added_and_what_is_left_out():
    card = paste_card(EN, "pains", preview("- Noisy\n- Cold\n- Late bus", ["noisy"]))
    assert card["texts"] == ["Cold", "Late bus"]
    assert card["summary"] == ("One note per line: 2 pains will be added. "
                               "1 line is already on the board and is left out.")
    assert card["add"] == "Add 2 pains"


def test_ukrainian_counts_use_the_right_plural_form():
    canvas = canvas_with_pains()
    data = profile_board(canvas, Translator("uk"))
    assert data["lanes"][1]["count"].startswith("3 ")
    assert data["lanes"][1]["count"] != "3 pains"
