"""Everything in a data folder as it is stored, and the upserts that write it back: the
data folder's half of ``store copy`` (:class:`canvas.store.base.DumpBackend`).

Accounts keep their password hashes, mentor links their token and password hashes,
canvases their exact bytes and history, comments their ids, times and resolved flags, so
nobody resets a password and a link already handed out keeps opening after a move. Every
``load_*`` is keyed (username, canvas id and revision, workshop code, comment id, link
id), so a copy can run again without duplicating anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from canvas.store.folder.accounts import AccountStore
from canvas.store.folder.canvases import CanvasStore
from canvas.store.folder.comments import CommentStore
from canvas.store.folder.files import atomic_write
from canvas.store.folder.mentor_links import MentorLinkStore
from canvas.store.folder.workshops import WorkshopStore
from canvas.store.records import CanvasRecord, Comment, MentorLink, Workshop
from canvas.store.rules.accounts import generation_of
from canvas.store.rules.names import ID_RE, NAME_RE


class FolderDump:
    """Mixed into :class:`canvas.store.folder.FolderBackend` (``data_dir``)."""

    data_dir: Path

    def __str__(self) -> str:
        return str(self.data_dir)

    def close(self) -> None:
        """Nothing to close: a data folder holds no connection."""

    # -- reading -----------------------------------------------------------------------
    def dump_accounts(self) -> dict[str, dict]:
        users = AccountStore(self.data_dir).stored_users()
        return {name: {**entry, "session_generation": generation_of(entry)}
                for name, entry in users.items()}

    def dump_canvases(self) -> Iterator[CanvasRecord]:
        users = self.data_dir / "users"
        if not users.is_dir():
            return
        for user_dir in sorted(users.iterdir()):
            if not user_dir.is_dir() or not NAME_RE.fullmatch(user_dir.name):
                continue
            store = CanvasStore(self.data_dir, user_dir.name)
            if not store.canvas_dir.is_dir():
                continue
            for path in sorted(store.canvas_dir.glob("*.json")):
                if path.name.startswith(".") or not ID_RE.fullmatch(path.stem):
                    continue
                history = {}
                folder = store.history_dir / path.stem
                if folder.is_dir():
                    history = {int(old.stem): old.read_bytes()
                               for old in folder.glob("*.json") if old.stem.isdigit()}
                yield CanvasRecord(user_dir.name, path.stem, path.read_bytes(), history,
                                   store.dismissed_nudges(path.stem))

    def dump_workshops(self) -> list[Workshop]:
        return WorkshopStore(self.data_dir).all()

    def dump_comments(self) -> list[Comment]:
        store = CommentStore(self.data_dir)
        if not store.folder.is_dir():
            return []
        return [comment for path in sorted(store.folder.glob("*.json"))
                if NAME_RE.fullmatch(path.stem) for comment in store.read(path.stem)]

    def dump_mentor_links(self) -> list[MentorLink]:
        return MentorLinkStore(self.data_dir).read()

    # -- writing -----------------------------------------------------------------------
    def load_accounts(self, accounts: dict[str, dict]) -> None:
        def merge(users: dict) -> None:
            for name, entry in accounts.items():
                users[name] = {key: value for key, value in entry.items()
                               if value is not None}
        AccountStore(self.data_dir).change(merge)

    def load_canvas(self, record: CanvasRecord) -> None:
        store = CanvasStore(self.data_dir, record.username)
        atomic_write(store.path(record.id), record.body)
        for revision, body in record.history.items():
            atomic_write(store.history_path(record.id) / f"{revision:08d}.json", body)
        if record.dismissed:
            store.set_dismissed_nudges(record.id, record.dismissed)

    def load_workshop(self, workshop: Workshop) -> None:
        WorkshopStore(self.data_dir).write(workshop)

    def load_comments(self, comments: list[Comment]) -> None:
        store = CommentStore(self.data_dir)
        owners: dict[str, list[Comment]] = {}
        for comment in comments:
            owners.setdefault(comment.owner, []).append(comment)
        with store.lock():
            for owner, batch in owners.items():
                merged = {comment.id: comment for comment in store.read(owner)}
                merged.update((comment.id, comment) for comment in batch)
                store.write(owner, list(merged.values()))

    def load_mentor_links(self, links: list[MentorLink]) -> None:
        store = MentorLinkStore(self.data_dir)
        with store.lock():
            merged = {link.id: link for link in store.read()}
            merged.update((link.id, link) for link in links)
            store.write(list(merged.values()))
