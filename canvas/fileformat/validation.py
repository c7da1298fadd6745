"""Reading canvas files, and turning every refusal into a sentence a learner understands.

A refused file must say which file, which field and what is wrong, in the user's language,
never with a traceback. Problems are kept structured (path, code, params) until the moment
they are phrased, so the CLI, the upload widget and the tests share one list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from canvas.fileformat.migrations import UnknownVersion, migrate
from canvas.fileformat.models import (
    INTEGRITY_ERROR,
    SCHEMA_VERSION,
    SECTIONS,
    VALUE_MAP_SECTIONS,
    Canvas,
)
from canvas.i18n import Translator, get_translator

#: Far above any real canvas (1,200 items of 500 characters is under 1 MB) and small enough
#: that an upload cannot exhaust memory.
MAX_FILE_BYTES = 2 * 1024 * 1024


#: Problem codes whose sentence lives outside the ``problem.`` area of the catalog.
_MESSAGE_KEYS = {"too_many_items": "limits.too_many_items",
                 "too_many_links": "limits.too_many_links",
                 "version_text": "export_trust.version_text",
                 "version_not_number": "export_trust.version_not_number"}
#: The lists bounded by MAX_ITEMS_PER_SECTION and MAX_LINKS_PER_ITEM, by their last name.
_SECTION_FIELDS = frozenset(SECTIONS + VALUE_MAP_SECTIONS)
_LINK_FIELDS = frozenset(("relieves", "creates"))


@dataclass(frozen=True)
class Problem:
    path: str
    code: str
    params: dict = field(default_factory=dict)

    def message(self, t: Translator) -> str:
        return t(_MESSAGE_KEYS.get(self.code, f"problem.{self.code}"), **self.params)

    def sentence(self, t: Translator, source: str) -> str:
        """One line, always: names and keys from a hostile file cannot start a new line."""
        where = _one_line(self.path) or t("problem.root")
        return t("problem.sentence", file=_one_line(source), path=where,
                 problem=_one_line(self.message(t)))


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _one_line(text: str) -> str:
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)


class CanvasFileError(ValueError):
    """A file that is not a valid canvas; carries every problem found."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.lines(get_translator("en"))[0] if problems else source)

    def lines(self, t: Translator) -> list[str]:
        return [p.sentence(t, self.source) for p in self.problems]

    def summary(self, t: Translator) -> str:
        """One sentence for a toast or an error box; the rest stay available in lines()."""
        first = self.problems[0].sentence(t, self.source)
        extra = len(self.problems) - 1
        if extra > 0:
            return first + " " + t.plural("problem.more", extra)
        return first


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _short(value, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_TYPE_CODES = {
    "int_type": "expected_integer", "int_parsing": "expected_integer",
    "int_from_float": "expected_integer", "string_type": "expected_text",
    "list_type": "expected_list", "model_type": "expected_object", "dict_type": "expected_object",
    "model_attributes_type": "expected_object", "bool_type": "expected_boolean",
    "datetime_type": "expected_datetime", "datetime_parsing": "expected_datetime",
    "datetime_from_date_parsing": "expected_datetime",
    "date_type": "expected_date", "date_parsing": "expected_date",
    "date_from_datetime_parsing": "expected_date", "date_from_datetime_inexact": "expected_date",
}


def problems_from_validation_error(error: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        kind = err["type"]
        path = _path(tuple(err["loc"]))
        ctx = err.get("ctx") or {}
        value = err.get("input")
        if kind == INTEGRITY_ERROR:
            problems.extend(Problem(where, code, {"value": offending})
                            for where, code, offending in ctx["problems"])
            continue
        if kind == "missing":
            problems.append(Problem(path, "missing"))
        elif kind == "extra_forbidden":
            problems.append(Problem(path, "unknown_key"))
        elif kind in ("greater_than_equal", "less_than_equal"):
            low_high = {"greater_than_equal": "ge", "less_than_equal": "le"}[kind]
            limit = ctx.get(low_high)
            if path.endswith(("importance", "severity", "relevance", "frequency")):
                problems.append(Problem(path, "score_range", {"value": _short(value)}))
            else:
                problems.append(Problem(path, f"number_{low_high}",
                                        {"value": _short(value), "limit": limit}))
        elif kind == "string_too_short" or (kind == "string_pattern_mismatch"
                                            and ctx.get("pattern") == r"\S"):
            problems.append(Problem(path, "empty_text"))
        elif kind == "string_too_long":
            problems.append(Problem(path, "too_long", {"limit": ctx.get("max_length"),
                                                        "length": len(value or "")}))
        elif kind == "string_pattern_mismatch":
            problems.append(Problem(path, "bad_id", {"value": _short(value)}))
        elif kind == "too_long":
            problems.append(_too_many(path, ctx))
        elif kind in ("literal_error", "enum"):
            problems.append(Problem(path, "not_allowed", {"value": _short(value),
                                                            "allowed": ctx.get("expected", "")}))
        elif kind in _TYPE_CODES:
            problems.append(Problem(path, _TYPE_CODES[kind], {"value": _short(value)}))
        else:
            problems.append(Problem(path, "invalid", {"detail": err["msg"]}))
    return problems or [Problem("", "invalid", {"detail": str(error)})]


def _too_many(path: str, ctx: dict) -> Problem:
    """A list over its limit; sections and links say how many they hold."""
    name = path.rsplit(".", 1)[-1]
    limit, count = ctx.get("max_length"), ctx.get("actual_length")
    if name in _SECTION_FIELDS and count is not None:
        return Problem(path, "too_many_items", {"count": count, "limit": limit})
    if name in _LINK_FIELDS and count is not None:
        return Problem(path, "too_many_links", {"count": count, "limit": limit})
    return Problem(path, "too_many", {"limit": limit})


def parse_canvas(data: bytes | str, source: str = "canvas.json") -> Canvas:
    """Bytes from a file or an upload -> Canvas, or CanvasFileError naming every problem."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise CanvasFileError(source, [Problem("", "file_too_large",
                                               {"limit": MAX_FILE_BYTES // (1024 * 1024)})])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CanvasFileError(source, [Problem("", "not_utf8")]) from None
    try:
        raw = json.loads(text)
    except RecursionError:
        raise CanvasFileError(source, [Problem("", "too_deep")]) from None
    except json.JSONDecodeError as exc:
        raise CanvasFileError(source, [Problem("", "not_json",
                                               {"line": exc.lineno, "column": exc.colno})]) \
            from None
    except ValueError:  # e.g. an integer literal longer than Python's 4300-digit limit
        raise CanvasFileError(source, [Problem("", "not_json", {"line": "?", "column": "?"})]) \
            from None
    return canvas_from_data(raw, source)


#: A canvas is at most five levels deep; anything far deeper is not a canvas, and refusing
#: it early keeps the JSON parsers' own recursion limits out of the user's messages.
MAX_DEPTH = 32


def _depth(value) -> int:
    """Nesting depth without recursion, so hostile input cannot exhaust the stack."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        if isinstance(node, dict):
            stack.extend((child, level + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, level + 1) for child in node)
    return deepest


def canvas_from_data(raw, source: str = "canvas.json") -> Canvas:
    if not isinstance(raw, dict):
        raise CanvasFileError(source, [Problem("", "expected_object",
                                               {"value": _short(raw)})])
    if _depth(raw) > MAX_DEPTH:
        raise CanvasFileError(source, [Problem("", "too_deep")])
    version = raw.get("schema_version")
    if isinstance(version, str):  # "1": a number written as text, say so
        raise CanvasFileError(source, [Problem("schema_version", "version_text",
                                               {"value": _short(version),
                                                "known": SCHEMA_VERSION})])
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise CanvasFileError(source, [Problem("schema_version", "version_not_number",
                                               {"value": _short(version),
                                                "known": SCHEMA_VERSION})])
    if isinstance(version, int):
        if version > SCHEMA_VERSION:
            raise CanvasFileError(source, [Problem("schema_version", "newer_version",
                                                   {"value": version,
                                                    "known": SCHEMA_VERSION})])
        if version < SCHEMA_VERSION:
            try:
                raw = migrate(raw)
            except UnknownVersion as exc:
                raise CanvasFileError(source, [Problem("schema_version", "unknown_version",
                                                       {"value": exc.version})]) from None
    try:
        # Round-trip through JSON so strict mode still parses ISO dates the JSON way.
        return Canvas.model_validate_json(json.dumps(raw, ensure_ascii=False))
    except ValidationError as exc:
        raise CanvasFileError(source, problems_from_validation_error(exc)) from None
    except RecursionError:
        raise CanvasFileError(source, [Problem("", "too_deep")]) from None
