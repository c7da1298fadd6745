"""Thirty learners at once, measured at the server: 30 Streamlit sessions without browsers.

Run: ``python bench/bench_sessions.py`` from the repo root (prints figures; not a test).

bench_concurrency.py drives 30 real browser contexts, and on a 2-core machine those 30
renderers use most of the CPU (its ``--bare`` run shows that even a bare Streamlit page is
slow there). In a workshop every learner brings their own laptop: what the server must
deliver is the time from a learner's action reaching it to the answer leaving it. This
script measures that. Each session speaks Streamlit's own WebSocket protocol (the
``BackMsg``/``ForwardMsg`` protobufs the browser sends and receives): it loads the app,
logs in through the login form (bcrypt and all), opens its own canvas on the profile page
and adds 10 jobs on the board, as the browser does after Enter in the jobs lane's add box:
the board calls ``setTriggerValue("action", {type: "add", ...})``, which the frontend sends
as a fragment run carrying one JSON trigger on the component's events widget
(``$$STREAMLIT_INTERNAL_KEY_<element id>__events``, a list of ``{event, value}``; see
streamlit/components/v2/bidi_component/main.py and ``setTriggerValue`` in the frontend's
BidiComponent module). An add's latency runs from sending the message to receiving the
board element whose data holds the new note; the run must also finish without an
exception element. Afterwards every stored canvas is compared with the texts sent.

Targets (as bench_concurrency.py): add p95 < 1.5 s, no errors, no lost item,
< 40 MB server memory per session.

Several servers (issue 13): ``--servers N`` starts N app servers on one data folder behind
nginx with scripts/cluster.py (the same cluster as scripts/cluster.sh, its rate limits
raised since every session comes from this one address) and connects through nginx; each
session carries a route cookie, chosen so the sessions spread evenly over the servers.
``--steps 10,20,30,45,60`` (the default with ``--servers``) then logs in the largest number
of sessions once and lets the first 10, 20, ... of them add at once in turn, giving the
throughput curve: adds per second and p95 per step, the best throughput with a p95 of at
most 1 s, and the p95 at 60 sessions. Target: 2 servers sustain at least 1.7 times the
adds per second of one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
    cpu_s,
    load_average,
    percentile,
    quiet_streamlit,
    rss_mb,
)

quiet_streamlit()

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from canvas.fileformat.models import blank_canvas  # noqa: E402
from canvas.store.choose import open_backend  # noqa: E402
from canvas.store.rules import accounts as accounts_module  # noqa: E402
from scripts.cluster import Cluster, LocalPostgres, database_backend_problem  # noqa: E402
from tests.conftest import Server  # noqa: E402

PASSWORD = "Secret#123"
TARGET_P95 = 1.5
TARGET_MB_PER_SESSION = 40.0
STEP_P95 = 1.0           # "adds per second at a p95 of at most 1 s"
TARGET_SCALING = 1.7     # 2 servers against 1
RUN_TIMEOUT = 120.0
#: ScriptFinishedStatus values that end what the user asked for (not "early for a rerun").
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class RunResult:
    def __init__(self):
        self.widgets: dict[str, tuple[str, str]] = {}  # key suffix -> (widget id, fragment)
        self.pages: dict[str, str] = {}                # url path -> page script hash
        self.texts: list[str] = []
        self.exceptions: list[str] = []
        self.seen_at: float | None = None
        self.finished_s = 0.0
        self.messages = 0


def rerun_message(page: str, query: str, fragment: str = "", widgets=()) -> bytes:
    """What a browser sends to run a page (or one fragment of it) with these widgets."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = query
    state.page_script_hash = page
    if fragment:
        state.fragment_id = fragment
    for widget in widgets:
        state.widget_states.widgets.append(widget)
    return message.SerializeToString()


