"""Account: password, facilitator tools, and taking one's data away or deleting it all."""

import streamlit as st

from canvas.ui.account.auth import change_password_form, delete_account_section, reset_password_form
from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape

t = session.t()
user = session.require_user()
st.title(t("nav.account"))
role = t("chrome.role.facilitator") if user.is_facilitator else t("chrome.role.learner")
st.write(t("account.who", name=md_escape(user.name), username=md_escape(user.username),
           role=role))
st.subheader(t("account.password"))
change_password_form()

if user.is_facilitator:
    st.subheader(t("account.facilitators"))
    st.caption(t("account.facilitators.help"))
    with st.form("promote_form", clear_on_submit=True):
        name = st.text_input(t("auth.username"), key="promote_user", max_chars=32)
        if st.form_submit_button(t("account.facilitators.grant"), icon=":material/badge:"):
            wanted = name.strip().lower()
            if wanted and session.accounts().set_roles(wanted, ["facilitator"]):
                st.success(t("account.facilitators.granted", username=md_escape(wanted)))
            else:
                st.error(t("account.facilitators.unknown"))
    st.subheader(t("security.reset.title"))
    st.caption(t("security.reset.help"))
    reset_password_form()

st.subheader(t("security.delete.title"))
delete_account_section()
