"""The data-folder backend: everything in one folder on this machine (the default).

One module per kind of stored data, each the folder's answer to one protocol of
:mod:`canvas.store.base`: :mod:`~canvas.store.folder.accounts` (``accounts.yaml``),
:mod:`~canvas.store.folder.canvases` (``users/<name>/``),
:mod:`~canvas.store.folder.workshops` (``workshops/<code>.json``, with
:mod:`~canvas.store.folder.join_attempts`), :mod:`~canvas.store.folder.comments`,
:mod:`~canvas.store.folder.mentor_links`, :mod:`~canvas.store.folder.presenting` and
:mod:`~canvas.store.folder.rooms`; :mod:`~canvas.store.folder.files` writes atomically
under locks, :mod:`~canvas.store.folder.dump` is its half of ``store copy``. It imports
only the store's own modules (base, errors, records, rules, operations) and pure
``canvas`` modules, never the PostgreSQL backend.
"""

from __future__ import annotations

from pathlib import Path

from canvas.store.base import (
    AccountBackend,
    CanvasBackend,
    CommentBackend,
    MentorLinkBackend,
    PresentingBackend,
    RoomBackend,
    WorkshopBackend,
)
from canvas.store.folder.accounts import AccountStore
from canvas.store.folder.canvases import CanvasStore
from canvas.store.folder.comments import CommentStore
from canvas.store.folder.dump import FolderDump
from canvas.store.folder.mentor_links import MentorLinkStore
from canvas.store.folder.presenting import FolderPresenting
from canvas.store.folder.rooms import FolderRooms
from canvas.store.folder.workshops import WorkshopStore

__all__ = ["FolderBackend"]


class FolderBackend(FolderDump):
    """The embedded default: everything in one data folder."""

    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)

    def accounts(self) -> AccountBackend:
        return AccountStore(self.data_dir)

    def canvases(self, username: str) -> CanvasBackend:
        return CanvasStore(self.data_dir, username)

    def workshops(self) -> WorkshopBackend:
        return WorkshopStore(self.data_dir)

    def comments(self) -> CommentBackend:
        return CommentStore(self.data_dir, rooms=self.room())

    def mentor_links(self) -> MentorLinkBackend:
        return MentorLinkStore(self.data_dir)

    def presenting(self) -> PresentingBackend:
        return FolderPresenting(self.data_dir)

    def room(self) -> RoomBackend:
        return FolderRooms(self, self.data_dir)
