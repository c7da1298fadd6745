"""Canvases in PostgreSQL: the same revisions, history and quotas as the data folder.

A save names the revision it started from in the ``WHERE`` of its ``UPDATE``; the history
row and the pruning to the last :data:`~canvas.store.rules.canvases.HISTORY_KEEP`
revisions are written in the same transaction, and a save is reported only after its
``COMMIT``. Per-user quotas are checked under a per-user advisory lock, with the same
refusals as the data folder. Canvases are stored as the exact text the folder writes
(:func:`canvas.store.rules.canvases.canvas_file_bytes`), so a copy between backends is
byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from canvas.fileformat.models import Canvas, new_canvas_id, utc_now
from canvas.fileformat.validation import parse_canvas
from canvas.store.errors import StaleRevisionError, StoreError
from canvas.store.operations import CanvasOperations
from canvas.store.postgres.connection import Database
from canvas.store.records import CanvasSummary
from canvas.store.rules.canvases import (
    HISTORY_KEEP,
    canvas_file_bytes,
    check_quota,
    first_revision,
    summarise,
)
from canvas.store.rules.names import check_canvas_id, check_username

#: The columns a canvas row holds beside its key, in :func:`canvas_columns`'s order.
CANVAS_COLUMNS = ("revision", "body", "size", "title", "segment", "language", "updated_at",
                  "jobs", "pains", "gains", "value_map")


def canvas_body(cur, username: str, canvas_id: str) -> str | None:
    """The stored text of one canvas, inside the caller's transaction."""
    row = cur.execute("SELECT body FROM canvases WHERE username = %s AND id = %s",
                      (username, canvas_id)).fetchone()
    return None if row is None else row[0]


def canvas_columns(canvas: Canvas, body: str) -> tuple:
    """The values of :data:`CANVAS_COLUMNS` for ``canvas`` stored as ``body``."""
    s = summarise(canvas)
    return (canvas.revision, body, len(body.encode("utf-8")), s.title, s.segment,
            s.language, s.updated_at, s.jobs, s.pains, s.gains, s.value_map)


def user_lock(cur, username: str) -> None:
    """Serialise one user's writes that a quota depends on (count and bytes)."""
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (f"canvases:{username}",))


