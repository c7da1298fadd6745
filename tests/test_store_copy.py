"""``python -m canvas store copy``: a data folder into PostgreSQL and back, run twice."""

from __future__ import annotations

import pytest

from canvas.cli import main
from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from canvas.store.copy import Counts, differences
from canvas.store.errors import MentorLinkError
from canvas.store.folder import FolderBackend
from canvas.store.postgres import PostgresBackend
from canvas.store.rules.mentor_links import INVALID, PASSWORD_NEEDED

PASSWORD = "Secret#123"
MENTOR_PASSWORD = "Mentor#2026"


@pytest.fixture
def database(postgres_server):
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)


def seed(backend) -> dict:
    """Two accounts, three canvases (one saved twice, with a dismissed nudge), a workshop
    with a member and a share, two comments (one resolved), mentor links (one with a
    password, one revoked, one whose canvas was deleted): one of everything the copy must
    carry. Returns what the source holds, and the tokens the learner handed out."""
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
    lena.create(blank_canvas("Private"))
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
    revoked, revoked_token = links.create("lena", bakery.id, "Old mentor", 1)
    links.revoke("lena", revoked.id)
    gone = lena.create(blank_canvas("Deleted later"))
    _, gone_token = links.create("lena", gone.id, "Sam again", 7)
    lena.delete(gone.id)
    return {"bakery": bakery, "room": room,
            "comments": comments.on_canvas("lena", "lena", bakery.id),
            # The folder still lists the link of the deleted canvas; it opens nothing and
            # is not copied (PostgreSQL drops a link with its canvas).
            "links": [x for x in links.links("lena") if x.canvas_id == bakery.id],
            "open_token": open_token,
            "password_token": password_token, "refused_tokens": [revoked_token, gone_token]}


def check_copied(backend, seeded: dict) -> None:
    """What a user of the target notices: same logins, canvases, history and workshops."""
    accounts = backend.accounts()
    assert accounts.usernames() == ["fiona", "lena"]
    assert accounts.authenticate("lena", PASSWORD).name == "Лена Learner"  # hash as it was
    assert accounts.roles("fiona") == ["facilitator"]
    assert accounts.user("lena")["preferences"] == {"language": "uk"}
    with pytest.raises(Exception):  # noqa: B017 - the e-mail stays taken, in any case
        accounts.register("lena2", "lena@example.ORG", "L", "L", PASSWORD)
    lena = backend.canvases("lena")
    bakery = seeded["bakery"]
    assert sorted(s.title for s in lena.list()) == ["Bakery, third", "Private"]
    assert lena.load(bakery.id) == bakery
    assert lena.revisions(bakery.id) == [3, 2, 1]
    assert lena.load_revision(bakery.id, 1).title == "Lena's bakery / Пекарня"
    assert lena.dismissed_nudges(bakery.id) == {"no_pains"}
    assert lena.save(lena.load(bakery.id)).revision == 4  # editing carries on
    gallery = backend.workshops().gallery(seeded["room"].code, "fiona")
    assert [(share.username, canvas.id) for share, canvas in gallery] == [("lena", bakery.id)]
    assert [w.code for w in backend.workshops().joined_by("lena")] == [seeded["room"].code]
    check_mentoring_copied(backend, seeded)


def check_mentoring_copied(backend, seeded: dict) -> None:
    """The comments as they were (ids, times, resolved flag, order), for the learner and
    the facilitator; the mentor links as they were (token and password hashes included),
    so the links already handed out open the canvas, and the revoked one still does not."""
    bakery = seeded["bakery"]
    comments = backend.comments()
    for reader in ("lena", "fiona"):
        assert comments.on_canvas(reader, "lena", bakery.id) == seeded["comments"]
    assert [c.resolved for c in seeded["comments"]] == [False, True]
    links = backend.mentor_links()
    by_id = lambda found: sorted(found, key=lambda link: link.id)  # noqa: E731
    # (Links made in the same second are listed in either order, depending on the backend.)
    assert by_id(links.links("lena")) == by_id(seeded["links"])
    assert sorted(link.label for link in seeded["links"]) == ["Mentor Sam", "Ніна"]
    assert links.open(seeded["open_token"]).title == "Bakery, third"
    with pytest.raises(MentorLinkError) as refused:
        links.open(seeded["password_token"])
    assert refused.value.code == PASSWORD_NEEDED
    assert links.open(seeded["password_token"], MENTOR_PASSWORD).id == bakery.id
    for token in seeded["refused_tokens"]:
        with pytest.raises(MentorLinkError) as refused:
            links.open(token)
        assert refused.value.code == INVALID


