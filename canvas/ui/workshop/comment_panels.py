"""Comments between a facilitator and a learner, on the items of a shared canvas.

The facilitator picks "Comment" on a gallery card, chooses the item and writes; the
learner finds the comment beside their board (a badge on the note, and the list "Comments
from your facilitator" with the item, the comment, who and when) and marks it resolved,
which the facilitator sees. Everything here asks the store, which decides who may write
and read (:class:`canvas.store.base.CommentBackend`); all text is shown as plain text.
"""

from __future__ import annotations

import streamlit as st

from canvas.fileformat.models import SECTIONS, VALUE_MAP_SECTIONS
from canvas.formatting import format_ago
from canvas.i18n import native_digits
from canvas.ranking.rules import rank_map
from canvas.store import StoreError
from canvas.store.rules.comments import MAX_COMMENT, find_item, open_counts
from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape, shorten

TARGET = session.COMMENT_TARGET_KEY


def _display_name(username: str) -> str:
    entry = session.accounts().user(username) or {}
    name = " ".join(x for x in (entry.get("first_name"), entry.get("last_name")) if x)
    return name or username


def comment_counts(canvas_id: str) -> dict[str, int]:
    """Unresolved comments per item of the user's own canvas (the board's badges)."""
    user = session.current_user()
    if user is None:
        return {}
    try:
        return open_counts(session.backend().comments().on_canvas(user.username,
                                                                  user.username, canvas_id))
    except StoreError:
        return {}


def _item_line(t, canvas, comment) -> str:
    """What the comment is about: the item as it reads now, or the text it had."""
    found = find_item(canvas, comment.item_id) if canvas is not None else None
    if found is None:
        return t("mentor.comments.removed_item", text=md_escape(shorten(comment.item_text, 90)))
    section, item = found
    return t("mentor.comments.on_item", section=t(f"section.{section}"),
             text=md_escape(shorten(item.text, 90)))


def _when(t, comment) -> str:
    return format_ago(comment.created_at, t.language)


# -- the learner ---------------------------------------------------------------------------
def _set_resolved(comment_id: str, resolved: bool) -> None:
    user = session.require_user()
    try:
        session.backend().comments().set_resolved(user.username, comment_id, resolved)
    except StoreError as exc:
        session.flash(exc.message(session.t()))


def learner_comments(t, canvas) -> None:
    """"Comments from your facilitator" beside the board; nothing when there are none."""
    user = session.require_user()
    try:
        comments = session.backend().comments().on_canvas(user.username, user.username,
                                                          canvas.id)
    except StoreError:
        return
    if not comments:
        return
    waiting = sum(not c.resolved for c in comments)
    label = t("mentor.comments.title") + " · " + t.plural("mentor.comments.open", waiting)
    with st.expander(label, expanded=waiting > 0, icon=":material/forum:",
                     key=f"mentor_comments_{canvas.id}"):
        # What is still to look at first, newest first; resolved ones after, greyed.
        for comment in sorted(reversed(comments), key=lambda c: c.resolved):
            text, action = st.columns([5, 2], vertical_alignment="center",
                                      gap="small")
            body = md_escape(comment.text)
            body = f":gray[{body}]" if comment.resolved else f"**{body}**"
            by = t("mentor.comments.by", name=md_escape(_display_name(comment.author)),
                   ago=_when(t, comment))
            text.markdown(f":small[{_item_line(t, canvas, comment)}]  \n{body}  \n"
                          f":small[{by}]")
            if comment.resolved:
                action.button(t("mentor.comments.reopen"), key=f"reopen_{comment.id}",
                              icon=":material/undo:", on_click=_set_resolved,
                              args=(comment.id, False))
            else:
                action.button(t("mentor.comments.resolve"), key=f"resolve_{comment.id}",
                              icon=":material/check:", on_click=_set_resolved,
                              args=(comment.id, True))


