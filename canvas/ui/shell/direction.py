"""Which way is back: the arrows of page turns follow the reading direction (issue 25).

In a page read right to left (Arabic, Persian) "Previous" stands at the right and points
right, and the ArrowRight key goes back, as a book's pages turn; in the other languages the
other way round. Streamlit draws a button's icon and shortcut as given, so the buttons that
turn pages (the projector's steps, the gallery walk's fours) take theirs from here.
"""

from __future__ import annotations

from canvas.i18n import text_direction

_LEFT = {"icon": ":material/arrow_back:", "shortcut": "Left"}
_RIGHT = {"icon": ":material/arrow_forward:", "shortcut": "Right"}


def page_turns(language: str) -> tuple[dict, dict]:
    """Keyword arguments (icon, shortcut) for the Previous and the Next button."""
    if text_direction(language) == "rtl":
        return dict(_RIGHT), dict(_LEFT)
    return dict(_LEFT), dict(_RIGHT)
