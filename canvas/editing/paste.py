"""Turn pasted text (a list from notes, a document, a whiteboard export) into notes.

Workshops often start from a list someone already typed elsewhere. Adding it line by line
is tedious, so the board offers a paste; this module decides, before anything is added,
what each line becomes, and counts what was left out and why, so the preview can say so.
Text stays plain text: only list markers and extra whitespace are removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from canvas.fileformat.models import MAX_ITEM_TEXT, MAX_ITEMS_PER_SECTION

#: One paste adds at most this many notes: more is almost surely the wrong clipboard.
MAX_PASTE = 50
ELLIPSIS = "…"

_SPACE = re.compile(r"\s+")
# One bullet or number ("- ", "* ", "• ", "– ", "1. ", "1) ", "a) "), then optionally a
# checkbox ("[ ] ", "[x] ", "☐ "), as copied from notes, documents and task lists. A marker
# alone on a line counts as an empty line.
_MARKER = re.compile(
    r"^(?:[-*•–](?:\s+|$)|\d{1,3}[.)](?:\s+|$)|[A-Za-z]\)(?:\s+|$))?"
    r"(?:\[[ xX]?\](?:\s+|$)|[☐☑☒](?:\s+|$))?"
)


@dataclass(frozen=True)
class PastePreview:
    texts: list[str]  # what will be added, in order
    duplicates: int   # lines dropped: same text as one in the section or earlier in the paste
    shortened: int    # lines cut to MAX_ITEM_TEXT characters, ending with "…"
    over_limit: int   # lines beyond MAX_PASTE (or beyond the room left in the section)


def _key(text: str) -> str:
    """Texts that differ only in case or spacing are the same note."""
    return _SPACE.sub(" ", text).strip().casefold()


def clean_line(line: str) -> str:
    """The note a pasted line becomes ("" for a line with nothing to keep)."""
    text = _SPACE.sub(" ", line).strip()
    return text[_MARKER.match(text).end():].strip()


def shorten(text: str) -> tuple[str, bool]:
    """Cut to MAX_ITEM_TEXT characters, ellipsis included, at a word boundary if one is in
    the second half (so a long unbroken run such as a link is cut mid-word instead)."""
    if len(text) <= MAX_ITEM_TEXT:
        return text, False
    head = text[:MAX_ITEM_TEXT - 1]
    if text[MAX_ITEM_TEXT - 1] != " ":
        space = head.rfind(" ")
        if space >= MAX_ITEM_TEXT // 2:
            head = head[:space]
    return head.rstrip() + ELLIPSIS, True


def preview(raw: str, existing_texts: Sequence[str] = ()) -> PastePreview:
    """One note per non-empty line of ``raw`` (\\n, \\r\\n, \\r or another Unicode line
    break), in order.

    ``existing_texts`` are the section's notes: repeating one of them is a duplicate, and
    the section's room (MAX_ITEMS_PER_SECTION) caps the paste like MAX_PASTE does.
    """
    room = max(0, min(MAX_PASTE, MAX_ITEMS_PER_SECTION - len(existing_texts)))
    seen = {_key(text) for text in existing_texts}
    texts: list[str] = []
    duplicates = shortened = over_limit = 0
    for line in raw.splitlines():
        text, cut = shorten(clean_line(line))
        if not text:
            continue
        if _key(text) in seen:
            duplicates += 1
            continue
        seen.add(_key(text))
        if len(texts) >= room:
            over_limit += 1
            continue
        texts.append(text)
        shortened += cut
    return PastePreview(texts, duplicates, shortened, over_limit)
