"""Which store the app uses, and what spans all three kinds of data (a user's export, an
account's deletion).

Pages and ``canvas/ui`` ask :func:`open_backend` for a backend and use only the methods of
:mod:`canvas.store.contract`. Two backends: the data folder (the embedded default) and
PostgreSQL (:mod:`canvas.store.postgres`, chosen by ``VPC_DATABASE_URL``) for several app
servers sharing one store. No page knows which one it talks to.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from canvas.store.contract import (
    FACILITATOR,
    LEARNER,
    AccountBackend,
    CanvasBackend,
    CanvasSummary,
    CommentBackend,
    MentorLinkBackend,
    PresentingBackend,
    RoomBackend,
    StaleRevisionError,
    StoreBackend,
    StoreError,
    WorkshopBackend,
)

__all__ = ["FACILITATOR", "LEARNER", "AccountBackend", "CanvasBackend", "CanvasSummary",
           "CommentBackend", "FolderBackend", "MentorLinkBackend", "PresentingBackend",
           "RoomBackend", "StaleRevisionError", "StoreBackend", "StoreError", "WorkshopBackend",
           "delete_user", "export_user_zip", "open_backend"]

#: What of an account goes into the user's export: never the password hash, nor the
#: security counters that only matter to the server.
EXPORTED_FIELDS = ("email", "first_name", "last_name", "roles", "preferences", "created_at")
#: What of a comment on the user's canvases goes into the export.
EXPORTED_COMMENT_FIELDS = {"canvas_id", "item_id", "item_text", "author", "text", "created_at"}
#: What of a mentor link goes into the export: never the token's hash nor the password's,
#: which would let a copy of the export be used to attack the link.
EXPORTED_LINK_FIELDS = {"label", "canvas_id", "created_at", "expires_at", "last_opened_at"}


class FolderBackend:
    """The embedded default: everything in one data folder. (The folder modules import
    the contract, so they are imported here only when used.)"""

    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)

    def accounts(self) -> AccountBackend:
        from canvas.accounts import AccountStore

        return AccountStore(self.data_dir)

    def canvases(self, username: str) -> CanvasBackend:
        from canvas.storage import CanvasStore

        return CanvasStore(self.data_dir, username)

    def workshops(self) -> WorkshopBackend:
        from canvas.workshops import WorkshopStore

        return WorkshopStore(self.data_dir)

    def comments(self) -> CommentBackend:
        from canvas.comments import CommentStore

        return CommentStore(self.data_dir, rooms=self.room())

    def mentor_links(self) -> MentorLinkBackend:
        from canvas.mentor_links import MentorLinkStore

        return MentorLinkStore(self.data_dir)

    def presenting(self) -> PresentingBackend:
        from canvas.presenting import FolderPresenting

        return FolderPresenting(self.data_dir)

    def room(self) -> RoomBackend:
        from canvas.room_store import FolderRooms

        return FolderRooms(self, self.data_dir)


def open_backend(location: Path | str) -> StoreBackend:
    """A data folder, or a ``postgresql://`` URL (this process's one pool to it, migrated
    at its first use). Raises :class:`StoreError` when the database cannot be reached."""
    if isinstance(location, str) and location.startswith(("postgresql://", "postgres://")):
        from canvas.store.postgres import shared_backend

        return shared_backend(location)
    return FolderBackend(location)


def _file_name(title: str, canvas_id: str) -> str:
    slug = re.sub(r"[^\w-]+", "-", title, flags=re.UNICODE).strip("-_").lower()[:60]
    return f"{slug or 'canvas'}-{canvas_id}.json"


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def export_user_zip(backend: StoreBackend, username: str) -> bytes:
    """All a user's data as one ZIP: each canvas as a file that imports again, their
    account details and preferences in ``account.json``, the facilitators' comments on
    their canvases in ``comments.json`` and what they know of their mentor links in
    ``mentor_links.json`` (the links themselves cannot be rebuilt: only hashes are kept)."""
    canvases = backend.canvases(username)
    entry = backend.accounts().user(username) or {}
    account = {"username": username,
               **{key: entry[key] for key in EXPORTED_FIELDS if key in entry}}
    summaries = canvases.list()
    comments = [{**comment.model_dump(mode="json", include=EXPORTED_COMMENT_FIELDS),
                 "resolved": comment.resolved}
                for summary in summaries
                for comment in backend.comments().on_canvas(username, username, summary.id)]
    links = [{**link.model_dump(mode="json", include=EXPORTED_LINK_FIELDS),
              "has_password": link.has_password}
             for link in backend.mentor_links().links(username)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("account.json", _json(account))
        archive.writestr("comments.json", _json(comments))
        archive.writestr("mentor_links.json", _json(links))
        for summary in summaries:
            archive.writestr(f"canvases/{_file_name(summary.title, summary.id)}",
                             canvases.file_bytes(summary.id))
    return out.getvalue()


def delete_user(backend: StoreBackend, username: str) -> None:
    """Delete an account with its canvases, history, memberships and shares.

    Its sessions end first everywhere, then the data goes, and the account itself last,
    so the name cannot be registered again while the old data still exists. The canvases
    are swept once more at the end for a save that was already running in another tab.
    """
    accounts = backend.accounts()
    refusal = accounts.deletion_refusal(username)
    if refusal is not None:
        raise refusal
    accounts.revoke_sessions(username)
    backend.mentor_links().forget_user(username)
    backend.comments().forget_user(username)
    backend.workshops().forget_user(username)
    canvases = backend.canvases(username)
    canvases.delete_all()
    accounts.delete_account(username)
    canvases.delete_all()
