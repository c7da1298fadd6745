"""Storage benchmark on both backends: list 1 000 canvases, save and load a 150-item canvas.

Run: ``python bench/bench_store.py`` from the repo root (prints figures; not a test).
``--backend folder|postgres|both`` (default both); PostgreSQL is a throw-away server
started from Debian's binaries as the tests start it (``tests.conftest.PostgresServer``),
or ``--database-url URL`` for an existing, empty database.

Each backend gets one user with 1 000 small canvases (made with ``create``) and one canvas
of 150 profile items (50 jobs, 50 pains, 50 gains), all through the storage contract.
Measured in this process:

- cold list: ``list()`` right after clearing the folder's summary cache (folder:
  what the first page view after a server start pays; the OS file cache is warm), or
  through a fresh connection pool (PostgreSQL);
- warm list: ``list()`` again (folder: with the summary cache filled, every later visit to
  My canvases; PostgreSQL: the same query on a pooled connection);
- save: ``save()`` of the 150-item canvas, median of 20 (folder: lock, re-read, validate,
  an fsynced atomic write, a hard link into the history, pruning; PostgreSQL: one
  transaction with the revision in the ``WHERE``, the history row and the pruning, and a
  synchronous ``COMMIT``);
- load: ``load()`` of the same canvas (read + full validation), median of 20.

Targets (the editor saves on every change and reloads on every rerun; My canvases lists on
every visit): cold list < 2 s, warm list < 0.2 s, save < 0.1 s, load < 0.05 s on each
backend, and PostgreSQL within 2x the folder for save, load and the warm list.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import big_canvas, load_average  # noqa: E402
from canvas.fileformat.models import blank_canvas  # noqa: E402
from canvas.store.choose import open_backend  # noqa: E402
from canvas.store.folder.canvases import forget_summaries  # noqa: E402
from canvas.store.rules.canvases import HISTORY_KEEP  # noqa: E402

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


def measure(open_store) -> tuple[dict[str, list[float]], float]:
    """The four timings on one backend; ``open_store()`` gives a fresh backend instance."""
    backend = open_store()
    store = backend.canvases("facilitator")
    started = time.perf_counter()
    for n in range(CANVASES):
        store.create(blank_canvas(f"Workshop canvas {n + 1:04d}", "en",
                                  f"Segment {n % 37 + 1}"))
    create_s = time.perf_counter() - started
    print(f"  created {CANVASES} canvases in {create_s:.1f} s "
          f"({create_s / CANVASES * 1000:.1f} ms each)")

    def cold_list():
        forget_summaries()
        fresh = open_store()
        listed = fresh.canvases("facilitator").list()
        if hasattr(fresh, "close"):
            fresh.close()
        return listed

    assert len(cold_list()) == CANVASES
    cold = timed(cold_list, LIST_REPEATS)
    store.list()
    warm = timed(store.list, LIST_REPEATS * 4)

    big_store = backend.canvases("learner")
    canvas = big_store.create(big_canvas("150 items"))
    size_kb = len(big_store.file_bytes(canvas.id)) / 1024
    current = [canvas]

    def save():
        current[0] = big_store.save(current[0])

    saves = timed(save, REPEATS)
    loads = timed(lambda: big_store.load(canvas.id), REPEATS)
    assert big_store.load(canvas.id).revision == 1 + REPEATS
    assert len(big_store.revisions(canvas.id)) == HISTORY_KEEP
    if hasattr(backend, "close"):
        backend.close()
    return {"cold list": cold, "warm list": warm, "save (150 items)": saves,
            "load (150 items)": loads}, size_kb


def report(name: str, rows: dict[str, list[float]], size_kb: float) -> None:
    print(f"{name}: canvas of 150 items is {size_kb:.0f} KB")
    print(f"{'seconds':26} {'n':>3} {'median':>8} {'min':>8} {'max':>8}")
    for label, values in rows.items():
        print(f"{label:26} {len(values):3d} {statistics.median(values):8.4f} "
              f"{min(values):8.4f} {max(values):8.4f}")
    for label, target in TARGETS.items():
        value = statistics.median(rows[label])
        print(f"TARGET {name} {label} median < {target} s: {value:.4f} s "
              f"{'PASS' if value < target else 'FAIL'}")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("folder", "postgres", "both"), default="both")
    parser.add_argument("--database-url", help="an existing, empty PostgreSQL database")
    args = parser.parse_args()
    began = time.time()
    print(f"load average at start: {load_average()}")
    results = {}
    tmp = Path(tempfile.mkdtemp(prefix="bench_store_"))
    server = None
    try:
        if args.backend in ("folder", "both"):
            print("folder:")
            results["folder"] = measure(lambda: open_backend(tmp / "data"))
        if args.backend in ("postgres", "both"):
            from canvas.store.postgres import PostgresBackend

            url = args.database_url
            if url is None:
                from tests.conftest import PostgresServer

                server = PostgresServer(Path(tempfile.mkdtemp(prefix="bench_pg_")),
                                        durable=True)
                url = server.new_database(migrated=False)
            print("postgres:")
            results["postgres"] = measure(lambda: PostgresBackend(url))
    finally:
        if server is not None:
            server.stop(mode="fast")
            shutil.rmtree(server.root, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    for name, (rows, size_kb) in results.items():
        report(name, rows, size_kb)
    if len(results) == 2:
        for label in ("warm list", "save (150 items)", "load (150 items)"):
            ratio = (statistics.median(results["postgres"][0][label])
                     / statistics.median(results["folder"][0][label]))
            print(f"TARGET postgres/folder {label} ratio <= 2.0: {ratio:.2f} "
                  f"{'PASS' if ratio <= 2.0 else 'FAIL'}")
    print(f"(elapsed {time.time() - began:.0f} s; load average at end: {load_average()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
