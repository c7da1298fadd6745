"""Take the screenshots used in the README and for visual review.

Starts the app on a temporary data folder, registers a facilitator, opens a template and
photographs the main pages at desktop size (1440x900) and the projector at 1920x1080.
Usage: python scripts/screenshots.py [OUTPUT_DIR]   (default: docs/screenshots)
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser_helpers import register, settle, wait_idle  # noqa: E402
from tests.conftest import CHROMIUM, Server  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp()) / "data"
    data.mkdir()
    expect.set_options(timeout=30_000)
    server = Server(data)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            page = browser.new_context(viewport={"width": 1440, "height": 900},
                                       locale="en-GB").new_page()
            page.set_default_timeout(30_000)
            register(page, server.url, "facilitator")
            page.screenshot(path=out / "my-canvases-empty.png")
            page.get_by_text("Start from an example", exact=True).click()
            page.locator("[class*='st-key-template_']").nth(1).click()
            page.get_by_role("tab", name=re.compile(r"^Pains")).wait_for()
            settle(page)
            page.screenshot(path=out / "profile.png")
            for name, label in (("value-map", "Value map"), ("insights", "Insights")):
                page.get_by_role("link", name=label).click()
                settle(page)
                page.wait_for_timeout(1500)
                page.screenshot(path=out / f"{name}.png")
            page.get_by_role("tab", name="Rankings").click()
            page.wait_for_timeout(1500)
            page.screenshot(path=out / "insights-rankings.png")
            page.get_by_role("link", name="My canvases").click()
            settle(page)
            page.screenshot(path=out / "my-canvases.png")
            page.get_by_role("link", name="Projector").click()
            settle(page)
            page.set_viewport_size({"width": 1920, "height": 1080})
            for step in range(6):
                page.wait_for_timeout(1200)
                page.screenshot(path=out / f"projector-{step + 1}.png")
                page.keyboard.press("ArrowRight")
                wait_idle(page)
            browser.close()
    finally:
        server.stop()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
