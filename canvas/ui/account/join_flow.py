"""From a QR code to one's canvases in one go: the join link and the first password.

A newcomer scans the projector's QR code (or their login card's): the link carries the
workshop code (``?join=CODE``). The code is kept in the session while they log in or
register; once they are in, they are joined and land on their canvases, asked which one
to share. An account made by the facilitator carries a one-time password: until its owner
has chosen their own, the only page they can reach is the one that asks for it.
"""

from __future__ import annotations

import streamlit as st

from canvas.room.group_accounts import MUST_CHANGE, must_change_password
from canvas.room.join_link import JOIN_PARAM
from canvas.store import StoreError
from canvas.store.rules.join_attempts import RESTING
from canvas.store.rules.workshops import CODE_ALPHABET, CODE_LENGTH, normalise_code
from canvas.ui.account import auth, cookies
from canvas.ui.shell import session

PENDING = session.JOIN_PENDING_KEY
PROMPT = session.JOIN_PROMPT_KEY
_PASSWORD_OK = session.PASSWORD_OK_KEY
PAGE_PATH = session.PAGE_PATH_KEY


def remember_join_link() -> None:
    """Keep ``?join=CODE`` from the address for after the sign-in."""
    raw = st.query_params.get(JOIN_PARAM)
    if raw is None:
        return
    code = normalise_code(raw)
    if len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code):
        st.session_state[PENDING] = code


def login_notice(t) -> None:
    """Above the login form: what the link will do once the visitor is signed in."""
    code = st.session_state.get(PENDING)
    if code:
        st.info(t("room.join.login_notice", code=code), icon=":material/qr_code_2:")


def needs_new_password() -> bool:
    """True while the signed-in account still has a one-time password."""
    user = session.current_user()
    if user is None or st.session_state.get(_PASSWORD_OK) == user.username:
        return False
    if must_change_password(session.accounts().user(user.username)):
        return True
    st.session_state[_PASSWORD_OK] = user.username
    return False


def join_pending(t) -> None:
    """Join the workshop the link named, once per link, and ask to share next."""
    code = st.session_state.pop(PENDING, None)
    user = session.current_user()
    if not code or user is None:
        return
    if st.query_params.get(JOIN_PARAM) is not None:
        del st.query_params[JOIN_PARAM]
    try:
        workshop = session.join_workshop(code, user.username)
    except StoreError as refused:
        session.flash(refused.message(t) if refused.code == RESTING
                      else t("workshops.join.unknown"))
        return
    if workshop.facilitator != user.username:
        st.session_state[PROMPT] = (workshop.code, workshop.name)


def first_password_page() -> None:
    """The only page of an account whose password is still the one on its card."""
    t = session.t()
    user = session.require_user()
    st.title(t("room.first.title"))
    st.write(t("room.first.intro", name=user.name))
    with st.form("first_password_form"):
        current = st.text_input(t("room.first.current"), type="password",
                                autocomplete="current-password", key="first_current")
        new = st.text_input(t("auth.password.new"), type="password",
                            help=t("auth.password.help"), autocomplete="new-password",
                            key="first_new")
        repeat = st.text_input(t("auth.password_repeat"), type="password",
                               autocomplete="new-password", key="first_repeat")
        if st.form_submit_button(t("room.first.submit"), type="primary",
                                 icon=":material/key:"):
            error = _set_own_password(user.username, current, new, repeat)
            if error:
                st.error(error)
            else:
                session.flash(t("room.first.done"))
                st.rerun()
    if st.button(t("chrome.logout"), icon=":material/logout:", key="first_logout"):
        auth.logout()
        st.rerun()


def _set_own_password(username: str, current: str, new: str, repeat: str) -> str | None:
    t = session.t()
    problem = auth.new_password_problem(new, repeat, current)
    if problem:
        return t(problem)
    accounts = session.accounts()
    try:
        generation = accounts.change_password(username, current, new)
        accounts.set_preference(username, MUST_CHANGE, False)
    except StoreError as exc:
        return exc.message(t)
    # Every other session of this account ended with the change; this one goes on.
    st.session_state[auth.GENERATION] = generation
    cookies.issue(auth.login_cookie_key(), username, generation)
    st.session_state[_PASSWORD_OK] = username
    if not st.session_state.get(PENDING):
        # Made and joined by the facilitator: the first thing to do is share a canvas.
        joined = session.workshops().joined_by(username)
        if joined:
            st.session_state[PROMPT] = (joined[0].code, joined[0].name)
    return None
