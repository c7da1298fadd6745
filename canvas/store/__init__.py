"""The store's contract: what every backend offers, its errors and records.

Pages and ``canvas/ui`` ask :func:`canvas.store.choose.open_backend` for a backend and use
only the methods of :mod:`canvas.store.base`, the errors of :mod:`canvas.store.errors`, the
records of :mod:`canvas.store.records` and the constants of :mod:`canvas.store.rules`. Two
backends sit side by side: the data folder (:mod:`canvas.store.folder`, the embedded
default) and PostgreSQL (:mod:`canvas.store.postgres`, chosen by ``VPC_DATABASE_URL``) for
several app servers sharing one store. No page knows which one it talks to; neither
backend imports the other, and only :mod:`canvas.store.choose` imports them. Laid out like
Django's ``contrib/sessions/backends``: a base that owns the protocol and its errors, each
backend beside the others importing only the base. This package imports no backend, so
that a pure module can import the contract's errors (:mod:`canvas.room.state`) and a
backend can import that pure module.
"""

from __future__ import annotations

from canvas.store.base import (
    FACILITATOR,
    LEARNER,
    AccountBackend,
    CanvasBackend,
    CommentBackend,
    MentorLinkBackend,
    PresentingBackend,
    RoomBackend,
    StoreBackend,
    WorkshopBackend,
)
from canvas.store.errors import StaleRevisionError, StoreError
from canvas.store.records import CanvasSummary

__all__ = ["FACILITATOR", "LEARNER", "AccountBackend", "CanvasBackend", "CanvasSummary",
           "CommentBackend", "MentorLinkBackend", "PresentingBackend", "RoomBackend",
           "StaleRevisionError", "StoreBackend", "StoreError", "WorkshopBackend"]
