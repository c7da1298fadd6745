"""Projector: present one canvas step by step, full screen, from the keyboard."""

import streamlit as st

from canvas.fileformat.validation import CanvasFileError
from canvas.store import StoreError
from canvas.ui.editor import editor_state
from canvas.ui.projector import room_controls
from canvas.ui.projector.evidence_present import CARD_PARAM, card_heading, find_card, test_card_view
from canvas.ui.projector.projector_views import (
    STEPS,
    heading,
    inject_css,
    navigation,
    show_step,
    step_index,
    timer_controls,
    timer_display,
)
from canvas.ui.projector.walk_views import follow_canvas, room_projector
from canvas.ui.shell import session
from canvas.ui.shell.chrome import language_switcher
from canvas.ui.shell.text import md_escape

t = session.t()
user = session.require_user()
params = st.query_params
workshop = params.get("workshop")
canvas = None
if workshop and params.get("view"):
    # The whole room: gallery walk, comparison, room summary.
    room_projector(t, user, workshop, params.get("view"), params)
    st.stop()
if workshop:
    # A shared canvas: read-only, and only for the facilitator of that workshop.
    try:
        canvas = session.workshops().shared_canvas(workshop, user.username,
                                                params.get("owner", ""), params.get("canvas", ""))
    except (StoreError, CanvasFileError):
        canvas = None
else:
    canvas_id = session.open_canvas_id()
    canvas = editor_state.working_canvas(canvas_id) if canvas_id else None

if canvas is None:
    st.title(t("nav.projector"))
    st.info(t("projector.no_canvas"), icon=":material/co_present:")
    st.page_link("pages/my_canvases.py", label=t("nav.my_canvases"),
                 icon=":material/folder_open:")
    st.stop()

inject_css()
# One learner's test card, when the facilitator chose one on the gallery.
card = params.get(CARD_PARAM) if find_card(canvas, params.get(CARD_PARAM, "")) else None
room = room_controls.projector_room(user, workshop)
top_left, top_mid, top_right = st.columns([6, 3, 2], vertical_alignment="center")
with top_left:
    if card is not None:
        card_heading(t)
    else:
        heading(t)
    st.caption(md_escape(canvas.title))
with top_mid, st.container(horizontal=True):
    timer_controls(t)
    if user.is_facilitator:
        room_controls.room_popover(t, user, workshop, STEPS[step_index()])
    if room:
        room_controls.vote_popover(t, user, room,
                                   (params.get("owner", ""), canvas) if workshop else None)
    back = "pages/workshops.py" if workshop else "pages/customer_profile.py"
    if st.button(t("projector.exit"), key="projector_exit", icon=":material/close:"):
        st.switch_page(back)
    language_switcher(location="projector", compact=True)
with top_right:
    timer_display()
room_controls.notice()
if card is not None:
    test_card_view(t, canvas, card)
elif room_controls.vote_on_screen(user, room):
    room_controls.tally(room)
    navigation(t)
else:
    show_step(t, canvas)
    navigation(t)
if workshop:
    follow_canvas(workshop, params.get("owner", ""), canvas)