COUNTS = "accounts 2, canvases 3, history revisions 5, workshops 1"
MENTORING = "comments 2, mentor links 2"


def test_folder_to_postgres_twice(tmp_path, database, capsys):
    folder = tmp_path / "data"
    seeded = seed(FolderBackend(folder))
    for _ in range(2):  # the second run changes nothing and still verifies
        assert main(["store", "copy", "--from", str(folder), "--to", database]) == 0
        out = capsys.readouterr().out
        assert COUNTS in out and MENTORING in out and "Verified" in out
    target = PostgresBackend(database)
    try:
        check_copied(target, seeded)
    finally:
        target.close()


def test_postgres_to_folder_twice(tmp_path, database, capsys):
    source = PostgresBackend(database)
    try:
        seeded = seed(source)
    finally:
        source.close()
    folder = tmp_path / "moved"
    for _ in range(2):
        assert main(["--lang", "fr", "store", "copy", "--from", database,
                     "--to", str(folder)]) == 0
        out = capsys.readouterr().out
        assert "comptes 2, canevas 3" in out and "commentaires 2" in out and "Vérifié" in out
    check_copied(FolderBackend(folder), seeded)


def test_folder_to_postgres_and_back_keeps_comments_and_mentor_links(tmp_path, database,
                                                                      capsys):
    """Switching to PostgreSQL and back again: both copies hold the very comments and
    links of the first folder, and a mentor's link from before the moves still opens."""
    first, back = tmp_path / "data", tmp_path / "back"
    seeded = seed(FolderBackend(first))
    for source, target in ((str(first), database), (database, str(back))):
        for _ in range(2):
            assert main(["store", "copy", "--from", source, "--to", target]) == 0
            out = capsys.readouterr().out
            assert MENTORING in out and "every comment and mentor link" in out.lower()
    middle = PostgresBackend(database)
    try:
        check_mentoring_copied(middle, seeded)
    finally:
        middle.close()
    check_mentoring_copied(FolderBackend(back), seeded)


def test_unreachable_database_is_one_sentence(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("canvas.store.postgres.connection.RETRY_PAUSES", (0.01,))
    url = f"postgresql://nobody@/none?host={tmp_path}&port=1"
    assert main(["store", "copy", "--from", str(tmp_path / "data"), "--to", url]) == 1
    captured = capsys.readouterr()
    assert "database cannot be reached" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_verification_names_what_the_target_lacks():
    def counts(revisions=3, links=1, canvas="1111", link="3333") -> Counts:
        return Counts(accounts=2, canvases=1, revisions=revisions, workshops=1, comments=1,
                      mentor_links=links, hashes={("lena", "abc"): canvas},
                      records={("comment", "c1"): "2222", ("mentor_link", "m1"): link})

    copied = counts()
    assert differences(copied, counts()) == []
    assert differences(copied, counts(revisions=2, canvas="2222")) == [
        "revisions", "lena/abc"]
    # A link whose token hash or password hash changed would open nothing any more.
    assert differences(copied, counts(links=0, link="4444")) == [
        "mentor_links", "mentor_link m1"]


def test_a_clashing_account_in_the_target_stops_the_copy(tmp_path, database, capsys):
    """Merging two people's accounts because their e-mails differ only in case would give
    one the other's canvases: the copy refuses, naming the account, and copies none."""
    folder = tmp_path / "data"
    seed(FolderBackend(folder))
    target = PostgresBackend(database)
    target.accounts().register("lena-k", "LENA@example.org", "Other", "Person", PASSWORD)
    assert main(["store", "copy", "--from", str(folder), "--to", database]) == 1
    assert "e-mail address of lena" in capsys.readouterr().err
    assert target.accounts().usernames() == ["lena-k"]
    target.close()
