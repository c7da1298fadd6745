"""One shared headless Chromium that turns Plotly figures into PNG, SVG and PDF.

Kaleido 1.x drives an external Chromium through choreographer. Starting a browser takes a
few seconds, so a server process keeps exactly one, started on first use and shared by
every Streamlit session (each runs in its own thread):

* the browser lives in a private asyncio event loop on a daemon thread; callers from any
  thread hand it work with :func:`asyncio.run_coroutine_threadsafe`, so Kaleido is only
  ever touched from its own loop;
* a lock guards starting, restarting and closing; rendering does not hold it, so several
  sessions render at once on the browser's tabs (one opens with the browser, a second in
  the background once the first job is done, as two tabs use the two cores best);
* Kaleido reloads its page after every figure; we reuse the page (see RELOAD_EVERY);
* a browser that died (crash, OOM kill) is noticed before the next job and restarted;
* ``atexit`` closes it, so no Chromium outlives the server.

When Chromium is missing or will not start, :class:`ExportUnavailable` carries a code the
UI translates (``export.unavailable.<code>``); JSON, CSV and XLSX never touch the browser.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import contextvars
import logging
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from functools import cache

DEFAULT_BROWSER = "/usr/bin/chromium"
#: Seconds a cold start may take before we call the browser broken.
START_TIMEOUT = 45.0
#: Seconds one figure may take in the browser, and the floor for a whole batch.
RENDER_TIMEOUT = 30.0
#: A tab is reloaded (a fresh page) after this many renders, after a PDF and after an
#: error. Plotly.purge already cleans up after each figure, so reloading after every
#: render, as Kaleido does by default, only costs time (about 0.15 s per figure here).
RELOAD_EVERY = 50
#: After a failed start, do not try again for this long (a broken browser must not cost
#: every rerun of every session a new attempt).
RETRY_AFTER = 30.0
#: Seconds a tab may take to reload (a fresh page takes 0.15 s here). A reload that never
#: ends would keep the tab out of the queue, and with both tabs stuck every export would
#: wait for its own timeout.
RELOAD_TIMEOUT = 15.0
TABS = 2
#: The export thread's and its Chromium's niceness (0 is a page's, 19 the lowest).
NICENESS = 10

#: Extra flags on top of choreographer's (which already gives --headless, --no-sandbox,
#: --disable-gpu, --disable-dev-shm-usage, --disable-extensions, --no-first-run...).
#: We run as root in a container: no sandbox, no zygote, nothing phoning home.
EXTRA_FLAGS = (
    "--no-zygote",
    "--disable-background-networking",
    "--disable-default-apps",
    "--disable-features=Translate,MediaRouter,OptimizationHints,DialMediaRouteProvider",
    "--disable-client-side-phishing-detection",
    "--disable-domain-reliability",
    "--mute-audio",
    "--hide-scrollbars",
    "--no-pings",
    "--font-render-hinting=none",
)

_log = logging.getLogger(__name__)
_needs_reload: contextvars.ContextVar[bool] = contextvars.ContextVar("vpc_reload", default=False)
_tasks: set[asyncio.Future] = set()  # keeps background tasks referenced until done


def _background(task: asyncio.Future) -> asyncio.Future:
    """Keep a fire-and-forget task alive and log (not raise) its failure."""
    _tasks.add(task)

    def done(t: asyncio.Future) -> None:
        _tasks.discard(t)
        if not t.cancelled() and t.exception() is not None:
            _log.debug("background browser task failed: %r", t.exception())

    task.add_done_callback(done)
    return task


class ExportUnavailable(RuntimeError):
    """Image/PDF export cannot run; ``code`` names why (an ``export.unavailable.*`` key)."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)

    def message(self, t) -> str:
        return t(f"export.unavailable.{self.code}")


@dataclass(frozen=True)
class RenderJob:
    """One figure to render: a Plotly figure (or its dict) and the output options."""

    figure: object
    fmt: str  # png | svg | pdf | jpeg
    width: int
    height: int
    scale: float = 1.0

    def payload(self) -> tuple[dict, dict]:
        fig = self.figure.to_dict() if hasattr(self.figure, "to_dict") else self.figure
        opts = {"format": self.fmt, "width": self.width, "height": self.height,
                "scale": self.scale}
        return fig, opts


