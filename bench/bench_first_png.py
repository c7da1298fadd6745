"""The first PNG after a server start, and the first page, with and without warming the
export browser at start (issue 24, point 5).

Run: ``python bench/bench_first_png.py [--rounds N]`` from the repo root (prints figures).

Each round starts two fresh app servers on their own data folders, the way ``run.sh`` does
(the server, then its start-up run of the app, ``scripts/warm_up.py``): one as shipped
(``VPC_EXPORT_WARM_AT_START=1``, the export browser started in the background by that
start-up run) and one without it (``0``, the browser started by the first page with a
download button, as before). Right after each start, a learner (logged in by cookie, a
canvas of 30 notes) opens My canvases (the first page: goto until its heading shows), then
Insights, and downloads the diagram as PNG (click until the download arrives). The two
servers are measured in turn, the order swapped every round, so load falls on both alike.

Targets: the first PNG with warming ≤ 1.5 s (median and p95); the first page with warming
≤ 1.1x the first page without it (warming must not slow the first page).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench._common import (  # noqa: E402
    launch_options,
    linked_canvas,
    load_average,
    percentile,
    quiet_streamlit,
)

quiet_streamlit()

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser_helpers import TRACKER, login_cookie, make_account, settle  # noqa: E402
from tests.conftest import Server  # noqa: E402

PNG_TARGET = 1.5
PAGE_RATIO = 1.1
USER = "benchfirstpng"


def one_start(browser, warm: bool) -> tuple[float, float]:
    """(first page, first PNG) in seconds on a server started just now."""
    from canvas.store.choose import open_backend

    folder = Path(tempfile.mkdtemp(prefix="bench-first-png-"))
    data = folder / "data"
    data.mkdir()
    server = Server(data, env={"VPC_EXPORT_WARM_AT_START": "1" if warm else "0"})
    try:
        make_account(server, USER)
        canvas = open_backend(data).canvases(USER).create(linked_canvas(30, 10,
                                                                        title="First PNG"))
        context = browser.new_context(viewport={"width": 1440, "height": 900},
                                      locale="en-GB")
        context.add_cookies([login_cookie(server, USER)])
        context.add_init_script(TRACKER)  # what settle() reads
        page = context.new_page()
        start = time.perf_counter()
        page.goto(server.url)
        expect(page.get_by_role("heading", name="My canvases")).to_be_visible(timeout=60_000)
        first_page = time.perf_counter() - start
        page.goto(f"{server.url}/insights?canvas={canvas.id}")
        button = page.get_by_role("button", name="PNG").first
        expect(button).to_be_enabled(timeout=60_000)
        settle(page, 60_000)
        start = time.perf_counter()
        with page.expect_download(timeout=120_000):
            button.click()
        first_png = time.perf_counter() - start
        context.close()
        return first_page, first_png
    finally:
        server.stop()


def summary(values: list[float]) -> str:
    return f"median {percentile(values, 0.5):6.3f} s   p95 {percentile(values, 0.95):6.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"load average at start: {load_average()}")
    figures = {True: ([], []), False: ([], [])}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options())
        for round_ in range(args.rounds):
            for warm in ((True, False) if round_ % 2 == 0 else (False, True)):
                page, png = one_start(browser, warm)
                figures[warm][0].append(page)
                figures[warm][1].append(png)
                print(f"  round {round_ + 1} warm={int(warm)}: first page {page:.3f} s, "
                      f"first PNG {png:.3f} s", flush=True)
        browser.close()
    for warm, label in ((True, "warmed at start"), (False, "not warmed")):
        print(f"{label:17s} first page: {summary(figures[warm][0])}")
        print(f"{label:17s} first PNG:  {summary(figures[warm][1])}")
    png = figures[True][1]
    ok_png = percentile(png, 0.5) <= PNG_TARGET and percentile(png, 0.95) <= PNG_TARGET
    ratio = percentile(figures[True][0], 0.5) / percentile(figures[False][0], 0.5)
    print(f"TARGET first PNG after a start <= {PNG_TARGET} s (median and p95): "
          f"{percentile(png, 0.5):.3f} s / {percentile(png, 0.95):.3f} s "
          f"{'PASS' if ok_png else 'FAIL'}")
    print(f"TARGET first page with warming <= {PAGE_RATIO}x without: ratio {ratio:.2f} "
          f"{'PASS' if ratio <= PAGE_RATIO else 'FAIL'}")
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()
