"""Customer profile: who the segment is, and their jobs, pains and gains on the board."""

from canvas.ui.editor import board_page, editor_state
from canvas.ui.editor.profile_editor import profile_board

canvas = editor_state.open_canvas_or_stop("nav.customer_profile")
board_page.header(canvas, "profile")
profile_board(canvas.id)
