"""AppTest: test cards and learning cards in the evidence panel under the board.

A learner opens a note, plans a test, records what they learned and lets it decide the
item's status; the board shows the evidence and Undo puts the item back as it was.
"""

import re
from datetime import date

import pytest

from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from tests.apptest_helpers import (
    board_action,
    button,
    logged_in,
    no_exceptions,
    notes,
    notice,
    open_item,
    plain_texts,
    store_for,
    texts,
    unfold,
)

PROFILE = "pages/customer_profile.py"
VALUE_MAP = "pages/value_map.py"


@pytest.fixture
def canvas_id(data_dir):
    logged_in(data_dir)
    canvas = blank_canvas("Night nurses", "en")
    canvas, pain = editing.add_item(canvas, "pains", "Everything is closed at 7am",
                                    kind="obstacle", severity=5)
    canvas, _ = editing.add_item(canvas, "pain_relievers", "Delivery from 6am",
                                 relieves=[pain])
    return store_for(data_dir).create(canvas).id


def stored(data_dir, canvas_id):
    return store_for(data_dir).load(canvas_id)


def open_evidence(data_dir, canvas_id, page=PROFILE, section="pains", language=None):
    at = logged_in(data_dir, page=page, query={"canvas": canvas_id})
    if language:
        at.session_state["vpc_lang"] = language
        at.run()
    item = stored(data_dir, canvas_id).section(section)[0]
    open_item(at, section, item.id)
    prefix = f"{canvas_id}_{section}_{item.id}"
    return unfold(at, f"evidence_plan_{prefix}", f"evidence_learn_{prefix}"), item.id, \
        f"ev_{prefix}"


def submit(at, label):
    button(at, label).click()
    at.run()
    no_exceptions(at)


def test_panel_asks_for_an_open_note_first(data_dir, canvas_id):
    at = logged_in(data_dir, page=PROFILE, query={"canvas": canvas_id})
    assert "Open a job, pain or gain on the board to plan a test" in texts(at)


def test_plan_a_test_then_a_learning_flips_the_status_and_undo_restores_it(data_dir,
                                                                          canvas_id):
    at, pain_id, prefix = open_evidence(data_dir, canvas_id)
    # Submitting without a belief keeps what was typed and says what is missing.
    at.text_area(key=f"{prefix}_plan_action").input("Talk to 8 nurses at the staff door")
    submit(at, "Add the test")
    assert "Write what you believe first" in texts(at)
    assert at.text_area(key=f"{prefix}_plan_action").value == \
        "Talk to 8 nurses at the staff door"
    assert stored(data_dir, canvas_id).pains[0].tests == []

    at.text_area(key=f"{prefix}_plan_belief").input("Night nurses find nothing open at 7am")
    at.selectbox(key=f"{prefix}_plan_method").set_value("observation")
    at.text_area(key=f"{prefix}_plan_criterion").input("5 of 8 say so")
    at.date_input(key=f"{prefix}_plan_due").set_value(date(2026, 12, 4))
    submit(at, "Add the test")
    test = stored(data_dir, canvas_id).pains[0].tests[0]
    assert (test.belief, test.method, test.action, test.criterion, test.due, test.state) == (
        "Night nurses find nothing open at 7am", "observation",
        "Talk to 8 nurses at the staff door", "5 of 8 say so", date(2026, 12, 4), "planned")
    assert notice(at) == "Test planned for “Everything is closed at 7am”."
    # Ready for the next one: a new round of the form, with empty fields.
    assert at.text_area(key=f"{prefix}_plan_r1_belief").value == ""
    assert at.text_area(key=f"{prefix}_plan_r1_action").value == ""
    assert "Night nurses find nothing open at 7am" in texts(at)
    note = notes(at, "pains")[0]
    assert note["evidence"]["text"] == "1 test"

    # The test's state, from its card.
    at.radio(key=f"{prefix}_{test.id}_state").set_value("done")
    at.run()
    assert stored(data_dir, canvas_id).pains[0].tests[0].state == "done"

    # A learning from that test, which the learner lets decide the status.
    at.text_area(key=f"{prefix}_learn_observed").input("7 of 8 buy from a vending machine")
    at.radio(key=f"{prefix}_learn_strength").set_value("do")
    at.selectbox(key=f"{prefix}_learn_test_id").set_value(test.id)
    assert at.radio(key=f"{prefix}_learn_verdict").value == "keep"
    at.radio(key=f"{prefix}_learn_verdict").set_value("validated")
    submit(at, "Add the learning")
    pain = stored(data_dir, canvas_id).pains[0]
    assert pain.status == "validated"
    learning = pain.learnings[0]
    assert (learning.observed, learning.strength, learning.test_id, learning.verdict) == (
        "7 of 8 buy from a vending machine", "do", test.id, "validated")
    assert notice(at) == ("Learning recorded: “Everything is closed at 7am” "
                          "is now Validated.")
    note = notes(at, "pains")[0]
    assert note["status"] == "validated"
    assert note["evidence"]["text"] == "they do it · 1 test · 1 learning"
    assert "Evidence: What people do, 1 test, 1 learning." in note["aria"]

    # Undo on the board puts the item back as it was before the learning.
    board_action(at, "undo")
    pain = stored(data_dir, canvas_id).pains[0]
    assert pain.status == "assumption" and pain.learnings == []
    assert pain.tests[0].state == "done"


