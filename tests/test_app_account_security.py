"""AppTest: what a user sees of the account protections of issue 13.

A full disk refuses logins with one sentence; an unknown name costs a bcrypt check; a
password change or reset ends earlier cookies and open sessions; quotas and a canvas too
large to store are sentences, not tracebacks; a compact upload under the limit can be
opened; an account can be downloaded and deleted from the Account page.
"""

from __future__ import annotations

import errno
import io
import json
import time
import zipfile

import bcrypt
import jwt
import pytest
import streamlit.runtime.context as st_context
from streamlit.testing.v1 import AppTest

from canvas import config
from canvas.fileformat.models import blank_canvas
from canvas.store.folder import accounts as folder_accounts_module
from canvas.store.folder.accounts import AccountStore
from canvas.store.folder.workshops import WorkshopStore
from tests.apptest_helpers import (
    APP,
    button,
    logged_in,
    make_user,
    no_exceptions,
    store_for,
    texts,
)
from tests.store_helpers import big_canvas

ACCOUNT = "pages/account.py"


def fresh() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def try_login(at: AppTest, username: str, password: str) -> None:
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    button(at, "Log in").click()
    at.run()


def is_logged_in(at: AppTest) -> bool:
    return "My canvases" in [x.value for x in at.title]


def with_cookie(monkeypatch, token: str) -> None:
    """AppTest cannot send cookies; st.context.cookies is what the gate reads."""
    monkeypatch.setattr(st_context.ContextProxy, "cookies",
                        property(lambda self: {config.COOKIE_NAME: token}))


def old_cookie(data_dir, username: str) -> str:
    """A re-login cookie as issued before anything below happened."""
    issued = time.time() - 60
    return jwt.encode({"username": username,
                       "exp_date": issued + config.COOKIE_EXPIRY_DAYS * 86400},
                      config.cookie_key(data_dir), algorithm="HS256")


def by_label(at: AppTest, label: str):
    return next(box for box in at.text_input if box.label == label)


def test_full_disk_refuses_every_login_with_a_sentence(data_dir, monkeypatch):
    make_user(data_dir, "amira")

    def refuse(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(folder_accounts_module, "atomic_write", refuse)
    at = fresh()
    for password in ("wrong-password", "Secret#123"):
        try_login(at, "amira", password)
        no_exceptions(at)
        assert not is_logged_in(at), password
        assert [e.value for e in at.error] == [
            "Logging in is paused: the server cannot record login attempts right now. "
            "Please try again in a few minutes."], password


def test_unknown_name_costs_one_bcrypt_check_like_a_known_one(data_dir, monkeypatch):
    make_user(data_dir, "amira")
    calls: list[bytes] = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw",
                        lambda password, hashed: calls.append(hashed) or real(password, hashed))
    at = fresh()
    for name in ("amira", "ghost"):
        calls.clear()
        try_login(at, name, "wrong-password")
        assert len(calls) == 1, name
        assert "not right" in texts(at), name


def change_password(at: AppTest, current: str, new: str) -> None:
    by_label(at, "Current password").input(current)
    by_label(at, "New password").input(new)
    next(box for box in at.text_input if box.label == "Repeat the password"
         and box.key is None).input(new)
    button(at, "Change password").click()
    at.run()


def test_password_change_ends_older_cookies_and_open_sessions(data_dir, monkeypatch):
    make_user(data_dir, "amira")
    cookie = old_cookie(data_dir, "amira")
    with_cookie(monkeypatch, cookie)
    assert is_logged_in(fresh())  # control: the cookie logs in before the change
    elsewhere = fresh()  # a session open on another device, through the cookie
    assert is_logged_in(elsewhere)
    at = logged_in(data_dir, "amira", page=ACCOUNT)
    change_password(at, "Secret#123", "Another#456")
    no_exceptions(at)
    assert "Your password has been changed." in texts(at)
    at.run()  # the session that changed it goes on
    assert "Account" in [x.value for x in at.title]
    elsewhere.run()
    assert not is_logged_in(elsewhere)
    assert "your password was changed" in texts(elsewhere)
    again = fresh()  # the copied cookie, on any server
    no_exceptions(again)
    assert not is_logged_in(again)


