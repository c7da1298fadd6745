"""A data folder written by the code from before the store moved under ``canvas/store/``
(issue 23), and what that code read back from it.

``python tests/store_before_move.py OUT`` run in a checkout of the old code (commit
6874034, ``git archive 6874034 | tar -x -C /tmp/old``) wrote
``tests/fixtures/store_before_move/``: ``data/`` (the folder) and ``expected.json``
(:func:`read_back` on the old code). ``tests/test_store_before_move.py`` reads the same
folder with today's code, on the data folder and on PostgreSQL after ``store copy``, and
compares. Only the store's public contract is used here (``open_backend`` and its
methods), which both the old and the new code have, so this module runs on both.
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime
from pathlib import Path

from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from canvas.store.choose import open_backend

PASSWORD = "Secret#123"
MENTOR_PASSWORD = "Mentor#2026"
#: Every mentor link is opened at this instant (they were made in December 2026 and
#: expire after it), so the fixture never runs out.
OPEN_AT = "2026-12-08T12:00:00+00:00"


def build(data_dir: Path) -> dict:
    """One of every kind of stored data; returns what read-back needs (ids, tokens)."""
    backend = open_backend(data_dir)
    accounts = backend.accounts()
    accounts.register("fiona", "fiona@example.org", "Fiona", "Facilitator", PASSWORD)
    accounts.register("lena", "Lena@Example.org", "Лена", "Learner", PASSWORD)
    accounts.set_preference("lena", "language", "uk")
    lena = backend.canvases("lena")
    first, pain = editing.add_item(blank_canvas("Lena's bakery / Пекарня"), "pains",
                                   "Everything is closed at 7am", kind="obstacle", severity=4)
    bakery = lena.create(first)
    bakery = lena.save(bakery.model_copy(update={"title": "Bakery, second"}))
    bakery = lena.save(bakery.model_copy(update={"title": "Bakery, third"}))
    lena.set_dismissed_nudges(bakery.id, {"no_pains"})
    private = lena.create(blank_canvas("Private"))
    backend.canvases("fiona").create(blank_canvas("Example"))
    room = backend.workshops().create("Morning group", "fiona")
    backend.workshops().join(room.code, "lena")
    backend.workshops().share(room.code, "lena", bakery.id)
    comments = backend.comments()
    comments.add(room.code, "fiona", "lena", bakery.id, pain, "Is this a pain or a job?")
    done = comments.add(room.code, "fiona", "lena", bakery.id, pain, "Ранок — коли саме?")
    comments.set_resolved("lena", done.id, True)
    links = backend.mentor_links()
    _, open_token = links.create("lena", bakery.id, "Mentor Sam", 7)
    _, password_token = links.create("lena", bakery.id, "Ніна", 30, MENTOR_PASSWORD)
    backend.room().set_step(room.code, "fiona", "pains", "Two minutes on the pains")
    return {"room": room.code, "bakery": bakery.id, "private": private.id,
            "open_token": open_token, "password_token": password_token}


def _json(value):
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def read_back(backend, keys: dict, room: bool = True) -> dict:
    """What a user of ``backend`` sees of the fixture, as plain JSON (nothing written,
    except the mentor links' last opening). ``room``: the live room too (``store copy``
    does not carry a room's state, which lives only as long as a session)."""
    accounts = backend.accounts()
    users = {name: {key: accounts.user(name).get(key) for key in
                    ("email", "first_name", "last_name", "roles", "preferences",
                     "created_at")}
             for name in accounts.usernames()}
    canvases = {}
    for name in accounts.usernames():
        store = backend.canvases(name)
        canvases[name] = {
            summary.id: {"summary": _json(vars(summary)),
                         "canvas": store.load(summary.id).model_dump(mode="json"),
                         "file": store.file_bytes(summary.id).decode("utf-8"),
                         "revisions": store.revisions(summary.id),
                         "first": store.load_revision(summary.id, 1).title,
                         "nudges": sorted(store.dismissed_nudges(summary.id))}
            for summary in store.list()}
    workshops = backend.workshops()
    code, bakery = keys["room"], keys["bakery"]
    links = backend.mentor_links()
    at = datetime.fromisoformat(OPEN_AT)
    out = {
        "users": users,
        "roles": {name: accounts.roles(name) for name in accounts.usernames()},
        "generations": {name: accounts.session_generation(name)
                        for name in accounts.usernames()},
        "canvases": canvases,
        "facilitated": [w.model_dump(mode="json") for w in workshops.facilitated_by("fiona")],
        "joined": [w.model_dump(mode="json") for w in workshops.joined_by("lena")],
        "gallery": [[share.model_dump(mode="json"), canvas.id]
                    for share, canvas in workshops.gallery(code, "fiona")],
        "comments": {reader: [c.model_dump(mode="json")
                              for c in backend.comments().on_canvas(reader, "lena", bakery)]
                     for reader in ("lena", "fiona")},
        "links": sorted([x.label, x.canvas_id, x.has_password, str(x.created_at),
                          str(x.expires_at)] for x in links.links("lena")),
        "open": links.open(keys["open_token"], now=at).title,
        "open_with_password": links.open(keys["password_token"], MENTOR_PASSWORD,
                                         now=at).title,
        "presenting": sorted([*key, revision] for key, revision
                             in backend.presenting().shared_revisions(code, "fiona").items()),
    }
    if room:
        view = backend.room().state(code, "lena")
        out["room"] = {"step": view.step, "instruction": view.instruction}
    return _json(out)


def main(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    data = out / "data"
    keys = build(data)
    expected = {"keys": keys, "read_back": read_back(open_backend(data), keys)}
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1),
                                       encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
