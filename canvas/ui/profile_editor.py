"""The customer profile editor: segment, persona, and a ranked section per jobs/pains/gains.

Each section is an ``st.fragment``: adding, editing or ranking an item reruns that section
only, which keeps a 150-item canvas responsive. Items are shown as plain-text rows in rank
order; one row at a time opens in place into editable fields that save on every change.
"""

from __future__ import annotations

import streamlit as st

from canvas import editing
from canvas.coach import coach
from canvas.guidance import examples, intro, trigger_questions
from canvas.models import (
    GAIN_KINDS,
    JOB_KINDS,
    MAX_ITEM_TEXT,
    PAIN_KINDS,
    RELATIONS,
    SCORE_FIELD,
    STATUSES,
)
from canvas.ranking import equal_score_neighbours, ranked
from canvas.ui import editor_state, session
from canvas.ui.item_list import item_list
from canvas.ui.text import md_escape

KINDS = {"jobs": JOB_KINDS, "pains": PAIN_KINDS, "gains": GAIN_KINDS}
KIND_PREFIX = {"jobs": "job", "pains": "pain", "gains": "gain"}
STATUS_ICON = {"assumption": "❔", "validated": "✅", "invalidated": "❌"}
SCORES = (1, 2, 3, 4, 5)
FREQUENCIES = (None, 1, 2, 3, 4, 5)


def kind_label(t, section: str, kind: str) -> str:
    return t(f"kind.{KIND_PREFIX[section]}.{kind}")


def _frequency_label(t, value) -> str:
    return t("profile.frequency.none") if value is None else t(f"frequency.level.{value}")


# -- segment and persona -----------------------------------------------------------------
def segment_panel(t, canvas_id: str) -> None:
    canvas = editor_state.working_canvas(canvas_id)
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
                    help=t(f"relation.{segment.relation}.help"))
    persona_panel(t, canvas_id, canvas)


#: Fields edited with a selectbox of translated options (see session.lkey).
CHOICE_FIELDS = ("kind", "importance", "severity", "relevance", "frequency", "status")
PERSONA_TEXT = ("name", "location", "occupation", "income", "household")


def persona_panel(t, canvas_id: str, canvas) -> None:
    persona = canvas.segment.persona
    filled = persona is not None and not persona.is_empty()
    label = t("persona.title") + (f" · {md_escape(persona.name)}" if filled and persona.name
                                  else "")
    with st.expander(label, icon=":material/badge:", expanded=False):
        st.caption(t("profile.persona.intro"))

        def key(name: str) -> str:
            return f"profile_persona_{name}_{canvas_id}"

        values = {
            **{name: getattr(persona, name) if persona else "" for name in PERSONA_TEXT},
            "age": persona.age if persona else None,
            "values": ", ".join(persona.values) if persona else "",
            "notes": persona.notes if persona else "",
        }
        for name, value in values.items():
            editor_state.sync_widget(key(name), value, canvas.revision)

        def save(name: str) -> None:
            raw = st.session_state[key(name)]
            if name == "values":
                value = [v.strip()[:60] for v in (raw or "").split(",") if v.strip()][:20]
            elif name == "age":
                value = None if raw is None else int(raw)
            else:
                value = (raw or "")
            editor_state.apply(canvas_id, lambda c: editing.update_persona(c, **{name: value}))

        cols = st.columns(3)
        for index, name in enumerate(PERSONA_TEXT):
            cols[index % 3].text_input(t(f"persona.{name}"), key=key(name), max_chars=120,
                                       on_change=save, args=(name,))
        cols[2].number_input(t("persona.age"), min_value=0, max_value=130, step=1,
                             key=key("age"), on_change=save, args=("age",))
        st.text_input(t("persona.values"), key=key("values"), help=t("persona.values.help"),
                      on_change=save, args=("values",))
        st.text_area(t("persona.notes"), key=key("notes"), max_chars=2000, height=90,
                     on_change=save, args=("notes",))


# -- one section -------------------------------------------------------------------------
def _add_form(t, canvas_id: str, section: str) -> None:
    score_field = SCORE_FIELD[section]
    with st.form(f"add_{section}", clear_on_submit=True, border=True):
        st.markdown(f"**{t('profile.add', item=t(f'section.{section}.item'))}**")
        st.text_input(t("profile.add.text"), max_chars=MAX_ITEM_TEXT, key=f"add_{section}_text",
                             placeholder=t(f"profile.add.placeholder.{section}"))
        cols = st.columns(4 if section != "gains" else 3)
        lkey = session.lkey
        cols[0].selectbox(t("profile.kind"), KINDS[section], key=lkey(f"add_{section}_kind"),
                          format_func=lambda k: kind_label(t, section, k))
        cols[1].selectbox(t(f"score.{score_field}"), SCORES, index=2,
                          key=lkey(f"add_{section}_score"),
                          format_func=lambda v: t(f"score.level.{v}"))
        if section != "gains":
            cols[2].selectbox(t("score.frequency"), FREQUENCIES,
                              key=lkey(f"add_{section}_frequency"),
                              format_func=lambda v: _frequency_label(t, v))
        cols[-1].selectbox(t("profile.status"), STATUSES, key=lkey(f"add_{section}_status"),
                           format_func=lambda s: t(f"status.{s}"))
        st.form_submit_button(t("profile.add.submit"), type="primary", icon=":material/add:",
                              on_click=_submit_add, args=(canvas_id, section))


