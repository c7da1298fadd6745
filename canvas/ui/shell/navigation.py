"""Every address of the app, who may see what is behind it, and the sidebar's page links.

Streamlit shows an English "Page not found" dialog for any address that is not a page
registered in *this* run. The app used to register only the pages the session could use
(the login page for a visitor, one page while a one-time password waited), so a link to
``/workshops`` before logging in, ``/my-canvases`` (the default page lives at the root) or a
reload at a deep address all raised it. Now every page of every role is registered, hidden,
for every session, and this module decides what the address shows: the page; the login form
(a visitor, who then lands where they asked); the one-time password form; or one sentence in
the user's language (a facilitator's page for a learner, an address that is no page).

Streamlit's own grouped page list was also an accessibility failure (its ``<ul>`` holds
``<div>`` wrappers around the ``<li>`` items, which no CSS can undo), so the navigation
is hidden and drawn here with ``st.page_link``: one heading per group, the pages' icons,
the current page highlighted by Streamlit and marked ``aria-current`` by
:mod:`canvas.ui.shell.aria`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape

ROOT = Path(__file__).resolve().parents[3]
NAV_KEY = "vpc_nav"  # the sidebar container (class st-key-vpc_nav), styled in theme.css


@dataclass(frozen=True)
class Entry:
    """One page of the sidebar: its script, address, title, icon and group."""

    file: str
    url_path: str
    title_key: str
    icon: str
    group_key: str
    facilitator_only: bool = False


ENTRIES = (
    Entry("my_canvases.py", "my-canvases", "nav.my_canvases", ":material/folder_open:",
          "nav.group.canvas"),
    Entry("customer_profile.py", "customer-profile", "nav.customer_profile",
          ":material/person:", "nav.group.canvas"),
    Entry("value_map.py", "value-map", "nav.value_map", ":material/redeem:",
          "nav.group.canvas"),
    Entry("insights.py", "insights", "nav.insights", ":material/insights:", "nav.group.canvas"),
    Entry("interview_guide.py", "interview-guide", "evidence_ui.nav.guide", ":material/forum:",
          "nav.group.canvas"),
    Entry("projector.py", "projector", "nav.projector", ":material/co_present:",
          "nav.group.canvas"),
    Entry("workshops.py", "workshops", "nav.workshops", ":material/groups:",
          "nav.group.workshop"),
    Entry("join_screen.py", "join-screen", "room.nav.join_screen", ":material/qr_code_2:",
          "nav.group.workshop", facilitator_only=True),
    Entry("account.py", "account", "nav.account", ":material/manage_accounts:",
          "nav.group.account"),
)
DEFAULT = ENTRIES[0]  # shown at the app's root
LOGIN_PATH = "login"
FIRST_PASSWORD_PATH = "first-password"


def _requested_name() -> str:
    """The address the browser asked for (``""`` at the root), as Streamlit will match it.

    Streamlit keeps it in its pages manager and offers no public call for it (st.context.url
    is computed from the pages registered, which is what is being decided here). Should the
    internal name change, every address falls back to Streamlit's own matching."""
    try:
        # Inside the try: an internal module of Streamlit's that may move (see above).
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        manager = ctx.pages_manager if ctx else None
        if manager is None or manager.intended_page_script_hash:
            return ""  # a click on a link names the page by its hash: always one of ours
        return (manager.intended_page_name or "").strip("/")
    except Exception:  # noqa: BLE001 - an internal of Streamlit: never break the app
        return ""


@dataclass
class Routes:
    """The pages registered for this run: by entry address, plus the special ones."""

    pages: dict[str, st.Page]  # an entry's url_path (the default's too) -> its page
    login: st.Page
    first_password: st.Page
    missing: st.Page | None  # the address asked for when it is no page
    asked: str

    @property
    def home(self) -> st.Page:
        return self.pages[DEFAULT.url_path]

    def page(self, url_path: str) -> st.Page:
        return self.pages[url_path]

    def entry_of(self, selected: st.Page) -> Entry | None:
        for entry in ENTRIES:
            if self.pages[entry.url_path] is selected:
                return entry
        return None


def _placeholder() -> None:  # the body of the login, first-password and missing pages: run()
    return None


def register(t) -> tuple[st.Page, Routes]:
    """Register every page, hidden; returns the page the address asked for."""
    pages: dict[str, st.Page] = {}
    for entry in ENTRIES:
        default = entry is DEFAULT
        pages[entry.url_path] = st.Page(
            str(ROOT / "pages" / entry.file), title=t(entry.title_key), icon=entry.icon,
            url_path="" if default else entry.url_path, default=default)
    login = st.Page(_placeholder, title=t("nav.login"), icon=":material/login:",
                    url_path=LOGIN_PATH)
    first = st.Page(_placeholder, title=t("room.first.title"), icon=":material/key:",
                    url_path=FIRST_PASSWORD_PATH)
    registered = [*pages.values(), login, first]
    asked = _requested_name()
    missing = None
    if asked and asked not in {page.url_path for page in registered} and "/" not in asked:
        # An address that is no page (or the default page's own name, whose address is
        # the root): registered for this run only, so that Streamlit finds it and the app
        # answers instead of Streamlit's English dialog.
        missing = st.Page(_placeholder, title=t("nav.missing.title"), icon=":material/help:",
                          url_path=asked)
        registered.append(missing)
    selected = st.navigation(registered, position="hidden")
    return selected, Routes(pages, login, first, missing, asked)


def run(t, routes: Routes, selected: st.Page, state: str, login_page: Callable,
        first_password_page: Callable) -> None:
    """Show what the address leads to for a ``visitor``, a ``pending`` one-time password
    or a signed-in ``user``."""
    if state == "visitor":
        login_page()  # on any address: once in, the same address shows its page
        return
    if state == "pending":
        first_password_page()  # likewise: once chosen, the address shows its page
        return
    if selected is routes.missing and routes.asked == DEFAULT.url_path:
        st.switch_page(routes.home)  # /my-canvases: the default page, at the root
    if selected is routes.login or selected is routes.first_password:
        st.switch_page(routes.home)  # already in: nothing to do there
    entry = routes.entry_of(selected)
    if entry is None:
        _one_sentence(t, routes, t("nav.missing.sentence"))
        return
    if entry.facilitator_only and not session.require_user().is_facilitator:
        _one_sentence(t, routes, t("nav.facilitators_only"))
        return
    selected.run()


def _one_sentence(t, routes: Routes, sentence: str) -> None:
    st.info(sentence, icon=":material/info:")
    st.page_link(routes.home, label=t(DEFAULT.title_key), icon=DEFAULT.icon)


def sidebar_links(t, routes: Routes, selected: st.Page) -> int:
    """The page list in the sidebar: a heading per group, a link per page the user may
    open. The current page is highlighted (Streamlit) and marked aria-current by
    :mod:`canvas.ui.shell.aria`, given the index this returns (-1: no link is the current page)."""
    user = session.require_user()
    box = st.sidebar.container(key=NAV_KEY)
    group = None
    current = -1
    shown = 0
    for entry in ENTRIES:
        if entry.facilitator_only and not user.is_facilitator:
            continue
        if entry.group_key != group:
            group = entry.group_key
            box.markdown(f"##### {md_escape(t(group))}")
        page = routes.page(entry.url_path)
        box.page_link(page, label=t(entry.title_key), icon=entry.icon, width="stretch")
        if page is selected:
            current = shown
        shown += 1
    return current
