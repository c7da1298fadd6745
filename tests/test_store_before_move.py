"""A store written before the move under ``canvas/store/`` (issue 23) reads back the same.

``tests/fixtures/store_before_move/data`` was written by the code of commit 6874034 (the
folder modules still at the top of ``canvas/``), and ``expected.json`` is what that code
read back from it (:func:`store_before_move.read_back`). Today's code must read the same
from the folder as it is, and from PostgreSQL after ``store copy``: accounts (logins with
the old hashes), canvases with their history and exact bytes, workshops, comments, mentor
links (tokens and passwords handed out before still open), the presenting poll and the
live room.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from store_before_move import PASSWORD, read_back

from canvas.store.choose import open_backend
from canvas.store.copy import copy_store, differences, inventory
from canvas.store.folder import FolderBackend
from canvas.store.postgres import PostgresBackend

FIXTURE = Path(__file__).parent / "fixtures" / "store_before_move"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def old_folder(tmp_path) -> Path:
    """A copy of the old folder (reading it records logins and openings)."""
    return Path(shutil.copytree(FIXTURE / "data", tmp_path / "data"))


def _logins_work(backend) -> None:
    accounts = backend.accounts()
    assert accounts.authenticate("lena", PASSWORD).name == "Лена Learner"
    assert accounts.authenticate("fiona", PASSWORD).generation == 0


def test_the_old_folder_reads_back_the_same(old_folder):
    backend = open_backend(old_folder)
    assert read_back(backend, EXPECTED["keys"]) == EXPECTED["read_back"]
    _logins_work(backend)


def test_the_old_folder_reads_back_the_same_from_postgres(old_folder, postgres_server):
    url = postgres_server.new_database()
    source, target = FolderBackend(old_folder), PostgresBackend(url, max_connections=2)
    try:
        copied = copy_store(source, target)
        assert differences(copied, inventory(target)) == []
        expected = {key: value for key, value in EXPECTED["read_back"].items()
                    if key != "room"}
        assert read_back(target, EXPECTED["keys"], room=False) == expected
        _logins_work(target)
    finally:
        target.close()
        postgres_server.drop_database(url)
