"""Accounts file and cookie key: roles, merging sessions, lockout, file modes."""

from __future__ import annotations

import copy
import os
import stat
import threading
import time

import pytest
import yaml

from canvas import accounts as accounts_module
from canvas import config
from canvas.accounts import FACILITATOR, LEARNER, AccountStore
from canvas.config import LOCKOUT_MINUTES, MAX_LOGIN_ATTEMPTS, cookie_key
from canvas.storage import StoreError


def entry(name: str, **extra) -> dict:
    return {"email": f"{name}@example.org", "first_name": name.title(), "last_name": "Test",
            "password": "$2b$12$" + "x" * 53, "failed_login_attempts": 0, "logged_in": False,
            **extra}


def register(store: AccountStore, name: str, **extra) -> None:
    """What one session does: copy the credentials, add a user, sync back."""
    before = store.credentials()
    after = copy.deepcopy(before)
    after["usernames"][name] = entry(name, **extra)
    store.sync(before, after)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def accounts(tmp_path) -> AccountStore:
    return AccountStore(tmp_path)


# -- roles ---------------------------------------------------------------------------------


def test_no_accounts_yet(accounts):
    assert accounts.credentials() == {"usernames": {}}
    assert accounts.usernames() == []
    assert accounts.user("nobody") is None


def test_first_user_is_facilitator_later_ones_learners(accounts):
    register(accounts, "first")
    register(accounts, "second")
    register(accounts, "third")
    assert accounts.roles("first") == [FACILITATOR]
    assert accounts.roles("second") == [LEARNER]
    assert accounts.roles("third") == [LEARNER]
    assert accounts.usernames() == ["first", "second", "third"]


def test_role_cannot_be_changed_by_a_session(accounts):
    register(accounts, "first")
    register(accounts, "second")
    before = accounts.credentials()
    after = copy.deepcopy(before)
    after["usernames"]["second"]["roles"] = [FACILITATOR]
    after["usernames"]["first"]["roles"] = [LEARNER]
    accounts.sync(before, after)
    assert accounts.roles("second") == [LEARNER]
    assert accounts.roles("first") == [FACILITATOR]


def test_per_session_state_is_not_stored(accounts):
    register(accounts, "first")
    before = accounts.credentials()
    after = copy.deepcopy(before)
    after["usernames"]["first"]["logged_in"] = True
    accounts.sync(before, after)
    assert "logged_in" not in accounts.user("first")


def test_two_sessions_registering_at_once_both_persist(accounts):
    register(accounts, "admin")
    # both sessions loaded the file before either registered
    before_a = accounts.credentials()
    before_b = accounts.credentials()
    after_a = copy.deepcopy(before_a)
    after_a["usernames"]["alice"] = entry("alice")
    after_b = copy.deepcopy(before_b)
    after_b["usernames"]["bob"] = entry("bob")
    accounts.sync(before_a, after_a)
    accounts.sync(before_b, after_b)
    assert accounts.usernames() == ["admin", "alice", "bob"]
    assert accounts.roles("admin") == [FACILITATOR]
    assert accounts.roles("alice") == [LEARNER]
    assert accounts.roles("bob") == [LEARNER]
    assert accounts.user("alice")["email"] == "alice@example.org"


def test_stale_session_does_not_undo_another_sessions_change(accounts):
    register(accounts, "admin")
    register(accounts, "alice")
    stale_before = accounts.credentials()
    # another session changes alice's name
    before = accounts.credentials()
    after = copy.deepcopy(before)
    after["usernames"]["alice"]["first_name"] = "Alicia"
    accounts.sync(before, after)
    # the stale session changes only admin
    stale_after = copy.deepcopy(stale_before)
    stale_after["usernames"]["admin"]["first_name"] = "Boss"
    accounts.sync(stale_before, stale_after)
    assert accounts.user("alice")["first_name"] == "Alicia"
    assert accounts.user("admin")["first_name"] == "Boss"


def test_concurrent_registrations_from_threads_all_persist(accounts):
    register(accounts, "admin")
    names = [f"user{n}" for n in range(8)]
    barrier = threading.Barrier(len(names))
    errors = []

    def run(name):
        try:
            before = accounts.credentials()
            after = copy.deepcopy(before)
            after["usernames"][name] = entry(name)
            barrier.wait()
            accounts.sync(before, after)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert accounts.usernames() == sorted(["admin", *names])
    assert [accounts.roles(n) for n in names] == [[LEARNER]] * len(names)


