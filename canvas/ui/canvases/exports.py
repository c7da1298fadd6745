"""Download buttons for figures and whole canvases, shared by Insights and My canvases.

Files are produced only when a button is pressed (Streamlit calls the data function on
click), so a page with twenty buttons costs nothing until someone downloads. PNG, SVG and
PDF need the shared Chromium; when it is missing the page says so and offers the formats
that still work.
"""

from __future__ import annotations

import contextlib
import threading
from functools import partial

import streamlit as st

from canvas import config
from canvas.export import (
    BROWSER_FORMATS,
    MIME,
    ExportTooSlow,
    ExportUnavailable,
    chromium_available,
    export_canvas,
    suggested_filename,
)
from canvas.export.engine import browser_installed, load, warm_up
from canvas.export.images import export_figure

_warmed = threading.Event()     # the warm-up thread was started
_warm_now = threading.Event()   # a page with download buttons is open: do not wait


def warm_up_in_background(delay: float = 0.0) -> None:
    """Start Chromium once per server process while the user is still reading the page;
    after ``delay`` seconds, or as soon as a page asks without one."""
    if delay <= 0:
        _warm_now.set()
    if _warmed.is_set():
        return
    _warmed.set()

    def start() -> None:
        _warm_now.wait(delay)
        with contextlib.suppress(Exception):  # reported at the first export instead
            warm_up()

    threading.Thread(target=start, name="vpc-export-warm-up", daemon=True).start()


def warm_up_at_start() -> None:
    """The server's first run of the app (its start-up check, before anyone comes) starts
    the export browser in the background, unless the settings say not to
    (canvas/config.py). That run also imports Kaleido itself, in its own thread: in the
    background, the import competed with the first learner's page for the interpreter
    (first page 1.46x slower in bench/bench_first_png.py). Chromium itself starts
    ``config.export_warm_delay()`` later, unless a page with download buttons comes first:
    started at once, it still slowed the first page 1.23x."""
    if config.warm_export_at_start() and not _warmed.is_set():
        with contextlib.suppress(Exception):  # a broken install is reported at the first export
            load()
        warm_up_in_background(delay=config.export_warm_delay())


def browser_available() -> bool:
    if chromium_available():
        warm_up_in_background()
        return True
    return False


def browser_note(t) -> bool:
    """True when image/PDF export can run; otherwise shows why, once per page."""
    if chromium_available():
        warm_up_in_background()
        return True

    reason = "chromium_failed" if browser_installed() else "chromium_missing"
    st.warning(t(f"export.unavailable.{reason}"), icon=":material/print_disabled:")
    return False


def figure_downloads(t, canvas, name: str, key: str, enabled: bool,
                     size: tuple[int, int] | None = None) -> None:
    """PNG, SVG and PDF of a figure; ``size`` is the one the screen laid it out at."""
    columns = st.columns(3)
    for column, fmt in zip(columns, ("png", "svg", "pdf"), strict=True):
        column.download_button(
            fmt.upper(),
            data=lambda fmt=fmt, t=t: export_figure(name, canvas, t, fmt, size=size),
            file_name=suggested_filename(canvas, fmt, name).replace(".pdf", f"-{name}.pdf")
            if fmt == "pdf" else suggested_filename(canvas, fmt, name),
            mime=MIME[fmt], key=f"dl_{key}_{name}_{fmt}", icon=":material/download:",
            on_click="ignore", disabled=not enabled, width="stretch",
            help=t(f"downloads.{fmt}"))


def canvas_downloads(t, canvas, key: str, enabled: bool) -> None:
    """The whole canvas: PDF and Word report, spreadsheet, CSV and the JSON file itself."""
    _canvas_buttons(t, canvas, key, enabled,
                    lambda fmt: partial(canvas_file, canvas, fmt, t))


def stored_canvas_downloads(t, store, summary, key: str, enabled: bool) -> None:
    """The same buttons for a listed canvas, which is loaded only when one is pressed.

    My canvases shows up to twenty rows; loading each canvas on every rerun just to offer
    its downloads cost a full parse per row. File names come from the summary's title,
    which is the canvas's title.
    """
    _canvas_buttons(t, summary, key, enabled,
                    lambda fmt: partial(stored_canvas_file, store, summary.id, fmt, t))


class DownloadFailed(RuntimeError):
    """A download that could not be made; its text is the sentence for the user."""


def canvas_file(canvas, fmt: str, t) -> bytes:
    """The file behind a download button, or DownloadFailed with one translated sentence.

    Streamlit runs this on its download thread and, on failure, logs the exception and
    tells the browser only that the file could not be made; the sentence is what the
    server log and any caller see.
    """
    try:
        return export_canvas(canvas, fmt, t)[0]
    except (ExportTooSlow, ExportUnavailable) as exc:
        raise DownloadFailed(exc.message(t)) from exc


def stored_canvas_file(store, canvas_id: str, fmt: str, t) -> bytes:
    """Runs on Streamlit's download thread, where session state is out of reach.

    So the store, the id and the translator are bound when the page is drawn. A canvas
    deleted (or broken) since then raises StoreError (or CanvasFileError), which fails
    that one download, as the row's own JSON button does.
    """
    return canvas_file(store.load(canvas_id), fmt, t)


def _canvas_buttons(t, titled, key: str, enabled: bool, data_for) -> None:
    labels = {"pdf": t("downloads.report"), "docx": t("polish.downloads.word"), "xlsx": "XLSX",
              "csv": "CSV", "json": "JSON"}
    helps = {"pdf": "downloads.report.help", "docx": "polish.downloads.word.help"}
    columns = st.columns(len(labels))
    for column, (fmt, label) in zip(columns, labels.items(), strict=True):
        column.download_button(
            label, data=data_for(fmt), file_name=suggested_filename(titled, fmt),
            mime=MIME[fmt], key=f"dl_{key}_canvas_{fmt}", icon=":material/download:",
            on_click="ignore", disabled=fmt in BROWSER_FORMATS and not enabled,
            width="stretch",
            help=t(helps.get(fmt, f"downloads.{fmt}")))
