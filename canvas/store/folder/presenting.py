"""Following shared canvases live from the data folder: their revisions, cheaply.

The projector asks every second whether a presented canvas changed. Loading and
validating each canvas for that would cost a parse per canvas per second; a learner's
canvas list is cached by file stamp
(:meth:`canvas.store.folder.canvases.CanvasStore.list`), so asking for revisions costs a
directory scan per sharing learner and a parse only for a file that changed. This is the
data-folder backend of :class:`canvas.store.base.PresentingBackend`.
"""

from __future__ import annotations

from pathlib import Path

from canvas.store.errors import WorkshopError
from canvas.store.folder.canvases import CanvasStore
from canvas.store.folder.workshops import WorkshopStore
from canvas.store.rules.workshops import normalise_code


class FolderPresenting:
    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)

    def shared_revisions(self, code: str, facilitator: str) -> dict[tuple[str, str], int]:
        workshop = WorkshopStore(self.data_dir).read(normalise_code(code))
        if workshop.facilitator != facilitator:
            raise WorkshopError("workshop_not_found")
        owners: dict[str, set[str]] = {}
        for share in workshop.shares:
            owners.setdefault(share.username, set()).add(share.canvas_id)
        out = {}
        for owner, wanted in owners.items():
            for summary in CanvasStore(self.data_dir, owner).list():
                if summary.id in wanted:
                    out[(owner, summary.id)] = summary.revision
        return out
