"""Thirty learners at once: 30 browser sessions log in and each adds 10 items.

Run: ``python bench/bench_concurrency.py`` from the repo root (prints figures; not a test).

One app server (``streamlit run app.py`` on a temporary data folder), one headless
Chromium with 30 browser contexts driven by the Playwright async API. Each context logs
in through the login form as its own user (30 accounts made with ``make_user``; at most 6
loading the app at a time, starting 0.5 s apart) and opens its own empty canvas. Once all 30
are connected, all 30 add 10 jobs at the same time through the jobs lane's add box on the
board (type + Enter),
each session one add after the other. Per add, the time
from the Enter key press to the new text being visible is measured in the page
(``performance.now()``, MutationObserver). Afterwards every user's stored canvas is compared
with the 10 texts typed. The server's resident memory (VmRSS) is read before the logins,
once all 30 sessions are up, and after the adds.

Targets: add p95 < 1.5 s, no errors, no lost item, < 40 MB server memory per session.

Everything runs on 127.0.0.1 only; every wait is bounded, and the whole run stops itself
after ``--budget`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
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
    PROBE,
    bare_server,
    cpu_s,
    launch_options,
    load_average,
    percentile,
    quiet_streamlit,
    rss_mb,
)

quiet_streamlit()

from playwright.async_api import async_playwright, expect  # noqa: E402

from canvas.fileformat.models import blank_canvas  # noqa: E402
from canvas.store.folder.canvases import CanvasStore  # noqa: E402
from tests.apptest_helpers import make_user  # noqa: E402
from tests.conftest import Server  # noqa: E402

SESSIONS = 30
ITEMS = 10
PASSWORD = "Secret#123"
TARGET_P95 = 1.5
TARGET_MB_PER_SESSION = 40.0
ACTION_TIMEOUT_MS = 60_000
LOGIN_TIMEOUT_MS = 120_000
# Poll page predicates on a timer: Playwright's default (every animation frame) in 30 pages
# at once keeps 30 renderers busy painting and would measure the harness, not the app.
POLL_MS = 50


IDLE = ("() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
        " return app && app.getAttribute('data-test-script-state') !== 'running'; }")


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def browser_cpu_s(server_pid: int) -> tuple[float, float]:
    """CPU of this script's child processes but the server: (Chromium, Playwright driver)."""
    chromium = driver = 0.0
    for pid in descendants(os.getpid()):
        if pid != server_pid:
            try:
                used = cpu_s(pid)
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except (OSError, IndexError, ValueError):
                continue
            if "chrom" in name:
                chromium += used
            else:
                driver += used
    return chromium, driver


def item_text(user: int, number: int) -> str:
    return f"Learner {user:02d} job {number:02d} wkq"


async def wait_idle(page) -> None:
    await page.wait_for_timeout(250)
    await page.wait_for_function(IDLE, timeout=ACTION_TIMEOUT_MS, polling=POLL_MS)


async def settle(page) -> None:
    await wait_idle(page)
    await page.wait_for_timeout(1500)
    await wait_idle(page)


#: The yardstick for ``--bare``: a bare Streamlit page with an add form (type, Enter) that
#: shows the texts added; no login, no storage.
BARE_FORM_PAGE = '''
import streamlit as st

st.title("Bare page")
added = st.session_state.setdefault("added", [])
with st.form("add", clear_on_submit=True):
    text = st.text_input("Text")
    if st.form_submit_button("Add (Enter)") and text.strip():
        added.append(text.strip())
for text in added:
    st.markdown(text)
'''


