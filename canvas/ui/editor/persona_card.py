"""The persona card: every field of the method's profile, in four foldable groups.

The card has some twenty fields (facts, psychographics, behaviour, where the profile comes
from). Shown open they would push the board off the screen, so each group is a folded
expander (``folded`` keeps it open across edits) whose label says how much of it is
filled; only the facts everyone starts with (name, age, ...) are open at first. Every
edit saves at once through the revision-checked editor_state path, like the board.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from canvas.editing import edits as editing
from canvas.evidence.persona import field_label, group_label, source_label
from canvas.fileformat.models import MAX_MEDIUM, PERSONA_GROUPS, PROFILE_SOURCES, Persona
from canvas.formatting import format_list
from canvas.ui.editor import editor_state
from canvas.ui.shell import date_field

#: Lists typed as comma-separated text (a value, a brand, a search phrase each).
LIST_FIELDS = ("values", "favourite_brands", "search_words")
#: Answers of a sentence or two: a small text area.
LONG_FIELDS = ("motivations", "dreams", "lifestyle", "personality", "where_they_look",
               "channels", "how_they_buy", "where_they_buy", "how_often_they_buy")
#: Groups open the first time the card is shown; the others wait for a click.
OPEN_AT_FIRST = ("demographics",)
def widget_key(name: str, canvas_id: str) -> str:
    return f"profile_persona_{name}_{canvas_id}"


def split_list(raw: str | None) -> list[str]:
    """"a, b ,, c" -> ["a", "b", "c"]: at most 20 entries of 60 characters, as the model
    allows, so a long paste is shortened rather than refused. The Arabic comma (what an
    Arabic or Persian keyboard types for ",") separates too: "الف، ب" is two entries."""
    parts = (raw or "").replace("\u060c", ",").split(",")
    return [part.strip()[:60] for part in parts if part.strip()][:20]


def widget_value(persona: Persona | None, name: str, language: str = "en"):
    """What a field's widget shows for the stored persona (a list joined the way the
    reader's language writes one, "، " in Arabic and Persian)."""
    value = getattr(persona or Persona(), name)
    if name in LIST_FIELDS:
        return format_list(value, language)
    if name == "sources":
        return list(value)
    return value


def stored_value(name: str, raw):
    """What a widget's content saves as (the inverse of :func:`widget_value`)."""
    if name in LIST_FIELDS:
        return split_list(raw)
    if name == "age":
        return None if raw is None else int(raw)
    if name == "sources":
        return [s for s in PROFILE_SOURCES if s in (raw or [])]
    if name == "last_reviewed":
        return raw if isinstance(raw, date) else None
    return (raw or "").strip() if name != "notes" else (raw or "")


def filled(persona: Persona | None, group: str) -> int:
    blank = Persona()
    return sum(getattr(persona or blank, name) != getattr(blank, name)
               for name in PERSONA_GROUPS[group])


def persona_card(t, canvas_id: str, canvas, folded) -> None:
    """The card inside the segment's expander; ``folded`` is editor/folds.py's helper."""
    persona = canvas.segment.persona
    st.markdown(f"**{t('persona.title')}**")
    st.caption(t("profile.persona.intro"))
    for names in PERSONA_GROUPS.values():
        for name in names:
            editor_state.sync_widget(widget_key(name, canvas_id),
                                     widget_value(persona, name, t.language), canvas.revision)
    for group, names in PERSONA_GROUPS.items():
        title = group_label(t, group)
        count = t("evidence_ui.persona.filled", filled=filled(persona, group),
                  total=len(names))
        box, is_open = folded(f"{title} · {count}", f"persona_{group}_{canvas_id}",
                              GROUP_ICONS[group], default=group in OPEN_AT_FIRST)
        if is_open:
            with box:
                st.caption(t(f"evidence_ui.persona.group.{group}.help"))
                _group_fields(t, canvas_id, group, names)


GROUP_ICONS = {"demographics": ":material/id_card:", "psychographics": ":material/psychology:",
               "behaviour": ":material/travel_explore:", "sources": ":material/source:"}


def _save(canvas_id: str, name: str) -> None:
    value = stored_value(name, st.session_state[widget_key(name, canvas_id)])
    editor_state.apply(canvas_id, lambda c: editing.update_persona(c, **{name: value}))


def _group_fields(t, canvas_id: str, group: str, names: tuple[str, ...]) -> None:
    if group == "sources":
        _sources(t, canvas_id)
        return
    short = [n for n in names if n not in LONG_FIELDS]
    long = [n for n in names if n in LONG_FIELDS]
    per_row = 3 if group == "demographics" else 2
    for row in (long, short) if group != "demographics" else (short,):
        cols = st.columns(per_row)
        for index, name in enumerate(row):
            with cols[index % per_row]:
                _field(t, canvas_id, name)


def _field(t, canvas_id: str, name: str) -> None:
    key = widget_key(name, canvas_id)
    common = {"key": key, "on_change": _save, "args": (canvas_id, name)}
    placeholder = t(f"evidence_ui.persona.{name}.example")
    if name == "age":
        st.number_input(field_label(t, name), min_value=0, max_value=130, step=1,
                        placeholder=placeholder, **common)
    elif name in LONG_FIELDS:
        st.text_area(field_label(t, name), max_chars=MAX_MEDIUM, height=68,
                     placeholder=placeholder, **common)
    elif name in LIST_FIELDS:
        st.text_input(field_label(t, name), placeholder=placeholder,
                      help=t("persona.values.help" if name == "values"
                             else "evidence_ui.persona.list.help"), **common)
    else:
        st.text_input(field_label(t, name), max_chars=120, placeholder=placeholder, **common)


def _sources(t, canvas_id: str) -> None:
    st.pills(field_label(t, "sources"), PROFILE_SOURCES, selection_mode="multi",
             format_func=lambda s: source_label(t, s),
             key=widget_key("sources", canvas_id), on_change=_save,
             args=(canvas_id, "sources"), help=t("evidence_ui.persona.sources.help"))
    left, _ = st.columns([1, 2])
    date_field.date_input(left, t, field_label(t, "last_reviewed"), value=None,
                          min_value=date(2000, 1, 1), max_value=date(2100, 12, 31),
                          key=widget_key("last_reviewed", canvas_id), on_change=_save,
                          args=(canvas_id, "last_reviewed"),
                          help=t("evidence_ui.persona.last_reviewed.help"))
    date_field.name_buttons(t, "persona")
    st.text_area(t("persona.notes"), key=widget_key("notes", canvas_id), max_chars=2000,
                 height=90, placeholder=t("evidence_ui.persona.notes.example"),
                 on_change=_save, args=(canvas_id, "notes"))
