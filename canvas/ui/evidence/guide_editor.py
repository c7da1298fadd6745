"""The interview guide page: pick a group, edit the questions, print, type notes back in.

The guide (canvas.evidence.interview_guide) is written from the canvas's top jobs, pains and gains;
the learner adapts its words to the person they will meet, downloads the PDF in the
canvas's language and, back from the interview, types what they heard under each
question: one click keeps it as a learning card on that question's item, so the notes
end up where the evidence panel and the assumptions map can use them.

The edited texts live in the session, one set per canvas and group, seeded from the
suggested guide the first time; "Start again" brings the suggestion back.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from canvas.editing.board import kind_label
from canvas.evidence.interview_guide import GROUPS, Guide, Question, default_guide, listen_note
from canvas.export.interview_guide import guide_file_name, guide_pdf
from canvas.fileformat.models import EVIDENCE_STRENGTHS, MAX_MEDIUM, MAX_SHORT, SECTIONS
from canvas.i18n import LANGUAGE_LABELS, Translator, native_digits
from canvas.ranking.rules import ranked
from canvas.ui.editor import editor_state
from canvas.ui.evidence import evidence_panel
from canvas.ui.shell import date_field, session
from canvas.ui.shell.text import md_escape, shorten

#: Longest opening or closing the editor accepts (a few short paragraphs).
MAX_BLOCK = 2000


def _prefix(canvas_id: str, group: str) -> str:
    return f"guide_{canvas_id}_{group}"


def suggested(canvas, group: str) -> Guide:
    """The suggested guide, always in the canvas's language (the printed one's)."""
    return default_guide(canvas, Translator(canvas.language), group)


#: Field key -> text the learner typed. Streamlit forgets a widget's value when a run does
#: not draw it (another group chosen, another page visited), so every edit is kept here
#: too and put back when the field is drawn again.
_TEXTS = "vpc_guide_texts"


def _texts() -> dict:
    return st.session_state.setdefault(_TEXTS, {})


def _keep(key: str) -> None:
    _texts()[key] = st.session_state.get(key, "")


def _seed(canvas, group: str, guide: Guide) -> None:
    """Fill the editor's fields: what the learner typed, else the suggestion."""
    prefix = _prefix(canvas.id, group)
    seeds = {f"{prefix}_opening": guide.opening, f"{prefix}_closing": guide.closing}
    for question in guide.questions:
        key = f"{prefix}_q_{question.section}_{question.item_id}"
        seeds[key] = question.text
        seeds[f"{key}_notes"] = ""
    for key, value in seeds.items():
        if key not in st.session_state:
            st.session_state[key] = _texts().get(key, value)


def _start_again(canvas_id: str, group: str) -> None:
    prefix = _prefix(canvas_id, group) + "_"
    for store in (st.session_state, _texts()):
        for key in [k for k in store if isinstance(k, str) and k.startswith(prefix)
                    and not k.endswith("_notes")]:
            del store[key]


def edited(canvas, group: str) -> Guide:
    """The guide as the learner edited it; a question emptied by them is left out."""
    guide = suggested(canvas, group)
    prefix = _prefix(canvas.id, group)

    def text(key: str, suggestion: str) -> str:
        return str(st.session_state.get(key, _texts().get(key, suggestion)))

    questions = []
    for question in guide.questions:
        wording = text(f"{prefix}_q_{question.section}_{question.item_id}",
                       question.text).strip()
        if wording:
            questions.append(Question(question.section, question.item_id, wording,
                                      question.listen_for))
    return Guide(group=group, opening=text(f"{prefix}_opening", guide.opening),
                 questions=questions, closing=text(f"{prefix}_closing", guide.closing))


def _learning_values(key: str, group: str) -> dict:
    """The learning card's fields from the notes under one question: what was heard,
    how strong it is (a note "she paid twice" is what people pay, not what they say),
    whom it was heard from, when, and the group that person belongs to."""
    state = st.session_state
    strength = state.get(session.lkey(f"{key}_strength"))
    heard_group = state.get(session.lkey(f"{key}_group"))
    heard_on = state.get(f"{key}_when")
    return {"observed": str(state.get(key) or "").strip()[:MAX_MEDIUM],
            "strength": strength if strength in EVIDENCE_STRENGTHS else "say",
            "interviewee": str(state.get(f"{key}_whom") or "").strip()[:MAX_SHORT],
            "heard_on": heard_on if isinstance(heard_on, date) else None,
            "group": heard_group if heard_group in GROUPS else group}


def _attach(canvas_id: str, group: str, section: str, item_id: str, key: str) -> None:
    """Interview notes under a question become a learning card on its item."""
    t = session.t()
    values = _learning_values(key, group)
    if not values["observed"]:
        st.session_state.setdefault("vpc_guide_message", {})[key] = (
            "warning", t("evidence_ui.guide.notes_empty"))
        return
    page = "profile"
    if evidence_panel.record(canvas_id, page, section, item_id, values, None):
        st.session_state[key] = ""
        _texts().pop(key, None)
        st.session_state.setdefault("vpc_guide_message", {})[key] = (
            "success", t("evidence_ui.guide.attached"))


