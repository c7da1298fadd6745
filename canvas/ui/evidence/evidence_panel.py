"""The evidence panel: test cards and learning cards of the note open on the board.

Ranking says which items matter; this panel is where a learner moves one of them from
"assumption" to "validated" or "invalidated". It follows the board: open a job, pain,
gain, pain reliever or gain creator and its tests and learnings appear in a panel docked
to the side of the screen (a sheet at the bottom of a phone), over the board and in view
at every scroll position, with "Plan a test" and "Record what you learned" written as the
method's sentences. The panel folds to its header line when the board needs the room.

Card forms are drawn with the new card's id chosen, and start a new round of empty
widgets once their card is saved: a double click stores one card (canvas.evidence.cards's
adds are idempotent per id), and the next card starts from empty fields.

Every change goes through the pure functions of canvas.evidence.cards and the board's own save
path (revision check, autosave), and leaves the board's notice with Undo, which puts the
item back exactly as it was (its cards and its status), as any other board edit.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from pathlib import Path

import streamlit as st

from canvas.editing import edits as editing
from canvas.evidence import cards as ev
from canvas.fileformat.models import (
    CRITERION_RESULTS,
    EVIDENCE_STRENGTHS,
    MAX_MEDIUM,
    MAX_PEOPLE,
    MAX_SHORT,
    STATUSES,
    TEST_METHODS,
    TEST_STATES,
    LearningCard,
    TestCard,
)
from canvas.formatting import format_date, format_number
from canvas.ui.editor import editor_state
from canvas.ui.shell import date_field, session
from canvas.ui.shell.text import md_escape, shorten

#: Folds remembered per item (editor/folds.FOLDS), named here.
PLAN_FOLD = "evidence_plan"
LEARN_FOLD = "evidence_learn"
#: The choice offered when a learning is recorded; "keep" is the default.
VERDICT_CHOICES = ("keep", "validated", "invalidated")
STYLE = Path(__file__).resolve().parents[3] / "assets" / "evidence.css"

@functools.cache
def _style() -> str:
    """The panel's sheet without its comments (they are for us, not for each run)."""
    return re.sub(r"/\*.*?\*/", "", STYLE.read_text(encoding="utf-8"), flags=re.S)


def open_item(canvas_id: str, page: str, canvas) -> tuple[str, object] | None:
    """``(section, item)`` of the note open on this page's board that can carry evidence."""
    for section in editor_state.board_sections(page):
        if section not in ev.EVIDENCE_SECTIONS:
            continue
        item_id = editor_state.editing_item(canvas_id, section)
        item = next((i for i in canvas.section(section) if i.id == item_id), None)
        if item is not None:
            return section, item
    return None


def restore_item(canvas, section: str, item):
    """Undo of an evidence change: the item's cards (and status) as they were."""
    fields = {"tests": item.tests, "learnings": item.learnings}
    if hasattr(item, "status"):
        fields["status"] = item.status
    return editing.update_item(canvas, section, item.id, **fields)


def _change(canvas_id: str, page: str, section: str, item_id: str, change, message) -> bool:
    """Apply one evidence edit, remember the item for Undo and say what happened.

    ``message(saved_item) -> str`` is called with the item as saved.
    """
    before = editor_state.seen_canvas(canvas_id)
    old = next((i for i in before.section(section) if i.id == item_id), None) if before else None
    saved = editor_state.apply(canvas_id, change)
    if saved is None or old is None:
        return False
    item = next(i for i in saved.section(section) if i.id == item_id)
    editor_state.remember_undo(canvas_id, page, ("evidence", section, old))
    editor_state.board_notice(canvas_id, message(item), undo=True, announce=True)
    return True


