"""Log in, register, log out, change or reset a password, delete an account.

Every decision that must hold under concurrency is made by the account store (see
:mod:`canvas.store.base`) against what is stored, not here against a session's copy:
whether a name is taken, how many wrong passwords were sent, whether a cookie or an open
session still counts. This module draws the forms in the user's language, checks what can
be checked without the store (the shape of names, addresses and passwords), and keeps the
session's login in ``st.session_state``.

A logged-in session remembers the account's session generation. The gate compares it with
the stored one on every run (one cached read), so a password changed, a logout or an
account deleted on any server ends this session at its next click.
"""

from __future__ import annotations

import re
from contextlib import suppress

import streamlit as st
import streamlit_authenticator as stauth

from canvas import config
from canvas.store import StoreError
from canvas.store.choose import delete_user, export_user_zip
from canvas.ui.account import cookies
from canvas.ui.shell import session
from canvas.ui.shell.chrome import language_switcher
from canvas.ui.shell.text import md_escape

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{2,31}$")
GENERATION = session.GENERATION_KEY
_LOGGED_OUT = session.LOGGED_OUT_KEY
_NOTICE = session.NOTICE_KEY


class _Validator(stauth.Validator):
    """Usernames become folder names, so they are held to a short, safe pattern."""

    def validate_username(self, username: str) -> bool:
        return bool(USERNAME_RE.fullmatch(username))

    def validate_password(self, password: str) -> bool:
        """Long passphrases are safer than the library's 20-character cap allows."""
        return (8 <= len(password) <= 128 and any(c.isalpha() for c in password)
                and any(c.isdigit() for c in password))


VALIDATOR = _Validator()


def _secret(name: str) -> str | None:
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets.toml is the normal case
        return None


def login_cookie_key() -> str:
    return config.cookie_key(config.data_dir(), _secret("cookie_key"))


def registration_open() -> bool:
    return config.registration_open(_secret("registration"))


# -- the session's login ---------------------------------------------------------------


def _start_session(username: str, name: str, generation: int) -> None:
    st.session_state["authentication_status"] = True
    st.session_state["username"] = username
    st.session_state["name"] = name
    st.session_state[GENERATION] = generation
    st.session_state.pop(_LOGGED_OUT, None)
    entry = session.accounts().user(username) or {}
    language = (entry.get("preferences") or {}).get("language")
    if language:
        st.session_state[session.LANG_KEY] = language


def _end_session() -> None:
    session.clear_user_state()
    cookies.delete()


def gate() -> bool:
    """End a session the store revoked, restore a login from the cookie; True when in."""
    store = session.accounts()
    key = login_cookie_key()  # made on the first start, so that every server finds the same one
    if st.session_state.get("authentication_status"):
        username = st.session_state.get("username") or ""
        if store.session_generation(username) != st.session_state.get(GENERATION):
            # Logged out, password changed or account deleted, here or on another server.
            _end_session()
            st.session_state[_NOTICE] = "security.session_ended"
    if not st.session_state.get("authentication_status") and not st.session_state.get(
            _LOGGED_OUT):
        token = cookies.read_token(key)
        if token and store.session_generation(token["username"]) == token["gen"]:
            entry = store.user(token["username"]) or {}
            name = f"{entry.get('first_name') or ''} {entry.get('last_name') or ''}".strip()
            _start_session(token["username"], name or token["username"], token["gen"])
    logged_in = bool(st.session_state.get("authentication_status"))
    if not logged_in and config.COOKIE_NAME in st.context.cookies:
        cookies.delete()  # forged, expired or revoked: the browser need not send it again
    cookies.render_pending()
    return logged_in


# -- forms -----------------------------------------------------------------------------


def _login(username: str, password: str) -> str | None:
    """Returns the error message, or None when logged in."""
    t = session.t()
    username = username.strip().lower()
    if not username or not password:
        return t("auth.error.empty")
    try:
        login = session.accounts().authenticate(username, password)
    except StoreError as exc:
        return exc.message(t)
    _start_session(login.username, login.name, login.generation)
    cookies.issue(login_cookie_key(), login.username, login.generation)
    return None


