"""The customer profile page's parts around the board: segment, persona, ideas, coach.

The board (editor/board_widget.py) is where jobs, pains and gains are written and ranked; this
module keeps what frames it short, so that at 1280x720 the first notes are on the first
screen: the segment and persona fold into one expander, and the coach is a one-line
summary that opens on demand (it opened expanded with three cards above the editor).
"""

from __future__ import annotations

import streamlit as st

from canvas.coaching.coach import coach
from canvas.coaching.guidance import examples, intro, trigger_questions
from canvas.editing import edits as editing
from canvas.editing.board import kind_label
from canvas.fileformat.models import RELATIONS, SECTIONS
from canvas.ui.editor import board_widget, editor_state
from canvas.ui.editor.folds import folded
from canvas.ui.editor.persona_card import persona_card
from canvas.ui.editor.risk_panel import risk_panel
from canvas.ui.evidence import evidence_panel
from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape


# -- segment and persona -----------------------------------------------------------------
def segment_panel(t, canvas_id: str) -> None:
    """Segment and persona in one expander, named after the segment so it says what it holds
    (its relation is inside: the label stays short enough for the row of folded panels)."""
    canvas = editor_state.working_canvas(canvas_id)
    segment = canvas.segment
    persona = segment.persona
    label = t("profile.segment.summary", name=md_escape(segment.name))
    if persona is not None and persona.name:
        label += " · " + t("profile.segment.persona", name=md_escape(persona.name))
    # Its label names the segment and relation, so an edit here changes it: without a key
    # Streamlit would draw a new, folded expander and take the dropdown from under the
    # pointer (the "two clicks" after an edit).
    box, is_open = folded(label, f"segment_{canvas_id}", ":material/badge:")
    if is_open:
        with box:
            _segment_fields(t, canvas_id, canvas)
            persona_panel(t, canvas_id, canvas)


def _segment_fields(t, canvas_id: str, canvas) -> None:
    segment = canvas.segment

    def field_key(name: str) -> str:
        key = f"profile_segment_{name}_{canvas_id}"
        return session.lkey(key) if name == "relation" else key

    def sync(name: str, value) -> None:
        editor_state.sync_widget(field_key(name), value, canvas.revision)

    def on_name() -> None:
        value = st.session_state[field_key("name")].strip()
        if value:
            editor_state.apply(canvas_id, lambda c: editing.update_segment(c, name=value))

    def on_relation() -> None:
        value = st.session_state[field_key("relation")]
        editor_state.apply(canvas_id, lambda c: editing.update_segment(c, relation=value))

    sync("name", segment.name)
    sync("relation", segment.relation)
    left, right = st.columns([3, 2])
    left.text_input(t("segment.name"), key=field_key("name"), max_chars=120,
                    help=t("segment.name.help"), on_change=on_name)
    right.selectbox(t("segment.relation"), RELATIONS, key=field_key("relation"),
                    format_func=lambda r: t(f"relation.{r}"), on_change=on_relation,
                    placeholder=t("polish.choose"),
                    help=t(f"relation.{segment.relation}.help"))


def persona_panel(t, canvas_id: str, canvas) -> None:
    persona_card(t, canvas_id, canvas, folded)


def guidance_text(t, section: str) -> str:
    """A section's intro, trigger questions and examples as one markdown block."""
    lines = [md_escape(intro(section, t)), "", f"**{t('profile.guidance.questions')}**", ""]
    lines += [f"- {md_escape(q)}" for q in trigger_questions(section, t)]
    lines += ["", f"**{t('profile.guidance.examples')}**", ""]
    for kind, example in examples(section, t):
        label = kind_label(t, section, kind) if kind else ""
        lines.append(f"- *{label}*: {md_escape(example)}" if label else f"- {md_escape(example)}")
    return "\n".join(lines)


def guidance_panel(t, sections: tuple[str, ...]) -> None:
    """Trigger questions and examples for the board's sections, folded until asked for."""
    box, is_open = folded(t("profile.guidance"), "ideas_" + "_".join(sections), ":material/help:")
    if not is_open:
        return
    with box:
        tabs = st.tabs([t(f"section.{s}") for s in sections])
        for tab, section in zip(tabs, sections, strict=True):
            tab.markdown(guidance_text(t, section))


# -- the coach -----------------------------------------------------------------------------
def _nudges(t, canvas_id: str, canvas) -> list:
    """The coach's advice, worked out once per revision, language and dismissal."""
    dismissed = frozenset(session.store().dismissed_nudges(canvas_id))
    key = (canvas_id, canvas.revision, t.language, dismissed)
    memo = session.cache("nudges")
    if memo.get("key") != key:
        memo.update(key=key, nudges=coach(canvas, t, dismissed))
    return memo["nudges"]


def _dismiss(canvas_id: str, nudge_id: str) -> None:
    store = session.store()
    store.set_dismissed_nudges(canvas_id, store.dismissed_nudges(canvas_id) | {nudge_id})


def coach_summary(t, canvas_id: str, canvas, sections: tuple[str | None, ...]) -> None:
    """The coach as one closed line ("Coach: 4 tips · 1 to look at"); tips open on demand.

    Each tip is one markdown block and one button, grouped under its section.
    """
    nudges = [n for n in _nudges(t, canvas_id, canvas) if n.section in sections]
    if not nudges:
        return
    warnings = sum(n.level == "warning" for n in nudges)
    label = t.plural("profile.coach", len(nudges))
    if warnings:
        label += " · " + t.plural("profile.coach.warnings", warnings)
    box, is_open = folded(label, "coach", ":material/school:")
    if not is_open:
        return
    with box:
        for section in sections:
            group = [n for n in nudges if n.section == section]
            if not group:
                continue
            st.markdown(f"**{t(f'section.{section}') if section else t('profile.coach.canvas')}**")
            for nudge in group:
                _nudge_card(t, canvas_id, nudge)


def _nudge_card(t, canvas_id: str, nudge) -> None:
    icon = {"warning": ":material/priority_high:", "success": ":material/celebration:"}.get(
        nudge.level, ":material/tips_and_updates:")
    st.markdown(f"{icon} {md_escape(nudge.message)}  \n:small[{md_escape(nudge.why)}]")
    st.button(t("editor.nudge.dismiss"), key=f"dismiss_{nudge.id}", type="tertiary",
              icon=":material/close:", on_click=_dismiss, args=(canvas_id, nudge.id))


# -- the page's working area ------------------------------------------------------------------
def profile_board(canvas_id: str) -> None:
    board_widget.working_area(canvas_id, "profile", (
        lambda t, canvas: segment_panel(t, canvas.id),
        lambda t, canvas: guidance_panel(t, SECTIONS),
        lambda t, canvas: coach_summary(t, canvas.id, canvas, (*SECTIONS, None)),
        lambda t, canvas: risk_panel(t, canvas, "profile", folded)),
        below=lambda t, canvas: evidence_panel.panel(t, canvas, "profile", folded),
        widths=(2, 1, 1.4, 1.2))  # the segment's name is the longest label
