"""The storage contract: everything the app persists, written once as protocols.

Pages and ``canvas/ui`` talk only to these protocols, never to files or tables, so either
backend serves them without a page changing: the data folder (:mod:`canvas.store.folder`),
the embedded default, and PostgreSQL (:mod:`canvas.store.postgres`). Seven kinds of data:
accounts, canvases, workshops, comments, mentor links, the presenting poll and the live
room. This module, with its errors (:mod:`canvas.store.errors`) and records
(:mod:`canvas.store.records`), depends on no backend; each backend imports it, never the
other backend. ``tests/test_store_attacks.py`` checks both against it.

Every method either does what it says completely or raises :class:`StoreError` (or a
subclass) carrying a translatable sentence; a backend never half-applies a change. The
invariants a backend must enforce itself, under concurrency from several servers:

- accounts: unique usernames and e-mail addresses (case-insensitive), checked against the
  stored state at the moment of insertion; failed attempts counted from the stored value;
  a login refused when its outcome cannot be recorded; a session generation that every
  cookie and open session is checked against;
- canvases: a save applies only on top of the revision it started from; history is written
  with the save; every stored document stays within the import limit, so it lists and
  opens again; per-user quotas on count and bytes;
- workshops: membership and shares change under one lock (or one transaction);
- the live room (:class:`RoomBackend`): only the workshop's facilitator changes the step,
  the timer or the vote; only members and the facilitator read it; a learner's dots stay
  within the vote's budget, the room being read and written under one lock.

:class:`DumpBackend` is not for pages: it is what ``store copy`` reads and writes, with
password and token hashes as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from canvas.fileformat.models import Canvas
from canvas.store.errors import StoreError
from canvas.store.records import CanvasRecord, CanvasSummary, Comment, Login, MentorLink, Workshop

__all__ = ["FACILITATOR", "LEARNER", "AccountBackend", "CanvasBackend", "CommentBackend",
           "DumpBackend", "MentorLinkBackend", "PresentingBackend", "RoomBackend",
           "StoreBackend", "WorkshopBackend"]

#: The two roles. The first account registered in a store is a facilitator; later ones
#: are learners until a facilitator promotes them.
FACILITATOR = "facilitator"
LEARNER = "learner"


@runtime_checkable
class AccountBackend(Protocol):
    """Credentials, roles, preferences, failed attempts, lockout and cookie revocation."""

    def usernames(self) -> list[str]: ...

    def user(self, username: str) -> dict | None:
        """Profile, roles and preferences; never the password hash."""

    def roles(self, username: str) -> list[str]: ...

    def set_roles(self, username: str, roles: list[str]) -> bool: ...

    def set_preference(self, username: str, key: str, value) -> None: ...

    def register(self, username: str, email: str, first_name: str, last_name: str,
                 password: str) -> None:
        """Hash, then insert only if neither name nor e-mail is taken in the store."""

    def authenticate(self, username: str, password: str) -> Login:
        """Check a password; every refusal is counted or the login is refused outright."""

    def change_password(self, username: str, current: str, new: str) -> int:
        """Returns the new session generation (the caller's session stays valid)."""

    def reset_password(self, username: str, new: str) -> None:
        """A facilitator sets a new password; every cookie and session of the user ends."""

    def revoke_sessions(self, username: str) -> int:
        """Ends every cookie and open session of the user; returns the new generation."""

    def session_generation(self, username: str) -> int | None:
        """None when the account no longer exists."""

    def lock_remaining_minutes(self, username: str) -> int: ...

    def deletion_refusal(self, username: str) -> StoreError | None:
        """Why the account cannot be deleted now (the last facilitator), if it cannot."""

    def delete_account(self, username: str) -> None: ...


@runtime_checkable
class CanvasBackend(Protocol):
    """The canvases of one user, with revisions, history and quotas."""

    username: str

    def exists(self, canvas_id: str) -> bool: ...

    def load(self, canvas_id: str) -> Canvas: ...

    def list(self) -> list[CanvasSummary]: ...

    def revisions(self, canvas_id: str) -> list[int]: ...

    def load_revision(self, canvas_id: str, revision: int) -> Canvas: ...

    def create(self, canvas: Canvas, keep_created: bool = False) -> Canvas: ...

    def save(self, canvas: Canvas, expected_revision: int | None = None) -> Canvas: ...

    def delete(self, canvas_id: str) -> None: ...

    def duplicate(self, canvas_id: str, title: str) -> Canvas: ...

    def rename(self, canvas_id: str, title: str, expected_revision: int) -> Canvas: ...

    def restore(self, canvas_id: str, revision: int, expected_revision: int) -> Canvas: ...

    def import_file(self, data: bytes, filename: str) -> Canvas: ...

    def file_bytes(self, canvas_id: str) -> bytes:
        """The canvas as a file that imports again (what a download gives)."""

    def dismissed_nudges(self, canvas_id: str) -> set[str]: ...

    def set_dismissed_nudges(self, canvas_id: str, dismissed: set[str]) -> None: ...

    def delete_all(self) -> None:
        """Every canvas, revision and preference of this user (account deletion)."""


@runtime_checkable
class WorkshopBackend(Protocol):
    """Workshops: members, shares, and the one door to another user's canvas."""

    def create(self, name: str, facilitator: str): ...

    def facilitated_by(self, username: str) -> list: ...

    def delete(self, code: str, facilitator: str) -> None: ...

    def shared_canvas(self, code: str, facilitator: str, owner: str,
                      canvas_id: str) -> Canvas: ...

    def gallery(self, code: str, facilitator: str) -> list: ...

    def join(self, code: str, username: str): ...

    def joined_by(self, username: str) -> list: ...

    def leave(self, code: str, username: str) -> None: ...

    def share(self, code: str, username: str, canvas_id: str) -> None: ...

    def unshare(self, code: str, username: str, canvas_id: str) -> None: ...

    def set_shares(self, code: str, username: str, canvas_ids: list[str]) -> None: ...

    def forget_user(self, username: str) -> None:
        """Drop the user's memberships and shares, and the workshops they ran."""


@runtime_checkable
class CommentBackend(Protocol):
    """A facilitator's comments on the items of canvases shared with their workshop.

    Only the workshop's facilitator adds one, and only while the canvas is shared with
    it; only the owner and that facilitator read them; only the owner resolves them."""

    def add(self, code: str, facilitator: str, owner: str, canvas_id: str, item_id: str,
            text: str): ...

    def on_canvas(self, reader: str, owner: str, canvas_id: str) -> list:
        """Oldest first; refused for anybody but the owner and a facilitator it is shared with."""

    def set_resolved(self, owner: str, comment_id: str, resolved: bool) -> None: ...

    def forget_user(self, username: str) -> None:
        """Drop the comments on the user's canvases and those the user wrote."""


@runtime_checkable
class MentorLinkBackend(Protocol):
    """Read-only links to one canvas for a mentor without an account (hash of the token
    stored, expiry, optional bcrypt password, revoke)."""

    def create(self, owner: str, canvas_id: str, label: str, days: int,
               password: str | None = None, now=None) -> tuple:
        """``(link, token)``: the token is returned once and never stored."""

    def links(self, owner: str) -> list: ...

    def revoke(self, owner: str, link_id: str) -> None: ...

    def open(self, token: str, password: str | None = None, now=None) -> Canvas:
        """The canvas as it is now, or a ``MentorLinkError`` saying why not."""

    def forget_user(self, username: str) -> None: ...


@runtime_checkable
class PresentingBackend(Protocol):
    """What a projector polls every second to follow shared canvases live: revision
    numbers only, so the poll stays cheap while learners edit."""

    def shared_revisions(self, code: str, facilitator: str) -> dict[tuple[str, str], int]:
        """``(owner, canvas_id) -> revision`` of every canvas shared to the workshop that
        still exists; only its facilitator may ask (``workshop_not_found`` otherwise)."""


@runtime_checkable
class RoomBackend(Protocol):
    """The live room of a workshop: step, timer, dot vote and presence
    (:mod:`canvas.store.operations`; the rules are :mod:`canvas.room.state`)."""

    def state(self, code: str, username: str, max_age: float = 0.0):
        """The room as a member or the facilitator sees it (never who voted for what);
        ``max_age`` lets a polling screen read this process's copy of that age."""

    def set_step(self, code: str, username: str, step: str | None,
                 instruction: str = ""): ...

    def timer(self, code: str, username: str, action: str, minutes: float | None = None):
        ...

    def open_vote(self, code: str, username: str, section: str, options: list,
                  dots: int = 3, title: str = "", owner: str | None = None,
                  canvas_id: str | None = None): ...

    def cast(self, code: str, username: str, vote_id: str, option_id: str, delta: int):
        ...

    def close_vote(self, code: str, username: str): ...

    def end_vote(self, code: str, username: str): ...

    def apply_vote(self, code: str, username: str) -> Canvas:
        """The closed vote's order written into the shared canvas (revision-checked)."""

    def undo_apply(self, code: str, username: str) -> Canvas: ...

    def seen(self, code: str, username: str, now: float | None = None) -> None: ...

    def online(self, code: str, username: str, now: float | None = None) -> set[str]: ...


class StoreBackend(Protocol):
    """One backend: where the seven kinds of data live. Chosen once per process."""

    def accounts(self) -> AccountBackend: ...

    def canvases(self, username: str) -> CanvasBackend: ...

    def workshops(self) -> WorkshopBackend: ...

    def comments(self) -> CommentBackend: ...

    def mentor_links(self) -> MentorLinkBackend: ...

    def presenting(self) -> PresentingBackend: ...

    def room(self) -> RoomBackend: ...



@runtime_checkable
class DumpBackend(Protocol):
    """Everything a backend holds, as it is stored, and the upserts that write it back:
    what ``store copy`` (:mod:`canvas.store.copy`) moves between backends. Accounts come
    with their password hashes, links with their token hashes; every ``load_*`` is keyed
    (username, canvas id and revision, workshop code, comment id, link id), so a copy can
    run again without duplicating anything."""

    def dump_accounts(self) -> dict[str, dict]: ...

    def dump_canvases(self) -> Iterator[CanvasRecord]: ...

    def dump_workshops(self) -> list[Workshop]: ...

    def dump_comments(self) -> list[Comment]: ...

    def dump_mentor_links(self) -> list[MentorLink]: ...

    def load_accounts(self, accounts: dict[str, dict]) -> None: ...

    def load_canvas(self, record: CanvasRecord) -> None: ...

    def load_workshop(self, workshop: Workshop) -> None: ...

    def load_comments(self, comments: list[Comment]) -> None: ...

    def load_mentor_links(self, links: list[MentorLink]) -> None: ...

    def close(self) -> None: ...