class LearnerSession:
    """One learner, speaking the protocol the Streamlit frontend speaks."""

    def __init__(self, index: int, url: str, canvas_id: str, route: str | None = None):
        self.index = index
        self.route = route
        self.username = f"learner{index:02d}"
        self.url = url
        self.canvas_id = canvas_id
        self.ws = None
        self.pages: dict[str, str] = {}
        self.widgets: dict[str, tuple[str, str]] = {}
        self.login_s: float | None = None
        self.latencies: list[float] = []
        self.finish_latencies: list[float] = []
        self.sent: list[str] = []
        self.seen: list[bool] = []  # per text sent: whether it came back
        self.messages: list[int] = []
        self.errors: list[str] = []

    async def _run(self, *, page: str = "", query: str = "", widgets=(), fragment: str = "",
                   marker: str | None = None) -> RunResult:
        result = RunResult()
        started = time.perf_counter()
        await self.ws.send(rerun_message(page, query, fragment, widgets))
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT))
            kind = reply.WhichOneof("type")
            result.messages += 1
            if kind == "navigation":
                result.pages = {p.url_pathname: p.page_script_hash
                                for p in reply.navigation.app_pages}
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                self._read_element(reply, result, marker, started)
            elif kind == "script_finished" and reply.script_finished in DONE:
                break
        result.finished_s = time.perf_counter() - started
        return result

    @staticmethod
    def _read_element(reply, result: RunResult, marker: str | None, started: float) -> None:
        element = reply.delta.new_element
        kind = element.WhichOneof("type")
        inner = getattr(element, kind)
        if kind == "exception":
            result.exceptions.append(f"{inner.type}: {inner.message}"[:200])
        if kind in ("markdown", "heading"):
            result.texts.append(inner.body)
            if marker and result.seen_at is None and marker in inner.body:
                result.seen_at = time.perf_counter() - started
        if kind == "bidi_component" and marker and result.seen_at is None:
            notes = json.loads(inner.json or "{}").get("notes", {})
            if any(note["text"] == marker for note in notes.get("jobs", [])):
                result.seen_at = time.perf_counter() - started
        widget_id = getattr(inner, "id", "")
        if widget_id.startswith("$$ID-"):
            key = widget_id.split("-", 2)[2]
            result.widgets[key] = (widget_id, reply.delta.fragment_id)

    async def log_in_and_open(self) -> None:
        started = time.perf_counter()
        headers = {"Cookie": f"vpc_route={self.route}"} if self.route else None
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=RUN_TIMEOUT, ping_timeout=None,
                                           additional_headers=headers)
        first = await self._run()
        form = [self._text(first, "login_user", self.username),
                self._text(first, "login_password", PASSWORD),
                self._trigger(first, "FormSubmitter:login_form-")]
        logged_in = await self._run(widgets=form)
        if not logged_in.pages.get("customer-profile"):
            raise RuntimeError("still on the login page after logging in")
        self.pages = logged_in.pages
        profile = await self._run(page=self.pages["customer-profile"],
                                  query=f"canvas={self.canvas_id}")
        if not any(f"Canvas of learner {self.index:02d}" in t for t in profile.texts):
            raise RuntimeError("the profile page did not show this learner's canvas")
        self.widgets = profile.widgets
        self.login_s = time.perf_counter() - started

    def _find(self, result_or_widgets, prefix: str) -> tuple[str, str]:
        widgets = getattr(result_or_widgets, "widgets", result_or_widgets)
        for key, value in widgets.items():
            if key.startswith(prefix):
                return value
        raise RuntimeError(f"no widget {prefix!r} on the page")

    def _text(self, source, prefix: str, value: str):
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget = WidgetState(id=self._find(source, prefix)[0])
        widget.string_value = value
        return widget

    def _trigger(self, source, prefix: str):
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget = WidgetState(id=self._find(source, prefix)[0])
        widget.trigger_value = True
        return widget

    def _board_action(self, action: dict):
        """The widget state the browser sends for the board's setTriggerValue("action", ...)."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        board_id, _ = self._find(self.widgets, "vpc_board_profile_")
        widget = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{board_id}__events")
        # The board sends its queue of unacknowledged actions, numbered
        # (canvas/ui/editor/board_widget.py).
        batch = {"client": f"bench-{self.index}", "actions": [action], "nonce": action["seq"]}
        widget.json_trigger_value = json.dumps([{"event": "action", "value": batch}])
        return widget

    async def add_items(self, count: int, think: float, rng: random.Random) -> None:
        _, fragment = self._find(self.widgets, "vpc_board_profile_")
        for number in range(1, count + 1):
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))
            text = f"Learner {self.index:02d} job {number:02d} wkq"
            self.sent.append(text)
            result = await self._run(
                page=self.pages["customer-profile"], query=f"canvas={self.canvas_id}",
                fragment=fragment,
                widgets=[self._board_action({"type": "add", "section": "jobs", "text": text,
                                             "kind": "functional",
                                             "seq": number})],
                marker=text)
            self.seen.append(not result.exceptions and result.seen_at is not None)
            if result.exceptions:
                self.errors.append(f"add {number}: {result.exceptions[0]}")
            elif result.seen_at is None:
                self.errors.append(f"add {number}: the new text never came back")
            else:
                self.latencies.append(result.seen_at)
                self.messages.append(result.messages)
                self.finish_latencies.append(result.finished_s)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


class Servers:
    """What the sessions connect to: one ``streamlit run`` directly, or N behind nginx."""

    def __init__(self, data: Path, args, database_url: str | None):
        env = dict(kv.split("=", 1) for kv in args.env)
        self.cluster = self.server = None
        if args.servers:
            self.cluster = Cluster(args.servers, data=data, run_dir=data.parent / "run",
                                   env=env, rate="100000r/m", burst=100_000,
                                   database_url=database_url)
            self.cluster.start()
            base = self.cluster.url
        else:
            if database_url:
                env["VPC_DATABASE_URL"] = database_url
            self.server = Server(data, env=env)
            base = self.server.url
        self.url = base.replace("http://", "ws://") + "/_stcore/stream"

    @property
    def pids(self) -> list[int]:
        if self.cluster:
            return [process.pid for _, process in self.cluster.servers]
        return [self.server.process.pid]

    def routes(self, count: int) -> list[str | None]:
        """Route cookies that spread ``count`` sessions evenly over the servers."""
        if not self.cluster:
            return [None] * count
        per_server = [self.cluster.route_to(n) for n in range(self.cluster.count)]
        return [per_server[i % len(per_server)] for i in range(count)]

    def cpu(self) -> float:
        return sum(cpu_s(pid) for pid in self.pids)

    def rss(self) -> float:
        return sum(rss_mb(pid) for pid in self.pids)

    def stop(self) -> None:
        if self.cluster:
            self.cluster.stop()
        else:
            self.server.stop()


async def add_round(sessions: list[LearnerSession], args, rng) -> tuple[list[float], float]:
    """All ``sessions`` add ``args.items`` jobs at once: their add latencies and the wall
    time."""
    before = [len(s.latencies) for s in sessions]
    started = time.perf_counter()
    outcome = await asyncio.gather(*(s.add_items(args.items, args.think, rng)
                                     for s in sessions), return_exceptions=True)
    wall = time.perf_counter() - started
    for session, problem in zip(sessions, outcome, strict=True):
        if isinstance(problem, Exception):
            session.errors.append(f"adding: {type(problem).__name__}: {problem}")
    return [x for s, n in zip(sessions, before, strict=True) for x in s.latencies[n:]], wall


async def run(args) -> int:
    started: list[LocalPostgres] = []
    try:
        return await _run(args, started)
    finally:
        for postgres in started:
            postgres.stop()


async def _run(args, started: list) -> int:
    steps = sorted({int(x) for x in args.steps.split(",")}) if args.steps else [args.sessions]
    total = max(steps)
    where = (f"{args.servers} app server(s) behind nginx" if args.servers
             else "one app server, directly")
    tmp = Path(tempfile.mkdtemp(prefix="bench_sessions_"))
    tmp.chmod(0o755)  # PostgreSQL's own user keeps its files in here
    data = tmp / "data"
    data.mkdir()
    postgres = database_url = None
    if args.postgres:
        problem = database_backend_problem("postgresql://check/vpc", sys.executable)
        if problem:
            print(f"cannot run on PostgreSQL: {problem}")
            return 2
        postgres = LocalPostgres(tmp / "pg", tmp / "pgsock", tmp / "postgres.log")
        started.append(postgres)
        database_url = postgres.start()
    print(f"machine: {os.cpu_count()} cores; load average at start: {load_average()}; "
          f"{where} on {'PostgreSQL' if postgres else 'the data folder'}; {total} sessions "
          f"x {args.items} adds" + (f" in steps of {steps}" if len(steps) > 1 else "")
          + f", think time {args.think:.1f} s on average")
    store = open_backend(database_url or data)
    canvases = {}
    warmups = max(1, args.servers)  # one session warms each server up
    for index in range(total + warmups):
        accounts_module.forget_server_registrations()  # seeding is not a visitor: no sign-up limit
        username = f"learner{index:02d}"
        store.accounts().register(username, f"{username}@example.org", "Test", "User",
                                  PASSWORD)
        canvases[index] = store.canvases(username).create(
            blank_canvas(f"Canvas of learner {index:02d}", "en", "Night-shift nurses")).id
    servers = Servers(data, args, database_url)
    rng = random.Random(7)
    rounds, client_cpu = [], []  # client: this script, which shares the cores
    try:
        routes = servers.routes(total + warmups)
        for index in range(total, total + warmups):
            warm = LearnerSession(index, servers.url, canvases[index], routes[index])
            await warm.log_in_and_open()
            await warm.add_items(1, 0, rng)
            await warm.close()
        rss = {"started": servers.rss()}
        sessions = [LearnerSession(i, servers.url, canvases[i], routes[i])
                    for i in range(total)]

        cpu0, t0 = servers.cpu(), time.perf_counter()
        outcome = await asyncio.gather(*(s.log_in_and_open() for s in sessions),
                                       return_exceptions=True)
        login_wall, login_cpu = time.perf_counter() - t0, servers.cpu() - cpu0
        up = [s for s, o in zip(sessions, outcome, strict=True) if not isinstance(o, Exception)]
        for session, problem in zip(sessions, outcome, strict=True):
            if isinstance(problem, Exception):
                session.errors.append(f"log in: {type(problem).__name__}: {problem}")
        rss["all up"] = servers.rss()

        for step in steps:
            cpu0, own0 = servers.cpu(), time.process_time()
            latencies, wall = await add_round(up[:step], args, rng)
            rounds.append((step, latencies, wall, servers.cpu() - cpu0))
            client_cpu.append(time.process_time() - own0)
        rss["after adds"] = servers.rss()
        for session in sessions:
            await session.close()
    finally:
        servers.stop()

    lost = not_stored = 0
    for session in sessions:
        stored = {job.text for job in store.canvases(session.username)
                  .load(canvases[session.index]).jobs}
        shown = [text for text, seen in zip(session.sent, session.seen, strict=True) if seen]
        lost += sum(text not in stored for text in shown)
        not_stored += sum(text not in stored for text in session.sent)
    latencies = [x for _, values, _, _ in rounds for x in values]
    finished = [x for s in sessions for x in s.finish_latencies]
    logins = [s.login_s for s in sessions if s.login_s is not None]
    errors = [f"learner{s.index:02d} {e}" for s in sessions for e in s.errors]
    per_session = (rss["all up"] - rss["started"]) / max(1, len(up))
    adds_wall = sum(wall for _, _, wall, _ in rounds)
    adds_cpu = sum(cpu for *_, cpu in rounds)

    print()
    print(f"{'figure':44} value")
    print(f"{'sessions up / adds measured':44} {len(up)}/{len(sessions)} / "
          f"{len(latencies)}/{sum(step for step, *_ in rounds) * args.items}")
    if logins:
        print(f"{'log in + open canvas, median / max (s)':44} "
              f"{statistics.median(logins):.2f} / {max(logins):.2f} "
              f"(all {len(sessions)} at once, {login_wall:.1f} s wall)")
    if latencies:
        print(f"{'add: sent -> new text back p50 / p95 / max':44} "
              f"{percentile(latencies, .5):.3f} / {percentile(latencies, .95):.3f} / "
              f"{max(latencies):.3f} s")
        print(f"{'add: sent -> run finished p50 / p95':44} "
              f"{percentile(finished, .5):.3f} / {percentile(finished, .95):.3f} s")
    messages = [x for s in sessions for x in s.messages]
    if messages:
        print(f"{'messages the server sent per add, median':44} {statistics.median(messages)}")
    print(f"{'adds, wall time (s)':44} {adds_wall:.1f}")
    print(f"{'server CPU: logins / adds (s)':44} {login_cpu:.1f} / {adds_cpu:.1f}")
    if latencies:
        print(f"{'server CPU per add (s)':44} {adds_cpu / len(latencies):.3f}")
    print(f"{'server RSS: started / all up / after (MB)':44} {rss['started']:.1f} / "
          f"{rss['all up']:.1f} / {rss['after adds']:.1f}")
    print(f"{'server RSS per session (MB)':44} {per_session:.2f}")
    print(f"{'errors':44} {len(errors)}")
    for error in errors[:10]:
        print(f"  error: {error}")
    print(f"{'items lost (came back, not stored)':44} {lost}; not stored at all: {not_stored}")

    best = None
    if len(steps) > 1:
        print()
        print(f"{'sessions adding at once':24} {'adds/s':>8} {'p50 (s)':>8} {'p95 (s)':>8} "
              f"{'CPU s: servers / this client':>30}")
        for (step, values, wall, cpu), own in zip(rounds, client_cpu, strict=True):
            rate = len(values) / wall if wall else 0.0
            p95 = percentile(values, .95) if values else float("inf")
            median = percentile(values, .5) if values else float("inf")
            print(f"{step:<24} {rate:8.1f} {median:8.3f} {p95:8.3f} "
                  f"{cpu:20.1f} / {own:.1f} in {wall:.1f} s")
            if p95 <= STEP_P95 and (best is None or rate > best[1]):
                best = (step, rate)
        if best:
            print(f"RESULT adds per second at a p95 of at most {STEP_P95:.0f} s: "
                  f"{best[1]:.1f} (with {best[0]} sessions)")
        else:
            print(f"RESULT no step kept its p95 at or under {STEP_P95:.0f} s")
        for step, values, _, _ in rounds:
            if step == 60 and values:
                print(f"RESULT p95 at 60 sessions: {percentile(values, .95):.3f} s")
    print(f"(load average at end: {load_average()})")

    p95 = percentile(latencies, .95) if latencies else float("inf")
    targets = [
        ("no errors", str(len(errors)), not errors),
        ("no lost item", f"{lost} lost, {not_stored} not stored", lost == not_stored == 0),
        ("< 40 MB per session", f"{per_session:.2f} MB", per_session < TARGET_MB_PER_SESSION),
    ]
    if len(steps) == 1:
        targets.insert(0, ("add p95 < 1.5 s", f"{p95:.3f} s", p95 < TARGET_P95))
    for name, value, ok in targets:
        print(f"TARGET {name}: {value} {'PASS' if ok else 'FAIL'}")
    if args.keep:
        print(f"data and server logs kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if all(ok for *_, ok in targets) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--think", type=float, default=0.0,
                        help="average seconds a learner pauses before each add (default 0: "
                             "every session adds as fast as the server answers)")
    parser.add_argument("--servers", type=int, default=0,
                        help="start N app servers behind nginx (scripts/cluster.py) and go "
                             "through nginx; default 0: one server, directly")
    parser.add_argument("--steps", default=None,
                        help="comma-separated numbers of sessions adding at once, in turn "
                             "(default with --servers: 10,20,30,45,60)")
    parser.add_argument("--postgres", action="store_true",
                        help="keep the data in a PostgreSQL of its own (scripts/cluster.py's "
                             "LocalPostgres) instead of the data folder")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for the app server(s) only")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if args.servers and not args.steps:
        args.steps = "10,20,30,45,60"
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
