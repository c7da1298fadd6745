"""Name one change between two versions of a canvas, for messages like "your last change
was not saved: added “Long queues”".

Pure: no Streamlit. Returns a key in the board_trust catalog and its parameters; the caller
translates them.
"""

from __future__ import annotations

from canvas.fileformat.models import SCORE_FIELD, SECTIONS, VALUE_MAP_SECTIONS, Canvas


def describe(before: Canvas, after: Canvas) -> tuple[str, dict]:
    """The first difference found, as ``(catalog key, params)``.

    The params hold ``section`` (a section name, to be translated as ``section.<name>.item``)
    and ``text`` (the note's text) where a note is concerned.
    """
    for section in (*SECTIONS, *VALUE_MAP_SECTIONS):
        old, new = before.section(section), after.section(section)
        old_by_id = {item.id: item for item in old}
        new_by_id = {item.id: item for item in new}
        added = [item for item in new if item.id not in old_by_id]
        if added:
            return "board_trust.change.added", {"section": section, "text": added[0].text}
        gone = [item for item in old if item.id not in new_by_id]
        if gone:
            return "board_trust.change.deleted", {"section": section, "text": gone[0].text}
        for item in new:
            if item.text != old_by_id[item.id].text:
                return "board_trust.change.edited", {"section": section,
                                                     "text": item.text}
        moved = next((n for o, n in zip(old, new, strict=True) if o.id != n.id), None)
        score = SCORE_FIELD.get(section)
        if moved is None and score:
            moved = next((n for n in new
                          if getattr(n, score) != getattr(old_by_id[n.id], score)), None)
        if moved is not None:
            return "board_trust.change.moved", {"section": section, "text": moved.text}
        changed = next((n for n in new if n != old_by_id[n.id]), None)
        if changed is not None:
            return "board_trust.change.changed", {"section": section,
                                                  "text": changed.text}
    return "board_trust.change.other", {}
