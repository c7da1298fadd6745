"""The frame of a board page (customer profile, value map): one compact row above the board.

At 1280x720 the title, the page's intro, the share buttons, the segment, three folded
panels and a two-line hint took 411 px, and one note per lane was on the first screen.
Here the title, its intro (in the title's help) and the share buttons are one row; the
folded panels are one row in the board's working area (editor/board_widget.py); the board's
rule is one short line with the whole rule in the title's help. The styles are in
assets/theme.css under ``.st-key-vpc_board_head`` and apply to board pages only.
"""

from __future__ import annotations

import streamlit as st

from canvas.ui.canvases.mentor_sharing import mentor_link_button
from canvas.ui.editor import editor_state
from canvas.ui.shell import session
from canvas.ui.shell.notices import show_flash
from canvas.ui.shell.text import md_escape
from canvas.ui.workshop.workshop_share import share_with_workshop

HEAD_KEY = "vpc_board_head"


def header(canvas, page: str) -> None:
    """Title (intro and board rule in its help), share buttons; stops the page while
    another tab's save waits for the user's choice. (The facilitator's comments are in
    the board's working area, which follows them live: canvas/ui/editor/board_widget.py.)"""
    t = session.t()
    show_flash()
    intro = t("profile.intro" if page == "profile" else "value_map.intro")
    with st.container(horizontal=True, vertical_alignment="center", gap="small",
                      key=HEAD_KEY):
        st.title(md_escape(canvas.title), anchor=False,
                 help=f"{intro}\n\n{t(f'board.rule.{page}')}")
        share_with_workshop(canvas.id, canvas.title)
        mentor_link_button(canvas.id)
    if editor_state.conflict_banner(canvas.id):
        st.stop()
