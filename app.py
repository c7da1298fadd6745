"""Value Proposition Canvas Studio: entry point.

Page config, the login gate, the shared frame and ``st.navigation`` over ``pages/``. A
visitor who is not logged in can reach only the login page; pages are registered only
after the gate says who the user is, so no URL leads past it.
"""

from pathlib import Path

import streamlit as st

from canvas.ui import auth, chrome, session

ROOT = Path(__file__).parent
st.set_page_config(page_title="Value Proposition Canvas Studio",
                   page_icon=str(ROOT / "assets" / "icon.png"), layout="wide",
                   initial_sidebar_state="auto")

logged_in = auth.gate()
if logged_in:
    chrome.load_a11y_preferences()
chrome.inject_css()
t = session.t()

if not logged_in:
    navigation = st.navigation([st.Page(auth.login_page, title=t("nav.login"),
                                        icon=":material/login:", url_path="login")],
                               position="hidden")
else:
    def page(file: str, key: str, icon: str, **kwargs) -> st.Page:
        return st.Page(str(ROOT / "pages" / file), title=t(f"nav.{key}"), icon=icon,
                       url_path=key.replace("_", "-"), **kwargs)

    navigation = st.navigation({
        t("nav.group.canvas"): [
            page("my_canvases.py", "my_canvases", ":material/folder_open:", default=True),
            page("customer_profile.py", "customer_profile", ":material/person:"),
            page("value_map.py", "value_map", ":material/redeem:"),
            page("insights.py", "insights", ":material/insights:"),
            page("projector.py", "projector", ":material/co_present:"),
        ],
        t("nav.group.workshop"): [
            page("workshops.py", "workshops", ":material/groups:"),
        ],
        t("nav.group.account"): [
            page("account.py", "account", ":material/manage_accounts:"),
        ],
    })
    chrome.sidebar()
    auth.logout_button()

navigation.run()
