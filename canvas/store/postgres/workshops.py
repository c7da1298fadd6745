"""Workshops in PostgreSQL: members, shares and the one door to another user's canvas.

Membership and shares change in one transaction each; a share locks the workshop's row
(``FOR UPDATE``). Wrong codes are counted on the account's ``join_attempts`` row, locked
``FOR UPDATE`` so that parallel guesses on every server take their turn, by the rules of
:mod:`canvas.store.rules.join_attempts`.
"""

from __future__ import annotations

import time

from canvas.fileformat.models import Canvas, utc_now
from canvas.fileformat.validation import CanvasFileError, parse_canvas
from canvas.store.errors import StoreError, WorkshopError
from canvas.store.postgres.canvases import canvas_body
from canvas.store.postgres.connection import Database, stamp, utc
from canvas.store.records import Share, Workshop
from canvas.store.rules.join_attempts import RESTING, Tries, after_wrong, rest_minutes
from canvas.store.rules.names import check_canvas_id, check_username
from canvas.store.rules.workshops import check_code, new_code, normalise_code


def load_workshops(cur, codes: list[str]) -> list[Workshop]:
    """The workshops with these codes, with members and shares, in the order asked."""
    if not codes:
        return []
    cur.execute("SELECT code, name, facilitator, created_at FROM workshops "
                "WHERE code = ANY(%s)", (codes,))
    found = {row[0]: Workshop(code=row[0], name=row[1], facilitator=row[2],
                              created_at=utc(row[3])) for row in cur.fetchall()}
    cur.execute("SELECT code, username, joined_at FROM workshop_members "
                "WHERE code = ANY(%s) ORDER BY joined_at", (codes,))
    for code, username, joined in cur.fetchall():
        found[code].members[username] = utc(joined)
    cur.execute("SELECT code, username, canvas_id, shared_at FROM workshop_shares "
                "WHERE code = ANY(%s) ORDER BY shared_at", (codes,))
    for code, username, canvas_id, shared in cur.fetchall():
        found[code].shares.append(Share(username=username, canvas_id=canvas_id,
                                        shared_at=utc(shared)))
    return [found[code] for code in codes if code in found]


