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

from canvas.models import (  # noqa: E402
    SCHEMA_VERSION,
    Canvas,
    Gain,
    GainCreator,
    Job,
    Pain,
    PainReliever,
    Persona,
    Product,
    Segment,
    ValueMap,
)

JOB_TEXTS = ["Get a warm meal after a night shift", "Keep the family informed of my rota",
             "Sleep six hours without interruption", "Look reliable to the ward manager",
             "Plan the week's shopping in ten minutes", "Feel calm before a long shift",
             "Find a place to eat a hot, healthy meal between the end of a twelve-hour "
             "night shift and the school run"]
PAIN_TEXTS = ["Everything is closed at 7am", "Delivery slots only during the day",
              "Cold food from the vending machine", "Too tired to cook anything healthy",
              "Worried about spending too much on takeaways & delivery fees"]
GAIN_TEXTS = ["Food ready when I get home", "Meals that fit a tight budget",
              "Something healthy without effort", "A choice that changes every week",
              "Recognition from colleagues for eating well"]
SIZES = (60, 150)


def bench_canvas(n_items: int, language: str = "en") -> Canvas:
    """``n_items`` profile items (a third each) plus a value map half that size, linked."""
    per, vm = max(1, n_items // 3), max(1, n_items // 6)
    jobs = [Job(id=f"j{i}", text=f"{JOB_TEXTS[i % len(JOB_TEXTS)]} ({i + 1})",
                kind=("functional", "social", "emotional", "supporting")[i % 4],
                importance=5 - i % 5, frequency=1 + i % 5,
                status=("assumption", "validated", "invalidated")[i % 3])
            for i in range(per)]
    pains = [Pain(id=f"p{i}", text=f"{PAIN_TEXTS[i % len(PAIN_TEXTS)]} ({i + 1})",
                  kind=("undesired_outcome", "obstacle", "risk")[i % 3],
                  severity=1 + (i * 3) % 5, frequency=None if i % 3 else 4,
                  status=("validated", "assumption")[i % 2])
             for i in range(per)]
    gains = [Gain(id=f"g{i}", text=f"{GAIN_TEXTS[i % len(GAIN_TEXTS)]} ({i + 1})",
                  kind=("required", "expected", "desired", "unexpected")[i % 4],
                  relevance=1 + (i * 2) % 5)
             for i in range(per)]
    products = [Product(id=f"s{i}", text=f"Breakfast box, variant {i + 1}") for i in range(vm)]
    relievers = [PainReliever(id=f"r{i}", text=f"Delivery from 6am in zone {i + 1}",
                              relieves=[f"p{(i * 2) % per}", f"p{(i * 2 + 1) % per}"])
                 for i in range(vm)]
    creators = [GainCreator(id=f"c{i}", text=f"Box waits in heated locker {i + 1}",
                            creates=[f"g{(i * 3) % per}"] if i % 4 else [])
                for i in range(vm)]
    return Canvas(
        schema_version=SCHEMA_VERSION, id=f"bench-figures-{n_items}", language=language,
        title=f"Night-shift nurses ({n_items} items)",
        segment=Segment(name="Night-shift nurses in Leeds", relation="potential",
                        persona=Persona(name="Amira", occupation="Nurse")),
        jobs=jobs, pains=pains, gains=gains,
        value_map=ValueMap(products=products, pain_relievers=relievers,
                           gain_creators=creators),
    )


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
    canvases = {n: bench_canvas(n) for n in SIZES}
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