def browser_path() -> str:
    return os.environ.get("BROWSER_PATH") or DEFAULT_BROWSER


def browser_installed(path: str | None = None) -> bool:
    """Whether the browser at ``path`` (default :func:`browser_path`) exists and can run.

    Says nothing about whether it starts: :func:`chromium_available` answers that.
    """
    path = browser_path() if path is None else path
    return os.path.isfile(path) and os.access(path, os.X_OK)


@cache
def _kaleido_classes():
    """Subclasses of Kaleido and choreographer's Chromium, built on first use.

    Imported lazily: ``import kaleido`` costs time and the app must start (and serve
    JSON/CSV/XLSX) even where kaleido or Chromium is broken. The tab-reuse override
    hooks into Kaleido 1.x internals; if a later version renames them, we fall back to
    Kaleido's own (slower, reload-every-time) behaviour instead of breaking.
    """
    # Kaleido and its browser driver (0.6 s to import) load with the first image, not the app.
    from choreographer.browsers.chromium import Chromium
    from kaleido import Kaleido

    hooks = ("_render_task", "_return_kaleido_tab", "_create_kaleido_tab", "tabs_ready")

    class _Chromium(Chromium):
        def get_cli(self):
            return [*super().get_cli(), *EXTRA_FLAGS]

    class _Kaleido(Kaleido):
        async def _render_task(self, fig_arg, **kwargs):
            # A PDF leaves print styles and an <img> in the page: reload after it.
            _needs_reload.set((fig_arg.get("opts") or {}).get("format") == "pdf")
            return await super()._render_task(fig_arg, **kwargs)

        async def _return_kaleido_tab(self, tab) -> None:
            # Kaleido reloads the tab before handing back every result. We hand the tab
            # back at once, and reload (in the background) only after a PDF, after an
            # error (sys.exc_info: we run in the ``finally`` of a failed render) and
            # every RELOAD_EVERY renders.
            counts = self.__dict__.setdefault("_vpc_counts", {})
            counts[id(tab)] = counts.get(id(tab), 0) + 1
            if (counts[id(tab)] < RELOAD_EVERY and not _needs_reload.get()
                    and sys.exc_info()[1] is None):
                await self.tabs_ready.put(tab)
                return
            counts[id(tab)] = 0

            async def reload_then_return():
                try:
                    await asyncio.wait_for(reload_tab(tab), RELOAD_TIMEOUT)
                except Exception as exc:  # noqa: BLE001 - the tab, not the browser, failed
                    # A tab that will not reload (its renderer crashed or hung) would
                    # hold its place in the queue forever: replace it with a fresh one.
                    _log.warning("export tab did not reload (%r): opening a new one", exc)
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(self.close_tab(tab.tab.target_id), 5)
                    await self._create_kaleido_tab()  # puts the new tab in the queue
                    return
                await self.tabs_ready.put(tab)

            _background(asyncio.ensure_future(reload_then_return()))

    if not all(hasattr(Kaleido, name) or name in Kaleido.__annotations__ for name in hooks):
        _log.warning("kaleido internals changed: rendering without tab reuse")
        return _Chromium, Kaleido
    return _Chromium, _Kaleido


async def reload_tab(tab) -> None:
    """A fresh page in Kaleido's tab (its ``reload``), between renders; a seam for tests,
    which make it never end as a hung renderer does."""
    await tab.reload()


async def _cancel_others() -> None:
    """Cancel every task left in this loop (watchdogs, reloads) and let them unwind."""
    others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in others:
        task.cancel()
    if others:
        await asyncio.wait(others, timeout=1)


