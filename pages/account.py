"""Account: language, display options and password."""

import streamlit as st

from canvas.ui import session
from canvas.ui.auth import change_password_form
from canvas.ui.text import md_escape

t = session.t()
user = session.require_user()
st.title(t("nav.account"))
role = t("chrome.role.facilitator") if user.is_facilitator else t("chrome.role.learner")
st.write(t("account.who", name=md_escape(user.name), username=md_escape(user.username),
           role=role))
st.subheader(t("account.password"))
change_password_form()
