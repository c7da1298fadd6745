"""Customer profile: who the segment is, and their jobs, pains and gains on the board."""

import streamlit as st

from canvas.ui import editor_state, session
from canvas.ui.comments import learner_comments
from canvas.ui.mentor_links import mentor_link_button
from canvas.ui.notices import show_flash
from canvas.ui.profile_editor import profile_board, segment_panel
from canvas.ui.text import md_escape
from canvas.ui.workshop_share import share_with_workshop

t = session.t()
canvas = editor_state.open_canvas_or_stop("nav.customer_profile")
canvas_id = canvas.id
show_flash()
st.title(md_escape(canvas.title))
st.caption(t("profile.intro"))
with st.container(horizontal=True):
    share_with_workshop(canvas.id, canvas.title)
    mentor_link_button(canvas.id)
learner_comments(t, canvas)
if editor_state.conflict_banner(canvas_id):
    st.stop()

segment_panel(t, canvas_id)
profile_board(canvas_id)
