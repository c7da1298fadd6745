"""A page the store could not serve because the database is away: it tries again by itself.

Issue 22: a page loaded (or reloaded) during a PostgreSQL outage showed the store's sentence
and stayed so after the database was back, until the user reloaded; the notes waiting in
the board's outbox (this browser's storage) waited with it. Now a small fragment asks the
store every few seconds and runs the page again as soon as it answers.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import streamlit as st

from canvas.store import StoreError
from canvas.ui.shell import session

UNAVAILABLE = "database.unavailable"
EVERY_SECONDS = 5
_RETURN = "vpc_outage_return"  # (url path, query params) of the page asked for


def unavailable(exc: StoreError) -> bool:
    return exc.code == UNAVAILABLE


def remember_page() -> None:
    """The page asked for when the login gate could not reach the store: without it the
    page run again once the store is back would be the first page (My canvases), not the
    board whose outbox waits."""
    if _RETURN in st.session_state:
        return
    url = urlsplit(st.context.url or "")
    path = url.path.rstrip("/").rsplit("/", 1)[-1]
    query = {k: v[-1] for k, v in parse_qs(url.query).items()} or st.query_params.to_dict()
    st.session_state[_RETURN] = (path, query)


def return_to_page(current: str, pages: Path) -> None:
    """After the outage: back to the page that was asked for (see remember_page)."""
    wanted = st.session_state.pop(_RETURN, None)
    if not wanted or not wanted[0] or wanted[0] == current:
        return
    target = pages / f"{wanted[0].replace('-', '_')}.py"
    if target.is_file():
        st.switch_page(str(target), query_params=wanted[1])


@st.fragment(run_every=EVERY_SECONDS)
def retry_when_back() -> None:
    """Runs the whole page again once the store answers: the user's canvases, or before
    the login an account read."""
    try:
        if session.current_user() is not None:
            session.store().list()
        else:
            session.backend().accounts().user("-")
    except StoreError:
        return
    st.rerun(scope="app")
