"""Files that survive crashes and concurrent writers: the data folder's two tools.

Every write goes to a temporary file that is fsynced and renamed over the target, so a
reader (or a crash) only ever sees the old file or the new one (:func:`atomic_write`).
Writers take an exclusive lock beside the data, which serialises both the threads of one
server (Streamlit sessions) and other processes (the CLI, a second server on the same
folder) (:func:`file_lock`).
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from canvas.store.errors import StoreError


def inside(base: Path, path: Path) -> Path:
    """``path``, once its resolved form is known to stay under ``base`` (``bad_id``
    otherwise): no name, link or ``..`` leads out of a user's folder."""
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


def keep_copy(written: Path, target: Path, data: bytes) -> None:
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
