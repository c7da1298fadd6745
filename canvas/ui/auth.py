"""Log in, register, log out and change password through streamlit-authenticator.

The library does the security work (bcrypt hashing, credential checks, registration
validation, the signed re-login cookie). We draw our own forms so every label and error is
in the user's language, and we persist its credentials dict through
:class:`canvas.accounts.AccountStore` so concurrent sessions never overwrite each other.

The cookie is written by :mod:`canvas.ui.cookies`, a snippet that never reports back to
the server (the library's own component did, and its late reruns sent people back a page).
"""

from __future__ import annotations

import copy
import re

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError, RegisterError, ResetError

from canvas import config
from canvas.accounts import AccountStore
from canvas.ui import cookies, session

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{2,31}$")


class _Validator(stauth.Validator):
    """Usernames become folder names, so they are held to a short, safe pattern."""

    def validate_username(self, username: str) -> bool:
        return bool(USERNAME_RE.fullmatch(username))

    def validate_password(self, password: str) -> bool:
        """Long passphrases are safer than the library's 20-character cap allows."""
        return (8 <= len(password) <= 128 and any(c.isalpha() for c in password)
                and any(c.isdigit() for c in password))


def _secret(name: str) -> str | None:
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets.toml is the normal case
        return None


def _authenticator(credentials: dict) -> stauth.Authenticate:
    folder = config.data_dir()
    key = config.cookie_key(folder, _secret("cookie_key"))
    return stauth.Authenticate(credentials, config.COOKIE_NAME, key, config.COOKIE_EXPIRY_DAYS,
                               validator=_Validator(), auto_hash=False)


def registration_open() -> bool:
    return config.registration_open(_secret("registration"))


def gate() -> bool:
    """Restore a login from the cookie, finish deferred cookie work; True when logged in."""
    store = session.accounts()
    credentials = store.credentials()
    before = copy.deepcopy(credentials)
    auth = _authenticator(credentials)
    st.session_state["vpc_auth"] = (auth, before, credentials)
    if not st.session_state.get("authentication_status"):
        try:
            token = auth.cookie_controller.get_cookie()
        except Exception:  # noqa: BLE001 - any malformed or forged token is simply ignored
            token = None
        if token and not store.cookie_still_valid(
                token.get("username", ""),
                token.get("exp_date", 0) - config.COOKIE_EXPIRY_DAYS * 86400):
            token = None  # issued before the user logged out: refuse it everywhere
        if token:
            try:
                auth.authentication_controller.login(token=token)
            except LoginError:
                auth.cookie_controller.delete_cookie()
            if st.session_state.get("authentication_status"):
                _load_preferences(store)
    _finish_cookie_work(auth)
    return bool(st.session_state.get("authentication_status"))


def _finish_cookie_work(auth: stauth.Authenticate) -> None:
    """Remove a cookie that did not log anyone in (forged, expired, revoked, logged out),
    and keep showing the session's pending cookie write."""
    if (not st.session_state.get("authentication_status")
            and config.COOKIE_NAME in st.context.cookies):
        auth.cookie_controller.delete_cookie()
    cookies.render_pending()


def _load_preferences(store: AccountStore) -> None:
    entry = store.user(st.session_state.get("username") or "") or {}
    language = (entry.get("preferences") or {}).get("language")
    if language:
        st.session_state[session.LANG_KEY] = language


def _sync() -> None:
    auth, before, after = st.session_state["vpc_auth"]
    session.accounts().sync(before, after)
    st.session_state["vpc_auth"] = (auth, copy.deepcopy(after), after)


