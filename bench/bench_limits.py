"""The worst canvas the file format allows, exported: pages, seconds, memory, bytes.

Every section full (MAX_ITEMS_PER_SECTION items of MAX_ITEM_TEXT characters, notes of
MAX_NOTES), every reliever and creator linked to MAX_LINKS_PER_ITEM items, a full persona.
No workshop canvas comes near this; it bounds what one export can cost the server.

Run: ``python bench/bench_limits.py [pdf|csv|xlsx|json ...]``. Each format runs in its own
process under ``/usr/bin/time -v`` (peak resident memory of the whole Python process; the
shared Chromium that renders the report's figures is not counted) with the export deadline
lifted, so the full cost is measured. When that takes longer than the app's deadline
(canvas.export.deadline.EXPORT_SECONDS), it runs again as the app runs it, to show where
the deadline stops it.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("night", "shift", "warm", "meal", "delivery", "before", "seven", "o'clock", "family",
         "budget", "school", "healthy", "closed", "tired", "locker", "heated", "ordered")


def _text(seed: int, length: int) -> str:
    words, i = [], seed
    while sum(len(w) + 1 for w in words) < length:
        words.append(WORDS[i % len(WORDS)])
        i = i * 7 + 3
    return " ".join(words)[:length].rstrip() or "x"


def worst_canvas():
    from canvas.fileformat.models import (
        MAX_ITEM_TEXT,
        MAX_ITEMS_PER_SECTION,
        MAX_LINKS_PER_ITEM,
        MAX_NOTES,
        MAX_SHORT,
        MAX_TITLE,
        blank_canvas,
    )
    from canvas.fileformat.validation import canvas_from_data

    n, links = MAX_ITEMS_PER_SECTION, MAX_LINKS_PER_ITEM
    data = blank_canvas("t").model_dump(mode="json")
    data["title"] = _text(1, MAX_TITLE)
    data["segment"] = {"name": _text(2, MAX_TITLE), "relation": "current", "persona": {
        "name": _text(3, MAX_SHORT), "age": 41, "location": _text(4, MAX_SHORT),
        "occupation": _text(5, MAX_SHORT), "income": _text(6, MAX_SHORT),
        "household": _text(7, MAX_SHORT), "values": [_text(8 + i, 60) for i in range(20)],
        "notes": _text(30, MAX_NOTES)}}

    def item(prefix, i, **fields):
        # Each text different (a spreadsheet stores a repeated text only once).
        tag = f"{prefix}{i} "
        return {"id": f"{prefix}{i}", "text": tag + _text(i, MAX_ITEM_TEXT - len(tag)),
                "notes": tag + _text(i + 1, MAX_NOTES - len(tag)), **fields}

    data["jobs"] = [item("j", i, kind="functional", importance=1 + i % 5, frequency=3)
                    for i in range(n)]
    data["pains"] = [item("p", i, kind="risk", severity=1 + i % 5, frequency=2)
                     for i in range(n)]
    data["gains"] = [item("g", i, kind="desired", relevance=1 + i % 5) for i in range(n)]
    data["value_map"] = {
        "products": [item("s", i) for i in range(n)],
        "pain_relievers": [item("r", i, relieves=[f"p{(i + k) % n}" for k in range(links)])
                           for i in range(n)],
        "gain_creators": [item("c", i, creates=[f"g{(i + k) % n}" for k in range(links)])
                          for i in range(n)],
    }
    return canvas_from_data(data, "worst.json")


def one(fmt: str, lifted: bool) -> None:
    """Child process: export once, print seconds, bytes and (for the PDF) pages."""
    from canvas.export import Deadline, ExportTooSlow, export_canvas
    from canvas.i18n import get_translator

    canvas = worst_canvas()
    start = time.perf_counter()
    try:
        data = export_canvas(canvas, fmt, get_translator("en"),
                             deadline=Deadline(3600) if lifted else None)[0]
    except ExportTooSlow:
        print(f"RESULT {time.perf_counter() - start:.1f} 0 stopped")
        return
    seconds = time.perf_counter() - start
    pages = ""
    if fmt == "pdf":
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(data)).pages)
    print(f"RESULT {seconds:.1f} {len(data)} {pages}")


def main(formats: list[str]) -> None:
    from canvas.export.deadline import EXPORT_SECONDS

    print(f"{'format':14} {'seconds':>8} {'peak MB':>8} {'size':>10} {'pages':>7}  "
          f"within {EXPORT_SECONDS:g} s")
    for fmt in formats:
        for lifted in (True, False):
            mode = "lifted" if lifted else "app"
            out = subprocess.run(["/usr/bin/time", "-v", sys.executable, __file__, "--one",
                                  fmt, mode], capture_output=True, text=True, cwd=ROOT,
                                 check=True)
            seconds, size, pages = re.search(r"RESULT (\S+) (\S+) ?(\S*)",
                                             out.stdout).groups()
            peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                                 out.stderr).group(1)) / 1024
            if lifted:
                verdict = "yes" if float(seconds) < EXPORT_SECONDS else "no"
            else:
                verdict = "stopped by the deadline" if pages == "stopped" else "finished"
            print(f"{fmt + ' (' + mode + ')':14} {float(seconds):8.1f} {peak:8.0f} "
                  f"{int(size) / 1e6:8.2f} MB {pages:>7}  {verdict}")
            if lifted and float(seconds) < EXPORT_SECONDS:
                break  # the app's deadline would change nothing


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one(sys.argv[2], sys.argv[3] == "lifted")
    else:
        main(sys.argv[1:] or ["json", "csv", "xlsx", "pdf"])
