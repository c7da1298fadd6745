"""The data folder's canvases: one JSON file per canvas, per user, that survives crashes
and concurrent tabs.

Layout under the data folder::

    users/<username>/canvases/<canvas id>.json      the current version
    users/<username>/history/<canvas id>/<rev>.json the last HISTORY_KEEP revisions

A canvas file is the stored form of :mod:`canvas.store.rules.canvases` (within the
import limit, under the user's quotas). Every write is atomic
(:func:`canvas.store.folder.files.atomic_write`). Saves carry the revision
they started from; a save against an older revision is refused instead of silently
overwriting what another tab wrote. Names that reach the file system (usernames, canvas
ids) are checked against a strict pattern and then against the resolved folder, so no id
can escape its user's folder.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import threading
from contextlib import suppress
from pathlib import Path

from canvas.fileformat.models import Canvas, new_canvas_id, utc_now
from canvas.fileformat.validation import CanvasFileError, parse_canvas
from canvas.store.errors import StaleRevisionError, StoreError
from canvas.store.folder.files import atomic_write, file_lock, inside, keep_copy
from canvas.store.operations import CanvasOperations
from canvas.store.records import CanvasSummary
from canvas.store.rules.canvases import (
    HISTORY_KEEP,
    canvas_file_bytes,
    check_quota,
    first_revision,
    summarise,
)
from canvas.store.rules.names import check_canvas_id, check_username

_summary_cache: dict[str, tuple[int, int, CanvasSummary]] = {}
_summary_guard = threading.Lock()


def forget_summaries() -> None:
    """Empty this process's cache of canvas summaries (benchmarks measure a cold list)."""
    with _summary_guard:
        _summary_cache.clear()