def guide_page(t, canvas) -> None:
    group = st.segmented_control(
        t("evidence_ui.guide.group"), GROUPS, key=session.lkey(f"guide_group_{canvas.id}"),
        default=GROUPS[1], format_func=lambda g: t(f"evidence.guide.group.{g}"),
        help=t("evidence_ui.guide.group.help")) or GROUPS[1]
    guide = suggested(canvas, group)
    if not guide.questions:
        decided = any(canvas.section(section) for section in SECTIONS)
        st.info(t("export_trust.guide.nothing_to_test" if decided else "evidence_ui.guide.empty"),
                icon=":material/info:")
        return
    _seed(canvas, group, guide)
    prefix = _prefix(canvas.id, group)
    items = {(s, i.id): (rank, i) for s in ("jobs", "pains", "gains")
             for rank, i in enumerate(_ranked(canvas, s), start=1)}
    st.text_area(t("evidence.guide.opening_title"), key=f"{prefix}_opening",
                 max_chars=MAX_BLOCK, height=110, on_change=_keep, args=(f"{prefix}_opening",))
    st.markdown(f"**{t('evidence.guide.questions_title')}**")
    st.caption(t("evidence_ui.guide.questions.help"))
    messages = st.session_state.setdefault("vpc_guide_message", {})
    for number, question in enumerate(guide.questions, start=1):
        rank, item = items[(question.section, question.item_id)]
        key = f"{prefix}_q_{question.section}_{question.item_id}"
        with st.container(border=True, key=f"{key}_box"):
            st.caption(f"{native_digits(str(number), t.language)} · "
                       f"{md_escape(t(f'section.{question.section}.item'))} "
                       f"#{native_digits(str(rank), t.language)} · "
                       f"{md_escape(kind_label(t, question.section, item.kind))}")
            st.text_area(t("evidence_ui.guide.question", n=number), key=key,
                         max_chars=MAX_MEDIUM, height=68, on_change=_keep, args=(key,))
            note = listen_note(t, question)
            if note:  # the learner's words: theirs to listen for, never read aloud
                st.caption(md_escape(shorten(note, 240)))
            notes_key = f"{key}_notes"
            st.text_area(t("evidence_ui.guide.notes"), key=notes_key, max_chars=MAX_MEDIUM,
                         height=68, placeholder=t("evidence_ui.guide.notes.example"),
                         on_change=_keep, args=(notes_key,))
            _heard(t, notes_key, group)
            st.button(t("evidence_ui.guide.attach",
                        item=t(f"section.{question.section}.item")),
                      key=f"{key}_attach", icon=":material/lightbulb:",
                      on_click=_attach, args=(canvas.id, group, question.section,
                                              question.item_id, notes_key),
                      help=t("evidence_ui.guide.attach.help"))
            shown = messages.pop(notes_key, None)
            if shown:
                getattr(st, shown[0])(shown[1])
    st.text_area(t("evidence.guide.closing_title"), key=f"{prefix}_closing",
                 max_chars=MAX_BLOCK, height=90, on_change=_keep, args=(f"{prefix}_closing",))
    date_field.name_buttons(t, "guide")
    _downloads(t, canvas, group)


def _heard(t, key: str, group: str) -> None:
    """Under the notes: how strong they are, and whom, when and which group they are from.
    The two choices have translated labels, so their keys carry the language
    (:func:`session.lkey`)."""
    st.segmented_control(t("evidence.learning.strength"), EVIDENCE_STRENGTHS,
                         key=session.lkey(f"{key}_strength"), default="say",
                         format_func=lambda s: t(f"evidence.strength.{s}"),
                         help=t("export_trust.guide.strength.help"))
    whom, when, heard_group = st.columns([3, 2, 3], vertical_alignment="bottom")
    whom.text_input(t("export_trust.guide.whom"), key=f"{key}_whom", max_chars=MAX_SHORT,
                    placeholder=t("export_trust.guide.whom.placeholder"))
    date_field.date_input(when, t, t("export_trust.guide.when"), key=f"{key}_when",
                          value="today", max_value="today")
    heard_group.selectbox(t("export_trust.guide.heard_group"), GROUPS,
                          key=session.lkey(f"{key}_group"), index=GROUPS.index(group),
                          placeholder=t("polish.choose"),
                          format_func=lambda g: t(f"evidence.guide.group.{g}"))


def _ranked(canvas, section: str) -> list:
    return [item for _rank, item in ranked(canvas.section(section))]


def _downloads(t, canvas, group: str) -> None:
    guide = edited(canvas, group)
    language = Translator(canvas.language)
    row = st.container(horizontal=True, vertical_alignment="center")
    row.download_button(
        t("evidence_ui.guide.download"), data=lambda: guide_pdf(guide, canvas, language),
        file_name=guide_file_name(canvas, group, language),
        mime="application/pdf", key=f"guide_pdf_{canvas.id}_{group}", type="primary",
        icon=":material/download:", on_click="ignore")
    row.button(t("evidence_ui.guide.reset"), key=f"guide_reset_{canvas.id}_{group}",
               icon=":material/restart_alt:", type="tertiary", on_click=_start_again,
               args=(canvas.id, group))
    st.caption(t("evidence_ui.guide.language", language=LANGUAGE_LABELS[canvas.language]))


def page(t) -> None:
    """The whole page: the open canvas's guide, or the usual hint to open one."""
    canvas = editor_state.open_canvas_or_stop("evidence_ui.nav.guide")
    st.title(md_escape(canvas.title))
    st.caption(t("evidence_ui.guide.intro"))
    guide_page(t, canvas)
