"""AppTest: Insights renders every chart, empty states, comparison and download buttons."""

import pytest

from canvas.figures import FIGURES, alt_text
from canvas.fileformat.models import blank_canvas
from canvas.fileformat.templates import load_template
from canvas.i18n import get_translator
from canvas.ui.shell.session import INSIGHTS_DRAWN_KEY
from canvas.ui.shell.text import md_escape
from tests.apptest_helpers import logged_in, no_exceptions, store_for, texts

INSIGHTS = "pages/insights.py"


@pytest.fixture
def template_id(data_dir):
    logged_in(data_dir)
    return store_for(data_dir).create(load_template("gym-membership", "en")).id


def charts(at):
    return at.get("plotly_chart")


def test_every_chart_renders_for_a_full_canvas(data_dir, template_id):
    at = logged_in(data_dir, page=INSIGHTS, query={"canvas": template_id})
    no_exceptions(at)
    # Every figure, the assumptions map, and the comparison that starts with the open canvas.
    assert len(charts(at)) == len(FIGURES) + 2
    # Every figure has its own text alternative shown as a caption.
    canvas = store_for(data_dir).load(template_id)
    t = get_translator("en")
    captions = [c.value for c in at.caption]
    for name in FIGURES:
        alternative = md_escape(alt_text(name, canvas, t))
        assert alternative.strip() and alternative in captions, name
    assert len({md_escape(alt_text(name, canvas, t)) for name in FIGURES}) == len(FIGURES)
    labels = [b.label for b in at.get("download_button")]
    for fmt in ("PNG", "SVG", "PDF"):
        assert labels.count(fmt) == len(FIGURES)
    for label in ("PDF report", "XLSX", "CSV", "JSON"):
        assert label in labels


def test_empty_canvas_gets_helpful_empty_states(data_dir):
    logged_in(data_dir)
    canvas_id = store_for(data_dir).create(blank_canvas("Empty one", "en")).id
    at = logged_in(data_dir, page=INSIGHTS, query={"canvas": canvas_id})
    no_exceptions(at)
    shown = len(charts(at)) - 1  # minus the comparison
    assert shown < len(FIGURES)
    assert len(at.info) >= len(FIGURES) - shown


def test_compare_up_to_three_segments(data_dir, template_id):
    store = store_for(data_dir)
    other = store.create(load_template("bakery-new-range", "en")).id
    at = logged_in(data_dir, page=INSIGHTS, query={"canvas": template_id})
    picker = at.multiselect(key="insights_compare")
    assert picker.value == [template_id]
    picker.set_value([]).run()
    assert len(charts(at)) == len(FIGURES) + 1
    assert "Choose one to three canvases" in texts(at)
    picker.set_value([template_id, other]).run()
    no_exceptions(at)
    assert len(charts(at)) == len(FIGURES) + 2


def test_insights_in_ukrainian(data_dir, template_id):
    from canvas.store.folder.accounts import AccountStore

    AccountStore(data_dir).set_preference("amira", "language", "uk")
    at = logged_in(data_dir, page=INSIGHTS, query={"canvas": template_id})
    at.session_state["vpc_lang"] = "uk"
    at.run()
    no_exceptions(at)
    from canvas.i18n import translate

    labels = [tab.label for tab in at.tabs]
    for key in ("insights.tab.ranking", "insights.tab.compare", "insights.tab.export"):
        assert translate(key, "uk") in labels
        assert translate(key, "uk") != translate(key, "en")


def click_note(at, item_id: str, section: str) -> None:
    """What the browser sends when a note of the diagram is clicked: a one-point
    selection whose customdata is the note's [item id, section]. AppTest has no Plotly
    widget, so the selection goes in as the chart's widget state for the next run."""
    import json

    [chart] = [c for c in charts(at) if c.proto.id and "chart_diagram" in c.proto.id]
    states = at._tree.get_widget_states()
    states.widgets.add(id=chart.proto.id, string_value=json.dumps({"selection": {
        "points": [{"curve_number": 0, "point_index": 0, "customdata": [item_id, section]}],
        "point_indices": [0], "box": [], "lasso": []}}))
    at._run(states)


@pytest.mark.parametrize(("section", "board_intro"), [("pains", "profile.intro"),
                                                      ("gain_creators", "value_map.intro")])
def test_clicking_a_note_opens_the_item_on_its_board(data_dir, template_id, section,
                                                      board_intro):
    from canvas.i18n import translate

    canvas = store_for(data_dir).load(template_id)
    item = canvas.section(section)[-1]
    at = logged_in(data_dir, page=INSIGHTS, query={"canvas": template_id})
    assert translate("diagram.click_hint", "en") in texts(at)
    click_note(at, item.id, section)
    no_exceptions(at)
    assert at.session_state["vpc_editing_item"][(template_id, section)] == item.id
    assert translate(board_intro, "en") in texts(at)       # the board's page is shown
    assert not charts(at)


def test_coming_to_the_page_draws_the_first_tab_then_every_tab_once_painted(data_dir,
                                                                           template_id):
    """Until the browser says the first tab's chart is painted (after_paint), the other
    tabs wait: the browser drew all 11 charts before showing any (issue 24)."""
    at = logged_in(data_dir)
    at.query_params["canvas"] = template_id
    at.switch_page(INSIGHTS)
    at.run()
    no_exceptions(at)
    assert len(charts(at)) == 1                       # the canvas diagram
    assert not at.get("download_button") or all(
        b.label in ("PNG", "SVG", "PDF") for b in at.get("download_button"))
    first = top_level(at)
    # The browser's report (what after_paint's component sends) draws the rest.
    at.session_state[INSIGHTS_DRAWN_KEY] = template_id
    at.run()
    assert len(charts(at)) == len(FIGURES) + 2
    # The same elements at the same places: with the reporter before the tabs in the first
    # run only, the tabs moved, Streamlit made them anew and an opened tab closed again.
    assert top_level(at) == first and "tab_container" in first


def top_level(at) -> list[str]:
    """What the page's main area holds, in order, one name per element or block."""
    return [getattr(node, "type", type(node).__name__) for node in at.main.children.values()]
