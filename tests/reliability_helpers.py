"""Helpers shared by tests/test_reliability.py and tests/test_security.py."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from pathlib import Path

from canvas.fileformat.validation import CanvasFileError
from canvas.i18n import LANGUAGES, get_translator

#: Everything the product itself writes into figure strings; any other tag is user markup.
PRODUCT_TAGS = re.compile(r"</?(?:b|i|em|br|sup|sub|span|extra)(?:\s[^<>]*)?/?>", re.I)
RAW_TAG = re.compile(r"<[A-Za-z/!?]")


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``folder`` (hidden ones included)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def listing(root: Path, skip: Path | None = None) -> set[str]:
    """Every path under ``root`` except those under ``skip`` (the data folder)."""
    out = set()
    for path in root.rglob("*"):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        out.add(str(path.relative_to(root)))
    return out


def assert_clean_refusal(exc: CanvasFileError, source: str) -> None:
    """Every language: at least one sentence, each one line, naming the file, no traceback."""
    assert exc.problems, "a refusal must carry at least one problem"
    for language in LANGUAGES:
        t = get_translator(language)
        lines = exc.lines(t)
        assert lines, language
        for line in lines + [exc.summary(t)]:
            assert isinstance(line, str) and line.strip(), (language, line)
            assert "\n" not in line and "\r" not in line, (language, line)
            assert source in line, (language, source, line)
            assert "Traceback" not in line and 'File "' not in line, (language, line)


def walk_strings(value) -> Iterator[str]:
    """Every string inside nested dicts, lists and tuples (a Plotly figure as a dict)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "tolist"):  # numpy arrays in customdata
            stack.append(node.tolist())


def user_markup(text: str) -> str | None:
    """The first tag in a figure string that the product did not put there, if any."""
    match = RAW_TAG.search(PRODUCT_TAGS.sub("", text))
    return text if match else None


def wait_for(predicate, timeout: float = 10.0, step: float = 0.1):
    """Poll ``predicate`` until it returns something truthy, at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


def signed_cookie(data_dir: Path, username: str, issued: float | None = None,
                  generation: int | None = None) -> str:
    """The login cookie the app itself would issue, signed with the server's own key (a
    token from before session generations existed when ``generation`` is None)."""
    import jwt

    from canvas import config

    issued = time.time() - 5 if issued is None else issued
    token = {"username": username, "exp_date": issued + config.COOKIE_EXPIRY_DAYS * 86400}
    if generation is not None:
        token["gen"] = generation
    return jwt.encode(token, config.cookie_key(data_dir), algorithm="HS256")


def add_login_cookie(context, url: str, value: str) -> None:
    from canvas import config

    context.add_cookies([{"name": config.COOKIE_NAME, "value": value, "url": url}])
