"""The join link a QR code carries: the app's public address with the workshop code in it.

A QR code on the projector or on a login card only helps when it points where the
learners' laptops and phones can reach. Streamlit knows the address the facilitator's own
browser used, which is right when everybody uses the same server name; behind a proxy, or
when the facilitator opened ``localhost``, the ``VPC_PUBLIC_URL`` setting says it instead.
Plain functions, usable by the PDF of login cards as well as by the pages.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit, urlunsplit

from canvas.store.rules.workshops import normalise_code

#: The query parameter that asks the app to join a workshop after signing in.
JOIN_PARAM = "join"


def app_root(url: str, page_path: str = "") -> str:
    """The app's address without the page, query or fragment the browser was on.

    ``app_root("http://host:8501/join-screen?x=1", "join-screen")`` is
    ``"http://host:8501/"``; a sub-path the app is served under is kept.
    """
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    if page_path and path.rsplit("/", 1)[-1] == page_path:
        path = path[: -len(page_path)].rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path + "/", "", ""))


def join_url(root: str, code: str) -> str:
    """``<root>/?join=CODE``: opening it signs the visitor in (or up) and joins."""
    root = root if root.endswith("/") else root + "/"
    return f"{root}?{urlencode({JOIN_PARAM: normalise_code(code)})}"


def is_local(url: str) -> bool:
    """True when the address only works on the computer that opened it."""
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def qr_code(data: str):
    """The QR code (segno, generated here: nothing is fetched from the internet).

    Error correction M survives a smudged card or a dim projector; segno raises it
    further when the symbol has room to spare.
    """
    # segno loads with the first QR code, not when the app starts.
    import segno

    return segno.make_qr(data, error="m", boost_error=True)


def qr_png(data: str, scale: int = 10, border: int = 4) -> bytes:
    """A PNG of the QR code: black modules on white, with the quiet zone scanners need."""
    out = io.BytesIO()
    qr_code(data).save(out, kind="png", scale=scale, border=border, dark="#000000",
                       light="#ffffff")
    return out.getvalue()
