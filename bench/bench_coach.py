"""How long the coach takes on a full-size canvas.

The coach runs on every Streamlit rerun, so it must stay far below what a learner would
notice. 150 items is the design's performance target; the one-section case is the worst
for the pairwise near-duplicate check. Run: ``python bench/bench_coach.py``.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from canvas.coaching.coach import clear_text_caches, coach  # noqa: E402
from canvas.fileformat.models import Canvas  # noqa: E402
from canvas.i18n import Translator  # noqa: E402

WORDS = ("warm", "meal", "night", "shift", "closed", "early", "childcare", "costs", "salary",
         "rent", "bank", "account", "customers", "trust", "shop", "delivery", "fridge", "queue",
         "minutes", "parking", "hospital", "school", "pickup", "budget", "month", "vegetables",
         "leftovers", "locker", "breakfast", "better", "quality", "nice", "stuff")
KINDS = {"jobs": ("functional", "social", "emotional", "supporting"),
         "pains": ("undesired_outcome", "obstacle", "risk"),
         "gains": ("required", "expected", "desired", "unexpected")}
SCORE = {"jobs": "importance", "pains": "severity", "gains": "relevance"}
RUNS = 50


def _text(rng: random.Random) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9)))
    return text.capitalize() + (f" at {rng.randint(1, 12)}am" if rng.random() < 0.3 else "")


def _items(section: str, count: int, rng: random.Random) -> list[dict]:
    return [{"id": f"{section[0]}{i}", "text": _text(rng), "kind": rng.choice(KINDS[section]),
             SCORE[section]: rng.randint(1, 5),
             "status": rng.choice(("assumption", "validated"))} for i in range(count)]


def make_canvas(jobs: int, pains: int, gains: int, relievers: int, creators: int) -> Canvas:
    rng = random.Random(7)
    raw = {"schema_version": 2, "id": "bench", "title": "Bench", "language": "en",
           "segment": {"name": "Bench"}, "jobs": _items("jobs", jobs, rng),
           "pains": _items("pains", pains, rng), "gains": _items("gains", gains, rng)}
    pain_ids = [p["id"] for p in raw["pains"]]
    gain_ids = [g["id"] for g in raw["gains"]]
    raw["value_map"] = {
        "pain_relievers": [{"id": f"r{i}", "text": _text(rng),
                            "relieves": rng.sample(pain_ids, min(2, len(pain_ids)) * (i % 2))}
                           for i in range(relievers)],
        "gain_creators": [{"id": f"c{i}", "text": _text(rng),
                           "creates": rng.sample(gain_ids, min(2, len(gain_ids)) * (i % 2))}
                          for i in range(creators)],
    }
    return Canvas.model_validate(raw)


def _mean_ms(canvas: Canvas, t: Translator, cold: bool) -> tuple[float, int]:
    total, found = 0.0, []
    for _ in range(RUNS):
        if cold:
            clear_text_caches()
        start = time.perf_counter()
        found = coach(canvas, t)
        total += time.perf_counter() - start
    return total / RUNS * 1000, len(found)


def bench(label: str, canvas: Canvas) -> None:
    """Cold is a canvas never seen before (first load); warm is a rerun with the same texts."""
    t = Translator("uk")
    coach(canvas, t)  # loads the translation catalog once, as the app's first page does
    cold, count = _mean_ms(canvas, t, cold=True)
    warm, _ = _mean_ms(canvas, t, cold=False)
    print(f"{label}: {canvas.item_count()} items, {count} nudges, "
          f"cold {cold:.2f} ms, warm {warm:.2f} ms per call (mean of {RUNS})")


if __name__ == "__main__":
    bench("balanced", make_canvas(45, 45, 45, 8, 7))
    bench("one crowded section", make_canvas(0, 150, 0, 0, 0))
