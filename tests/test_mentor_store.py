"""Comments and mentor links in the store, on both backends (the ``store_backend`` fixture).

What a learner and a facilitator rely on: a comment is only written by the workshop's
facilitator on a canvas shared with it, read only by the owner and that facilitator, and
kept when its item changes; a mentor link stores no token, expires, can be revoked, asks
for its password, and opens nothing for a guessed token.
"""

from datetime import timedelta

import pytest

from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas, utc_now
from canvas.store import StoreError
from canvas.store.choose import delete_user
from canvas.store.errors import MentorLinkError
from canvas.store.rules.comments import MAX_COMMENT, open_counts
from canvas.store.rules.mentor_links import (
    INVALID,
    LOCKED,
    MAX_PASSWORD_ATTEMPTS,
    PASSWORD_NEEDED,
    PASSWORD_WRONG,
    token_hash,
)


@pytest.fixture
def backend(store_backend):
    return store_backend.open()


@pytest.fixture
def shared(backend):
    """Lena's canvas with one pain, shared with Fiona's workshop; Omar is another member."""
    canvas = blank_canvas("Lena's bakery")
    canvas, _ = editing.add_item(canvas, "pains", "Everything is closed at 7am",
                                   kind="obstacle", severity=4)
    canvas = backend.canvases("lena").create(canvas)
    workshops = backend.workshops()
    code = workshops.create("Lille", "fiona").code
    workshops.join(code, "lena")
    workshops.join(code, "omar")
    workshops.share(code, "lena", canvas.id)
    return code, canvas


def pain_id(canvas) -> str:
    return canvas.pains[0].id


# -- comments ------------------------------------------------------------------------------
def test_a_comment_round_trip(backend, shared):
    code, canvas = shared
    comments = backend.comments()
    added = comments.add(code, "fiona", "lena", canvas.id, pain_id(canvas),
                         "  Is this a pain or a job?  ")
    assert added.text == "Is this a pain or a job?"
    assert added.section == "pains" and added.item_text == "Everything is closed at 7am"
    for reader in ("lena", "fiona"):
        seen = comments.on_canvas(reader, "lena", canvas.id)
        assert [(c.text, c.author, c.resolved) for c in seen] == [
            ("Is this a pain or a job?", "fiona", False)]
    assert open_counts(comments.on_canvas("lena", "lena", canvas.id)) == {pain_id(canvas): 1}
    comments.set_resolved("lena", added.id, True)
    assert comments.on_canvas("fiona", "lena", canvas.id)[0].resolved
    assert open_counts(comments.on_canvas("lena", "lena", canvas.id)) == {}
    comments.set_resolved("lena", added.id, False)
    assert not comments.on_canvas("fiona", "lena", canvas.id)[0].resolved


def test_only_the_facilitator_comments_and_only_while_shared(backend, shared):
    code, canvas = shared
    comments, workshops = backend.comments(), backend.workshops()
    for author in ("omar", "lena", "george"):
        with pytest.raises(StoreError):
            comments.add(code, author, "lena", canvas.id, pain_id(canvas), "Hello")
    other = workshops.create("Elsewhere", "george").code
    with pytest.raises(StoreError):  # George runs a workshop, but not one it is shared with
        comments.add(other, "george", "lena", canvas.id, pain_id(canvas), "Hello")
    with pytest.raises(StoreError):
        comments.add(code, "fiona", "lena", canvas.id, "no-such-item", "Hello")
    for text in ("", "   ", "x" * (MAX_COMMENT + 1)):
        with pytest.raises(StoreError):
            comments.add(code, "fiona", "lena", canvas.id, pain_id(canvas), text)
    workshops.unshare(code, "lena", canvas.id)
    with pytest.raises(StoreError):
        comments.add(code, "fiona", "lena", canvas.id, pain_id(canvas), "Too late")
    assert comments.on_canvas("lena", "lena", canvas.id) == []


