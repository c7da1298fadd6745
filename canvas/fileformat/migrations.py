"""Upgrades for canvas files written by older versions of the format.

Each entry takes the raw dict of version N and returns the dict of version N + 1. Keeping
them as plain dict transforms (before pydantic sees the data) means an old file is
upgraded once, in memory, and saved in the current format on its next save.

Version 1 → 2 added optional fields only (the grouped persona card; test and learning
cards on items, all empty by default), so the upgrade changes nothing but the version: a
version-1 file is a valid version-2 file once it says so.

This module sits below :mod:`canvas.fileformat.validation`: it raises :class:`UnknownVersion` and
validation phrases it, so the two never import each other.
"""

from __future__ import annotations

from collections.abc import Callable

from canvas.fileformat.models import SCHEMA_VERSION


def _v1_to_v2(raw: dict) -> dict:
    return raw


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


class UnknownVersion(ValueError):
    """No upgrade leads from ``version`` to the current format."""

    def __init__(self, version: int):
        self.version = version
        super().__init__(f"no migration from schema_version {version}")


def migrate(raw: dict) -> dict:
    version = raw.get("schema_version")
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise UnknownVersion(version)
        raw = step(dict(raw))
        version = raw["schema_version"] = version + 1
    return raw