def test_learning_without_verdict_keeps_the_status(data_dir, canvas_id):
    at, _, prefix = open_evidence(data_dir, canvas_id)
    at.text_area(key=f"{prefix}_learn_learned").input("Some shops open at 6")
    submit(at, "Add the learning")
    pain = stored(data_dir, canvas_id).pains[0]
    assert pain.status == "assumption"
    assert [(x.learned, x.verdict, x.strength) for x in pain.learnings] == [
        ("Some shops open at 6", None, "say")]


def test_edit_and_delete_a_test_on_a_pain_reliever(data_dir, canvas_id):
    at, reliever_id, prefix = open_evidence(data_dir, canvas_id, VALUE_MAP, "pain_relievers")
    at.text_area(key=f"{prefix}_plan_belief").input("Nurses would order the night before")
    submit(at, "Add the test")
    test = stored(data_dir, canvas_id).value_map.pain_relievers[0].tests[0]
    edit = f"{prefix}_{test.id}_edit"
    assert at.text_area(key=f"{edit}_belief").value == "Nurses would order the night before"
    at.text_area(key=f"{edit}_belief").input("Nurses order before their shift")
    at.radio(key=f"{edit}_state").set_value("running")
    submit(at, "Save the test")
    test = stored(data_dir, canvas_id).value_map.pain_relievers[0].tests[0]
    assert (test.belief, test.state) == ("Nurses order before their shift", "running")
    button(at, key=f"{prefix}_{test.id}_delete").click()
    at.run()
    assert stored(data_dir, canvas_id).value_map.pain_relievers[0].tests == []
    assert notice(at) == "Test deleted from “Delivery from 6am”."


def test_test_first_lists_the_riskiest_and_opens_its_test_form(data_dir, canvas_id):
    canvas = stored(data_dir, canvas_id)
    canvas, job = editing.add_item(canvas, "jobs", "Sleep after the shift", kind="functional",
                                   importance=2)
    store_for(data_dir).save(canvas, expected_revision=canvas.revision)
    at = unfold(logged_in(data_dir, page=PROFILE, query={"canvas": canvas_id}),
                "risks_profile")
    labels = [e.label for e in at.expander]
    assert "Test first · 2" in labels
    shown = texts(at)
    assert shown.index("Everything is closed at 7am") < shown.index("Sleep after the shift")
    pain_id = stored(data_dir, canvas_id).pains[0].id
    button(at, key=f"risk_plan_profile_{pain_id}").click()
    at.run()
    no_exceptions(at)
    assert [n["id"] for n in notes(at, "pains") if n.get("open")] == [pain_id]
    # The test form is open under the board, ready to type in.
    assert at.text_area(key=f"ev_{canvas_id}_pains_{pain_id}_plan_belief").value == ""


def with_evidence(data_dir, canvas_id):
    """The pain with a test (done) and a learning that validated it."""
    from canvas.evidence import cards as evidence
    from canvas.fileformat.models import LearningCard, TestCard

    canvas = stored(data_dir, canvas_id)
    pain = canvas.pains[0]
    changed = evidence.add_test(canvas, "pains", pain.id, TestCard(
        id="e1", belief="Nurses find nothing open at 7am", method="observation",
        action="Watch the staff door from 6:45", criterion="Most leave without food",
        cost="Nothing", state="done"))
    changed = evidence.record_learning(changed, "pains", pain.id, LearningCard(
        id="e2", test_id="e1", observed="9 of 12 left without food", strength="do",
        verdict="validated"), set_status=True)
    return store_for(data_dir).save(changed, expected_revision=canvas.revision), pain.id


def click_point(at, section, item_id):
    """A click on a point of the assumptions map, as the browser reports it."""
    import json

    [chart] = [c for c in at.get("plotly_chart") if "chart_assumptions" in c.proto.id]
    states = at._tree.get_widget_states()
    states.widgets.add(id=chart.proto.id, string_value=json.dumps({"selection": {
        "points": [{"curve_number": 0, "point_index": 0,
                    "customdata": [section, item_id]}],
        "point_indices": [0], "box": [], "lasso": []}}))
    at._run(states)
    no_exceptions(at)


