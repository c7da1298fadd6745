"""Canvases for the storage tests, shared by tests/test_store_attacks.py and the AppTests."""

from __future__ import annotations

import json

from canvas.models import Canvas, blank_canvas
from canvas.validation import canvas_from_data


def big_canvas(notes: int = 700) -> Canvas:
    """About 1.7 MB as compact JSON and 3.8 MB indented: the canvas of the issue."""
    raw = json.loads(blank_canvas("Big").model_dump_json())
    count = 300
    raw["pains"] = [{"id": f"p{i}", "text": f"Pain {i}", "kind": "obstacle", "severity": 3,
                     "notes": "n" * notes} for i in range(count)]
    raw["gains"] = [{"id": f"g{i}", "text": f"Gain {i}", "kind": "desired", "relevance": 3,
                     "notes": "n" * notes} for i in range(count)]
    raw["value_map"]["pain_relievers"] = [
        {"id": f"r{i}", "text": f"Reliever {i}", "relieves": [f"p{j}" for j in range(count)]}
        for i in range(count)]
    raw["value_map"]["gain_creators"] = [
        {"id": f"c{i}", "text": f"Creator {i}", "creates": [f"g{j}" for j in range(count)]}
        for i in range(count)]
    return canvas_from_data(raw)
