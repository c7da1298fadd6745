"""Following shared canvases live from PostgreSQL: one query for every revision.

The projector polls every second; the ``revision`` column beside each canvas body answers
without reading a body, and the facilitator check is in the same statement, so a poll is
one indexed read whatever the number of servers. The PostgreSQL backend of
:class:`canvas.store.PresentingBackend`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from canvas.workshops import _CODE_RE, WorkshopError, normalise_code

if TYPE_CHECKING:
    from canvas.store.postgres import PostgresBackend


class PostgresPresenting:
    def __init__(self, backend: PostgresBackend):
        self.backend = backend

    def shared_revisions(self, code: str, facilitator: str) -> dict[tuple[str, str], int]:
        code = normalise_code(code)
        if not _CODE_RE.fullmatch(code):
            raise WorkshopError("workshop_not_found")

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
