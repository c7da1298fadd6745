"""The benchmarks' shared helpers: one way to compute a percentile, one browser preamble."""

from __future__ import annotations

import statistics
from pathlib import Path

from bench._common import CHROMIUM, LAUNCH_ARGS, launch_options, percentile

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_percentile_interpolates_like_statistics_quantiles_inclusive():
    values = [0.9, 0.1, 0.5, 0.3, 0.7, 1.1, 0.2, 0.4, 0.6, 0.8]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    assert percentile(values, 0.95) == cuts[94]
    assert abs(cuts[94] - 1.01) < 1e-9  # between the two largest, not the largest (1.1)
    assert percentile(values, 0.5) == statistics.median(values)
    assert percentile([2.5], 0.95) == 2.5


def test_browser_preamble_has_one_home():
    """CHROMIUM and the launch flags live in bench/_common.py only."""
    assert launch_options() == {"executable_path": CHROMIUM, "headless": True,
                                "args": list(LAUNCH_ARGS)}
    for path in sorted(BENCH.glob("bench_*.py")):
        text = path.read_text(encoding="utf-8")
        assert "--no-sandbox" not in text, path.name
        assert "CHROMIUM =" not in text, path.name
        assert "sorted(values)" not in text, path.name  # hand-rolled percentiles
