"""``python -m canvas store copy``: a data folder into PostgreSQL and back, run twice."""

from __future__ import annotations

import pytest

from canvas import accounts as accounts_module
from canvas.cli import main
from canvas.models import blank_canvas
from canvas.store import FolderBackend
from canvas.store.copy import Counts, differences
from canvas.store.postgres import PostgresBackend

PASSWORD = "Secret#123"


@pytest.fixture
def database(postgres_server):
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)


def seed(backend) -> dict:
    """Two accounts, three canvases (one saved twice, with a dismissed nudge), a workshop
    with a member and a share: one of everything the copy must carry."""
    accounts_module.BCRYPT_ROUNDS = 4
    try:
        accounts = backend.accounts()
        accounts.register("fiona", "fiona@example.org", "Fiona", "Facilitator", PASSWORD)
        accounts.register("lena", "Lena@Example.org", "Лена", "Learner", PASSWORD)
    finally:
        accounts_module.BCRYPT_ROUNDS = 12
    accounts.set_preference("lena", "language", "uk")
    lena = backend.canvases("lena")
    bakery = lena.create(blank_canvas("Lena's bakery / Пекарня"))
    bakery = lena.save(bakery.model_copy(update={"title": "Bakery, second"}))
    bakery = lena.save(bakery.model_copy(update={"title": "Bakery, third"}))
    lena.set_dismissed_nudges(bakery.id, {"no_pains"})
    lena.create(blank_canvas("Private"))
    backend.canvases("fiona").create(blank_canvas("Example"))
    room = backend.workshops().create("Morning group", "fiona")
    backend.workshops().join(room.code, "lena")
    backend.workshops().share(room.code, "lena", bakery.id)
    return {"bakery": bakery, "room": room}


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


COUNTS = "accounts 2, canvases 3, history revisions 5, workshops 1"


def test_folder_to_postgres_twice(tmp_path, database, capsys):
    folder = tmp_path / "data"
    seeded = seed(FolderBackend(folder))
    for _ in range(2):  # the second run changes nothing and still verifies
        assert main(["store", "copy", "--from", str(folder), "--to", database]) == 0
        out = capsys.readouterr().out
        assert COUNTS in out and "Verified" in out
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
        assert "comptes 2, canevas 3" in out and "Vérifié" in out
    check_copied(FolderBackend(folder), seeded)


def test_unreachable_database_is_one_sentence(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("canvas.store.postgres.RETRY_PAUSES", (0.01,))
    url = f"postgresql://nobody@/none?host={tmp_path}&port=1"
    assert main(["store", "copy", "--from", str(tmp_path / "data"), "--to", url]) == 1
    captured = capsys.readouterr()
    assert "database cannot be reached" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_verification_names_what_the_target_lacks():
    copied = Counts(accounts=2, canvases=1, revisions=3, workshops=1,
                    hashes={("lena", "abc"): "1111"})
    assert differences(copied, Counts(2, 1, 3, 1, {("lena", "abc"): "1111"})) == []
    assert differences(copied, Counts(2, 1, 2, 1, {("lena", "abc"): "2222"})) == [
        "revisions", "lena/abc"]


def test_a_clashing_account_in_the_target_stops_the_copy(tmp_path, database, capsys):
    """Merging two people's accounts because their e-mails differ only in case would give
    one the other's canvases: the copy refuses, naming the account, and copies none."""
    folder = tmp_path / "data"
    seed(FolderBackend(folder))
    target = PostgresBackend(database)
    accounts_module.BCRYPT_ROUNDS = 4
    try:
        target.accounts().register("lena-k", "LENA@example.org", "Other", "Person", PASSWORD)
    finally:
        accounts_module.BCRYPT_ROUNDS = 12
    assert main(["store", "copy", "--from", str(folder), "--to", database]) == 1
    assert "e-mail address of lena" in capsys.readouterr().err
    assert target.accounts().usernames() == ["lena-k"]
    target.close()
