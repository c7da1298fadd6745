"""One JSON file per canvas, per user, that survives crashes and concurrent tabs.

Layout under the data folder::

    users/<username>/canvases/<canvas id>.json      the current version
    users/<username>/history/<canvas id>/<rev>.json the last HISTORY_KEEP revisions

A canvas file is written indented for people who open it in an editor, and compactly
when only the compact form stays within the import limit (``MAX_FILE_BYTES``, the limit
that listing and opening apply too): what is stored always lists and opens again, and a
canvas that fits in neither form is refused with one sentence before anything is written.
Each user has quotas on the number of canvases and their total size, so that nobody can
fill the disk that every other session needs.

Every write goes to a temporary file that is fsynced and renamed over the target, so a
reader (or a crash) only ever sees the old file or the new one. Saves carry the revision
they started from; a save against an older revision is refused instead of silently
overwriting what another tab wrote. Names that reach the file system (usernames, canvas
ids) are checked against a strict pattern and then against the resolved folder, so no id
can escape its user's folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from canvas import config
from canvas.formatting import ByteSize
from canvas.models import SCHEMA_VERSION, Canvas, new_canvas_id, utc_now
from canvas.validation import MAX_FILE_BYTES, CanvasFileError, parse_canvas

HISTORY_KEEP = 20
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


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
    def __init__(self, current: Canvas):
        self.current = current
        super().__init__("stale", revision=current.revision)


def canvas_file_bytes(canvas: Canvas) -> bytes:
    """The canvas as stored and downloaded: indented when that fits the import limit,
    compact when only that fits; refused when neither does."""
    data = canvas.to_json().encode("utf-8")
    if len(data) <= MAX_FILE_BYTES:
        return data
    data = (canvas.model_dump_json() + "\n").encode("utf-8")
    if len(data) <= MAX_FILE_BYTES:
        return data
    raise StoreError("security.canvas_too_large", limit=ByteSize(MAX_FILE_BYTES))


def check_username(username: str) -> str:
    if (not isinstance(username, str) or unicodedata.normalize("NFKC", username) != username
            or not _NAME_RE.fullmatch(username) or ".." in username):
        raise StoreError("bad_username")
    return username


def check_canvas_id(canvas_id: str) -> str:
    if not isinstance(canvas_id, str) or not _ID_RE.fullmatch(canvas_id):
        raise StoreError("bad_id")
    return canvas_id


def _inside(base: Path, path: Path) -> Path:
    resolved = path.resolve()
    if not resolved.is_relative_to(base.resolve()):
        raise StoreError("bad_id")
    return path


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write-then-rename so the target is always either the old or the new content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _keep_copy(written: Path, target: Path, data: bytes) -> None:
    """Put the file just written into the history as a hard link: no second write and no
    second pair of fsyncs on every save. Each save renames a new file into place, so the
    link keeps this revision's content. Where links are not possible, write a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileNotFoundError):
        target.unlink()
    try:
        os.link(written, target)
    except OSError:
        atomic_write(target, data)


_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


@contextmanager
def file_lock(lock_path: Path) -> Iterator[None]:
    """Serialise writers across threads (Streamlit sessions) and processes (CLI, tests)."""
    key = str(lock_path)
    with _thread_locks_guard:
        lock = _thread_locks.setdefault(key, threading.Lock())
    with lock:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class CanvasSummary:
    id: str
    title: str
    segment: str
    language: str
    updated_at: datetime
    revision: int
    jobs: int
    pains: int
    gains: int
    value_map: int


_summary_cache: dict[str, tuple[int, int, CanvasSummary]] = {}
_summary_guard = threading.Lock()


def _summarise(canvas: Canvas) -> CanvasSummary:
    vm = canvas.value_map
    return CanvasSummary(
        id=canvas.id, title=canvas.title, segment=canvas.segment.name,
        language=canvas.language, updated_at=canvas.updated_at, revision=canvas.revision,
        jobs=len(canvas.jobs), pains=len(canvas.pains), gains=len(canvas.gains),
        value_map=len(vm.products) + len(vm.pain_relievers) + len(vm.gain_creators),
    )


def check_quota(usage, new_size: int, old_size: int = 0, new_canvas: bool = False) -> None:
    """The per-user quota rule, for every backend: ``usage()`` gives ``(canvases, bytes)``
    and is asked only when the write grows the user's data. Shrinking is always allowed,
    so someone at the limit can still tidy up."""
    if not new_canvas and new_size <= old_size:
        return
    count, size = usage()
    if new_canvas and count >= config.max_canvases():
        raise StoreError("security.quota_canvases", limit=config.max_canvases())
    limit = config.max_user_bytes()
    if size - old_size + new_size > limit:
        raise StoreError("security.quota_bytes", limit=ByteSize(limit))


