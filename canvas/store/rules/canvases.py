"""How a canvas is stored, by either backend: its bytes, its quota and its summary.

A canvas is stored as the exact text of the file a download gives: indented for people
who open it in an editor, compact when only the compact form stays within the import
limit (``MAX_FILE_BYTES``, the limit listing and opening apply too), so what is stored
always lists and opens again, and a copy between backends is byte for byte. Each user
has quotas on the number of canvases and their total size, so that nobody can fill the
disk (or the database) every other session needs.
"""

from __future__ import annotations

from canvas import config
from canvas.fileformat.models import SCHEMA_VERSION, Canvas, utc_now
from canvas.fileformat.validation import MAX_FILE_BYTES
from canvas.formatting import ByteSize
from canvas.store.errors import StoreError
from canvas.store.records import CanvasSummary

#: Revisions kept in a canvas's history.
HISTORY_KEEP = 20


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


def first_revision(canvas: Canvas, keep_created: bool = False) -> Canvas:
    """A new canvas as both backends store it: revision 1 in the current schema, stamped
    now; ``keep_created`` keeps its own ``created_at`` (an imported file was created when
    its author started it, not when it was uploaded here)."""
    now = utc_now()
    created = canvas.created_at if keep_created else now
    return canvas.model_copy(update={"revision": 1, "created_at": created, "updated_at": now,
                                     "schema_version": SCHEMA_VERSION})


def summarise(canvas: Canvas) -> CanvasSummary:
    """The canvas's line in its owner's list."""
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
