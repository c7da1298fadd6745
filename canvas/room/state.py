"""The live room's state and its rules, as pure functions both backends apply.

A workshop room has one facilitator and many learners following them: the step they are
on, a timer, who is looking, and sometimes a dot vote. Both store backends keep this state
as one document per workshop and change it only through the functions here, under their
lock (the data folder's file lock, PostgreSQL's row lock), so the rules are written once
and hold under concurrency: only the facilitator changes the step, the timer or the vote;
only members (and the facilitator) read it; a learner never spends more dots than the
vote gives, whichever tab or server their clicks come from.

Every change moves ``version`` on, so a screen that polls the room renders again only
when something changed. Presence (when each learner's screen was last seen) is kept
apart: it changes on every poll and is not something a screen has to redraw for.
Times are seconds since the epoch (``time.time()``), given by the caller, so the
arithmetic is exact under test.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from canvas.ranking.compare import propose_scores
from canvas.store.errors import StoreError

STEPS = ("segment", "jobs", "pains", "gains", "value_map", "fit")
INSTRUCTION = "instruction"
VOTE_SECTIONS = ("jobs", "pains", "gains")
TIMER_PRESETS = (3, 5, 10, 15)
MAX_TIMER_MINUTES = 180
DEFAULT_DOTS = 3
MIN_DOTS, MAX_DOTS = 1, 10
MAX_OPTIONS = 30
MAX_INSTRUCTION = 300
#: A learner counts as online while their screen polled within this many seconds.
ONLINE_SECONDS = 60
#: The room's combined top pains: this many from each shared canvas.
TOP_PER_CANVAS = 3


class RoomError(StoreError):
    """A refusal of a room change; ``code`` is a catalog key under ``live.``."""

    def __init__(self, code: str, **params):
        super().__init__(f"live.{code}", **params)


class Timer(BaseModel):
    """Off (both empty), running until ``end``, or paused with ``remaining`` seconds."""

    model_config = ConfigDict(extra="forbid")
    end: float | None = None
    remaining: float | None = None


class VoteOption(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    text: str


class Applied(BaseModel):
    """What applying a vote changed, so it can be undone: the canvas revision it wrote
    and the section's previous ``(id, score)`` pairs in stored order."""

    model_config = ConfigDict(extra="forbid")
    revision: int
    previous: list[tuple[str, int]]


class Vote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    section: str
    owner: str | None = None        # a vote on a shared canvas: its owner and id
    canvas_id: str | None = None
    title: str = ""
    options: list[VoteOption]
    dots: int = DEFAULT_DOTS
    open: bool = True
    ballots: dict[str, dict[str, int]] = Field(default_factory=dict)
    applied: Applied | None = None

    @property
    def on_canvas(self) -> bool:
        return self.owner is not None and self.canvas_id is not None


class CanvasWrite(BaseModel):
    """A revision the facilitator wrote into a learner's canvas (applying a vote, or
    taking it back): the owner's open board says who changed it instead of blaming
    "another tab", and edits the owner made on the revision before are rebased on it."""

    model_config = ConfigDict(extra="forbid")
    owner: str
    canvas_id: str
    revision: int
    action: str          # "applied" or "undone"
    section: str


#: The facilitator's writes a room remembers (a learner's tab asleep for longer than this
#: many of them sees a plain conflict, as before).
MAX_WRITES = 20


