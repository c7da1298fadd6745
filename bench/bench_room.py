"""Thirty learners following the room: what the banner's polling costs the server, and how
long a step change takes to reach them.

Run: ``python bench/bench_room.py`` from the repo root (prints figures; not a test).
``--seconds 60`` for a quick run (default 300, the issue's five minutes);
``--database`` keeps the data in a PostgreSQL of its own instead of the data folder.
``--servers N`` starts N app servers behind nginx (``scripts/cluster.py``, as
``bench_sessions.py --servers`` does, each learner pinned to a server by its route cookie);
nginx serves the change signal itself, so the CPU compared is the app servers' sum, and
nginx's own is printed beside it.

Each learner is a protocol client of ``bench/bench_sessions.py`` (Streamlit's own
``BackMsg``/``ForwardMsg`` over the WebSocket, no browser): it logs in and opens its canvas
on the profile page. It then does what the banner does in a browser, each client with its
own phase, as thirty laptops would:

- the fragment's own rerun: the server sends an ``auto_rerun`` message with the
  fragment's id and interval, and the frontend asks for that fragment every interval;
- the change signal (``assets/live/countdown.js``): every 1.6 s an HTTP GET of the
  room's signal file, and when its version moved on, the component's trigger
  (``setTriggerValue("stale", version)``, sent as the browser sends it) reruns the banner.

``--every-second`` measures the design this replaced: no signal, the banner fragment
rerun every second (pass it with the app's ``POLL_SECONDS`` set to 1 through
``--env VPC_ROOM_POLL_SECONDS=1``).

Two phases on the same server, with the same thirty clients logged in:

1. yardstick: the learners are not in any workshop, so their pages carry no banner and
   nothing polls; the server's CPU over the phase is what thirty idle sessions cost;
2. following: the learners join the workshop and reload their page (the banner appears);
   the facilitator changes the step every few seconds (through the store, as the
   projector does) and each client notes when a poll first shows the new step.

Printed: the server's CPU as a percentage of one core in each phase, and the delay from
a step change to each learner seeing it (p50 / p95 / max over every learner and change).
Targets (issue 24, tighter than issue 14's 5 %): following costs at most 2.5 % of one core
more than the yardstick; 95 % of learners see a change within 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench._common import cpu_s, load_average, percentile, quiet_streamlit  # noqa: E402

quiet_streamlit()

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from bench.bench_sessions import (  # noqa: E402
    DONE,
    PASSWORD,
    RUN_TIMEOUT,
    LearnerSession,
    Servers,
    rerun_message,
)
from canvas.fileformat.models import blank_canvas  # noqa: E402
from canvas.i18n import translate  # noqa: E402
from canvas.room.state import STEPS  # noqa: E402
from canvas.store.choose import open_backend  # noqa: E402
from canvas.store.rules import accounts as accounts_module  # noqa: E402
from scripts.cluster import LocalPostgres, database_backend_problem  # noqa: E402

TARGET_CPU = 2.5       # % of one core, over the yardstick (issue 24; issue 14 had 5)
TARGET_P95 = 2.0       # seconds from a step change to a learner seeing it
CHANGE_EVERY = 15.0    # seconds between the facilitator's step changes (on average)
SIGNAL_EVERY = 1.6     # how often a browser reads the change signal (countdown.js)
STEP_LABELS = {translate(f"projector.step.{step}", "en"): step for step in STEPS}
NOW_RE = re.compile(r"\*\*Now:\*\* (.+)")


class Follower(LearnerSession):
    """A learner whose page polls the banner fragment as the browser would."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fragment: str | None = None
        self.interval: float | None = None
        self.sightings: dict[str, list[float]] = {}  # step -> when polls began showing it
        self.shown: str | None = None
        self.polls = 0
        self.signal_reads = 0
        self.component: str | None = None   # the countdown/signal component's widget id
        self.signal_url: str | None = None
        self.version = -1

    async def _exchange(self, *, page: str, query: str, fragment: str = "",
                        widgets=()) -> list[str]:
        """One run; returns the markdown bodies it drew and notes any auto-rerun."""
        await self.ws.send(rerun_message(page, query, fragment, widgets))
        bodies = []
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT))
            kind = reply.WhichOneof("type")
            if kind == "auto_rerun":
                self.fragment = reply.auto_rerun.fragment_id
                self.interval = reply.auto_rerun.interval
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    self.errors.append(element.exception.message[:200])
                elif which == "markdown":
                    bodies.append(element.markdown.body)
                elif (which == "bidi_component"
                      and "vpc_live_countdown" in element.bidi_component.id):
                    data = json.loads(element.bidi_component.json or "{}")
                    self.component = element.bidi_component.id
                    self.signal_url = data.get("signal_url")
                    self.version = data.get("version", -1)
            elif kind == "script_finished" and reply.script_finished in DONE:
                return bodies

    def _note(self, bodies: list[str]) -> None:
        now = time.perf_counter()
        for body in bodies:
            match = NOW_RE.search(body)
            if match and match.group(1) in STEP_LABELS:
                step = STEP_LABELS[match.group(1)]
                if step != self.shown:
                    self.shown = step
                    self.sightings.setdefault(step, []).append(now)

    async def reload(self) -> None:
        """A full page run (what a reload or a click elsewhere on the page gives)."""
        self._note(await self._exchange(page=self.pages["customer-profile"],
                                        query=f"canvas={self.canvas_id}"))

    async def _rerun(self, widgets=()) -> None:
        self._note(await self._exchange(page=self.pages["customer-profile"],
                                        query=f"canvas={self.canvas_id}",
                                        fragment=self.fragment, widgets=widgets))
        self.polls += 1

    async def follow(self, until: float, rng: random.Random, signal: bool) -> None:
        if not self.fragment:
            self.errors.append("no banner fragment on the page")
            return
        # Each laptop its own phase, for the signal reads and for the banner's own rerun.
        await asyncio.sleep(rng.uniform(0, SIGNAL_EVERY if signal else self.interval))
        next_rerun = time.perf_counter() + (rng.uniform(0, self.interval) if signal else 0)
        http = await HttpClient.open(self.url) if signal else None
        try:
            while time.perf_counter() < until:
                if time.perf_counter() >= next_rerun:
                    await self._rerun()
                    next_rerun += self.interval
                if not signal:
                    await asyncio.sleep(max(0.0, next_rerun - time.perf_counter()))
                    continue
                started = time.perf_counter()
                version = await http.version(self.signal_url) if self.signal_url else None
                self.signal_reads += 1
                if version is not None and version > self.version:
                    await self._rerun([self._stale(version)])
                await asyncio.sleep(max(0.0, SIGNAL_EVERY - (time.perf_counter() - started)))
        finally:
            if http:
                http.close()

    def _stale(self, version: int):
        """What the browser sends for ``setTriggerValue("stale", version)``."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{self.component}__events")
        widget.json_trigger_value = json.dumps([{"event": "stale", "value": version}])
        return widget


class HttpClient:
    """One keep-alive HTTP/1.1 connection, as a browser tab keeps to its server."""

    def __init__(self, reader, writer, host: str):
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, ws_url: str) -> HttpClient:
        host, port = ws_url.split("//", 1)[1].split("/", 1)[0].split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        return cls(reader, writer, f"{host}:{port}")

    async def version(self, path: str) -> int | None:
        self.writer.write(f"GET /{path}?t={time.time_ns()} HTTP/1.1\r\nHost: {self.host}\r\n"
                          "\r\n".encode())
        status = (await self.reader.readline()).split()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        body = await self.reader.readexactly(length)
        if len(status) < 2 or status[1] != b"200":
            return None
        return json.loads(body)["v"]

    def close(self) -> None:
        self.writer.close()


def seed(store, count: int) -> tuple[str, dict[int, str]]:
    accounts_module.forget_server_registrations()
    store.accounts().register("fiona", "fiona@example.org", "Fiona", "Facilitator", PASSWORD)
    code = store.workshops().create("Bench room", "fiona").code
    canvases = {}
    for index in range(count):
        accounts_module.forget_server_registrations()
        username = f"learner{index:02d}"
        store.accounts().register(username, f"{username}@example.org", "Test", "User",
                                  PASSWORD)
        canvases[index] = store.canvases(username).create(
            blank_canvas(f"Canvas of learner {index:02d}", "en", "Night-shift nurses")).id
    return code, canvases


async def measure_cpu(cpu, seconds: float) -> float:
    """``cpu()``'s CPU seconds over ``seconds``, as a percentage of one core."""
    cpu0, t0 = cpu(), time.perf_counter()
    await asyncio.sleep(seconds)
    return 100 * (cpu() - cpu0) / (time.perf_counter() - t0)


