"""Mentor links in PostgreSQL: the same rules as the data folder, held by the database
under concurrency from several app servers.

- A mentor password try is counted before it is checked and settled after, each time
  by the shared rules (:func:`canvas.store.rules.mentor_links.claim` and ``settle``)
  applied to the row locked ``FOR UPDATE``: parallel guesses on several servers take
  their turn, at most five are checked before the link rests, and a right password
  checked beside them does not lift the rest.
- An opening is recorded only while the link has not expired: a link that expired while
  its password was being checked opens nothing.
"""

from __future__ import annotations

import hmac

from canvas.fileformat.models import Canvas, utc_now
from canvas.fileformat.validation import CanvasFileError, parse_canvas
from canvas.store.errors import MentorLinkError, StoreError
from canvas.store.postgres.connection import utc
from canvas.store.records import MentorLink
from canvas.store.rules.accounts import check_password
from canvas.store.rules.mentor_links import (
    INVALID,
    admit,
    claim,
    new_link,
    refusal,
    settle,
    token_hash,
    well_formed,
)

#: The columns of ``mentor_links``, named as the record's fields.
LINK_FIELDS = ("id", "owner", "canvas_id", "token_hash", "label", "created_at",
               "expires_at", "password", "last_opened_at", "failed_attempts",
               "locked_until")


def link_from_row(row) -> MentorLink:
    """A row of :data:`LINK_FIELDS` as the record both backends hand out."""
    data = dict(zip(LINK_FIELDS, row, strict=True))
    for name in ("created_at", "expires_at", "last_opened_at", "locked_until"):
        data[name] = utc(data[name])
    return MentorLink(**data)


class PostgresMentorLinks:
    def __init__(self, backend):
        self.backend = backend

    def create(self, owner: str, canvas_id: str, label: str, days: int,
               password: str | None = None, now=None) -> tuple[MentorLink, str]:
        link, token = new_link(owner, canvas_id, label, days, password, now)

        def insert(cur) -> None:
            values = [getattr(link, name) for name in LINK_FIELDS]
            cur.execute(f"INSERT INTO mentor_links ({', '.join(LINK_FIELDS)}) "
                        f"SELECT {', '.join(['%s'] * len(values))} WHERE EXISTS "
                        "(SELECT 1 FROM canvases WHERE username = %s AND id = %s)",
                        (*values, owner, canvas_id))
            if cur.rowcount != 1:
                raise StoreError("not_found")

        self.backend.run(insert)
        return link, token

    def links(self, owner: str) -> list[MentorLink]:
        def read(cur):
            cur.execute(f"SELECT {', '.join(LINK_FIELDS)} FROM mentor_links "
                        "WHERE owner = %s ORDER BY created_at DESC, id", (owner,))
            return [link_from_row(row) for row in cur.fetchall()]

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
            cur.execute(f"SELECT {', '.join(LINK_FIELDS)} FROM mentor_links "
                        "WHERE token_hash = %s", (wanted,))
            row = cur.fetchone()
            return link_from_row(row) if row else None

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
            cur.execute(f"SELECT {', '.join(LINK_FIELDS)} FROM mentor_links "
                        "WHERE id = %s FOR UPDATE", (link_id,))
            row = cur.fetchone()
            if row is None or now >= utc(row[LINK_FIELDS.index("expires_at")]):
                return None, INVALID
            changed, refused = rule(link_from_row(row), now)
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