def test_nobody_else_reads_a_comment(backend, shared):
    code, canvas = shared
    comments = backend.comments()
    added = comments.add(code, "fiona", "lena", canvas.id, pain_id(canvas), "Rank it higher")
    backend.workshops().create("Elsewhere", "george")
    for intruder in ("omar", "george", "zoe"):  # another member, another facilitator, outsider
        with pytest.raises(StoreError):
            comments.on_canvas(intruder, "lena", canvas.id)
    with pytest.raises(StoreError):  # only the owner resolves
        comments.set_resolved("fiona", added.id, True)
    assert not comments.on_canvas("lena", "lena", canvas.id)[0].resolved
    # Once the canvas is no longer shared, the facilitator no longer reads it either.
    backend.workshops().unshare(code, "lena", canvas.id)
    with pytest.raises(StoreError):
        comments.on_canvas("fiona", "lena", canvas.id)
    assert [c.text for c in comments.on_canvas("lena", "lena", canvas.id)] == ["Rank it higher"]


def test_a_comment_survives_its_item_being_edited_or_removed(backend, shared):
    code, canvas = shared
    comments = backend.comments()
    item = pain_id(canvas)
    comments.add(code, "fiona", "lena", canvas.id, item, "Who says so?")
    store = backend.canvases("lena")
    edited = store.save(editing.update_item(canvas, "pains", item, text="Nothing open at 7am"),
                        canvas.revision)
    kept = comments.on_canvas("lena", "lena", canvas.id)
    assert [(c.item_id, c.item_text) for c in kept] == [(item, "Everything is closed at 7am")]
    store.save(editing.delete_item(edited, "pains", item)[0], edited.revision)
    assert [c.text for c in comments.on_canvas("fiona", "lena", canvas.id)] == ["Who says so?"]


def test_deleting_an_account_drops_its_comments(backend, shared):
    code, canvas = shared
    backend.comments().add(code, "fiona", "lena", canvas.id, pain_id(canvas), "Good one")
    backend.accounts().register("other", "o@example.org", "O", "B", "Secret#123")
    backend.accounts().register("lena", "lena@example.org", "Lena", "B", "Secret#123")
    delete_user(backend, "lena")
    assert backend.comments().on_canvas("lena", "lena", canvas.id) == []


def test_deleting_a_facilitator_drops_the_comments_they_wrote(backend, shared, monkeypatch):
    """The other half of ``forget_user``: what the deleted person wrote on someone else's
    canvas goes too, and another facilitator's comment on the same item stays."""
    code, canvas = shared
    comments, workshops = backend.comments(), backend.workshops()
    comments.add(code, "fiona", "lena", canvas.id, pain_id(canvas), "Is it a job?")
    other = workshops.create("Elsewhere", "george").code
    workshops.join(other, "lena")
    workshops.share(other, "lena", canvas.id)
    comments.add(other, "george", "lena", canvas.id, pain_id(canvas), "Rank it higher")
    backend.accounts().register("george", "g@example.org", "George", "B", "Secret#123")
    backend.accounts().register("fiona", "f@example.org", "Fiona", "B", "Secret#123")
    delete_user(backend, "fiona")
    assert [(c.author, c.text) for c in comments.on_canvas("lena", "lena", canvas.id)] == [
        ("george", "Rank it higher")]


# -- mentor links ---------------------------------------------------------------------------
def test_a_link_opens_the_current_canvas_and_stores_no_token(backend, store_backend, shared):
    _, canvas = shared
    links = backend.mentor_links()
    link, token = links.create("lena", canvas.id, "Mentor Sam", 7)
    assert len(token) == 43 and link.token_hash == token_hash(token)
    assert links.open(token).title == "Lena's bakery"
    store = backend.canvases("lena")
    store.save(editing.add_item(store.load(canvas.id), "gains", "Warm bread",
                                kind="desired", relevance=3)[0],
               canvas.revision)
    assert [g.text for g in links.open(token).gains] == ["Warm bread"]  # current content
    [listed] = links.links("lena")
    assert (listed.label, listed.has_password) == ("Mentor Sam", False)
    assert listed.last_opened_at is not None
    assert listed.expires_at - listed.created_at == timedelta(days=7)
    assert links.links("omar") == []
    assert token not in _stored_text(store_backend)


