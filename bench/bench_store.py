"""Storage benchmark: list 1 000 canvases, save and load a 150-item canvas.

Run: ``python bench/bench_store.py`` from the repo root (prints figures; not a test).

A temporary data folder gets one user with 1 000 small canvases (made with
``CanvasStore.create``) and one canvas of 150 profile items (50 jobs, 50 pains, 50 gains).
Measured in this process:

- cold list: ``CanvasStore.list()`` right after clearing ``canvas.storage._summary_cache``
  (what the first page view after a server start pays; the OS file cache is warm);
- warm list: ``list()`` again with the cache filled (every later visit to My canvases);
- save: ``CanvasStore.save()`` of the 150-item canvas (lock, re-read, validate, an fsynced
  atomic write, a hard link into the history, history pruning), median of 20;
- load: ``CanvasStore.load()`` of the same canvas (read + full validation), median of 20.

Targets (the editor saves on every change and reloads on every rerun; My canvases lists on
every visit): cold list < 2 s, warm list < 0.2 s, save < 0.1 s, load < 0.05 s.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import big_canvas, load_average  # noqa: E402
from canvas import storage  # noqa: E402
from canvas.models import blank_canvas  # noqa: E402
from canvas.storage import CanvasStore  # noqa: E402

CANVASES = 1000
REPEATS = 20
LIST_REPEATS = 5
TARGETS = {"cold list": 2.0, "warm list": 0.2, "save (150 items)": 0.1,
           "load (150 items)": 0.05}


def timed(function, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        out.append(time.perf_counter() - started)
    return out


def main() -> int:
    began = time.time()
    print(f"load average at start: {load_average()}")
    tmp = Path(tempfile.mkdtemp(prefix="bench_store_"))
    try:
        store = CanvasStore(tmp / "data", "facilitator")
        started = time.perf_counter()
        for n in range(CANVASES):
            store.create(blank_canvas(f"Workshop canvas {n + 1:04d}", "en",
                                      f"Segment {n % 37 + 1}"))
        create_s = time.perf_counter() - started
        print(f"created {CANVASES} canvases in {create_s:.1f} s "
              f"({create_s / CANVASES * 1000:.1f} ms each)")

        def cold_list():
            storage._summary_cache.clear()
            return store.list()

        assert len(cold_list()) == CANVASES
        cold = timed(cold_list, LIST_REPEATS)
        store.list()
        warm = timed(store.list, LIST_REPEATS * 4)

        big_store = CanvasStore(tmp / "data", "learner")
        canvas = big_store.create(big_canvas("150 items"))
        size_kb = big_store._path(canvas.id).stat().st_size / 1024
        current = [canvas]

        def save():
            current[0] = big_store.save(current[0])

        saves = timed(save, REPEATS)
        loads = timed(lambda: big_store.load(canvas.id), REPEATS)
        assert big_store.load(canvas.id).revision == 1 + REPEATS
        assert len(big_store.revisions(canvas.id)) == storage.HISTORY_KEEP
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    rows = {"cold list": cold, "warm list": warm, "save (150 items)": saves,
            "load (150 items)": loads}
    print(f"canvas of 150 items: {size_kb:.0f} KB on disk")
    print()
    print(f"{'seconds':26} {'n':>3} {'median':>8} {'min':>8} {'max':>8}")
    for label, values in rows.items():
        print(f"{label:26} {len(values):3d} {statistics.median(values):8.4f} "
              f"{min(values):8.4f} {max(values):8.4f}")
    print(f"(elapsed {time.time() - began:.0f} s; load average at end: "
          f"{load_average()})")
    for label, target in TARGETS.items():
        value = statistics.median(rows[label])
        print(f"TARGET {label} median < {target} s: {value:.4f} s "
              f"{'PASS' if value < target else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
