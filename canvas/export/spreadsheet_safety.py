"""Text a spreadsheet shows and never runs: the guard against CSV and formula injection.

Spreadsheets run a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (``=HYPERLINK(...)`` from a learner's note would reach a facilitator's
Excel as a live link): such cells get a leading ``'``, as OWASP recommends against CSV
injection. Both tables apply it, the items' (:mod:`canvas.export.tables`) and the test
and learning cards' (:mod:`canvas.export.evidence_tables`), so it lives apart from both:
the items' workbook holds a sheet of cards, and the two modules imported each other.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What a spreadsheet may skip before it reads a formula, or what hides one from a reader:
#: white space and line breaks, zero-width and direction marks (the Arabic letter mark and
#: the directional isolates too, which right-to-left text brings), the byte-order mark.
_SKIPPED = re.compile(
    r"^[\s\u061c\u200b-\u200f\u2028-\u202f\u2060-\u2069\ufeff]+")


def spreadsheet_text(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs it: a formula gets a leading '.

    A formula is also recognised behind leading spaces, line feeds, invisible characters
    and a byte-order mark, and in its fullwidth forms (＝, ＋, －, ＠), which some
    spreadsheets read as the ASCII ones (NFKC)."""
    first = _SKIPPED.sub("", text)[:1]
    if text.startswith(FORMULA_STARTS) or unicodedata.normalize("NFKC", first) in \
            FORMULA_STARTS:
        return "'" + text
    return text


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every formula-like text cell made inert (see :func:`spreadsheet_text`)."""
    def safe(value):
        return spreadsheet_text(value) if isinstance(value, str) else value

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(safe)
    return out
