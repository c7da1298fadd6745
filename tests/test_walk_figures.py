"""The comparison says what it leaves out; the room summary's labels wrap and never clip."""

import plotly.graph_objects as go

from canvas.figures import build_comparison
from canvas.figures.room_summary import build_room_summary
from canvas.fileformat.models import Pain, blank_canvas
from canvas.i18n import Translator
from canvas.room.summary import Group


def _canvas(title: str, pains: int):
    return blank_canvas(title).model_copy(update={"pains": [
        Pain(id=f"p{i}", text=f"Pain {i}", kind="obstacle", severity=3)
        for i in range(pains)]})


def test_comparison_counts_the_notes_past_the_top_five_in_every_language():
    fig = build_comparison([_canvas("A", 8), _canvas("B", 5)], Translator("en"))
    more = [trace for trace in fig.data if trace.meta == "pains:more"]
    assert [list(trace.text) for trace in more] == [["and 3 more"]]   # B shows all five
    uk = build_comparison([_canvas("A", 10), _canvas("B", 7)], Translator("uk"))
    assert sorted(trace.text[0] for trace in uk.data if trace.meta == "pains:more") == [
        "і ще 2 нотатки", "і ще 5 нотаток"]
    go.Figure(fig.to_dict())   # valid for Plotly's own validators


def _label_annotations(fig, section):
    return [a for a in fig.layout.annotations if a.name == f"{section}-label"]


def test_room_summary_wraps_long_labels_as_plain_text_and_draws_the_counts():
    long = "Prices are too high for families who just arrived <b>and</b> have no work yet"
    fig = build_room_summary([Group(long, 4, (long,)), Group("Queues", 2, ("Queues",))],
                             [Group("Fresh bread", 3, ("Fresh bread",))], 5,
                             Translator("en"), presentation=True)
    labels = _label_annotations(fig, "pains")
    assert len(labels) == 2
    assert "<br>" in labels[0].text and "&lt;b&gt;" in labels[0].text   # wrapped, escaped
    assert "<b>" not in labels[0].text
    bars = {trace.meta: list(trace.x) for trace in fig.data}
    assert bars == {"pains": [4, 2], "gains": [3]}
    assert fig.layout.title.text == "<b>Pains and gains the room has in common</b>"
    assert fig.layout.title.subtitle.text.startswith("From 5 shared canvases")
    assert labels[0].font.size == 22          # the projector's type
    go.Figure(fig.to_dict())


def test_room_summary_shows_no_more_entries_than_its_height_holds():
    groups = [Group(f"Pain {i}", 10 - i, (f"Pain {i}",)) for i in range(8)]
    tall = build_room_summary(groups, [], 8, Translator("en"), size=(1600, 900))
    short = build_room_summary(groups, [], 8, Translator("en"), size=(1600, 400))
    assert len(_label_annotations(tall, "pains")) == 8
    assert 0 < len(_label_annotations(short, "pains")) < 8
    assert [a.text for a in short.layout.annotations
            if a.text == "No gains yet."] == ["No gains yet."]


def test_room_summary_without_notes_says_so():
    fig = build_room_summary([], [], 3, Translator("fr"))
    texts = [a.text.replace("<br>", " ") for a in fig.layout.annotations]
    assert texts == ["Aucune difficulté ni aucun bénéfice sur les canevas partagés pour "
                     "l’instant."]
