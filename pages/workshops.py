"""Workshops: join one and share canvases; or, as a facilitator, run one."""

import streamlit as st

from canvas.ui.shell import session
from canvas.ui.shell.notices import show_flash
from canvas.ui.workshop.comment_panels import facilitator_panel
from canvas.ui.workshop.facilitator_overview import projector_buttons, room_overview
from canvas.ui.workshop.group_form import group_accounts_form
from canvas.ui.workshop.workshop_views import (
    choose_workshop,
    code_banner,
    comparison,
    create_form,
    gallery,
    join_form,
    my_memberships,
    zip_download,
)

t = session.t()
user = session.require_user()
show_flash()
st.title(t("nav.workshops"))

if user.is_facilitator:
    run_tab, join_tab = st.tabs([t("workshops.tab.run"), t("workshops.tab.join")])
    with run_tab:
        create_form(t, user)
        workshop = choose_workshop(t, user)
        if workshop:
            code_banner(t, workshop)
            group_accounts_form(t, workshop)
            st.subheader(t("walk.overview.title"))
            room_overview(workshop.code)
            gallery(workshop.code)
            facilitator_panel(t, user, workshop.code)
            projector_buttons(t, workshop.code,
                              st.session_state.get(session.walk_picks_key(workshop.code), []),
                              st.session_state.get(f"compare_{workshop.code}", []))
            st.subheader(t("workshops.compare"))
            comparison(t, user, workshop.code)
            st.subheader(t("workshops.zip"))
            zip_download(t, user, workshop.code)
else:
    join_tab = st.container()

with join_tab:
    st.caption(t("workshops.privacy"))
    join_form(t, user)
    my_memberships(t, user)
