"""The facilitator's view of the room as rows: who is here, what they shared, how far along.

Twenty learners at twenty laptops: the facilitator needs to see at a glance who joined
but has shared nothing, whose canvas has no pains yet, and who has not touched theirs for
a while. One row per shared canvas (a learner with two has two rows), one row for a
member with none, sorted by learner name so a row keeps its place while the room works.
Whether a learner is online is known only where presence is stored: ``online`` is None
when it is not, and the rows then say nothing about it. Pure, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OverviewRow:
    username: str
    name: str
    canvas_id: str | None      # None: this member has shared nothing
    title: str
    jobs: int
    pains: int
    gains: int
    value_map: int
    updated_at: datetime | None
    online: bool | None        # None: presence is not known


def overview_rows(members: Iterable[str], names: Mapping[str, str],
                  shared: Iterable[tuple[str, object]],
                  online: set[str] | None = None) -> list[OverviewRow]:
    """Rows for every member, by name (then username), each learner's canvases by title.

    ``shared`` holds ``(username, canvas)`` for every canvas shared to the workshop; a
    sharer who has since left the member list still gets rows (their shares are what the
    facilitator sees in the gallery).
    """
    by_user: dict[str, list] = {username: [] for username in members}
    for username, canvas in shared:
        by_user.setdefault(username, []).append(canvas)
    rows = []
    for username, canvases in by_user.items():
        name = names.get(username) or username
        here = None if online is None else username in online
        if not canvases:
            rows.append(OverviewRow(username, name, None, "", 0, 0, 0, 0, None, here))
            continue
        for canvas in canvases:
            vm = canvas.value_map
            rows.append(OverviewRow(
                username, name, canvas.id, canvas.title, len(canvas.jobs), len(canvas.pains),
                len(canvas.gains),
                len(vm.products) + len(vm.pain_relievers) + len(vm.gain_creators),
                canvas.updated_at, here))
    rows.sort(key=lambda r: (r.name.casefold(), r.username, r.canvas_id is None,
                             r.title.casefold(), r.canvas_id or ""))
    return rows
