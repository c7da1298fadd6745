"""AppTest: nobody reaches a page without logging in; register, log in, log out."""


from streamlit.testing.v1 import AppTest

from canvas.fileformat.models import blank_canvas
from canvas.store.folder.accounts import AccountStore
from tests.apptest_helpers import (
    APP,
    button,
    logged_in,
    make_user,
    no_exceptions,
    store_for,
    texts,
)


def fresh(data_dir) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def _login_field_shown(at) -> bool:
    """The login form's username field is on the page, with its label."""
    field = at.text_input(key="login_user")  # raises KeyError when it is not there
    return field.label == "Username"


def register(at, username, password="Secret#123", repeat=None, email=None):
    at.text_input(key="reg_first").input("Amira")
    at.text_input(key="reg_last").input("Haddad")
    at.text_input(key="reg_email").input(email or f"{username}@example.org")
    at.text_input(key="reg_user").input(username)
    at.text_input(key="reg_password").input(password)
    at.text_input(key="reg_repeat").input(repeat or password)
    button(at, "Create my account").click()
    at.run()


def test_visitor_sees_only_login(data_dir):
    at = fresh(data_dir)
    no_exceptions(at)
    assert [x.value for x in at.title] == ["Value Proposition Canvas Studio"]
    assert _login_field_shown(at) and at.text_input(key="login_user").value == ""
    # Every page is registered (no address is "not found"), but for a visitor each one
    # shows the login form: no page of the app shows before the gate. (AppTest runs a
    # page whose hash it knows from pages/ without app.py: that page then stops at once.)
    for page in ("pages/my_canvases.py", "pages/customer_profile.py", "pages/workshops.py"):
        at.switch_page(page)
        at.run()
        no_exceptions(at)
        assert [x.value for x in at.title] in ([], ["Value Proposition Canvas Studio"])
        assert not at.text_input or (_login_field_shown(at)
                                     and at.text_input(key="login_user").value == "")
    assert not (data_dir / "users").exists()


def test_first_account_is_facilitator_then_learners(data_dir):
    at = fresh(data_dir)
    register(at, "amira")
    no_exceptions(at)
    assert "My canvases" in [x.value for x in at.title]
    at2 = fresh(data_dir)
    register(at2, "bogdan")
    assert "My canvases" in [x.value for x in at2.title]
    accounts = AccountStore(data_dir)
    assert accounts.roles("amira") == ["facilitator"]
    assert accounts.roles("bogdan") == ["learner"]
    assert "facilitator" in texts(at) and "learner" in texts(at2)


def test_registration_errors_are_translated_sentences(data_dir):
    at = fresh(data_dir)
    register(at, "amira", password="short")
    assert "at least 8 characters" in texts(at)
    register(at, "amira", password="Secret#123", repeat="Secret#124")
    assert "two passwords are different" in texts(at)
    register(at, "../evil", email="evil@example.org")
    assert "Usernames have 3 to 32 characters" in texts(at)
    assert AccountStore(data_dir).usernames() == []


def test_wrong_password_then_lockout(data_dir):
    make_user(data_dir, "amira")
    at = fresh(data_dir)
    for _ in range(5):
        at.text_input(key="login_user").input("amira")
        at.text_input(key="login_password").input("wrong-password")
        button(at, "Log in").click()
        at.run()
    assert "locked" in texts(at)
    # Even the right password is refused while locked.
    at.text_input(key="login_user").input("amira")
    at.text_input(key="login_password").input("Secret#123")
    button(at, "Log in").click()
    at.run()
    assert "My canvases" not in [x.value for x in at.title]
    assert AccountStore(data_dir).lock_remaining_minutes("amira") > 0


def test_login_and_logout(data_dir):
    make_user(data_dir, "amira")
    at = fresh(data_dir)
    at.text_input(key="login_user").input("Amira ")
    at.text_input(key="login_password").input("Secret#123")
    button(at, "Log in").click()
    at.run()
    no_exceptions(at)
    assert "My canvases" in [x.value for x in at.title]
    button(at, key="logout_button").click()
    at.run()
    assert _login_field_shown(at)  # the login form again
    assert "My canvases" not in [x.value for x in at.title]


def test_registration_can_be_closed(data_dir, monkeypatch):
    make_user(data_dir, "amira")
    monkeypatch.setenv("VPC_REGISTRATION", "closed")
    at = fresh(data_dir)
    assert "Create my account" not in [b.label for b in at.button]
    assert "New accounts are closed" in texts(at)


def test_cookie_key_is_generated_not_default(data_dir):
    logged_in(data_dir)
    key_file = data_dir / "cookie_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(key_file.read_text().strip()) >= 32
    assert key_file.read_text().strip() not in ("some_key", "")


def test_logout_leaves_nothing_of_the_user_in_the_session(data_dir):
    """A shared computer in a workshop: after logging out, the session holds nothing of the
    user (search text, display options, prepared files), only the
    language and the login page's own widgets."""
    from canvas.ui.shell import session

    make_user(data_dir, "amira")
    at = fresh(data_dir)
    at.text_input(key="login_user").input("amira")
    at.text_input(key="login_password").input("Secret#123")
    button(at, "Log in").click()
    at.run()
    store_for(data_dir).create(blank_canvas("Private plans", "en"))
    at.run()
    at.text_input(key=session.SEARCH_KEY).input("private").run()
    at.toggle(key="a11y_high_contrast").set_value(True).run()
    no_exceptions(at)
    assert at.session_state["vpc_high_contrast"]
    # A workshop's prepared ZIP of PDF reports, as the Workshops page keeps it.
    at.session_state[session.USER_STATE] = {"cache:zip": {"ABC123": b"%PDF secret report"}}
    button(at, key="logout_button").click()
    at.run()
    assert _login_field_shown(at)
    from canvas.ui.account import cookies

    login_page = ("login_", "reg_", "lang_switch_main", "FormSubmitter:", cookies.PENDING)
    left = {key for key in at.session_state if not key.startswith(login_page)}
    assert left <= set(session.KEEP_AT_LOGOUT), left
    assert session.USER_STATE not in at.session_state
