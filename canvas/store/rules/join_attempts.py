"""Wrong workshop codes: counted where the data lives for each account, and per session.

A code is six characters out of 29 (about 600 million codes), read aloud in a room and
typed by people in a hurry, so a learner mistypes one now and then; a script guessed 150
codes in 50 s with no refusal (issue 22, point 6). After :data:`MAX_WRONG_CODES` wrong
codes within a quarter of an hour an account rests for :data:`REST_MINUTES` minutes,
right code or not, as an account rests after wrong passwords; a browser session rests
after as many, whichever accounts it used. Ten leaves room for a learner and a neighbour
trying each spelling of a code read from the back of the room, and holds a guesser to 40
codes an hour.

The rules are pure; the data folder applies them under the workshops' lock, PostgreSQL on
the account's row locked ``FOR UPDATE``, each in the same step as the join itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_WRONG_CODES = 10
#: Wrong codes count within this window; a rest lasts as long.
WINDOW_MINUTES = REST_MINUTES = 15
#: The refusal while resting (``minutes`` left) and the one for a wrong code.
RESTING = "workshop_join_resting"
WRONG = "workshop_not_found"


@dataclass(frozen=True)
class Tries:
    """Wrong codes since ``since`` (epoch seconds), and the end of the rest if resting."""

    wrong: int = 0
    since: float = 0.0
    resting_until: float | None = None


def rest_minutes(tries: Tries | None, now: float) -> int:
    """Whole minutes left of the rest, 0 when codes may be tried."""
    if tries is None or tries.resting_until is None or now >= tries.resting_until:
        return 0
    return max(1, math.ceil((tries.resting_until - now) / 60))


def after_wrong(tries: Tries | None, now: float) -> Tries:
    """The count after a wrong code; the one that reaches :data:`MAX_WRONG_CODES` within
    the window starts the rest. A right code changes nothing: were it to start the count
    again, a guesser would type a code they know between guesses."""
    if (tries is None or now - tries.since > WINDOW_MINUTES * 60
            or (tries.resting_until is not None and now >= tries.resting_until)):
        tries = Tries(0, now)
    wrong = tries.wrong + 1
    if wrong >= MAX_WRONG_CODES:
        return Tries(wrong, tries.since, now + REST_MINUTES * 60)
    return Tries(wrong, tries.since)
