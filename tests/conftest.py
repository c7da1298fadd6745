"""Shared fixtures: an isolated data folder, logged-in AppTests and a real server+browser."""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from scripts.warm_up import warm_up
from tests.browser_helpers import TRACKER

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
os.environ.setdefault("BROWSER_PATH", CHROMIUM)
# One bcrypt cost for the whole suite and every server it starts (they inherit the
# environment): the cheapest, as the tests make hundreds of accounts. The login tests that
# need production's cost set it themselves; bench/ keeps 12.
os.environ["VPC_BCRYPT_ROUNDS"] = "4"
# No export browser at every test server's start (see canvas/config.py); the few tests that
# export start it on first use, and test_browser_export.py checks the start-up warming.
os.environ["VPC_EXPORT_WARM_AT_START"] = "0"
# The board sends an unconfirmed action again after 2 s instead of 4 (the tests of lost
# messages wait for that resend).
os.environ["VPC_BOARD_RESEND_MS"] = "2000"


#: Modules that start app servers behind nginx (scripts/cluster.py).
CLUSTER_MODULES = {"test_cluster", "test_browser_cluster", "test_browser_room_reach"}
#: The longest browser modules, measured with ``--durations`` (seconds per module on a quiet
#: machine): started first so that no worker is left with one of them at the end.
HEAVY_FIRST = ("test_browser_polish", "test_browser_fit_text", "test_browser_cluster",
               "test_browser_outage", "test_browser_room", "test_browser_live",
               "test_browser_board", "test_browser_board_trust", "test_browser_room_reach",
               "test_browser_walk", "test_browser_workshop", "test_browser_mentor",
               "test_browser_evidence_trust", "test_browser_dropdowns", "test_cluster",
               "test_store_faults")


def _uses_postgres(item) -> bool:
    params = getattr(getattr(item, "callspec", None), "params", {})
    return ({"postgres_server", "own_postgres_server"} & set(item.fixturenames)
            or any(isinstance(value, str) and value == "postgres" for value in params.values()))


def pytest_collection_modifyitems(config, items):
    """Mark what needs PostgreSQL or a cluster (``-m "not postgres"`` leaves them out), and
    put the longest modules first, so that pytest-xdist's workers start on them."""
    for item in items:
        if _uses_postgres(item):
            item.add_marker(pytest.mark.postgres)
        if item.module.__name__.rpartition(".")[2] in CLUSTER_MODULES:
            item.add_marker(pytest.mark.cluster)

    def weight(item) -> int:
        name = item.module.__name__.rpartition(".")[2]
        if name in HEAVY_FIRST:
            return HEAVY_FIRST.index(name)
        return len(HEAVY_FIRST) + (0 if item.get_closest_marker("browser") else 1)

    items.sort(key=weight)  # stable: each module keeps its own order


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that used an app server gets the end of that server's log in its
    report: a CI failure in a browser test is otherwise a timeout with no cause."""
    report = yield
    if report.failed and call.when == "call":
        for value in getattr(item, "funcargs", {}).values():
            if isinstance(value, Server):
                report.sections.append((f"server log {value.url}", value.log_text()))
    return report


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("VPC_DATA_DIR", str(folder))
    monkeypatch.delenv("VPC_COOKIE_KEY", raising=False)
    monkeypatch.delenv("VPC_REGISTRATION", raising=False)
    return folder


class PostgresServer:
    """A throw-away PostgreSQL from Debian's binaries: ``initdb`` into a temporary folder,
    ``pg_ctl start`` on a free port with its socket in that folder. PostgreSQL refuses to
    run as root, so when the tests run as root the server runs as the ``postgres`` system
    user (created by the Debian package), through ``runuser``."""

    #: A freshly initialised, never started cluster, copied for each later server.
    _initialised: Path | None = None

    def __init__(self, root: Path, durable: bool = False):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            pytest.skip("PostgreSQL is not installed (scripts/setup.sh --test installs it)")
        self.bin = Path(found[-1]).parent
        self.root = root
        self.data = root / "pgdata"
        self.socket_dir = root / "socket"
        self.socket_dir.mkdir(parents=True)
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(root, self.user)
            shutil.chown(self.socket_dir, self.user)
        # Tests skip fsync (nothing outlives them); benchmarks keep it, as production does.
        self.durability = "" if durable else "-c fsync=off "
        if PostgresServer._initialised and PostgresServer._initialised.exists():
            # A copy of the cluster initdb made once (initdb costs about 2 s, the copy
            # about 0.1 s): the fault tests each take a server of their own.
            shutil.copytree(PostgresServer._initialised, self.data, symlinks=True)
            if self.user:
                subprocess.run(["chown", "-R", self.user, str(self.data)], check=True)
        else:
            self._pg("initdb", "-D", str(self.data), "-U", "vpc", "-A", "trust", "-E",
                     "UTF8", "--no-sync")
            copies = Path(tempfile.mkdtemp(prefix="vpc-initdb-"))
            atexit.register(shutil.rmtree, copies, ignore_errors=True)
            PostgresServer._initialised = copies / "pg"
            shutil.copytree(self.data, PostgresServer._initialised, symlinks=True)
        self.start()
        self.databases = 0
        self._template = False

    def start(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
                 "-o", f"-p {self.port} -k {self.socket_dir} -c listen_addresses='' "
                 f"{self.durability}-c max_connections=300", "start")

    def _pg(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if done.returncode:
            raise RuntimeError(f"{program} failed: {done.stdout}{done.stderr}")

    def url(self, database: str) -> str:
        return f"postgresql://vpc@/{database}?host={self.socket_dir}&port={self.port}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, migrated: bool = True) -> str:
        """An empty database: a copy of a template migrated once, or (``migrated=False``)
        a blank one that the backend migrates at its start."""
        if not migrated:
            self.databases += 1
            name = f"vpc_blank_{self.databases}"
            self.admin(f"CREATE DATABASE {name}")
            return self.url(name)
        if not self._template:
            self._template = True
            from canvas.store.postgres import migrate

            self.admin("CREATE DATABASE vpc_template")
            migrate(self.url("vpc_template"))
        self.databases += 1
        name = f"vpc_test_{self.databases}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE vpc_template")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.split("/")[3].split("?")[0]
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self, mode: str = "immediate") -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")


def _postgres_server():
    # Not under pytest's temporary folder: that one is private to root, and the server's
    # user must be able to reach its own folder.
    root = Path(tempfile.mkdtemp(prefix="vpc-postgres-"))
    server = PostgresServer(root)
    yield server
    from canvas.store.postgres import close_all

    close_all()
    with contextlib.suppress(RuntimeError):  # already stopped by a fault test
        server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL for the session; each test takes a fresh database on it."""
    yield from _postgres_server()