def nginx_cpu(servers: Servers) -> float:
    """CPU seconds of the cluster's nginx, its master and its workers (0 without one)."""
    nginx = servers.cluster.nginx if servers.cluster else None
    if nginx is None:
        return 0.0
    pids = [nginx.pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == nginx.pid:
                pids.append(int(stat.parent.name))
    return sum(cpu_s(pid) for pid in pids)


async def change_steps(room, code: str, until: float, changes: list, rng) -> None:
    """The facilitator moves through the steps; each change is timed at its commit."""
    order = [s for s in STEPS if s != "segment"] + ["segment"]
    index = 0
    while True:
        await asyncio.sleep(rng.uniform(0.6, 1.4) * CHANGE_EVERY)
        if time.perf_counter() > until - 3:
            return
        step = order[index % len(order)]
        index += 1
        await asyncio.to_thread(room.set_step, code, "fiona", step)
        changes.append((step, time.perf_counter()))


async def run(args) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="bench_room_"))
    tmp.chmod(0o755)
    data = tmp / "data"
    data.mkdir()
    postgres = url = None
    try:
        if args.database:
            problem = database_backend_problem("postgresql://check/vpc", sys.executable)
            if problem:
                print(f"cannot run on PostgreSQL: {problem}")
                return 2
            postgres = LocalPostgres(tmp / "pg", tmp / "pgsock", tmp / "postgres.log")
            url = postgres.start()
        return await _run(args, data, url)
    finally:
        if postgres:
            postgres.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


