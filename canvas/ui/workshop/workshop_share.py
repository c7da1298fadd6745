"""Share a canvas with one's workshop from where one works on it, and after joining.

Learners used to share from the Workshops page, in a multi-select, without a word of what
sharing means; few found it. The canvas pages now carry one "Share with my workshop"
button that says who will see the canvas and asks to confirm, and a learner who has just
joined is asked right away which canvas to share.
"""

from __future__ import annotations

import streamlit as st

from canvas.store import StoreError
from canvas.ui.account.join_flow import PROMPT
from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape


def _display_name(username: str) -> str:
    entry = session.accounts().user(username) or {}
    name = " ".join(x for x in (entry.get("first_name"), entry.get("last_name")) if x)
    return name or username


def _set_shared(code: str, canvas_id: str, shared: bool, message: str) -> None:
    """Share or stop sharing; the store's refusal (left the workshop meanwhile, the
    workshop deleted) is the flash instead of the success message."""
    user = session.require_user()
    change = session.workshops().share if shared else session.workshops().unshare
    try:
        change(code, user.username, canvas_id)
    except StoreError as exc:
        session.flash(exc.message(session.t()))
    else:
        session.flash(message)
        if shared:
            st.session_state.pop(PROMPT, None)


def share_with_workshop(canvas_id: str, title: str) -> None:
    """The "Share with my workshop" button of a canvas page (nothing outside a workshop)."""
    t = session.t()
    user = session.require_user()
    workshops = session.workshops().joined_by(user.username)
    if not workshops:
        return
    shared = [w for w in workshops
              if any(s.canvas_id == canvas_id for s in w.shares_of(user.username))]
    label = t("room.share.button") if not shared else t("room.share.shared")
    with st.popover(label, icon=":material/share:" if not shared else ":material/check:",
                    key=f"share_popover_{canvas_id}"):
        for workshop in workshops:
            name = md_escape(workshop.name)
            facilitator = md_escape(_display_name(workshop.facilitator))
            if workshop in shared:
                st.markdown(t("room.share.is_shared", workshop=name, facilitator=facilitator))
                st.button(t("room.share.stop"), key=f"unshare_{workshop.code}_{canvas_id}",
                          icon=":material/visibility_off:", on_click=_set_shared,
                          args=(workshop.code, canvas_id, False,
                                t("room.share.stopped", workshop=workshop.name)))
            else:
                st.markdown(t("room.share.confirm", title=md_escape(title), workshop=name,
                              facilitator=facilitator))
                st.button(t("room.share.yes"), key=f"share_{workshop.code}_{canvas_id}",
                          type="primary", icon=":material/share:", on_click=_set_shared,
                          args=(workshop.code, canvas_id, True,
                                t("room.share.done", workshop=workshop.name)))


def join_prompt() -> None:
    """After joining by link: which canvas to share (or make one first)."""
    prompt = st.session_state.get(PROMPT)
    if not prompt:
        return
    t = session.t()
    code, workshop_name = prompt
    canvases = session.store().list()
    with st.container(border=True, key="join_prompt"):
        st.subheader(t("room.prompt.title", workshop=md_escape(workshop_name)))
        if not canvases:
            st.write(t("room.prompt.no_canvas"))
        else:
            titles = {c.id: c.title for c in canvases}
            choice = st.radio(t("room.prompt.question"), list(titles),
                              format_func=lambda cid: md_escape(titles[cid]),
                              key="join_prompt_choice")
            st.caption(t("room.prompt.privacy"))
            st.button(t("room.prompt.share"), type="primary", icon=":material/share:",
                      key="join_prompt_share", on_click=_set_shared,
                      args=(code, choice, True, t("room.share.done", workshop=workshop_name)))
        if st.button(t("room.prompt.later"), key="join_prompt_later"):
            st.session_state.pop(PROMPT, None)
            st.rerun()
