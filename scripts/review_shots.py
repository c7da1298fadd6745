"""Photograph every page, tab, projector step and room view in each language at the three
sizes we promise (1280x720, 1440x900, 1920x1080), and put the three sizes of each view side
by side on one sheet, for a person to look at.

Usage: python scripts/review_shots.py OUTPUT_DIR [--mixed] [LANG ...]   (default: en fr nl uk)
--mixed puts notes in another script and direction on the canvas (a French note, an Arabic
note with a brand and a price, a right-to-left override), as a mixed room writes them.
Writes OUTPUT_DIR/<lang>/<view>@<width>.png and OUTPUT_DIR/sheets/<lang>-<view>.png.
"""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser_helpers import TRACKER, wait_idle  # noqa: E402
from tests.conftest import CHROMIUM, Server  # noqa: E402
from tests.walk_helpers import log_in, projector_views, seed_user, views  # noqa: E402

SIZES = [(1280, 720), (1440, 900), (1920, 1080)]


def _room_code(data: Path, username: str) -> str:
    from canvas.store.choose import open_backend

    return open_backend(data).workshops().facilitated_by(username)[0].code


MIXED = {"jobs": "Délai de livraison trop long", "pains": "iPhone 15 بسعر 300 €",
         "gains": "Réserver en ligne \u202eevil"}


def _mix(data: Path, username: str, canvas_id: str) -> None:
    from canvas.store.choose import open_backend

    canvases = open_backend(data).canvases(username)
    canvas = canvases.load(canvas_id)
    for section, text in MIXED.items():
        items = getattr(canvas, section)
        items[0] = items[0].model_copy(update={"text": text})
    canvases.save(canvas, canvas.revision)


def shoot(page, base: str, canvas_id: str, code: str, folder: Path, width: int) -> list[str]:
    names = []

    def take(name: str) -> None:
        wait_idle(page)
        page.wait_for_timeout(600)  # charts finish drawing
        page.screenshot(path=folder / f"{name}@{width}.png")
        names.append(name)

    for view in views(page, base, canvas_id):
        take(view.replace("#", "-tab"))
    for view in projector_views(page, base, f"canvas={canvas_id}", code):
        take(view)
    return names


def make_sheets(browser, folder: Path, sheets: Path, language: str, names: list[str]) -> None:
    """The three sizes of each view side by side, each 720 px high, drawn by Chromium."""
    sheets.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 2800, "height": 760})
    for name in names:
        images = "".join(
            f'<img src="data:image/png;base64,'
            f'{base64.b64encode((folder / f"{name}@{w}.png").read_bytes()).decode()}">'
            for w, _ in SIZES if (folder / f"{name}@{w}.png").exists())
        page.set_content("<body style='margin:0;display:flex;gap:8px;background:#888'>"
                         "<style>img{height:720px;border:4px solid #888}</style>"
                         f"{images}</body>")
        page.wait_for_function("[...document.images].every(i => i.complete)")
        page.screenshot(path=sheets / f"{language}-{name}.png", full_page=True)
    page.close()


def main() -> None:
    out = Path(sys.argv[1])
    mixed = "--mixed" in sys.argv[2:]
    languages = [a for a in sys.argv[2:] if a != "--mixed"] or ["en", "fr", "nl", "uk"]
    data = Path(tempfile.mkdtemp()) / "data"
    data.mkdir()
    expect.set_options(timeout=30_000)
    server = Server(data)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            for language in languages:
                user = f"review{language}"
                canvas_id = seed_user(data, user, language)
                if mixed:
                    _mix(data, user, canvas_id)
                code = _room_code(data, user)
                folder = out / language
                folder.mkdir(parents=True, exist_ok=True)
                names: list[str] = []
                for width, height in SIZES:
                    context = browser.new_context(viewport={"width": width, "height": height},
                                                  locale="en-GB")
                    context.set_default_timeout(30_000)
                    context.add_init_script(TRACKER)  # what wait_idle() reads
                    page = context.new_page()
                    log_in(page, server, user)
                    names = list(dict.fromkeys(
                        [*names, *shoot(page, server.url, canvas_id, code, folder, width)]))
                    context.close()
                make_sheets(browser, folder, out / "sheets", language, names)
            browser.close()
    finally:
        server.stop()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