def test_facilitator_reset_ends_the_learners_sessions(data_dir, monkeypatch):
    make_user(data_dir, "admin")
    make_user(data_dir, "amira")
    with_cookie(monkeypatch, old_cookie(data_dir, "amira"))
    learner = fresh()
    assert is_logged_in(learner)
    at = logged_in(data_dir, "admin", page=ACCOUNT)
    at.text_input(key="reset_user").input("amira")
    at.text_input(key="reset_password").input("Reset#789")
    at.text_input(key="reset_repeat").input("Reset#789")
    button(at, "Set the new password").click()
    at.run()
    no_exceptions(at)
    assert "The password of amira has been reset." in texts(at)
    learner.run()
    assert not is_logged_in(learner)
    assert not is_logged_in(fresh())
    assert AccountStore(data_dir).authenticate("amira", "Reset#789").username == "amira"


def test_logout_ends_the_cookie_everywhere(data_dir, monkeypatch):
    make_user(data_dir, "amira")
    with_cookie(monkeypatch, old_cookie(data_dir, "amira"))
    at = fresh()
    other_tab = fresh()
    button(at, key="logout_button").click()
    at.run()
    assert not is_logged_in(at)
    other_tab.run()
    assert not is_logged_in(other_tab)
    assert not is_logged_in(fresh())


def test_compact_upload_under_the_limit_is_listed_and_opens(data_dir):
    at = logged_in(data_dir, "amira")
    canvas = big_canvas().model_copy(update={"title": "Hospital night shifts"})
    uploader = next(u for u in at.file_uploader if u.label == "Canvas file (.json)")
    uploader.set_value(("big.json", canvas.model_dump_json().encode(), "application/json"))
    at.run()
    at.run()
    no_exceptions(at)
    assert [s.title for s in store_for(data_dir).list()] == ["Hospital night shifts"]
    assert "Hospital night shifts" in texts(at)


def test_quota_refusal_is_a_sentence_on_my_canvases(data_dir, monkeypatch):
    monkeypatch.setenv("VPC_MAX_CANVASES", "1")
    store_for(data_dir).create(blank_canvas("The only one"))
    at = logged_in(data_dir, "amira")
    at.text_input(key="new_title").input("One too many")
    button(at, "Create and open").click()
    at.run()
    no_exceptions(at)
    assert [e.value for e in at.error] == [
        "You have reached the limit on the number of canvases (1). Delete a canvas you no "
        "longer need to make room."]
    assert [s.title for s in store_for(data_dir).list()] == ["The only one"]


@pytest.fixture
def amira_with_data(data_dir):
    make_user(data_dir, "admin")
    make_user(data_dir, "amira")
    canvas = store_for(data_dir).create(blank_canvas("Night shifts"))
    workshops = WorkshopStore(data_dir)
    room = workshops.create("Morning", "admin")
    workshops.join(room.code, "amira")
    workshops.share(room.code, "amira", canvas.id)
    return room


def test_account_page_downloads_everything_then_deletes_it(data_dir, amira_with_data):
    at = logged_in(data_dir, "amira", page=ACCOUNT)
    no_exceptions(at)
    download = next(b for b in at.get("download_button")
                    if b.proto.label == "Download all my data (ZIP)")
    assert download.proto.label
    # The button's content is made on click; the store function is what it serves.
    from canvas.store.choose import export_user_zip, open_backend

    archive = zipfile.ZipFile(io.BytesIO(export_user_zip(open_backend(data_dir), "amira")))
    assert any(name.startswith("canvases/night-shifts-") for name in archive.namelist())
    assert "password" not in json.loads(archive.read("account.json"))

    at.text_input(key="delete_confirm").input("not-me")
    button(at, "Delete my account and all my canvases").click()
    at.run()
    assert "That is not your username. Nothing was deleted." in texts(at)
    assert "amira" in AccountStore(data_dir).usernames()

    at.text_input(key="delete_confirm").input("amira")
    button(at, "Delete my account and all my canvases").click()
    at.run()
    no_exceptions(at)
    # A browser lands on the default page when the one it showed is gone; AppTest stays.
    at.switch_page("app.py")
    at.run()
    assert at.text_input(key="login_user") is not None
    assert "Your account and all your canvases have been deleted." in texts(at)
    assert AccountStore(data_dir).usernames() == ["admin"]
    assert not (data_dir / "users" / "amira").exists()
    assert WorkshopStore(data_dir).gallery(amira_with_data.code, "admin") == []
    try_login(at, "amira", "Secret#123")
    assert not is_logged_in(at)


def test_last_facilitator_is_told_to_hand_over_first(data_dir, amira_with_data):
    at = logged_in(data_dir, "admin", page=ACCOUNT)
    at.text_input(key="delete_confirm").input("admin")
    button(at, "Delete my account and all my canvases").click()
    at.run()
    no_exceptions(at)
    assert ("You are the only facilitator. Make another account a facilitator first, then "
            "delete yours.") in texts(at)
    assert AccountStore(data_dir).usernames() == ["admin", "amira"]
