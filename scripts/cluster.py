"""Several app servers on one machine behind nginx: what scripts/cluster.sh runs.

One Streamlit process runs one script at a time (bench/bench_sessions.py: about 30 adds a
second at most), so a programme running many workshops at once needs several servers.
This starts N ``streamlit run app.py`` servers on free localhost ports, all on the same
store (the data folder, or PostgreSQL through ``VPC_DATABASE_URL``), and nginx in front of
them on one port with the configuration of ``scripts/nginx.conf.template``: sticky
sessions, WebSocket upgrade, security headers and rate limits. The app servers listen on
127.0.0.1 only, so every browser goes through nginx and gets its headers.

Written in Python rather than shell so the browser tests and the benchmark start and stop
exactly the same cluster (:class:`Cluster`) as the command does.

Usage: scripts/cluster.sh N [--postgres] [--port P] [--listen ADDR] [--data DIR]
       [--pg-dir DIR] [--run-dir DIR] [--rate R] [--burst B];
       scripts/cluster.sh --stop [--run-dir DIR]

An app server that stops by itself is started again on its port (after 1 s, then longer
while it keeps stopping: :meth:`Cluster.restart_stopped`), and nginx takes it back.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

try:  # imported as scripts.cluster by the tests, run as scripts/cluster.py by the command
    from scripts.warm_up import warm_up
except ImportError:
    from warm_up import warm_up

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
#: Where the app servers write the rooms' change signals, for nginx to serve them itself:
#: canvas.room.signal.SIGNAL_DIR (this script imports nothing of the app's;
#: tests/test_cluster.py checks that the two agree).
SIGNAL_DIR = ROOT / "static" / "room"
STATE_FILE = "cluster.json"
START_TIMEOUT = 90.0
#: A stopped app server is started again after 1 s, then 2, 4, ... up to 60 s while it
#: keeps stopping; once up for 5 minutes, its next stop waits 1 s again.
RESTART_BACKOFF = 1.0
RESTART_BACKOFF_MAX = 60.0
RESTART_STABLE = 300.0


class ClusterError(RuntimeError):
    """Something the operator must fix; the message says what."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen | None, timeout: float, what: str,
                 log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ClusterError(f"{what} stopped while starting; its log {log} ends with:\n"
                               + tail(log))
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise ClusterError(f"{what} did not answer within {timeout:.0f} s; see {log}:\n"
                       + tail(log))


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def unprivileged_user() -> str | None:
    """The user nginx's workers and PostgreSQL run as when we are root; None otherwise."""
    if os.geteuid() != 0:
        return None
    for name in ("www-data", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise ClusterError("running as root, but there is no unprivileged user "
                       "(www-data or nobody) to run nginx's workers as")


NO_BACKEND = ("this checkout has no PostgreSQL backend yet: the app ignores "
              "VPC_DATABASE_URL and would keep everything in the data folder. Run without "
              "--postgres (the servers then share the data folder), or use a checkout that "
              "includes the PostgreSQL backend.")

#: Run in a child process with the app's environment: where would the app keep its data?
#: Exit 3: in the data folder whatever VPC_DATABASE_URL says. With ``connect``, the store
#: is opened as a server opens it (which also migrates the schema once, before N servers
#: start together); exit 4 with the store's sentence when that fails.
_PROBE = """
import sys
from canvas import config
from canvas.store.choose import open_backend
try:
    from canvas.store.folder import FolderBackend
except ImportError:  # a checkout from before the backends sat side by side in canvas/store/
    from canvas.store.folder import FolderBackend
choose = getattr(config, "store_location", None)  # absent before the PostgreSQL backend
location = choose() if choose else config.data_dir()
if isinstance(location, str) and "--connect" in sys.argv:
    try:
        backend = open_backend(location)
    except Exception as error:
        print(f"{type(error).__name__}: {error}")
        sys.exit(4)
    sys.exit(3 if isinstance(backend, FolderBackend) else 0)
sys.exit(0 if isinstance(location, str) else 3)
"""


def database_backend_problem(url: str, python: str, *, connect: bool = False) -> str | None:
    """Why the app cannot keep its data at ``url``, or None when it will.

    Asked of the app's own code in a child process: a checkout that ignores
    ``VPC_DATABASE_URL`` would otherwise run every server on the data folder while the
    operator believes they share a database. Without ``connect`` nothing is contacted.
    """
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(
            [python, "-c", _PROBE, *(["--connect"] if connect else [])], cwd=ROOT,
            capture_output=True, text=True, timeout=180,
            env={**os.environ, "VPC_DATABASE_URL": url, "VPC_DATA_DIR": scratch})
    if done.returncode == 3:
        return NO_BACKEND
    if done.returncode == 4:
        return f"the database cannot be opened: {done.stdout.strip()[-1000:]}"
    if done.returncode != 0:
        return f"the app's store could not be loaded:\n{done.stderr.strip()[-2000:]}"
    return None


class LocalPostgres:
    """A PostgreSQL of its own from Debian's binaries: own data directory, reachable only
    through a Unix socket in the run directory, run as an unprivileged user when we are
    root (PostgreSQL refuses to run as root)."""

    #: The port PostgreSQL listened on, kept beside its data so that every start reuses it
    #: and the printed ``VPC_DATABASE_URL`` stays the same.
    PORT_FILE = "vpc-port"

    def __init__(self, data_dir: Path, socket_dir: Path, log: Path):
        self.data_dir = data_dir
        self.socket_dir = socket_dir
        self.log = log
        self.user = "postgres" if os.geteuid() == 0 else None
        self.bin = self._find_bin()
        self.port = self._kept_port() or free_port()

    def _kept_port(self) -> int | None:
        try:
            port = int((self.data_dir / self.PORT_FILE).read_text().strip())
        except (OSError, ValueError):
            return None
        with socket.socket() as probe:  # still free? (its socket file is in our run dir)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return None
        return port

    def check_reachable(self) -> None:
        """Before anything is created: PostgreSQL runs as the user ``postgres`` when we are
        root, and must reach its data directory and its socket's. A private folder (0700)
        above either made it fail half-way and leave an initialised data directory."""
        if not self.user:
            return
        for path in (self.data_dir, self.socket_dir):
            existing = next(p for p in (path, *path.parents) if p.exists())
            done = subprocess.run(["runuser", "-u", self.user, "--", "test", "-x",
                                   str(existing)], capture_output=True)
            if done.returncode != 0:
                raise ClusterError(
                    f"PostgreSQL runs as the user '{self.user}', who cannot reach {path} "
                    f"(a folder above it is private); choose --data, --pg-dir or --run-dir "
                    f"outside it, for example under /srv")

    @staticmethod
    def _find_bin() -> Path:
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                          key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
        if not versions:
            raise ClusterError("PostgreSQL is not installed: apt-get install postgresql")
        return versions[-1].parent

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True)
        if check and done.returncode != 0:
            raise ClusterError(f"{args[0]} failed: {done.stderr.strip() or done.stdout}")
        return done

    def _own(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        os.chmod(path, 0o700)
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self) -> str:
        self._own(self.socket_dir)
        if not (self.data_dir / "PG_VERSION").exists():
            self._own(self.data_dir)
            # Local socket only, trusted: the socket's directory is private (0700).
            self._run("initdb", "-D", str(self.data_dir), "--auth-local=trust",
                      "--auth-host=reject", "-E", "UTF8", "--locale=C.UTF-8")
        if self.user:
            self.log.touch()
            entry = pwd.getpwnam(self.user)
            os.chown(self.log, entry.pw_uid, entry.pw_gid)
        (self.data_dir / self.PORT_FILE).write_text(f"{self.port}\n")
        options = f"-c listen_addresses='' -k {self.socket_dir} -p {self.port}"
        self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", "start")
        user = self.user or pwd.getpwuid(os.geteuid()).pw_name
        exists = self._run("psql", "-h", str(self.socket_dir), "-p", str(self.port),
                           "-d", "postgres", "-tAc",
                           "SELECT 1 FROM pg_database WHERE datname = 'vpc'")
        if exists.stdout.strip() != "1":
            self._run("createdb", "-h", str(self.socket_dir), "-p", str(self.port), "vpc")
        return f"postgresql://{user}@/vpc?host={self.socket_dir}&port={self.port}"

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop",
                      check=False)


