"""Many canvases, one ZIP of PDF reports: a facilitator's handouts for a whole room."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable

from canvas.export.report import pdf_reports
from canvas.fileformat.models import Canvas

#: Names Windows refuses for a file, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}
MAX_STEM = 60


def slugify(title: str, fallback: str = "canvas") -> str:
    """A file-name stem from a title: letters and digits of any script, joined by ``-``.

    No path separators, dots, control or shell characters survive; Cyrillic and accented
    letters stay readable (ZIP stores names in UTF-8).
    """
    text = unicodedata.normalize("NFKC", title).lower()
    words = re.findall(r"[^\W_]+", text)
    stem = "-".join(words)[:MAX_STEM].strip("-")
    if not stem:
        return fallback
    if stem in _RESERVED:
        stem = f"{stem}-{fallback}"
    return stem


def unique_names(stems: Iterable[str], extension: str) -> list[str]:
    """``stem.ext`` for each stem, with ``-2``, ``-3``... where a name was already used."""
    used: set[str] = set()
    names = []
    for stem in stems:
        name, n = f"{stem}.{extension}", 2
        while name.casefold() in used:
            name, n = f"{stem}-{n}.{extension}", n + 1
        used.add(name.casefold())
        names.append(name)
    return names


def zip_reports(canvases: list[Canvas], t,
                progress: Callable[[int, int], None] | None = None) -> bytes:
    """One ZIP holding the PDF report of each canvas; ``progress(done, total)`` after each."""
    canvases = list(canvases)
    names = unique_names((slugify(c.title) for c in canvases), "pdf")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        def add(index: int, _canvas: Canvas, data: bytes) -> None:
            zf.writestr(names[index], data)
            if progress is not None:
                progress(index + 1, len(canvases))

        pdf_reports(canvases, t, add)
    return out.getvalue()
