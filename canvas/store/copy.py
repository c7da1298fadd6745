"""Moving an install between a data folder and PostgreSQL (``python -m canvas store copy``).

The contract in :mod:`canvas.store.base` is what pages need and deliberately hides
password hashes and other users' canvases, so a copy goes through each backend's public
dump and load instead (:class:`canvas.store.base.DumpBackend`): accounts with their hashes
as they are (nobody has to reset a password), every canvas with its history and dismissed
coach nudges, workshops with members and shares, the facilitators' comments (ids, times
and resolved flags as they are) and the mentor links with their token hashes and password
hashes as they are (a link a learner already handed out keeps opening the canvas after
the move). Canvases move as the exact
bytes the folder writes, so the content hash of each one is the same on both sides, and
that is what the verification compares; comments and links are compared field by field
through a hash of each.

Every write is an upsert keyed by username, canvas id, revision, workshop code, comment
id or link id, so the copy can be run again (after an interruption, or to catch up before
switching over) without duplicating anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from canvas.store.base import DumpBackend
from canvas.store.folder import FolderBackend
from canvas.store.records import Comment, MentorLink


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


def open_side(location: str) -> DumpBackend:
    """The backend at ``location`` (a data folder or a ``postgresql://`` URL), opened for
    one copy: a pool of its own, closed by the caller."""
    if location.startswith(("postgresql://", "postgres://")):
        # Optional heavy dependency: psycopg, Alembic and SQLAlchemy take about 0.3 s to
        # load, which every other command of ``python -m canvas`` would pay for nothing.
        from canvas.store.postgres import PostgresBackend

        return PostgresBackend(location, max_connections=2)
    return FolderBackend(Path(location).expanduser())


# -- copy and verify -------------------------------------------------------------------

def inventory(side: DumpBackend) -> Counts:
    """What a store holds: counts, and the hash of every canvas, comment and link."""
    counts = Counts(accounts=len(side.dump_accounts()), workshops=len(side.dump_workshops()))
    for record in side.dump_canvases():
        counts.canvases += 1
        counts.revisions += len(record.history)
        counts.hashes[(record.username, record.id)] = _hash(record.body)
    _add_records(counts, side.dump_comments(), side.dump_mentor_links())
    return counts


def _add_records(counts: Counts, comments: list[Comment], links: list[MentorLink]) -> None:
    counts.comments += len(comments)
    counts.mentor_links += len(links)
    counts.records.update({("comment", c.id): _record_hash(c) for c in comments})
    counts.records.update({("mentor_link", x.id): _record_hash(x) for x in links})


def copy_store(source: DumpBackend, target: DumpBackend) -> Counts:
    """Copy everything from ``source`` to ``target`` (upserts); returns what was copied."""
    counts = Counts()
    accounts = source.dump_accounts()
    target.load_accounts(accounts)
    counts.accounts = len(accounts)
    for record in source.dump_canvases():
        target.load_canvas(record)
        counts.canvases += 1
        counts.revisions += len(record.history)
        counts.hashes[(record.username, record.id)] = _hash(record.body)
    for workshop in source.dump_workshops():
        target.load_workshop(workshop)
        counts.workshops += 1
    comments = source.dump_comments()
    target.load_comments(comments)
    # A link whose canvas was deleted opens nothing; the data folder may still hold it,
    # PostgreSQL refuses it (the link goes with its canvas), so it is left behind.
    links = [link for link in source.dump_mentor_links()
             if (link.owner, link.canvas_id) in counts.hashes]
    target.load_mentor_links(links)
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
