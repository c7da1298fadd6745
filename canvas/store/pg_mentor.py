"""Comments and mentor links in PostgreSQL: the same rules as the data folder, held by
the database under concurrency from several app servers.

- A comment is inserted in the transaction that reads the share with ``FOR SHARE``: an
  "unshare" on another server waits for it, or the comment is refused.
- A mentor password try is counted before it is checked and settled after, each time
  by the data folder's own rules (:func:`canvas.mentor_links.claim` and ``settle``)
  applied to the row locked ``FOR UPDATE``: parallel guesses on several servers take
  their turn, at most five are checked before the link rests, and a right password
  checked beside them does not lift the rest.
- A new comment moves the canvas's change signal (``NOTIFY``, through the room) once
  committed, so the learner's board on any server shows it within 2 s.
- An opening is recorded only while the link has not expired: a link that expired while
  its password was being checked opens nothing.
"""

from __future__ import annotations

import hmac
from datetime import UTC

from canvas.accounts import check_password
from canvas.comments import Comment, clean_text, new_comment, signal_comment
from canvas.mentor_links import (
    INVALID,
    MentorLink,
    MentorLinkError,
    admit,
    claim,
    new_link,
    refusal,
    settle,
    token_hash,
    well_formed,
)
from canvas.models import Canvas, utc_now
from canvas.storage import StoreError
from canvas.validation import CanvasFileError, parse_canvas
from canvas.workshops import _CODE_RE, WorkshopError, normalise_code

_COMMENT_FIELDS = ("id", "workshop", "owner", "canvas_id", "section", "item_id", "item_text",
                   "author", "body", "created_at", "resolved_at")
_LINK_FIELDS = ("id", "owner", "canvas_id", "token_hash", "label", "created_at",
                "expires_at", "password", "last_opened_at", "failed_attempts",
                "locked_until")


def _utc(value):
    return value.astimezone(UTC) if value is not None else value


def _comment(row) -> Comment:
    data = dict(zip(_COMMENT_FIELDS, row, strict=True))
    data["text"] = data.pop("body")
    data["created_at"], data["resolved_at"] = _utc(data["created_at"]), _utc(data["resolved_at"])
    return Comment(**data)


def _link(row) -> MentorLink:
    data = dict(zip(_LINK_FIELDS, row, strict=True))
    for name in ("created_at", "expires_at", "last_opened_at", "locked_until"):
        data[name] = _utc(data[name])
    return MentorLink(**data)


class PostgresComments:
    def __init__(self, backend):
        self.backend = backend

    def add(self, code: str, facilitator: str, owner: str, canvas_id: str, item_id: str,
            text: str) -> Comment:
        code = normalise_code(code)
        clean_text(text)

        def insert(cur) -> Comment:
            if not _CODE_RE.fullmatch(code):
                raise WorkshopError("workshop_not_found")
            cur.execute("SELECT facilitator FROM workshops WHERE code = %s", (code,))
            row = cur.fetchone()
            if row is None or row[0] != facilitator:
                raise WorkshopError("workshop_not_found")
            cur.execute("SELECT c.body FROM workshop_shares s JOIN canvases c "
                        "ON c.username = s.username AND c.id = s.canvas_id "
                        "WHERE s.code = %s AND s.username = %s AND s.canvas_id = %s "
                        "FOR SHARE OF s", (code, owner, canvas_id))
            row = cur.fetchone()
            if row is None:
                raise WorkshopError("not_shared")
            try:
                canvas = parse_canvas(row[0].encode("utf-8"), f"{canvas_id}.json")
            except CanvasFileError:
                raise WorkshopError("not_shared") from None
            comment = new_comment(code, facilitator, owner, canvas, item_id, text)
            cur.execute("INSERT INTO canvas_comments (id, workshop, owner, canvas_id, section, "
                        "item_id, item_text, author, body, created_at) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        (comment.id, code, owner, canvas_id, comment.section, item_id,
                         comment.item_text, facilitator, comment.text, comment.created_at))
            return comment

        comment = self.backend.run(insert)
        signal_comment(self.backend.room(), comment)  # after the commit: it is readable
        return comment

    def on_canvas(self, reader: str, owner: str, canvas_id: str) -> list[Comment]:
        def read(cur) -> list[Comment]:
            query = (f"SELECT {', '.join(_COMMENT_FIELDS)} FROM canvas_comments "
                     "WHERE owner = %s AND canvas_id = %s")
            params: tuple = (owner, canvas_id)
            if reader != owner:
                cur.execute("SELECT w.code FROM workshops w JOIN workshop_shares s "
                            "ON s.code = w.code WHERE w.facilitator = %s AND s.username = %s "
                            "AND s.canvas_id = %s", (reader, owner, canvas_id))
                codes = [row[0] for row in cur.fetchall()]
                if not codes:
                    raise WorkshopError("not_shared")
                query += " AND workshop = ANY(%s)"
                params += (codes,)
            cur.execute(query + " ORDER BY seq", params)
            return [_comment(row) for row in cur.fetchall()]

        return self.backend.run(read)

    def set_resolved(self, owner: str, comment_id: str, resolved: bool) -> None:
        def change(cur) -> None:
            cur.execute("UPDATE canvas_comments SET resolved_at = %s "
                        "WHERE id = %s AND owner = %s",
                        (utc_now() if resolved else None, comment_id, owner))
            if cur.rowcount != 1:
                raise StoreError("mentor.error.no_comment")

        self.backend.run(change)

    def forget_user(self, username: str) -> None:
        self.backend.run(lambda cur: cur.execute(
            "DELETE FROM canvas_comments WHERE owner = %s OR author = %s", (username, username)))


