"""Accounts and cookie key: roles, lockout, the file itself, its cache, file modes.

The concurrency attacks (registration races, parallel guesses, full disk, revocation) are
in tests/test_store_attacks.py. Tests taking ``accounts`` are the single-session rules and
run on both backends; those taking ``folder_accounts`` are about the accounts file.
"""

from __future__ import annotations

import os
import stat
import threading
import time

import pytest
import yaml

from canvas import config
from canvas.config import LOCKOUT_MINUTES, MAX_LOGIN_ATTEMPTS, cookie_key
from canvas.store.base import FACILITATOR, LEARNER
from canvas.store.errors import StoreError
from canvas.store.folder import accounts as folder_accounts_module
from canvas.store.folder.accounts import AccountStore
from canvas.store.rules import accounts as accounts_module

PASSWORD = "Secret#123"


def register(store: AccountStore, name: str, password: str = PASSWORD, **extra) -> None:
    store.register(name, f"{name}@example.org", extra.get("first_name", name.title()),
                   "Test", password)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def folder_accounts(tmp_path, monkeypatch) -> AccountStore:
    accounts_module.forget_server_registrations()
    return AccountStore(tmp_path)


@pytest.fixture
def accounts(store_backend, monkeypatch):
    return store_backend.open().accounts()


# -- roles ---------------------------------------------------------------------------------


def test_no_accounts_yet(accounts):
    assert accounts.usernames() == []
    assert accounts.user("nobody") is None
    assert accounts.session_generation("nobody") is None


def test_first_user_is_facilitator_later_ones_learners(accounts):
    register(accounts, "first")
    register(accounts, "second")
    register(accounts, "third")
    assert accounts.roles("first") == [FACILITATOR]
    assert accounts.roles("second") == [LEARNER]
    assert accounts.roles("third") == [LEARNER]
    assert accounts.usernames() == ["first", "second", "third"]


def test_roles_change_only_through_set_roles(accounts):
    register(accounts, "first")
    register(accounts, "second")
    assert accounts.set_roles("second", [FACILITATOR, "admin"])
    assert accounts.roles("second") == [FACILITATOR]
    assert accounts.set_roles("second", ["admin"])
    assert accounts.roles("second") == [LEARNER]
    assert not accounts.set_roles("ghost", [FACILITATOR])
    assert accounts.usernames() == ["first", "second"]


def test_user_never_hands_out_the_password_hash(accounts):
    register(accounts, "amira")
    entry = accounts.user("amira")
    assert "password" not in entry and "$2b$" not in repr(entry)
    assert entry["email"] == "amira@example.org"
    if isinstance(accounts, AccountStore):
        assert "$2b$" in accounts.path.read_text(encoding="utf-8")  # it is stored, hashed


def test_unsafe_username_is_refused(accounts):
    for name in ("../evil", "Amira", "", "a/b"):
        with pytest.raises(StoreError):
            register(accounts, name)
    assert accounts.usernames() == []


def test_long_passphrase_registers_and_logs_in(accounts):
    """bcrypt 5 refuses more than 72 bytes instead of cutting; a 128-character passphrase
    (the form allows it) must not raise."""
    phrase = "correct horse battery staple 1 " * 4
    register(accounts, "amira", password=phrase)
    assert accounts.authenticate("amira", phrase).username == "amira"
    with pytest.raises(StoreError):
        accounts.authenticate("amira", "correct horse battery staple 2")


def test_login_gives_the_display_name_and_generation(accounts):
    register(accounts, "amira", first_name="Amira")
    login = accounts.authenticate("amira", PASSWORD)
    assert (login.username, login.name, login.generation) == ("amira", "Amira Test", 0)
    assert accounts.user("amira")["last_login_at"] >= int(time.time()) - 5


# -- lockout -------------------------------------------------------------------------------