def test_assumptions_map_on_insights_moves_with_evidence_and_opens_the_item(data_dir,
                                                                            canvas_id):
    at = logged_in(data_dir, page="pages/insights.py", query={"canvas": canvas_id})
    no_exceptions(at)
    assert "Assumptions" in [tab.label for tab in at.tabs]
    assert "Test now: 2 · Build on it: 0" in texts(at)
    with_evidence(data_dir, canvas_id)
    at.run()
    # The pain now has evidence of what people do: it moved out of "test now".
    assert "Test now: 1 · Build on it: 1" in texts(at)
    pain_id = stored(data_dir, canvas_id).pains[0].id
    click_point(at, "pains", pain_id)
    assert at.session_state["vpc_editing_item"][(canvas_id, "pains")] == pain_id
    assert "9 of 12 left without food" in texts(at)   # its evidence, under the board


def test_facilitator_sees_tested_count_and_presents_a_test_card(data_dir, canvas_id):
    from canvas.store.folder.workshops import WorkshopStore
    from tests.apptest_helpers import make_user, plain_texts

    make_user(data_dir, "learner1")
    learner_canvas = store_for(data_dir, "learner1").create(stored(data_dir, canvas_id))
    with_evidence_for = store_for(data_dir, "learner1")
    from canvas.evidence import cards as evidence
    from canvas.fileformat.models import TestCard

    pain = learner_canvas.pains[0]
    saved = with_evidence_for.save(evidence.add_test(learner_canvas, "pains", pain.id, TestCard(
        id="e1", belief="Nurses find nothing open at 7am", action="Ask 8 of them",
        cost="€20")), expected_revision=learner_canvas.revision)
    workshops = WorkshopStore(data_dir)
    code = workshops.create("Lille cohort", "amira").code   # amira is the facilitator
    workshops.join(code, "learner1")
    workshops.share(code, "learner1", saved.id)
    at = logged_in(data_dir, "amira", page="pages/workshops.py")
    no_exceptions(at)
    assert "1 of 2 assumptions tested" in plain_texts(at)
    button(at, key=f"present_card_learner1_{saved.id}_go").click()
    at.run()
    no_exceptions(at)
    shown = plain_texts(at)
    # (the room's online count and "learners follow" notice may sit in between)
    assert 0 <= shown.index("# Test card") < shown.index("## Everything is closed at 7am")
    assert "**We believe that…** Nurses find nothing open at 7am" in shown
    assert "Customer segment" not in shown
    assert "cost: €20" in shown
    assert not [b for b in at.button if b.key == "projector_next"]


def test_interview_guide_edits_questions_and_keeps_notes_as_a_learning(data_dir, canvas_id):
    at = logged_in(data_dir, page="pages/interview_guide.py", query={"canvas": canvas_id})
    no_exceptions(at)
    pain_id = stored(data_dir, canvas_id).pains[0].id
    prefix = f"guide_{canvas_id}_potential_customers_q_pains_{pain_id}"
    question = at.text_area(key=prefix)
    assert "Everything is closed at 7am" not in question.value  # never read aloud
    question.input("When did you last look for food after a shift?")
    at.run()
    # Another group has its own questions; coming back keeps what was edited.
    at.segmented_control(key="guide_group_" + canvas_id + "__en").set_value("non_customers")
    at.run()
    assert at.text_area(key=f"guide_{canvas_id}_non_customers_q_pains_{pain_id}").value
    at.segmented_control(key="guide_group_" + canvas_id + "__en").set_value(
        "potential_customers")
    at.run()
    assert at.text_area(key=prefix).value == "When did you last look for food after a shift?"

    button(at, key=f"{prefix}_attach").click()
    at.run()
    assert "Type what you heard first." in texts(at)
    at.text_area(key=f"{prefix}_notes").input("Last Tuesday: only a vending machine")
    button(at, key=f"{prefix}_attach").click()
    at.run()
    no_exceptions(at)
    pain = stored(data_dir, canvas_id).pains[0]
    assert [(x.observed, x.strength, x.verdict) for x in pain.learnings] == [
        ("Last Tuesday: only a vending machine", "say", None)]
    assert pain.status == "assumption"
    assert at.text_area(key=f"{prefix}_notes").value == ""
    assert "Kept as a learning" in texts(at)


