"""The facilitator's side of the live room, on the projector page.

The projector drives a room when it shows a canvas shared to a workshop (the workshop in
its URL) or when the facilitator picks "Run this workshop": its step buttons then
publish the step to every learner's banner, its timer is the room's timer, and the vote
controls open, close and apply a dot vote whose tally the projector draws live. Without a
room the projector keeps its own timer, as before. Every change goes through the store,
which refuses anyone but the workshop's facilitator.
"""

from __future__ import annotations

import html
import time

import streamlit as st

from canvas.figures.vote import build_vote
from canvas.fileformat.models import SCORE_FIELD
from canvas.ranking.rules import ranked
from canvas.room import state as rules
from canvas.room.state import Timer, VoteOption
from canvas.store import StoreError
from canvas.store.operations import CACHE_SECONDS
from canvas.store.rules.workshops import normalise_code
from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape

#: The tally's size on the projector: the width of a 1920 px screen, the height that
#: leaves the navigation row in view.
TALLY_SIZE = (1800, 620)
_DRIVEN = "live_driven"      # user_state: the workshop code this projector run drives
_NOTICE = "live_notice"      # user_state: a refusal or confirmation to show once


def projector_room(user, url_code: str | None) -> str | None:
    """The workshop this projector drives (remembered for the step buttons' callbacks)."""
    code = normalise_code(url_code) if url_code else st.session_state.get(session.ROOM_KEY)
    if code and not any(w.code == code for w in session.workshops().facilitated_by(
            user.username)):
        code = None
    session.user_state()[_DRIVEN] = code
    return code


def driven() -> str | None:
    return session.user_state().get(_DRIVEN)


def _room():
    return session.backend().room()


def _do(change) -> rules.RoomView | None:
    """Run a room change; a refusal becomes a sentence on the page instead of an error."""
    try:
        return change()
    except StoreError as exc:
        session.user_state()[_NOTICE] = ("error", exc.message(session.t()))
        return None


def notice() -> None:
    shown = session.user_state().pop(_NOTICE, None)
    if shown:
        kind, text = shown
        (st.error if kind == "error" else st.success)(text)


# -- follow me ------------------------------------------------------------------------------

def publish_step(step: str) -> None:
    """The projector moved to ``step``: so does every learner's banner."""
    code = driven()
    if code:
        user = session.require_user()
        _do(lambda: _room().set_step(code, user.username, step))


def _publish_instruction(code: str, key: str) -> None:
    user = session.require_user()
    text = st.session_state.get(key, "")
    if _do(lambda: _room().set_step(code, user.username, None, text)):
        st.session_state[key] = ""


def _run_workshop(step: str) -> None:
    code = st.session_state.get(session.ROOM_KEY)
    if code:
        user = session.require_user()
        _do(lambda: _room().set_step(code, user.username, step))


def room_popover(t, user, url_code: str | None, step: str) -> None:
    """Which workshop follows this projector, who is online, and a free instruction."""
    with st.popover(t("live.room"), icon=":material/groups:"):
        if not url_code:
            workshops = session.workshops().facilitated_by(user.username)
            names = {w.code: f"{w.name} · {w.code}" for w in workshops}
            st.selectbox(t("live.room.run"), [None, *names], key=session.ROOM_KEY,
                         format_func=lambda c: t("live.room.none") if c is None else names[c],
                         on_change=_run_workshop, args=(step,),
                         placeholder=t("polish.choose"), help=t("live.room.run_help"))
        code = driven()
        if not code:
            st.caption(t("live.room.off"))
            return
        st.caption(t("live.room.follows"))
        workshop = next((w for w in session.workshops().facilitated_by(user.username)
                         if w.code == code), None)
        try:
            online = len(_room().online(code, user.username))
        except StoreError:
            online = 0
        members = len(workshop.members) if workshop else 0
        st.markdown(t.plural("live.room.online", members, online=online))
        key = f"live_instruction_{code}"
        st.text_input(t("live.room.instruction"), key=key, max_chars=rules.MAX_INSTRUCTION,
                      placeholder=t("live.room.instruction_placeholder"))
        st.button(t("live.room.instruction_send"), key=f"live_instruction_send_{code}",
                  icon=":material/campaign:", on_click=_publish_instruction, args=(code, key))


# -- the timer ------------------------------------------------------------------------------

def current_timer(user) -> tuple[Timer, int]:
    """The timer the projector shows: the room's when it drives one, else its own."""
    code = driven()
    if code:
        try:
            view = _room().state(code, user.username, max_age=CACHE_SECONDS)
            return view.timer, view.version
        except StoreError:
            return Timer(), 0
    return st.session_state.get(session.ROOM_TIMER_KEY) or Timer(), 0


#: The Timer menu's key: its open state lives in session state, so starting can close it.
TIMER_MENU = "projector_timer_menu"


