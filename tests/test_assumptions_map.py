"""The assumptions map (canvas.figures.assumptions): where each item lands, what a click
carries, and labels that stay readable."""

from __future__ import annotations

import plotly.graph_objects as go
from evidence_helpers import build, learning_card

from canvas.figures.assumptions import assumptions_map, map_points, quadrant
from canvas.i18n import Translator

EN, UK = Translator("en"), Translator("uk")


def points(fig) -> dict[str, tuple[float, float]]:
    """item id -> (x, y) of its bubble."""
    out = {}
    for trace in fig.data:
        if trace.customdata is None:
            continue
        for (section, item_id), x, y in zip(trace.customdata, trace.x, trace.y, strict=True):
            out[item_id] = (x, y, section)
    return out


def sample():
    return build(
        jobs=[("j1", "Get a warm meal after a night shift", 5, "assumption"),
              ("j2", "Keep <b>costs</b> down", 2, "assumption",
               {"learnings": [learning_card(strength="pay").model_dump()]})],
        pains=[("p1", "Everything is closed at 7am", 4, "validated",
                {"learnings": [learning_card(strength="do").model_dump()]})],
        gains=[("g1", "Food ready at home", 3, "assumption")],
        relievers=[("r1", "Delivery from 6am", ["p1"]), ("r2", "Answers nothing", [])])


def test_items_sit_in_the_cell_of_their_score_and_strongest_evidence():
    placed = points(assumptions_map(sample(), EN))
    # x: 0 none, 1 say, 2 do, 3 pay; each cell spans +-0.5 around it.
    expected = {"j1": (0, 5), "j2": (3, 2), "p1": (2, 4), "g1": (0, 3), "r1": (0, 4)}
    for item_id, (level, score) in expected.items():
        x, y, _ = placed[item_id]
        assert abs(x - level) < 0.5 and abs(y - score) < 0.5, (item_id, x, y)
    assert "r2" not in placed


def test_customdata_names_section_and_item_for_a_click():
    placed = points(assumptions_map(sample(), EN))
    assert {item_id: section for item_id, (_, _, section) in placed.items()} == {
        "j1": "jobs", "j2": "jobs", "p1": "pains", "g1": "gains", "r1": "pain_relievers"}


def test_quadrants_follow_importance_and_evidence():
    assert quadrant(0, 5) == "test_now"
    assert quadrant(1, 3) == "test_now"      # what people say is still weak evidence
    assert quadrant(2, 3) == "build_on"
    assert quadrant(0, 2) == "test_later"
    assert quadrant(3, 1) == "safe"
    names = {a.name: a.text for a in assumptions_map(sample(), EN).layout.annotations}
    assert names["quadrant-test_now"] == "<b>Test now</b>"
    top_left = next(a for a in assumptions_map(sample(), EN).layout.annotations
                    if a.name == "quadrant-test_now")
    assert top_left.x < 1 and top_left.y > 5.5     # above the cells, on the left


def test_value_map_items_take_the_best_score_they_answer_and_are_counted_when_unplaced():
    canvas = sample()
    found, unplaced = map_points(canvas)
    assert [(s, item.id, level, imp) for s, _, item, level, imp in found
            if s == "pain_relievers"] == [("pain_relievers", "r1", 0, 4)]
    assert unplaced == 1
    note = next(a for a in assumptions_map(canvas, EN).layout.annotations if a.name == "note")
    assert "1 pain reliever or gain creator answers no pain or gain" in note.text


def test_user_text_is_plain_in_labels_and_hover():
    fig = assumptions_map(sample(), EN)
    labels = next(trace for trace in fig.data if trace.name == "labels")
    assert "Keep &lt;b&gt;costs&lt;/b&gt; down" in labels.text
    hover = " ".join(h for trace in fig.data if trace.hovertext for h in trace.hovertext)
    assert "&lt;b&gt;costs" in hover and "<b>costs" not in hover
    assert "What people pay" in hover and "1 learning" in hover


def test_a_crowded_cell_keeps_bubbles_apart_and_counts_what_does_not_fit():
    jobs = [(f"j{n}", f"Job number {n} with a longer text", 5, "assumption")
            for n in range(1, 121)]
    fig = assumptions_map(build(jobs=jobs), EN)
    placed = points(fig)
    shown = sorted(placed.values())
    size = 22  # the screen bubble; other symbols are drawn smaller
    width, height = fig.layout.width, fig.layout.height
    margin = fig.layout.margin
    px = (width - margin.l - margin.r) / 4
    py = (height - margin.t - margin.b) / (fig.layout.yaxis.range[1] - fig.layout.yaxis.range[0])
    for index, (x1, y1, _) in enumerate(shown):
        for x2, y2, _ in shown[index + 1:]:
            assert abs(x1 - x2) * px >= size or abs(y1 - y2) * py >= size - 1
        assert -0.5 < x1 < 0.5 and 4.5 < y1 < 5.5
    hidden = 120 - len(placed)
    assert hidden > 0
    note = next(a for a in fig.layout.annotations if a.name == "note")
    assert f"{hidden} more items have no room left" in note.text


def test_ukrainian_map_and_empty_map():
    fig = assumptions_map(sample(), UK)
    assert fig.layout.xaxis.ticktext[0] == "Ще немає доказів"
    assert "Перевірити зараз" in {a.text for a in fig.layout.annotations}.__repr__()
    empty = assumptions_map(build(), EN)
    assert empty.data == ()
    assert "Add jobs, pains or gains" in empty.layout.annotations[0].text


def test_width_and_presentation_and_a_valid_figure():
    fig = assumptions_map(sample(), EN, width=900)
    assert (fig.layout.width, fig.layout.height) == (900, 525)
    assert assumptions_map(sample(), EN, width=300).layout.width == 600
    big = assumptions_map(sample(), EN, presentation=True)
    assert big.layout.font.size > fig.layout.font.size
    go.Figure(fig.to_dict())  # Plotly's validating constructor accepts every property
