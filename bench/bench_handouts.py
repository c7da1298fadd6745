"""Handouts benchmark: a workshop ZIP of 25 reports, then the same ZIP with nothing changed.

Run: ``python bench/bench_handouts.py`` (prints the figures; this is not a timed test).
The second ZIP reuses every report (same canvas, revision, language and learner), so it
costs only the zipping; a third, after one canvas was saved, writes that one report again.
The reports alternate between the four languages, as the canvases of a mixed room do.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import linked_canvas  # noqa: E402

ROOM = 25
LANGUAGES = ("en", "fr", "nl", "uk")


def main() -> None:
    from canvas.export import engine
    from canvas.export.handouts import Handout, clear_cache, zip_handouts
    from canvas.export.report import pdf_report
    from canvas.i18n import get_translator

    room = [Handout(f"learner{i}", f"Learner {i + 1:02d}",
                    linked_canvas(15, 15, title=f"Canvas {i + 1}").model_copy(
                        update={"language": LANGUAGES[i % len(LANGUAGES)]}))
            for i in range(ROOM)]
    pdf_report(room[0].canvas, get_translator("en"))  # browser start and fpdf2 import
    clear_cache()
    rows = []
    start = time.perf_counter()
    first = zip_handouts(room)
    rows.append((f"ZIP of {ROOM} reports (30 items each), cold", time.perf_counter() - start,
                 first))
    start = time.perf_counter()
    again = zip_handouts(room)
    rows.append(("the same ZIP again, nothing changed", time.perf_counter() - start, again))
    saved = room[0].canvas.model_copy(update={"revision": room[0].canvas.revision + 1})
    changed = [Handout(room[0].owner, room[0].learner, saved), *room[1:]]
    start = time.perf_counter()
    one = zip_handouts(changed)
    rows.append(("again after one canvas was saved", time.perf_counter() - start, one))
    for label, seconds, data in rows:
        print(f"{label:45s} {seconds:7.2f} s  {len(data) // 1024:6d} KiB")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    engine.shutdown()


if __name__ == "__main__":
    main()
