"""Follow me: the facilitator's step, timer and dot vote on every learner's page.

Why this way, by measurement (``bench/bench_room.py``: 30 protocol clients on one server
of a 2-core machine shared with other work, data folder). Streamlit cannot push to a
browser: new content reaches a page only when the browser reruns a fragment, and
PostgreSQL LISTEN/NOTIFY cannot change that (it tells a server, not a browser).

- Rerunning this banner every second from every laptop: 12.6 % of a core against 0.6 %
  for the same thirty pages idle (about 3.3 ms of server CPU per rerun), p95 delay of a
  step change 1.20 s. Every 2 s would halve the cost and miss the 2 s target.
- What the app does instead: every 1.6 s the browser reads the room's change signal, a
  static file holding the room's version (:mod:`canvas.room.signal`; LISTEN/NOTIFY carries
  it to every server on PostgreSQL), and reruns the banner only when the version moved
  on, plus once every :data:`POLL_SECONDS` to record presence. Over 5 minutes with a
  step change every ~15 s: 5.2 % of a core against 0.5 % idle (4.7 points for
  following, within the 5 % budget), p50 / p95 / max delay 0.82 / 1.53 / 1.61 s, no
  change missed by any of the 30.

Only the banner reruns, never the page: a learner typing in a text box or with a note
open on the board keeps their text and focus. The timer counts down in the browser
(``assets/live/countdown.js``) from the seconds left that each run sends, so it ticks
every second without a server run per tick. A learner outside the workshop gets no
banner: the store refuses them the room.
"""

from __future__ import annotations

import html
import os
import time
from pathlib import Path

import streamlit as st

from canvas.room import signal as room_signal
from canvas.room import state as rules
from canvas.store import StoreError
from canvas.store.operations import CACHE_SECONDS
from canvas.ui.editor import editor_state
from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape

#: The banner's own rerun (presence, and a fallback when the signal cannot be read):
#: changes arrive through the change signal within about a second.
#: ``VPC_ROOM_POLL_SECONDS`` changes it (bench_room.py measures the old 1 s design so).
POLL_SECONDS = float(os.environ.get("VPC_ROOM_POLL_SECONDS", "30"))
#: How long the workshop a learner follows is remembered before it is looked up again.
FOLLOW_SECONDS = 15.0
ASSETS = Path(__file__).resolve().parents[3] / "assets" / "live"
#: Where each step is worked on: (page, section on its board).
STEP_PAGES = {
    "segment": ("pages/customer_profile.py", None),
    "jobs": ("pages/customer_profile.py", "jobs"),
    "pains": ("pages/customer_profile.py", "pains"),
    "gains": ("pages/customer_profile.py", "gains"),
    "value_map": ("pages/value_map.py", None),
    "fit": ("pages/insights.py", None),
}

_countdown = st.components.v2.component(
    "vpc_live_countdown", html="", js=(ASSETS / "countdown.js").read_text(encoding="utf-8"),
    css=(ASSETS / "live.css").read_text(encoding="utf-8"), isolate_styles=False)


def followed_workshop(username: str) -> str | None:
    """The workshop whose room this learner follows: the one joined last. Remembered
    for :data:`FOLLOW_SECONDS` once found, looked up on every page run until then."""
    memo = session.cache("live_follow")
    if memo.get("user") == username and memo.get("until", 0) > time.monotonic():
        return memo["code"]
    joined = session.workshops().joined_by(username)
    code = joined[0].code if joined else None
    memo.update(user=username, code=code,
                until=time.monotonic() + (FOLLOW_SECONDS if code else 0))
    return code


def show() -> None:
    """Called once per page run from ``app.py``: the banner, for members of a workshop."""
    user = session.current_user()
    if user is None:
        return
    code = followed_workshop(user.username)
    if code:
        banner(code)


@st.fragment(run_every=POLL_SECONDS)
def banner(code: str) -> None:
    target = session.user_state().pop("live_go", None)
    if target:  # "Go to ..." was pressed: the whole page changes, not just the banner
        st.switch_page(target[0], query_params=target[1])
    t = session.t()
    user = session.require_user()
    room = session.backend().room()
    try:
        fresh = session.user_state().pop("live_stale", False)
        view = room.state(code, user.username, max_age=0 if fresh else CACHE_SECONDS)
        room.seen(code, user.username)
    except StoreError:
        session.cache("live_follow").clear()  # left the workshop: look again next page run
        return
    shown = rules.timer_shown(view.timer, time.time()).kind
    timer_on = shown != "off"
    if view.step is None and not view.instruction and not timer_on:
        _signal(t, view)  # no banner line to show: only listen for the next change
        if view.vote is not None:  # (an empty framed banner used to sit above the vote)
            vote_panel(t, code, user.username, view.vote)
        return
    with st.container(key="vpc_live_banner", horizontal=True, vertical_alignment="center",
                      gap="medium"):
        _step(t, view)
        _signal(t, view)
        if shown in ("running", "paused", "up"):
            st.toggle(t("live.banner.sound"), key=session.ROOM_SOUND_KEY,
                      help=t("live.banner.sound_help"))
    if view.vote is not None:
        vote_panel(t, code, user.username, view.vote)


