"""Save canvases in a tight loop until killed; used by tests/test_reliability.py.

    python tests/save_burst.py DATA_DIR USERNAME LOG_FILE CANVAS_ID...

Each iteration loads the next canvas of the list, replaces its content by the content
that belongs to the next revision (see :func:`burst_content`) and saves it through
:class:`canvas.store.folder.canvases.CanvasStore`. After every completed save one line
``<canvas id> <revision>`` is appended to LOG_FILE with a single ``write`` system call, so
a SIGKILL can never leave half a line behind. Content alternates between a tiny canvas and
a large one (so some writes take long enough to be interrupted) and is a pure function of
the revision, so a checker can tell whether a file holds exactly one revision.

The loop is bounded (iterations and seconds) so a forgotten process ends by itself.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from canvas.fileformat.models import Canvas, Job, Pain  # noqa: E402

MAX_ITERATIONS = 20_000
MAX_SECONDS = 20.0


def burst_content(canvas: Canvas, revision: int) -> Canvas:
    """The content a burst writes as ``revision``: small when odd, large when even."""
    size = 1 if revision % 2 else 120
    filler = "é∑ " * 60  # multi-byte UTF-8, so a torn write would also break decoding
    jobs = [Job(id=f"j{i}", text=f"{canvas.id} rev {revision} job {i} {filler}"[:500],
                kind="functional", importance=1 + (revision + i) % 5)
            for i in range(size)]
    pains = [Pain(id=f"p{i}", text=f"rev {revision} pain {i}", kind="risk", severity=3)
             for i in range(size // 2)]
    return canvas.model_copy(update={"title": f"Burst {revision}", "jobs": jobs,
                                     "pains": pains})


def main(argv: list[str]) -> int:
    from canvas.store.folder.canvases import CanvasStore

    data_dir, username, log_file, *ids = argv
    store = CanvasStore(data_dir, username)
    log = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    print("ready", flush=True)
    started = time.monotonic()
    for step in range(MAX_ITERATIONS):
        if time.monotonic() - started > MAX_SECONDS:
            break
        canvas_id = ids[step % len(ids)]
        current = store.load(canvas_id)
        saved = store.save(burst_content(current, current.revision + 1))
        os.write(log, f"{canvas_id} {saved.revision}\n".encode())
    os.close(log)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
