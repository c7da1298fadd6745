"""What several benchmarks share: the browser they drive, process figures from /proc,
percentiles, quiet imports and sample canvases.

psutil is not a dependency, and these few readings do not need it.
"""

from __future__ import annotations

import logging
import os
import statistics
from pathlib import Path

from canvas.editing import edits as editing
from canvas.fileformat.models import (
    GAIN_KINDS,
    JOB_KINDS,
    PAIN_KINDS,
    SCHEMA_VERSION,
    STATUSES,
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
    blank_canvas,
)
from tests.conftest import Server

#: The Chromium the browser benchmarks drive through Playwright, and its launch flags
#: (we run as root in a container: no sandbox, no GPU, no shared-memory file system).
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking")


def launch_options() -> dict:
    """Keyword arguments for ``playwright.chromium.launch`` (sync or async)."""
    return {"executable_path": CHROMIUM, "headless": True, "args": list(LAUNCH_ARGS)}


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
    """The ``q`` quantile (0 < q < 1, in hundredths) of ``values``, interpolated between
    the measured values as in most statistics tools (``method="inclusive"``)."""
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[round(q * 100) - 1]


def stats_row(label: str, values: list[float]) -> str:
    """One line of a figures table: the label, then median, p95, min and max."""
    return (f"{label:44} {statistics.median(values):6.3f} {percentile(values, 0.95):6.3f} "
            f"{min(values):6.3f} {max(values):6.3f}")


def stats_header(n: int, what: str = "seconds") -> str:
    return f"{f'{what} (n={n})':44} median    p95    min    max"


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
    """A 150-item canvas built through canvas.editing.edits (so every rule is checked)."""
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


#: In-page probe, installed with ``page.evaluate(PROBE, marker)``: t0 at the Enter keydown
#: or click (capture phase, before Streamlit sees it), t1 when the marker text first sits in
#: a visible element (MutationObserver; if inserted hidden, polled per animation frame), t2
#: when the app reports its run finished.
PROBE = """(marker) => {
  const w = window;
  w.__bench = {t0: null, t1: null, t2: null, sawRunning: false};
  const b = w.__bench;
  const start = (e) => {
    if (b.t0 === null && (e.type === 'click' || e.key === 'Enter')) b.t0 = performance.now();
  };
  document.addEventListener('keydown', start, {capture: true, once: false});
  document.addEventListener('click', start, {capture: true, once: false});
  const find = (root) => {
    const el = root.nodeType === 3 ? root.parentElement : root;
    if (!el) return null;
    const r = document.evaluate('.//text()[contains(., "' + marker + '")]', el, null,
                                XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
    return r ? r.parentElement : (root.nodeType === 3 ? el : null);
  };
  const visible = (el) => el && el.isConnected &&
      el.checkVisibility({checkVisibilityCSS: true});
  let poll = 0;
  const done = (el) => {
    if (b.t1 !== null) return true;
    if (visible(el)) { b.t1 = performance.now(); obs.disconnect(); return true; }
    if (!poll) { poll = 1; const tick = () => { if (!done(el) && poll++ < 3000)
        requestAnimationFrame(tick); }; requestAnimationFrame(tick); }
    return false;
  };
  const obs = new MutationObserver((muts) => {
    if (b.t1 !== null) return;
    for (const m of muts) {
      if (m.type === 'characterData') {
        if (m.target.data.includes(marker)) { done(m.target.parentElement); return; }
      } else {
        for (const n of m.addedNodes) {
          const txt = n.nodeType === 3 ? n.data : (n.textContent || '');
          if (txt.includes(marker)) { const el = find(n); if (el) { done(el); return; } }
        }
      }
    }
  });
  obs.observe(document.body, {childList: true, subtree: true, characterData: true});
  const app = document.querySelector('[data-testid="stApp"]');
  const stateObs = new MutationObserver(() => {
    const s = app.getAttribute('data-test-script-state');
    if (s === 'running') b.sawRunning = true;
    else if (b.sawRunning && b.t0 !== null && b.t2 === null) {
      b.t2 = performance.now(); stateObs.disconnect(); }
  });
  if (app) stateObs.observe(app, {attributes: true,
                                  attributeFilter: ['data-test-script-state']});
}"""


