"""Canvases for the storage tests, shared by tests/test_store_attacks.py and the AppTests."""

from __future__ import annotations

import json

from canvas.models import (
    MAX_ITEMS_PER_SECTION,
    MAX_LINKS_PER_ITEM,
    MAX_NOTES,
    Canvas,
    blank_canvas,
)
from canvas.validation import canvas_from_data


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
