"""Value Proposition Canvas Studio: entry point.

Page config, the login gate, the shared frame and ``st.navigation`` over ``pages/``. A
visitor who is not logged in can reach only the login page; pages are registered only
after the gate says who the user is, so no URL leads past it. The one exception is a
mentor's read-only link (``?mentor=TOKEN``): it gets a single hidden page that shows the
canvas the token opens and nothing else.
"""

from pathlib import Path

import streamlit as st

from canvas.store import StoreError
from canvas.ui import auth, chrome, join_flow, mentor_links, outage, room_banner, session

ROOT = Path(__file__).parent
st.set_page_config(page_title="Value Proposition Canvas Studio",
                   page_icon=str(ROOT / "assets" / "icon.png"), layout="wide",
                   initial_sidebar_state="auto")

if mentor_links.requested():
    # A mentor's read-only link: one page, no login, no navigation, whoever is signed in.
    chrome.inject_css()
    st.navigation([st.Page(mentor_links.mentor_page, title=session.t()("mentor.view.title"),
                           icon=":material/visibility:", url_path="mentor")],
                  position="hidden").run()
    st.stop()

try:
    logged_in = auth.gate()
except StoreError as exc:
    # The store itself is unreachable (PostgreSQL down after its retries): one sentence
    # instead of a traceback; the next click tries again.
    chrome.inject_css()
    st.error(exc.message(session.t()))
    if outage.unavailable(exc):
        outage.remember_page()
        outage.retry_when_back()  # and the page comes back by itself (issue 22)
    st.stop()
join_flow.remember_join_link()
if logged_in:
    chrome.load_a11y_preferences()
chrome.inject_css()
t = session.t()

if not logged_in:
    join_flow.login_notice(t)
    navigation = st.navigation([st.Page(auth.login_page, title=t("nav.login"),
                                        icon=":material/login:", url_path="login")],
                               position="hidden")
elif join_flow.needs_new_password():
    # A one-time password from a login card: nothing else until the learner picks theirs.
    navigation = st.navigation([st.Page(join_flow.first_password_page,
                                        title=t("room.first.title"), icon=":material/key:",
                                        url_path="first-password")], position="hidden")
else:
    join_flow.join_pending(t)

    def page(file: str, key: str, icon: str, **kwargs) -> st.Page:
        return st.Page(str(ROOT / "pages" / file), title=t(f"nav.{key}"), icon=icon,
                       url_path=key.replace("_", "-"), **kwargs)

    navigation = st.navigation({
        t("nav.group.canvas"): [
            page("my_canvases.py", "my_canvases", ":material/folder_open:", default=True),
            page("customer_profile.py", "customer_profile", ":material/person:"),
            page("value_map.py", "value_map", ":material/redeem:"),
            page("insights.py", "insights", ":material/insights:"),
            st.Page(str(ROOT / "pages" / "interview_guide.py"), icon=":material/forum:",
                    title=t("evidence_ui.nav.guide"), url_path="interview-guide"),
            page("projector.py", "projector", ":material/co_present:"),
        ],
        t("nav.group.workshop"): [
            page("workshops.py", "workshops", ":material/groups:"),
            *([st.Page(str(ROOT / "pages" / "join_screen.py"), title=t("room.nav.join_screen"),
                       icon=":material/qr_code_2:", url_path="join-screen")]
              if session.require_user().is_facilitator else []),
        ],
        t("nav.group.account"): [
            page("account.py", "account", ":material/manage_accounts:"),
        ],
    })
    chrome.sidebar()
    auth.logout_button()
    room_banner.show()

if logged_in:
    outage.return_to_page(navigation.url_path, ROOT / "pages")
st.session_state[join_flow.PAGE_PATH] = navigation.url_path  # to find the app's own address
try:
    navigation.run()
except StoreError as exc:  # a page's read or write that the store could not serve
    st.error(exc.message(t))
    if outage.unavailable(exc):
        outage.retry_when_back()
