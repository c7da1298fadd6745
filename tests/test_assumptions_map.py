"""The assumptions map (canvas.figures.assumptions): where each item lands, what a click
carries, and labels that stay readable."""

from __future__ import annotations

import plotly.graph_objects as go
from evidence_helpers import build, learning_card

from canvas.evidence.risk import map_group, map_points
from canvas.figures.assumptions import COLUMNS, assumptions_map
from canvas.i18n import Translator

EN, UK = Translator("en"), Translator("uk")


def points(fig) -> dict[str, tuple[float, float]]:
    """item id -> (x, y) of its bubble."""
    out = {}
    for trace in fig.data:
        if trace.customdata is None or trace.meta == "more":
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


def column_edges(fig) -> list[tuple[float, float]]:
    """(left, right) of each column in x units, from the tick centres and grid lines."""
    lines = sorted({s.x0 for s in fig.layout.shapes if s.name == "grid" and s.x0 == s.x1})
    disproved = next(s for s in fig.layout.shapes if s.name == "disproved")
    edges = [0, *lines, disproved.x0]
    return [*zip(edges, edges[1:], strict=False), (disproved.x0, disproved.x1)]


def test_items_sit_in_the_cell_of_their_score_and_strongest_evidence():
    fig = assumptions_map(sample(), EN)
    placed, edges = points(fig), column_edges(fig)
    # Open assumptions by evidence (0 none .. 3 pay); decided items in their verdict's
    # column (p1 is validated, so it stands under "Validated", not "What people do").
    expected = {"j1": (0, 5), "j2": (3, 2), "p1": (COLUMNS.index("validated"), 4),
                "g1": (0, 3), "r1": (0, 4)}
    for item_id, (column, score) in expected.items():
        x, y, _ = placed[item_id]
        left, right = edges[column]
        assert left < x < right and abs(y - score) < 0.5, (item_id, x, y)
    assert "r2" not in placed


def test_customdata_names_section_and_item_for_a_click():
    placed = points(assumptions_map(sample(), EN))
    assert {item_id: section for item_id, (_, _, section) in placed.items()} == {
        "j1": "jobs", "j2": "jobs", "p1": "pains", "g1": "gains", "r1": "pain_relievers"}


def test_quadrants_follow_importance_and_evidence():
    assert map_group("assumption", 0, 5) == "test_now"
    assert map_group("assumption", 1, 3) == "test_now"  # what people say is still weak
    assert map_group("assumption", 2, 3) == "build_on"
    assert map_group("assumption", 0, 2) == "test_later"
    assert map_group("assumption", 3, 1) == "safe"
    names = {a.name: a.text for a in assumptions_map(sample(), EN).layout.annotations}
    assert names["quadrant-test_now"] == "<b>Test now</b>"
    top_left = next(a for a in assumptions_map(sample(), EN).layout.annotations
                    if a.name == "quadrant-test_now")
    assert top_left.x < 10 and top_left.y > 5.5    # above the cells, on the left


def test_value_map_items_take_the_best_score_they_answer_and_are_counted_when_unplaced():
    canvas = sample()
    found, unplaced = map_points(canvas)
    assert [(p.section, p.item.id, p.level, p.importance) for p in found
            if p.section == "pain_relievers"] == [("pain_relievers", "r1", 0, 4)]
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


def test_a_crowded_cell_keeps_bubbles_apart_and_groups_what_does_not_fit():
    jobs = [(f"j{n}", f"Job number {n} with a longer text", 5, "assumption")
            for n in range(1, 121)]
    fig = assumptions_map(build(jobs=jobs), EN)
    placed = points(fig)
    shown = sorted(placed.values())
    more = next(trace for trace in fig.data if trace.meta == "more")
    size = 22  # the screen bubble; other symbols are drawn smaller
    margin = fig.layout.margin
    py = (fig.layout.height - margin.t - margin.b) / (fig.layout.yaxis.range[1]
                                                       - fig.layout.yaxis.range[0])
    spots = [(x, y) for x, y, _ in shown] + list(zip(more.x, more.y, strict=True))
    for index, (x1, y1) in enumerate(spots):
        for x2, y2 in spots[index + 1:]:   # x runs in plot pixels
            assert abs(x1 - x2) >= size or abs(y1 - y2) * py >= size - 1
        assert 4.5 < y1 < 5.5
    # What a cell cannot draw is one "+N" marker naming every item it holds.
    grouped = more.customdata[0][1].split()
    assert more.text == (f"<b>+{len(grouped)}</b>",)
    assert len(placed) + len(grouped) == 120
    assert set(placed) | {ref.split(":")[1] for ref in grouped} == {j[0] for j in jobs}
    assert "Job number 120 with a longer text" in more.hovertext[0]
    note = next(a for a in fig.layout.annotations if a.name == "note")
    assert f"{len(grouped)} items share crowded cells" in note.text


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
