"""Everything in a PostgreSQL store as it is stored, and the upserts that write it back:
the database's half of ``store copy`` (:class:`canvas.store.base.DumpBackend`).

The same records as the data folder's dump (accounts with their hashes, canvases as the
exact text the folder writes, workshops, comments, mentor links), each written with
``INSERT ... ON CONFLICT ... DO UPDATE`` so a copy can run again.
"""

from __future__ import annotations

from collections.abc import Iterator

from psycopg.errors import UniqueViolation
from psycopg.types.json import Jsonb

from canvas.fileformat.validation import parse_canvas
from canvas.store.errors import StoreError
from canvas.store.postgres.canvases import CANVAS_COLUMNS, canvas_columns
from canvas.store.postgres.comments import COMMENT_FIELDS, comment_from_row
from canvas.store.postgres.mentor_links import LINK_FIELDS, link_from_row
from canvas.store.postgres.workshops import load_workshops
from canvas.store.records import CanvasRecord, Comment, MentorLink, Workshop

#: Every column of an account row, the password hash included.
ACCOUNT_COLUMNS = ("username", "email", "first_name", "last_name", "password", "roles",
                   "preferences", "created_at", "failed_login_attempts", "locked_until",
                   "session_generation", "last_login_at")


def _placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


class PostgresDump:
    """Mixed into :class:`canvas.store.postgres.PostgresBackend`, whose ``run`` (one
    transaction, retried while the server cannot be reached) it uses."""

    # -- reading -----------------------------------------------------------------------
    def dump_accounts(self) -> dict[str, dict]:
        rows = self.run(lambda cur: cur.execute(
            f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM accounts").fetchall())
        out = {}
        for row in rows:
            entry = dict(zip(ACCOUNT_COLUMNS[1:], row[1:], strict=True))
            if not entry["preferences"]:
                entry.pop("preferences")
            out[row[0]] = {key: value for key, value in entry.items() if value is not None}
        return out

    def dump_canvases(self) -> Iterator[CanvasRecord]:
        keys = self.run(lambda cur: cur.execute(
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
            body, history, meta = self.run(read)
            if body is None:
                continue  # deleted while copying
            yield CanvasRecord(username, canvas_id, body[0].encode("utf-8"),
                               {rev: text.encode("utf-8") for rev, text in history},
                               set(meta[0]) if meta else set())

    def dump_workshops(self) -> list[Workshop]:
        def read(cur):
            codes = [row[0] for row in cur.execute(
                "SELECT code FROM workshops ORDER BY code").fetchall()]
            return load_workshops(cur, codes)
        return self.run(read)

    def dump_comments(self) -> list[Comment]:
        rows = self.run(lambda cur: cur.execute(
            f"SELECT {', '.join(COMMENT_FIELDS)} FROM canvas_comments ORDER BY seq"
        ).fetchall())
        return [comment_from_row(row) for row in rows]

    def dump_mentor_links(self) -> list[MentorLink]:
        rows = self.run(lambda cur: cur.execute(
            f"SELECT {', '.join(LINK_FIELDS)} FROM mentor_links ORDER BY created_at, id"
        ).fetchall())
        return [link_from_row(row) for row in rows]

    # -- writing -----------------------------------------------------------------------
    def load_accounts(self, accounts: dict[str, dict]) -> None:
        def write(cur) -> None:
            for name, entry in accounts.items():
                values = [name, *(entry.get(key) for key in ACCOUNT_COLUMNS[1:])]
                values[ACCOUNT_COLUMNS.index("preferences")] = Jsonb(
                    entry.get("preferences") or {})
                values[ACCOUNT_COLUMNS.index("roles")] = list(entry.get("roles") or [])
                for key, default in (("first_name", ""), ("last_name", ""),
                                     ("failed_login_attempts", 0),
                                     ("session_generation", 0), ("created_at", 0)):
                    index = ACCOUNT_COLUMNS.index(key)
                    if values[index] is None:
                        values[index] = default
                updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in ACCOUNT_COLUMNS[1:])
                try:
                    cur.execute(f"INSERT INTO accounts ({', '.join(ACCOUNT_COLUMNS)}) "
                                f"VALUES ({_placeholders(len(ACCOUNT_COLUMNS))}) "
                                f"ON CONFLICT (username) DO UPDATE SET {updates}", values)
                except UniqueViolation:
                    # Another account of the target already has this name or e-mail
                    # in another case: merging the two would hand one person's canvases
                    # to the other, so the copy stops and says whose it is.
                    raise StoreError("database.copy.conflict", username=name) from None
        self.run(write)

    def load_canvas(self, record: CanvasRecord) -> None:
        text = record.body.decode("utf-8")
        canvas = parse_canvas(record.body, f"{record.id}.json")
        columns = canvas_columns(canvas, text)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in CANVAS_COLUMNS)

        def write(cur) -> None:
            cur.execute(
                f"INSERT INTO canvases (username, id, {', '.join(CANVAS_COLUMNS)}) VALUES "
                f"({_placeholders(2 + len(CANVAS_COLUMNS))}) ON CONFLICT (username, id) "
                f"DO UPDATE SET {updates}", (record.username, record.id, *columns))
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
        self.run(write)

    def load_workshop(self, workshop: Workshop) -> None:
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
        self.run(write)

    def load_comments(self, comments: list[Comment]) -> None:
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COMMENT_FIELDS[1:])

        def write(cur) -> None:
            for comment in comments:  # in the source's order, which ``seq`` then keeps
                values = [getattr(comment, "text" if name == "body" else name)
                          for name in COMMENT_FIELDS]
                cur.execute(f"INSERT INTO canvas_comments ({', '.join(COMMENT_FIELDS)}) "
                            f"VALUES ({_placeholders(len(values))}) "
                            f"ON CONFLICT (id) DO UPDATE SET {updates}", values)
        self.run(write)

    def load_mentor_links(self, links: list[MentorLink]) -> None:
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in LINK_FIELDS[1:])

        def write(cur) -> None:
            for link in links:
                values = [getattr(link, name) for name in LINK_FIELDS]
                cur.execute(f"INSERT INTO mentor_links ({', '.join(LINK_FIELDS)}) "
                            f"VALUES ({_placeholders(len(values))}) "
                            f"ON CONFLICT (id) DO UPDATE SET {updates}", values)
        self.run(write)
