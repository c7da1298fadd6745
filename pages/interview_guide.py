"""Interview guide: questions about past behaviour for real customers, printed, noted."""

from canvas.ui import session
from canvas.ui.guide_editor import page
from canvas.ui.notices import show_flash

t = session.t()
show_flash()
page(t)
