"""Which store the app uses, and what spans every kind of data (a user's export, an
account's deletion).

Pages and ``canvas/ui`` ask :func:`open_backend` for a backend and use only the methods of
:mod:`canvas.store.base`, the errors of :mod:`canvas.store.errors`, the records of
:mod:`canvas.store.records` and the constants of :mod:`canvas.store.rules`. Two backends
sit side by side: the data folder (:mod:`canvas.store.folder`, the embedded default) and
PostgreSQL (:mod:`canvas.store.postgres`, chosen by ``VPC_DATABASE_URL``) for several app
servers sharing one store. No page knows which one it talks to; neither backend imports
the other. Laid out like Django's ``contrib/sessions/backends``: a base that owns the
protocol and its errors, each backend beside the others importing only the base.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from canvas.store.base import (
    FACILITATOR,
    LEARNER,
    AccountBackend,
    CanvasBackend,
    CommentBackend,
    MentorLinkBackend,
    PresentingBackend,
    RoomBackend,
    StoreBackend,
    WorkshopBackend,
)
from canvas.store.errors import StaleRevisionError, StoreError
from canvas.store.records import CanvasSummary

__all__ = ["FACILITATOR", "LEARNER", "AccountBackend", "CanvasBackend", "CanvasSummary",
           "CommentBackend", "MentorLinkBackend", "PresentingBackend", "RoomBackend",
           "StaleRevisionError", "StoreBackend", "StoreError", "WorkshopBackend",
           "delete_user", "export_user_zip", "open_backend"]

#: What of an account goes into the user's export: never the password hash, nor the
#: security counters that only matter to the server.
EXPORTED_FIELDS = ("email", "first_name", "last_name", "roles", "preferences", "created_at")
#: What of a comment on the user's canvases goes into the export.
EXPORTED_COMMENT_FIELDS = {"canvas_id", "item_id", "item_text", "author", "text", "created_at"}
#: What of a mentor link goes into the export: never the token's hash nor the password's,
#: which would let a copy of the export be used to attack the link.
EXPORTED_LINK_FIELDS = {"label", "canvas_id", "created_at", "expires_at", "last_opened_at"}


def open_backend(location: Path | str) -> StoreBackend:
    """A data folder, or a ``postgresql://`` URL (this process's one pool to it, migrated
    at its first use). Raises :class:`StoreError` when the database cannot be reached.

    The backend is imported here, when it is chosen, as Django imports its session
    engine: the base (its errors) is imported by pure modules that a backend itself
    imports (``canvas.room_state``'s ``RoomError`` is a ``StoreError``), and Python runs
    this package's ``__init__`` before any of its modules, so importing a backend at the
    top of this file would make ``import canvas.room_state`` find itself half-loaded.
    A data-folder server never loads psycopg, Alembic or SQLAlchemy either.
    """
    if isinstance(location, str) and location.startswith(("postgresql://", "postgres://")):
        from canvas.store.postgres import shared_backend

        return shared_backend(location)
    from canvas.store.folder import FolderBackend

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
