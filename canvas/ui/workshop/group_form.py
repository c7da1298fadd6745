"""The facilitator's form for a whole group: names in, accounts and login cards out.

One-time passwords exist only in this session's memory and on the printed cards: the
store keeps their hashes only, and the learners replace them at their first login.
"""

from __future__ import annotations

import streamlit as st

from canvas.export.login_cards import Card, login_cards_pdf
from canvas.i18n import LANGUAGE_LABELS
from canvas.room.group_accounts import MAX_GROUP, Created, create_group, parse_names
from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape
from canvas.ui.workshop.join_screen import link_for

_RESULT = "vpc_group_result"   # (workshop code, [Created]) of the last group made here


def group_accounts_form(t, workshop) -> None:
    with st.expander(t("room.group.title"), icon=":material/group_add:"):
        st.caption(t("room.group.intro", n=MAX_GROUP))
        with st.form(f"group_form_{workshop.code}", clear_on_submit=True):
            # A caption, not a tooltip: Streamlit names a tooltip's button "Help for …" in
            # English, and the language rule is what the facilitator must read first.
            st.caption(t("room.group.language_help"))
            text = st.text_area(t("room.group.names"), key=f"group_names_{workshop.code}",
                                height=180, placeholder=t("room.group.placeholder"))
            submitted = st.form_submit_button(t("room.group.submit"), type="primary",
                                              icon=":material/group_add:")
        if submitted:
            _create(t, workshop, text)
        result = st.session_state.get(_RESULT)
        if result and result[0] == workshop.code:
            _show(t, workshop, result[1])


def _create(t, workshop, text: str) -> None:
    learners = parse_names(text)
    if not learners:
        st.error(t("room.group.empty"))
        return
    if len(learners) > MAX_GROUP:
        st.error(t("room.group.too_many", n=MAX_GROUP, given=len(learners)))
        return
    backend = session.backend()
    bar = st.progress(0.0, text=t("room.group.progress", done=0, total=len(learners)))

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("room.group.progress", done=done, total=total))

    created = create_group(backend.accounts(), backend.workshops(), workshop.code, learners,
                           progress=progress, language=t.language)
    bar.empty()
    st.session_state[_RESULT] = (workshop.code, created)


def _show(t, workshop, created: list[Created]) -> None:
    made = [c for c in created if c.ok]
    failed = [c for c in created if not c.ok]
    if made:
        st.success(t.plural("room.group.done", len(made)))
        st.dataframe(
            [{t("room.group.col.name"): c.name, t("room.group.col.username"): c.username,
              t("room.group.col.password"): c.password,
              t("room.group.col.language"): LANGUAGE_LABELS.get(c.language, c.language)}
             for c in made],
            hide_index=True, width="stretch")
        st.download_button(
            t("room.group.cards"), icon=":material/print:", on_click="ignore",
            data=login_cards_pdf([Card(c.name, c.username, c.password, c.language)
                                  for c in made],
                                 link_for(workshop.code), workshop.name, t),
            file_name=f"login-cards-{workshop.code}.pdf", mime="application/pdf",
            key=f"group_cards_{workshop.code}")
        st.caption(t("room.group.once"))
    for item in failed:
        st.error(t("room.group.failed", name=md_escape(item.name), reason=item.error.message(t)))
