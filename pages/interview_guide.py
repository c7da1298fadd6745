"""Interview guide: questions about past behaviour for real customers, printed, noted."""

from canvas.ui.evidence.guide_editor import page
from canvas.ui.shell import session
from canvas.ui.shell.notices import show_flash

t = session.t()
show_flash()
page(t)