def _on_login_press() -> None:
    st.session_state[session.LOGIN_ERROR_KEY] = _login(
        st.session_state.get("login_user") or "", st.session_state.get("login_password") or "")


def _registration_problem(first: str, last: str, email: str, username: str,
                          password: str, repeat: str) -> str | None:
    """The first thing wrong with a registration form, as a catalog key."""
    if not VALIDATOR.validate_name(first):
        return "auth.error.first_name"
    if not VALIDATOR.validate_name(last):
        return "auth.error.last_name"
    if not VALIDATOR.validate_email(email):
        return "auth.error.email"
    if not VALIDATOR.validate_username(username):
        return "auth.error.username"
    if not password or not repeat:
        return "auth.error.empty"
    if password != repeat:
        return "auth.error.mismatch"
    if not VALIDATOR.validate_password(password):
        return "auth.error.password_rules"
    return None


def _register(first: str, last: str, email: str, username: str, password: str,
              repeat: str) -> str | None:
    t = session.t()
    if not registration_open():
        return t("auth.register.closed")
    first, last, email = first.strip(), last.strip(), email.strip()
    username, password, repeat = username.strip().lower(), password.strip(), repeat.strip()
    problem = _registration_problem(first, last, email, username, password, repeat)
    if problem:
        return t(problem)
    try:
        session.accounts().register(username, email, first, last, password)
    except StoreError as exc:
        return exc.message(t)
    # The language picked on the login page is the new account's: the next session, on
    # any browser, starts in it.
    session.accounts().set_preference(username, "language", session.language())
    return _login(username, password)


def new_password_problem(new: str, repeat: str, current: str | None = None) -> str | None:
    if not new:
        return "auth.error.empty"
    if new != repeat:
        return "auth.error.mismatch"
    if current is not None and new == current:
        return "auth.error.same"
    if not VALIDATOR.validate_password(new):
        return "auth.error.password_rules"
    return None


def login_page() -> None:
    """The only page a visitor who is not logged in can reach."""
    t = session.t()
    left, right = st.columns([3, 2], gap="large")
    with right:
        language_switcher(location="main")
    with left:
        st.title(t("brand.name"))
        st.write(t("auth.tagline"))
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(t(notice))
    tabs = [t("auth.login")] + ([t("auth.register")] if registration_open() else [])
    panes = st.tabs(tabs)
    with panes[0], st.form("login_form"):
        st.text_input(t("auth.username"), autocomplete="username", key="login_user")
        st.text_input(t("auth.password"), type="password", autocomplete="current-password",
                      key="login_password")
        # Checked in the button's callback, before the run: a right password's run draws
        # the user's first page at once, not the login page again and then a rerun (issue
        # 24: 100 ms of the login, measured by bench/bench_login.py).
        if st.form_submit_button(t("auth.login"), type="primary", on_click=_on_login_press):
            error = st.session_state.pop(session.LOGIN_ERROR_KEY, None)
            if error:
                st.error(error)
    if len(panes) > 1:
        with panes[1], st.form("register_form"):
            st.caption(t("auth.register.intro"))
            c1, c2 = st.columns(2)
            first = c1.text_input(t("auth.first_name"), key="reg_first")
            last = c2.text_input(t("auth.last_name"), key="reg_last")
            email = c1.text_input(t("auth.email"), help=t("auth.email.help"), key="reg_email")
            username = c2.text_input(t("auth.username"), help=t("auth.username.help"),
                                     key="reg_user")
            password = c1.text_input(t("auth.password"), type="password",
                                     help=t("auth.password.help"),
                                     autocomplete="new-password", key="reg_password")
            repeat = c2.text_input(t("auth.password_repeat"), type="password",
                                   autocomplete="new-password", key="reg_repeat")
            if st.form_submit_button(t("auth.register.submit"), type="primary"):
                error = _register(first, last, email, username, password, repeat)
                if error:
                    st.error(error)
                else:
                    st.rerun()
    elif not registration_open():
        st.caption(t("auth.register.closed"))