class Session:
    bare = False

    def __init__(self, index: int, username: str, canvas_id: str):
        self.index = index
        self.username = username
        self.canvas_id = canvas_id
        self.latencies: list[float] = []
        self.confirmed: list[str] = []  # texts the browser showed as added
        self.walls: list[float] = []
        self.errors: list[str] = []
        self.login_s: float | None = None
        self.page = None

    async def log_in(self, browser, url: str) -> None:
        started = time.perf_counter()
        context = await browser.new_context(viewport={"width": 1280, "height": 900},
                                            locale="en-GB")
        context.set_default_timeout(LOGIN_TIMEOUT_MS)
        page = self.page = await context.new_page()
        await page.goto(url, timeout=LOGIN_TIMEOUT_MS)
        await settle(page)
        if self.bare:
            await expect(page.get_by_role("heading", name="Bare page")).to_be_visible(
                timeout=LOGIN_TIMEOUT_MS)
            context.set_default_timeout(ACTION_TIMEOUT_MS)
            self.login_s = time.perf_counter() - started
            return
        form = page.locator('[data-testid="stForm"]').filter(
            has=page.get_by_role("button", name="Log in"))
        await form.get_by_label("Username", exact=True).fill(self.username)
        await form.get_by_label("Password", exact=True).fill(PASSWORD)
        await form.get_by_role("button", name="Log in").click()
        await expect(page.get_by_role("heading", name="My canvases")).to_be_visible(
            timeout=LOGIN_TIMEOUT_MS)
        await page.locator(f".st-key-canvas_row_{self.canvas_id}").get_by_role(
            "button", name="Open").click()
        await expect(page.get_by_role("heading", name=self.title)).to_be_visible(
            timeout=LOGIN_TIMEOUT_MS)
        await settle(page)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        self.login_s = time.perf_counter() - started

    @property
    def title(self) -> str:
        return f"Canvas of learner {self.index:02d}"

    async def add_items(self, deadline: float, think: float = 0.0) -> None:
        page = self.page
        if self.bare:
            box = page.locator('[data-testid="stForm"]:visible').filter(
                has=page.get_by_role("button", name="Add (Enter)")).get_by_role(
                "textbox", name="Text", exact=True)
        else:
            box = page.locator('[data-testid="vpc-lane-jobs"] input.vpc-add-text')
        pause = random.Random(self.index)
        for number in range(1, ITEMS + 1):
            if think:  # a learner reads and types before pressing Enter again
                await asyncio.sleep(pause.uniform(0, 2 * think))
            if time.time() > deadline:
                self.errors.append("time budget reached before all adds")
                return
            text = item_text(self.index, number)
            try:
                await box.fill(text)
                await page.evaluate(PROBE, text)
                started = time.perf_counter()
                await box.press("Enter")
                await expect(self.shown(text)).to_be_visible(timeout=ACTION_TIMEOUT_MS)
                self.walls.append(time.perf_counter() - started)
                self.confirmed.append(text)
                await page.wait_for_function(
                    "() => window.__bench.t0 !== null && window.__bench.t1 !== null",
                    timeout=ACTION_TIMEOUT_MS, polling=POLL_MS)
                probe = await page.evaluate("() => window.__bench")
                self.latencies.append((probe["t1"] - probe["t0"]) / 1000)
                await wait_idle(page)
            except Exception as exc:  # a timeout or a broken page counts as an error
                self.errors.append(f"add {number}: {type(exc).__name__}: "
                                   f"{str(exc).splitlines()[0][:120]}"
                                   f"{await page_problem(page)}")
        for testid in ("stException", "stAlertContentError"):
            shown = await page.locator(f"[data-testid={testid}]").count()
            if shown:
                self.errors.append(f"{shown} {testid} shown on the page")
        if await page.locator(".st-key-conflict_banner").count():
            self.errors.append("conflict banner shown")


    def shown(self, text: str):
        """Where an added text appears: a markdown line (bare page) or a note on the board."""
        if self.bare:
            return self.page.locator("[data-testid=stMarkdownContainer]:visible",
                                     has_text=text).first
        return self.page.locator('[data-testid="vpc-lane-jobs"] li.vpc-note .vpc-text',
                                 has_text=text).first


async def page_problem(page) -> str:
    """What the page says when a step timed out: its heading and any error shown."""
    if page is None:
        return ""
    try:
        headings = await page.locator("h1").all_inner_texts()
        alerts = await page.locator("[data-testid=stAlertContentError], "
                                    "[data-testid=stException]").all_inner_texts()
    except Exception:
        return ""
    return f" (page: {' / '.join(h.strip() for h in headings)[:60]!r}; " \
           f"errors: {' / '.join(a.strip() for a in alerts)[:120]!r})"


async def bounded(coroutines, timeout: float, progress) -> None:
    """Run all at once; report progress every 20 s; cancel what is left after ``timeout``."""
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    started = time.time()
    pending = set(tasks)
    while pending and time.time() - started < timeout:
        _, pending = await asyncio.wait(
            pending, timeout=min(20, max(0.1, timeout - (time.time() - started))))
        print(f"  {time.time() - started:5.0f} s: {progress()}", flush=True)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=30)


