"""A workshop's live room, pure: its rules (step, timer, dot vote), the change signal
browsers poll, the summary and overview of the groups' canvases, the gallery walk's
layout, join links, group accounts, and the facilitator's writes to a canvas.
"""
