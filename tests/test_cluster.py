"""scripts/cluster.sh as an operator runs it: it prints every address, everything answers
through nginx, and Ctrl+C or ``--stop`` leaves no process behind. ``--postgres`` runs the
servers on a PostgreSQL of their own, or, on a checkout whose app ignores
``VPC_DATABASE_URL``, is refused rather than faked."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from canvas.room import signal as room_signal
from scripts.cluster import SIGNAL_DIR, Cluster, ClusterError, database_backend_problem

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "cluster.sh"


def start_script(tmp_path: Path, servers: int) -> tuple[subprocess.Popen, list[str], str]:
    process = subprocess.Popen(
        [str(SCRIPT), str(servers), "--port", "0", "--listen", "127.0.0.1",
         "--data", str(tmp_path / "data"), "--run-dir", str(tmp_path / "run")],
        cwd=ROOT, env={**os.environ, "PYTHON": sys.executable}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    output = read_until_started(process)
    servers_urls = re.findall(r"app server \d+\s+(http://\S+)", output)
    front = re.search(r"nginx\s+(http://\S+)\s+<- open this one", output).group(1)
    return process, servers_urls, front


def read_until_started(process: subprocess.Popen) -> str:
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        assert line, f"the script ended early:\n{''.join(lines)}"
        lines.append(line)
        if "stops everything" in line:
            break
    return "".join(lines)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError):
        return False


def pids_of(run_dir: Path) -> list[int]:
    """Every process the cluster's run directory names: app servers and nginx."""
    ports = [int(p.stem.split("-")[1]) for p in run_dir.glob("streamlit-*.log")]
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(run_dir) in command or any(f"--server.port {port} " in command
                                          for port in ports):
            found.append(int(entry.name))
    return found


def nginx_may_read(folder: Path) -> bool:
    """Whether nginx's workers may read a file of ``folder``: as an unprivileged user, each
    folder on the way must let others through (nginx runs as us when we are not root)."""
    if os.geteuid() != 0:
        return True
    return all(path.stat().st_mode & stat.S_IXOTH for path in [folder, *folder.parents])


def test_the_script_serves_through_nginx_and_stop_ends_everything(tmp_path):
    process, servers, front = start_script(tmp_path, 2)
    try:
        assert len(servers) == 2 and all(answers(url) for url in servers)
        with urllib.request.urlopen(front, timeout=10) as reply:
            assert reply.status == 200
            assert reply.headers["X-Frame-Options"] == "DENY"
            assert re.match(r"vpc_route=[0-9a-f]{32};", reply.headers["Set-Cookie"])
        assert pids_of(tmp_path / "run")
        # A room's change signal comes from nginx itself, not from an app server (issue 24:
        # thirty learners read one every 1.6 s); one nginx cannot find from an app server.
        name = f"clustertest{os.getpid()}abcdef"
        room_signal.publish(name, 7)
        try:
            with urllib.request.urlopen(f"{front}/app/static/room/{name}.json?t=1",
                                        timeout=10) as reply:
                assert json.loads(reply.read()) == {"v": 7}
                assert reply.headers["X-Frame-Options"] == "DENY"
        finally:
            (room_signal.SIGNAL_DIR / f"{name}.json").unlink(missing_ok=True)
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{front}/app/static/room/{name}.json?t=2", timeout=10)
        # nginx logs a request once it has ended, which may be just after the reply reached
        # us (ci22 read the log first and found one line of two).
        served: list[str] = []
        deadline = time.monotonic() + 10
        while len(served) < 2 and time.monotonic() < deadline:
            access = (tmp_path / "run" / "nginx-access.log").read_text()
            served = [line for line in access.splitlines()
                      if f"/app/static/room/{name}" in line]
            time.sleep(0.1)
        assert len(served) == 2, served
        # Served by nginx when its workers may enter the folder (they run as an unprivileged
        # user when we are root); else, as before, by an app server.
        by_nginx = "upstream=- " if nginx_may_read(room_signal.SIGNAL_DIR) else "upstream=127."
        assert by_nginx in served[0] and "t=1" in served[0], served
        assert "upstream=127.0.0.1:" in served[1] and "t=2" in served[1], served
        stopped = subprocess.run([str(SCRIPT), "--stop", "--run-dir", str(tmp_path / "run")],
                                 cwd=ROOT, env={**os.environ, "PYTHON": sys.executable},
                                 capture_output=True, text=True, timeout=120)
        assert stopped.returncode == 0 and "stopped" in stopped.stdout
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert not answers(front) and not any(answers(url) for url in servers)
    assert pids_of(tmp_path / "run") == []


