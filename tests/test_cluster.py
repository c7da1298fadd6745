"""scripts/cluster.sh as an operator runs it: it prints every address, everything answers
through nginx, and Ctrl+C or ``--stop`` leaves no process behind. ``--postgres`` runs the
servers on a PostgreSQL of their own, or, on a checkout whose app ignores
``VPC_DATABASE_URL``, is refused rather than faked."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scripts.cluster import Cluster, database_backend_problem

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


def test_the_script_serves_through_nginx_and_stop_ends_everything(tmp_path):
    process, servers, front = start_script(tmp_path, 2)
    try:
        assert len(servers) == 2 and all(answers(url) for url in servers)
        with urllib.request.urlopen(front, timeout=10) as reply:
            assert reply.status == 200
            assert reply.headers["X-Frame-Options"] == "DENY"
            assert re.match(r"vpc_route=[0-9a-f]{32};", reply.headers["Set-Cookie"])
        assert pids_of(tmp_path / "run")
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
