"""A busy Insights page until its first chart shows, against a bare Plotly chart page; and
each projector step until its chart (or heading) shows.

Run: ``python bench/bench_insights.py [--pairs N]`` from the repo root (prints figures; not
a test).

Our app: a logged-in learner's canvas of 150 profile items and 30 value-map items, linked
(``bench._common.linked_canvas``); Insights draws every tab at once (ranking, priority,
mix, fit, map, diagram, compare). Each sample is a new page load of
``/insights?canvas=ID``, timed in the browser from the navigation's start
(``performance.timeOrigin``) until the first Plotly chart is visible (a MutationObserver
finds a visible ``.js-plotly-plot .main-svg``); the time until the last chart is visible
is printed too. The yardstick, interleaved and served the same way
(``tests.conftest.Server``): a bare Streamlit page drawing one Plotly bar chart of the
same 150 items. Target (issue 24, point 6): median(app first chart) / median(bare) <= 1.5.

Projector: from a click on "Next" to the step's own content shown (its
chart for the jobs, pains, gains, value map and fit steps; its heading otherwise), for
each step, the same rounds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench._common import (  # noqa: E402
    bare_server,
    launch_options,
    linked_canvas,
    load_average,
    percentile,
    quiet_streamlit,
    stats_header,
    stats_row,
)

quiet_streamlit()

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from canvas.i18n import translate  # noqa: E402
from canvas.store.folder.canvases import CanvasStore  # noqa: E402
from tests.apptest_helpers import make_user  # noqa: E402
from tests.browser_helpers import TRACKER, login, settle, wait_idle  # noqa: E402
from tests.conftest import Server  # noqa: E402

TARGET_RATIO = 1.5
USER = "benchinsights"
STEPS = ("segment", "jobs", "pains", "gains", "value_map", "fit", "assumptions")
CHART_STEPS = {"jobs", "pains", "gains", "value_map", "fit"}

BARE_PAGE = '''
import json, os
import plotly.graph_objects as go
import streamlit as st

items = json.loads(open(os.environ["BENCH_ITEMS"], encoding="utf-8").read())
st.title("Insights")
fig = go.Figure(go.Bar(x=[score for _, score in items], y=[text for text, _ in items],
                       orientation="h"))
fig.update_layout(height=2400)
st.plotly_chart(fig)
'''

#: From the navigation's start: the first Plotly chart visible (``first``), and the moment
#: the page held its ``count``-th drawn chart (``last``; the other tabs' charts are drawn,
#: hidden until their tab is chosen).
PROBE = """() => {
  const b = window.__charts = {first: null, last: null, count: 0};
  const check = () => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')]
      .filter((plot) => plot.querySelector('.main-svg'));
    if (b.first === null && plots.some((plot) => plot.checkVisibility({checkVisibilityCSS: true})))
      b.first = performance.now();
    if (plots.length > b.count) { b.count = plots.length; b.last = performance.now(); }
  };
  const start = () => new MutationObserver(check).observe(document.documentElement,
      {childList: true, subtree: true});
  if (document.documentElement) start(); else document.addEventListener('readystatechange', start);
}"""


#: From a key press: the step's heading shown and, for a chart step, a chart that was not on
#: the page before the press, visible.
STEP_PROBE = """([title, chart]) => {
  const before = new Set(document.querySelectorAll('.js-plotly-plot .main-svg'));
  const b = window.__step = {t0: null, t1: null};
  document.addEventListener('click', () => {
    if (b.t0 === null) b.t0 = performance.now(); }, {capture: true});
  const shown = (el) => el.checkVisibility({checkVisibilityCSS: true});
  const obs = new MutationObserver(() => {
    if (b.t0 === null || b.t1 !== null) return;
    const heading = document.querySelector('[data-testid="stMain"] h1');
    const current = heading && heading.textContent.trim() === title && shown(heading);
    const fresh = [...document.querySelectorAll('.js-plotly-plot .main-svg')]
      .some((svg) => !before.has(svg) && shown(svg));
    if (current && (!chart || fresh)) { b.t1 = performance.now(); obs.disconnect(); }
  });
  obs.observe(document.documentElement, {childList: true, subtree: true, attributes: true});
}"""


def load_insights(page, url: str, expect_charts: int) -> dict:
    page.goto(url)
    page.wait_for_function("([n]) => window.__charts && window.__charts.first !== null && "
                           "window.__charts.count >= n", arg=[expect_charts], timeout=120_000)
    probe = page.evaluate("() => window.__charts")
    return {"first": probe["first"] / 1000, "last": probe["last"] / 1000,
            "count": probe["count"]}


def walk_projector(page, url: str) -> dict[str, float]:
    """The projector from its first step: each step's time from Next to its content."""
    page.goto(url)
    settle(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(
        translate("projector.step.segment", "en"))
    times: dict[str, float] = {}
    heading = page.locator('[data-testid="stMain"] h1').first
    for step in STEPS[1:]:
        title = translate(f"projector.step.{step}", "en")
        for _page in range(20):   # a crowded value map turns its notes' pages first
            page.evaluate(STEP_PROBE, [title, step in CHART_STEPS])
            page.locator(".st-key-projector_next button").first.click()
            wait_idle(page)
            if heading.inner_text().strip() == title:
                break
        try:
            page.wait_for_function("() => window.__step.t1 !== null", timeout=60_000)
        except Exception:
            raise SystemExit(f"projector step {step} never shown: the page shows "
                             f"{heading.inner_text()!r}, "
                             f"{page.locator('.js-plotly-plot').count()} charts") from None
        probe = page.evaluate("() => window.__step")
        times[step] = (probe["t1"] - probe["t0"]) / 1000
        wait_idle(page)
    return times



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="measured pairs (default 7)")
    args = parser.parse_args()
    import json

    began = time.time()
    print(f"load average at start: {load_average()}")
    tmp = Path(tempfile.mkdtemp(prefix="bench_insights_"))
    data = tmp / "data"
    make_user(data, USER)
    canvas = CanvasStore(data, USER).create(linked_canvas(150, 30, title="Insights bench"))
    items = [(item.text, item.importance) for item in canvas.jobs] + \
        [(item.text, item.severity) for item in canvas.pains] + \
        [(item.text, item.relevance) for item in canvas.gains]
    (tmp / "items.json").write_text(json.dumps(items), encoding="utf-8")
    app = Server(data, env={"VPC_EXPORT_WARM_AT_START": "0"})
    bare = bare_server(tmp, BARE_PAGE, {"BENCH_ITEMS": str(tmp / "items.json")})
    results: dict[str, list[dict]] = {"app": [], "bare": []}
    steps: dict[str, list[float]] = {step: [] for step in STEPS[1:]}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            try:
                ctx_app = browser.new_context(viewport={"width": 1440, "height": 900},
                                              locale="en-GB")
                ctx_bare = browser.new_context(viewport={"width": 1440, "height": 900},
                                               locale="en-GB")
                for ctx in (ctx_app, ctx_bare):
                    ctx.set_default_timeout(60_000)
                    ctx.add_init_script(f"({PROBE})()")
                    ctx.add_init_script(TRACKER)
                page = ctx_app.new_page()
                login(page, app, USER)
                bare_page = ctx_bare.new_page()
                insights = f"{app.url}/insights?canvas={canvas.id}"
                charts = None
                for i in range(1 + args.pairs):   # the first pair warms both servers up
                    order = [("app", page, insights), ("bare", bare_page, bare.url)]
                    if i % 2:
                        order.reverse()
                    got = {}
                    for name, where, url in order:
                        got[name] = load_insights(where, url, 1 if name == "bare" else
                                                  (charts or 1))
                        if name == "app" and charts is None:
                            wait_idle(page)    # the first load: count what every tab draws
                            charts = page.locator(".js-plotly-plot:has(.main-svg)").count()
                            got[name] = load_insights(where, url, charts)
                    walk = walk_projector(page, f"{app.url}/projector?canvas={canvas.id}")
                    if i:
                        for name, value in got.items():
                            results[name].append(value)
                        for step, value in walk.items():
                            steps[step].append(value)
                    print(f"  {'warm-up' if not i else f'pair {i:2d}'}: "
                          f"app first chart {got['app']['first']:.3f} s, all {got['app']['count']}"
                          f" at {got['app']['last']:.3f} s; bare {got['bare']['first']:.3f} s; "
                          "projector " + " ".join(f"{k} {v:.2f}" for k, v in walk.items()))
            finally:
                browser.close()
    finally:
        app.stop()
        bare.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(stats_header(len(results["app"])))
    print(stats_row("app: open Insights -> first chart visible",
                    [r["first"] for r in results["app"]]))
    print(stats_row("app: open Insights -> every chart visible",
                    [r["last"] for r in results["app"]]))
    print(stats_row("bare: open -> its one chart visible", [r["first"] for r in results["bare"]]))
    for step, values in steps.items():
        print(stats_row(f"projector: Next -> {step} shown", values))
    app_first = [r["first"] for r in results["app"]]
    bare_first = [r["first"] for r in results["bare"]]
    ratio = statistics.median(app_first) / statistics.median(bare_first)
    print(f"(elapsed {time.time() - began:.0f} s; load average at end: {load_average()})")
    print(f"p95 app / p95 bare: {percentile(app_first, 0.95) / percentile(bare_first, 0.95):.2f}")
    print(f"TARGET Insights first chart median(app) / median(bare) <= {TARGET_RATIO}: "
          f"{ratio:.2f} {'PASS' if ratio <= TARGET_RATIO else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