class PostgresCanvases(CanvasOperations):
    """The canvases of one user. Cheap to create; holds no connection."""

    def __init__(self, backend: Database, username: str):
        self.backend = backend
        self.username = check_username(username)

    def _run(self, work):
        return self.backend.run(work)

    # -- quotas --------------------------------------------------------------------------
    def _check_room(self, cur, new_size: int, old_size: int = 0,
                    new_canvas: bool = False) -> None:
        def usage() -> tuple[int, int]:
            cur.execute("SELECT count(*), coalesce(sum(size), 0) FROM canvases "
                        "WHERE username = %s", (self.username,))
            return cur.fetchone()

        check_quota(usage, new_size, old_size, new_canvas)

    # -- reading -------------------------------------------------------------------------
    def exists(self, canvas_id: str) -> bool:
        check_canvas_id(canvas_id)
        return self._run(lambda cur: cur.execute(
            "SELECT 1 FROM canvases WHERE username = %s AND id = %s",
            (self.username, canvas_id)).fetchone() is not None)

    def _body(self, cur, canvas_id: str) -> str | None:
        return canvas_body(cur, self.username, canvas_id)

    def load(self, canvas_id: str) -> Canvas:
        check_canvas_id(canvas_id)
        body = self._run(lambda cur: self._body(cur, canvas_id))
        if body is None:
            raise StoreError("not_found")
        return parse_canvas(body.encode("utf-8"), f"{canvas_id}.json")

    def list(self) -> list[CanvasSummary]:
        rows = self._run(lambda cur: cur.execute(
            "SELECT id, title, segment, language, updated_at, revision, jobs, pains, gains,"
            " value_map FROM canvases WHERE username = %s "
            'ORDER BY updated_at DESC, id COLLATE "C" DESC', (self.username,)).fetchall())
        return [CanvasSummary(*row) for row in rows]

    def revisions(self, canvas_id: str) -> list[int]:
        check_canvas_id(canvas_id)
        rows = self._run(lambda cur: cur.execute(
            "SELECT revision FROM canvas_history WHERE username = %s AND canvas_id = %s "
            "ORDER BY revision DESC", (self.username, canvas_id)).fetchall())
        return [row[0] for row in rows]

    def load_revision(self, canvas_id: str, revision: int) -> Canvas:
        check_canvas_id(canvas_id)
        row = self._run(lambda cur: cur.execute(
            "SELECT body FROM canvas_history WHERE username = %s AND canvas_id = %s "
            "AND revision = %s", (self.username, canvas_id, int(revision))).fetchone())
        if row is None:
            raise StoreError("no_revision", revision=revision)
        return parse_canvas(row[0].encode("utf-8"), f"{int(revision):08d}.json")

    # -- writing -------------------------------------------------------------------------
    def _history(self, cur, canvas: Canvas, body: str) -> None:
        cur.execute("INSERT INTO canvas_history (username, canvas_id, revision, body) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (username, canvas_id, revision) "
                    "DO UPDATE SET body = EXCLUDED.body",
                    (self.username, canvas.id, canvas.revision, body))
        cur.execute("DELETE FROM canvas_history WHERE username = %s AND canvas_id = %s "
                    "AND revision <= %s", (self.username, canvas.id,
                                           canvas.revision - HISTORY_KEEP))

    def create(self, canvas: Canvas, keep_created: bool = False) -> Canvas:
        """Store a new canvas as revision 1; a clashing id gets a fresh one;
        ``keep_created`` keeps its ``created_at`` (an imported file's)."""
        canvas = first_revision(canvas, keep_created)
        data = canvas_file_bytes(canvas)

        def insert(cur) -> Canvas:
            nonlocal canvas, data
            user_lock(cur, self.username)
            self._check_room(cur, len(data), new_canvas=True)
            if self._body(cur, canvas.id) is not None:
                canvas = canvas.model_copy(update={"id": new_canvas_id()})
                data = canvas_file_bytes(canvas)
            body = data.decode("utf-8")
            cur.execute("INSERT INTO canvases (username, id, revision, body, size, title, "
                        "segment, language, updated_at, jobs, pains, gains, value_map) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        (self.username, canvas.id, *canvas_columns(canvas, body)))
            self._history(cur, canvas, body)
            return canvas

        return self._run(insert)

    def save(self, canvas: Canvas, expected_revision: int | None = None) -> Canvas:
        """Write ``canvas`` as the next revision, only on top of ``expected_revision``
        (default: the revision it was loaded at); confirmed once committed."""
        expected = canvas.revision if expected_revision is None else expected_revision
        check_canvas_id(canvas.id)
        updated = canvas.model_copy(update={"revision": expected + 1,
                                            "updated_at": utc_now()})
        data = canvas_file_bytes(updated)
        updated = parse_canvas(data, f"{canvas.id}.json")
        body = data.decode("utf-8")

        def write(cur) -> Canvas | str:
            user_lock(cur, self.username)
            cur.execute("SELECT revision, size, body FROM canvases WHERE username = %s "
                        "AND id = %s", (self.username, canvas.id))
            current = cur.fetchone()
            if current is None:
                raise StoreError("not_found")
            if current[0] != expected:
                return current[2]
            self._check_room(cur, len(data), current[1])
            cur.execute("UPDATE canvases SET revision = %s, body = %s, size = %s, title = %s,"
                        " segment = %s, language = %s, updated_at = %s, jobs = %s, pains = %s,"
                        " gains = %s, value_map = %s WHERE username = %s AND id = %s "
                        "AND revision = %s",
                        (*canvas_columns(updated, body), self.username, canvas.id, expected))
            if cur.rowcount != 1:
                cur.execute("SELECT body FROM canvases WHERE username = %s AND id = %s",
                            (self.username, canvas.id))
                return cur.fetchone()[0]
            self._history(cur, updated, body)
            return updated

        outcome = self._run(write)
        if isinstance(outcome, str):
            raise StaleRevisionError(parse_canvas(outcome.encode("utf-8"),
                                                  f"{canvas.id}.json"))
        return outcome

    def delete(self, canvas_id: str) -> None:
        check_canvas_id(canvas_id)

        def delete(cur) -> int:
            cur.execute("DELETE FROM canvas_meta WHERE username = %s AND canvas_id = %s",
                        (self.username, canvas_id))
            cur.execute("DELETE FROM canvases WHERE username = %s AND id = %s",
                        (self.username, canvas_id))
            return cur.rowcount

        if self._run(delete) != 1:
            raise StoreError("not_found")

    def delete_all(self) -> None:
        def delete(cur) -> None:
            cur.execute("DELETE FROM canvas_meta WHERE username = %s", (self.username,))
            cur.execute("DELETE FROM canvases WHERE username = %s", (self.username,))

        self._run(delete)

    def dismissed_nudges(self, canvas_id: str) -> set[str]:
        check_canvas_id(canvas_id)
        row = self._run(lambda cur: cur.execute(
            "SELECT dismissed FROM canvas_meta WHERE username = %s AND canvas_id = %s",
            (self.username, canvas_id)).fetchone())
        return set(row[0]) if row else set()

    def set_dismissed_nudges(self, canvas_id: str, dismissed: set[str]) -> None:
        check_canvas_id(canvas_id)
        self._run(lambda cur: cur.execute(
            "INSERT INTO canvas_meta (username, canvas_id, dismissed) VALUES (%s, %s, %s) "
            "ON CONFLICT (username, canvas_id) DO UPDATE SET dismissed = EXCLUDED.dismissed",
            (self.username, canvas_id, sorted(dismissed))))

    def import_file(self, data: bytes, filename: str) -> Canvas:
        canvas = parse_canvas(data, Path(filename).name or "upload.json")
        return self.create(canvas, keep_created=True)