def _login(username: str, password: str) -> str | None:
    """Returns an error message key, or None when logged in."""
    t = session.t()
    auth, _, _ = st.session_state["vpc_auth"]
    username = username.strip().lower()
    if not username or not password:
        return t("auth.error.empty")
    minutes = session.accounts().lock_remaining_minutes(username)
    if minutes:
        return t.plural("auth.error.locked", minutes)
    try:
        ok = auth.authentication_controller.login(
            username, password, max_login_attempts=config.MAX_LOGIN_ATTEMPTS)
    except LoginError:
        ok = False
    _sync()
    if not ok:
        minutes = session.accounts().lock_remaining_minutes(username)
        if minutes:
            return t.plural("auth.error.locked", minutes)
        return t("auth.error.wrong")
    _load_preferences(session.accounts())
    auth.cookie_controller.set_cookie()
    return None


_REGISTER_ERRORS = {
    "Email is not valid": "auth.error.email",
    "Email already taken": "auth.error.email_taken",
    "Username/email already taken": "auth.error.username_taken",
    "User already exists": "auth.error.username_taken",
    "Username is not valid": "auth.error.username",
    "First name is not valid": "auth.error.first_name",
    "Last name is not valid": "auth.error.last_name",
    "Passwords do not match": "auth.error.mismatch",
    "Password/repeat password fields cannot be empty": "auth.error.empty",
}


def _register(first: str, last: str, email: str, username: str, password: str,
              repeat: str) -> str | None:
    t = session.t()
    auth, _, _ = st.session_state["vpc_auth"]
    username = username.strip().lower()
    try:
        auth.authentication_controller.register_user(
            first.strip(), last.strip(), email.strip(), username, password, repeat,
            password_hint="", roles=None, captcha=False)
    except RegisterError as exc:
        return t(_REGISTER_ERRORS.get(str(exc), "auth.error.password_rules"))
    _sync()
    return _login(username, password)


def login_page() -> None:
    """The only page a visitor who is not logged in can reach."""
    from canvas.ui.chrome import language_switcher

    t = session.t()
    left, right = st.columns([3, 2], gap="large")
    with right:
        language_switcher(location="main")
    with left:
        st.title(t("brand.name"))
        st.write(t("auth.tagline"))
    tabs = [t("auth.login")] + ([t("auth.register")] if registration_open() else [])
    panes = st.tabs(tabs)
    with panes[0], st.form("login_form"):
        username = st.text_input(t("auth.username"), autocomplete="username", key="login_user")
        password = st.text_input(t("auth.password"), type="password",
                                 autocomplete="current-password", key="login_password")
        if st.form_submit_button(t("auth.login"), type="primary"):
            error = _login(username, password)
            if error:
                st.error(error)
            else:
                st.rerun()
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
    auth, _, _ = st.session_state["vpc_auth"]
    username = st.session_state.get("username")
    auth.authentication_controller.logout()
    if username:
        session.accounts().mark_logged_out(username)
    _sync()
    for key in list(st.session_state.keys()):
        if key.startswith(("vpc_canvas", "editor_", "profile_", "vm_")):
            del st.session_state[key]
    auth.cookie_controller.delete_cookie()
    st.query_params.clear()


def change_password_form() -> None:
    t = session.t()
    user = session.require_user()
    auth, _, _ = st.session_state["vpc_auth"]
    with st.form("password_form", clear_on_submit=True):
        current = st.text_input(t("auth.password.current"), type="password",
                                autocomplete="current-password")
        new = st.text_input(t("auth.password.new"), type="password",
                            help=t("auth.password.help"), autocomplete="new-password")
        repeat = st.text_input(t("auth.password_repeat"), type="password",
                               autocomplete="new-password")
        if st.form_submit_button(t("auth.password.change"), type="primary"):
            try:
                auth.authentication_controller.reset_password(user.username, current, new,
                                                              repeat)
            except ResetError as exc:
                key = {"Passwords do not match": "auth.error.mismatch",
                       "New and current passwords are the same": "auth.error.same",
                       "No new password provided": "auth.error.empty"}.get(
                    str(exc), "auth.error.password_rules")
                st.error(t(key))
            except Exception:  # the library raises CredentialsError for a wrong password
                st.error(t("auth.error.current_wrong"))
            else:
                _sync()
                st.success(t("auth.password.changed"))