def logout() -> None:
    """End this session and every cookie and session of the user, on every server.

    When the store cannot record that, this session still ends here."""
    username = st.session_state.get("username")
    if username:
        with suppress(StoreError):
            session.accounts().revoke_sessions(username)
    _end_session()
    st.session_state[_LOGGED_OUT] = True
    st.query_params.clear()


def logout_button() -> None:
    """At the foot of the sidebar, under the name of who is signed in."""
    t = session.t()
    if st.sidebar.button(t("chrome.logout"), icon=":material/logout:", key="logout_button",
                         use_container_width=True):
        logout()
        st.rerun()


def change_password_form() -> None:
    t = session.t()
    user = session.require_user()
    with st.form("password_form", clear_on_submit=True):
        current = st.text_input(t("auth.password.current"), type="password",
                                autocomplete="current-password")
        new = st.text_input(t("auth.password.new"), type="password",
                            help=t("auth.password.help"), autocomplete="new-password")
        repeat = st.text_input(t("auth.password_repeat"), type="password",
                               autocomplete="new-password")
        if st.form_submit_button(t("auth.password.change"), type="primary"):
            problem = new_password_problem(new, repeat, current)
            if problem:
                st.error(t(problem))
                return
            try:
                generation = session.accounts().change_password(user.username, current, new)
            except StoreError as exc:
                st.error(exc.message(t))
                return
            # Every other cookie and session of this user has just ended; this one goes on.
            st.session_state[GENERATION] = generation
            cookies.issue(login_cookie_key(), user.username, generation)
            cookies.render_pending()  # now: the browser's old cookie no longer counts
            st.success(t("auth.password.changed"))


def reset_password_form() -> None:
    """A facilitator gives a learner who forgot their password a new one."""
    t = session.t()
    user = session.require_user()
    with st.form("reset_form", clear_on_submit=True):
        name = st.text_input(t("auth.username"), key="reset_user", max_chars=32)
        new = st.text_input(t("auth.password.new"), type="password",
                            help=t("auth.password.help"), autocomplete="new-password",
                            key="reset_password")
        repeat = st.text_input(t("auth.password_repeat"), type="password",
                               autocomplete="new-password", key="reset_repeat")
        if st.form_submit_button(t("security.reset.submit"), icon=":material/key:"):
            wanted = name.strip().lower()
            problem = new_password_problem(new, repeat)
            if wanted == user.username:
                problem = "security.reset.self"
            if problem:
                st.error(t(problem))
                return
            try:
                session.accounts().reset_password(wanted, new)
            except StoreError as exc:
                st.error(exc.message(t))
                return
            st.success(t("security.reset.done", username=md_escape(wanted)))


def delete_account_section() -> None:
    """Download everything, then delete the account after typing its name."""
    t = session.t()
    user = session.require_user()
    backend = session.backend()
    st.caption(t("security.delete.intro"))
    st.download_button(t("security.export.button"),
                       data=lambda: export_user_zip(backend, user.username),
                       file_name=f"{user.username}-canvas-studio.zip",
                       mime="application/zip", icon=":material/download:",
                       on_click="ignore", key="export_zip")
    with st.form("delete_account_form", clear_on_submit=True):
        typed = st.text_input(t("security.delete.confirm", username=user.username),
                              key="delete_confirm", max_chars=40)
        if st.form_submit_button(t("security.delete.submit"), icon=":material/delete_forever:"):
            if typed.strip().lower() != user.username:
                st.error(t("security.delete.mismatch"))
                return
            try:
                delete_user(backend, user.username)
            except StoreError as exc:
                st.error(exc.message(t))
                return
            _end_session()
            st.session_state[_LOGGED_OUT] = True
            st.session_state[_NOTICE] = "security.delete.done"
            st.query_params.clear()
            st.rerun()
