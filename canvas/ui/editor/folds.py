"""Folded panels around the board that stay open or closed across the board's reruns.

The profile's and the value map's panels (segment and persona, coach, ideas, fit, "Test
first"), the persona's groups and the evidence panel's "Plan a test" are expanders drawn
by :func:`folded`. Which one is open is kept in the session under :data:`FOLDS`, where
"Test first" also opens an item's "Plan a test" before the board shows it. This module is
apart from the pages' modules so that each panel can open a fold without importing the
page that draws it (``risk_panel`` and ``profile_editor`` imported each other).
"""

from __future__ import annotations

import streamlit as st

FOLDS = "vpc_folds"  # expander name -> open


def folded(label: str, name: str, icon: str, *, default: bool = False):
    """An expander whose content is drawn only while it is open.

    The board's fragment reruns after every drag and edit; closed, the coach and the
    ideas cost nothing then (they were about 40 of the 57 messages an add sent).
    ``default`` is whether it is open before the user first opens or closes it.
    Whether it is open is kept here too: the label carries a count, and an expander whose
    label changed is a new one that would fold again after the edit that changed it.
    """
    folds = st.session_state.setdefault(FOLDS, {})
    key = f"vpc_fold_{name}"

    def remember() -> None:
        folds[name] = bool(st.session_state.get(key))

    box = st.expander(label, expanded=folds.get(name, default), icon=icon, key=key,
                      on_change=remember)
    return box, bool(box.open)
