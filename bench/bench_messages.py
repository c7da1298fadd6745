"""The largest WebSocket messages the app really sends and receives: what
``server.maxMessageSize`` and ``server.maxWidgetStateSize`` must allow, and no more.

Streamlit's defaults let a browser send a 25 MB message (200 MB frames, a 25 MB widget
state): a forged 20 MB component message was parsed and cost 15 s and 94 MB before it was
refused (issue 22, point 7). This walk measures what legitimate use needs: the largest
canvas the file format allows (:func:`tests.store_helpers.big_canvas`, about 1.9 MB) opened
on every page and tab, a note added on its board, and the fullest paste the board accepts;
it prints the largest frame in each direction.

Run: ``python bench/bench_messages.py``. The figures and the settings chosen from them are
in bench/README.md and .streamlit/config.toml.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import CHROMIUM, LAUNCH_ARGS  # noqa: E402
from tests.conftest import Server  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    from canvas.fileformat.models import MAX_ITEM_TEXT, MAX_ITEMS_PER_SECTION
    from canvas.store.choose import open_backend
    from tests.store_helpers import big_canvas
    from tests.walk_helpers import PASSWORD, log_in, views

    folder = Path(tempfile.mkdtemp()) / "data"
    folder.mkdir()
    backend = open_backend(folder)
    backend.accounts().register("bench", "bench@example.org", "Bench", "User", PASSWORD)
    canvas = backend.canvases("bench").create(big_canvas())
    server = Server(folder)
    sent: list[tuple[int, str]] = []
    received: list[tuple[int, str]] = []
    where = ["login"]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(LAUNCH_ARGS))
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.set_default_timeout(60_000)

            def watch(ws) -> None:
                ws.on("framesent", lambda f: sent.append((len(f), where[0])))
                ws.on("framereceived", lambda f: received.append((len(f), where[0])))

            page.on("websocket", watch)
            log_in(page, server.url, "bench")
            for view in views(page, server.url, canvas.id):
                where[0] = view
            where[0] = "paste"
            page.goto(f"{server.url}/customer-profile?canvas={canvas.id}")
            page.wait_for_selector("input.vpc-add-text")
            lines = "\n".join(f"{i} " + "x" * (MAX_ITEM_TEXT - 6)
                              for i in range(MAX_ITEMS_PER_SECTION))
            box = page.locator("input.vpc-add-text").first
            box.focus()
            page.evaluate("""text => { const dt = new DataTransfer();
                dt.setData('text/plain', text);
                document.activeElement.dispatchEvent(new ClipboardEvent('paste',
                    {clipboardData: dt, bubbles: true, cancelable: true})); }""", lines)
            page.wait_for_timeout(3000)
            browser.close()
    finally:
        server.stop()
    for name, frames in (("browser -> server", sent), ("server -> browser", received)):
        size, at = max(frames)
        print(f"{name}: {len(frames)} frames, largest {size / 1e6:.2f} MB ({at})")
    print(f"canvas file: {len(backend.canvases('bench').file_bytes(canvas.id)) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