# -- the facilitator -----------------------------------------------------------------------
def card_button(t, row, code: str, owner: str, canvas_id: str) -> None:
    """The "Comment" button of a gallery card (inside the gallery's fragment)."""
    if row.button(t("mentor.comments.card"), key=f"comment_{owner}_{canvas_id}",
                  icon=":material/add_comment:"):
        st.session_state[TARGET] = (code, owner, canvas_id)
        st.rerun(scope="app")  # the comment panel lives outside the gallery's fragment


def _item_choices(t, canvas) -> dict[str, str]:
    choices = {}
    for section in SECTIONS:
        ranks = rank_map(canvas.section(section))
        for item in sorted(canvas.section(section), key=lambda i: ranks[i.id]):
            rank = native_digits(str(ranks[item.id]), t.language)
            choices[item.id] = f"{t(f'section.{section}')} #{rank}: {shorten(item.text, 70)}"
    for section in VALUE_MAP_SECTIONS:
        for number, item in enumerate(canvas.section(section), start=1):
            choices[item.id] = (f"{t(f'section.{section}')} "
                                f"#{native_digits(str(number), t.language)}: "
                                f"{shorten(item.text, 70)}")
    return choices


def _close() -> None:
    st.session_state.pop(TARGET, None)


def _close_and_rerun() -> None:
    _close()
    st.rerun()


def facilitator_panel(t, user, code: str) -> None:
    """The comment dialog for the canvas picked with a card's "Comment": write on one of
    its items, and see the comments already written there and whether they are resolved.
    A dialog, so it opens where the facilitator is instead of below the whole gallery."""
    target = st.session_state.get(TARGET)
    if not target or target[0] != code:
        return
    st.dialog(t("mentor.comments.heading"), width="large", icon=":material/forum:",
              on_dismiss=_close)(_panel)(t, user, code, *target[1:])


def _panel(t, user, code: str, owner: str, canvas_id: str) -> None:
    try:
        canvas = session.workshops().shared_canvas(code, user.username, owner, canvas_id)
        comments = session.backend().comments().on_canvas(user.username, owner, canvas_id)
    except StoreError as exc:
        st.warning(exc.message(t))
        st.button(t("mentor.comments.close"), key="comment_panel_close",
                  icon=":material/close:", on_click=_close)
        return
    with st.container(key="comment_panel"):
        st.markdown(t("mentor.comments.panel", title=md_escape(canvas.title),
                      learner=md_escape(_display_name(owner))))
        choices = _item_choices(t, canvas)
        if not choices:
            st.info(t("mentor.comments.no_items"), icon=":material/info:")
        else:
            with st.form(f"comment_form_{owner}_{canvas_id}", clear_on_submit=True):
                item_id = st.selectbox(t("mentor.comments.item"), list(choices),
                                       format_func=lambda i: choices.get(i, i),
                                       key=session.lkey(f"comment_item_{owner}_{canvas_id}"),
                                       placeholder=t("polish.choose"))
                text = st.text_area(t("mentor.comments.text"), max_chars=MAX_COMMENT,
                                    key=f"comment_text_{owner}_{canvas_id}",
                                    placeholder=t("mentor.comments.placeholder"))
                if st.form_submit_button(t("mentor.comments.send"), type="primary",
                                         icon=":material/send:"):
                    try:
                        session.backend().comments().add(code, user.username, owner,
                                                         canvas_id, item_id, text)
                    except StoreError as exc:
                        st.error(exc.message(t))
                    else:
                        st.success(t("mentor.comments.sent"))
                        comments = session.backend().comments().on_canvas(
                            user.username, owner, canvas_id)
        for comment in reversed(comments):
            status = t("mentor.comments.resolved" if comment.resolved
                       else "mentor.comments.waiting")
            st.markdown(f":small[{_item_line(t, canvas, comment)}]  \n"
                        f"**{md_escape(comment.text)}**  \n"
                        f":small[{status} · {_when(t, comment)}]")
        if st.button(t("mentor.comments.close"), key="comment_panel_close",
                     icon=":material/close:"):
            _close_and_rerun()
