"""Run app.py once on a fresh app server, before anyone opens a page.

Why: the design card keeps the pages in ``pages/`` beside ``app.py``. With a folder of that
name there, Streamlit (1.67, ``runtime/pages_manager.py`` ``uses_pages_directory``) wraps
a server's very first script run in its legacy folder navigation until ``app.py`` has
called ``st.navigation`` once. That first run answered a reload at ``/value-map`` after a
restart with Streamlit's English "Page not found", and ran ``/workshops`` without
``app.py`` (issue 21, point 10). One run of ``app.py`` through Streamlit's script health
check (``server.scriptHealthCheckEnabled`` in .streamlit/config.toml; nginx does not pass
that address on) switches it off for the life of the server. ``run.sh``,
``scripts/cluster.py`` (at start and after a restart) and the tests' servers call it as
soon as the server answers.

Usage: python scripts/warm_up.py URL   (e.g. http://127.0.0.1:8501)
"""

from __future__ import annotations

import sys
import time
import urllib.request

HEALTH = "/_stcore/health"
SCRIPT_HEALTH = "/_stcore/script-health-check"


def warm_up(url: str, timeout: float = 120.0, alive=lambda: True) -> bool:
    """Wait for the server at ``url`` to answer, then have it run app.py once. True when
    the run finished without an error; False at once when ``alive()`` says the server's
    process has stopped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive():
        try:
            with urllib.request.urlopen(url + SCRIPT_HEALTH, timeout=60) as reply:
                return reply.status == 200
        except OSError:  # not up yet (or the run failed: 503, tried again)
            time.sleep(0.3)
    return False


if __name__ == "__main__":
    address = sys.argv[1].rstrip("/")
    if not warm_up(address):
        sys.exit(1)
    print(f"Value Proposition Canvas Studio is ready: {address}", flush=True)