# -- drawing -------------------------------------------------------------------------------
def panel(t, canvas, page: str, folded) -> None:
    """The open note's evidence, docked beside the board; or one line on how to get there."""
    found = open_item(canvas.id, page, canvas)
    if found is None:
        st.caption(t(f"evidence_ui.panel.hint.{page}"))
        return
    section, item = found
    # None until the learner chooses: open beside the board, folded to its header on a
    # phone (it would cover the open note); True folded, False open, on every screen.
    hidden = editor_state.evidence_hidden(page)
    # Beside the open note, never over it: a job's note (the profile's left lane) docks
    # the panel right, a pain's or a gain's left, over the first lane. On the value map an
    # open reliever or creator is linked by clicking the pains and gains beside it, so
    # the panel docks over the sidebar's navigation there ("nav"; docked right at 1280 px
    # it covered the pains to click).
    side = "nav" if page == "value_map" else "left" if section != "jobs" else "right"
    state = {None: "", True: "_hidden", False: "_shown"}[hidden]
    dock = st.container(key=f"evidence_dock_{side}{state}")
    with dock:
        # Drawn with the panel on every run: our own sheet, never user text. (st.html
        # sends a style-only body to an event container that the board's fragment reruns
        # leave out, and strips <style> from any other.)
        st.markdown(f"<style>{_style()}</style>", unsafe_allow_html=True)
        date_field.name_buttons(t, "evidence")
    with dock, st.container(border=True, key="evidence_panel"):
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.markdown(f":material/science: **{t('evidence_ui.panel.title')}**",
                        width="stretch")
            if hidden is not False:
                st.button(t("evidence_trust.panel.show"), key="evidence_panel_show",
                          type="tertiary", icon=":material/expand_less:",
                          on_click=editor_state.set_evidence_hidden, args=(page, False))
            if hidden is not True:
                st.button(t("evidence_trust.panel.hide"), key="evidence_panel_hide",
                          type="tertiary", icon=":material/expand_more:",
                          on_click=editor_state.set_evidence_hidden, args=(page, True))
        st.markdown(f"**{md_escape(shorten(item.text, 90))}**")
        st.caption(summary(t, section, item))
        if hidden is True:
            return
        with st.container(key="evidence_body", gap="small"):
            _cards(t, canvas, page, section, item, folded)


def _cards(t, canvas, page: str, section: str, item, folded) -> None:
    st.markdown(f"**{t.plural('evidence.count.tests', len(item.tests))}**")
    for number, test in enumerate(item.tests, start=1):
        _test_card(t, canvas, page, section, item, number, test)
    _plan_form(t, canvas, page, section, item, folded)
    st.markdown(f"**{t.plural('evidence.count.learnings', len(item.learnings))}**")
    for learning in item.learnings:
        _learning_card(t, canvas, page, section, item, learning)
    _learn_form(t, canvas, page, section, item, folded)


def summary(t, section: str, item) -> str:
    """"Status: assumption · strongest evidence: what people do"."""
    parts = []
    if hasattr(item, "status"):
        parts.append(t("evidence_ui.panel.status", status=t(f"status.{item.status}")))
    strongest = ev.strongest_evidence(item)
    parts.append(t("evidence_ui.panel.strongest",
                   strength=t(f"evidence.strength.{strongest or 'none'}")))
    parts.append(t.plural("evidence.count.tests", len(item.tests)))
    parts.append(t.plural("evidence.count.learnings", len(item.learnings)))
    return " · ".join(parts)


def test_lines(t, test: TestCard) -> list[tuple[str, str]]:
    """The card's four sentences with their openings, empty ones left out."""
    if test.method is None:
        method = t("evidence_trust.method.none")
    elif test.method == "other" and test.method_other:
        method = test.method_other
    else:
        method = t(f"evidence_ui.method.{test.method}.label")
    lines = [("evidence_ui.test.belief", test.belief),
             ("evidence_ui.test.action", f"{test.action} ({method})" if test.action else method),
             ("evidence_ui.test.measure", test.measure),
             ("evidence_ui.test.criterion", test.criterion)]
    return [(t(key), value) for key, value in lines if value]


