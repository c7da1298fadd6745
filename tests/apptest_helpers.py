"""Helpers for AppTest: seed accounts and canvases, log in, find widgets by label."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from canvas import accounts as accounts_module
from canvas.accounts import AccountStore
from canvas.storage import CanvasStore

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def make_user(data_dir: Path, username: str, password: str = "Secret#123",
              first: str = "Test") -> None:
    """Register through the store, as the form does (the first account is the facilitator).
    Seeding is not a visitor: the per-server registration limit does not apply to it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with accounts_module._recent_guard:
        accounts_module._recent_registrations.clear()
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
    return "\n".join(str(p) for p in parts)


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def plain_texts(at: AppTest) -> str:
    """texts() with markdown escapes removed: what the reader actually sees."""
    import re

    # Drop escapes and the invisible word joiners that stop automatic links.
    return re.sub(r"\\(.)", r"\1", texts(at)).replace("\u2060", "")


def open_item(at: AppTest, section: str, item_id: str) -> None:
    """Open a profile item for editing through the section's "Edit an item" picker."""
    pickers = [box for box in at.selectbox if (box.key or "").startswith(f"pick_{section}_")]
    assert len(pickers) == 1, [box.key for box in at.selectbox]
    pickers[0].set_value(item_id)
    at.run()
    no_exceptions(at)
