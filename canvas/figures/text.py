"""Turning user text into safe, fitted figure text.

Plotly reads a subset of HTML in every text, hover and annotation string, so a learner's
``<b>`` would turn bold and an ``<a>`` would become a link. Everything typed by a user
goes through :func:`plain` first; the line breaks we add for wrapping are inserted only
after escaping, so they are the only markup left in the string.

Plotly draws every text as an SVG ``<text>`` of a left-to-right chart. Arabic and Persian
text there took the chart's direction: "3. حجز" showed its rank at the wrong end, a note
opening with a brand ("iPhone 15 بسعر 300 €") and a line holding a RIGHT-TO-LEFT OVERRIDE
(U+202E) reordered or reversed the text that followed it in the same label. So a text
holding right-to-left letters or explicit bidi controls is wrapped in a directional
isolate (the SVG text's ``dir="auto"``): it reads in its own direction, and an override
typed inside it ends at the isolate's end. Left-to-right text is left byte for byte as is.
In a figure drawn for Arabic or Persian (:func:`reading_right_to_left`), a text holding
their letters reads right to left even when a brand opens it, as the page's board shows
it (``canvas.bidi.isolate_for``): first-strong put "iPhone 15 بسعر 300 €" on the Insights
charts as "iPhone 15 300 بسعر €" beside the board's right order.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from canvas.bidi import FSI, PDI, RLI, direction, has_rtl, isolate

ELLIPSIS = "…"
BREAK = "<br>"
#: Plotly typesets a string wrapped in dollar signs as LaTeX; a leading zero-width space
#: keeps a price like "$5 or $10$" literal without changing what the reader sees.
_MATH = re.compile(r"^\$.*\$$", re.DOTALL)
def plain(text: str, way: str | None = None) -> str:
    """Escape user text for Plotly (isolated when it holds right-to-left text, see above).

    Quotes are left alone on purpose: without ``<`` no tag can form, and Plotly does not
    decode ``&quot;``, so escaping quotes would show the entity instead of the quote.
    """
    escaped = html.escape(text, quote=False)
    escaped = "\u200b" + escaped if _MATH.match(escaped) else escaped
    ranked = _RANKED.match(escaped) if way is None and _RIGHT_TO_LEFT.get() else None
    if ranked and not has_rtl(ranked.group(2)):
        # "۱. Délai…" on a Persian chart: our rank where a right-to-left line starts, as on
        # the rows of Persian notes around it, and the French note in its own direction
        # (first-strong had put this one row's rank at the left).
        return f"{RLI}{ranked.group(1)} {FSI}{ranked.group(2)}{PDI}{PDI}"
    return isolate(escaped, way or reading_way(escaped))


#: A label we number: "3. the note" (the rank in any of our digits).
_RANKED = re.compile(r"^([0-9\u0660-\u0669\u06f0-\u06f9]+\.) (.+)$", re.DOTALL)


#: Whether the figure being built reads right to left; set by the builders' entry points
#: for the length of one build, so each of the many ``plain`` calls need not be told.
_RIGHT_TO_LEFT: ContextVar[bool] = ContextVar("vpc_figure_right_to_left", default=False)


def reading_way(text: str) -> str | None:
    """The direction ``text`` reads in on the figure being built: right to left when the
    figure does and the text holds Arabic or Persian letters, else its first strong
    letter's (None: no strong letter)."""
    if _RIGHT_TO_LEFT.get() and has_rtl(text):
        return "rtl"
    return direction(text)


@contextmanager
def reading_right_to_left(rtl: bool) -> Iterator[None]:
    """Build a figure for a page that reads right to left (``rtl``) or not."""
    token = _RIGHT_TO_LEFT.set(rtl)
    try:
        yield
    finally:
        _RIGHT_TO_LEFT.reset(token)


def _words(text: str) -> str:
    return " ".join(text.split())


