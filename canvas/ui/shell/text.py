"""Show user text as plain text in Streamlit, which renders markdown almost everywhere.

Labels, captions and ``st.markdown`` interpret ``**``, ``[link](...)``, ``:red[...]``,
``$math$`` and more. Backslash-escaping every ASCII punctuation character is valid
CommonMark and makes Streamlit print the text exactly as the user typed it.
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&\"'=^%@/;,?])")


#: Streamlit's markdown turns bare web and e-mail addresses into live links even when every
#: punctuation mark is escaped. An invisible word joiner inside the trigger breaks the match
#: without changing what the reader sees.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto)(?=:)|(www)(?=\.)|(?<=[\w.+-])(?=@)")
WORD_JOINER = "\u2060"


def md_escape(text: str) -> str:
    text = _AUTOLINK.sub(lambda m: (m.group(0) or "") + WORD_JOINER, text)
    escaped = _PUNCT.sub(r"\\\1", text)
    # Keep line breaks visible without letting a leading "1." or "#" start a block.
    return escaped.replace("\n", "  \n")


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
