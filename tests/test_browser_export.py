"""Real browser: download the PDF report and a PNG from Insights, and read them back."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser_helpers import add_item, create_canvas, register, unique

pytestmark = pytest.mark.browser


def test_download_pdf_report_and_png(server, context):
    page = context.new_page()
    register(page, server, unique("dora"))
    create_canvas(page, "Crèche near the station")
    add_item(page, "Déposer les enfants avant 7 h")
    page.get_by_role("link", name="Insights").click()
    page.get_by_role("tab", name="Download").click()

    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="PDF report").click(timeout=60_000)
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Déposer les enfants avant 7 h" in text
    assert "Crèche near the station" in text

    page.get_by_role("tab", name="Canvas").click()
    expect(page.get_by_role("button", name="PNG").first).to_be_visible()
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="PNG").first.click(timeout=60_000)
    png = Path(info.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width >= 1920
    assert re.search(r"\.png$", info.value.suggested_filename)


def _descendants(pid: int) -> list[str]:
    """The command names of every process below ``pid``."""
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        name = text[text.index("(") + 1:text.rindex(")")]
        ppid = int(text[text.rindex(")") + 2:].split()[1])
        child = int(stat.parent.name)
        children.setdefault(ppid, []).append(child)
        names[child] = name
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(names[child])
            todo.append(child)
    return found


def test_the_export_browser_starts_with_the_server_and_the_first_png_comes(
        tmp_path, context):
    """Issue 24, point 5: the server starts its export browser at its start-up run, before
    anyone opens a page, so the first PNG does not wait for Chromium (timed in
    bench/bench_first_png.py, not here)."""
    import time

    from tests.browser_helpers import login, make_account
    from tests.conftest import Server

    data = tmp_path / "data"
    data.mkdir()
    site = Server(data, env={"VPC_EXPORT_WARM_AT_START": "1", "VPC_EXPORT_WARM_DELAY": "1"})
    try:
        deadline = time.monotonic() + 60
        while not any("chrom" in name for name in _descendants(site.process.pid)):
            assert time.monotonic() < deadline, "no export browser under the app server"
            time.sleep(0.2)  # polling the process table: a state, not a delay
        user = unique("warm")
        make_account(site, user)
        page = context.new_page()
        login(page, site, user)
        create_canvas(page, "Warm start")
        add_item(page, "Porter les courses au troisième étage")
        page.get_by_role("link", name="Insights").click()
        expect(page.get_by_role("button", name="PNG").first).to_be_visible()
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="PNG").first.click()
        assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        site.stop()