def _timer_action(action: str, minutes_key: str | None = None,
                  minutes: float | None = None) -> None:
    user = session.require_user()
    if action == "start":
        # Left open, the menu hid the projected chart for the whole countdown.
        st.session_state[TIMER_MENU] = False
    if minutes_key:
        minutes = st.session_state.get(minutes_key)
    code = driven()
    if code:
        _do(lambda: _room().timer(code, user.username, action, minutes))
        return
    timer = st.session_state.get(session.ROOM_TIMER_KEY) or Timer()
    now = time.time()
    if action == "start":
        timer = rules.timer_start(timer, minutes or 0, now)
    elif action == "stop":
        timer = Timer()
    else:
        timer = rules.TIMER_ACTIONS[action](timer, now)
    st.session_state[session.ROOM_TIMER_KEY] = timer


def timer_popover(t) -> None:
    user = session.require_user()
    timer, _ = current_timer(user)
    # The menu tracks whether it is open (a rerun when opened or closed, on the projector
    # only), so that Start and the presets, which start, close it.
    with st.popover(t("projector.timer"), icon=":material/timer:", key=TIMER_MENU,
                    on_change="rerun"):
        with st.container(horizontal=True, gap="small"):
            for minutes in rules.TIMER_PRESETS:
                st.button(t("live.timer.preset", n=minutes),
                          key=f"live_timer_preset_{minutes}", on_click=_timer_action,
                          args=("start",), kwargs={"minutes": minutes})
        minutes_key = "projector_timer_minutes"
        st.number_input(t("projector.timer.minutes"), min_value=1,
                        max_value=rules.MAX_TIMER_MINUTES, value=5, step=1, key=minutes_key)
        with st.container(horizontal=True, gap="small"):
            st.button(t("projector.timer.start"), key="projector_timer_start", type="primary",
                      icon=":material/play_arrow:", on_click=_timer_action,
                      args=("start", minutes_key))
            if timer.end is not None:
                st.button(t("live.timer.pause"), key="live_timer_pause",
                          icon=":material/pause:", on_click=_timer_action, args=("pause",))
            if timer.remaining is not None:
                st.button(t("live.timer.resume"), key="live_timer_resume",
                          icon=":material/resume:", on_click=_timer_action, args=("resume",))
            st.button(t("live.timer.add_minute"), key="live_timer_add",
                      icon=":material/more_time:", on_click=_timer_action,
                      args=("add_minute",))
            st.button(t("projector.timer.stop"), key="projector_timer_stop",
                      icon=":material/stop:", on_click=_timer_action, args=("stop",))


@st.fragment(run_every="1s")
def timer_display() -> None:
    """Counts down on the projected page; only this small fragment reruns each second."""
    t = session.t()
    timer, _ = current_timer(session.require_user())
    shown = rules.timer_shown(timer, time.time())
    if shown.kind == "off":
        return
    if shown.kind == "up":
        st.markdown(f'<div class="vpc-timer vpc-timer-done" role="status">'
                    f'{html.escape(t("projector.timer.done"))}</div>', unsafe_allow_html=True)
        return
    if shown.kind == "ran_out":  # calm, and smaller: a note, no longer an alarm
        text = t.plural("projector.timer.ran_out", shown.minutes)
        st.markdown(f'<div class="vpc-timer vpc-timer-ran-out" role="status">'
                    f"{html.escape(text)}</div>", unsafe_allow_html=True)
        return
    minutes, seconds = divmod(shown.seconds, 60)
    paused = f'{html.escape(t("live.banner.paused"))} ' if shown.kind == "paused" else ""
    st.markdown(f'<div class="vpc-timer" role="timer" aria-live="off">'
                f"{paused}{minutes:02d}:{seconds:02d}</div>", unsafe_allow_html=True)


# -- the dot vote ---------------------------------------------------------------------------

def canvas_options(canvas, section: str) -> list[VoteOption]:
    return [VoteOption(id=item.id, text=item.text)
            for _, item in ranked(canvas.section(section))[:rules.MAX_OPTIONS]]


def room_top_pains(code: str, username: str) -> list[VoteOption]:
    """The top pains of every canvas shared to the workshop, exact duplicates once."""
    texts = []
    for _, canvas in session.workshops().gallery(code, username):
        texts += [item.text for _, item in ranked(canvas.pains)[:rules.TOP_PER_CANVAS]]
    return rules.combined_options(texts)


def _open_vote(code: str, shared, source_key: str, section_key: str, dots_key: str) -> None:
    t = session.t()
    user = session.require_user()
    dots = st.session_state.get(dots_key, rules.DEFAULT_DOTS)
    if st.session_state.get(source_key) == "canvas" and shared is not None:
        owner, canvas = shared
        section = st.session_state.get(section_key, "pains")
        _do(lambda: _room().open_vote(code, user.username, section,
                                      canvas_options(canvas, section), dots,
                                      title=canvas.title, owner=owner, canvas_id=canvas.id))
        return
    _do(lambda: _room().open_vote(code, user.username, "pains",
                                  room_top_pains(code, user.username), dots,
                                  title=t("live.vote.room_title")))