@pytest.fixture
def own_postgres_server():
    """A PostgreSQL of the test's own, for fault tests that stop and restart it."""
    yield from _postgres_server()


class StoreUnderTest:
    """One store shared by "servers": :meth:`open` gives another backend instance on the
    same data, as a second app server (or a child process) would have. For PostgreSQL
    each instance has its own connection pool, as each app server does."""

    def __init__(self, kind: str, location: Path | str):
        self.kind = kind
        self.location = location
        self._opened: list = []

    def open(self):
        from canvas.store.choose import open_backend

        if self.kind == "folder":
            return open_backend(self.location)
        if self.kind == "postgres":
            from canvas.store.postgres import PostgresBackend

            backend = PostgresBackend(self.location, max_connections=4)
            self._opened.append(backend)
            return backend
        raise ValueError(self.kind)

    def close(self) -> None:
        for backend in self._opened:
            backend.close()
        self._opened.clear()


@pytest.fixture(params=["folder", "postgres"])
def store_backend(request, tmp_path, monkeypatch) -> StoreUnderTest:
    """An empty store for the tests of accounts, canvases and workshops, once per backend.

    Tests that take it use only the methods of :mod:`canvas.store.base`; the
    PostgreSQL run gets a fresh database of its own on the session's server.
    """
    from canvas.store.rules import accounts

    for name in ("VPC_MAX_CANVASES", "VPC_MAX_USER_BYTES", "VPC_REGISTRATIONS_PER_MINUTE",
                 "VPC_REGISTRATIONS_PER_HOUR", "VPC_MAX_ACCOUNTS"):
        monkeypatch.delenv(name, raising=False)
    # A fresh "server": nothing registered through it in the last minute.
    accounts.forget_server_registrations()
    if request.param == "folder":
        yield StoreUnderTest("folder", tmp_path / "store")
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database()
    store = StoreUnderTest("postgres", url)
    yield store
    store.close()
    server.drop_database(url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``streamlit run`` of the app (or of another script, for benchmarks' yardsticks) on a
    free localhost port, with its own data folder."""

    def __init__(self, data: Path, env: dict | None = None, script: Path | str = APP):
        self.data = data
        #: What the server stores in: its data folder, or the database it was given.
        self.store_location = (env or {}).get("VPC_DATABASE_URL") or data
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(data.parent / f"streamlit-{self.port}.log", "w")  # noqa: SIM115
        environment = {**os.environ, "VPC_DATA_DIR": str(data), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=environment, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        warm_up(self.url)  # as run.sh and the cluster do
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start: {self.log_text()}")

    def log_text(self) -> str:
        """The log's end, without Streamlit's deprecation notices (one for every run of a
        page with a date field: they buried what a failure needs)."""
        self.log.flush()
        lines = Path(self.log.name).read_text(errors="replace").splitlines()
        kept = [line for line in lines if "st.components.v1.html" not in line
                and "st.iframe" not in line and line.strip()]
        return "\n".join(kept)[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One app server for the browser tests; each test uses its own user."""
    folder = tmp_path_factory.mktemp("server") / "data"
    folder.mkdir()
    srv = Server(folder)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # Registering hashes a password twice with bcrypt; on a busy 2-core machine that and
    # a Streamlit rerun can take longer than Playwright's 5 s default.
    expect.set_options(timeout=20_000)

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"])
        # Every page gets the run tracker that wait_idle() and settle() read, whichever
        # test made its context.
        new_context = instance.new_context

        def tracked_context(*args, **kwargs):
            made = new_context(*args, **kwargs)
            made.add_init_script(TRACKER)
            return made

        instance.new_context = tracked_context
        yield instance
        instance.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()