class Cluster:
    """N app servers and nginx, started together and stopped together."""

    def __init__(self, servers: int, *, data: Path, run_dir: Path, port: int = 0,
                 listen: str = "127.0.0.1", database_url: str | None = None,
                 rate: str = "120r/m", burst: int = 60, python: str = sys.executable,
                 env: dict | None = None, say=print):
        if servers < 1:
            raise ClusterError("the number of app servers must be at least 1")
        self.count = servers
        self.data = Path(data).resolve()
        self.run_dir = Path(run_dir).resolve()
        self.port = port or free_port()
        self.listen = listen
        self.database_url = database_url
        self.rate, self.burst = rate, burst
        self.python = python
        self.env = env or {}
        self.say = say
        self.servers: list[tuple[int, subprocess.Popen]] = []
        self.nginx: subprocess.Popen | None = None
        # Per server that stopped by itself: how many times in a row (the back-off doubles
        # each time), when it may start again (None once started), when it last started.
        self._retry: dict[int, tuple[int, float | None, float]] = {}

    @property
    def server_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port, _ in self.servers]

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.listen in ("0.0.0.0", "*") else self.listen
        return f"http://{host}:{self.port}"

    @property
    def store_location(self) -> Path | str:
        """What the servers keep their data in: the database URL, or the data folder."""
        return self.database_url or self.data

    @property
    def access_log(self) -> Path:
        return self.run_dir / "nginx-access.log"

    def route_to(self, server: int) -> str:
        """A route cookie value that nginx sends to app server ``server`` (from 0): found
        by asking, since nginx's access log names the server that answered each request.
        Tests pin a browser to a server with it; the benchmark spreads its sessions evenly."""
        upstream = f"upstream=127.0.0.1:{self.servers[server][0]} "
        for number in range(1000):
            value = f"{server:08x}{number:024x}"
            request = urllib.request.Request(f"{self.url}/_stcore/health",
                                             headers={"Cookie": f"vpc_route={value}"})
            with urllib.request.urlopen(request, timeout=10):
                pass
            if any(f"route={value} " in line and upstream in line
                   for line in self.access_log.read_text().splitlines()[-50:]):
                return value
        raise ClusterError(f"no route cookie value reaches app server {server + 1}")

    def nginx_config(self, ports: list[int]) -> str:
        user = unprivileged_user()
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;"
                            for port in ports)
        values = {
            "__USER_LINE__": f"user {user};" if user else "# not root: nginx runs as you",
            "__RUN_DIR__": str(self.run_dir),
            "__SERVERS__": servers,
            "__LISTEN__": f"{self.listen}:{self.port}",
            "__RATE__": self.rate,
            "__BURST__": str(self.burst),
            "__SIGNAL_DIR__": str(SIGNAL_DIR),
        }
        text = TEMPLATE.read_text(encoding="utf-8")
        for name, value in values.items():
            text = text.replace(name, value)
        return text

    def start(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise ClusterError("nginx is not installed: apt-get install nginx "
                               "(scripts/cluster.sh installs it when run as root)")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        (self.run_dir / "tmp").mkdir(exist_ok=True)
        self.data.mkdir(parents=True, exist_ok=True)
        if self.database_url:  # also migrates the schema once, before N servers race to
            problem = database_backend_problem(self.database_url, self.python, connect=True)
            if problem:
                raise ClusterError(f"cannot use PostgreSQL: {problem}")
        try:
            self._start_servers()
            self._start_nginx(nginx)
        except BaseException:
            self.stop()
            raise

    def _start_servers(self) -> None:
        environment = {**os.environ, "VPC_DATA_DIR": str(self.data), **self.env}
        if self.database_url:
            environment["VPC_DATABASE_URL"] = self.database_url
        else:
            environment.pop("VPC_DATABASE_URL", None)
        self._environment = environment
        for _ in range(self.count):
            port = free_port()
            self.servers.append((port, self._launch(port, "w")))
        for number, (port, process) in enumerate(self.servers, 1):
            wait_healthy(f"http://127.0.0.1:{port}", process, START_TIMEOUT,
                         f"app server {number}", self.run_dir / f"streamlit-{port}.log")
            warm_up(f"http://127.0.0.1:{port}")  # before nginx sends anyone to it

    def _launch(self, port: int, mode: str) -> subprocess.Popen:
        with open(self.run_dir / f"streamlit-{port}.log", mode) as out:
            return subprocess.Popen(
                [self.python, "-m", "streamlit", "run", "app.py",
                 "--server.port", str(port), "--server.address", "127.0.0.1",
                 "--server.headless", "true", "--server.fileWatcherType", "none",
                 "--browser.gatherUsageStats", "false"],
                cwd=ROOT, env=self._environment, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)  # Ctrl+C reaches us; we stop them in order

    def restart_stopped(self, now: float | None = None) -> list[str]:
        """Start again, on its own port, every app server that stopped by itself (killed,
        out of memory); nginx sends browsers to it again once it answers (``max_fails``
        and ``fail_timeout`` in the template). One that keeps stopping waits
        :data:`RESTART_BACKOFF` seconds, doubled at each stop up to
        :data:`RESTART_BACKOFF_MAX`, so a server that cannot start does not spin.
        Returns what to tell the operator."""
        now = time.monotonic() if now is None else now
        said = []
        for index, (port, process) in enumerate(self.servers):
            number = index + 1
            stops, due, since = self._retry.get(index, (0, None, 0.0))
            if process.poll() is None:
                if stops and now - since > RESTART_STABLE:
                    del self._retry[index]  # up long enough: its next stop starts afresh
                continue
            if due is None:  # just found stopped
                wait = min(RESTART_BACKOFF * 2 ** stops, RESTART_BACKOFF_MAX)
                self._retry[index] = (stops + 1, now + wait, since)
                said.append(f"app server {number} stopped by itself (exit "
                            f"{process.returncode}); starting it again in {wait:g} s; see "
                            f"{self.run_dir / f'streamlit-{port}.log'}")
            elif now >= due:
                started = self._launch(port, "a")
                self.servers[index] = (port, started)
                self._retry[index] = (stops, None, now)
                # Its first script run is app.py's own before nginx takes it back (a
                # reload at a deep address would meet Streamlit's "Page not found"). In
                # the background: the loop goes on watching the other servers meanwhile.
                threading.Thread(
                    target=warm_up, args=(f"http://127.0.0.1:{port}",), daemon=True,
                    kwargs={"timeout": START_TIMEOUT,
                            "alive": lambda process=started: process.poll() is None},
                ).start()
                said.append(f"app server {number} started again on http://127.0.0.1:{port}")
        return said

    def _start_nginx(self, nginx: str) -> None:
        conf = self.run_dir / "nginx.conf"
        conf.write_text(self.nginx_config([port for port, _ in self.servers]),
                        encoding="utf-8")
        error_log = self.run_dir / "nginx-error.log"
        command = [nginx, "-p", str(self.run_dir), "-c", str(conf), "-e", str(error_log)]
        checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
        if checked.returncode != 0:
            raise ClusterError(f"nginx refused {conf}:\n{checked.stderr.strip()}")
        self.nginx = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, start_new_session=True)
        wait_healthy(self.url, self.nginx, 30, "nginx", error_log)

    def state(self) -> dict:
        return {"controller": os.getpid(), "url": self.url,
                "servers": [{"pid": p.pid, "url": f"http://127.0.0.1:{port}"}
                            for port, p in self.servers],
                "nginx": self.nginx.pid if self.nginx else None}

    def stop(self) -> None:
        """nginx first (no new requests), then every app server; each by its own pid."""
        if self.nginx is not None:
            _end(self.nginx, signal.SIGTERM)  # fast: open WebSockets would hold a graceful one
            self.nginx = None
        for _, process in self.servers:
            if process.poll() is None:
                process.terminate()
        for _, process in self.servers:
            _end(process, None)
        self.servers = []


