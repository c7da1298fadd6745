"""The frame around every page: theme, language switcher, accessibility options, account.

Kept in one place so every page (and the login page) gets the same switcher with flags and
the same dark-theme / high-contrast / large-text options, remembered per user.

Streamlit switches between its ``[theme.light]`` and ``[theme.dark]`` only from its own
menu or the system setting; the app cannot choose for a user. So "Dark theme" is our own
option: it adds ``assets/dark_theme.css``, which is also added when Streamlit itself is
dark, so that our own colours (captions, the board) follow it.

Arabic and Persian read right to left (issue 25): every page says its language and
direction on the document itself (``<html lang dir>``), so that Streamlit's layout, its
pop-overs and dialogs (drawn outside the app's root) and the board all turn around, and
``assets/rtl.css`` mends what Streamlit lays out with left and right.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from canvas.i18n import LANGUAGE_LABELS, LANGUAGES, text_direction
from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape

ASSETS = Path(__file__).resolve().parents[3] / "assets"
A11Y_KEYS = ("dark_theme", "high_contrast", "large_text")
A11Y_LABELS = {"dark_theme": "polish.dark_theme", "high_contrast": "chrome.high_contrast",
               "large_text": "chrome.large_text"}


def _streamlit_is_dark() -> bool:
    theme = getattr(st.context, "theme", None)
    return getattr(theme, "type", None) == "dark"


def _translated_css() -> str:
    """Words Streamlit draws in English and lets no app set, replaced by CSS content in the
    user's language (catalog text only, never user text)."""
    label = json.dumps(session.t()("polish.upload.button"), ensure_ascii=False)
    return ('[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]'
            f'::after {{ content: {label}; }}')


#: Fields a user types into: their direction follows what is typed (``dir="auto"``), so a
#: French sentence in an Arabic page, or an Arabic one in an English page, reads in order.
_TYPED = ("input:not([dir]):is([type=text], [type=search], [type=email], :not([type])),"
          " textarea:not([dir])")


def _direction_script(language: str) -> str:
    """Sets ``lang`` and ``dir`` on ``<html>`` (and keeps them: a page's own script or a
    reconnect does not take them away), and ``dir="auto"`` on every field typed into. The
    page's CSS turns the app itself around at once (see :func:`inject_css`); the attributes
    reach what Streamlit draws outside its root (menus, dialogs, tooltips)."""
    values = json.dumps({"lang": language, "dir": text_direction(language)})
    return ("<script>(() => { window.vpcDirection = " + values + ";"
            " const root = document.documentElement;"
            " const apply = () => { const w = window.vpcDirection;"
            " if (root.lang !== w.lang) root.lang = w.lang;"
            " if (root.dir !== w.dir) root.dir = w.dir; };"
            " const typed = () => document.querySelectorAll(" + json.dumps(_TYPED) + ")"
            ".forEach((field) => { field.dir = 'auto'; });"
            " apply(); typed(); if (!window.vpcDirectionObserver) {"
            " window.vpcDirectionObserver = new MutationObserver(apply);"
            " window.vpcDirectionObserver.observe(root,"
            " {attributes: true, attributeFilter: ['lang', 'dir']});"
            " new MutationObserver(typed).observe(document.body,"
            " {childList: true, subtree: true}); } })();</script>")


def inject_css() -> None:
    """Our own stylesheet (never user text), plus the display options chosen, and the
    page's language and direction."""
    language = session.language()
    css = (ASSETS / "theme.css").read_text(encoding="utf-8") + _translated_css()
    if text_direction(language) == "rtl":
        css += (ASSETS / "rtl.css").read_text(encoding="utf-8")
    for option in A11Y_KEYS:
        wanted = st.session_state.get(f"vpc_{option}")
        if option == "dark_theme":
            wanted = wanted or _streamlit_is_dark()
        if wanted:
            css += (ASSETS / f"{option}.css").read_text(encoding="utf-8")
    st.html(f"<style>{css}</style>")
    st.html(_direction_script(language), unsafe_allow_javascript=True)


def _on_language_change(widget_key: str) -> None:
    session.set_language(st.session_state[widget_key])


def language_switcher(location: str = "sidebar", compact: bool = False) -> None:
    t = session.t()
    target = st.sidebar if location == "sidebar" else st
    key = f"lang_switch_{location}"
    # Set at every run, not only when it differs: drawn without a value of ours, the
    # selectbox carries its first option (English) as its default, and a browser that lost
    # its own copy would report "en" at the next rerun as the user's choice, which is then
    # stored. Once, under load, a French walk turned English from a tab click on and
    # stayed English on every later page (ci15); this closes that path.
    st.session_state[key] = session.language()
    target.selectbox(t("chrome.language"), LANGUAGES, key=key,
                     format_func=lambda code: LANGUAGE_LABELS[code],
                     placeholder=t("polish.choose"),
                     on_change=_on_language_change, args=(key,),
                     label_visibility="collapsed" if compact else "visible")


def _on_a11y_change(option: str) -> None:
    value = bool(st.session_state[f"a11y_{option}"])
    st.session_state[f"vpc_{option}"] = value
    user = session.current_user()
    if user:
        session.accounts().set_preference(user.username, option, value)


def load_a11y_preferences() -> None:
    user = session.current_user()
    if not user or st.session_state.get("vpc_a11y_loaded") == user.username:
        return
    prefs = (session.accounts().user(user.username) or {}).get("preferences") or {}
    for option in A11Y_KEYS:
        st.session_state[f"vpc_{option}"] = bool(prefs.get(option, False))
    st.session_state["vpc_a11y_loaded"] = user.username


def sidebar() -> None:
    """Language, display options and who is signed in (the logout button follows, drawn
    by :func:`canvas.ui.account.auth.logout_button`)."""
    t = session.t()
    user = session.require_user()
    language_switcher()
    with st.sidebar.expander(t("chrome.display"), icon=":material/visibility:"):
        for option in A11Y_KEYS:
            st.session_state[f"a11y_{option}"] = bool(st.session_state.get(f"vpc_{option}"))
            st.toggle(t(A11Y_LABELS[option]), key=f"a11y_{option}",
                      on_change=_on_a11y_change, args=(option,))
    role = t("chrome.role.facilitator") if user.is_facilitator else t("chrome.role.learner")
    st.sidebar.caption(t("chrome.signed_in", name=md_escape(user.name), role=role))