async def _run(args, data: Path, url: str | None) -> int:
    store = open_backend(url or data)
    code, canvases = seed(store, args.learners)
    servers = Servers(data, args, url)
    rng = random.Random(14)
    where = (f"{args.servers} app servers behind nginx" if args.servers
             else "one app server")
    print(f"machine: {os.cpu_count()} cores; load average at start: {load_average()}; "
          f"{args.learners} learners on {'PostgreSQL' if url else 'the data folder'}, "
          f"{where}; following for {args.seconds:.0f} s")
    routes = servers.routes(args.learners)
    sessions = [Follower(i, servers.url, canvases[i], routes[i])
                for i in range(args.learners)]
    try:
        for warm_route in dict.fromkeys(routes):   # one session warms each server up
            warm = Follower(0, servers.url, canvases[0], warm_route)
            await warm.log_in_and_open()
            await warm.close()
        for session in sessions:  # one after another: logins are not what is measured
            await session.log_in_and_open()
        await asyncio.sleep(3)
        idle = min(args.seconds, args.yardstick)
        nginx0, t0 = nginx_cpu(servers), time.perf_counter()
        yardstick = await measure_cpu(servers.cpu, idle)
        nginx_idle = 100 * (nginx_cpu(servers) - nginx0) / (time.perf_counter() - t0)

        for session in sessions:
            store.workshops().join(code, session.username)
        store.room().set_step(code, "fiona", "segment")
        for session in sessions:
            await session.reload()
        intervals = {s.interval for s in sessions}
        await asyncio.sleep(2)
        until = time.perf_counter() + args.seconds
        changes: list[tuple[str, float]] = []
        cpu0, nginx0, t0 = servers.cpu(), nginx_cpu(servers), time.perf_counter()
        await asyncio.gather(change_steps(store.room(), code, until, changes, rng),
                             *(s.follow(until, rng, not args.every_second) for s in sessions))
        spent = time.perf_counter() - t0
        following = 100 * (servers.cpu() - cpu0) / spent
        nginx_following = 100 * (nginx_cpu(servers) - nginx0) / spent
        for session in sessions:
            await session.close()
    finally:
        servers.stop()

    delays, missed = [], 0
    for index, (step, at) in enumerate(changes):
        later = changes[index + 1][1] if index + 1 < len(changes) else float("inf")
        for session in sessions:
            seen = _first_seen(session, step, at, later)
            if seen is None:
                missed += 1
            else:
                delays.append(seen - at)
    errors = [f"learner{s.index:02d}: {e}" for s in sessions for e in s.errors]
    errors += [f"learner{s.index:02d}: never read the change signal" for s in sessions
               if not args.every_second and not s.signal_reads]
    polls = sum(s.polls for s in sessions)
    reads = sum(s.signal_reads for s in sessions)
    print()
    print(f"{'figure':56} value")
    print(f"{'poll interval the server asked for (s)':56} {sorted(intervals)}")
    print(f"{'banner reruns / per second':56} {polls} / {polls / args.seconds:.1f}")
    print(f"{'change-signal reads / per second':56} {reads} / {reads / args.seconds:.1f}")
    print(f"{'step changes / learner sightings / missed':56} {len(changes)} / "
          f"{len(delays)} / {missed}")
    print(f"{'app server CPU, yardstick: 30 idle pages (% of a core)':56} {yardstick:.1f}")
    print(f"{'app server CPU, following (% of a core)':56} {following:.1f}")
    if servers.cluster:
        print(f"{'nginx CPU, yardstick / following (% of a core)':56} "
              f"{nginx_idle:.1f} / {nginx_following:.1f}")
    if delays:
        print(f"{'step change -> learner sees it p50 / p95 / max (s)':56} "
              f"{percentile(delays, .5):.2f} / {percentile(delays, .95):.2f} / "
              f"{max(delays):.2f}")
    print(f"{'errors':56} {len(errors)}")
    for error in errors[:5]:
        print(f"  error: {error}")
    print(f"(load average at end: {load_average()})")
    extra = following - yardstick
    p95 = percentile(delays, .95) if delays else float("inf")
    targets = [
        (f"following costs <= {TARGET_CPU:g} % of a core over the yardstick",
         f"{extra:.1f} %", extra <= TARGET_CPU),
        (f"95 % of learners see a step change within {TARGET_P95:.0f} s", f"p95 {p95:.2f} s",
         p95 <= TARGET_P95 and missed == 0),
        ("no errors", str(len(errors)), not errors),
    ]
    for name, value, ok in targets:
        print(f"TARGET {name}: {value} {'PASS' if ok else 'FAIL'}")
    return 0 if all(ok for *_, ok in targets) else 1


def _first_seen(session: Follower, step: str, at: float, later: float) -> float | None:
    """When this learner first saw ``step`` after it was set at ``at`` (and before the
    next change, when a sighting would belong to a later round)."""
    return next((t for t in session.sightings.get(step, []) if at <= t < later), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--yardstick", type=float, default=60.0,
                        help="seconds of the idle yardstick phase (default 60)")
    parser.add_argument("--database", action="store_true",
                        help="a PostgreSQL of its own (scripts/cluster.py's LocalPostgres)")
    parser.add_argument("--every-second", action="store_true",
                        help="no change signal: rerun the banner at its own interval only")
    parser.add_argument("--servers", type=int, default=0, metavar="N",
                        help="N app servers behind nginx (scripts/cluster.py), which serves "
                             "the change signal itself; the CPU is the app servers' sum")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for the app server")
    parser.add_argument("--keep", action="store_true")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
