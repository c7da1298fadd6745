"""The live room's pure rules: steps, timer arithmetic, the dot budget and the tally."""

import pytest

from canvas.room import state as rules
from canvas.room.state import RoomError, RoomState, Snapshot, Timer, Vote, VoteOption

ROOM = Snapshot(facilitator="fiona", members=frozenset({"lena", "omar"}), state=RoomState())


def with_state(state: RoomState) -> Snapshot:
    return Snapshot(facilitator=ROOM.facilitator, members=ROOM.members, state=state)


def options(*texts: str) -> list[VoteOption]:
    return [VoteOption(id=f"p{i}", text=text) for i, text in enumerate(texts, 1)]


def test_only_the_facilitator_sets_the_step_and_each_change_moves_the_version_on():
    state = rules.set_step(ROOM, "fiona", "pains")
    assert (state.step, state.version) == ("pains", 1)
    state = rules.set_step(with_state(state), "fiona", rules.INSTRUCTION,
                           "  Pair up   and\ncompare  ")
    assert (state.step, state.instruction, state.version) == (None, "Pair up and compare", 2)
    with pytest.raises(RoomError, match="facilitator_only"):
        rules.set_step(ROOM, "lena", "jobs")
    with pytest.raises(RoomError, match="bad_step"):
        rules.set_step(ROOM, "fiona", "checkout")
    with pytest.raises(RoomError, match="instruction_missing"):
        rules.set_step(ROOM, "fiona", None, "   ")


def test_timer_start_pause_resume_add_minute_and_time_up():
    timer = rules.timer_start(Timer(), 5, now=1000.0)
    assert timer == Timer(end=1300.0)
    assert rules.seconds_left(timer, 1000.5) == 300  # rounded up: never shows 0 early
    paused = rules.timer_pause(timer, now=1100.0)
    assert paused == Timer(remaining=200.0) and rules.seconds_left(paused, 5000) == 200
    assert rules.timer_add_minute(paused, 5000) == Timer(remaining=260.0)
    resumed = rules.timer_resume(paused, now=2000.0)
    assert resumed == Timer(end=2200.0)
    assert rules.seconds_left(resumed, 2200.0) == 0
    assert rules.seconds_left(resumed, 9999.0) == 0
    # +1 minute after time is up counts from now, not from the past end.
    assert rules.timer_add_minute(resumed, now=3000.0) == Timer(end=3060.0)
    assert rules.timer_add_minute(Timer(end=2200.0), now=2100.0) == Timer(end=2260.0)
    assert rules.timer_add_minute(Timer(), now=10.0) == Timer(end=70.0)
    assert rules.seconds_left(Timer(), 10.0) is None
    with pytest.raises(RoomError):
        rules.timer_start(Timer(), 0, now=0)


def test_change_timer_is_for_the_facilitator():
    state = rules.change_timer(ROOM, "fiona", "start", now=0.0, minutes=10)
    assert state.timer == Timer(end=600.0) and state.version == 1
    state = rules.change_timer(with_state(state), "fiona", "stop", now=1.0)
    assert state.timer == Timer()
    with pytest.raises(RoomError, match="facilitator_only"):
        rules.change_timer(ROOM, "omar", "start", now=0.0, minutes=10)


def voting(dots=2) -> Snapshot:
    return with_state(rules.open_vote(ROOM, "fiona", "pains",
                                      options("Closed at 7am", "Cold food", "Queues"),
                                      dots=dots))


def test_dot_budget_is_per_learner_and_dots_can_be_taken_back():
    room = voting(dots=2)
    vote_id = room.state.vote.id
    room = with_state(rules.cast(room, "lena", vote_id, "p1", 1))
    room = with_state(rules.cast(room, "lena", vote_id, "p1", 1))
    with pytest.raises(RoomError, match="no_dots_left"):
        rules.cast(room, "lena", vote_id, "p2", 1)
    room = with_state(rules.cast(room, "lena", vote_id, "p1", -1))
    room = with_state(rules.cast(room, "lena", vote_id, "p2", 1))
    room = with_state(rules.cast(room, "omar", vote_id, "p2", 1))
    assert rules.tally(room.state.vote) == {"p1": 1, "p2": 2, "p3": 0}
    with pytest.raises(RoomError, match="bad_action"):
        rules.cast(room, "omar", vote_id, "p3", -1)  # no dot there to take back


def test_outsiders_and_the_facilitator_cannot_vote_and_a_closed_vote_takes_no_dots():
    room = voting()
    vote_id = room.state.vote.id
    with pytest.raises(RoomError, match="not_member"):
        rules.cast(room, "mallory", vote_id, "p1", 1)
    with pytest.raises(RoomError, match="not_member"):
        rules.cast(room, "fiona", vote_id, "p1", 1)
    with pytest.raises(RoomError, match="vote_closed"):
        rules.cast(room, "lena", "an-old-vote", "p1", 1)
    closed = with_state(rules.close_vote(room, "fiona"))
    with pytest.raises(RoomError, match="vote_closed"):
        rules.cast(closed, "lena", vote_id, "p1", 1)


