"""Comments in PostgreSQL: the same rules as the data folder, held by the database under
concurrency from several app servers.

- A comment is inserted in the transaction that reads the share with ``FOR SHARE``: an
  "unshare" on another server waits for it, or the comment is refused.
- A new comment moves the canvas's change signal (``NOTIFY``, through the room) once
  committed, so the learner's board on any server shows it within 2 s.

The rules are :mod:`canvas.store.rules.comments`.
"""

from __future__ import annotations

from canvas.fileformat.models import utc_now
from canvas.fileformat.validation import CanvasFileError, parse_canvas
from canvas.store.errors import StoreError, WorkshopError
from canvas.store.postgres.connection import utc
from canvas.store.records import Comment
from canvas.store.rules.comments import clean_text, new_comment, signal_comment
from canvas.store.rules.workshops import check_code, normalise_code

#: The columns of ``canvas_comments`` (``body`` holds the comment's ``text``).
COMMENT_FIELDS = ("id", "workshop", "owner", "canvas_id", "section", "item_id", "item_text",
                  "author", "body", "created_at", "resolved_at")


def comment_from_row(row) -> Comment:
    """A row of :data:`COMMENT_FIELDS` as the record both backends hand out."""
    data = dict(zip(COMMENT_FIELDS, row, strict=True))
    data["text"] = data.pop("body")
    data["created_at"], data["resolved_at"] = utc(data["created_at"]), utc(data["resolved_at"])
    return Comment(**data)


class PostgresComments:
    def __init__(self, backend):
        self.backend = backend

    def add(self, code: str, facilitator: str, owner: str, canvas_id: str, item_id: str,
            text: str) -> Comment:
        code = normalise_code(code)
        clean_text(text)

        def insert(cur) -> Comment:
            check_code(code)
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
            query = (f"SELECT {', '.join(COMMENT_FIELDS)} FROM canvas_comments "
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
            return [comment_from_row(row) for row in cur.fetchall()]

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