class PostgresMentorLinks:
    def __init__(self, backend):
        self.backend = backend

    def create(self, owner: str, canvas_id: str, label: str, days: int,
               password: str | None = None, now=None) -> tuple[MentorLink, str]:
        link, token = new_link(owner, canvas_id, label, days, password, now)

        def insert(cur) -> None:
            values = [getattr(link, name) for name in _LINK_FIELDS]
            cur.execute(f"INSERT INTO mentor_links ({', '.join(_LINK_FIELDS)}) "
                        f"SELECT {', '.join(['%s'] * len(values))} WHERE EXISTS "
                        "(SELECT 1 FROM canvases WHERE username = %s AND id = %s)",
                        (*values, owner, canvas_id))
            if cur.rowcount != 1:
                raise StoreError("not_found")

        self.backend.run(insert)
        return link, token

    def links(self, owner: str) -> list[MentorLink]:
        def read(cur):
            cur.execute(f"SELECT {', '.join(_LINK_FIELDS)} FROM mentor_links "
                        "WHERE owner = %s ORDER BY created_at DESC, id", (owner,))
            return [_link(row) for row in cur.fetchall()]

        return self.backend.run(read)

    def revoke(self, owner: str, link_id: str) -> None:
        def delete(cur) -> None:
            cur.execute("DELETE FROM mentor_links WHERE owner = %s AND id = %s",
                        (owner, link_id))
            if cur.rowcount != 1:
                raise StoreError("mentor.error.no_link")

        self.backend.run(delete)

    def open(self, token: str, password: str | None = None, now=None) -> Canvas:
        if not well_formed(token):
            raise MentorLinkError(INVALID)
        now = now or utc_now()
        wanted = token_hash(token)

        def read(cur) -> MentorLink | None:
            cur.execute(f"SELECT {', '.join(_LINK_FIELDS)} FROM mentor_links "
                        "WHERE token_hash = %s", (wanted,))
            row = cur.fetchone()
            return _link(row) if row else None

        link = self.backend.run(read)
        if link is not None and not hmac.compare_digest(link.token_hash, wanted):
            link = None
        if admit(link, password, now):
            claimed = self._update(link.id, now, claim)  # bcrypt outside any transaction
            ok = check_password(password, claimed.password.encode("ascii"))
        else:
            ok = None
        self._update(link.id, now, lambda current, at: settle(current, ok, at))

        def read_body(cur) -> str | None:
            cur.execute("SELECT body FROM canvases WHERE username = %s AND id = %s",
                        (link.owner, link.canvas_id))
            row = cur.fetchone()
            return row[0] if row else None

        body = self.backend.run(read_body)
        if body is None:
            raise MentorLinkError(INVALID)
        try:
            return parse_canvas(body.encode("utf-8"), f"{link.canvas_id}.json")
        except CanvasFileError:
            raise MentorLinkError(INVALID) from None

    def _update(self, link_id: str, now, rule) -> MentorLink:
        """``rule(link, now) -> (link, refusal)`` (the same rules as the data folder) on the
        row locked ``FOR UPDATE``: parallel tries on every app server take their turn, and
        what the rule decided is written even when it refuses (a refusal may start the
        rest period), in the same transaction."""
        def work(cur):
            cur.execute(f"SELECT {', '.join(_LINK_FIELDS)} FROM mentor_links "
                        "WHERE id = %s FOR UPDATE", (link_id,))
            row = cur.fetchone()
            if row is None or now >= _utc(row[_LINK_FIELDS.index("expires_at")]):
                return None, INVALID
            changed, refused = rule(_link(row), now)
            cur.execute("UPDATE mentor_links SET failed_attempts = %s, locked_until = %s, "
                        "last_opened_at = %s WHERE id = %s",
                        (changed.failed_attempts, changed.locked_until,
                         changed.last_opened_at, link_id))
            return changed, refused

        changed, refused = self.backend.run(work)
        if refused:
            raise refusal(refused)
        return changed

    def forget_user(self, username: str) -> None:
        self.backend.run(lambda cur: cur.execute(
            "DELETE FROM mentor_links WHERE owner = %s", (username,)))