class _Engine:
    """One Chromium with its own event loop thread."""

    def __init__(self, path: str):
        self.path = path
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run_loop, name="vpc-export-chromium",
                                       daemon=True)
        self.kaleido = None
        self._extra_tabs: asyncio.Future | None = None

    def _run_loop(self) -> None:
        # Exports are background work beside the pages people are clicking through: this
        # thread, and the Chromium it starts (a new thread or process inherits it), run
        # at a lower CPU priority, so a browser starting or drawing never slows a page.
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, 0, NICENESS)  # on Linux: this thread only
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def start(self) -> None:
        self.thread.start()
        future = asyncio.run_coroutine_threadsafe(self._open(), self.loop)
        future.result(START_TIMEOUT)

    async def _open(self) -> None:
        chromium_cls, kaleido_cls = _kaleido_classes()
        k = kaleido_cls(n=1, timeout=RENDER_TIMEOUT, mathjax=False, path=self.path,
                        enable_extensions=False, browser_cls=chromium_cls)
        self.kaleido = k
        await k.open()

    def _open_extra_tabs(self) -> asyncio.Future:
        """More tabs, opened in the background once the browser has done a first job.

        One tab is enough for the first figure; opening the others at once would make
        the cold first export compete with them for the two cores.
        """
        if self._extra_tabs is None:
            k = self.kaleido
            self._extra_tabs = _background(asyncio.ensure_future(asyncio.gather(
                *(k._create_kaleido_tab() for _ in range(TABS - 1)))))  # noqa: SLF001
        return self._extra_tabs

    def wait_ready(self, timeout: float) -> None:
        """Open the extra tabs now if need be, and wait until they are ready."""
        async def tabs():
            await asyncio.wait([self._open_extra_tabs()], timeout=timeout)

        asyncio.run_coroutine_threadsafe(tabs(), self.loop).result(timeout + 1)

    def alive(self) -> bool:
        proc = getattr(self.kaleido, "subprocess", None)
        return self.thread.is_alive() and proc is not None and proc.poll() is None

    def submit(self, jobs: list[RenderJob]) -> concurrent.futures.Future:
        payloads = [job.payload() for job in jobs]  # copy figures in the caller's thread
        return asyncio.run_coroutine_threadsafe(self._render(payloads), self.loop)

    async def _render(self, payloads: list[tuple[dict, dict]]) -> list[bytes]:
        k = self.kaleido
        try:
            results = await asyncio.gather(*(k.calc_fig(fig, opts=opts)
                                             for fig, opts in payloads))
        finally:
            self._open_extra_tabs()
        return list(results)

    def close(self) -> None:
        k = self.kaleido
        if k is not None and self.alive():
            async def _close():
                if self._extra_tabs is not None and not self._extra_tabs.done():
                    self._extra_tabs.cancel()
                await k.close()

            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(_close(), self.loop).result(10)
        # A dead browser needs no goodbye: kill what is left and remove its temp folders.
        self._kill()
        for cleanup in (getattr(getattr(k, "_html_tmp_dir", None), "clean", None),
                        getattr(getattr(k, "_browser_impl", None), "clean", None)):
            if cleanup is not None:
                with contextlib.suppress(Exception):
                    cleanup()
        if self.thread.is_alive():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(_cancel_others(), self.loop).result(2)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(2)
        if not self.thread.is_alive():
            self.loop.close()

    def _kill(self) -> None:
        proc = getattr(self.kaleido, "subprocess", None)
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # choreographer starts a new session
            with contextlib.suppress(Exception):
                proc.wait(5)


_lock = threading.Lock()
_engine: _Engine | None = None
_failed: tuple[float, str, str] | None = None  # (when, path, code) of the last failed start


def running_engine() -> _Engine | None:
    """The browser this process draws with now, if one is running (tests and benchmarks
    look at it; drawing goes through the functions below)."""
    return _engine