def _step(t, view: rules.RoomView) -> None:
    if view.step is None:
        if view.instruction:
            st.markdown(f"**{t('live.banner.instruction')}** {md_escape(view.instruction)}")
        return
    name = t(f"projector.step.{view.step}")
    st.markdown(t("live.banner.step", step=md_escape(name)))
    st.button(t("live.banner.go", step=name), key=f"vpc_live_go_{view.step}",
              icon=":material/arrow_forward:", type="tertiary", on_click=_go,
              args=(view.step,))


def _go(step: str) -> None:
    """Open the page (and board section) where the step is worked on, on the canvas the
    learner has open."""
    page, section = STEP_PAGES[step]
    canvas_id = session.open_canvas_id()
    params = {}
    if canvas_id:
        params["canvas"] = canvas_id
        if section:
            editor_state.show_section(canvas_id, "profile", section)
    if section:
        params["section"] = section
    session.user_state()["live_go"] = (page, params)


def _signal(t, view: rules.RoomView) -> None:
    """The timer's countdown and the change signal's poll, in the browser."""
    timer = view.timer
    left = None
    if timer.remaining is not None:
        left = timer.remaining
    elif timer.end is not None:
        left = timer.end - time.time()   # below zero once time ran out: how long ago
    _countdown(key="vpc_live_countdown", default=None, on_stale_change=_stale, data={
        "remaining": None if left is None else round(left, 1),
        "paused": timer.remaining is not None, "version": view.version,
        "signal_url": room_signal.url_path(view.signal) if view.signal else None,
        "sound": bool(st.session_state.get(session.ROOM_SOUND_KEY, False)),
        "label": t("live.banner.timer"), "done_label": t("live.banner.time_up"),
        "paused_label": t("live.banner.paused"),
        # The browser follows canvas.room.state.timer_shown between runs: "Time is up"
        # for TIME_UP_SECONDS, then how many minutes ago, in words made here.
        "up_seconds": rules.TIME_UP_SECONDS, "ran_out_seconds": rules.RAN_OUT_SECONDS,
        "ran_out_labels": _ran_out_labels(t) if timer.end is not None else {}})


def _ran_out_labels(t) -> dict[int, str]:
    """"Time ran out N minutes ago" for each whole minute the banner may say it."""
    return {n: t.plural("projector.timer.ran_out", n)
            for n in range(rules.TIME_UP_SECONDS // 60, rules.RAN_OUT_SECONDS // 60)}


def _stale() -> None:
    """The change signal says the room moved on: this rerun reads it from the store, not
    from this server's copy, which may be up to CACHE_SECONDS older than the signal."""
    value = st.session_state.get("vpc_live_countdown")
    if hasattr(value, "get") and value.get("stale") is not None:
        session.user_state()["live_stale"] = True


def vote_panel(t, code: str, username: str, vote: rules.VoteView) -> None:
    """A learner's dots: + and - beside each option, with the dots they have left."""
    with st.container(key="vpc_live_vote"):
        if not vote.open:
            st.markdown(t("live.vote.closed_learner"))
            return
        st.markdown(t.plural("live.vote.dots_left", vote.dots_left,
                             title=md_escape(vote.title) or t(f"section.{vote.section}")))
        for option in vote.options:
            mine = vote.mine.get(option.id, 0)
            with st.container(horizontal=True, vertical_alignment="center", gap="small",
                              key=f"vpc_live_option_{option.id}"):
                st.button("−1", key=f"vpc_live_less_{vote.id}_{option.id}",
                          disabled=mine == 0,
                          help=t("live.vote.less", option=option.text), on_click=_cast,
                          args=(code, username, vote.id, option.id, -1))
                st.button("+1", key=f"vpc_live_more_{vote.id}_{option.id}",
                          disabled=vote.dots_left == 0,
                          help=t("live.vote.more", option=option.text), on_click=_cast,
                          args=(code, username, vote.id, option.id, 1))
                st.markdown(f'<span class="vpc-live-dots" role="img" aria-label="'
                            f'{html.escape(t.plural("live.vote.mine", mine))}">'
                            f'{"●" * mine or "·"}</span>', unsafe_allow_html=True)
                st.markdown(md_escape(option.text))
        refusal = session.user_state().pop("live_refusal", None)
        if refusal:
            st.caption(refusal)


def _cast(code: str, username: str, vote_id: str, option_id: str, delta: int) -> None:
    try:
        session.backend().room().cast(code, username, vote_id, option_id, delta)
    except StoreError as exc:
        session.user_state()["live_refusal"] = exc.message(session.t())