async def run(args) -> int:
    began = time.time()
    deadline = began + args.budget
    print(f"machine: {os.cpu_count()} cores; load average at start: "
          f"{load_average()}; {args.sessions} sessions, "
          f"logins {args.stagger} s apart, at most {args.login_parallel} at a time; "
          f"{args.think:.1f} s average pause before each add")
    tmp = Path(tempfile.mkdtemp(prefix="bench_concurrency_"))
    data = tmp / "data"
    data.mkdir()
    sessions: list[Session] = []
    t = time.perf_counter()
    for index in range(args.sessions + 1):  # the extra one warms the server up
        username = f"learner{index:02d}"
        make_user(data, username, PASSWORD)
        canvas = CanvasStore(data, username).create(
            blank_canvas(f"Canvas of learner {index:02d}", "en", "Night-shift nurses"))
        sessions.append(Session(index, username, canvas.id))
    warm, sessions = sessions[0], sessions[1:]
    print(f"seeded {len(sessions) + 1} accounts and canvases in {time.perf_counter() - t:.1f} s")

    app_env = dict(item.split("=", 1) for item in args.env)
    Session.bare = args.bare
    app = bare_server(tmp, BARE_FORM_PAGE, app_env) if args.bare else Server(data, env=app_env)
    pid = app.process.pid
    rss = {"server started": rss_mb(pid)}
    cpu = {}
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options())
            try:
                # One session through the whole path first, so imports and first-run caches
                # are not counted as per-session memory.
                await warm.log_in(browser, app.url)
                await warm.add_items(deadline)
                await warm.page.context.close()
                await asyncio.sleep(2)
                rss["before login"] = rss_mb(pid)
                print(f"warm-up session done ({warm.login_s:.1f} s to log in and open); "
                      f"errors: {warm.errors or 'none'}")

                # People arrive over a minute or so, not in the same millisecond: at most
                # --login-parallel sessions are loading the app and logging in at a time.
                gate = asyncio.Semaphore(args.login_parallel)

                async def log_in(session: Session) -> None:
                    await asyncio.sleep(session.index * args.stagger)
                    async with gate:
                        try:
                            await session.log_in(browser, app.url)
                        except Exception as exc:
                            shown = await page_problem(session.page)
                            session.errors.append(f"login: {type(exc).__name__}: "
                                                  f"{str(exc).splitlines()[0][:120]}{shown}")

                t = time.perf_counter()
                cpu_before, browser_before = cpu_s(pid), browser_cpu_s(pid)
                await bounded(
                    [log_in(s) for s in sessions], min(args.login_budget,
                                                       max(30, deadline - time.time() - 60)),
                    lambda: f"{sum(s.login_s is not None for s in sessions)} logged in")
                up = [s for s in sessions if s.login_s is not None]
                cpu["logins"] = (cpu_s(pid) - cpu_before,
                                 *map(float.__sub__, browser_cpu_s(pid), browser_before),
                                 time.perf_counter() - t)
                for session in sessions:
                    if session.login_s is None and not session.errors:
                        session.errors.append("login: not done within the login budget")
                print(f"{len(up)}/{len(sessions)} sessions logged in and on their canvas in "
                      f"{time.perf_counter() - t:.1f} s")
                await asyncio.sleep(2)
                rss["all sessions up"] = rss_mb(pid)

                t = time.perf_counter()
                cpu_before, browser_before = cpu_s(pid), browser_cpu_s(pid)
                await bounded([s.add_items(deadline, args.think) for s in up],
                              max(30, deadline - time.time() + 20),
                              lambda: f"{sum(len(s.latencies) for s in up)} adds done")
                adds_s = time.perf_counter() - t
                cpu["adds"] = (cpu_s(pid) - cpu_before,
                               *map(float.__sub__, browser_cpu_s(pid), browser_before), adds_s)
                rss["after the adds"] = rss_mb(pid)
            finally:
                await browser.close()
    finally:
        app.stop()

    lost = 0  # shown as added in the browser, missing from the stored canvas
    missing = 0  # of the 10 texts per user, not stored (lost, failed or never typed)
    extra = 0
    for session in sessions:
        if args.bare:  # nothing is stored: count what the page showed
            missing += ITEMS - len(session.confirmed)
            continue
        stored = CanvasStore(data, session.username).load(session.canvas_id)
        texts = [job.text for job in stored.jobs]
        wanted = [item_text(session.index, n) for n in range(1, ITEMS + 1)]
        lost += sum(1 for w in session.confirmed if w not in texts)
        missing += sum(1 for w in wanted if w not in texts)
        extra += sum(1 for x in texts if x not in wanted) + len(texts) - len(set(texts))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    latencies = [x for s in sessions for x in s.latencies]
    walls = [x for s in sessions for x in s.walls]
    errors = [f"{s.username}: {e}" for s in sessions for e in s.errors]
    logins = [s.login_s for s in sessions if s.login_s is not None]
    up_count = sum(1 for s in sessions if s.login_s is not None)
    per_session = (rss["all sessions up"] - rss["before login"]) / max(1, up_count)

    print()
    print(f"{'figure':44} value")
    print(f"{'sessions up / adds measured':44} {up_count}/{len(sessions)} / "
          f"{len(latencies)}/{len(sessions) * ITEMS}")
    if logins:
        print(f"{'log in + open canvas, median / max (s)':44} "
              f"{statistics.median(logins):.2f} / {max(logins):.2f}")
    print(f"{'all adds, wall time (s)':44} {adds_s:.1f}")
    if latencies:
        print(f"{'add: Enter -> visible p50 / p95 / max (s)':44} "
              f"{statistics.median(latencies):.3f} / {percentile(latencies, 0.95):.3f} / "
              f"{max(latencies):.3f}")
        print(f"{'add, Python wall clock p50 / p95 (s)':44} "
              f"{statistics.median(walls):.3f} / {percentile(walls, 0.95):.3f}")
    print(f"{'errors':44} {len(errors)}")
    print(f"{'items lost (shown added, not stored)':44} {lost}")
    print(f"{'texts not stored / unexpected or doubled':44} {missing} / {extra}")
    print("CPU seconds used (server / Chromium / Playwright driver) against wall seconds:")
    for phase, (used, chromium, driver, wall) in cpu.items():
        print(f"{'  during ' + phase:44} {used:.1f} / {chromium:.1f} / {driver:.1f} "
              f"in {wall:.1f}")
    if "adds" in cpu and latencies:
        print(f"{'server CPU per add (s)':44} {cpu['adds'][0] / len(latencies):.3f}")
    for label, value in rss.items():
        print(f"{'server RSS ' + label + ' (MB)':44} {value:.1f}")
    print(f"{'server RSS per session (MB)':44} {per_session:.1f} "
          f"(over {up_count} sessions up)")
    budget = [e for e in errors if "time budget" in e or "login budget" in e]
    if budget:
        print(f"  {len(budget)} sessions ran out of the time budget (not done, not failed)")
    for session in sessions:
        failed = [e for e in session.errors if "time budget" not in e and "login budget" not in e]
        if failed:
            more = f" (+{len(failed) - 1} more)" if len(failed) > 1 else ""
            print(f"  error: {session.username}: {failed[0]}{more}")
    print(f"(elapsed {time.time() - began:.0f} s; load average at end: "
          f"{load_average()})")

    p95 = percentile(latencies, 0.95) if latencies else float("inf")
    expected_adds = len(sessions) * ITEMS
    print(f"TARGET add p95 < {TARGET_P95} s: {p95:.2f} s "
          f"{'PASS' if p95 < TARGET_P95 and len(latencies) == expected_adds else 'FAIL'}")
    print(f"TARGET no errors: {len(errors)} {'PASS' if not errors else 'FAIL'}")
    print(f"TARGET no lost item: {lost} lost, {missing} of {len(sessions) * ITEMS} not stored "
          f"{'PASS' if lost == 0 and missing == 0 else 'FAIL'}")
    memory_ok = per_session < TARGET_MB_PER_SESSION and up_count == len(sessions)
    print(f"TARGET < {TARGET_MB_PER_SESSION:.0f} MB per session: {per_session:.1f} MB "
          f"({up_count} sessions up) {'PASS' if memory_ok else 'FAIL'}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--stagger", type=float, default=0.5,
                        help="seconds between two sessions starting to log in (default 0.5)")
    parser.add_argument("--login-parallel", type=int, default=6,
                        help="sessions loading the app / logging in at once (default 6)")
    parser.add_argument("--login-budget", type=float, default=170,
                        help="give up on logins not done after this many seconds (default 170)")
    parser.add_argument("--budget", type=float, default=280,
                        help="stop adding after this many seconds (default 280)")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for the app server only, to try a fix")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary data folder and server log")
    parser.add_argument("--think", type=float, default=0.0,
                        help="average seconds a learner pauses before each add (default 0: "
                             "every session adds as fast as the page answers)")
    parser.add_argument("--bare", action="store_true",
                        help="the yardstick: the same sessions and adds against a bare "
                             "Streamlit page with the same add form (no login, no storage)")
    args = parser.parse_args()
    args.sessions = max(1, min(args.sessions, 60))
    args.login_parallel = max(1, args.login_parallel)
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
