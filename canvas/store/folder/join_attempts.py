"""The data folder's count of wrong workshop codes: ``join_attempts.json``.

One small file for every account that typed a wrong code lately, read and written under
the workshops' lock in the same step as the join itself (:meth:`canvas.store.folder.
workshops.WorkshopStore.join`); the rules are :mod:`canvas.store.rules.join_attempts`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from canvas.store.folder.files import atomic_write
from canvas.store.rules.join_attempts import Tries


class JoinAttemptsFile:
    def __init__(self, data_dir: Path | str):
        self.path = Path(data_dir) / "join_attempts.json"

    def read(self) -> dict[str, Tries]:
        """Every account's tries; a damaged file counts as none."""
        try:
            raw = json.loads(self.path.read_bytes())
            return {name: Tries(int(entry["wrong"]), float(entry["since"]),
                                entry.get("resting_until")) for name, entry in raw.items()}
        except (FileNotFoundError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def write(self, everyone: dict[str, Tries]) -> None:
        atomic_write(self.path, json.dumps(
            {name: asdict(tries) for name, tries in everyone.items()}).encode("utf-8"),
            mode=0o600)
