"""Date fields in the user's language: one home for how a date is typed and named.

Every date field (a test's due date, an interview's day, the persona's last review) is
typed the way the user's language writes dates (DD.MM.YYYY in Ukrainian; it showed
YYYY/MM/DD), from canvas.formatting. Streamlit names its calendar and clear buttons
"Choose date" and "Clear date" in English with no parameter to change them; a small script
in a hidden same-origin frame (assets/date_labels.js) gives them our catalog's words.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from canvas.formatting import date_input_format

SCRIPT = Path(__file__).resolve().parents[3] / "assets" / "date_labels.js"
LABELS = (('[data-testid="stDateInputCalendarButton"]', "evidence_trust.date.choose"),
          ('[data-testid="stDateInputClearButton"]', "evidence_trust.date.clear"))


def date_input(where, t, label: str, **kwargs):
    """``where.date_input`` (``st`` or a column) in the user's date format."""
    return where.date_input(label, format=date_input_format(t.language), **kwargs)


def name_buttons(t, where: str) -> None:
    """The script that names the page's date buttons, drawn beside the date fields of
    ``where`` (a name unique on the page: "evidence", "persona", "guide"). Its frame takes
    no room (theme.css hides ``.st-key-vpc_date_names_*``)."""
    labels = json.dumps([[selector, t(key)] for selector, key in LABELS],
                        ensure_ascii=False).replace("</", "<\\/")
    with st.container(key=f"vpc_date_names_{where}"):
        components.html("<script>" + SCRIPT.read_text(encoding="utf-8").replace(
            "__LABELS__", labels) + "</script>", height=0)
