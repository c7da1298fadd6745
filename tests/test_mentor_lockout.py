"""A mentor link's password rest holds against a burst, on both backends (issue 22, point 1).

Before, each try was counted only after its bcrypt check: thirteen tries sent at once
through several servers were all checked, the right one opened the canvas while others
were told "Too many wrong passwords", and its success lifted the rest. Now a try is
counted before it is checked, where the data lives (the file lock; the row locked
``FOR UPDATE``), so at most five are checked before the link rests, and nothing lifts a
rest but its end. Each racer is a process with its own backend, as an app server is.
"""

from __future__ import annotations

import multiprocessing
import time
from datetime import timedelta
from functools import partial

import pytest

from canvas.fileformat.models import blank_canvas, utc_now
from canvas.store.errors import MentorLinkError
from canvas.store.folder import mentor_links as mentor_module
from canvas.store.records import MentorLink
from canvas.store.rules import accounts as accounts_module
from canvas.store.rules.mentor_links import (
    LOCK_MINUTES,
    LOCKED,
    MAX_PASSWORD_ATTEMPTS,
    PASSWORD_WRONG,
    claim,
    settle,
)
from tests.store_helpers import run_processes

RIGHT = "tea-and-bread"
RACERS = 20


@pytest.fixture
def link(store_backend, monkeypatch):
    """Lena's link with a password, hashed cheaply so that twenty checks stay quick."""
    backend = store_backend.open()
    canvas = backend.canvases("lena").create(blank_canvas("Lena's bakery"))
    _, token = backend.mentor_links().create("lena", canvas.id, "Sam", 7, password=RIGHT)
    return token


@pytest.fixture
def checks(monkeypatch):
    """How many passwords were really checked (bcrypt), over every process; each check
    takes a moment, so the tries of a burst are in flight together."""
    counter = multiprocessing.get_context("fork").Value("i", 0)
    real = accounts_module.check_password

    def counted(password: str, hashed: bytes) -> bool:
        with counter.get_lock():
            counter.value += 1
        time.sleep(0.2)  # the window a burst races through; no result waits on it
        return real(password, hashed)

    monkeypatch.setattr(mentor_module, "check_password", counted)
    monkeypatch.setattr("canvas.store.postgres.mentor_links.check_password", counted)
    return counter


def _open(token: str, password: str, backend, index: int) -> str:
    try:
        backend.mentor_links().open(token, password)
    except MentorLinkError as refused:
        return refused.code
    return "opened"


def _stored(store_backend) -> MentorLink:
    return store_backend.open().mentor_links().links("lena")[0]


def test_a_burst_of_twenty_wrong_tries_gets_five_checked(store_backend, link, checks):
    results = run_processes(store_backend, RACERS, partial(_open, link, "guess"))
    codes = list(results.values())
    print(f"burst of {RACERS}: {checks.value} checked, {codes.count(PASSWORD_WRONG)} told "
          f"wrong, {codes.count(LOCKED)} told locked")
    assert checks.value <= MAX_PASSWORD_ATTEMPTS, f"{checks.value} guesses checked"
    assert set(codes) <= {PASSWORD_WRONG, LOCKED}
    assert codes.count(PASSWORD_WRONG) <= MAX_PASSWORD_ATTEMPTS - 1
    assert codes.count(LOCKED) >= RACERS - MAX_PASSWORD_ATTEMPTS + 1
    with pytest.raises(MentorLinkError) as refused:  # the right one waits for the rest
        store_backend.open().mentor_links().open(link, RIGHT)
    assert refused.value.code == LOCKED
    until = _stored(store_backend).locked_until
    assert until is not None and until - utc_now() <= timedelta(minutes=LOCK_MINUTES)


def test_the_right_password_in_a_burst_does_not_open_or_lift_the_rest(
        store_backend, link, checks):
    """The issue's experiment: twelve wrong tries and the right one, all at once over
    the servers. The right one arrives while the wrong ones are being checked."""
    context = multiprocessing.get_context("fork")
    wrong = context.Process(target=run_processes,
                            args=(store_backend, 12, partial(_open, link, "guess")))
    wrong.start()
    try:
        deadline = time.monotonic() + 60
        while _stored(store_backend).failed_attempts < MAX_PASSWORD_ATTEMPTS:
            assert time.monotonic() < deadline, "the wrong tries never got counted"
            time.sleep(0.01)
        with pytest.raises(MentorLinkError) as refused:
            store_backend.open().mentor_links().open(link, RIGHT)
        assert refused.value.code == LOCKED
    finally:
        wrong.join(timeout=120)
    assert checks.value <= MAX_PASSWORD_ATTEMPTS
    stored = _stored(store_backend)
    assert stored.locked_until is not None and stored.last_opened_at is None


def test_claim_and_settle_rules():
    now = utc_now()
    link = MentorLink(id="a", owner="lena", canvas_id="c", token_hash="h", label="Sam",
                      created_at=now, expires_at=now + timedelta(days=7), password="x")
    for count in range(1, MAX_PASSWORD_ATTEMPTS + 1):
        link, refused = claim(link, now)
        assert (link.failed_attempts, refused) == (count, None)
    rested, refused = claim(link, now)  # the sixth try in flight: refused unchecked
    assert refused == LOCKED and rested.locked_until == now + timedelta(minutes=LOCK_MINUTES)
    assert settle(rested, True, now) == (rested, LOCKED)  # no lift by a success
    # Sequentially, four wrong tries and the right fifth one open and start again.
    opened, refused = settle(link, True, now)
    assert refused is None and opened.failed_attempts == 0 and opened.last_opened_at == now
    # The fifth wrong one, settled, starts the rest and says so.
    wrong, refused = settle(link, False, now)
    assert refused == LOCKED and wrong.locked_until is not None
    one, refused = settle(link.model_copy(update={"failed_attempts": 2}), False, now)
    assert refused == PASSWORD_WRONG and one.locked_until is None
    # Once the rest is over, the count starts again.
    later = now + timedelta(minutes=LOCK_MINUTES + 1)
    again, refused = claim(rested, later)
    assert refused is None and again.failed_attempts == 1 and again.locked_until is None
