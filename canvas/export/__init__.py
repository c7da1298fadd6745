"""Everything a canvas can be downloaded as: images, the PDF report, tables and JSON.

``export_canvas`` is the one entry point the pages and the command line use. PNG, SVG
and the PDF report need the shared headless Chromium (:mod:`canvas.export.engine`); when
it is missing they raise :class:`ExportUnavailable`, while CSV, XLSX and JSON, which
never touch the browser, keep working. This package never imports Streamlit.
"""

from __future__ import annotations

from canvas.export import tables
from canvas.export.batch import slugify
from canvas.export.deadline import Deadline, ExportTooSlow
from canvas.export.engine import ExportUnavailable, chromium_available
from canvas.export.evidence_tables import tests_csv_bytes
from canvas.export.images import export_figure
from canvas.export.report import pdf_report
from canvas.export.tables import csv_bytes, items_dataframe, json_bytes, xlsx_bytes
from canvas.export.word import word_report

FORMATS = ("png", "svg", "pdf", "docx", "csv", "xlsx", "json")
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "zip": "application/zip",
}
#: Formats that need the browser (the UI greys them out when it is unavailable).
BROWSER_FORMATS = ("png", "svg", "pdf", "docx")

__all__ = ["BROWSER_FORMATS", "FORMATS", "MIME", "Deadline", "ExportTooSlow",
           "ExportUnavailable", "chromium_available",
           "csv_bytes", "export_canvas", "items_dataframe", "json_bytes", "suggested_filename",
           "tests_csv_bytes", "xlsx_bytes"]


def suggested_filename(canvas, fmt: str, figure: str = "diagram") -> str:
    stem = slugify(canvas.title)
    if fmt in ("png", "svg") and figure != "diagram":
        stem = f"{stem}-{figure.replace('_', '-')}"
    return f"{stem}.{fmt}"


def export_canvas(canvas, fmt: str, t, figure: str = "diagram",
                  deadline: Deadline | None = None) -> tuple[bytes, str, str]:
    """``(bytes, mime type, suggested file name)`` of ``canvas`` in ``fmt``.

    ``pdf`` is the full report and ``docx`` the same report for Word; ``png`` and
    ``svg`` are the figure named ``figure``.
    The report and the tables stop with :class:`ExportTooSlow` past ``deadline`` (by
    default :data:`canvas.export.deadline.EXPORT_SECONDS` from now).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {FORMATS}")
    if fmt in ("png", "svg"):
        data = export_figure(figure, canvas, t, fmt)
    elif fmt == "pdf":
        data = pdf_report(canvas, t, deadline)
    elif fmt == "docx":
        data = word_report(canvas, t, deadline)
    else:
        if fmt == "csv":
            data = tables.csv_bytes(canvas, t, deadline)
        elif fmt == "xlsx":
            data = tables.xlsx_bytes(canvas, t, deadline)
        else:
            data = tables.json_bytes(canvas)
    return data, MIME[fmt], suggested_filename(canvas, fmt, figure)
