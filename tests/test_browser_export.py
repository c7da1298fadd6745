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
