"""Shared fixtures: an isolated data folder, logged-in AppTests and a real server+browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
os.environ.setdefault("BROWSER_PATH", CHROMIUM)


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("VPC_DATA_DIR", str(folder))
    monkeypatch.delenv("VPC_COOKIE_KEY", raising=False)
    monkeypatch.delenv("VPC_REGISTRATION", raising=False)
    return folder


class StoreUnderTest:
    """One store shared by "servers": :meth:`open` gives another backend instance on the
    same data, as a second app server (or a child process) would have."""

    def __init__(self, kind: str, location: Path):
        self.kind = kind
        self.location = location

    def open(self):
        from canvas.store import open_backend

        if self.kind == "folder":
            return open_backend(self.location)
        raise ValueError(self.kind)


@pytest.fixture(params=["folder"])
def store_backend(request, tmp_path, monkeypatch) -> StoreUnderTest:
    """An empty store for the tests of accounts, canvases and workshops, once per backend.

    Tests that take it use only the methods of :mod:`canvas.store.contract`. The
    PostgreSQL backend joins later by adding ``"postgresql"`` to ``params`` and a branch
    in :meth:`StoreUnderTest.open` that connects to a scratch database.
    """
    from canvas import accounts

    for name in ("VPC_MAX_CANVASES", "VPC_MAX_USER_BYTES", "VPC_REGISTRATIONS_PER_MINUTE",
                 "VPC_REGISTRATIONS_PER_HOUR", "VPC_MAX_ACCOUNTS"):
        monkeypatch.delenv(name, raising=False)
    # A fresh "server": nothing registered through it in the last minute.
    with accounts._recent_guard:
        accounts._recent_registrations.clear()
    return StoreUnderTest(request.param, tmp_path / "store")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``streamlit run`` of the app (or of another script, for benchmarks' yardsticks) on a
    free localhost port, with its own data folder."""

    def __init__(self, data: Path, env: dict | None = None, script: Path | str = APP):
        self.data = data
        self.port = _free_port()
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
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start: {self.log_text()}")

    def log_text(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-3000:]

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
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"])
        yield instance
        instance.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()