def test_interview_guide_pdf_holds_the_edited_question():
    from io import BytesIO

    from pypdf import PdfReader

    from canvas.evidence.interview_guide import Guide, Question
    from canvas.export.interview_guide import guide_pdf
    from canvas.i18n import Translator

    canvas = blank_canvas("Нічні медсестри", "uk")
    canvas, pain = editing.add_item(canvas, "pains", "О 7-й ранку все зачинено",
                                    kind="obstacle", severity=5)
    guide = Guide("potential_customers", "Дякую, що знайшли час.",
                  [Question("pains", pain, "Коли ви востаннє шукали їжу о 7-й ранку?")], "")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(
        guide_pdf(guide, canvas, Translator("uk")))).pages)
    assert "Коли ви востаннє шукали їжу" in text


def test_projector_segment_step_shows_the_whole_persona_card(data_dir, canvas_id):
    canvas = stored(data_dir, canvas_id)
    changed = editing.update_persona(canvas, name="Amira", search_words=["night cafe"],
                                     sources=["own_records"], notes="Met at the ward")
    store_for(data_dir).save(changed, expected_revision=canvas.revision)
    at = logged_in(data_dir, page="pages/projector.py", query={"canvas": canvas_id})
    no_exceptions(at)
    shown = texts(at)
    assert "**How they look and buy**  \nWords they search for: **night cafe**" in shown
    assert "Based on: **our own records**" in shown
    assert "Name: **Amira**" in shown and "Met at the ward" in shown


def test_persian_projector_writes_the_persona_and_the_fit_in_persian(data_dir, canvas_id):
    # Issue 25: the age in Persian digits, the values with the Arabic comma, the fit
    # metric as the locale writes a percent (it read "79 %", Latin and the sign after).
    canvas = stored(data_dir, canvas_id)
    changed = editing.update_persona(canvas, name="مریم", age=34, values=["خانواده", "امنیت"])
    store_for(data_dir).save(changed, expected_revision=canvas.revision)
    at = logged_in(data_dir, page="pages/projector.py", query={"canvas": canvas_id})
    at.session_state["vpc_lang"] = "fa"
    at.run()
    no_exceptions(at)
    shown = texts(at)
    assert "**\u2068۳۴\u2069**" in shown and "**\u2067خانواده، امنیت\u2069**" in shown
    at.session_state["vpc_projector_step"] = 5   # the fit step
    at.run()
    no_exceptions(at)
    assert [m.value for m in at.metric] == ["۱۰۰%"]


def test_persian_counts_beside_the_risks_and_under_the_map_are_in_persian_digits(
        data_dir, canvas_id):
    canvas = stored(data_dir, canvas_id)
    canvas, _ = editing.add_item(canvas, "jobs", "Sleep after the shift", kind="functional",
                                 importance=2)
    store_for(data_dir).save(canvas, expected_revision=canvas.revision)
    at = logged_in(data_dir, page=PROFILE, query={"canvas": canvas_id})
    at.session_state["vpc_lang"] = "fa"
    at.run()
    no_exceptions(at)
    assert any(e.label.endswith(" · ۲") for e in at.expander)   # "Test first · 2" was Latin
    at = logged_in(data_dir, page="pages/insights.py", query={"canvas": canvas_id})
    at.session_state["vpc_lang"] = "fa"
    at.run()
    no_exceptions(at)
    assert any(e.label.endswith(" · ۳") for e in at.expander)   # the list under the map
    assert not [e.label for e in at.expander if re.search("[0-9]", e.label)]


