"""The dot vote's tally chart: order, plain-text labels, long labels wrapped whole."""

import plotly.graph_objects as go

from canvas.figures.vote import build_vote
from canvas.i18n import get_translator

T = get_translator("en")


def _labels(fig):
    return list(fig.data[0].y)


def test_bars_follow_the_given_order_with_their_dots_and_no_legend():
    fig = build_vote([("Queues", 4), ("Cold food", 2), ("Closed at 7am", 0)], T,
                     section="pains", title="Dot vote", subtitle="3 learners have voted",
                     presentation=True)
    go.Figure(fig.to_dict())  # valid for Plotly's validators
    assert _labels(fig) == ["1. Queues", "2. Cold food", "3. Closed at 7am"]
    assert list(fig.data[0].x) == [4, 2, 0]
    assert fig.layout.showlegend is False


def test_a_long_label_is_wrapped_onto_lines_not_cut_and_markup_stays_text():
    long = "Everything is closed at 7am when the night shift ends and I am really hungry"
    fig = build_vote([(long, 3), ("<b>Cold</b> & food", 1)], T, section="pains",
                     title="<i>t</i>", subtitle="", presentation=True)
    first, second = _labels(fig)
    assert "<br>" in first and "…" not in first
    assert first.replace("<br>", " ") == f"1. {long}"
    assert second == "2. &lt;b&gt;Cold&lt;/b&gt; &amp; food"
    assert "&lt;i&gt;t&lt;/i&gt;" in fig.layout.title.text


def test_options_beyond_the_room_are_counted_in_a_note():
    entries = [(f"Pain number {i} with a fairly long description to wrap", 30 - i)
               for i in range(30)]
    fig = build_vote(entries, T, section="pains", title="Vote", subtitle="",
                     presentation=True, size=(1600, 600))
    shown = len(_labels(fig))
    assert shown < 30
    assert fig.layout.annotations[0].text == T.plural("figures.chart.more", 30 - shown)
