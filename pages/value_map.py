"""Value map: what the offer does for the ranked profile, and how well it fits."""

import streamlit as st

from canvas.ui import editor_state, session
from canvas.ui.canvas_list import flash
from canvas.ui.text import md_escape
from canvas.ui.value_map_editor import fit_panel, jobs_context, value_map_sections

t = session.t()
canvas = editor_state.open_canvas_or_stop("nav.value_map")
canvas_id = canvas.id
flash()
st.title(md_escape(canvas.title))
st.caption(t("value_map.intro"))
if editor_state.conflict_banner(canvas_id):
    st.stop()

fit_panel(t, canvas_id, canvas)
main, side = st.columns([3, 1], gap="large")
with side:
    jobs_context(t, canvas)
with main:
    editor_state.show_messages(canvas_id)
    value_map_sections(t, canvas_id, canvas)
