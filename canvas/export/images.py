"""One figure as a PNG, SVG or PDF file, with its alternative text inside the file.

The figure comes from the same builder the screen uses (``canvas.figures.build``). The
alt text travels with the file where the format allows it: SVG ``<title>``/``<desc>``
(read by screen readers), PNG ``Title``/``Description`` text chunks (``tEXt`` when the
text fits Latin-1, ``iTXt`` in UTF-8 otherwise, e.g. for Ukrainian), PDF ``/Title`` and
``/Subject`` metadata.
"""

from __future__ import annotations

import io
import math
import re
import struct
import zlib
from xml.sax.saxutils import escape

from canvas.export.engine import RenderJob, render, require
from canvas.figures import FIGURES, alt_text, build

IMAGE_FORMATS = ("png", "svg", "pdf")
#: Handouts and business plans need print quality: a PNG is at least this wide.
MIN_PNG_WIDTH = 1920
APP_NAME = "Value Proposition Canvas Studio"


def png_scale(width: int, min_width: int = MIN_PNG_WIDTH) -> float:
    """Smallest scale (rounded up to 1/1000) that makes ``width`` at least ``min_width``."""
    return max(1.0, math.ceil(min_width * 1000 / width) / 1000)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _text_chunk(keyword: str, text: str, language: str = "") -> bytes:
    try:
        return _chunk(b"tEXt", keyword.encode("latin-1") + b"\0" + text.encode("latin-1"))
    except UnicodeEncodeError:
        # iTXt: keyword, no compression, language tag, (empty) translated keyword, UTF-8.
        data = (keyword.encode("latin-1") + b"\0\0\0" + language.encode("ascii") + b"\0\0"
                + text.encode("utf-8"))
        return _chunk(b"iTXt", data)


def add_png_text(png: bytes, texts: dict[str, str], language: str = "") -> bytes:
    """Insert text chunks right after IHDR (the first chunk, always 13 bytes of data)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    end_of_ihdr = 8 + 4 + 4 + 13 + 4
    chunks = b"".join(_text_chunk(k, v.replace("\0", ""), language)
                      for k, v in texts.items() if v)
    return png[:end_of_ihdr] + chunks + png[end_of_ihdr:]


_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def add_svg_text(svg: bytes, title: str, description: str) -> bytes:
    """Make the SVG an accessible image: ``<title>`` and ``<desc>`` first in the root."""
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise ValueError("not an SVG")
    tag = match.group(0)
    if b"role=" not in tag:
        tag = tag[:-1] + b' role="img" aria-labelledby="vpc-title vpc-desc">'
    inner = (f'<title id="vpc-title">{escape(title)}</title>'
             f'<desc id="vpc-desc">{escape(description)}</desc>').encode()
    return svg[:match.start()] + tag + inner + svg[match.end():]


def add_pdf_metadata(pdf: bytes, title: str, description: str, language: str = "") -> bytes:
    # pypdf (0.16 s to import) loads with the first PDF, not when the app starts.
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title, "/Subject": description, "/Creator": APP_NAME,
                         "/Producer": APP_NAME})
    if language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(language)  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def figure_title(name: str, canvas, t) -> str:
    return f"{canvas.title} · {t(FIGURES[name].title_key)}"


def figure_job(name: str, canvas, t, fmt: str, *, presentation: bool = False,
               scale: float | None = None, size: tuple[int, int] | None = None) -> RenderJob:
    """What to render for figure ``name``: the shared builder, at its export size or at
    ``size`` (the diagram as a screen showed it, so a download is what the user saw)."""
    spec = FIGURES[name]
    width, height = size or (spec.width, spec.height)
    fig = build(name, canvas, t, presentation=presentation, size=size)
    if scale is None:
        scale = png_scale(width) if fmt == "png" else 1.0
    return RenderJob(fig, fmt, width, height, scale)


def export_figure(name: str, canvas, t, fmt: str, presentation: bool = False,
                  size: tuple[int, int] | None = None) -> bytes:
    """Figure ``name`` of ``canvas`` as ``png`` (>= 1920 px wide), ``svg`` or ``pdf``."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    if name not in FIGURES:
        raise ValueError(f"unknown figure {name!r}")
    require()  # fail fast, before building the figure, when there is no browser
    data = render([figure_job(name, canvas, t, fmt, presentation=presentation,
                              size=size)])[0]
    title, description = figure_title(name, canvas, t), alt_text(name, canvas, t)
    language = getattr(t, "language", "")
    if fmt == "png":
        return add_png_text(data, {"Title": title, "Description": description,
                                   "Software": APP_NAME}, language)
    if fmt == "svg":
        return add_svg_text(data, title, description)
    return add_pdf_metadata(data, title, description, language)