def _stored_text(store_backend) -> str:
    """Everything the store holds about links, as text."""
    if store_backend.kind == "folder":
        return "".join(p.read_text(errors="replace")
                       for p in store_backend.location.rglob("*") if p.is_file())
    import psycopg

    with psycopg.connect(store_backend.location) as conn:
        return repr(conn.execute("SELECT * FROM mentor_links").fetchall())


def test_expired_revoked_guessed_and_malformed_links_open_nothing(backend, shared):
    _, canvas = shared
    links = backend.mentor_links()
    link, token = links.create("lena", canvas.id, "Sam", 1)
    later = utc_now() + timedelta(days=1, seconds=1)
    for attempt in (lambda: links.open(token, now=later),
                    lambda: links.open("A" * 43),
                    lambda: links.open(token[:-1] + ("A" if token[-1] != "A" else "B")),
                    lambda: links.open("../../etc/passwd"),
                    lambda: links.open("")):
        with pytest.raises(MentorLinkError) as refused:
            attempt()
        assert refused.value.code == INVALID
    assert links.open(token).id == canvas.id
    with pytest.raises(StoreError):
        links.revoke("omar", link.id)  # only its owner revokes it
    links.revoke("lena", link.id)
    with pytest.raises(MentorLinkError) as refused:
        links.open(token)
    assert refused.value.code == INVALID
    assert links.links("lena") == []


def test_a_link_with_a_password_asks_for_it_and_rests_after_wrong_ones(backend, shared):
    _, canvas = shared
    links = backend.mentor_links()
    link, token = links.create("lena", canvas.id, "Sam", 30, password="tea-and-bread")
    assert links.links("lena")[0].has_password
    assert "tea-and-bread" not in links.links("lena")[0].password
    for password, code in ((None, PASSWORD_NEEDED), ("wrong", PASSWORD_WRONG)):
        with pytest.raises(MentorLinkError) as refused:
            links.open(token, password)
        assert refused.value.code == code
    assert links.open(token, "tea-and-bread").id == canvas.id  # resets the count
    now = utc_now()
    codes = []
    for _ in range(MAX_PASSWORD_ATTEMPTS):
        with pytest.raises(MentorLinkError) as refused:
            links.open(token, "guess", now=now)
        codes.append(refused.value.code)
    assert codes == [PASSWORD_WRONG] * (MAX_PASSWORD_ATTEMPTS - 1) + [LOCKED]
    with pytest.raises(MentorLinkError) as refused:  # even the right one, for a while
        links.open(token, "tea-and-bread", now=now + timedelta(minutes=1))
    assert refused.value.code == LOCKED
    assert links.open(token, "tea-and-bread", now=now + timedelta(minutes=16)).id == canvas.id


def test_links_are_refused_for_bad_input_and_other_peoples_canvases(backend, shared):
    _, canvas = shared
    links = backend.mentor_links()
    for label, days in (("", 7), ("x" * 81, 7), ("Sam", 3)):
        with pytest.raises(StoreError):
            links.create("lena", canvas.id, label, days)
    with pytest.raises(StoreError):
        links.create("omar", canvas.id, "Sam", 7)  # not Omar's canvas
    assert links.links("lena") == links.links("omar") == []


def test_deleting_the_canvas_or_the_account_ends_its_links(backend, shared):
    _, canvas = shared
    links = backend.mentor_links()
    _, token = links.create("lena", canvas.id, "Sam", 7)
    backend.canvases("lena").delete(canvas.id)
    with pytest.raises(MentorLinkError):
        links.open(token)
    assert links.links("lena") == []        # not listed as if it still worked
    other = backend.canvases("lena").create(blank_canvas("Second"))
    links.create("lena", other.id, "Sam", 7)
    backend.accounts().register("other", "o@example.org", "O", "B", "Secret#123")
    backend.accounts().register("lena", "lena@example.org", "Lena", "B", "Secret#123")
    delete_user(backend, "lena")
    assert links.links("lena") == []