def _end(process: subprocess.Popen, first: signal.Signals | None, wait: float = 10) -> None:
    if process.poll() is None and first is not None:
        process.send_signal(first)
    try:
        process.wait(wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def _stop_running(run_dir: Path) -> int:
    """``--stop``: ask the controller of a running cluster to stop everything it started."""
    state_file = run_dir / STATE_FILE
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print(f"cluster: nothing to stop (no {state_file})")
        return 0
    controller = state.get("controller")
    if _is_ours(controller):
        os.kill(controller, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while _is_ours(controller) and time.monotonic() < deadline:
            time.sleep(0.2)
        print("cluster: stopped")
        return 0
    # The controller is gone (killed with SIGKILL?): end what it left behind.
    left = [s["pid"] for s in state.get("servers", [])] + [state.get("nginx")]
    for pid in left:
        if pid and _process_is(pid, ("streamlit", "nginx")):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
    state_file.unlink(missing_ok=True)
    print("cluster: stopped what the previous run left behind")
    return 0


def _process_is(pid: int, words: tuple[str, ...]) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    return any(word in command for word in words)


def _is_ours(pid) -> bool:
    return isinstance(pid, int) and _process_is(pid, ("cluster.py",))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/cluster.sh",
        description="Start N app servers on one store with nginx in front of them.")
    parser.add_argument("servers", type=int, nargs="?", help="how many app servers")
    parser.add_argument("--postgres", action="store_true",
                        help="start a local PostgreSQL (own data directory) and use it")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument("--listen", default="127.0.0.1",
                        help="nginx's address (default 127.0.0.1: this computer only; "
                             "--listen 0.0.0.0 opens it to the room's network)")
    parser.add_argument("--data", type=Path,
                        default=Path(os.environ.get("VPC_DATA_DIR") or ROOT / "data"),
                        help="the shared data folder (default $VPC_DATA_DIR or ./data)")
    parser.add_argument("--pg-dir", type=Path, default=None,
                        help="PostgreSQL's data directory with --postgres (default: "
                             "postgres/ inside the data folder, next to the rest of the data)")
    parser.add_argument("--run-dir", type=Path, default=ROOT / ".cluster",
                        help="nginx's configuration, logs and pids (default ./.cluster)")
    parser.add_argument("--rate", default="120r/m",
                        help="page loads and new sessions per client address (nginx rate)")
    parser.add_argument("--burst", type=int, default=60,
                        help="how many of them may come at once (nginx burst)")
    parser.add_argument("--stop", action="store_true", help="stop a running cluster")
    args = parser.parse_args(argv)
    run_dir = args.run_dir.resolve()
    if args.stop:
        return _stop_running(run_dir)
    if not args.servers:
        parser.error("say how many app servers to start, e.g. scripts/cluster.sh 3")
    if _is_ours((_read_state(run_dir) or {}).get("controller")):
        print(f"cluster: already running from {run_dir}; stop it with "
              f"scripts/cluster.sh --stop", file=sys.stderr)
        return 1

    postgres = None
    url = os.environ.get("VPC_DATABASE_URL") or None
    signal.signal(signal.SIGTERM, lambda *_: _interrupt())  # --stop: as Ctrl+C
    try:
        if args.postgres or url:  # ask the app first; nothing is started or contacted
            problem = database_backend_problem(url or "postgresql://check/vpc", sys.executable)
            if problem:
                print(f"cluster: cannot use PostgreSQL: {problem}", file=sys.stderr)
                return 2
        if args.postgres:
            postgres = LocalPostgres(_pg_dir(args).resolve(), run_dir / "pgsock",
                                     run_dir / "postgres.log")
            postgres.check_reachable()  # before anything is created
            run_dir.mkdir(parents=True, exist_ok=True)
            url = postgres.start()
            print(f"cluster: PostgreSQL  {url} (data in {postgres.data_dir})")
        cluster = Cluster(args.servers, data=args.data, run_dir=run_dir, port=args.port,
                          listen=args.listen, database_url=url, rate=args.rate,
                          burst=args.burst)
        store = "PostgreSQL" if url else f"the data folder {cluster.data}"
        print(f"cluster: starting {args.servers} app server(s) on {store}")
        cluster.start()
    except ClusterError as error:
        print(f"cluster: {error}", file=sys.stderr)
        if postgres:
            postgres.stop()
        return 1
    except KeyboardInterrupt:
        if postgres:
            postgres.stop()
        return 130
    status = 0
    try:
        (run_dir / STATE_FILE).write_text(json.dumps(cluster.state()), encoding="utf-8")
        for number, server in enumerate(cluster.server_urls, 1):
            print(f"cluster: app server {number}  {server}")
        print(f"cluster: nginx         {cluster.url}   <- open this one"
              + ("  (listening on every address of this machine)"
                 if args.listen in ("0.0.0.0", "*") else ""))
        if args.listen in ("127.0.0.1", "localhost", "::1"):
            print("cluster: only this computer can open it; to open it to the room, start "
                  "with --listen 0.0.0.0 and let the port through the firewall")
        print("cluster: Ctrl+C (or scripts/cluster.sh --stop) stops everything", flush=True)
        while True:
            if cluster.nginx is not None and cluster.nginx.poll() is not None:
                print("cluster: nginx stopped by itself; see "
                      f"{run_dir / 'nginx-error.log'}", file=sys.stderr)
                status = 1
                break
            # Meanwhile nginx sends the stopped server's browsers to the others.
            said = cluster.restart_stopped()
            for line in said:
                print(f"cluster: {line}", file=sys.stderr, flush=True)
            if said:  # --stop finds the servers by the pids written here
                (run_dir / STATE_FILE).write_text(json.dumps(cluster.state()),
                                                  encoding="utf-8")
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for name in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl+C must not cut it short
            signal.signal(name, signal.SIG_IGN)
        print("cluster: stopping", flush=True)
        cluster.stop()
        if postgres:
            postgres.stop()
        (run_dir / STATE_FILE).unlink(missing_ok=True)
    return status


def _pg_dir(args) -> Path:
    """``--pg-dir``, or ``postgres/`` in the data folder; a database the older default
    kept in ``./postgres-data`` is still used, so that an update finds its data."""
    if args.pg_dir is not None:
        return args.pg_dir
    older = ROOT / "postgres-data"
    if args.data.resolve() == (ROOT / "data").resolve() and (older / "PG_VERSION").exists():
        return older
    return args.data / "postgres"


def _interrupt() -> None:
    raise KeyboardInterrupt


def _read_state(run_dir: Path) -> dict | None:
    try:
        return json.loads((run_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


if __name__ == "__main__":
    sys.exit(main())