class PostgresWorkshops:
    def __init__(self, backend: Database):
        self.backend = backend

    def _run(self, work):
        return self.backend.run(work)

    def _one(self, cur, code: str, lock: bool = False) -> Workshop:
        check_code(code)
        if lock:
            cur.execute("SELECT 1 FROM workshops WHERE code = %s FOR UPDATE", (code,))
        found = load_workshops(cur, [code])
        if not found:
            raise WorkshopError("workshop_not_found")
        return found[0]

    # -- facilitator -------------------------------------------------------------------
    def create(self, name: str, facilitator: str) -> Workshop:
        check_username(facilitator)
        name = name.strip()
        if not name:
            raise WorkshopError("workshop_name_missing")

        def insert(cur) -> Workshop:
            while True:
                code = new_code()
                workshop = Workshop(code=code, name=name[:120], facilitator=facilitator,
                                    created_at=utc_now())
                cur.execute("INSERT INTO workshops (code, name, facilitator, created_at) "
                            "VALUES (%s, %s, %s, %s) ON CONFLICT (code) DO NOTHING",
                            (code, workshop.name, facilitator, workshop.created_at))
                if cur.rowcount == 1:
                    return workshop

        return self._run(insert)

    def facilitated_by(self, username: str) -> list[Workshop]:
        def read(cur):
            cur.execute("SELECT code FROM workshops WHERE facilitator = %s "
                        "ORDER BY created_at DESC", (username,))
            return load_workshops(cur, [row[0] for row in cur.fetchall()])
        return self._run(read)

    def delete(self, code: str, facilitator: str) -> None:
        def delete(cur) -> None:
            check_code(code)
            cur.execute("DELETE FROM workshops WHERE code = %s AND facilitator = %s",
                        (code, facilitator))
            if cur.rowcount != 1:
                raise WorkshopError("workshop_not_found")
        self._run(delete)

    def shared_canvas(self, code: str, facilitator: str, owner: str,
                      canvas_id: str) -> Canvas:
        """The only door to another user's canvas: facilitator of the workshop, still shared."""
        code = normalise_code(code)

        def read(cur) -> str | None:
            workshop = self._one(cur, code)
            if workshop.facilitator != facilitator:
                raise WorkshopError("workshop_not_found")
            if not any(s.username == owner and s.canvas_id == canvas_id
                       for s in workshop.shares):
                raise WorkshopError("not_shared")
            return canvas_body(cur, owner, canvas_id)

        body = self._run(read)
        if body is None:
            raise StoreError("not_found")
        return parse_canvas(body.encode("utf-8"), f"{canvas_id}.json")

    def gallery(self, code: str, facilitator: str) -> list[tuple[Share, Canvas]]:
        code = normalise_code(code)

        def read(cur):
            workshop = self._one(cur, code)
            if workshop.facilitator != facilitator:
                raise WorkshopError("workshop_not_found")
            cur.execute("SELECT s.username, s.canvas_id, s.shared_at, c.body "
                        "FROM workshop_shares s JOIN canvases c ON c.username = s.username "
                        "AND c.id = s.canvas_id WHERE s.code = %s ORDER BY s.shared_at DESC",
                        (code,))
            return cur.fetchall()

        out = []
        for username, canvas_id, shared_at, body in self._run(read):
            try:
                canvas = parse_canvas(body.encode("utf-8"), f"{canvas_id}.json")
            except CanvasFileError:
                continue
            out.append((Share(username=username, canvas_id=canvas_id,
                              shared_at=utc(shared_at)), canvas))
        return out

    # -- learner -------------------------------------------------------------------------
    def join(self, code: str, username: str, now: float | None = None) -> Workshop:
        """As the data folder: wrong codes counted on the account's row, locked
        ``FOR UPDATE`` so that parallel guesses on every server take their turn; the
        count is written in the same transaction that refuses (a raise would roll it
        back, so the refusal is raised after the commit)."""
        check_username(username)
        code = normalise_code(code)
        now = time.time() if now is None else now

        def join(cur) -> Workshop | WorkshopError:
            cur.execute("INSERT INTO join_attempts (username) VALUES (%s) "
                        "ON CONFLICT DO NOTHING", (username,))
            cur.execute("SELECT wrong, since, resting_until FROM join_attempts "
                        "WHERE username = %s FOR UPDATE", (username,))
            wrong, since, until = cur.fetchone()
            tries = Tries(wrong, since.timestamp(), until.timestamp() if until else None)
            if minutes := rest_minutes(tries, now):
                return WorkshopError(RESTING, minutes=minutes)
            try:
                workshop = self._one(cur, code)
            except WorkshopError as unknown:
                tries = after_wrong(tries, now)
                cur.execute("UPDATE join_attempts SET wrong = %s, since = %s, "
                            "resting_until = %s WHERE username = %s",
                            (tries.wrong, stamp(tries.since), stamp(tries.resting_until),
                             username))
                if minutes := rest_minutes(tries, now):
                    return WorkshopError(RESTING, minutes=minutes)
                return unknown
            if username != workshop.facilitator and username not in workshop.members:
                cur.execute("INSERT INTO workshop_members (code, username, joined_at) "
                            "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                            (code, username, utc_now()))
                workshop = self._one(cur, code)
            return workshop

        outcome = self._run(join)
        if isinstance(outcome, WorkshopError):
            raise outcome
        return outcome

    def joined_by(self, username: str) -> list[Workshop]:
        def read(cur):
            cur.execute("SELECT code FROM workshop_members WHERE username = %s "
                        "ORDER BY joined_at DESC", (username,))
            return load_workshops(cur, [row[0] for row in cur.fetchall()])
        return self._run(read)

    def leave(self, code: str, username: str) -> None:
        code = normalise_code(code)

        def leave(cur) -> None:
            self._one(cur, code)
            cur.execute("DELETE FROM workshop_members WHERE code = %s AND username = %s",
                        (code, username))
            cur.execute("DELETE FROM workshop_shares WHERE code = %s AND username = %s",
                        (code, username))
        self._run(leave)

    def share(self, code: str, username: str, canvas_id: str) -> None:
        check_canvas_id(canvas_id)
        code = normalise_code(code)

        def share(cur) -> None:
            if canvas_body(cur, username, canvas_id) is None:
                raise WorkshopError("not_found")
            workshop = self._one(cur, code, lock=True)
            if username not in workshop.members:
                raise WorkshopError("not_member")
            cur.execute("INSERT INTO workshop_shares (code, username, canvas_id, shared_at) "
                        "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                        (code, username, canvas_id, utc_now()))
        self._run(share)

    def unshare(self, code: str, username: str, canvas_id: str) -> None:
        code = normalise_code(code)

        def unshare(cur) -> None:
            self._one(cur, code)
            cur.execute("DELETE FROM workshop_shares WHERE code = %s AND username = %s "
                        "AND canvas_id = %s", (code, username, canvas_id))
        self._run(unshare)

    def set_shares(self, code: str, username: str, canvas_ids: list[str]) -> None:
        wanted = set(canvas_ids)
        workshop = self._run(lambda cur: self._one(cur, normalise_code(code)))
        current = {s.canvas_id for s in workshop.shares_of(username)}
        for canvas_id in wanted - current:
            self.share(code, username, canvas_id)
        for canvas_id in current - wanted:
            self.unshare(code, username, canvas_id)

    def forget_user(self, username: str) -> None:
        def forget(cur) -> None:
            cur.execute("DELETE FROM workshops WHERE facilitator = %s", (username,))
            cur.execute("DELETE FROM workshop_members WHERE username = %s", (username,))
            cur.execute("DELETE FROM workshop_shares WHERE username = %s", (username,))
            cur.execute("DELETE FROM join_attempts WHERE username = %s", (username,))
        self._run(forget)


