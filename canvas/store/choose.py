"""Which backend a server uses, and what spans every kind of data (a user's export, an
account's deletion): the one module that imports a backend.

Apart from :mod:`canvas.store`'s own package (the contract, errors and records, which pure
modules such as :mod:`canvas.room.state` import), so that importing the contract never
loads a backend and a backend can import pure modules that import the contract.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from canvas.store.base import StoreBackend
from canvas.store.folder import FolderBackend

__all__ = ["FolderBackend", "delete_user", "export_user_zip", "open_backend"]

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
    at its first use). Raises :class:`StoreError` when the database cannot be reached."""
    if isinstance(location, str) and location.startswith(("postgresql://", "postgres://")):
        # Optional heavy dependency: the PostgreSQL backend loads psycopg, Alembic and
        # SQLAlchemy (about 0.4 s); a data-folder server never needs them.
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