def fail_logins(accounts: AccountStore, name: str, attempts: int) -> None:
    for attempt in range(attempts):
        with pytest.raises(StoreError):
            accounts.authenticate(name, f"wrong-{attempt}")


def test_below_the_limit_is_not_locked(accounts):
    register(accounts, "alice")
    fail_logins(accounts, "alice", MAX_LOGIN_ATTEMPTS - 1)
    assert not accounts.user("alice").get("locked_until")
    assert accounts.lock_remaining_minutes("alice") == 0
    assert accounts.authenticate("alice", PASSWORD)
    assert accounts.user("alice")["failed_login_attempts"] == 0


def test_reaching_the_limit_locks(accounts, store_backend):
    register(accounts, "alice")
    start = time.time()
    fail_logins(accounts, "alice", MAX_LOGIN_ATTEMPTS)
    user = accounts.user("alice")
    assert user["locked_until"] >= start + LOCKOUT_MINUTES * 60 - 1
    assert user["locked_until"] <= time.time() + LOCKOUT_MINUTES * 60 + 1
    remaining = accounts.lock_remaining_minutes("alice")
    assert 0 < remaining <= LOCKOUT_MINUTES
    assert store_backend.open().accounts().lock_remaining_minutes("alice") == remaining
    assert accounts.lock_remaining_minutes("nobody") == 0


def test_expired_lock_is_lifted_at_the_next_attempt(accounts, monkeypatch):
    register(accounts, "alice")
    register(accounts, "bob")
    fail_logins(accounts, "alice", MAX_LOGIN_ATTEMPTS)
    fail_logins(accounts, "bob", MAX_LOGIN_ATTEMPTS)
    later = time.time() + LOCKOUT_MINUTES * 60 + 5
    monkeypatch.setattr(accounts_module.time, "time", lambda: later)
    assert accounts.lock_remaining_minutes("alice") == 0
    assert accounts.authenticate("alice", PASSWORD)
    assert not accounts.user("alice").get("locked_until")
    assert accounts.user("alice")["failed_login_attempts"] == 0
    with pytest.raises(StoreError) as wrong:
        accounts.authenticate("bob", "still-wrong")
    assert wrong.value.code == "auth.error.wrong"  # a fresh count, not a lock again
    assert accounts.user("bob")["failed_login_attempts"] == 1
    assert accounts.roles("alice") == [FACILITATOR]


def test_lock_not_lifted_before_it_expires(accounts, monkeypatch):
    register(accounts, "alice")
    fail_logins(accounts, "alice", MAX_LOGIN_ATTEMPTS)
    until = accounts.user("alice")["locked_until"]
    monkeypatch.setattr(accounts_module.time, "time", lambda: until - 30)
    assert accounts.lock_remaining_minutes("alice") == 1
    with pytest.raises(StoreError) as locked:
        accounts.authenticate("alice", PASSWORD)
    assert locked.value.code == "auth.error.locked" and locked.value.count == 1


def test_reset_by_a_facilitator_lifts_the_lock(accounts):
    register(accounts, "admin")
    register(accounts, "alice")
    fail_logins(accounts, "alice", MAX_LOGIN_ATTEMPTS)
    accounts.reset_password("alice", "Fresh#2026")
    assert accounts.lock_remaining_minutes("alice") == 0
    assert accounts.authenticate("alice", "Fresh#2026")
    with pytest.raises(StoreError) as unknown:
        accounts.reset_password("ghost", "Fresh#2026")
    assert unknown.value.code == "security.unknown_user"


# -- cookies and sessions ------------------------------------------------------------------


