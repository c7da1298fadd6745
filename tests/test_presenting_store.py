"""The projector's live poll: revisions of shared canvases, for the facilitator only.

Runs on both backends (the ``store_backend`` fixture) through the contract.
"""

import pytest

from canvas.fileformat.models import Pain, blank_canvas
from canvas.store import PresentingBackend, StoreError


@pytest.fixture
def backend(store_backend):
    return store_backend.open()


def test_revisions_follow_saves_shares_and_deletions(backend):
    workshops = backend.workshops()
    code = workshops.create("Lille", "fiona").code
    lena = backend.canvases("lena")
    bakery = lena.create(blank_canvas("Bakery"))
    other = lena.create(blank_canvas("Not shared"))
    omar = backend.canvases("omar").create(blank_canvas("Taxi"))
    for user in ("lena", "omar"):
        workshops.join(code, user)
    workshops.share(code, "lena", bakery.id)
    workshops.share(code, "omar", omar.id)
    presenting = backend.presenting()
    assert isinstance(presenting, PresentingBackend)
    assert presenting.shared_revisions(code, "fiona") == {("lena", bakery.id): 1,
                                                          ("omar", omar.id): 1}
    edited = bakery.model_copy(update={"pains": [Pain(id="p1", text="Queues", kind="obstacle",
                                                      severity=4)]})
    lena.save(edited, expected_revision=1)
    lena.save(other.model_copy(update={"title": "Still private"}), expected_revision=1)
    assert presenting.shared_revisions(code.lower(), "fiona") == {("lena", bakery.id): 2,
                                                                  ("omar", omar.id): 1}
    workshops.unshare(code, "omar", omar.id)
    lena.delete(bakery.id)
    assert presenting.shared_revisions(code, "fiona") == {}


def test_only_the_facilitator_may_poll(backend):
    workshops = backend.workshops()
    code = workshops.create("Lille", "fiona").code
    workshops.join(code, "lena")
    for asker, asked in (("lena", code), ("mallory", code), ("fiona", "ZZZZZZ"),
                         ("fiona", "../x")):
        with pytest.raises(StoreError):
            backend.presenting().shared_revisions(asked, asker)