def _start_locked() -> _Engine:
    global _engine, _failed
    if _engine is not None:
        if _engine.alive():
            return _engine
        _log.warning("export browser died; restarting it")
        _engine.close()
        _engine = None
    path = browser_path()
    if not browser_installed(path):
        raise ExportUnavailable("chromium_missing", path)
    if _failed and _failed[1] == path and time.monotonic() - _failed[0] < RETRY_AFTER:
        raise ExportUnavailable(_failed[2], path)
    engine = _Engine(path)
    try:
        engine.start()
    except Exception as exc:
        engine.close()
        code = "chromium_missing" if type(exc).__name__ == "ChromeNotFoundError" else \
            "chromium_failed"
        _failed = (time.monotonic(), path, code)
        _log.warning("export browser %s failed to start: %r", path, exc)
        raise ExportUnavailable(code, f"{path}: {exc!r}") from exc
    _failed = None
    _engine = engine
    return engine


def _get_engine() -> _Engine:
    with _lock:
        return _start_locked()


def _discard(engine: _Engine) -> None:
    global _engine
    with _lock:
        if _engine is engine:
            _engine = None
    engine.close()


@dataclass
class PendingRender:
    """A batch handed to the browser; :meth:`result` waits for its images."""

    engine: _Engine
    jobs: list[RenderJob]
    future: concurrent.futures.Future

    def result(self) -> list[bytes]:
        return wait(self)


def render_async(jobs: list[RenderJob]) -> PendingRender:
    """Start rendering ``jobs`` in one batch (concurrently on the browser's tabs).

    Returns at once, so the caller can lay out text meanwhile; collect with :func:`wait`.
    """
    engine = _get_engine()
    try:
        future = engine.submit(jobs)
    except RuntimeError:  # its loop was closed by another thread just now: start afresh
        _discard(engine)
        engine = _get_engine()
        future = engine.submit(jobs)
    return PendingRender(engine, jobs, future)


def wait(pending: PendingRender, *, _retry: bool = True) -> list[bytes]:
    """The images of ``pending`` in job order; restarts a browser that died meanwhile."""
    timeout = RENDER_TIMEOUT + 5.0 * len(pending.jobs)
    try:
        return pending.future.result(timeout)
    except concurrent.futures.TimeoutError as exc:
        pending.future.cancel()
        _discard(pending.engine)  # a hung browser is replaced on the next job
        raise ExportUnavailable("render_timeout") from exc
    except Exception:
        if pending.engine.alive() or not _retry:
            raise  # a genuine rendering error (a bad figure): let it surface
        _discard(pending.engine)  # the browser died under us: one retry on a fresh one
        return wait(render_async(pending.jobs), _retry=False)


def render(jobs: list[RenderJob]) -> list[bytes]:
    """Render several figures in one engine call; results in the order of ``jobs``."""
    if not jobs:
        return []
    return wait(render_async(jobs))


def chromium_available(start: bool = False) -> bool:
    """Whether PNG/SVG/PDF export can work.

    Cheap by default (the UI calls it on every rerun): true when the browser runs, or when
    the executable exists and has not just failed to start. ``start=True`` starts the
    browser if needed and answers for sure.
    """
    if start:
        try:
            _get_engine()
        except ExportUnavailable:
            return False
        return True
    engine = _engine
    if engine is not None and engine.alive():
        return True
    path = browser_path()
    failed = _failed
    if failed and failed[1] == path and time.monotonic() - failed[0] < RETRY_AFTER:
        return False
    return browser_installed(path)


def require() -> None:
    """Raise :class:`ExportUnavailable` now (before any figure is built) if the browser
    cannot run; starts it if needed."""
    _get_engine()


def load() -> None:
    """Import Kaleido and its browser driver now (0.5 s of Python, which holds the
    interpreter: done in a background thread while a page runs, it slowed that page)."""
    _kaleido_classes()


def warm_up(timeout: float = START_TIMEOUT) -> None:
    """Start the browser now and wait until all its tabs are ready.

    Call it from a background thread when the server starts, so the first learner who
    downloads a PNG does not wait for Chromium.
    """
    _get_engine().wait_ready(timeout)


def shutdown() -> None:
    """Close the shared browser; the next export starts a new one. Also runs at exit."""
    global _engine, _failed
    with _lock:
        engine, _engine, _failed = _engine, None, None
    if engine is not None:
        engine.close()


atexit.register(shutdown)
