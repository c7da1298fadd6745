"""Every catalog key is used by the product: an unused key is a sentence nobody can see,
yet translators keep paying for it in four languages.

The test reads the code (``app.py``, ``pages/``, ``canvas/``; never ``tests/``), so keys
added in new area files are checked as soon as they exist. A key counts as used when:

* it appears whole, in quotes, somewhere in that code; or
* an f-string in that code builds it: ``t(f"kind.{prefix}.{kind}")`` is read as the
  pattern ``kind.<name>.<name>``, each ``{...}`` standing for one dot-free name; or
* it starts with one of DYNAMIC_PREFIXES below, prefixes the code builds in ways an
  f-string scan cannot see (each entry says where).

Plural keys (``.zero``, ``.one``, ``.two``, ``.few``, ``.many``, ``.other``) count as used
when their base is.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from canvas.i18n import LANGUAGES, catalog

ROOT = Path(__file__).resolve().parents[1]
PLURAL_RE = re.compile(r"\.(zero|one|two|few|many|other)$")

#: Prefix -> the code that builds keys under it without an f-string starting with the
#: prefix (say ``prefix + name`` or a name holding dots). Every prefix listed must still
#: occur in the code. Empty today: every key is a literal or an f-string.
DYNAMIC_PREFIXES: dict[str, str] = {}


def _code_files() -> list[Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
             *sorted((ROOT / "canvas").rglob("*.py"))]
    return [path for path in files if path.is_file()]


@cache
def _scan() -> tuple[frozenset[str], tuple[re.Pattern, ...], str]:
    """(string constants, f-string patterns, all code) of the product's source."""
    literals: set[str] = set()
    patterns: list[re.Pattern] = []
    texts = []
    for path in _code_files():
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = []
                for value in node.values:
                    if isinstance(value, ast.Constant):
                        parts.append(re.escape(value.value))
                    else:
                        parts.append(r"[A-Za-z0-9_-]+")
                if parts and isinstance(node.values[0], ast.Constant) \
                        and "." in node.values[0].value:
                    patterns.append(re.compile("".join(parts)))
    return frozenset(literals), tuple(patterns), "\n".join(texts)


def _used(key: str) -> bool:
    literals, patterns, _code = _scan()
    for candidate in {key, PLURAL_RE.sub("", key)}:
        if candidate in literals or candidate.startswith(tuple(DYNAMIC_PREFIXES)):
            return True
        if any(pattern.fullmatch(candidate) for pattern in patterns):
            return True
    return False


def test_every_catalog_key_is_used_by_the_code():
    keys = set().union(*(catalog(language) for language in LANGUAGES))
    unused = sorted(key for key in keys if not _used(key))
    assert unused == [], f"{len(unused)} catalog keys no code uses: {unused}"
    # A prefix no code mentions any more would hide its keys from the check above.
    _literals, _patterns, code = _scan()
    stale = [prefix for prefix in DYNAMIC_PREFIXES if prefix not in code]
    assert stale == [], stale


def test_the_scan_really_tells_used_from_unused():
    """The test above must be able to fail: an invented key is unused, a built one used."""
    assert not _used("export.format.docx")
    assert not _used("guide.questions.title")
    assert _used("kind.job.functional")  # t(f"kind.{SINGULAR[section]}.{item.kind}")
    assert _used("problem.sentence")  # a literal
    assert _used("board.count.jobs.few")  # a plural built from f"board.count.{section}"