class CanvasOperations:
    """What every canvas store does the same way, in terms of its own ``load``, ``save``,
    ``create`` and ``load_revision``: written once for the folder and PostgreSQL."""

    def file_bytes(self, canvas_id: str) -> bytes:
        """The canvas as a file that imports again (what a download gives)."""
        return canvas_file_bytes(self.load(canvas_id))

    def duplicate(self, canvas_id: str, title: str) -> Canvas:
        source = self.load(canvas_id)
        return self.create(source.model_copy(update={"id": new_canvas_id(), "title": title}))

    def rename(self, canvas_id: str, title: str, expected_revision: int) -> Canvas:
        canvas = self.load(canvas_id)
        return self.save(canvas.model_copy(update={"title": title}), expected_revision)

    def restore(self, canvas_id: str, revision: int, expected_revision: int) -> Canvas:
        """Bring back an old revision as a new one, so the restore itself can be undone."""
        old = self.load_revision(canvas_id, revision)
        return self.save(old.model_copy(update={"revision": expected_revision}),
                         expected_revision)


class CanvasStore(CanvasOperations):
    """The canvases of one user. Cheap to create; holds no open files."""

    def __init__(self, data_dir: Path | str, username: str):
        self.data_dir = Path(data_dir)
        self.username = check_username(username)
        self.root = _inside(self.data_dir / "users", self.data_dir / "users" / self.username)
        self.canvas_dir = self.root / "canvases"
        self.history_dir = self.root / "history"

    # -- paths -------------------------------------------------------------------------
    def _path(self, canvas_id: str) -> Path:
        return _inside(self.canvas_dir, self.canvas_dir / f"{check_canvas_id(canvas_id)}.json")

    def _history(self, canvas_id: str) -> Path:
        return _inside(self.history_dir, self.history_dir / check_canvas_id(canvas_id))

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
        return self._path(canvas_id).is_file()

    def load(self, canvas_id: str) -> Canvas:
        path = self._path(canvas_id)
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
                summary = _summarise(parse_canvas(Path(entry.path).read_bytes(), entry.name))
            except (CanvasFileError, OSError):
                continue  # a file edited by hand into an invalid state is skipped, not fatal
            with _summary_guard:
                _summary_cache[key] = (stat.st_mtime_ns, stat.st_size, summary)
            out.append(summary)
        out.sort(key=lambda s: (s.updated_at, s.id), reverse=True)
        return out

    def revisions(self, canvas_id: str) -> list[int]:
        folder = self._history(canvas_id)
        if not folder.is_dir():
            return []
        return sorted((int(p.stem) for p in folder.glob("*.json") if p.stem.isdigit()),
                      reverse=True)

    def load_revision(self, canvas_id: str, revision: int) -> Canvas:
        path = self._history(canvas_id) / f"{int(revision):08d}.json"
        try:
            return parse_canvas(path.read_bytes(), path.name)
        except FileNotFoundError:
            raise StoreError("no_revision", revision=revision) from None

    # -- writing -----------------------------------------------------------------------
    def _write(self, canvas: Canvas, data: bytes) -> None:
        path = self._path(canvas.id)
        atomic_write(path, data)
        history = self._history(canvas.id)
        _keep_copy(path, history / f"{canvas.revision:08d}.json", data)
        for old in sorted(history.glob("*.json"))[:-HISTORY_KEEP]:
            old.unlink(missing_ok=True)

    def create(self, canvas: Canvas, keep_created: bool = False) -> Canvas:
        """Store a new canvas as revision 1; a clashing id gets a fresh one.

        ``keep_created`` keeps the canvas's own ``created_at`` (an imported file was
        created when its author started it, not when it was uploaded here)."""
        if self.exists(canvas.id):
            canvas = canvas.model_copy(update={"id": new_canvas_id()})
        now = utc_now()
        created = canvas.created_at if keep_created else now
        canvas = canvas.model_copy(update={"revision": 1, "created_at": created,
                                           "updated_at": now,
                                           "schema_version": SCHEMA_VERSION})
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
                old_size = self._path(canvas.id).stat().st_size
            except FileNotFoundError:
                old_size = 0
            self._check_room(len(data), old_size)
            self._write(updated, data)
        return updated

    def delete(self, canvas_id: str) -> None:
        with self._lock(canvas_id):
            path = self._path(canvas_id)
            if not path.exists():
                raise StoreError("not_found")
            path.unlink()
            self._meta(canvas_id).unlink(missing_ok=True)
            history = self._history(canvas_id)
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
        return _inside(folder, folder / f"{check_canvas_id(canvas_id)}.json")

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
