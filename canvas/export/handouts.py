"""The workshop's handouts: one PDF per shared canvas, named after the learner, in one ZIP.

A handout must say whose work it is and speak its owner's language, so each report is
written in the canvas's language (not the facilitator's), carries the learner's name on
its title page, and is called "Learner name - Title.pdf". The ZIP must never go stale: a
page asks :func:`handouts_key` (the shares and each canvas's revision) and offers a ZIP
only when its key is still current; between page runs it polls the shares' revisions
(:func:`revisions_of`, :func:`changed_since`) and takes the download away the moment one
moves. Rebuilding is cheap when little changed: a report
already written for the same canvas revision, language and learner is reused.
"""

from __future__ import annotations

import io
import re
import threading
import unicodedata
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from canvas.export.report import pdf_reports
from canvas.fileformat.models import Canvas
from canvas.i18n import get_translator

#: Reports kept for reuse in this process: a room of 25, twice over, and some to spare.
CACHE_SIZE = 64
MAX_PART = 60
# Characters Windows, macOS or a ZIP tool refuse or misread in a file name.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}

_cache: OrderedDict[tuple, bytes] = OrderedDict()
_cache_guard = threading.Lock()


@dataclass(frozen=True)
class Handout:
    """One shared canvas with the name of the learner who made it."""

    owner: str
    learner: str
    canvas: Canvas


def safe_part(text: str, fallback: str) -> str:
    """A piece of a file name: the text as written (any script, spaces kept), without the
    characters file systems refuse, cut to a readable length."""
    text = unicodedata.normalize("NFC", text)
    text = " ".join(_UNSAFE.sub(" ", text).split())[:MAX_PART].strip(" .")
    if not text or text.casefold() in _RESERVED:
        return fallback
    return text


def handout_names(handouts: Iterable[Handout]) -> list[str]:
    """"Learner name - Title.pdf" for each, made unique with " (2)", " (3)"... ."""
    used: set[str] = set()
    names = []
    for item in handouts:
        stem = (f"{safe_part(item.learner, item.owner)} - "
                f"{safe_part(item.canvas.title, 'canvas')}")
        name, n = f"{stem}.pdf", 2
        while name.casefold() in used:
            name, n = f"{stem} ({n}).pdf", n + 1
        used.add(name.casefold())
        names.append(name)
    return names


def report_key(item: Handout) -> tuple:
    """What a report depends on: which canvas, at which revision, in which language, and
    whose name is on it."""
    canvas = item.canvas
    return (item.owner, canvas.id, canvas.revision, canvas.updated_at.isoformat(),
            canvas.language, item.learner)


def handouts_key(handouts: Iterable[Handout]) -> tuple:
    """Changes whenever a share is added or removed, a shared canvas is saved, or a
    learner's name changes: the key a prepared ZIP is offered under."""
    return tuple(sorted(report_key(item) for item in handouts))


def revisions_of(handouts: Iterable[Handout]) -> dict[tuple[str, str], int]:
    """``(owner, canvas id) -> revision``: what the store's cheap poll of a workshop's
    shared canvases reports, so a page can tell a prepared ZIP went stale without
    loading a single canvas."""
    return {(item.owner, item.canvas.id): item.canvas.revision for item in handouts}


def changed_since(prepared: dict[tuple[str, str], int],
                  now: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    """The canvases a ZIP prepared at ``prepared`` no longer matches: saved since, shared
    since, or no longer shared (in that order, each sorted)."""
    saved = sorted(ref for ref in prepared.keys() & now.keys() if prepared[ref] != now[ref])
    added = sorted(now.keys() - prepared.keys())
    gone = sorted(prepared.keys() - now.keys())
    return saved + added + gone


def sort_handouts(handouts: Iterable[Handout]) -> list[Handout]:
    """By learner name, then title: the order of the gallery."""
    return sorted(handouts, key=lambda h: (h.learner.casefold(), h.canvas.title.casefold(),
                                           h.owner, h.canvas.id))


def cached_report(item: Handout) -> bytes | None:
    with _cache_guard:
        data = _cache.get(report_key(item))
        if data is not None:
            _cache.move_to_end(report_key(item))
        return data


def _remember(item: Handout, data: bytes) -> None:
    with _cache_guard:
        _cache[report_key(item)] = data
        _cache.move_to_end(report_key(item))
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def clear_cache() -> None:
    with _cache_guard:
        _cache.clear()


def zip_handouts(handouts: Iterable[Handout],
                 progress: Callable[[int, int], None] | None = None) -> bytes:
    """The ZIP of every handout; ``progress(done, total)`` after each report.

    Reports missing from the cache are written together (each one's figures render while
    the previous one is laid out), each in its canvas's language.
    """
    items = sort_handouts(handouts)
    names = handout_names(items)
    reports: dict[int, bytes] = {}
    missing = []
    for index, item in enumerate(items):
        data = cached_report(item)
        if data is None:
            missing.append(index)
        else:
            reports[index] = data
    done = len(reports)
    if progress is not None and done:
        progress(done, len(items))

    def collect(position: int, _canvas: Canvas, data: bytes) -> None:
        nonlocal done
        index = missing[position]
        reports[index] = data
        _remember(items[index], data)
        done += 1
        if progress is not None:
            progress(done, len(items))

    if missing:
        pdf_reports([items[i].canvas for i in missing], None, collect,
                    learners=[items[i].learner for i in missing],
                    translator_for=lambda canvas: get_translator(canvas.language))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for index, name in enumerate(names):
            zf.writestr(name, reports[index])
    return out.getvalue()
