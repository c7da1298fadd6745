"""Open the site, log in, see My canvases: our app against a bare Streamlit login page.

Run: ``python bench/bench_login.py [--pairs N]`` from the repo root (prints figures; not a
test).

Each sample is a new browser context (no cookie, as a learner's first visit on a borrowed
laptop): open the site, wait for the login form, type the username and password, press the
button, and wait until "My canvases" is visible. The yardstick is a bare Streamlit page
served the same way (``tests.conftest.Server``, the repo's ``.streamlit/config.toml``) with
the same form, which checks the password against one bcrypt hash of the same cost (12, as
production; ``canvas.config.bcrypt_rounds``) and then shows a "My canvases" heading. The
two are measured in interleaved pairs, the order swapped every pair; the time is the
browser's own, from the navigation's start (``performance.timeOrigin``) to the heading
found visible by a MutationObserver, and the split at the button press.
Target (issue 24, point 3): median(app) / median(bare) <= 1.2; p95 printed beside it.
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
    load_average,
    percentile,
    quiet_streamlit,
    stats_header,
    stats_row,
)

quiet_streamlit()

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.conftest import Server  # noqa: E402  (sets the suite's bcrypt cost: undone below)

ROUNDS = "12"
os.environ["VPC_BCRYPT_ROUNDS"] = ROUNDS   # production's cost, for the seeded hash and both
TARGET_RATIO = 1.2
USER, PASSWORD = "benchlogin", "Secret#123"

BARE_PAGE = '''
import os
import bcrypt
import streamlit as st

HASH = os.environ["BENCH_HASH"].encode()
if st.session_state.get("in"):
    st.title("My canvases")
else:
    st.title("Value Proposition Canvas Studio")
    with st.form("login"):
        username = st.text_input("Username")
        password = st.text_input("Password", type="password")
        if st.form_submit_button("Log in"):
            if username == "benchlogin" and bcrypt.checkpw(password.encode(), HASH):
                st.session_state["in"] = True
                st.rerun()
            st.error("Wrong username or password.")
'''

#: From the navigation's start: the form's username box shown (t_form), the button pressed
#: (t_press, set by the listener), "My canvases" visible (t_in).
PROBE = """() => {
  const b = window.__login = {form: null, press: null, done: null};
  const visible = (el) => el && el.checkVisibility({checkVisibilityCSS: true});
  const check = () => {
    const now = performance.now();
    if (b.form === null && visible(document.querySelector('input[aria-label="Username"]')))
      b.form = now;
    if (b.done === null && [...document.querySelectorAll('h1')].some(
        (h) => h.textContent.trim() === 'My canvases' && visible(h))) b.done = now;
  };
  document.addEventListener('click', (e) => { if (b.press === null) b.press = performance.now(); },
                            {capture: true});
  // The app's script runs after the press: [state, when] as Streamlit marks them.
  b.runs = [];
  let last = null;
  const runState = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-script-state');
    if (b.press !== null && state && state !== last)
      b.runs.push([state, performance.now() - b.press]);
    last = state;
  };
  setInterval(runState, 2);
  const start = () => new MutationObserver(check).observe(document.documentElement,
      {childList: true, subtree: true, characterData: true, attributes: true});
  if (document.documentElement) start(); else document.addEventListener('readystatechange', start);
}"""


def sample(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    try:
        context.add_init_script(f"({PROBE})()")
        page = context.new_page()
        page.goto(url)
        # The first form: the app's login tab comes before its register tab.
        page.get_by_role("textbox", name="Username", exact=True).first.fill(USER)
        page.get_by_label("Password", exact=True).first.fill(PASSWORD)
        page.get_by_role("button", name="Log in", exact=True).first.click()
        page.wait_for_function("() => window.__login && window.__login.done !== null",
                               timeout=60_000)
        probe = page.evaluate("() => window.__login")
    finally:
        context.close()
    return {"total": probe["done"] / 1000, "form": probe["form"] / 1000,
            "after_press": (probe["done"] - probe["press"]) / 1000,
            "runs": " ".join(f"{state[:3]}@{when:.0f}" for state, when in probe["runs"]),
            "done_ms": probe["done"] - probe["press"]}



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9, help="measured pairs (default 9)")
    parser.add_argument("--runs", action="store_true",
                        help="print each sample's script runs after the press")
    args = parser.parse_args()
    import bcrypt

    from tests.apptest_helpers import make_user

    began = time.time()
    print(f"load average at start: {load_average()}; bcrypt cost {ROUNDS}")
    tmp = Path(tempfile.mkdtemp(prefix="bench_login_"))
    data = tmp / "data"
    make_user(data, USER, PASSWORD)
    stored = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(int(ROUNDS))).decode()
    env = {"VPC_BCRYPT_ROUNDS": ROUNDS, "VPC_EXPORT_WARM_AT_START": "0"}
    app = Server(data, env=env)
    bare = bare_server(tmp, BARE_PAGE, {**env, "BENCH_HASH": stored})
    results: dict[str, list[dict]] = {"app": [], "bare": []}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            try:
                for i in range(1 + args.pairs):      # the first pair warms both servers up
                    order = [("app", app.url), ("bare", bare.url)]
                    if i % 2:
                        order.reverse()
                    got = {name: sample(browser, url) for name, url in order}
                    if i:
                        for name, value in got.items():
                            results[name].append(value)
                    print(f"  {'warm-up' if not i else f'pair {i:2d}'}: "
                          f"app {got['app']['total']:.3f} s  bare {got['bare']['total']:.3f} s")
                    if args.runs:
                        for name in ("app", "bare"):
                            print(f"      {name} after the press (ms): {got[name]['runs']} "
                                  f"visible@{got[name]['done_ms']:.0f}")
            finally:
                browser.close()
    finally:
        app.stop()
        bare.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(stats_header(len(results["app"])))
    for name in ("app", "bare"):
        rows = results[name]
        print(stats_row(f"{name}: open -> login form shown", [r["form"] for r in rows]))
        print(stats_row(f"{name}: button -> My canvases visible",
                        [r["after_press"] for r in rows]))
        print(stats_row(f"{name}: open -> My canvases visible", [r["total"] for r in rows]))
    app_total = [r["total"] for r in results["app"]]
    bare_total = [r["total"] for r in results["bare"]]
    ratio = statistics.median(app_total) / statistics.median(bare_total)
    p95_ratio = percentile(app_total, 0.95) / percentile(bare_total, 0.95)
    print(f"(elapsed {time.time() - began:.0f} s; load average at end: {load_average()})")
    print(f"p95 app / p95 bare: {p95_ratio:.2f}")
    print(f"TARGET login median(app) / median(bare) <= {TARGET_RATIO}: {ratio:.2f} "
          f"{'PASS' if ratio <= TARGET_RATIO else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