def test_meta(t, test: TestCard) -> str:
    parts = [t(f"evidence_ui.state.{test.state}")]
    if test.owner:
        parts.append(t("evidence_trust.test.owner_is", owner=test.owner))
    if test.cost:
        parts.append(t("evidence_ui.test.cost_is", cost=test.cost))
    if test.duration:
        parts.append(t("evidence_ui.test.duration_is", duration=test.duration))
    if test.due:
        due = datetime(test.due.year, test.due.month, test.due.day)
        parts.append(t("evidence_ui.test.due_on", date=format_date(due, t.language)))
    return " · ".join(parts)


def _test_card(t, canvas, page: str, section: str, item, number: int, test: TestCard) -> None:
    prefix = f"ev_{canvas.id}_{section}_{item.id}_{test.id}"
    with st.container(border=True, key=f"{prefix}_card"):
        st.markdown(f"**{t('evidence_ui.test.number', n=number)}** · "
                    f"{md_escape(test_meta(t, test))}")
        st.markdown("  \n".join(f"*{md_escape(opening)}* {md_escape(text)}"
                                for opening, text in test_lines(t, test)))
        state_key = f"{prefix}_state"
        editor_state.sync_widget(state_key, test.state, canvas.revision)
        # Radio buttons, not a segmented control: its three words ran past a narrow panel
        # ("Заплановано | Триває | Завершено"); radio buttons wrap.
        st.radio(t("evidence_ui.test.state"), TEST_STATES, key=state_key, horizontal=True,
                 format_func=lambda s: t(f"evidence_ui.state.{s}"), label_visibility="collapsed",
                 on_change=_set_state, args=(canvas.id, page, section, item.id, test.id, state_key))
        edit = functools.partial(_test_form, t, canvas, page, section, item, test)
        _card_actions(t, prefix, edit, _delete_test,
                      (canvas.id, page, section, item.id, test.id))


def _learning_card(t, canvas, page: str, section: str, item, learning: LearningCard) -> None:
    prefix = f"ev_{canvas.id}_{section}_{item.id}_{learning.id}"
    with st.container(border=True, key=f"{prefix}_card"):
        head = [t(f"evidence.strength.{learning.strength}")]
        test = next((x for x in item.tests if x.id == learning.test_id), None)
        if test is not None:
            head.append(t("evidence_ui.learning.of_test", n=item.tests.index(test) + 1))
        if learning.verdict:
            head.append(t(f"evidence_ui.learning.verdict.{learning.verdict}"))
        st.markdown(f"**{md_escape(' · '.join(head))}**")
        facts = learning_facts(t, learning)
        if facts:
            st.caption(md_escape(" · ".join(facts)))
        lines = [("evidence_ui.learning.observed", learning.observed),
                 ("evidence_ui.learning.learned", learning.learned),
                 ("evidence_ui.learning.next_step", learning.next_step)]
        st.markdown("  \n".join(f"*{md_escape(t(key))}* {md_escape(text)}"
                                for key, text in lines if text))
        edit = functools.partial(_learning_edit_form, t, canvas, page, section, item, learning)
        _card_actions(t, prefix, edit, _delete_learning,
                      (canvas.id, page, section, item.id, learning.id))


def _card_actions(t, prefix: str, edit_form, delete, args: tuple) -> None:
    """A card's row of actions: Edit (its form in a popover) and Delete."""
    with st.container(horizontal=True, vertical_alignment="center"):
        with st.popover(t("evidence_ui.test.edit"), icon=":material/edit:"):
            edit_form()
        st.button(t("evidence_ui.delete"), key=f"{prefix}_delete", type="tertiary",
                  icon=":material/delete:", on_click=delete, args=args)