#: The board's probe (issue 24): t0 at the action (Enter, a click, a mouse release; capture
#: phase), ``t1`` the first moment ``drawn`` holds (the change drawn on the board, marked
#: "Saving…"), ``tc`` the first moment ``confirmed`` holds (the server's board shows it
#: stored: no draft, no pending mark), ``t2`` the run finished. Both are JavaScript
#: expressions, checked after every change to the page (a MutationObserver), so each time
#: is the change's own moment, before the frame that paints it.
BOARD_PROBE = """([drawn, confirmed]) => {
  const isDrawn = new Function('return (' + drawn + ');');
  const isConfirmed = new Function('return (' + confirmed + ');');
  window.__bench = {t0: null, t1: null, tc: null, t2: null, sawRunning: false};
  const b = window.__bench;
  const check = () => {
    if (b.t0 === null) return;
    const now = performance.now();
    if (b.t1 === null && isDrawn()) b.t1 = now;
    if (b.tc === null && isConfirmed()) { b.tc = now; if (b.t1 === null) b.t1 = now; }
    if (b.t1 !== null && b.tc !== null) obs.disconnect();
  };
  const start = (e) => {
    if (b.t0 !== null) return;
    if (e.type === 'mouseup' || e.type === 'click' || e.key === 'Enter') {
      b.t0 = performance.now();
      queueMicrotask(check);  // a change made by the action's own handlers
    }
  };
  for (const type of ['keydown', 'click', 'mouseup'])
    document.addEventListener(type, start, {capture: true});
  const obs = new MutationObserver(check);
  obs.observe(document.body, {childList: true, subtree: true, characterData: true,
                              attributes: true, attributeFilter: ['class']});
  const app = document.querySelector('[data-testid="stApp"]');
  const stateObs = new MutationObserver(() => {
    const s = app.getAttribute('data-test-script-state');
    if (s === 'running') b.sawRunning = true;
    else if (b.sawRunning && b.t0 !== null && b.t2 === null) {
      b.t2 = performance.now(); stateObs.disconnect(); }
  });
  if (app) stateObs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


#: The same probe for a mouse drag: t0 at the mouse button's release (the drop).
DROP_PROBE = PROBE.replace(
    "(e.type === 'click' || e.key === 'Enter')", "e.type === 'mouseup'").replace(
    "document.addEventListener('click', start, {capture: true, once: false});",
    "document.addEventListener('mouseup', start, {capture: true, once: false});")
assert DROP_PROBE.count("mouseup") == 2


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


def linked_canvas(profile_items: int, map_items: int, language: str = "en",
                  title: str | None = None, id: str | None = None) -> Canvas:
    """Profile items (a third per section) and value-map items (a third per section),
    relievers and creators linked to pains and gains: what the charts and exports draw."""
    per, vm = max(1, profile_items // 3), max(1, map_items // 3)
    jobs = [Job(id=f"j{i}", text=f"{JOB_TEXTS[i % len(JOB_TEXTS)]} ({i + 1})",
                kind=("functional", "social", "emotional", "supporting")[i % 4],
                importance=5 - i % 5, frequency=1 + i % 5,
                status=("assumption", "validated", "invalidated")[i % 3],
                notes="Heard twice in interviews" if i % 4 == 0 else "")
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
    total = profile_items + map_items
    return Canvas(
        schema_version=SCHEMA_VERSION, id=id or f"bench-{total}", language=language,
        title=title or f"Night-shift nurses ({total} items)",
        segment=Segment(name="Night-shift nurses in Leeds", relation="potential",
                        persona=Persona(name="Amira", age=34, location="Leeds",
                                        occupation="Nurse", income="GBP 32k",
                                        household="married, two children",
                                        values=["reliability", "family time"])),
        jobs=jobs, pains=pains, gains=gains,
        value_map=ValueMap(products=products, pain_relievers=relievers,
                           gain_creators=creators),
    )


#: Installed before the page loads (``context.add_init_script``): every WebSocket frame the
#: page sends or receives, stamped with ``performance.now()`` (the probes' clock) and its
#: size, in ``window.__ws``. Splits one action's time into the page before sending, the
#: server until its first answer, the answer's frames, and the page's redraw after them.
WS_LOG = """(() => {
  const log = window.__ws = [];
  const size = (d) => d.byteLength ?? d.size ?? d.length ?? 0;
  const Native = window.WebSocket;
  class Logged extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => log.push(['r', performance.now(), size(e.data)]));
    }
    send(data) { log.push(['s', performance.now(), size(data)]); return super.send(data); }
  }
  window.WebSocket = Logged;
})();"""


def ws_split(page, probe: dict) -> dict | None:
    """One action's time split by its WebSocket frames (seconds), from the probe's t0 (key
    or drop) to t1 (visible): ``page`` until the first frame sent, ``server`` from there to
    the first frame back, ``answer`` from the first to the last frame back before t1,
    ``redraw`` from that last frame to t1; ``bytes`` received in between. None when no
    frame was sent (a bare page's click, say, before its log was installed)."""
    log = page.evaluate("() => window.__ws || []")
    t0, t1 = probe["t0"], probe["t1"]
    sent = [t for kind, t, _ in log if kind == "s" and t0 <= t <= t1]
    if not sent:
        return None
    back = [(t, n) for kind, t, n in log if kind == "r" and sent[0] <= t <= t1]
    if not back:
        return None
    return {"page": (sent[0] - t0) / 1000, "server": (back[0][0] - sent[0]) / 1000,
            "answer": (back[-1][0] - back[0][0]) / 1000, "redraw": (t1 - back[-1][0]) / 1000,
            "bytes": sum(n for _, n in back), "frames": len(back)}
