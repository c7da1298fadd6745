"""What several benchmarks share: process figures from /proc, percentiles, quiet imports.

psutil is not a dependency, and these few readings do not need it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from canvas import editing
from canvas.models import GAIN_KINDS, JOB_KINDS, PAIN_KINDS, STATUSES, blank_canvas
from tests.conftest import Server


def quiet_streamlit() -> None:
    """Seeding imports Streamlit outside a server; its "no ScriptRunContext" warnings are
    noise in a benchmark's output."""
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context",
                 "streamlit.runtime.caching.cache_data_api"):
        logging.getLogger(name).disabled = True


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def rss_mb(pid: int) -> float:
    """Resident memory of one process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


VERBS = ["Plan", "Cook", "Book", "Track", "Compare", "Share", "Store", "Order", "Repair",
         "Learn", "Choose", "Explain", "Budget", "Schedule", "Find", "Clean", "Move"]
OBJECTS = ["weekly meals", "a dentist visit", "household bills", "the school run",
           "a second-hand bike", "holiday photos", "winter clothes", "a birthday party",
           "insurance offers", "garden tools", "a new phone plan", "the car service",
           "a language course", "shared expenses", "a tax return", "old furniture",
           "pet food deliveries", "a rental contract", "team rotas"]
CONTEXTS = ["after a night shift", "with two small children", "on a tight budget",
            "from a hospital ward", "without a car", "before the weekend", "in a new city",
            "while working from home", "with a slow laptop", "during exam season",
            "for an elderly parent"]
PAIN_PREFIX = ["It is hard to", "I waste hours trying to", "I am afraid to get wrong when I",
               "Nobody helps me", "It costs too much to"]
GAIN_PREFIX = ["I would love to", "It would be great to", "I expect to easily",
               "I want a calm way to", "Friends admire me when I"]


def profile_texts() -> dict[str, list[str]]:
    """50 distinct, realistic texts per section (deterministic)."""
    out: dict[str, list[str]] = {"jobs": [], "pains": [], "gains": []}
    for i in range(50):
        verb = VERBS[i % len(VERBS)]
        obj = OBJECTS[(i * 7) % len(OBJECTS)]
        ctx = CONTEXTS[(i * 3) % len(CONTEXTS)]
        out["jobs"].append(f"{verb} {obj} {ctx}")
        out["pains"].append(f"{PAIN_PREFIX[i % 5]} {verb.lower()} {OBJECTS[(i * 5 + 3) % 19]} "
                            f"{CONTEXTS[(i * 4 + 1) % 11]}")
        out["gains"].append(f"{GAIN_PREFIX[i % 5]} {verb.lower()} {OBJECTS[(i * 11 + 2) % 19]} "
                            f"{CONTEXTS[(i * 2 + 5) % 11]}")
    return out


def big_canvas(title: str):
    """A 150-item canvas built through canvas.editing (so every rule is checked)."""
    canvas = blank_canvas(title, "en", "Night-shift nurses")
    texts = profile_texts()
    kinds = {"jobs": JOB_KINDS, "pains": PAIN_KINDS, "gains": GAIN_KINDS}
    score = {"jobs": "importance", "pains": "severity", "gains": "relevance"}
    for section in ("jobs", "pains", "gains"):
        for i, text in enumerate(texts[section]):
            fields = {"kind": kinds[section][i % len(kinds[section])],
                      score[section]: 1 + (i * 7 + len(section)) % 5,
                      "status": STATUSES[(i // 3) % len(STATUSES)]}
            if section != "gains":
                fields["frequency"] = None if i % 4 == 0 else 1 + (i * 3) % 5
            canvas, _ = editing.add_item(canvas, section, text, **fields)
    return canvas


def bare_server(folder: Path, source: str, env: dict | None = None) -> Server:
    """A bare Streamlit page given as source, served like the app (same flags and config).

    The yardstick: what Streamlit itself costs for the same interaction on this machine.
    """
    script = folder / "bare_page.py"
    script.write_text(source, encoding="utf-8")
    data = folder / "bare-data"
    data.mkdir(exist_ok=True)
    return Server(data, env, script=script)