def learning_facts(t, learning: LearningCard) -> list[str]:
    """"Criterion met: yes · 8 people · 20/11/2026": what the card rests on."""
    facts = []
    if learning.criterion_met:
        facts.append(t("evidence_trust.learning.criterion_is",
                       answer=t(f"evidence_trust.criterion.{learning.criterion_met}")))
    if learning.people:
        facts.append(t.plural("evidence_trust.learning.people_count", learning.people,
                              people=format_number(learning.people, t.language)))
    facts.append(format_date(learning.recorded_at, t.language))
    return facts


TEST_FIELDS = ("belief", "method", "method_other", "action", "measure", "criterion", "owner",
               "cost", "duration", "due")
LEARNING_FIELDS = ("observed", "learned", "next_step", "strength", "test_id", "criterion_met",
                   "people")
_WARN = "vpc_evidence_warning"  # form key -> catalog key of the warning shown in that form
#: Three lines: the examples run to three lines in the narrow panel and were cut at two.
TEXT_HEIGHT = 100


def _test_fields(t, prefix: str, with_state: bool) -> None:
    """The test card's widgets (inside a form), keyed ``{prefix}_{field}``."""
    def key(name: str) -> str:
        return f"{prefix}_{name}"

    st.text_area(t("evidence_ui.test.belief"), key=key("belief"), max_chars=MAX_MEDIUM,
                 height=TEXT_HEIGHT, placeholder=t("evidence_ui.test.belief.example"))
    # No default: a method nobody chose is "not chosen", never "Interviews". One per row:
    # side by side, a two-line label put the two fields at different heights.
    st.selectbox(t("evidence_ui.test.method"), TEST_METHODS, key=key("method"), index=None,
                 format_func=lambda m: t(f"evidence_ui.method.{m}.label"),
                 placeholder=t("evidence_trust.method.placeholder"))
    st.text_input(t("evidence_ui.test.method_other"), key=key("method_other"),
                     max_chars=120, placeholder=t("evidence_ui.test.method_other.example"))
    for name in ("action", "measure", "criterion"):
        st.text_area(t(f"evidence_ui.test.{name}"), key=key(name), max_chars=MAX_MEDIUM,
                     height=TEXT_HEIGHT, placeholder=t(f"evidence_ui.test.{name}.example"))
    # Two to a row: the panel is half the page, and three fields cut their examples short.
    cost, duration = st.columns(2)
    cost.text_input(t("evidence_ui.test.cost"), key=key("cost"), max_chars=120,
                    placeholder=t("evidence_ui.test.cost.example"))
    duration.text_input(t("evidence_ui.test.duration"), key=key("duration"), max_chars=120,
                        placeholder=t("evidence_ui.test.duration.example"))
    owner, due = st.columns(2)
    owner.text_input(t("evidence_trust.test.owner"), key=key("owner"), max_chars=MAX_SHORT,
                     placeholder=t("evidence_trust.test.owner.example"))
    date_field.date_input(due, t, t("evidence_ui.test.due"), value=None, key=key("due"))
    if with_state:
        st.radio(t("evidence_ui.test.state"), TEST_STATES, key=key("state"), horizontal=True,
                 format_func=lambda s: t(f"evidence_ui.state.{s}"))


def form_values(prefix: str, names: tuple[str, ...]) -> dict:
    """What a form's widgets hold, text trimmed; fields a form does not show are left out."""
    values = {}
    for name in names:
        key = f"{prefix}_{name}"
        if key in st.session_state:
            value = st.session_state[key]
            values[name] = value.strip() if isinstance(value, str) else value
    return values


def _warning(t, prefix: str) -> None:
    warning = st.session_state.get(_WARN, {}).pop(prefix, None)
    if warning:
        st.warning(t(warning), icon=":material/edit_note:")


def _warn(prefix: str, key: str) -> None:
    st.session_state.setdefault(_WARN, {})[prefix] = key