def test_the_view_is_anonymous_and_refused_to_outsiders():
    room = voting(dots=3)
    vote_id = room.state.vote.id
    for user, option in [("lena", "p1"), ("lena", "p1"), ("omar", "p3")]:
        room = with_state(rules.cast(room, user, vote_id, option, 1))
    view = rules.view_for(room, "omar")
    assert view.vote.tally == {"p1": 2, "p2": 0, "p3": 1}
    assert view.vote.mine == {"p3": 1} and view.vote.dots_left == 2
    assert view.vote.voters == 2
    assert "lena" not in repr(view)
    assert rules.view_for(room, "fiona").vote.mine == {}
    with pytest.raises(RoomError, match="not_member"):
        rules.view_for(room, "mallory")


def test_vote_settings_are_checked():
    with pytest.raises(RoomError, match="bad_dots"):
        rules.open_vote(ROOM, "fiona", "pains", options("a"), dots=11)
    with pytest.raises(RoomError, match="bad_dots"):
        rules.open_vote(ROOM, "fiona", "pains", options("a"), dots=0)
    with pytest.raises(RoomError, match="no_options"):
        rules.open_vote(ROOM, "fiona", "pains", [])
    with pytest.raises(RoomError, match="bad_section"):
        rules.open_vote(ROOM, "fiona", "products", options("a"))
    with pytest.raises(RoomError, match="facilitator_only"):
        rules.open_vote(ROOM, "lena", "pains", options("a"))


def test_order_groups_ties_keeps_listed_order_and_scores_keep_the_order():
    vote = Vote(id="v", section="pains", options=options("a", "b", "c", "d"),
                ballots={"lena": {"p3": 2, "p2": 1}, "omar": {"p2": 1, "p4": 1}})
    assert rules.vote_order(vote) == [["p2", "p3"], ["p4"], ["p1"]]
    assert rules.vote_scores(vote) == {"p2": 5, "p3": 5, "p4": 3, "p1": 1}
    assert [o.id for o, _ in rules.ranked_options(vote)] == ["p2", "p3", "p4", "p1"]


def test_combined_top_pains_drop_exact_duplicates_after_folding():
    combined = rules.combined_options(["Closed at 7am", "closed  at 7AM ", "Cold food",
                                       "   ", "Ｃｏｌｄ food"])
    assert [(o.id, o.text) for o in combined] == [("o1", "Closed at 7am"), ("o2", "Cold food")]


def test_online_means_seen_within_a_minute():
    presence = {"lena": 1000.0, "omar": 930.0}
    assert rules.online(presence, now=1050.0) == {"lena"}
    assert rules.online(presence, now=990.0) == {"lena", "omar"}


def test_a_member_gives_a_new_room_its_signal_without_changing_it():
    state = rules.with_signal(ROOM, "lena")
    assert len(state.signal) >= 16 and state.version == 0
    assert rules.with_signal(with_state(state), "omar").signal == state.signal
    with pytest.raises(RoomError, match="not_member"):
        rules.with_signal(ROOM, "mallory")


def test_time_is_up_shows_two_minutes_then_says_calmly_how_long_ago_then_nothing():
    timer = Timer(end=1000.0)
    shown = rules.timer_shown
    assert rules.TIME_UP_SECONDS == 120 and rules.RAN_OUT_SECONDS == 3600
    assert shown(timer, 700.0) == rules.TimerShown("running", seconds=300)
    assert shown(timer, 999.2) == rules.TimerShown("running", seconds=1)  # never 0 early
    assert shown(timer, 1000.0) == rules.TimerShown("up")
    assert shown(timer, 1119.9) == rules.TimerShown("up")
    # Two minutes after: no more red alarm, but how long ago, in whole minutes.
    assert shown(timer, 1120.0) == rules.TimerShown("ran_out", minutes=2)
    assert shown(timer, 1179.9) == rules.TimerShown("ran_out", minutes=2)
    assert shown(timer, 1180.0) == rules.TimerShown("ran_out", minutes=3)
    assert shown(timer, 1000.0 + 30 * 60) == rules.TimerShown("ran_out", minutes=30)
    assert shown(timer, 1000.0 + 3599.9) == rules.TimerShown("ran_out", minutes=59)
    # An hour on it is no longer news.
    assert shown(timer, 1000.0 + 3600) == rules.TimerShown("off")
    assert shown(Timer(), 1000.0) == rules.TimerShown("off")
    # Paused: the time left, even at zero, never the alarm.
    assert shown(Timer(remaining=90.5), 5000.0) == rules.TimerShown("paused", seconds=91)
    assert shown(Timer(remaining=0.0), 5000.0) == rules.TimerShown("paused", seconds=0)
    # One more minute after it ran out starts from now.
    again = rules.timer_add_minute(timer, now=2000.0)
    assert shown(again, 2000.0) == rules.TimerShown("running", seconds=60)
