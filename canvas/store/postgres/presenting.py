"""Following shared canvases live from PostgreSQL: one query for every revision.

The projector polls every second; the ``revision`` column beside each canvas body answers
without reading a body, and the facilitator check is in the same statement, so a poll is
one indexed read whatever the number of servers. The PostgreSQL backend of
:class:`canvas.store.base.PresentingBackend`.
"""

from __future__ import annotations

from canvas.store.errors import WorkshopError
from canvas.store.postgres.connection import Database
from canvas.store.rules.workshops import check_code, normalise_code


class PostgresPresenting:
    def __init__(self, backend: Database):
        self.backend = backend

    def shared_revisions(self, code: str, facilitator: str) -> dict[tuple[str, str], int]:
        code = check_code(normalise_code(code))

        def read(cur):
            cur.execute("SELECT facilitator FROM workshops WHERE code = %s", (code,))
            row = cur.fetchone()
            if row is None or row[0] != facilitator:
                raise WorkshopError("workshop_not_found")
            cur.execute("SELECT s.username, s.canvas_id, c.revision FROM workshop_shares s "
                        "JOIN canvases c ON c.username = s.username AND c.id = s.canvas_id "
                        "WHERE s.code = %s", (code,))
            return cur.fetchall()

        return {(owner, canvas_id): revision for owner, canvas_id, revision
                in self.backend.run(read)}
