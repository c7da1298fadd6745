"""Show user text as plain text in Streamlit, which renders markdown almost everywhere.

Labels, captions and ``st.markdown`` interpret ``**``, ``[link](...)``, ``:red[...]``,
``$math$`` and more. Backslash-escaping every ASCII punctuation character is valid
CommonMark and makes Streamlit print the text exactly as the user typed it.
"""

from __future__ import annotations

import re

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from canvas.bidi import isolate_for
from canvas.i18n import RTL_LANGUAGES
from canvas.ui.shell.session import LANG_KEY

_PUNCT = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&\"'=^%@/;,?])")


#: Streamlit's markdown turns bare web and e-mail addresses into live links even when every
#: punctuation mark is escaped. An invisible word joiner inside the trigger breaks the match
#: without changing what the reader sees.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto)(?=:)|(www)(?=\.)|(?<=[\w.+-])(?=@)")
WORD_JOINER = "\u2060"


def _page_reads_right_to_left() -> bool:
    """The language of this run's page (canvas/ui/shell/session.py); outside a run (a
    script, a unit test) left to right."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return False
    return st.session_state.get(LANG_KEY) in RTL_LANGUAGES


def isolate(text: str) -> str:
    """``text`` isolated (issue 25): nothing in it (a U+202E override, an Arabic price
    after an English brand) reorders the sentence or the line around it. It takes its
    direction from its own first letters (FSI), except in a page read right to left where
    a text holding Arabic letters reads right to left (RLI) even when it starts with a
    brand. Only where it matters: text with right-to-left letters or bidi controls, and
    any text in a page read right to left; an English page's Latin text stays as it was."""
    return isolate_for(text, _page_reads_right_to_left())


def md_escape(text: str) -> str:
    """User text for Streamlit's markdown: shown as typed, and isolated (:func:`isolate`)."""
    text = _AUTOLINK.sub(lambda m: (m.group(0) or "") + WORD_JOINER, text)
    escaped = _PUNCT.sub(r"\\\1", text)
    # Keep line breaks visible without letting a leading "1." or "#" start a block.
    return isolate(escaped.replace("\n", "  \n"))


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