def _plan_form(t, canvas, page: str, section: str, item, folded) -> None:
    box, is_open = folded(t("evidence_ui.plan"), f"{PLAN_FOLD}_{canvas.id}_{section}_{item.id}",
                          ":material/add_task:")
    if not is_open:
        return
    base = f"ev_{canvas.id}_{section}_{item.id}_plan"
    prefix = editor_state.form_key(base)
    with box, st.form(prefix, border=False):
        _test_fields(t, prefix, with_state=False)
        _warning(t, prefix)
        st.form_submit_button(t("evidence_ui.plan.submit"), type="primary",
                              icon=":material/add_task:", on_click=_submit_plan,
                              args=(canvas.id, page, section, item.id, base, prefix,
                                    ev.new_card_id(item)))


def _test_form(t, canvas, page: str, section: str, item, test: TestCard) -> None:
    prefix = f"ev_{canvas.id}_{section}_{item.id}_{test.id}_edit"
    for name in (*TEST_FIELDS, "state"):
        editor_state.sync_widget(f"{prefix}_{name}", getattr(test, name), canvas.revision)
    with st.form(prefix, border=False):
        _test_fields(t, prefix, with_state=True)
        _warning(t, prefix)
        st.form_submit_button(t("evidence_ui.test.save"), type="primary", icon=":material/save:",
                              on_click=_submit_edit,
                              args=(canvas.id, page, section, item.id, test.id, prefix))


def _learning_fields(t, prefix: str, item, verdict_default: str = "keep") -> None:
    """The learning card's widgets (inside a form), keyed ``{prefix}_{field}``."""
    tests = {test.id: number for number, test in enumerate(item.tests, start=1)}
    for name in ("observed", "learned", "next_step"):
        st.text_area(t(f"evidence_ui.learning.{name}"), key=f"{prefix}_{name}",
                     max_chars=MAX_MEDIUM, height=TEXT_HEIGHT,
                     placeholder=t(f"evidence_ui.learning.{name}.example"))
    if tests:
        st.selectbox(t("evidence_ui.learning.test"), [None, *tests], key=f"{prefix}_test_id",
                     format_func=lambda x: t("evidence_ui.learning.no_test") if x is None
                     else t("evidence_ui.test.number", n=tests[x]),
                     placeholder=t("polish.choose"))
        st.radio(t("evidence_trust.learning.criterion_met"), CRITERION_RESULTS, index=None,
                 key=f"{prefix}_criterion_met", horizontal=True,
                 format_func=lambda v: t(f"evidence_trust.criterion.{v}"))
        st.caption(t("evidence_trust.learning.closes_test"))
    st.text_input(t("evidence_trust.learning.people"), key=f"{prefix}_people", max_chars=9,
                  placeholder=t("evidence_trust.learning.people.example"))
    # Help as a caption, not a tooltip: a tooltip's button is read out "Help for..." in
    # English whatever the language.
    st.radio(t("evidence_ui.learning.strength"), EVIDENCE_STRENGTHS,
             key=f"{prefix}_strength", horizontal=True,
             format_func=lambda s: t(f"evidence.strength.{s}"))
    st.caption(t("evidence_ui.learning.strength.help"))
    has_status = "status" if hasattr(item, "status") else "card"
    st.radio(t("evidence_ui.learning.verdict"), VERDICT_CHOICES, key=f"{prefix}_verdict",
             index=VERDICT_CHOICES.index(verdict_default),
             format_func=lambda v: t(f"evidence_ui.verdict.{v}"))
    st.caption(t(f"evidence_ui.learning.verdict.help.{has_status}"))


def _learn_form(t, canvas, page: str, section: str, item, folded) -> None:
    box, is_open = folded(t("evidence_ui.learn"), f"{LEARN_FOLD}_{canvas.id}_{section}_{item.id}",
                          ":material/lightbulb:")
    if not is_open:
        return
    base = f"ev_{canvas.id}_{section}_{item.id}_learn"
    prefix = editor_state.form_key(base)
    with box, st.form(prefix, border=False):
        _learning_fields(t, prefix, item)
        _warning(t, prefix)
        st.form_submit_button(t("evidence_ui.learn.submit"), type="primary",
                              icon=":material/lightbulb:", on_click=_submit_learning,
                              args=(canvas.id, page, section, item.id, base, prefix,
                                    ev.new_card_id(item)))


