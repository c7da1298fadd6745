"""Reading back what the PNG export writes: its size and its text chunks.

Only the tests need to read PNGs, so these live here rather than in the product.
"""

from __future__ import annotations

import struct


def png_text(png: bytes) -> dict[str, str]:
    """The tEXt/iTXt chunks of a PNG, as the export wrote them."""
    out, pos = {}, 8
    while pos + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        if kind == b"tEXt":
            key, _, value = data.partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = data.partition(b"\0")
            rest = rest[2:]  # compression flag and method (we never compress)
            _lang, _, rest = rest.partition(b"\0")
            _translated, _, value = rest.partition(b"\0")
            out[key.decode("latin-1")] = value.decode("utf-8")
        elif kind == b"IEND":
            break
        pos += 12 + length
    return out


def png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])
