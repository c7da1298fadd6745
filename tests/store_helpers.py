"""Canvases and racers for the storage tests, shared by tests/test_store_attacks.py,
tests/test_mentor_lockout.py and the AppTests."""

from __future__ import annotations

import json
import multiprocessing
import threading

from canvas.fileformat.models import (
    MAX_ITEMS_PER_SECTION,
    MAX_LINKS_PER_ITEM,
    MAX_NOTES,
    Canvas,
    blank_canvas,
)
from canvas.fileformat.validation import canvas_from_data
from canvas.store import StoreError


def big_canvas(notes: int = 1400) -> Canvas:
    """Within every limit of the file format, yet about 1.87 MiB as compact JSON and
    2.13 MiB indented: the canvas of the issue. ``notes`` is the length of each value-map
    note; at 2,000 the products get notes too and the file passes 2 MiB even compact."""
    raw = json.loads(blank_canvas("Big").model_dump_json())
    count, links = MAX_ITEMS_PER_SECTION, MAX_LINKS_PER_ITEM
    for section, prefix, kind, score in [("jobs", "j", "functional", "importance"),
                                         ("pains", "p", "obstacle", "severity"),
                                         ("gains", "g", "desired", "relevance")]:
        raw[section] = [{"id": f"{prefix}{i}", "text": f"{section} {i}", "kind": kind,
                         score: 3, "notes": "n" * MAX_NOTES} for i in range(count)]
    raw["value_map"]["pain_relievers"] = [
        {"id": f"r{i}", "text": f"Reliever {i}", "notes": "n" * notes,
         "relieves": [f"p{(i + j) % count}" for j in range(links)]} for i in range(count)]
    raw["value_map"]["gain_creators"] = [
        {"id": f"c{i}", "text": f"Creator {i}", "notes": "n" * notes,
         "creates": [f"g{(i + j) % count}" for j in range(links)]} for i in range(count)]
    if notes >= MAX_NOTES:
        raw["value_map"]["products"] = [{"id": f"s{i}", "text": f"Product {i}",
                                         "notes": "n" * MAX_NOTES} for i in range(count)]
    return canvas_from_data(raw)


def run_threads(count: int, work) -> list:
    """Start ``count`` threads at one barrier; each returns what ``work(i)`` returned or
    raised."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - the refusal is the result
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _child(store, work, index, barrier, queue) -> None:
    barrier.wait()
    try:
        queue.put((index, work(store.open(), index)))
    except StoreError as exc:
        queue.put((index, exc.code))


def run_processes(store, count: int, work) -> dict[int, object]:
    """``work(backend, i)`` in ``count`` processes started at one barrier (fork: each
    child opens its own backend, like a separate app server)."""
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(count), context.Queue()
    children = [context.Process(target=_child, args=(store, work, i, barrier, queue))
                for i in range(count)]
    for child in children:
        child.start()
    results = dict(queue.get(timeout=120) for _ in children)
    for child in children:
        child.join(timeout=60)
    return results
