"""The re-login cookie: a signed token read from the request, written by a one-line script.

The token is the one streamlit-authenticator 0.4 issued (an HS256 JWT with ``username`` and
``exp_date``), so cookies issued before this module existed keep working, plus ``gen``: the
account's session generation when it was issued. The store moves the generation on at
logout, password change, password reset and account deletion, and a token whose
generation is not the current one is refused, on every server, since the generation
lives in the store rather than in any server's memory.

The library's own cookie component read every cookie in the browser and sent them back to
the server, which started one more script run after each page load; on a busy server that
late run arrived after the user's own click and sent them back a page. We never need that
read: Streamlit gives us the request's cookies in ``st.context.cookies``. The write is a
two-line script in the page that sends nothing back. Not in a frame: an always-mounted
component frame made the projector's arrow keys skip or miss steps.
"""

from __future__ import annotations

import json
import time

import jwt
import streamlit as st

from canvas import config

PENDING = "vpc_cookie_script"  # the one cookie write this session still shows


def read_token(key: str) -> dict | None:
    """The request's login token when it is signed with ``key`` and not expired."""
    value = st.context.cookies.get(config.COOKIE_NAME)
    if not value:
        return None
    try:
        token = jwt.decode(value, key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    username, expires = token.get("username"), token.get("exp_date")
    generation = token.get("gen", 0)
    if (not isinstance(username, str) or not isinstance(expires, int | float)
            or isinstance(generation, bool) or not isinstance(generation, int)
            or expires <= time.time()):
        return None
    return {"username": username, "exp_date": expires, "gen": generation}


def _write(value: str, expires: float, max_age: int) -> None:
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(expires))
    st.session_state[PENDING] = (f"{config.COOKIE_NAME}={value}; path=/; SameSite=Strict; "
                                  f"expires={when}; max-age={max_age}")


def issue(key: str, username: str, generation: int) -> None:
    """Give the browser a token that logs ``username`` in again until it is revoked."""
    lifetime = config.COOKIE_EXPIRY_DAYS * 86400
    expires = time.time() + lifetime
    token = jwt.encode({"username": username, "exp_date": expires, "gen": generation},
                       key, algorithm="HS256")
    _write(token, expires, lifetime)


def delete() -> None:
    _write("", 86400, 0)


def render_pending() -> None:
    """Show the pending write on every run of the session, with the same content.

    An unchanged element is kept as it is, so the script runs once; drawn only once, a quick
    next run could remove it before the browser ran it.
    """
    value = st.session_state.get(PENDING)
    if value:
        st.html(f"<script>document.cookie = {json.dumps(value)};</script>",
                unsafe_allow_javascript=True)
