"""Comments: a facilitator's word on one item of a canvas a learner shared with the room.

Who may do what is enforced here, in the store, not in the page: only the facilitator of
a workshop comments, and only on a canvas shared with that workshop at that moment; only
the owner and that facilitator read the comments; only the owner resolves them.

The data-folder backend of :class:`canvas.store.base.CommentBackend` (the rules are
:mod:`canvas.store.rules.comments`): one JSON file
per owner under ``comments/<owner>.json``, written atomically under the workshops' lock,
so a comment and an "unshare" never cross. A new comment moves the canvas's change
signal in the workshop's room (``rooms``), so the learner's open board shows it within 2 s.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from canvas.fileformat.models import utc_now
from canvas.fileformat.validation import CanvasFileError
from canvas.store.errors import StoreError, WorkshopError
from canvas.store.folder.files import atomic_write, file_lock
from canvas.store.folder.workshops import WorkshopStore
from canvas.store.records import Comment
from canvas.store.rules.comments import new_comment, signal_comment
from canvas.store.rules.names import check_username
from canvas.store.rules.workshops import normalise_code

_COMMENTS = TypeAdapter(list[Comment])


class CommentStore:
    def __init__(self, data_dir: Path | str, rooms=None):
        self.data_dir = Path(data_dir)
        self.rooms = rooms
        self.folder = self.data_dir / "comments"
        # The workshops' own lock: a comment is checked against the shares it depends on.
        self._lock_path = self.data_dir / ".locks" / "workshops.lock"

    def lock(self):
        """The workshops' own lock, which every change of comments takes."""
        return file_lock(self._lock_path)

    def path(self, owner: str) -> Path:
        return self.folder / f"{check_username(owner)}.json"

    def read(self, owner: str) -> list[Comment]:
        """The comments on ``owner``'s canvases, as stored (no permission check)."""
        try:
            return _COMMENTS.validate_json(self.path(owner).read_bytes())
        except (FileNotFoundError, ValidationError):
            return []

    def write(self, owner: str, comments: list[Comment]) -> None:
        path = self.path(owner)
        if not comments:
            path.unlink(missing_ok=True)
            return
        atomic_write(path, _COMMENTS.dump_json(comments, indent=2))

    def add(self, code: str, facilitator: str, owner: str, canvas_id: str, item_id: str,
            text: str) -> Comment:
        code = normalise_code(code)
        with file_lock(self._lock_path):
            # Reading the shared canvas checks the facilitator and the share, under the
            # same lock an unshare takes.
            try:
                canvas = WorkshopStore(self.data_dir).shared_canvas(code, facilitator, owner,
                                                                    canvas_id)
            except CanvasFileError:
                raise WorkshopError("not_shared") from None
            comment = new_comment(code, facilitator, owner, canvas, item_id, text)
            self.write(owner, [*self.read(owner), comment])
        signal_comment(self.rooms, comment)
        return comment

    def _workshops_of(self, reader: str, owner: str, canvas_id: str) -> set[str]:
        """The workshops ``reader`` runs that ``owner`` shares this canvas with."""
        return {w.code for w in WorkshopStore(self.data_dir).facilitated_by(reader)
                if any(s.username == owner and s.canvas_id == canvas_id for s in w.shares)}

    def on_canvas(self, reader: str, owner: str, canvas_id: str) -> list[Comment]:
        comments = [c for c in self.read(owner) if c.canvas_id == canvas_id]
        if reader == owner:
            return comments
        codes = self._workshops_of(reader, owner, canvas_id)
        if not codes:
            raise WorkshopError("not_shared")
        return [c for c in comments if c.workshop in codes]

    def set_resolved(self, owner: str, comment_id: str, resolved: bool) -> None:
        with file_lock(self._lock_path):
            comments = self.read(owner)
            comment = next((c for c in comments if c.id == comment_id), None)
            if comment is None:
                raise StoreError("mentor.error.no_comment")
            comment.resolved_at = utc_now() if resolved else None
            self.write(owner, comments)

    def forget_user(self, username: str) -> None:
        """An account is deleted: the comments on its canvases and those it wrote go."""
        with file_lock(self._lock_path):
            self.path(username).unlink(missing_ok=True)
            if not self.folder.is_dir():
                return
            for path in sorted(self.folder.glob("*.json")):
                owner = path.stem
                comments = self.read(owner)
                kept = [c for c in comments if c.author != username]
                if len(kept) != len(comments):
                    self.write(owner, kept)
