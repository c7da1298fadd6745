"""Real browser: a file that is too large or of the wrong kind is refused in the user's
language (issue 22, point 8).

Streamlit's uploader checks size and type in the browser and says so in English ("File
must be 2.0MB or smaller.", "pdf files are not allowed."). The widget now lets files up to
:data:`canvas.ui.canvases.canvas_list.UPLOAD_WIDGET_MB` through to our own check, which
refuses anything over the 2 MB of the file format in a sentence of the user's language;
above that, the uploader's own refusal is given our words.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from canvas.fileformat.validation import MAX_FILE_BYTES
from canvas.i18n import translate
from canvas.ui.canvases.canvas_list import UPLOAD_WIDGET_MB
from tests.browser_helpers import screenshot, unique, wait_idle
from tests.walk_helpers import log_in, seed_user

pytestmark = pytest.mark.browser
ENGLISH = ("File must be", "or smaller", "files are not allowed", "Upload failed",
           "Unexpected error")


def _upload(page, name: str, size: int) -> None:
    data = (b'{"title": "' + b"x" * size + b'"}')[:size]
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": name, "mimeType": "application/json", "buffer": data})
    wait_idle(page)


@pytest.mark.parametrize("language", ["uk"])
def test_too_large_and_wrong_kind_are_refused_in_the_users_language(server, browser,
                                                                     language):
    user = unique("upl")
    seed_user(server.data, user, language)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        log_in(page, server, user)
        main = page.locator('[data-testid="stMain"]')
        too_large = translate("problem.file_too_large", language,
                              limit=MAX_FILE_BYTES // (1024 * 1024))
        refused = translate("harden.upload.too_large", language, size=UPLOAD_WIDGET_MB)
        for name, size, sentence in (("big.json", int(2.6 * 1024 * 1024), too_large),
                                     ("huge.json", 25 * 1024 * 1024, refused)):
            _upload(page, name, size)
            expect(main).to_contain_text(sentence.rstrip("."), timeout=30_000)
            if name == "huge.json":  # the uploader's own refusal: on the chip's tooltip
                page.locator('[data-testid="stFileChip"][aria-invalid="true"]').last.hover()
                tip = page.locator('[data-testid="stTooltipErrorContent"]').last
                expect(tip).to_contain_text(sentence.rstrip("."), timeout=30_000)
                box, width = tip.bounding_box(), page.viewport_size["width"]
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
            screenshot(page, f"upload-{language}-{name}")
            text = main.inner_text()
            assert not [w for w in ENGLISH if w in text], text
        _upload(page, "photo.pdf", 1000)
        expect(main).to_contain_text(translate("harden.upload.wrong_kind", language),
                                     timeout=30_000)
        text = main.inner_text()
        assert not [w for w in ENGLISH if w in text], text
        remove = page.locator('[data-testid="stFileChipDeleteBtn"] button').first
        expect(remove).to_have_attribute("aria-label",
                                         translate("harden.upload.remove", language))
        screenshot(page, f"upload-{language}-wrong-kind")
    finally:
        context.close()
