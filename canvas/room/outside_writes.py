"""The facilitator changed a learner's canvas: who did it, and what becomes of the learner's
own edits made on the revision before (issue 21).

Applying a room's vote writes the owner's canvas from the projector, and so does taking it
back. The owner's open board used to keep the old order, and her next edit was refused as
if she had changed the canvas "in another tab or window". The room records each of those
writes (:class:`canvas.room.state.CanvasWrite`), so the owner's page can tell them apart
from a second tab of her own: :func:`explained` says whether every revision between the
one she saw and the stored one is the facilitator's, and :func:`refusal` decides what
happens to the edit she made meanwhile:

- an addition, a text, a note, a kind or a status, a deletion, a link: applied on top of
  the facilitator's revision (none of them depends on the order the vote set);
- a move, a new score, "rank by comparing" or "spread the scores" in the section the vote
  ordered, or an Undo of her own earlier move there: refused, with one sentence naming
  it, because it was aimed at an order that no longer exists.

A revision nobody accounts for (a real second tab) keeps the conflict banner, as before.
"""

from __future__ import annotations

from collections.abc import Iterable

from canvas.fileformat.models import SCORE_FIELD
from canvas.room.state import CanvasWrite

#: Board actions that set the order of one section (the section is the action's).
ORDER_ACTIONS = frozenset({"move", "compare_accept", "spread"})


def explained(writes: Iterable[CanvasWrite], canvas_id: str, after: int,
              upto: int) -> list[CanvasWrite] | None:
    """The facilitator's writes that make up every revision in ``(after, upto]``, oldest
    first; None when that range is empty or holds a revision they did not write."""
    by_revision = {w.revision: w for w in writes if w.canvas_id == canvas_id}
    gap = [by_revision.get(revision) for revision in range(after + 1, upto + 1)]
    return gap if gap and all(gap) else None


def reordered(gap: Iterable[CanvasWrite]) -> set[str]:
    return {write.section for write in gap}


def refusal(kind: str | None, section: str | None, field: str | None,
            gap: list[CanvasWrite]) -> str | None:
    """Why an edit made before ``gap`` may not land on top of it (a catalog key under
    ``live_reach.refused.``), or None: apply it.

    ``kind`` is the board action's type (None for an edit outside the board), ``section``
    the section it changes (for an Undo: the section of the move it takes back, only when
    it takes back an order), ``field`` the field an update sets.
    """
    if section is None or section not in reordered(gap):
        return None
    if kind in ORDER_ACTIONS:
        return "move" if kind == "move" else "order"
    if kind == "undo":
        return "undo"
    if kind == "update" and field == SCORE_FIELD.get(section):
        return "score"
    return None


def latest(gap: list[CanvasWrite]) -> CanvasWrite:
    """The write whose sentence the owner reads (the last one says where things stand)."""
    return gap[-1]
