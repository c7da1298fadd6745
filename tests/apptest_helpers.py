"""Helpers for AppTest: seed accounts and canvases, log in, find widgets by label."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from canvas.store.folder.accounts import AccountStore
from canvas.store.folder.canvases import CanvasStore
from canvas.store.rules import accounts as accounts_module
from canvas.ui.shell.session import INSIGHTS_DRAWN_KEY

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def make_user(data_dir: Path, username: str, password: str = "Secret#123",
              first: str = "Test") -> None:
    """Register through the store, as the form does (the first account is the facilitator).
    Seeding is not a visitor: the per-server registration limit does not apply to it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    accounts_module.forget_server_registrations()
    AccountStore(data_dir).register(username, f"{username}@example.org", first, "User",
                                    password)


def logged_in(data_dir: Path, username: str = "amira", page: str | None = None,
              query: dict | None = None) -> AppTest:
    """An AppTest already past the login gate (the gate itself has its own tests)."""
    if AccountStore(data_dir).user(username) is None:
        make_user(data_dir, username)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = username.title()
    at.session_state["vpc_session_generation"] = AccountStore(data_dir).session_generation(
        username)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        if page.endswith("insights.py") and (query or {}).get("canvas"):
            # As once a browser has painted the first tab's chart (after_paint): every tab
            # drawn; test_app_insights covers the first run, with the first tab alone.
            at.session_state[INSIGHTS_DRAWN_KEY] = query["canvas"]
        at.switch_page(page)
        at.run()
    return at


def store_for(data_dir: Path, username: str = "amira") -> CanvasStore:
    return CanvasStore(data_dir, username)


def button(at: AppTest, label: str = None, key: str = None):
    for b in at.button:
        if (key is not None and b.key == key) or (label is not None and b.label == label):
            return b
    raise AssertionError(f"no button {label or key}: {[(b.label, b.key) for b in at.button]}")


def texts(at: AppTest) -> str:
    """Everything a user reads on the page, for coarse 'is it shown' checks."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [w.value for w in at.warning]
    parts += [i.value for i in at.info] + [s.value for s in at.success]
    parts += [x.value for x in at.title] + [x.value for x in at.subheader]
    parts += [x.proto.help for x in at.title if x.proto.help]  # a title's (?) tooltip
    return "\n".join(str(p) for p in parts)


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def plain_texts(at: AppTest) -> str:
    """texts() with markdown escapes removed: what the reader actually sees."""
    import re

    # Drop escapes and the invisible word joiners that stop automatic links.
    return re.sub(r"\\(.)", r"\1", texts(at)).replace("\u2060", "")


# -- the board (a components-v2 component, not widgets) ---------------------------------------
# AppTest cannot click inside a component, but it can send what the browser sends: the
# board reports every user action through setTriggerValue("action", {...}), which the
# frontend turns into one JSON trigger on the component's "events" aggregator widget
# (streamlit/components/v2/bidi_component/main.py: "$$STREAMLIT_INTERNAL_KEY_<id>__events",
# a JSON list of {"event", "value"}). The value is the board's queue of numbered actions
# ({"client", "actions": [{"seq", "type", ...}]}). board_action() adds exactly that widget
# state to the next run, so the page's own handlers (canvas/ui/editor/board_widget.py) apply the
# action.
_TRIGGER_PREFIX = "$$STREAMLIT_INTERNAL_KEY_"
_nonce = iter(range(1, 1_000_000))


def _boards(at: AppTest) -> list:
    """The board components on the page (not the room's countdown nor the canvas's
    change signal, which are components too)."""
    return [e for e in at.get("bidi_component") if "vpc_board_" in e.proto.id]


def board(at: AppTest) -> dict:
    """The board's payload as last drawn: lanes, notes per section, notice, panels."""
    boards = _boards(at)
    assert len(boards) == 1, f"{len(boards)} boards on the page"
    return json.loads(boards[0].proto.json)


def notes(at: AppTest, section: str) -> list[dict]:
    """A lane's notes in displayed (rank) order."""
    return board(at)["notes"][section]


def note_texts(at: AppTest, section: str) -> list[str]:
    return [note["text"] for note in notes(at, section)]


def notice(at: AppTest) -> str:
    shown = board(at).get("notice")
    return shown["text"] if shown else ""


def lane(at: AppTest, section: str) -> dict:
    return next(x for x in board(at)["lanes"] if x["section"] == section)


def board_action(at: AppTest, action_type: str, **action) -> AppTest:
    """Send one board action as the browser does, run the page and check it did not fail."""
    return board_actions(at, [{"type": action_type, **action}])


def board_actions(at: AppTest, actions: list[dict], client: str = "apptest",
                  seqs: list[int] | None = None) -> AppTest:
    """Send the board's queue as the browser does: ``actions`` numbered in order (``seqs``,
    or the next numbers), in one trigger; run the page and check it did not fail."""
    element = _boards(at)
    assert len(element) == 1, f"{len(element)} boards on the page"
    numbered = [{**action, "seq": seq} for action, seq in
                zip(actions, seqs or [next(_nonce) for _ in actions], strict=True)]
    value = {"client": client, "actions": numbered, "nonce": next(_nonce)}
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(
        id=f"{_TRIGGER_PREFIX}{element[0].proto.id}__events",
        json_trigger_value=json.dumps([{"event": "action", "value": value}])))
    at._run(states)
    no_exceptions(at)
    return at


def open_item(at: AppTest, section: str, item_id: str) -> None:
    """Open a note on the board, as a click on it does."""
    board_action(at, "open", section=section, id=item_id)
    assert any(n["id"] == item_id and n.get("open") for n in notes(at, section)), item_id


def unfold(at: AppTest, *names: str) -> AppTest:
    """Open folded expanders (canvas/ui/editor/folds.folded) as a click on them would:
    their content is drawn only while open."""
    folds = dict(at.session_state["vpc_folds"]) if "vpc_folds" in at.session_state else {}
    at.session_state["vpc_folds"] = {**folds, **dict.fromkeys(names, True)}
    at.run()
    no_exceptions(at)
    return at