class RoomState(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = 0
    signal: str = ""    # the name of the room's change signal (canvas.room.signal)
    step: str | None = None
    instruction: str = ""
    timer: Timer = Field(default_factory=Timer)
    vote: Vote | None = None
    writes: list[CanvasWrite] = Field(default_factory=list)


@dataclass(frozen=True)
class Snapshot:
    """A workshop's room as stored, with who may read and change it."""

    facilitator: str
    members: frozenset[str]
    state: RoomState
    presence: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class VoteView:
    """A vote as one reader sees it: the tally, and only their own dots."""

    id: str
    section: str
    title: str
    on_canvas: bool
    options: tuple[VoteOption, ...]
    dots: int
    open: bool
    tally: dict[str, int]
    mine: dict[str, int]
    voters: int
    applied: bool

    @property
    def dots_left(self) -> int:
        return self.dots - sum(self.mine.values())


@dataclass(frozen=True)
class RoomView:
    """What a member's screen shows; never who voted for what."""

    version: int
    step: str | None
    instruction: str
    timer: Timer
    vote: VoteView | None
    signal: str = ""
    #: The facilitator's writes into the reader's own canvases, oldest first.
    writes: tuple[CanvasWrite, ...] = ()


# -- reading ------------------------------------------------------------------------------

def may_read(snapshot: Snapshot, username: str) -> bool:
    return username == snapshot.facilitator or username in snapshot.members


def view_for(snapshot: Snapshot, username: str) -> RoomView:
    """The room as ``username`` may see it; a refusal for anyone outside the workshop."""
    if not may_read(snapshot, username):
        raise RoomError("not_member")
    state = snapshot.state
    vote = None
    if state.vote is not None:
        v = state.vote
        vote = VoteView(id=v.id, section=v.section, title=v.title, on_canvas=v.on_canvas,
                        options=tuple(v.options), dots=v.dots, open=v.open, tally=tally(v),
                        mine=dict(v.ballots.get(username, {})),
                        voters=sum(1 for b in v.ballots.values() if any(b.values())),
                        applied=v.applied is not None)
    return RoomView(version=state.version, step=state.step, instruction=state.instruction,
                    timer=state.timer, vote=vote, signal=state.signal,
                    writes=tuple(w for w in state.writes if w.owner == username))


def tally(vote: Vote) -> dict[str, int]:
    """Dots per option (every option present, zero when nobody chose it)."""
    totals = {option.id: 0 for option in vote.options}
    for ballot in vote.ballots.values():
        for option_id, dots in ballot.items():
            if option_id in totals:
                totals[option_id] += dots
    return totals


def ranked_options(vote: Vote | VoteView) -> list[tuple[VoteOption, int]]:
    """Options by dots, most first; ties keep the order the options were listed in."""
    totals = vote.tally if isinstance(vote, VoteView) else tally(vote)
    return sorted(((o, totals.get(o.id, 0)) for o in vote.options), key=lambda p: -p[1])


def online(presence: dict[str, float], now: float) -> set[str]:
    return {user for user, seen in presence.items() if now - seen <= ONLINE_SECONDS}


# -- changing (each returns the new state, version moved on) -----------------------------

def with_signal(snapshot: Snapshot, username: str) -> RoomState:
    """Give a room its change signal's name before anything changed in it (so that
    learners' screens can listen for the first change); the version stays."""
    if not may_read(snapshot, username):
        raise RoomError("not_member")
    state = snapshot.state
    return state if state.signal else state.model_copy(
        update={"signal": secrets.token_urlsafe(16)})


def _facilitator_only(snapshot: Snapshot, username: str) -> None:
    if username != snapshot.facilitator:
        raise RoomError("facilitator_only")


def _next(state: RoomState, **changes) -> RoomState:
    return state.model_copy(update={**changes, "version": state.version + 1,
                                    "signal": state.signal or secrets.token_urlsafe(16)})


def set_step(snapshot: Snapshot, username: str, step: str | None,
             instruction: str = "") -> RoomState:
    """Show ``step`` (one of :data:`STEPS`), or a free ``instruction`` with no step."""
    _facilitator_only(snapshot, username)
    instruction = " ".join((instruction or "").split())[:MAX_INSTRUCTION]
    if step == INSTRUCTION:
        step = None
    if step is not None and step not in STEPS:
        raise RoomError("bad_step")
    if step is None and not instruction:
        raise RoomError("instruction_missing")
    return _next(snapshot.state, step=step, instruction="" if step else instruction)


def timer_start(timer: Timer, minutes: float, now: float) -> Timer:
    if not 0 < minutes <= MAX_TIMER_MINUTES:
        raise RoomError("bad_minutes", most=MAX_TIMER_MINUTES)
    return Timer(end=now + minutes * 60)


def timer_pause(timer: Timer, now: float) -> Timer:
    if timer.end is None:
        return timer
    return Timer(remaining=max(0.0, timer.end - now))


def timer_resume(timer: Timer, now: float) -> Timer:
    if timer.remaining is None:
        return timer
    return Timer(end=now + timer.remaining)


def timer_add_minute(timer: Timer, now: float) -> Timer:
    """One more minute: from now when time is already up or no timer runs."""
    if timer.remaining is not None:
        return Timer(remaining=timer.remaining + 60)
    if timer.end is None:
        return Timer(end=now + 60)
    return Timer(end=max(timer.end, now) + 60)


def seconds_left(timer: Timer, now: float) -> int | None:
    """Whole seconds left (rounded up, so 0 means time is up); None when off."""
    if timer.remaining is not None:
        left = timer.remaining
    elif timer.end is not None:
        left = timer.end - now
    else:
        return None
    return max(0, -int(-left // 1))


#: How long "Time is up" shows, in red, once a timer has run out: two minutes is long
#: enough for a room of 25 to look up, finish the sentence they are writing and see it
#: from the back (and for the facilitator to add a minute or move on), short enough that
#: it does not turn into an alarm nobody can switch off. Seen left red for 30 minutes
#: until someone pressed Stop, it made every laptop look as if something were wrong.
TIME_UP_SECONDS = 120
#: After the alarm, the screens say calmly how long ago time ran out, for this long;
#: a timer that ran out an hour ago is no longer news and is shown no more.
RAN_OUT_SECONDS = 60 * 60


@dataclass(frozen=True)
class TimerShown:
    """What a screen shows of a timer at one moment.

    ``kind``: ``"off"`` (nothing), ``"running"`` or ``"paused"`` (``seconds`` left),
    ``"up"`` (the red "Time is up", for :data:`TIME_UP_SECONDS`), ``"ran_out"`` (the calm
    "Time ran out ``minutes`` minutes ago", until :data:`RAN_OUT_SECONDS`).
    """

    kind: str
    seconds: int = 0
    minutes: int = 0


def timer_shown(timer: Timer, now: float) -> TimerShown:
    """The timer as the projector and every banner show it at ``now``."""
    if timer.remaining is not None:
        return TimerShown("paused", seconds=max(0, -int(-timer.remaining // 1)))
    if timer.end is None:
        return TimerShown("off")
    left = timer.end - now
    if left > 0:
        return TimerShown("running", seconds=-int(-left // 1))
    overdue = -left
    if overdue < TIME_UP_SECONDS:
        return TimerShown("up")
    if overdue < RAN_OUT_SECONDS:
        return TimerShown("ran_out", minutes=int(overdue // 60))
    return TimerShown("off")


TIMER_ACTIONS = {"pause": timer_pause, "resume": timer_resume, "add_minute": timer_add_minute}


def change_timer(snapshot: Snapshot, username: str, action: str, now: float,
                 minutes: float | None = None) -> RoomState:
    _facilitator_only(snapshot, username)
    timer = snapshot.state.timer
    if action == "start":
        timer = timer_start(timer, minutes or 0, now)
    elif action == "stop":
        timer = Timer()
    elif action in TIMER_ACTIONS:
        timer = TIMER_ACTIONS[action](timer, now)
    else:
        raise RoomError("bad_action")
    return _next(snapshot.state, timer=timer)


def normalised(text: str) -> str:
    """The form under which two pains count as the same: case, width and spacing folded."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def combined_options(texts: list[str]) -> list[VoteOption]:
    """The room's combined list: first spelling of each text kept, exact duplicates (after
    :func:`normalised`) dropped, at most :data:`MAX_OPTIONS`."""
    seen: set[str] = set()
    out = []
    for text in texts:
        key = normalised(text)
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(VoteOption(id=f"o{len(out) + 1}", text=text.strip()))
        if len(out) == MAX_OPTIONS:
            break
    return out


def open_vote(snapshot: Snapshot, username: str, section: str, options: list[VoteOption],
              dots: int = DEFAULT_DOTS, title: str = "", owner: str | None = None,
              canvas_id: str | None = None) -> RoomState:
    """A new vote replaces any earlier one, with no dots spent."""
    _facilitator_only(snapshot, username)
    if section not in VOTE_SECTIONS:
        raise RoomError("bad_section")
    if not MIN_DOTS <= int(dots) <= MAX_DOTS:
        raise RoomError("bad_dots", least=MIN_DOTS, most=MAX_DOTS)
    options = list(options)[:MAX_OPTIONS]
    if not options:
        raise RoomError("no_options")
    if len({o.id for o in options}) != len(options):
        raise RoomError("no_options")
    vote = Vote(id=secrets.token_hex(6), section=section, owner=owner, canvas_id=canvas_id,
                title=title[:120], options=options, dots=int(dots))
    return _next(snapshot.state, vote=vote)


def cast(snapshot: Snapshot, username: str, vote_id: str, option_id: str,
         delta: int) -> RoomState:
    """One dot more (``delta`` 1) or less (-1) on an option, within the learner's dots."""
    if username not in snapshot.members:
        raise RoomError("not_member")
    vote = snapshot.state.vote
    if vote is None or vote.id != vote_id or not vote.open:
        raise RoomError("vote_closed")
    if delta not in (1, -1) or option_id not in {o.id for o in vote.options}:
        raise RoomError("bad_action")
    ballot = dict(vote.ballots.get(username, {}))
    count = ballot.get(option_id, 0) + delta
    if count < 0:
        raise RoomError("bad_action")
    if delta > 0 and sum(ballot.values()) >= vote.dots:
        raise RoomError("no_dots_left", dots=vote.dots)
    if count:
        ballot[option_id] = count
    else:
        ballot.pop(option_id, None)
    ballots = {**vote.ballots, username: ballot}
    return _next(snapshot.state, vote=vote.model_copy(update={"ballots": ballots}))


def close_vote(snapshot: Snapshot, username: str) -> RoomState:
    _facilitator_only(snapshot, username)
    vote = snapshot.state.vote
    if vote is None:
        raise RoomError("vote_closed")
    return _next(snapshot.state, vote=vote.model_copy(update={"open": False}))


def end_vote(snapshot: Snapshot, username: str) -> RoomState:
    """Take the vote off every screen (its tally goes with it)."""
    _facilitator_only(snapshot, username)
    return _next(snapshot.state, vote=None)


def vote_order(vote: Vote) -> list[list[str]]:
    """The options as tie groups, most dots first (what applying writes)."""
    groups: list[list[str]] = []
    last = None
    for option, dots in ranked_options(vote):
        if dots != last:
            groups.append([])
            last = dots
        groups[-1].append(option.id)
    return groups


def vote_scores(vote: Vote) -> dict[str, int]:
    """Scores 1..5 that keep the vote's order (ties share a score), as "rank by comparing"
    proposes them."""
    return propose_scores(vote_order(vote))


_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def applicable(snapshot: Snapshot, username: str) -> Vote:
    """The closed vote on a canvas section that may be applied now, or a refusal."""
    _facilitator_only(snapshot, username)
    vote = snapshot.state.vote
    if vote is None or not vote.on_canvas or not _ID_RE.fullmatch(vote.canvas_id or ""):
        raise RoomError("not_applicable")
    if vote.open:
        raise RoomError("close_first")
    return vote


def mark_applied(state: RoomState, applied: Applied | None) -> RoomState:
    return _next(state, vote=state.vote.model_copy(update={"applied": applied}))


def record_write(state: RoomState, write: CanvasWrite) -> RoomState:
    """Remember one of the facilitator's writes into a canvas (the last MAX_WRITES)."""
    return state.model_copy(update={"writes": [*state.writes, write][-MAX_WRITES:]})
