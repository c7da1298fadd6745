"""Value map: what the offer does for the ranked profile, linked by clicking, with the fit."""

import streamlit as st

from canvas.ui import editor_state, session
from canvas.ui.comments import learner_comments
from canvas.ui.mentor_links import mentor_link_button
from canvas.ui.notices import show_flash
from canvas.ui.text import md_escape
from canvas.ui.value_map_editor import value_map_board
from canvas.ui.workshop_share import share_with_workshop

t = session.t()
canvas = editor_state.open_canvas_or_stop("nav.value_map")
show_flash()
st.title(md_escape(canvas.title))
st.caption(t("value_map.intro"))
with st.container(horizontal=True):
    share_with_workshop(canvas.id, canvas.title)
    mentor_link_button(canvas.id)
learner_comments(t, canvas)
if editor_state.conflict_banner(canvas.id):
    st.stop()

value_map_board(canvas.id)