def clip(text: str, limit: int) -> str:
    """One raw line of at most ``limit`` characters, cut at a word when possible."""
    return _cut(_words(text), max(limit, 2))


def shorten(text: str, limit: int) -> str:
    """:func:`clip`, escaped for Plotly."""
    return plain(clip(text, limit))


def wrap_lines(text: str, width: int, max_lines: int | None = None) -> list[str]:
    """Raw (unescaped) lines; the last kept line ends in an ellipsis when text was cut."""
    return list(wrapped(text, width, max_lines))


@lru_cache(maxsize=8192)
def wrapped(text: str, width: int, max_lines: int | None,
             whole_words: bool = False) -> tuple[str, ...]:
    """:func:`wrap_lines`, remembered: fitting a font wraps the same labels many times,
    and every redraw of a canvas wraps the same texts again.

    Lines break at spaces only: a word split over two lines ("Contamina / tion") reads
    as two words, and so does one broken after its hyphen on a small note. A single word
    longer than a line keeps a line of its own, shortened with an ellipsis (or whole,
    with ``whole_words``, for hover boxes that may grow); the diagram shrinks its font
    first so that this stays rare (``longest_word``)."""
    width = max(width, 2)
    lines = textwrap.wrap(_words(text), width=width, break_long_words=False,
                          break_on_hyphens=False) or [""]
    if not whole_words:
        lines = [_cut(line, width) for line in lines]
    if max_lines is not None and len(lines) > max(max_lines, 1):
        keep = max(max_lines, 1)
        rest = " ".join(lines[keep - 1:])
        lines = lines[:keep - 1] + [_cut(rest, width)]
    return tuple(lines)


def longest_word(text: str) -> int:
    """Characters in the longest word: a line narrower than that must shorten it."""
    return max((len(word) for word in text.split()), default=0)


def fits_lines(text: str, width: int, lines: int) -> bool:
    """``text`` shows whole, no word shortened, in ``lines`` lines of ``width``
    characters; mostly decided without wrapping.

    Wrapping only breaks at single spaces (``_words`` collapses the rest) and never puts
    more than ``width`` characters on a line, so a text no longer than a line fits, and
    one longer than ``lines`` full lines plus the spaces between them cannot.
    """
    width, length = max(width, 2), len(_words(text))
    if length <= width:
        return lines >= 1
    if length > lines * width + lines - 1 or longest_word(text) > width:
        return False
    return len(wrapped(text, width, None)) <= lines


def _cut(text: str, width: int) -> str:
    """At most ``width`` characters ending in an ellipsis, cut after the last whole word
    that fits ("without…", not "without interruptio…"); only a text whose first word is
    longer than the line is cut inside that word."""
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    space = cut.rfind(" ") if text[width - 1] != " " else width - 1
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + ELLIPSIS


def wrap(text: str, width: int, max_lines: int | None = None) -> str:
    """Escaped text broken into ``<br>`` lines (escaping first would let a break split an
    entity such as ``&amp;`` and would count it as five characters). Every line reads in
    the direction of the whole text, so a line of an Arabic note that starts with a Latin
    brand still sits as the Arabic lines do."""
    way = reading_way(text)
    lines = wrap_lines(text, width, max_lines)
    # A numbered note's first line is told apart (see plain): its rank reads as the page.
    first = plain(lines[0]) if lines and _RANKED.match(lines[0]) and way != "rtl" else None
    return BREAK.join(first if i == 0 and first is not None else plain(line, way)
                      for i, line in enumerate(lines))


def hover_text(text: str, width: int = 60) -> str:
    """The full text, wrapped but never shortened: hover is where long texts are read."""
    way = reading_way(text)
    return BREAK.join(plain(line, way) for line in wrapped(text, width, None, True))


def join_lines(*lines: str) -> str:
    return BREAK.join(line for line in lines if line)


def bold(safe_text: str) -> str:
    return f"<b>{safe_text}</b>"
