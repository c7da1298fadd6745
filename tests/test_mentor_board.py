"""The comment badge in the board's data: on the commented notes only, said in their label."""

from canvas.editing import edits as editing
from canvas.editing.board import add_comment_badges, profile_board, value_map_board
from canvas.fileformat.models import blank_canvas
from canvas.i18n import get_translator


def canvas_with_items():
    canvas, pain = editing.add_item(blank_canvas("Bakery"), "pains", "Closed at 7am",
                                    kind="obstacle", severity=4)
    canvas, gain = editing.add_item(canvas, "gains", "Warm bread", kind="desired", relevance=3)
    return canvas, pain, gain


def notes(data, section):
    return {note["text"]: note for note in data["notes"][section]}


def test_badges_sit_on_the_commented_notes_and_in_their_label():
    canvas, pain, gain = canvas_with_items()
    t = get_translator("en")
    data = add_comment_badges(profile_board(canvas, t), {pain: 2}, t)
    closed = notes(data, "pains")["Closed at 7am"]
    assert closed["comments"] == {"count": 2, "label": "2 comments from your facilitator"}
    assert closed["aria"].endswith(" 2 comments from your facilitator")
    assert "comments" not in notes(data, "gains")["Warm bread"]
    assert "comment" not in notes(data, "gains")["Warm bread"]["aria"]


def test_badges_on_the_value_map_and_in_ukrainian():
    canvas, pain, gain = canvas_with_items()
    t = get_translator("uk")
    data = add_comment_badges(value_map_board(canvas, t), {gain: 1, pain: 5}, t)
    assert notes(data, "gains")["Warm bread"]["comments"]["label"] == "1 коментар від ведучого"
    assert notes(data, "pains")["Closed at 7am"]["comments"]["label"] == \
        "5 коментарів від ведучого"