# -- issue 20: finish and trust -------------------------------------------------------------
def test_owner_unchosen_method_learning_that_closes_its_test_and_edits(data_dir, canvas_id):
    """Issue 20 (15): a test names its owner and has no method until one is chosen; a
    learning on it records the criterion's result and how many people, and closes the
    test; the learning card is edited in place, and a bad number loses nothing."""
    at, _, prefix = open_evidence(data_dir, canvas_id)
    at.text_area(key=f"{prefix}_plan_belief").input("Nurses skip breakfast after nights")
    at.text_input(key=f"{prefix}_plan_owner").input("Olena")
    submit(at, "Add the test")
    test = stored(data_dir, canvas_id).pains[0].tests[0]
    assert (test.method, test.owner, test.state) == (None, "Olena", "planned")
    shown = texts(at)
    assert "Method not chosen yet" in shown and "Interviews" not in shown
    assert "run by Olena" in shown

    at.text_area(key=f"{prefix}_learn_observed").input("7 of 8 skipped it")
    at.selectbox(key=f"{prefix}_learn_test_id").set_value(test.id)
    at.radio(key=f"{prefix}_learn_criterion_met").set_value("yes")
    at.text_input(key=f"{prefix}_learn_people").input("8")
    submit(at, "Add the learning")
    pain = stored(data_dir, canvas_id).pains[0]
    assert pain.tests[0].state == "done"                    # the learning closed its test
    learning = pain.learnings[0]
    assert (learning.test_id, learning.criterion_met, learning.people) == (test.id, "yes", 8)
    assert "criterion met: Yes · 8 people" in plain_texts(at)

    edit = f"{prefix}_{learning.id}_edit"
    assert at.text_area(key=f"{edit}_observed").value == "7 of 8 skipped it"
    assert at.text_input(key=f"{edit}_people").value == "8"
    at.text_area(key=f"{edit}_observed").input("6 of 8 skipped it")
    at.text_input(key=f"{edit}_people").input("about ten")
    submit(at, "Save the learning")
    assert "Write how many people as a whole number" in texts(at)
    assert at.text_area(key=f"{edit}_observed").value == "6 of 8 skipped it"   # kept
    assert stored(data_dir, canvas_id).pains[0].learnings[0].observed == "7 of 8 skipped it"

    at.text_input(key=f"{edit}_people").input("12")
    at.radio(key=f"{edit}_criterion_met").set_value("unclear")
    at.radio(key=f"{edit}_verdict").set_value("invalidated")
    submit(at, "Save the learning")
    pain = stored(data_dir, canvas_id).pains[0]
    edited = pain.learnings[0]
    assert (edited.id, edited.observed, edited.people, edited.criterion_met, edited.verdict,
            edited.recorded_at) == (learning.id, "6 of 8 skipped it", 12, "unclear",
                                    "invalidated", learning.recorded_at)
    assert pain.status == "invalidated" and len(pain.learnings) == 1
    assert notice(at) == ("Learning recorded: “Everything is closed at 7am” "
                          "is now Invalidated.")
    board_action(at, "undo")   # Undo puts the learning back as it was
    pain = stored(data_dir, canvas_id).pains[0]
    assert (pain.status, pain.learnings[0].observed) == ("assumption", "7 of 8 skipped it")


@pytest.mark.parametrize("language, date_format, shown", [
    ("uk", "DD.MM.YYYY", "04.12.2026"), ("fr", "DD/MM/YYYY", "04/12/2026"),
    ("nl", "DD-MM-YYYY", "4-12-2026"), ("en", "DD/MM/YYYY", "04/12/2026")])
def test_dates_in_the_users_format_and_no_english_help_buttons(data_dir, canvas_id, language,
                                                               date_format, shown):
    """Issue 20 (16): the date field is typed as the language writes dates (not
    "yyyy/mm/dd"), the card shows it so, and no field of the panel has a tooltip, whose
    button Streamlit reads out as "Help for ..." in English."""
    from canvas.i18n import translate
    from canvas.store.folder.accounts import AccountStore

    AccountStore(data_dir).set_preference("amira", "language", language)
    at, _, prefix = open_evidence(data_dir, canvas_id, language=language)
    due = at.date_input(key=f"{prefix}_plan_due")
    assert due.proto.format == date_format
    at.text_area(key=f"{prefix}_plan_belief").input("Nurses skip breakfast")
    due.set_value(date(2026, 12, 4))
    submit(at, translate("evidence_ui.plan.submit", language))
    assert shown in plain_texts(at)
    widgets = [*at.text_area, *at.text_input, *at.radio, *at.selectbox, *at.date_input,
               *at.segmented_control]
    panel = [w for w in widgets if str(w.key or "").startswith("ev_")]
    assert len(panel) > 20
    assert [w.key for w in panel if w.help] == []


def test_every_date_field_is_typed_as_the_language_writes_dates(data_dir, canvas_id):
    """Issue 20 (16), everywhere: the interview's day on the guide and the persona's last
    review take the user's date format too, not only a test's due date, and each page
    carries the script that names the date buttons in the user's language."""
    at = logged_in(data_dir, page="pages/interview_guide.py", query={"canvas": canvas_id})
    at.session_state["vpc_lang"] = "uk"
    at.run()
    no_exceptions(at)
    assert at.date_input and {d.proto.format for d in at.date_input} == {"DD.MM.YYYY"}
    assert "Обрати дату" in at.get("iframe")[0].proto.srcdoc

    at = logged_in(data_dir, page=PROFILE, query={"canvas": canvas_id})
    at.session_state["vpc_lang"] = "nl"
    unfold(at, f"segment_{canvas_id}", f"persona_sources_{canvas_id}")
    reviewed = at.date_input(key=f"profile_persona_last_reviewed_{canvas_id}")
    assert reviewed.proto.format == "DD-MM-YYYY"
