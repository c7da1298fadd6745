"""The store's refusals: every backend raises these, so pages catch one family.

A refusal carries a translatable sentence (``code`` is an i18n key, under ``store.`` when
it has no dot), never a backend's own exception: a page says why in the user's language
whichever backend refused. Owned by the store, not by a backend, so the contract
(:mod:`canvas.store.base`) and both backends import it without importing each other.
"""

from __future__ import annotations

from canvas.fileformat.models import Canvas
from canvas.formatting import ByteSize

__all__ = ["AccountError", "MentorLinkError", "StaleRevisionError", "StoreError",
           "WorkshopError"]


class StoreError(Exception):
    """A refusal the user should read; ``code`` is an i18n key under ``store.``."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")

    def message(self, t) -> str:
        key = self.code if "." in self.code else f"store.{self.code}"
        language = getattr(t, "language", "en")
        params = {name: value.formatted(language) if isinstance(value, ByteSize) else value
                  for name, value in self.params.items()}
        return t(key, **params)


class StaleRevisionError(StoreError):
    """A save started from an older revision than the one stored: ``current`` is what
    another tab (or server) wrote meanwhile."""

    def __init__(self, current: Canvas):
        self.current = current
        super().__init__("stale", revision=current.revision)


class AccountError(StoreError):
    """A refusal phrased by one catalog key (plural when ``count`` is given)."""

    def __init__(self, key: str, count: int | None = None, **params):
        self.count = count
        super().__init__(key, **params)

    def message(self, t) -> str:
        if self.count is not None:
            return t.plural(self.code, self.count)
        return t(self.code, **self.params)


class WorkshopError(StoreError):
    """Refusals phrased through i18n keys under ``store.``."""


class MentorLinkError(StoreError):
    """Why a link opens nothing; ``code`` is one of the ``mentor.error.*`` keys
    (:mod:`canvas.store.rules.mentor_links`)."""