def _submit_add(canvas_id: str, section: str) -> None:
    """A callback, so it runs against the revision the user was looking at."""
    state = st.session_state
    text = (state.get(f"add_{section}_text") or "").strip()
    if not text:
        editor_state.report_error(canvas_id, session.t()("profile.add.empty"))
        return
    score_field = SCORE_FIELD[section]
    lkey = session.lkey
    fields = {"kind": state[lkey(f"add_{section}_kind")],
              score_field: state[lkey(f"add_{section}_score")],
              "status": state[lkey(f"add_{section}_status")]}
    if section != "gains":
        fields["frequency"] = state[lkey(f"add_{section}_frequency")]
    editor_state.apply(canvas_id, lambda c: editing.add_item(c, section, text, **fields)[0])


def _undo_banner(t, canvas_id: str, section: str) -> None:
    deleted = editor_state.pending_undo(canvas_id, section)
    if deleted is None:
        return
    left, right, close = st.columns([5, 1, 1], vertical_alignment="center")
    message = t("profile.deleted", text=md_escape(deleted.item.text))
    if deleted.cut_links:
        message += " " + t.plural("profile.deleted.links", len(deleted.cut_links))
    left.info(message, icon=":material/delete:")
    right.button(t("profile.undo"), key=f"undo_{section}", icon=":material/undo:",
                 on_click=editor_state.undo, args=(canvas_id, section, deleted))
    close.button(t("profile.undo.dismiss"), key=f"undo_close_{section}",
                 on_click=editor_state.forget_undo, args=(canvas_id, section))


def _row_summary(t, section: str, item) -> str:
    score_field = SCORE_FIELD[section]
    parts = [kind_label(t, section, item.kind),
             f"{t(f'score.{score_field}')} {getattr(item, score_field)}/5"]
    if getattr(item, "frequency", None) is not None:
        parts.append(f"{t('score.frequency')} {item.frequency}/5")
    parts.append(f"{STATUS_ICON[item.status]} {t(f'status.{item.status}')}")
    return " · ".join(parts)


def _edit_row(t, canvas_id: str, section: str, item, canvas) -> None:
    score_field = SCORE_FIELD[section]
    prefix = f"editor_{section}_{item.id}"
    fields = {"text": item.text, "kind": item.kind, score_field: getattr(item, score_field),
              "status": item.status, "notes": item.notes}
    if section != "gains":
        fields["frequency"] = item.frequency
    keys = {name: session.lkey(f"{prefix}_{name}") if name in CHOICE_FIELDS
            else f"{prefix}_{name}" for name in fields}
    for name, value in fields.items():
        editor_state.sync_widget(keys[name], value, canvas.revision)

    def save(name: str) -> None:
        value = st.session_state[keys[name]]
        if name == "text":
            value = value.strip()
            if not value:
                editor_state.report_error(canvas_id, t("profile.add.empty"))
                return
        editor_state.apply(canvas_id, lambda c: editing.update_item(c, section, item.id,
                                                                    **{name: value}))

    st.text_input(t("profile.add.text"), key=f"{prefix}_text", max_chars=MAX_ITEM_TEXT,
                  on_change=save, args=("text",))
    cols = st.columns(4 if section != "gains" else 3)
    cols[0].selectbox(t("profile.kind"), KINDS[section], key=keys["kind"],
                      format_func=lambda k: kind_label(t, section, k), on_change=save,
                      args=("kind",))
    cols[1].selectbox(t(f"score.{score_field}"), SCORES, key=keys[score_field],
                      format_func=lambda v: t(f"score.level.{v}"), on_change=save,
                      args=(score_field,))
    if section != "gains":
        cols[2].selectbox(t("score.frequency"), FREQUENCIES, key=keys["frequency"],
                          format_func=lambda v: _frequency_label(t, v), on_change=save,
                          args=("frequency",))
    cols[-1].selectbox(t("profile.status"), STATUSES, key=keys["status"],
                       format_func=lambda s: t(f"status.{s}"), on_change=save,
                       args=("status",))
    st.text_area(t("profile.notes"), key=f"{prefix}_notes", max_chars=2000, height=68,
                 on_change=save, args=("notes",))
    above, below = equal_score_neighbours(canvas.section(section), item.id)
    buttons = st.columns([1, 1, 1, 2])
    buttons[0].button(t("profile.move_up"), key=f"{prefix}_up", icon=":material/arrow_upward:",
                      disabled=above is None, help=t("profile.move.help"),
                      on_click=editor_state.move, args=(canvas_id, section, item.id, -1))
    buttons[1].button(t("profile.move_down"), key=f"{prefix}_down",
                      icon=":material/arrow_downward:", disabled=below is None,
                      help=t("profile.move.help"),
                      on_click=editor_state.move, args=(canvas_id, section, item.id, 1))
    buttons[2].button(t("profile.delete"), key=f"{prefix}_delete", icon=":material/delete:",
                      on_click=editor_state.delete, args=(canvas_id, section, item.id))
    buttons[3].button(t("profile.done"), key=f"{prefix}_done", type="primary",
                      icon=":material/check:",
                      on_click=editor_state.set_editing, args=(canvas_id, section, None))


