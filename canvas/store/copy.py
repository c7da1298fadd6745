"""Moving an install between a data folder and PostgreSQL (``python -m canvas store copy``).

The contract in :mod:`canvas.store.contract` is what pages need and deliberately hides
password hashes and other users' canvases, so a copy reads and writes each backend
directly here: accounts with their hashes as they are (nobody has to reset a password),
every canvas with its history and dismissed coach nudges, workshops with members and
shares, the facilitators' comments (ids, times and resolved flags as they are) and the
mentor links with their token hashes and password hashes as they are (a link a learner
already handed out keeps opening the canvas after the move). Canvases move as the exact
bytes the folder writes, so the content hash of each one is the same on both sides, and
that is what the verification compares; comments and links are compared field by field
through a hash of each.

Every write is an upsert keyed by username, canvas id, revision, workshop code, comment
id or link id, so the copy can be run again (after an interruption, or to catch up before
switching over) without duplicating anything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from canvas.comments import Comment
from canvas.mentor_links import MentorLink
from canvas.storage import _ID_RE, _NAME_RE, StoreError, atomic_write, file_lock
from canvas.validation import parse_canvas
from canvas.workshops import Workshop


@dataclass
class CanvasRecord:
    username: str
    id: str
    body: bytes
    history: dict[int, bytes]
    dismissed: set[str]


@dataclass
class Counts:
    accounts: int = 0
    canvases: int = 0
    revisions: int = 0
    workshops: int = 0
    comments: int = 0
    mentor_links: int = 0
    #: Content hash of each canvas, by (username, canvas id).
    hashes: dict[tuple[str, str], str] = field(default_factory=dict)
    #: Hash of each comment and mentor link, by ("comment" or "mentor_link", id).
    records: dict[tuple[str, str], str] = field(default_factory=dict)

    def totals(self) -> tuple[int, ...]:
        return (self.accounts, self.canvases, self.revisions, self.workshops, self.comments,
                self.mentor_links)


def _hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _record_hash(record: BaseModel) -> str:
    """Every field, times as UTC instants, so both backends give the same hash."""
    return _hash(record.model_dump_json().encode("utf-8"))


# -- the data folder -------------------------------------------------------------------

class FolderSide:
    def __init__(self, data_dir: Path):
        from canvas.accounts import AccountStore
        from canvas.workshops import WorkshopStore

        self.data_dir = Path(data_dir)
        self.account_store = AccountStore(self.data_dir)
        self.workshop_store = WorkshopStore(self.data_dir)

    def __str__(self) -> str:
        return str(self.data_dir)

    def accounts(self) -> dict[str, dict]:
        from canvas.accounts import generation_of

        users = self.account_store._users()
        return {name: {**entry, "session_generation": generation_of(entry)}
                for name, entry in users.items()}

    def canvases(self) -> Iterator[CanvasRecord]:
        from canvas.storage import CanvasStore

        users = self.data_dir / "users"
        if not users.is_dir():
            return
        for user_dir in sorted(users.iterdir()):
            if not user_dir.is_dir() or not _NAME_RE.fullmatch(user_dir.name):
                continue
            store = CanvasStore(self.data_dir, user_dir.name)
            if not store.canvas_dir.is_dir():
                continue
            for path in sorted(store.canvas_dir.glob("*.json")):
                if path.name.startswith(".") or not _ID_RE.fullmatch(path.stem):
                    continue
                history = {}
                folder = store.history_dir / path.stem
                if folder.is_dir():
                    history = {int(old.stem): old.read_bytes()
                               for old in folder.glob("*.json") if old.stem.isdigit()}
                yield CanvasRecord(user_dir.name, path.stem, path.read_bytes(), history,
                                   store.dismissed_nudges(path.stem))

    def workshops(self) -> list[Workshop]:
        return self.workshop_store._all()

    def put_accounts(self, accounts: dict[str, dict]) -> None:
        def merge(users: dict) -> None:
            for name, entry in accounts.items():
                users[name] = {key: value for key, value in entry.items()
                               if value is not None}
        self.account_store._change(merge)

    def put_canvas(self, record: CanvasRecord) -> None:
        from canvas.storage import CanvasStore

        store = CanvasStore(self.data_dir, record.username)
        atomic_write(store._path(record.id), record.body)
        for revision, body in record.history.items():
            atomic_write(store._history(record.id) / f"{revision:08d}.json", body)
        if record.dismissed:
            store.set_dismissed_nudges(record.id, record.dismissed)

    def put_workshop(self, workshop: Workshop) -> None:
        self.workshop_store._write(workshop)

    def comments(self) -> list[Comment]:
        from canvas.comments import CommentStore

        store = CommentStore(self.data_dir)
        if not store.folder.is_dir():
            return []
        return [comment for path in sorted(store.folder.glob("*.json"))
                if _NAME_RE.fullmatch(path.stem) for comment in store._read(path.stem)]

    def put_comments(self, comments: list[Comment]) -> None:
        from canvas.comments import CommentStore

        store = CommentStore(self.data_dir)
        owners: dict[str, list[Comment]] = {}
        for comment in comments:
            owners.setdefault(comment.owner, []).append(comment)
        with file_lock(store._lock_path):
            for owner, batch in owners.items():
                merged = {comment.id: comment for comment in store._read(owner)}
                merged.update((comment.id, comment) for comment in batch)
                store._write(owner, list(merged.values()))

    def mentor_links(self) -> list[MentorLink]:
        from canvas.mentor_links import MentorLinkStore

        return MentorLinkStore(self.data_dir)._read()

    def put_mentor_links(self, links: list[MentorLink]) -> None:
        from canvas.mentor_links import MentorLinkStore

        store = MentorLinkStore(self.data_dir)
        with file_lock(store._lock_path):
            merged = {link.id: link for link in store._read()}
            merged.update((link.id, link) for link in links)
            store._write(list(merged.values()))

    def close(self) -> None:
        pass


# -- PostgreSQL ------------------------------------------------------------------------

_ACCOUNT_COLUMNS = ("username", "email", "first_name", "last_name", "password", "roles",
                    "preferences", "created_at", "failed_login_attempts", "locked_until",
                    "session_generation", "last_login_at")


class DatabaseSide:
    def __init__(self, url: str):
        from canvas.store.postgres import PostgresBackend

        self.url = url
        self.backend = PostgresBackend(url, max_connections=2)

    def __str__(self) -> str:
        return self.url.split("@")[-1]  # never print a password

    def accounts(self) -> dict[str, dict]:
        rows = self.backend.run(lambda cur: cur.execute(
            f"SELECT {', '.join(_ACCOUNT_COLUMNS)} FROM accounts").fetchall())
        out = {}
        for row in rows:
            entry = dict(zip(_ACCOUNT_COLUMNS[1:], row[1:], strict=True))
            if not entry["preferences"]:
                entry.pop("preferences")
            out[row[0]] = {key: value for key, value in entry.items() if value is not None}
        return out

    def canvases(self) -> Iterator[CanvasRecord]:
        keys = self.backend.run(lambda cur: cur.execute(
            'SELECT username, id FROM canvases ORDER BY username, id COLLATE "C"').fetchall())
        for username, canvas_id in keys:
            def read(cur, username=username, canvas_id=canvas_id):
                body = cur.execute("SELECT body FROM canvases WHERE username = %s AND id = %s",
                                   (username, canvas_id)).fetchone()
                history = cur.execute(
                    "SELECT revision, body FROM canvas_history WHERE username = %s "
                    "AND canvas_id = %s", (username, canvas_id)).fetchall()
                meta = cur.execute("SELECT dismissed FROM canvas_meta WHERE username = %s "
                                   "AND canvas_id = %s", (username, canvas_id)).fetchone()
                return body, history, meta
            body, history, meta = self.backend.run(read)
            if body is None:
                continue  # deleted while copying
            yield CanvasRecord(username, canvas_id, body[0].encode("utf-8"),
                               {rev: text.encode("utf-8") for rev, text in history},
                               set(meta[0]) if meta else set())

    def workshops(self) -> list[Workshop]:
        from canvas.store.postgres import PostgresWorkshops

        def read(cur):
            codes = [row[0] for row in cur.execute(
                "SELECT code FROM workshops ORDER BY code").fetchall()]
            return PostgresWorkshops._load(cur, codes)
        return self.backend.run(read)

    def put_accounts(self, accounts: dict[str, dict]) -> None:
        from psycopg.errors import UniqueViolation
        from psycopg.types.json import Jsonb

        def write(cur) -> None:
            for name, entry in accounts.items():
                values = [name, *(entry.get(key) for key in _ACCOUNT_COLUMNS[1:])]
                values[_ACCOUNT_COLUMNS.index("preferences")] = Jsonb(
                    entry.get("preferences") or {})
                values[_ACCOUNT_COLUMNS.index("roles")] = list(entry.get("roles") or [])
                for key, default in (("first_name", ""), ("last_name", ""),
                                     ("failed_login_attempts", 0),
                                     ("session_generation", 0), ("created_at", 0)):
                    index = _ACCOUNT_COLUMNS.index(key)
                    if values[index] is None:
                        values[index] = default
                updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _ACCOUNT_COLUMNS[1:])
                try:
                    cur.execute(f"INSERT INTO accounts ({', '.join(_ACCOUNT_COLUMNS)}) "
                                f"VALUES ({', '.join(['%s'] * len(_ACCOUNT_COLUMNS))}) "
                                f"ON CONFLICT (username) DO UPDATE SET {updates}", values)
                except UniqueViolation:
                    # Another account of the target already has this name or e-mail
                    # in another case: merging the two would hand one person's canvases
                    # to the other, so the copy stops and says whose it is.
                    raise StoreError("database.copy.conflict", username=name) from None
        self.backend.run(write)

    def put_canvas(self, record: CanvasRecord) -> None:
        from canvas.store.postgres import PostgresCanvases

        text = record.body.decode("utf-8")
        canvas = parse_canvas(record.body, f"{record.id}.json")
        columns = PostgresCanvases._columns(canvas, text)

        def write(cur) -> None:
            cur.execute(
                "INSERT INTO canvases (username, id, revision, body, size, title, segment, "
                "language, updated_at, jobs, pains, gains, value_map) VALUES (%s, %s, %s, %s,"
                " %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (username, id) DO UPDATE "
                "SET revision = EXCLUDED.revision, body = EXCLUDED.body, size = EXCLUDED.size,"
                " title = EXCLUDED.title, segment = EXCLUDED.segment, language = "
                "EXCLUDED.language, updated_at = EXCLUDED.updated_at, jobs = EXCLUDED.jobs, "
                "pains = EXCLUDED.pains, gains = EXCLUDED.gains, value_map = "
                "EXCLUDED.value_map", (record.username, record.id, *columns))
            for revision, body in record.history.items():
                cur.execute("INSERT INTO canvas_history (username, canvas_id, revision, body)"
                            " VALUES (%s, %s, %s, %s) ON CONFLICT (username, canvas_id, "
                            "revision) DO UPDATE SET body = EXCLUDED.body",
                            (record.username, record.id, revision, body.decode("utf-8")))
            if record.dismissed:
                cur.execute("INSERT INTO canvas_meta (username, canvas_id, dismissed) VALUES "
                            "(%s, %s, %s) ON CONFLICT (username, canvas_id) DO UPDATE SET "
                            "dismissed = EXCLUDED.dismissed",
                            (record.username, record.id, sorted(record.dismissed)))
        self.backend.run(write)

    def put_workshop(self, workshop: Workshop) -> None:
        def write(cur) -> None:
            cur.execute("INSERT INTO workshops (code, name, facilitator, created_at) VALUES "
                        "(%s, %s, %s, %s) ON CONFLICT (code) DO UPDATE SET name = "
                        "EXCLUDED.name, facilitator = EXCLUDED.facilitator, created_at = "
                        "EXCLUDED.created_at",
                        (workshop.code, workshop.name, workshop.facilitator,
                         workshop.created_at))
            for username, joined in workshop.members.items():
                cur.execute("INSERT INTO workshop_members (code, username, joined_at) VALUES "
                            "(%s, %s, %s) ON CONFLICT DO NOTHING",
                            (workshop.code, username, joined))
            for share in workshop.shares:
                cur.execute("INSERT INTO workshop_shares (code, username, canvas_id, "
                            "shared_at) VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                            (workshop.code, share.username, share.canvas_id,
                             share.shared_at))
        self.backend.run(write)

    def comments(self) -> list[Comment]:
        from canvas.store.pg_mentor import _COMMENT_FIELDS, _comment

        rows = self.backend.run(lambda cur: cur.execute(
            f"SELECT {', '.join(_COMMENT_FIELDS)} FROM canvas_comments ORDER BY seq"
        ).fetchall())
        return [_comment(row) for row in rows]

    def put_comments(self, comments: list[Comment]) -> None:
        from canvas.store.pg_mentor import _COMMENT_FIELDS

        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _COMMENT_FIELDS[1:])

        def write(cur) -> None:
            for comment in comments:  # in the source's order, which ``seq`` then keeps
                values = [getattr(comment, "text" if name == "body" else name)
                          for name in _COMMENT_FIELDS]
                cur.execute(f"INSERT INTO canvas_comments ({', '.join(_COMMENT_FIELDS)}) "
                            f"VALUES ({', '.join(['%s'] * len(values))}) "
                            f"ON CONFLICT (id) DO UPDATE SET {updates}", values)
        self.backend.run(write)

    def mentor_links(self) -> list[MentorLink]:
        from canvas.store.pg_mentor import _LINK_FIELDS, _link

        rows = self.backend.run(lambda cur: cur.execute(
            f"SELECT {', '.join(_LINK_FIELDS)} FROM mentor_links ORDER BY created_at, id"
        ).fetchall())
        return [_link(row) for row in rows]

    def put_mentor_links(self, links: list[MentorLink]) -> None:
        from canvas.store.pg_mentor import _LINK_FIELDS

        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _LINK_FIELDS[1:])

        def write(cur) -> None:
            for link in links:
                values = [getattr(link, name) for name in _LINK_FIELDS]
                cur.execute(f"INSERT INTO mentor_links ({', '.join(_LINK_FIELDS)}) "
                            f"VALUES ({', '.join(['%s'] * len(values))}) "
                            f"ON CONFLICT (id) DO UPDATE SET {updates}", values)
        self.backend.run(write)

    def close(self) -> None:
        self.backend.close()


def open_side(location: str) -> FolderSide | DatabaseSide:
    if location.startswith(("postgresql://", "postgres://")):
        return DatabaseSide(location)
    return FolderSide(Path(location).expanduser())


# -- copy and verify -------------------------------------------------------------------

def inventory(side) -> Counts:
    """What a store holds: counts, and the hash of every canvas, comment and link."""
    counts = Counts(accounts=len(side.accounts()), workshops=len(side.workshops()))
    for record in side.canvases():
        counts.canvases += 1
        counts.revisions += len(record.history)
        counts.hashes[(record.username, record.id)] = _hash(record.body)
    _add_records(counts, side.comments(), side.mentor_links())
    return counts


def _add_records(counts: Counts, comments: list[Comment], links: list[MentorLink]) -> None:
    counts.comments += len(comments)
    counts.mentor_links += len(links)
    counts.records.update({("comment", c.id): _record_hash(c) for c in comments})
    counts.records.update({("mentor_link", x.id): _record_hash(x) for x in links})


def copy_store(source, target) -> Counts:
    """Copy everything from ``source`` to ``target`` (upserts); returns what was copied."""
    counts = Counts()
    accounts = source.accounts()
    target.put_accounts(accounts)
    counts.accounts = len(accounts)
    for record in source.canvases():
        target.put_canvas(record)
        counts.canvases += 1
        counts.revisions += len(record.history)
        counts.hashes[(record.username, record.id)] = _hash(record.body)
    for workshop in source.workshops():
        target.put_workshop(workshop)
        counts.workshops += 1
    comments = source.comments()
    target.put_comments(comments)
    # A link whose canvas was deleted opens nothing; the data folder may still hold it,
    # PostgreSQL refuses it (the link goes with its canvas), so it is left behind.
    links = [link for link in source.mentor_links()
             if (link.owner, link.canvas_id) in counts.hashes]
    target.put_mentor_links(links)
    _add_records(counts, comments, links)
    return counts


def differences(copied: Counts, target: Counts) -> list[str]:
    """What the target lacks or holds differently (empty: verified). The target may
    hold more than was copied (a store copied into an earlier one)."""
    problems = []
    names = ("accounts", "canvases", "revisions", "workshops", "comments", "mentor_links")
    for name, ours, theirs in zip(names, copied.totals(), target.totals(), strict=True):
        if theirs < ours:
            problems.append(name)
    for key, digest in copied.hashes.items():
        if target.hashes.get(key) != digest:
            problems.append(f"{key[0]}/{key[1]}")
    for key, digest in copied.records.items():
        if target.records.get(key) != digest:
            problems.append(f"{key[0]} {key[1]}")
    return problems
