"""Figure build benchmark: how long ``canvas.figures.build`` takes per figure.

Run: ``python bench/bench_figures.py [--repeat N]`` (prints a table; not a timed test).
Every PNG export and every Insights page render pays this before the browser draws.
Targets on the 2-core CI machine, 60-item canvas: diagram < 0.08 s, other figures
< 0.05 s each (median CPU seconds of the building process).

"N items" means N profile items (N/3 jobs, pains and gains) plus a value map of N/6
products, pain relievers and gain creators, with links; the texts are realistic lengths.
CPU seconds are reported next to wall seconds because they hardly depend on what else
runs on the machine.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import linked_canvas  # noqa: E402

SIZES = (60, 150)


def timed(fn, repeat: int, before=None) -> tuple[float, float]:
    """(median CPU seconds, median wall seconds) over ``repeat`` runs, after one warm-up.

    ``before`` runs untimed ahead of every run (to clear caches for a first draw).
    """
    fn()
    cpu, wall = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    from canvas.i18n import get_translator

    figures = importlib.import_module("canvas.figures")  # import cost is not build cost
    # Older versions had no caches to clear; then every build is a first draw.
    clear = getattr(figures, "clear_caches", lambda: None)
    t = get_translator("en")
    canvases = {n: linked_canvas(n, n // 2, id=f"bench-figures-{n}") for n in SIZES}
    print(f"median of {args.repeat} builds, seconds as CPU / wall")
    print("redraw: the same canvas again (the Insights page, an export after viewing it);")
    print("first: caches cleared before each build (a changed canvas, a fresh server)")
    print(f"{'figure':<16}" + "".join(f"{f'{n} items {kind}':>22}"
                                      for n in SIZES for kind in ("redraw", "first")))
    for name in figures.FIGURES:
        cells = []
        for n in SIZES:
            for before in (None, clear):
                cpu, wall = timed(lambda c=canvases[n], f=name: figures.build(f, c, t),
                                  args.repeat, before)
                cells.append(f"{cpu:.3f} / {wall:.3f}")
        print(f"{name:<16}" + "".join(f"{cell:>22}" for cell in cells))
    cells = []
    for before in (None, clear):
        cpu, wall = timed(lambda: figures.build_comparison(list(canvases.values()), t),
                          args.repeat, before)
        cells.append(f"{cpu:.3f} / {wall:.3f}")
    print(f"{'compare (both)':<16}" + "".join(f"{cell:>22}" for cell in cells))


if __name__ == "__main__":
    main()
