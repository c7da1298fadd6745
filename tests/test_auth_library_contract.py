"""What we still rely on from streamlit-authenticator, in one place (canvas/ui/account/auth.py).

Login, registration, cookies and lockout are our own code now (they had to hold under
concurrency); the library's public ``Validator`` still checks names and e-mails. A library
release that renames it, or starts accepting what it refused, must fail here, not in front
of a room.
"""

import streamlit_authenticator as stauth

from canvas.ui.account.auth import VALIDATOR


def test_the_library_still_offers_the_validator_we_extend():
    assert isinstance(VALIDATOR, stauth.Validator)
    for method in ("validate_name", "validate_email", "validate_username",
                   "validate_password"):
        assert callable(getattr(stauth.Validator, method)), method


def test_names_and_emails_are_checked_as_we_expect():
    assert VALIDATOR.validate_name("Amira")
    assert VALIDATOR.validate_name("Олена")
    assert not VALIDATOR.validate_name("")
    assert VALIDATOR.validate_email("amira@example.org")
    assert not VALIDATOR.validate_email("amira")
    assert not VALIDATOR.validate_email("amira@")


def test_our_own_rules_for_usernames_and_passwords():
    assert VALIDATOR.validate_username("amira_34")
    assert not VALIDATOR.validate_username("../etc")
    assert VALIDATOR.validate_password("a long passphrase 2026" + "x" * 60)
    assert not VALIDATOR.validate_password("short1")
    assert not VALIDATOR.validate_password("onlyletters")