def test_accounts_from_before_generations_keep_their_logout(folder_accounts):
    """An account that logged out under the old timestamp scheme starts at generation 1,
    so a cookie copied before that logout (generation 0) stays refused."""
    register(folder_accounts, "amira")
    register(folder_accounts, "bogdan")
    data = yaml.safe_load(folder_accounts.path.read_text(encoding="utf-8"))
    for name in ("amira", "bogdan"):
        del data["credentials"]["usernames"][name]["session_generation"]
    data["credentials"]["usernames"]["amira"]["logged_out_at"] = 1_700_000_000.0
    folder_accounts.path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert folder_accounts.session_generation("amira") == 1
    assert folder_accounts.session_generation("bogdan") == 0
    assert folder_accounts.revoke_sessions("amira") == 2


# -- the file ------------------------------------------------------------------------------


def test_accounts_file_is_private_and_yaml(folder_accounts):
    register(folder_accounts, "alice", first_name="Алиса 🌙")
    assert mode(folder_accounts.path) == 0o600
    data = yaml.safe_load(folder_accounts.path.read_text(encoding="utf-8"))
    assert data["credentials"]["usernames"]["alice"]["first_name"] == "Алиса 🌙"
    fail_logins(folder_accounts, "alice", 1)
    assert mode(folder_accounts.path) == 0o600
    folder_accounts.set_preference("alice", "language", "uk")
    assert mode(folder_accounts.path) == 0o600
    assert folder_accounts.user("alice")["preferences"] == {"language": "uk"}
    leftovers = [p.name for p in folder_accounts.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_set_preference_for_unknown_user_does_nothing(folder_accounts):
    register(folder_accounts, "alice")
    before = folder_accounts.path.read_bytes()
    folder_accounts.set_preference("ghost", "language", "fr")
    assert folder_accounts.path.read_bytes() == before


# -- the parsed-file cache -----------------------------------------------------------------


def settle(path, seconds: int = 3600) -> None:
    """Date the file back so its stamp is trusted and the cache is really used."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 1_000_000_000))


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = folder_accounts_module.parse_accounts

    def counting(text: str) -> dict:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(folder_accounts_module, "parse_accounts", counting)
    return calls


def test_settled_file_is_parsed_once(folder_accounts, parses):
    register(folder_accounts, "alice")
    register(folder_accounts, "bob")
    settle(folder_accounts.path)
    parses.clear()
    for _ in range(3):
        assert folder_accounts.usernames() == ["alice", "bob"]
        assert folder_accounts.user("bob")["email"] == "bob@example.org"
        assert folder_accounts.session_generation("bob") == 0
        assert folder_accounts.roles("alice") == [FACILITATOR]
    assert len(parses) == 1


def test_change_by_another_store_is_seen(tmp_path, parses):
    first, second = AccountStore(tmp_path), AccountStore(tmp_path)
    register(first, "alice")
    settle(first.path)
    assert first.user("alice").get("preferences") is None  # now cached
    second.set_preference("alice", "language", "fr")
    register(second, "bob")
    assert first.user("alice")["preferences"] == {"language": "fr"}
    assert first.usernames() == ["alice", "bob"]
    assert first.roles("bob") == [LEARNER]


def test_mutating_what_was_returned_leaves_the_cache_alone(folder_accounts, parses):
    register(folder_accounts, "alice")
    folder_accounts.set_preference("alice", "language", "en")
    settle(folder_accounts.path)
    pristine = folder_accounts.user("alice")
    parses.clear()
    user = folder_accounts.user("alice")
    user["roles"].append("admin")
    user["preferences"].clear()
    user["failed_login_attempts"] = 4
    assert folder_accounts.user("alice") == pristine
    assert folder_accounts.roles("alice") == [FACILITATOR]
    assert folder_accounts.usernames() == ["alice"]
    assert parses == []  # every copy came from the cache, not from a fresh parse


def test_file_replaced_outside_the_app_is_read_again(folder_accounts, parses):
    register(folder_accounts, "alice", first_name="Alice")
    settle(folder_accounts.path)
    assert folder_accounts.user("alice")["first_name"] == "Alice"
    old = folder_accounts.path.stat()
    # Same size and same modification time: only the inode tells the files apart.
    text = folder_accounts.path.read_text(encoding="utf-8").replace("Alice", "Alina")
    replacement = folder_accounts.path.with_name("folder_accounts.yaml.new")
    replacement.write_text(text, encoding="utf-8")
    os.utime(replacement, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(replacement, folder_accounts.path)
    new = folder_accounts.path.stat()
    assert (new.st_size, new.st_mtime_ns) == (old.st_size, old.st_mtime_ns)
    assert folder_accounts.user("alice")["first_name"] == "Alina"


def test_fresh_file_edited_within_one_clock_tick_is_read_again(folder_accounts):
    register(folder_accounts, "alice", first_name="Alice")
    assert folder_accounts.user("alice")["first_name"] == "Alice"
    before = folder_accounts.path.stat()
    # An in-place edit that a coarse clock would not date apart: same stamp in every field.
    text = folder_accounts.path.read_bytes().replace(b"Alice", b"Alina")
    with open(folder_accounts.path, "r+b") as handle:
        handle.write(text)
    os.utime(folder_accounts.path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = folder_accounts.path.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (
        before.st_mtime_ns, before.st_size, before.st_ino)
    assert folder_accounts.user("alice")["first_name"] == "Alina"


# -- cookie key ----------------------------------------------------------------------------


@pytest.fixture
def no_env_key(monkeypatch):
    monkeypatch.delenv("VPC_COOKIE_KEY", raising=False)


def _key_files(folder, key):
    return [p for p in folder.iterdir() if p.is_file() and key in p.read_text(errors="ignore")]


def test_cookie_key_generated_private_and_stable(tmp_path, no_env_key):
    key = cookie_key(tmp_path)
    assert isinstance(key, str) and len(key) >= 32
    assert key.strip() == key
    holders = _key_files(tmp_path, key)
    assert len(holders) == 1
    assert mode(holders[0]) == 0o600
    assert cookie_key(tmp_path) == key


def test_cookie_key_differs_between_data_folders(tmp_path, no_env_key):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    assert cookie_key(one) != cookie_key(two)


def test_cookie_key_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("VPC_COOKIE_KEY", "k" * 40)
    assert cookie_key(tmp_path) == "k" * 40
    assert cookie_key(tmp_path, configured="from-secrets-" * 3) == "k" * 40
    assert list(tmp_path.iterdir()) == []  # nothing generated when a key is configured


def test_cookie_key_from_configuration(tmp_path, no_env_key):
    assert cookie_key(tmp_path, configured="c" * 40) == "c" * 40


def test_short_stored_key_is_replaced(tmp_path, no_env_key):
    key = cookie_key(tmp_path)
    holder = _key_files(tmp_path, key)[0]
    holder.write_text("short", encoding="utf-8")
    fresh = cookie_key(tmp_path)
    assert len(fresh) >= 32 and fresh != "short"
    assert cookie_key(tmp_path) == fresh
    assert mode(_key_files(tmp_path, fresh)[0]) == 0o600


def test_servers_starting_at_once_agree_on_one_key(tmp_path, no_env_key):
    """config.cookie_key promises that two servers starting together share one key."""
    for trial in range(30):
        folder = tmp_path / f"trial{trial}"
        folder.mkdir()
        barrier = threading.Barrier(6)
        keys: list[str] = []
        errors: list[BaseException] = []

        def run(folder=folder, barrier=barrier, keys=keys, errors=errors):
            barrier.wait()
            try:
                keys.append(cookie_key(folder))
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == [], (trial, errors)
        assert len(set(keys)) == 1, (trial, keys)
        assert len(keys[0]) >= 32
        assert cookie_key(folder) == keys[0]


def test_data_dir_from_environment(tmp_path, monkeypatch):
    target = tmp_path / "custom" / "data"
    monkeypatch.setenv("VPC_DATA_DIR", str(target))
    assert config.data_dir() == target
    assert target.is_dir()