def _learning_edit_form(t, canvas, page: str, section: str, item,
                        learning: LearningCard) -> None:
    prefix = f"ev_{canvas.id}_{section}_{item.id}_{learning.id}_edit"
    for name in LEARNING_FIELDS:
        value = getattr(learning, name)
        if name == "people":
            value = "" if value is None else str(value)
        if name != "test_id" or item.tests:
            editor_state.sync_widget(f"{prefix}_{name}", value, canvas.revision)
    editor_state.sync_widget(f"{prefix}_verdict", learning.verdict or "keep", canvas.revision)
    with st.form(prefix, border=False):
        _learning_fields(t, prefix, item)
        _warning(t, prefix)
        st.form_submit_button(t("evidence_trust.learning.save"), type="primary",
                              icon=":material/save:", on_click=_submit_learning_edit,
                              args=(canvas.id, page, section, item.id, learning.id, prefix))


def _submit_plan(canvas_id: str, page: str, section: str, item_id: str, base: str,
                 prefix: str, card_id: str) -> None:
    values = form_values(prefix, TEST_FIELDS)
    if not values.get("belief"):
        _warn(prefix, "evidence_ui.plan.empty")
        return
    if add_test(canvas_id, page, section, item_id, values, card_id=card_id):
        editor_state.next_form_round(base)  # a new, empty form for the next test


def _submit_edit(canvas_id: str, page: str, section: str, item_id: str, test_id: str,
                 prefix: str) -> None:
    t = session.t()
    values = form_values(prefix, (*TEST_FIELDS, "state"))
    if not values.get("belief"):
        _warn(prefix, "evidence_ui.plan.empty")
        return
    canvas = editor_state.seen_canvas(canvas_id)
    test = next(x for x in ev.find_item(canvas, section, item_id).tests if x.id == test_id)
    updated = test.model_copy(update=values)
    _change(canvas_id, page, section, item_id,
            lambda c: ev.update_test(c, section, item_id, updated),
            lambda saved: t("evidence_ui.done.test_saved", text=saved.text))