def test_nginx_serves_the_signals_from_where_the_app_writes_them():
    assert SIGNAL_DIR == room_signal.SIGNAL_DIR


def test_ctrl_c_ends_everything(tmp_path):
    process, servers, front = start_script(tmp_path, 1)
    try:
        assert answers(front)
        process.send_signal(signal.SIGINT)
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert not answers(front) and not answers(servers[0])
    assert pids_of(tmp_path / "run") == []


def test_postgres_is_used_only_when_the_app_keeps_its_data_there(tmp_path, monkeypatch):
    """``--postgres`` on a checkout whose app ignores VPC_DATABASE_URL starts nothing and
    says why; on one that honours it, the servers run on a PostgreSQL of their own."""
    from canvas import config

    monkeypatch.setenv("VPC_DATABASE_URL", "postgresql://check/vpc")
    choose = getattr(config, "store_location", None)
    honoured = choose is not None and choose() == "postgresql://check/vpc"
    monkeypatch.delenv("VPC_DATABASE_URL")
    problem = database_backend_problem("postgresql://check/vpc", sys.executable)
    if not honoured:
        assert problem is not None and "no PostgreSQL backend yet" in problem
        done = subprocess.run(
            [str(SCRIPT), "2", "--postgres", "--run-dir", str(tmp_path / "run"),
             "--data", str(tmp_path / "data")],
            cwd=ROOT, env={**os.environ, "PYTHON": sys.executable}, capture_output=True,
            text=True, timeout=120)
        assert done.returncode == 2
        assert "no PostgreSQL backend yet" in done.stderr
        assert not (tmp_path / "data").exists() and not (tmp_path / "run").exists()
        return
    assert problem is None
    home = Path(tempfile.mkdtemp(prefix="vpc-cluster-pg-"))  # reachable by user postgres
    home.chmod(0o755)
    process = subprocess.Popen(
        [str(SCRIPT), "1", "--postgres", "--port", "0", "--listen", "127.0.0.1",
         "--run-dir", str(home / "run"), "--data", str(tmp_path / "data"),
         "--pg-dir", str(home / "pg")],
        cwd=ROOT, env={**os.environ, "PYTHON": sys.executable}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        output = read_until_started(process)
        assert "on PostgreSQL" in output and "postgresql://" in output
        front = re.search(r"nginx\s+(http://\S+)\s+<- open this one", output).group(1)
        assert answers(front)
        process.send_signal(signal.SIGINT)
        assert process.wait(60) == 0
        assert not (home / "pg" / "postmaster.pid").exists()  # PostgreSQL stopped too
    finally:
        if process.poll() is None:
            process.kill()
        shutil.rmtree(home, ignore_errors=True)


def test_the_nginx_configuration_lists_every_server_and_the_policies(tmp_path):
    cluster = Cluster(3, data=tmp_path / "data", run_dir=tmp_path / "run", port=8123)
    text = cluster.nginx_config([4001, 4002, 4003])
    assert re.findall(r"server 127\.0\.0\.1:(\d+)", text) == ["4001", "4002", "4003"]
    assert "hash $vpc_route consistent;" in text
    assert "listen 127.0.0.1:8123;" in text
    assert "__" not in text  # every placeholder filled
    assert ('add_header X-Frame-Options "DENY" always;' in text
            and "frame-ancestors 'none'" in text)
    if os.geteuid() == 0:
        assert re.search(r"^user (www-data|nobody);", text, re.M)


@pytest.fixture(autouse=True)
def _no_database_url(monkeypatch):
    monkeypatch.delenv("VPC_DATABASE_URL", raising=False)


# -- issue 22, points 9 and 10: the cluster as an operator meets it -------------------------


def test_without_the_apps_environment_it_says_to_run_run_sh(tmp_path):
    done = subprocess.run([str(SCRIPT), "2", "--run-dir", str(tmp_path / "run")], cwd=ROOT,
                          env={**os.environ, "PYTHON": "/usr/bin/python3"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "run ./run.sh once" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "run").exists()


def test_it_listens_on_this_computer_only_unless_told(tmp_path):
    process = subprocess.Popen(
        [str(SCRIPT), "1", "--port", "0", "--data", str(tmp_path / "data"),
         "--run-dir", str(tmp_path / "run")],
        cwd=ROOT, env={**os.environ, "PYTHON": sys.executable}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        output = read_until_started(process)
        assert "--listen 0.0.0.0" in output  # says how to open it to the room
        conf = (tmp_path / "run" / "nginx.conf").read_text()
        assert re.search(r"listen 127\.0\.0\.1:\d+;", conf)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(60)


def test_a_killed_app_server_is_started_again_and_nginx_takes_it_back(tmp_path):
    process, servers, front = start_script(tmp_path, 2)
    try:
        state = json.loads((tmp_path / "run" / "cluster.json").read_text())
        victim = state["servers"][1]
        os.kill(victim["pid"], signal.SIGKILL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            state = json.loads((tmp_path / "run" / "cluster.json").read_text())
            if state["servers"][1]["pid"] != victim["pid"] and answers(victim["url"]):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the killed app server was not started again")
        assert state["servers"][1]["url"] == victim["url"]  # on its own port
        # Browsers whose route cookie leads to it reach it again through nginx.
        cluster = Cluster(2, data=tmp_path / "data", run_dir=tmp_path / "run",
                          port=int(front.rsplit(":", 1)[1]))
        cluster.servers = [(int(url.rsplit(":", 1)[1]), None) for url in servers]
        while True:
            try:
                assert cluster.route_to(1)
                break
            except ClusterError:  # nginx waits fail_timeout before it tries it again
                assert time.monotonic() < deadline + 60, "nginx never took it back"
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=60)[0]
        assert "app server 2 stopped by itself" in output
        assert "app server 2 started again" in output
    finally:
        if process.poll() is None:
            process.kill()
    assert pids_of(tmp_path / "run") == []


def test_restarts_back_off_while_a_server_keeps_stopping(tmp_path):
    cluster = Cluster(1, data=tmp_path / "data", run_dir=tmp_path / "run")
    cluster.run_dir.mkdir(parents=True)
    cluster._environment = dict(os.environ)
    launched = []

    class Dead:
        returncode = 1

        def poll(self):
            return 1

    cluster._launch = lambda port, mode: launched.append(port) or Dead()
    cluster.servers = [(4242, Dead())]
    waits = []
    now = 0.0
    for _ in range(5):
        said = cluster.restart_stopped(now)
        waits.append(float(re.search(r"again in ([\d.]+) s", said[0]).group(1)))
        now += waits[-1]
        assert "started again" in cluster.restart_stopped(now)[0]
    assert waits == [1, 2, 4, 8, 16] and launched == [4242] * 5


def _start_postgres(home: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [str(SCRIPT), "1", "--postgres", "--port", "0", "--data", str(home / "data"),
         "--run-dir", str(home / "run")],
        cwd=ROOT, env={**os.environ, "PYTHON": sys.executable}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    output = read_until_started(process)
    return process, re.search(r"PostgreSQL\s+(postgresql://\S+)", output).group(1)


@pytest.mark.skipif(os.geteuid() != 0, reason="PostgreSQL runs as its own user only as root")
def test_postgres_keeps_its_data_beside_the_data_and_its_address(tmp_path):
    # A run directory under a private folder: refused in one sentence, nothing created.
    tmp_path.chmod(0o700)
    done = subprocess.run(
        [str(SCRIPT), "1", "--postgres", "--data", str(tmp_path / "data"),
         "--run-dir", str(tmp_path / "run")],
        cwd=ROOT, env={**os.environ, "PYTHON": sys.executable}, capture_output=True,
        text=True, timeout=120)
    assert done.returncode == 1 and "cannot reach" in done.stderr, done.stderr
    assert not (tmp_path / "data").exists() and not (tmp_path / "run").exists()
    home = Path(tempfile.mkdtemp(prefix="vpc-cluster-pg-"))
    home.chmod(0o755)
    try:
        urls = []
        for _ in range(2):
            process, url = _start_postgres(home)
            urls.append(url)
            process.send_signal(signal.SIGINT)
            assert process.wait(60) == 0
        assert (home / "data" / "postgres" / "PG_VERSION").exists()
        assert urls[0] == urls[1]  # the same VPC_DATABASE_URL at every start
    finally:
        shutil.rmtree(home, ignore_errors=True)
