"""Value map: what the offer does for the ranked profile, linked by clicking, with the fit."""

from canvas.ui.editor import board_page, editor_state
from canvas.ui.editor.value_map_editor import value_map_board

canvas = editor_state.open_canvas_or_stop("nav.value_map")
board_page.header(canvas, "value_map")
value_map_board(canvas.id)