def parse_people(text) -> int | None:
    """"8" -> 8; "" -> None; anything else raises ValueError (the form says why)."""
    text = str(text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_PEOPLE:
        raise ValueError(text)
    return int(text)


def _learning_values(prefix: str) -> tuple[dict, str | None] | None:
    """The learning form's card fields and verdict; None (and a warning) when they are not
    a card yet. Nothing is cleared on a warning: the learner fixes what they typed."""
    values = form_values(prefix, LEARNING_FIELDS)
    verdict = st.session_state.get(f"{prefix}_verdict") or "keep"
    if not values.get("observed") and not values.get("learned"):
        _warn(prefix, "evidence_ui.learn.empty")
        return None
    try:
        values["people"] = parse_people(values.get("people"))
    except ValueError:
        _warn(prefix, "evidence_trust.learning.people.invalid")
        return None
    return values, None if verdict == "keep" else verdict


def _submit_learning(canvas_id: str, page: str, section: str, item_id: str, base: str,
                     prefix: str, card_id: str) -> None:
    found = _learning_values(prefix)
    if found is None:
        return
    values, verdict = found
    if record(canvas_id, page, section, item_id, values, verdict, card_id=card_id):
        editor_state.next_form_round(base)  # a new, empty form for the next learning


def _submit_learning_edit(canvas_id: str, page: str, section: str, item_id: str,
                          learning_id: str, prefix: str) -> None:
    t = session.t()
    found = _learning_values(prefix)
    if found is None:
        return
    values, verdict = found
    canvas = editor_state.seen_canvas(canvas_id)
    if canvas is None:
        return
    old = next(x for x in ev.find_item(canvas, section, item_id).learnings
               if x.id == learning_id)
    updated = old.model_copy(update={**values, "verdict": verdict})
    updated = LearningCard.model_validate(updated.model_dump())

    def message(saved) -> str:
        if verdict is not None and verdict != old.verdict and hasattr(saved, "status"):
            return t("evidence_ui.done.learning_status", text=saved.text,
                     status=t(f"status.{verdict}"))
        return t("evidence_trust.done.learning_saved", text=saved.text)

    _change(canvas_id, page, section, item_id,
            lambda c: ev.update_learning(c, section, item_id, updated), message)


# -- changes -------------------------------------------------------------------------------
def add_test(canvas_id: str, page: str, section: str, item_id: str, values: dict,
             card_id: str | None = None) -> bool:
    """Plan a test on one item (``values``: TestCard fields, id left out). ``card_id``,
    chosen when the form was drawn, makes a second submit of that form a no-op."""
    t = session.t()
    canvas = editor_state.seen_canvas(canvas_id)
    item = ev.find_item(canvas, section, item_id)
    test = TestCard(id=card_id or ev.new_card_id(item), **values)
    return _change(canvas_id, page, section, item_id,
                   lambda c: ev.add_test(c, section, item_id, test),
                   lambda saved: t("evidence_ui.done.test_planned", text=saved.text))


def record(canvas_id: str, page: str, section: str, item_id: str, values: dict,
           verdict: str | None, card_id: str | None = None) -> bool:
    """Record a learning; with a verdict the item takes it as its status, and the test it
    reports on is done. ``card_id`` as in :func:`add_test`."""
    t = session.t()
    canvas = editor_state.seen_canvas(canvas_id)
    item = ev.find_item(canvas, section, item_id)
    learning = LearningCard(id=card_id or ev.new_card_id(item), verdict=verdict, **values)

    def message(saved) -> str:
        if verdict is not None and getattr(saved, "status", None) in STATUSES:
            return t("evidence_ui.done.learning_status", text=saved.text,
                     status=t(f"status.{verdict}"))
        return t("evidence_ui.done.learning", text=saved.text)

    return _change(canvas_id, page, section, item_id,
                   lambda c: ev.record_learning(c, section, item_id, learning,
                                                set_status=verdict is not None),
                   message)


def _set_state(canvas_id: str, page: str, section: str, item_id: str, test_id: str,
               state_key: str) -> None:
    t = session.t()
    state = st.session_state.get(state_key)
    canvas = editor_state.seen_canvas(canvas_id)
    if canvas is None:
        return
    test = next(x for x in ev.find_item(canvas, section, item_id).tests if x.id == test_id)
    if state not in TEST_STATES:  # the selected state clicked again: nothing to change
        st.session_state[state_key] = test.state
        return
    updated = test.model_copy(update={"state": state})
    _change(canvas_id, page, section, item_id,
            lambda c: ev.update_test(c, section, item_id, updated),
            lambda saved: t("evidence_ui.done.test_state", text=saved.text,
                            state=t(f"evidence_ui.state.{state}")))


def _delete_test(canvas_id: str, page: str, section: str, item_id: str, test_id: str) -> None:
    t = session.t()
    _change(canvas_id, page, section, item_id,
            lambda c: ev.delete_test(c, section, item_id, test_id),
            lambda saved: t("evidence_ui.done.test_deleted", text=saved.text))


def _delete_learning(canvas_id: str, page: str, section: str, item_id: str,
                     learning_id: str) -> None:
    t = session.t()
    _change(canvas_id, page, section, item_id,
            lambda c: ev.delete_learning(c, section, item_id, learning_id),
            lambda saved: t("evidence_ui.done.learning_deleted", text=saved.text))