def test_sync_without_changes_writes_nothing(accounts):
    before = accounts.credentials()
    accounts.sync(before, copy.deepcopy(before))
    assert not accounts.path.exists()


def test_unsafe_username_is_refused(accounts):
    before = accounts.credentials()
    after = copy.deepcopy(before)
    after["usernames"]["../evil"] = entry("evil")
    with pytest.raises(StoreError):
        accounts.sync(before, after)
    assert accounts.usernames() == []


# -- lockout -------------------------------------------------------------------------------


def fail_logins(accounts: AccountStore, name: str, attempts: int) -> None:
    before = accounts.credentials()
    after = copy.deepcopy(before)
    after["usernames"][name]["failed_login_attempts"] = attempts
    accounts.sync(before, after)


def test_below_the_limit_is_not_locked(accounts):
    register(accounts, "alice")
    fail_logins(accounts, "alice", MAX_LOGIN_ATTEMPTS - 1)
    assert not accounts.user("alice").get("locked_until")
    assert accounts.lock_remaining_minutes("alice") == 0


def test_reaching_the_limit_locks(accounts):
    register(accounts, "alice")
    start = time.time()
    fail_logins(accounts, "alice", MAX_LOGIN_ATTEMPTS)
    user = accounts.user("alice")
    assert user["locked_until"] >= start + LOCKOUT_MINUTES * 60 - 1
    assert user["locked_until"] <= time.time() + LOCKOUT_MINUTES * 60 + 1
    remaining = accounts.lock_remaining_minutes("alice")
    assert 0 < remaining <= LOCKOUT_MINUTES
    # still locked for a fresh session
    assert accounts.credentials()["usernames"]["alice"]["locked_until"] == user["locked_until"]
    assert accounts.lock_remaining_minutes("nobody") == 0


def test_expired_lock_is_lifted_by_credentials(accounts, monkeypatch):
    register(accounts, "alice")
    register(accounts, "bob")
    fail_logins(accounts, "alice", MAX_LOGIN_ATTEMPTS)
    fail_logins(accounts, "bob", MAX_LOGIN_ATTEMPTS + 2)
    real_time = time.time
    later = real_time() + LOCKOUT_MINUTES * 60 + 5
    monkeypatch.setattr(time, "time", lambda: later)
    creds = accounts.credentials()
    for name in ("alice", "bob"):
        assert not creds["usernames"][name].get("locked_until")
        assert creds["usernames"][name]["failed_login_attempts"] == 0
        stored = accounts.user(name)
        assert not stored.get("locked_until")
        assert stored["failed_login_attempts"] == 0
        assert accounts.lock_remaining_minutes(name) == 0
    assert accounts.roles("alice") == [FACILITATOR]


def test_lock_not_lifted_before_it_expires(accounts, monkeypatch):
    register(accounts, "alice")
    fail_logins(accounts, "alice", MAX_LOGIN_ATTEMPTS)
    until = accounts.user("alice")["locked_until"]
    monkeypatch.setattr(time, "time", lambda: until - 30)
    creds = accounts.credentials()
    assert creds["usernames"]["alice"]["locked_until"] == until
    assert accounts.lock_remaining_minutes("alice") == 1


def test_successful_login_after_expiry_clears_counter(accounts):
    register(accounts, "alice")
    fail_logins(accounts, "alice", 2)
    fail_logins(accounts, "alice", 0)
    assert accounts.user("alice")["failed_login_attempts"] == 0
    assert accounts.lock_remaining_minutes("alice") == 0


# -- the file ------------------------------------------------------------------------------


