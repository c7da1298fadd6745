"""Value Proposition Canvas Studio: entry point.

Page config, the login gate, the shared frame and ``st.navigation`` over ``pages/``. Every
page is registered for every session, hidden (see :mod:`canvas.ui.shell.navigation`): a visitor
who is not logged in sees the login form at any address, and no page script runs before
the gate says who the user is. The one exception is a
mentor's read-only link (``?mentor=TOKEN``): it gets a single hidden page that shows the
canvas the token opens and nothing else.
"""

from pathlib import Path

import streamlit as st

from canvas.store import StoreError
from canvas.ui.account import auth, join_flow
from canvas.ui.canvases import exports, mentor_sharing
from canvas.ui.projector import room_banner
from canvas.ui.shell import aria, chrome, navigation, outage, session

ROOT = Path(__file__).parent
st.set_page_config(page_title="Value Proposition Canvas Studio",
                   page_icon=str(ROOT / "assets" / "icon.png"), layout="wide",
                   initial_sidebar_state="auto")
# The export browser starts in the background at the server's first run, not at the first
# PNG a learner asks for (a thread's start; free after the first run).
exports.warm_up_at_start()

if mentor_sharing.requested():
    # A mentor's read-only link: one page, no login, no navigation, whoever is signed in.
    chrome.inject_css()
    aria.translate_hidden_labels()
    st.navigation([st.Page(mentor_sharing.mentor_page, title=session.t()("mentor.view.title"),
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

# Every page of every role is registered (hidden) for every session, so no address the
# app can lead to is "not found"; canvas/ui/shell/navigation.py decides what each one shows.
selected, routes = navigation.register(t)
current_link = -1
if not logged_in:
    state = "visitor"
    join_flow.login_notice(t)
elif join_flow.needs_new_password():
    # A one-time password from a login card: nothing else until the learner picks theirs.
    state = "pending"
else:
    state = "user"
    join_flow.join_pending(t)
    current_link = navigation.sidebar_links(t, routes, selected)
    chrome.sidebar()
    auth.logout_button()
    room_banner.show()
aria.translate_hidden_labels(current_link)

if logged_in:
    outage.return_to_page(selected.url_path, ROOT / "pages")
st.session_state[join_flow.PAGE_PATH] = selected.url_path  # to find the app's own address
if selected.url_path != "insights":
    st.session_state.pop(session.INSIGHTS_DRAWN_KEY, None)  # Insights' first run: one tab
try:
    navigation.run(t, routes, selected, state, auth.login_page, join_flow.first_password_page)
except StoreError as exc:  # a page's read or write that the store could not serve
    st.error(exc.message(t))
    if outage.unavailable(exc):
        outage.retry_when_back()
