"""Workshops: codes, membership, sharing, and who may read a shared canvas.

Every test runs on both backends (the ``store_backend`` fixture) through the contract.
"""

import pytest

from canvas.fileformat.models import blank_canvas
from canvas.store import StoreError
from canvas.store.rules.workshops import CODE_ALPHABET, CODE_LENGTH, normalise_code


@pytest.fixture
def backend(store_backend):
    return store_backend.open()


@pytest.fixture
def store(backend):
    return backend.workshops()


@pytest.fixture
def canvas(backend):
    return backend.canvases("lena").create(blank_canvas("Lena's bakery"))


def room(store, code: str):
    """The workshop as its facilitator (fiona) sees it."""
    return next(w for w in store.facilitated_by("fiona") if w.code == code)


def test_codes_are_short_unambiguous_and_unique(store):
    codes = {store.create(f"Group {i}", "fiona").code for i in range(40)}
    assert len(codes) == 40
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01OIL")


def test_code_typing_is_forgiving(store):
    code = store.create("Lille", "fiona").code
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    assert normalise_code(typed) == code
    assert store.join(typed, "lena").code == code


def test_unknown_or_malformed_code_is_refused(store):
    for code in ("", "ZZZZZZ", "../../x", "abc", "A" * 40):
        with pytest.raises(StoreError):
            store.join(code, "lena")


def test_share_requires_membership_and_own_canvas(store, canvas):
    code = store.create("Lille", "fiona").code
    with pytest.raises(StoreError):
        store.share(code, "lena", canvas.id)  # not a member yet
    store.join(code, "lena")
    with pytest.raises(StoreError):
        store.share(code, "lena", "no-such-canvas")
    store.share(code, "lena", canvas.id)
    store.share(code, "lena", canvas.id)  # twice is once
    assert [s.canvas_id for s in room(store, code).shares] == [canvas.id]


def test_only_the_facilitator_reads_shared_canvases(store, canvas):
    code = store.create("Lille", "fiona").code
    store.join(code, "lena")
    store.join(code, "omar")
    store.share(code, "lena", canvas.id)
    assert store.shared_canvas(code, "fiona", "lena", canvas.id).title == "Lena's bakery"
    assert [c.id for _, c in store.gallery(code, "fiona")] == [canvas.id]
    for intruder in ("omar", "lena"):
        with pytest.raises(StoreError):
            store.gallery(code, intruder)
        with pytest.raises(StoreError):
            store.shared_canvas(code, intruder, "lena", canvas.id)
    # Another facilitator's workshop gives no access either.
    other = store.create("Elsewhere", "george").code
    with pytest.raises(StoreError):
        store.shared_canvas(other, "george", "lena", canvas.id)


def test_unshare_leave_and_deleted_canvas_leave_the_gallery(store, canvas, backend):
    code = store.create("Lille", "fiona").code
    store.join(code, "lena")
    store.set_shares(code, "lena", [canvas.id])
    assert len(store.gallery(code, "fiona")) == 1
    store.set_shares(code, "lena", [])
    assert store.gallery(code, "fiona") == []
    with pytest.raises(StoreError):
        store.shared_canvas(code, "fiona", "lena", canvas.id)
    store.share(code, "lena", canvas.id)
    backend.canvases("lena").delete(canvas.id)
    assert store.gallery(code, "fiona") == []
    store.leave(code, "lena")
    assert "lena" not in room(store, code).members
    assert room(store, code).shares == []


def test_listing_by_role(store):
    first = store.create("One", "fiona").code
    second = store.create("Two", "fiona").code
    store.create("Three", "george")
    assert {w.code for w in store.facilitated_by("fiona")} == {first, second}
    store.join(first, "lena")
    assert [w.code for w in store.joined_by("lena")] == [first]
    assert store.joined_by("omar") == []
    with pytest.raises(StoreError):
        store.create("   ", "fiona")
    with pytest.raises(StoreError):
        store.delete(first, "george")
    store.delete(first, "fiona")
    assert [w.code for w in store.facilitated_by("fiona")] == [second]
