"""Write the re-login cookie from the page without a component that talks back.

streamlit-authenticator 0.4 builds an ``extra_streamlit_components.CookieManager`` for every
``Authenticate`` object. That component reads all cookies in the browser and sends them to
the server, which starts one more script run a moment after each page load. On a busy
server that late run arrived after the user's own click and carried the page they had just
left: a learner who clicked "My canvases" or "Open" was sent back (seen in CI and in
bench_concurrency.py). We never need that read: the library takes the cookie from
``st.context.cookies``. So the library gets :class:`BrowserCookies` instead, which only
writes, through a two-line script in the page itself that sends nothing back. Not in a
frame: an always-mounted component frame made the projector's arrow keys skip or miss
steps (tests/test_browser_workshop.py caught it).
"""

from __future__ import annotations

import json
import time
from datetime import datetime

import streamlit as st
from streamlit_authenticator.models import cookie_model

_PENDING = "vpc_cookie_script"  # the one cookie write this session still shows


class BrowserCookies:
    """The part of ``CookieManager`` that streamlit-authenticator and we call."""

    def __init__(self, key: str = "init"):
        self.cookies: dict = {}

    def set(self, cookie: str, val, key: str = "set", path: str = "/",
            expires_at: datetime | None = None, max_age: float | None = None,
            same_site: str = "strict", **_ignored) -> None:
        attributes = [f"path={path}", f"SameSite={same_site.capitalize()}"]
        if expires_at is not None:
            attributes.append("expires=" + time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                                                         time.gmtime(expires_at.timestamp())))
        if max_age is not None:
            attributes.append(f"max-age={int(max_age)}")
        value = f"{cookie}={val}; " + "; ".join(attributes)
        st.session_state[_PENDING] = value

    def delete(self, cookie: str, key: str = "delete") -> None:
        self.set(cookie, "", path="/", expires_at=datetime(1970, 1, 2), max_age=0)


def install() -> None:
    """Make every ``stauth.Authenticate`` use :class:`BrowserCookies` (done at import)."""
    cookie_model.stx = type("_Shim", (), {"CookieManager": BrowserCookies})


def render_pending() -> None:
    """Show the pending write on every run of the session, with the same content.

    An unchanged element is kept as it is, so the script runs once; drawn only once, a quick
    next run could remove it before the browser ran it.
    """
    value = st.session_state.get(_PENDING)
    if value:
        st.html(f"<script>document.cookie = {json.dumps(value)};</script>",
                unsafe_allow_javascript=True)


install()
