"""The app server refuses an oversized WebSocket message at the door (issue 22, point 7).

Streamlit's defaults read a browser's message of up to 200 MB and parse one of up to
25 MB: a forged 20 MB component message cost 15 s and 94 MB before it was refused.
``bench/bench_messages.py`` measured what the app really needs with the largest canvas
the format allows: 0.10 MB from the browser (the fullest paste), 1.47 MB to it (the
value map). So ``server.maxWidgetStateSize`` is 1 MB and ``server.maxMessageSize`` 4 MB
(.streamlit/config.toml): a bigger message closes its connection with code 1009 ("too
big") before it is parsed, and the server carries on for everyone else.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import time
import urllib.request

import pytest
import websockets


async def _send(url: str, size: int) -> tuple[int | None, float]:
    """Send ``size`` bytes as one frame; the close code and the seconds it took."""
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None,
                                  origin=url.replace("ws://", "http://")) as ws:
        started = time.monotonic()
        try:
            await ws.send(os.urandom(size))
            while True:
                await asyncio.wait_for(ws.recv(), timeout=60)
        except websockets.ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else None
            return code, time.monotonic() - started


@pytest.mark.parametrize("megabytes", [2, 20])
def test_an_oversized_message_is_refused_before_it_is_parsed(server, megabytes):
    url = server.url.replace("http://", "ws://") + "/_stcore/stream"
    # In a thread of its own: Playwright's sync API keeps an event loop running in this one
    # when a browser test ran before in the same process.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        code, _ = pool.submit(asyncio.run, _send(url, megabytes * 1024 * 1024)).result()
    assert code == 1009, f"closed with {code}, not 'message too big'"
    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as answer:
        assert answer.status == 200  # the server carries on
