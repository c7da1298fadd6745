"""Customer profile: who the segment is, and their ranked jobs, pains and gains."""

import streamlit as st

from canvas.models import SECTIONS
from canvas.ui import editor_state, session
from canvas.ui.canvas_list import flash
from canvas.ui.profile_editor import coach_panel, section_editor, segment_panel
from canvas.ui.text import md_escape

t = session.t()
canvas = editor_state.open_canvas_or_stop("nav.customer_profile")
canvas_id = canvas.id
flash()
st.title(md_escape(canvas.title))
st.caption(t("profile.intro"))
if editor_state.conflict_banner(canvas_id):
    st.stop()

segment_panel(t, canvas_id)
coach_panel(t, canvas_id, canvas)

# No counts on the tabs: a section's own rerun could not update them; each list says its count.
tabs = st.tabs([t(f"section.{name}") for name in SECTIONS])
for tab, name in zip(tabs, SECTIONS, strict=True):
    with tab:
        section_editor(canvas_id, name)