def _vote_step(action: str, code: str) -> None:
    t = session.t()
    user = session.require_user()
    room = _room()
    if action == "close":
        _do(lambda: room.close_vote(code, user.username))
    elif action == "end":
        _do(lambda: room.end_vote(code, user.username))
    elif action == "apply" and _do(lambda: room.apply_vote(code, user.username)):
        session.user_state()[_NOTICE] = ("success", t("live.vote.applied"))
    elif action == "undo" and _do(lambda: room.undo_apply(code, user.username)):
        session.user_state()[_NOTICE] = ("success", t("live.vote.undone"))


def vote_popover(t, user, code: str, shared) -> None:
    """Open a vote (on the presented canvas's section or the room's top pains), close it,
    apply its order to the canvas and undo that. ``shared``: (owner, canvas) or None."""
    try:
        view = _room().state(code, user.username)
    except StoreError:
        return
    vote = view.vote
    with st.popover(t("live.vote"), icon=":material/how_to_vote:"):
        if vote is None or not vote.open:
            sources = (["canvas"] if shared is not None else []) + ["room"]
            source_key, section_key = "live_vote_source", "live_vote_section"
            st.radio(t("live.vote.source"), sources, key=source_key,
                     format_func=lambda s: t(f"live.vote.source.{s}"))
            if shared is not None and st.session_state.get(source_key, sources[0]) == "canvas":
                st.selectbox(t("live.vote.section"), rules.VOTE_SECTIONS, index=1,
                             key=section_key, format_func=lambda s: t(f"section.{s}"),
                             placeholder=t("polish.choose"))
            dots_key = "live_vote_dots"
            st.number_input(t("live.vote.dots"), min_value=rules.MIN_DOTS,
                            max_value=rules.MAX_DOTS, value=rules.DEFAULT_DOTS, step=1,
                            key=dots_key)
            st.button(t("live.vote.open"), key="live_vote_open", type="primary",
                      icon=":material/how_to_vote:", on_click=_open_vote,
                      args=(code, shared, source_key, section_key, dots_key))
        if vote is None:
            return
        st.divider()
        vote_voters(code)
        with st.container(horizontal=True, gap="small"):
            if vote.open:
                st.button(t("live.vote.close"), key="live_vote_close", type="primary",
                          icon=":material/lock:", on_click=_vote_step, args=("close", code))
            elif vote.on_canvas and not vote.applied:
                st.button(t("live.vote.apply"), key="live_vote_apply", type="primary",
                          icon=":material/sort:", on_click=_vote_step, args=("apply", code))
            elif vote.applied:
                st.button(t("live.vote.undo"), key="live_vote_undo", icon=":material/undo:",
                          on_click=_vote_step, args=("undo", code))
            st.button(t("live.vote.end"), key="live_vote_end", icon=":material/close:",
                      on_click=_vote_step, args=("end", code))
        if vote.on_canvas and not vote.applied:
            st.caption(t("live.vote.apply_help", section=t(f"section.{vote.section}"),
                         score=t(f"live.score.{SCORE_FIELD[vote.section]}"),
                         title=md_escape(vote.title)))


@st.fragment(run_every="1s")
def vote_voters(code: str) -> None:
    """How many learners have voted, in the Vote menu. The menu is drawn with the page,
    while dots keep arriving: drawn once it said "0 learners have voted" while the tally
    beside it counted on. It is re-read each second, through the same cached read as the
    tally, so the two always tell the same number."""
    t = session.t()
    user = session.require_user()
    try:
        vote = _room().state(code, user.username, max_age=CACHE_SECONDS).vote
    except StoreError:
        return
    if vote is not None:
        st.markdown(t.plural("live.vote.voters", vote.voters))


def vote_on_screen(user, code: str | None) -> bool:
    if not code:
        return False
    try:
        return _room().state(code, user.username).vote is not None
    except StoreError:
        return False


@st.fragment(run_every="1s")
def tally(code: str) -> None:
    """The live tally on the projector, redrawn only when a dot was spent."""
    t = session.t()
    user = session.require_user()
    try:
        view = _room().state(code, user.username, max_age=CACHE_SECONDS)
    except StoreError:
        return
    vote = view.vote
    if vote is None:
        st.rerun(scope="app")  # ended from another tab: back to the step
    entries = [(option.text, dots) for option, dots in rules.ranked_options(vote)]
    status = t("live.vote.status_open") if vote.open else t("live.vote.status_closed")
    subtitle = f"{t.plural('live.vote.voters', vote.voters)} · {status}"
    title = t("live.vote.chart_title", section=t(f"section.{vote.section}"),
              title=vote.title)
    fig = build_vote(entries, t, section=vote.section, title=title, subtitle=subtitle,
                     presentation=True, size=TALLY_SIZE)
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False},
                    key="live_tally_chart")