def _item_rows(t, canvas_id: str, section: str, canvas) -> None:
    item_list(t, canvas_id, section, canvas.revision, ranked(canvas.section(section)),
              header=t.plural(f"profile.list.{section}", len(canvas.section(section))),
              summary=lambda item: _row_summary(t, section, item),
              edit_panel=lambda _, item: _edit_row(t, canvas_id, section, item, canvas))


def guidance_panel(t, section: str) -> None:
    """One markdown block inside the expander: it is re-sent with every run of the section."""
    lines = [md_escape(intro(section, t)), "", f"**{t('profile.guidance.questions')}**", ""]
    lines += [f"- {md_escape(q)}" for q in trigger_questions(section, t)]
    lines += ["", f"**{t('profile.guidance.examples')}**", ""]
    for kind, example in examples(section, t):
        label = kind_label(t, section, kind) if kind else ""
        lines.append(f"- *{label}*: {md_escape(example)}" if label else f"- {md_escape(example)}")
    with st.expander(t("profile.guidance"), icon=":material/help:"):
        st.markdown("\n".join(lines))


def nudge_card(t, canvas_id: str, nudge) -> None:
    icon = {"warning": ":material/priority_high:", "success": ":material/celebration:"}.get(
        nudge.level, ":material/tips_and_updates:")
    with st.container(border=True, key=f"nudge_{nudge.id.replace(':', '_')}"):
        st.markdown(f"{icon} {md_escape(nudge.message)}  \n:small[{md_escape(nudge.why)}]")
        st.button(t("editor.nudge.dismiss"), key=f"dismiss_{nudge.id}", type="tertiary",
                  icon=":material/close:", on_click=_dismiss, args=(canvas_id, nudge.id))


def _dismiss(canvas_id: str, nudge_id: str) -> None:
    store = session.store()
    store.set_dismissed_nudges(canvas_id, store.dismissed_nudges(canvas_id) | {nudge_id})


def _nudges(t, canvas_id: str, canvas) -> list:
    """The coach's advice, worked out once per revision, language and dismissal.

    A page run asks for it four times (three sections and the canvas-wide panel), and a
    section's rerun after a click that changed nothing asks again.
    """
    dismissed = frozenset(session.store().dismissed_nudges(canvas_id))
    key = (canvas_id, canvas.revision, t.language, dismissed)
    cached = st.session_state.get("vpc_nudges")
    if cached is None or cached[0] != key:
        cached = (key, coach(canvas, t, dismissed))
        st.session_state["vpc_nudges"] = cached
    return cached[1]


def section_nudges(t, canvas_id: str, canvas, section: str | None) -> None:
    for nudge in _nudges(t, canvas_id, canvas):
        if nudge.section == section:
            nudge_card(t, canvas_id, nudge)


def coach_panel(t, canvas_id: str, canvas) -> None:
    """Tips about the whole canvas (validation, fit gaps, praise), folded into one place."""
    nudges = [n for n in _nudges(t, canvas_id, canvas) if n.section in (None, "value_map")]
    if not nudges:
        return
    warnings = sum(n.level == "warning" for n in nudges)
    with st.expander(t.plural("profile.coach", len(nudges)), icon=":material/school:",
                     expanded=warnings > 0):
        for nudge in nudges:
            nudge_card(t, canvas_id, nudge)


@st.fragment
def section_editor(canvas_id: str, section: str) -> None:
    t = session.t()
    canvas = editor_state.working_canvas(canvas_id)
    if canvas is None or editor_state.has_conflict(canvas_id):
        st.rerun(scope="app")
    st.caption(t(f"section.{section}.help"))
    guidance_panel(t, section)
    _add_form(t, canvas_id, section)
    editor_state.show_messages(canvas_id)
    _undo_banner(t, canvas_id, section)
    section_nudges(t, canvas_id, canvas, section)
    if not canvas.section(section):
        st.info(t(f"profile.empty.{section}"), icon=":material/edit_note:")
        return
    _item_rows(t, canvas_id, section, canvas)
