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
    RoomBackend,
    StaleRevisionError,
    StoreBackend,
    StoreError,
    WorkshopBackend,
)

__all__ = ["FACILITATOR", "LEARNER", "AccountBackend", "CanvasBackend", "CanvasSummary",
           "FolderBackend", "RoomBackend", "StaleRevisionError", "StoreBackend", "StoreError",
           "WorkshopBackend", "delete_user", "export_user_zip", "open_backend"]

#: What of an account goes into the user's export: never the password hash, nor the
#: security counters that only matter to the server.
EXPORTED_FIELDS = ("email", "first_name", "last_name", "roles", "preferences", "created_at")


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


def export_user_zip(backend: StoreBackend, username: str) -> bytes:
    """All a user's data as one ZIP: each canvas as a file that imports again, and their
    account details and preferences in ``account.json``."""
    canvases = backend.canvases(username)
    entry = backend.accounts().user(username) or {}
    account = {"username": username,
               **{key: entry[key] for key in EXPORTED_FIELDS if key in entry}}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("account.json", json.dumps(account, ensure_ascii=False, indent=2))
        for summary in canvases.list():
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
    backend.workshops().forget_user(username)
    canvases = backend.canvases(username)
    canvases.delete_all()
    accounts.delete_account(username)
    canvases.delete_all()
