"""Customer profile: who the segment is, and their ranked jobs, pains and gains."""

import streamlit as st

from canvas.models import SECTIONS
from canvas.ui import editor_state, session
from canvas.ui.canvas_list import flash
from canvas.ui.profile_editor import coach_panel, section_editor, segment_panel
from canvas.ui.text import md_escape

t = session.t()
canvas_id = session.open_canvas_id()
canvas = editor_state.working_canvas(canvas_id) if canvas_id else None
if canvas is None:
    st.title(t("nav.customer_profile"))
    st.info(t("editor.no_canvas"), icon=":material/folder_open:")
    st.page_link("pages/my_canvases.py", label=t("nav.my_canvases"),
                 icon=":material/folder_open:")
    st.stop()

session.set_open_canvas(canvas_id)
flash()
st.title(md_escape(canvas.title))
st.caption(t("profile.intro"))
if editor_state.conflict_banner(canvas_id):
    st.stop()

segment_panel(t, canvas_id)
coach_panel(t, canvas_id, canvas)

tabs = st.tabs([f"{t(f'section.{name}')} ({len(canvas.section(name))})" for name in SECTIONS])
for tab, name in zip(tabs, SECTIONS, strict=True):
    with tab:
        section_editor(canvas_id, name)
