"""Wrong workshop codes are limited per account, where the data lives, and per browser
session (issue 22, point 6: 150 codes in 50 s were all tried, none refused)."""

from __future__ import annotations

import time

from canvas.i18n import LANGUAGES, get_translator, native_digits
from canvas.store import StoreError
from canvas.store.rules.join_attempts import (
    MAX_WRONG_CODES,
    REST_MINUTES,
    RESTING,
    WRONG,
    Tries,
    after_wrong,
    rest_minutes,
)
from tests.apptest_helpers import button, logged_in, make_user, plain_texts
from tests.store_helpers import run_processes

WORKSHOPS = "pages/workshops.py"
GUESS = "ZZZZZZ"  # well formed, and no workshop has it


def test_the_rules_count_wrong_codes_in_a_window_and_rest():
    now = 1_000_000.0
    tries = None
    for count in range(1, MAX_WRONG_CODES):
        tries = after_wrong(tries, now + count)
        assert (tries.wrong, tries.since, rest_minutes(tries, now + count)) == (count, now + 1, 0)
    rested = after_wrong(tries, now + 20)
    assert rested.resting_until == now + 20 + REST_MINUTES * 60
    assert rest_minutes(rested, now + 20) == REST_MINUTES
    assert rest_minutes(rested, now + 20 + REST_MINUTES * 60 - 30) == 1
    assert rest_minutes(rested, now + 20 + REST_MINUTES * 60) == 0
    # After the rest, or once the window has passed, the count starts again.
    assert after_wrong(rested, now + 21 + REST_MINUTES * 60).wrong == 1
    assert after_wrong(Tries(9, now), now + 15 * 60 + 1) == Tries(1, now + 15 * 60 + 1)


def _join(backend, code: str, name: str, now: float | None = None) -> str:
    try:
        backend.workshops().join(code, name, now=now)
    except StoreError as refused:
        return refused.code
    return "joined"


def test_an_account_rests_after_ten_wrong_codes_even_for_the_right_one(store_backend):
    backend = store_backend.open()
    code = backend.workshops().create("Lille", "fiona").code
    now = time.time()
    results = [_join(backend, GUESS, "omar", now) for _ in range(MAX_WRONG_CODES)]
    assert results == [WRONG] * (MAX_WRONG_CODES - 1) + [RESTING]
    assert _join(backend, code, "omar", now + 60) == RESTING
    try:
        backend.workshops().join(code, "omar", now=now + 90)  # 13.5 min left: "14"
    except StoreError as refused:
        for language in LANGUAGES:
            text = refused.message(get_translator(language))
            minutes = native_digits(str(REST_MINUTES - 1), language)  # ۱۴ in Persian
            assert minutes in text and "{" not in text, text
    assert _join(backend, code, "lena", now + 60) == "joined"  # others are not touched
    assert _join(backend, code, "omar", now + REST_MINUTES * 60 + 1) == "joined"
    # A right code does not wipe the count: a guesser cannot reset it with a known code.
    for _ in range(MAX_WRONG_CODES - 1):
        _join(backend, GUESS, "lena", now + 70)
    assert _join(backend, code, "lena", now + 71) == "joined"
    assert _join(backend, GUESS, "lena", now + 72) == RESTING


def test_parallel_guesses_over_servers_are_all_counted(store_backend):
    store_backend.open().workshops().create("Lille", "fiona")
    results = run_processes(store_backend, 20, _guess_code)
    codes = list(results.values())
    assert codes.count(WRONG) == MAX_WRONG_CODES - 1, codes
    assert codes.count(RESTING) == 20 - MAX_WRONG_CODES + 1, codes


def _guess_code(backend, index: int) -> str:
    return _join(backend, GUESS, "omar")


def test_a_browser_session_rests_too_whichever_account_it_uses(data_dir):
    make_user(data_dir, "fiona")
    from canvas.store.folder.workshops import WorkshopStore

    code = WorkshopStore(data_dir).create("Lille", "fiona").code
    at = logged_in(data_dir, "learner1", page=WORKSHOPS)
    for _ in range(MAX_WRONG_CODES):
        at.text_input(key="join_code").input(GUESS)
        button(at, key="FormSubmitter:join_workshop-Join").click()
        at.run()
    resting = get_translator("en")("store.workshop_join_resting", minutes=REST_MINUTES)
    assert resting in plain_texts(at)
    # Another account in the same browser session: the session still rests.
    make_user(data_dir, "learner2")
    at.session_state["username"] = "learner2"
    at.session_state["vpc_session_generation"] = 0
    at.run()
    at.text_input(key="join_code").input(code)
    button(at, key="FormSubmitter:join_workshop-Join").click()
    at.run()
    assert resting in plain_texts(at)
    assert "learner2" not in WorkshopStore(data_dir).read(code).members