def test_accounts_file_is_private_and_yaml(accounts):
    register(accounts, "alice", first_name="Алиса 🌙")
    assert mode(accounts.path) == 0o600
    data = yaml.safe_load(accounts.path.read_text(encoding="utf-8"))
    assert data["credentials"]["usernames"]["alice"]["first_name"] == "Алиса 🌙"
    fail_logins(accounts, "alice", 1)
    assert mode(accounts.path) == 0o600
    accounts.set_preference("alice", "language", "uk")
    assert mode(accounts.path) == 0o600
    assert accounts.user("alice")["preferences"] == {"language": "uk"}
    leftovers = [p.name for p in accounts.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_set_preference_for_unknown_user_does_nothing(accounts):
    register(accounts, "alice")
    before = accounts.path.read_bytes()
    accounts.set_preference("ghost", "language", "fr")
    assert accounts.path.read_bytes() == before


# -- the parsed-file cache -----------------------------------------------------------------


def settle(path, seconds: int = 3600) -> None:
    """Date the file back so its stamp is trusted and the cache is really used."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 1_000_000_000))


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = accounts_module._parse

    def counting(text: str) -> dict:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(accounts_module, "_parse", counting)
    return calls


def test_settled_file_is_parsed_once(accounts, parses):
    register(accounts, "alice")
    register(accounts, "bob")
    settle(accounts.path)
    parses.clear()
    for _ in range(3):
        assert accounts.usernames() == ["alice", "bob"]
        assert accounts.credentials()["usernames"]["bob"]["email"] == "bob@example.org"
        assert accounts.roles("alice") == [FACILITATOR]
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


def test_mutating_what_was_returned_leaves_the_cache_alone(accounts, parses):
    register(accounts, "alice", preferences={"language": "en"})
    settle(accounts.path)
    pristine = accounts.credentials()
    parses.clear()
    # What streamlit-authenticator does to its dict, and worse.
    creds = accounts.credentials()
    creds["usernames"]["alice"]["failed_login_attempts"] = 4
    creds["usernames"]["alice"]["preferences"]["language"] = "uk"
    creds["usernames"]["intruder"] = entry("intruder")
    user = accounts.user("alice")
    user["roles"].append("admin")
    user["preferences"].clear()
    accounts._read()["credentials"]["usernames"].clear()
    assert accounts.credentials() == pristine
    assert accounts.user("alice") == pristine["usernames"]["alice"]
    assert accounts.usernames() == ["alice"]
    assert parses == []  # every copy came from the cache, not from a fresh parse


def test_file_replaced_outside_the_app_is_read_again(accounts, parses):
    register(accounts, "alice", first_name="Alice")
    settle(accounts.path)
    assert accounts.user("alice")["first_name"] == "Alice"
    old = accounts.path.stat()
    # Same size and same modification time: only the inode tells the files apart.
    text = accounts.path.read_text(encoding="utf-8").replace("Alice", "Alina")
    replacement = accounts.path.with_name("accounts.yaml.new")
    replacement.write_text(text, encoding="utf-8")
    os.utime(replacement, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(replacement, accounts.path)
    new = accounts.path.stat()
    assert (new.st_size, new.st_mtime_ns) == (old.st_size, old.st_mtime_ns)
    assert accounts.user("alice")["first_name"] == "Alina"


def test_fresh_file_edited_within_one_clock_tick_is_read_again(accounts):
    register(accounts, "alice", first_name="Alice")
    assert accounts.user("alice")["first_name"] == "Alice"
    before = accounts.path.stat()
    # An in-place edit that a coarse clock would not date apart: same stamp in every field.
    text = accounts.path.read_bytes().replace(b"Alice", b"Alina")
    with open(accounts.path, "r+b") as handle:
        handle.write(text)
    os.utime(accounts.path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = accounts.path.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (
        before.st_mtime_ns, before.st_size, before.st_ino)
    assert accounts.user("alice")["first_name"] == "Alina"


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


def test_logout_revokes_cookies_issued_before_it(tmp_path):
    store = AccountStore(tmp_path)
    before = store.credentials()
    store.sync(before, {"usernames": {"amira": {"password": "x", "email": "a@b.org"}}})
    assert store.cookie_still_valid("amira", issued_at=1000.0)
    store.mark_logged_out("amira", when=2000.0)
    assert not store.cookie_still_valid("amira", issued_at=1999.0)
    assert store.cookie_still_valid("amira", issued_at=2001.0)
    assert not store.cookie_still_valid("nobody", issued_at=5000.0)


def test_stale_session_cannot_undo_a_newer_logout(tmp_path):
    store = AccountStore(tmp_path)
    store.sync(store.credentials(), {"usernames": {"amira": {"password": "x",
                                                             "email": "a@b.org"}}})
    stale_before = store.credentials()
    stale_after = copy.deepcopy(stale_before)
    store.mark_logged_out("amira", when=3000.0)
    # The stale session records a failed login; only that key may be written back.
    stale_after["usernames"]["amira"]["failed_login_attempts"] = 1
    store.sync(stale_before, stale_after)
    entry = store.user("amira")
    assert entry["logged_out_at"] == 3000.0
    assert entry["failed_login_attempts"] == 1
