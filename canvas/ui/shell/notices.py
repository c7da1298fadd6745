"""Confirmations that outlive a rerun: an action records one, the next page run shows it.

Actions end with ``st.rerun()`` (so the page redraws from the stored data), which would wipe
a message drawn before it; :func:`canvas.ui.shell.session.flash` keeps the text in the user's
session state and :func:`show_flash`, called near the top of a page, shows it once.
"""

from __future__ import annotations

import streamlit as st

from canvas.ui.shell import session


def show_flash() -> None:
    """Show the pending confirmation, if any, as a toast (plain text, never markup)."""
    message = session.take_flash()
    if message:
        st.toast(message, icon=":material/check_circle:")
