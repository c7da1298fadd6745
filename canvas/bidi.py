"""Right-to-left text and its neighbours: one set of rules for the screen, the charts and
the exports (issue 25).

A note may hold Arabic or Persian, a brand in Latin letters and a price ("iPhone 15 بسعر
300 €"), or a U+202E RIGHT-TO-LEFT OVERRIDE a hold-out typed to flip what follows. Shown
as it is inside a translated sentence, a chart label or a PDF line, such a text reorders
the words around it. Unicode's directional isolates (what ``<bdi>`` and ``dir="auto"`` do
in HTML) keep it to itself: everything here is about deciding when a text needs one and
which. Pure: the board's own script and ``canvas/ui/shell/text.py`` use the same rules.
"""

from __future__ import annotations

import unicodedata

#: Unicode's directional isolates: left-to-right, right-to-left, first strong; and their end.
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_RTL_CLASSES = frozenset({"R", "AL"})
_CONTROL_CLASSES = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI",
                              "LRM", "RLM", "ALM"})


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter (Arabic, Persian, Hebrew...)."""
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def direction(text: str) -> str | None:
    """``"rtl"`` or ``"ltr"`` as the first strong letter says (``dir="auto"``), or None."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in _RTL_CLASSES:
            return "rtl"
    return None


def needs_isolate(text: str) -> bool:
    """Holds a right-to-left letter or an explicit bidi control."""
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES | _CONTROL_CLASSES
               for char in text)


def isolate(text: str, way: str | None = None) -> str:
    """``text`` in a directional isolate when it needs one: ``way`` (``"rtl"``/``"ltr"``)
    or, without it, the direction of its first strong letter."""
    if not needs_isolate(text):
        return text
    way = way or direction(text)
    return {"rtl": RLI, "ltr": LRI}.get(way, FSI) + text + PDI


def isolate_for(text: str, rtl_context: bool) -> str:
    """``text`` isolated for a page or document that reads right to left (``rtl_context``)
    or not. There, a text holding Arabic or Persian letters is a sentence of that language
    even when a brand comes first ("iPhone 15 بسعر 300 €"): right to left (RLI); any other
    text keeps the direction of its first strong letter (FSI). Elsewhere only a text with
    right-to-left letters or bidi controls is isolated (FSI); Latin text stays as it is."""
    if not text:
        return text
    if rtl_context and has_rtl(text):
        return RLI + text + PDI
    if rtl_context or needs_isolate(text):
        return FSI + text + PDI
    return text