class CanvasStore(CanvasOperations):
    """The canvases of one user. Cheap to create; holds no open files."""

    def __init__(self, data_dir: Path | str, username: str):
        self.data_dir = Path(data_dir)
        self.username = check_username(username)
        self.root = inside(self.data_dir / "users", self.data_dir / "users" / self.username)
        self.canvas_dir = self.root / "canvases"
        self.history_dir = self.root / "history"

    # -- paths -------------------------------------------------------------------------
    def path(self, canvas_id: str) -> Path:
        """The canvas's current file."""
        return inside(self.canvas_dir, self.canvas_dir / f"{check_canvas_id(canvas_id)}.json")

    def history_path(self, canvas_id: str) -> Path:
        """The folder of the canvas's last revisions (``<revision>.json``)."""
        return inside(self.history_dir, self.history_dir / check_canvas_id(canvas_id))

    def _lock(self, canvas_id: str):
        return file_lock(self.root / ".locks" / f"{check_canvas_id(canvas_id)}.lock")

    def _quota_lock(self):
        return file_lock(self.root / ".locks" / "quota.lock")

    # -- quotas --------------------------------------------------------------------------
    def _usage(self) -> tuple[int, int]:
        """(number of canvases, bytes of their current files)."""
        if not self.canvas_dir.is_dir():
            return 0, 0
        count = size = 0
        for entry in os.scandir(self.canvas_dir):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                count += 1
                with suppress(FileNotFoundError):
                    size += entry.stat().st_size
        return count, size

    def _check_room(self, new_size: int, old_size: int = 0, new_canvas: bool = False) -> None:
        check_quota(self._usage, new_size, old_size, new_canvas)

    # -- reading -----------------------------------------------------------------------
    def exists(self, canvas_id: str) -> bool:
        return self.path(canvas_id).is_file()

    def load(self, canvas_id: str) -> Canvas:
        path = self.path(canvas_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise StoreError("not_found") from None
        return parse_canvas(data, path.name)

    def list(self) -> list[CanvasSummary]:
        """Newest first. Summaries are cached by file stamp so 1 000 canvases list fast."""
        if not self.canvas_dir.is_dir():
            return []
        out = []
        for entry in os.scandir(self.canvas_dir):
            if not entry.name.endswith(".json") or entry.name.startswith("."):
                continue
            stat = entry.stat()
            key = entry.path
            with _summary_guard:
                cached = _summary_cache.get(key)
            if cached and cached[0] == stat.st_mtime_ns and cached[1] == stat.st_size:
                out.append(cached[2])
                continue
            try:
                summary = summarise(parse_canvas(Path(entry.path).read_bytes(), entry.name))
            except (CanvasFileError, OSError):
                continue  # a file edited by hand into an invalid state is skipped, not fatal
            with _summary_guard:
                _summary_cache[key] = (stat.st_mtime_ns, stat.st_size, summary)
            out.append(summary)
        out.sort(key=lambda s: (s.updated_at, s.id), reverse=True)
        return out

    def revisions(self, canvas_id: str) -> list[int]:
        folder = self.history_path(canvas_id)
        if not folder.is_dir():
            return []
        return sorted((int(p.stem) for p in folder.glob("*.json") if p.stem.isdigit()),
                      reverse=True)

    def load_revision(self, canvas_id: str, revision: int) -> Canvas:
        path = self.history_path(canvas_id) / f"{int(revision):08d}.json"
        try:
            return parse_canvas(path.read_bytes(), path.name)
        except FileNotFoundError:
            raise StoreError("no_revision", revision=revision) from None

    # -- writing -----------------------------------------------------------------------
    def _write(self, canvas: Canvas, data: bytes) -> None:
        path = self.path(canvas.id)
        atomic_write(path, data)
        history = self.history_path(canvas.id)
        keep_copy(path, history / f"{canvas.revision:08d}.json", data)
        for old in sorted(history.glob("*.json"))[:-HISTORY_KEEP]:
            old.unlink(missing_ok=True)

    def create(self, canvas: Canvas, keep_created: bool = False) -> Canvas:
        """Store a new canvas as revision 1; a clashing id gets a fresh one.

        ``keep_created`` keeps the canvas's own ``created_at`` (an imported file was
        created when its author started it, not when it was uploaded here)."""
        if self.exists(canvas.id):
            canvas = canvas.model_copy(update={"id": new_canvas_id()})
        canvas = first_revision(canvas, keep_created)
        data = canvas_file_bytes(canvas)
        with self._quota_lock(), self._lock(canvas.id):
            self._check_room(len(data), new_canvas=True)
            self._write(canvas, data)
        return canvas

    def save(self, canvas: Canvas, expected_revision: int | None = None) -> Canvas:
        """Write ``canvas`` as the next revision, unless someone saved since we loaded.

        ``expected_revision`` defaults to ``canvas.revision``: the revision the editor
        loaded. The stored canvas is re-validated so an in-memory edit that broke a rule
        can never reach the disk.
        """
        expected = canvas.revision if expected_revision is None else expected_revision
        with self._lock(canvas.id):
            try:
                current = self.load(canvas.id)
            except StoreError:
                raise StoreError("not_found") from None
            if current.revision != expected:
                raise StaleRevisionError(current)
            updated = canvas.model_copy(update={"revision": current.revision + 1,
                                                "updated_at": utc_now()})
            data = canvas_file_bytes(updated)
            updated = parse_canvas(data, f"{canvas.id}.json")
            try:
                old_size = self.path(canvas.id).stat().st_size
            except FileNotFoundError:
                old_size = 0
            self._check_room(len(data), old_size)
            self._write(updated, data)
        return updated

    def delete(self, canvas_id: str) -> None:
        with self._lock(canvas_id):
            path = self.path(canvas_id)
            if not path.exists():
                raise StoreError("not_found")
            path.unlink()
            self._meta(canvas_id).unlink(missing_ok=True)
            history = self.history_path(canvas_id)
            if history.is_dir():
                for old in history.glob("*.json"):
                    old.unlink(missing_ok=True)
                history.rmdir()

    def delete_all(self) -> None:
        """Every canvas, revision and preference of this user, gone at once: the folder
        is renamed out of the way first, so nothing half-deleted is ever listed."""
        if not self.root.exists():
            return
        doomed = self.root.with_name(f".deleted-{self.username}-{secrets.token_hex(4)}")
        os.replace(self.root, doomed)
        shutil.rmtree(doomed, ignore_errors=True)
        with _summary_guard:
            for key in [k for k in _summary_cache if k.startswith(str(self.canvas_dir) + os.sep)]:
                del _summary_cache[key]

    # -- per-canvas preferences (dismissed coach nudges) ---------------------------------
    def _meta(self, canvas_id: str) -> Path:
        folder = self.root / "meta"
        return inside(folder, folder / f"{check_canvas_id(canvas_id)}.json")

    def dismissed_nudges(self, canvas_id: str) -> set[str]:
        try:
            data = json.loads(self._meta(canvas_id).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return set()
        return {str(x) for x in data.get("dismissed", []) if isinstance(x, str)}

    def set_dismissed_nudges(self, canvas_id: str, dismissed: set[str]) -> None:
        data = json.dumps({"dismissed": sorted(dismissed)}, ensure_ascii=False)
        atomic_write(self._meta(canvas_id), data.encode("utf-8"))

    def import_file(self, data: bytes, filename: str) -> Canvas:
        """Validate first, write second: a refused file leaves the store untouched."""
        canvas = parse_canvas(data, Path(filename).name or "upload.json")
        return self.create(canvas, keep_created=True)
