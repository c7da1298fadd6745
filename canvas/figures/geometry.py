"""Packing notes into the parts of the canvas diagram.

Each part (a third of the circle, a third of the square) is a convex region: a disc
and/or a set of half-planes. Convexity lets a row of notes be fitted exactly from the
region's horizontal chords at the row's top and bottom edge, so rows follow the curve of
the circle instead of wasting its rim. All coordinates are pixels with y pointing up.

Packing tries dozens of note sizes per part (and again for every spot a part's title
may take), so slots are counted for all sizes and rows at once with numpy, in the same
floating-point steps as the row-by-row layout; only the winning size is laid out box by
box. Counts and title spots depend only on the region and the sizes, so they are
remembered: redrawing an unchanged canvas skips the geometry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

#: Row offsets tried per note size (a quarter of a row apart).
PHASES = 4


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def overlaps(self, other: Box) -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)


@dataclass(frozen=True)
class HalfPlane:
    """Points with ``a*x + b*y >= c``."""

    a: float
    b: float
    c: float

    def holds(self, x: float, y: float, slack: float = 1e-6) -> bool:
        return self.a * x + self.b * y >= self.c - slack


@dataclass(frozen=True)
class Region:
    """A convex region: an optional disc intersected with half-planes, plus a bounding box."""

    bounds: Box
    planes: tuple[HalfPlane, ...] = ()
    disc: tuple[float, float, float] | None = None      # cx, cy, radius
    anchor: tuple[float, float] = field(default=(0.0, 0.0))
    avoid: tuple[Box, ...] = ()             # e.g. the part's title: no note may cover it

    def contains(self, x: float, y: float) -> bool:
        b = self.bounds
        if not (b.x0 - 1e-6 <= x <= b.x1 + 1e-6 and b.y0 - 1e-6 <= y <= b.y1 + 1e-6):
            return False
        if self.disc is not None:
            cx, cy, r = self.disc
            if math.hypot(x - cx, y - cy) > r + 1e-6:
                return False
        return all(plane.holds(x, y) for plane in self.planes)

    def contains_box(self, box: Box) -> bool:
        corners = ((box.x0, box.y0), (box.x0, box.y1), (box.x1, box.y0), (box.x1, box.y1))
        return all(self.contains(x, y) for x, y in corners)

    def chord(self, y: float) -> tuple[float, float] | None:
        """The interval of x inside the region at height ``y``, or None."""
        b = self.bounds
        if not b.y0 <= y <= b.y1:
            return None
        lo, hi = b.x0, b.x1
        if self.disc is not None:
            cx, cy, r = self.disc
            dy = y - cy
            if abs(dy) > r:
                return None
            half = math.sqrt(r * r - dy * dy)
            lo, hi = max(lo, cx - half), min(hi, cx + half)
        for plane in self.planes:
            rest = plane.c - plane.b * y
            if abs(plane.a) < 1e-12:
                if rest > 1e-6:
                    return None
                continue
            bound = rest / plane.a
            if plane.a > 0:
                lo = max(lo, bound)
            else:
                hi = min(hi, bound)
        return (lo, hi) if hi > lo else None


def rect_region(box: Box, margin: float) -> Region:
    inner = Box(box.x0 + margin, box.y0 + margin, box.x1 - margin, box.y1 - margin)
    return Region(bounds=inner, anchor=inner.center)


def ray_plane(cx: float, cy: float, angle: float, margin: float, left: bool) -> HalfPlane:
    """Half-plane on one side of the ray from the centre, ``margin`` px away from it.

    ``left`` keeps the side counter-clockwise of the ray's direction.
    """
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    sign = 1.0 if left else -1.0
    # cross(d, p - c) = dx*(y - cy) - dy*(x - cx); left side is positive.
    a, b = -dy * sign, dx * sign
    return HalfPlane(a, b, margin + a * cx + b * cy)


def sector_region(cx: float, cy: float, radius: float, start: float, end: float,
                  margin: float) -> Region:
    """A slice of the disc from ``start`` to ``end`` degrees (counter-clockwise, < 180)."""
    inner = radius - margin
    bounds = Box(cx - inner, cy - inner, cx + inner, cy + inner)
    planes = (ray_plane(cx, cy, start, margin, left=True),
              ray_plane(cx, cy, end, margin, left=False))
    mid = math.radians((start + end) / 2)
    anchor = (cx + math.cos(mid) * radius * 0.55, cy + math.sin(mid) * radius * 0.55)
    return Region(bounds=bounds, planes=planes, disc=(cx, cy, inner), anchor=anchor)


@lru_cache(maxsize=1024)
def place_label(region: Region, start: tuple[float, float], toward: tuple[float, float],
                width: float, height: float, step: float = 2.0) -> Box | None:
    """The first ``width`` x ``height`` box inside the region on the way from ``start``
    to ``toward`` (both box centres); None when it fits nowhere on that path.

    Pure geometry, remembered: every redraw of a canvas places the same titles."""
    (x0, y0), (x1, y1) = start, toward
    length = math.hypot(x1 - x0, y1 - y0)
    steps = max(1, int(length / step))
    for i in range(steps + 1):
        px, py = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps
        box = Box(px - width / 2, py - height / 2, px + width / 2, py + height / 2)
        if region.contains_box(box):
            return box
    return None


def _row_cells(region: Region, top: float, width: float, height: float,
               gap: float) -> list[Box]:
    upper, lower = region.chord(top), region.chord(top - height)
    if upper is None or lower is None:
        return []
    span = (max(upper[0], lower[0]), min(upper[1], lower[1]))
    cells: list[Box] = []
    for lo, hi in _free_spans(region, span, top - height, top, gap):
        count = int((hi - lo + gap) // (width + gap))
        if count <= 0:
            continue
        start = lo + (hi - lo - (count * width + (count - 1) * gap)) / 2
        cells.extend(Box(start + i * (width + gap), top - height,
                         start + i * (width + gap) + width, top) for i in range(count))
    return cells


def _free_spans(region: Region, span: tuple[float, float], y0: float, y1: float,
                gap: float) -> list[tuple[float, float]]:
    """The row's interval minus whatever the region must keep clear (its title)."""
    spans = [span]
    for box in region.avoid:
        if box.y1 + gap <= y0 or box.y0 - gap >= y1:
            continue
        cut_lo, cut_hi = box.x0 - gap, box.x1 + gap
        spans = [piece for lo, hi in spans
                 for piece in ((lo, min(hi, cut_lo)), (max(lo, cut_hi), hi)) if piece[1] > piece[0]]
    return spans


def grid_cells(region: Region, width: float, height: float, gap: float,
               phases: int = PHASES) -> list[Box]:
    """Every note slot of this size, rows top to bottom; best of a few row offsets."""
    count, phase = slot_counts(region, (width,), (height,), gap, phases)[0]
    return phase_cells(region, width, height, gap, phase, phases) if count else []


def phase_cells(region: Region, width: float, height: float, gap: float, phase: int,
                 phases: int) -> list[Box]:
    """The slots of one row offset: rows from the top, ``pitch`` apart."""
    cells: list[Box] = []
    pitch = height + gap
    top = region.bounds.y1 - phase * pitch / phases
    while top - height >= region.bounds.y0 - 1e-6:
        cells.extend(_row_cells(region, top, width, height, gap))
        top -= pitch
    return cells


def _chord_arrays(region: Region, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:meth:`Region.chord` for many heights at once: ``(inside, lo, hi)``.

    The same floating-point steps in the same order, so the slots counted here are
    exactly the ones :func:`_row_cells` lays out.
    """
    b = region.bounds
    inside = (b.y0 <= y) & (y <= b.y1)
    lo = np.full(y.shape, b.x0)
    hi = np.full(y.shape, b.x1)
    if region.disc is not None:
        cx, cy, r = region.disc
        dy = y - cy
        inside &= np.abs(dy) <= r
        half = np.sqrt(np.maximum(r * r - dy * dy, 0.0))
        lo = np.maximum(lo, cx - half)
        hi = np.minimum(hi, cx + half)
    for plane in region.planes:
        rest = plane.c - plane.b * y
        if abs(plane.a) < 1e-12:
            inside &= ~(rest > 1e-6)
            continue
        bound = rest / plane.a
        if plane.a > 0:
            lo = np.maximum(lo, bound)
        else:
            hi = np.minimum(hi, bound)
    return inside & (hi > lo), lo, hi


@lru_cache(maxsize=512)
def slot_counts(region: Region, widths: tuple[float, ...], heights: tuple[float, ...],
                 gap: float, phases: int = PHASES) -> tuple[tuple[int, int], ...]:
    """``(slots, best row offset)`` for each note size, all sizes and rows at once.

    What :func:`grid_cells` would return the length of, without building a single box:
    packing tries dozens of sizes per part, and only the winner needs its boxes. Pure
    geometry of the region and the sizes, so a redraw of the same canvas is a lookup.
    """
    width = np.array(widths, dtype=float)[:, None, None]
    height = np.array(heights, dtype=float)[:, None, None]
    pitch = height + gap
    bounds = region.bounds
    rows = max(1, int((bounds.y1 - bounds.y0) / float(pitch.min())) + 3)   # and to spare
    phase = np.arange(phases, dtype=float)[None, :, None]
    steps = np.empty((len(widths), phases, rows))
    steps[:, :, :1] = bounds.y1 - phase * pitch / phases
    steps[:, :, 1:] = -pitch
    tops = np.add.accumulate(steps, axis=2)       # ``top -= pitch``, step by step
    bottoms = tops - height
    ok, lo, hi = _chord_arrays(region, np.stack((tops, bottoms)))     # both edges at once
    usable = (bottoms >= bounds.y0 - 1e-6) & ok[0] & ok[1]
    pieces = [(np.maximum(lo[0], lo[1]), np.minimum(hi[0], hi[1]))]
    for box in region.avoid:
        hit = ~((box.y1 + gap <= bottoms) | (box.y0 - gap >= tops))
        cut_lo, cut_hi = box.x0 - gap, box.x1 + gap
        pieces = [piece for lo, hi in pieces for piece in (
            (lo, np.where(hit, np.minimum(hi, cut_lo), hi)),
            (np.where(hit, np.maximum(lo, cut_hi), hi), hi))]
    slots = np.zeros(tops.shape)
    for lo, hi in pieces:           # an empty piece counts no slot, as in _row_cells
        slots += np.maximum(np.floor_divide(hi - lo + gap, width + gap), 0.0)
    per_phase = np.where(usable, slots, 0.0).sum(axis=2)
    best = per_phase.argmax(axis=1)             # the first offset with the most slots
    most = per_phase[np.arange(len(widths)), best]
    return tuple(zip(most.astype(int).tolist(), best.tolist(), strict=True))


@dataclass(frozen=True)
class Packing:
    cells: list[Box]
    width: float
    height: float


def pack(region: Region, count: int, *, max_width: float, min_width: float,
         aspects: tuple[float, ...], gap: float) -> Packing:
    """The largest notes (by area, down to ``min_width``) that give ``count`` slots.

    Several aspect ratios compete because a slice of a circle holds rows of flat notes
    better near its tip and squarer notes near its rim. For each ratio a binary search
    finds the widest notes that fit (slots grow as notes shrink), which keeps a crowded
    diagram fast to redraw. When even the smallest notes do not fit, it returns as many
    slots as there are; the caller reports the rest.
    """
    if count <= 0:
        return Packing([], max_width, max_width * aspects[0])
    width, height, _, phase = _best_size(region, count, max_width, min_width, aspects, gap)
    cells = phase_cells(region, width, height, gap, phase, PHASES)
    return _chosen(region, cells, count, width, height)


def pack_size(region: Region, count: int, *, max_width: float, min_width: float,
              aspects: tuple[float, ...], gap: float) -> tuple[int, float, float]:
    """``(slots, width, height)`` that :func:`pack` would give, without laying out boxes."""
    if count <= 0:
        return 0, max_width, max_width * aspects[0]
    width, height, slots, _ = _best_size(region, count, max_width, min_width, aspects, gap)
    return min(slots, count), width, height


def _best_size(region: Region, count: int, max_width: float, min_width: float,
               aspects: tuple[float, ...], gap: float) -> tuple[float, float, int, int]:
    """``(width, height, slots, row offset)`` of the packing :func:`pack` picks."""
    fitting: list[tuple[float, float, int, int]] = []
    fullest: tuple[float, float, int, int] | None = None
    for sizes in _size_table(region, _widths(max_width, min_width), aspects, gap):
        found = _widest_fit(sizes, count)
        if found[2] and found[2] >= count:
            fitting.append(found)
        elif fullest is None or found[2] > fullest[2]:
            fullest = found
    return max(fitting, key=lambda p: p[0] * p[1]) if fitting else fullest


@lru_cache(maxsize=64)
def _widths(largest: float, smallest: float) -> tuple[float, ...]:
    """Candidate note widths, widest first, 4 % apart."""
    widths = []
    width = largest
    while width > smallest:
        widths.append(width)
        width *= 0.96
    return (*widths, smallest)


def _size_table(region: Region, widths: tuple[float, ...], aspects: tuple[float, ...],
                gap: float) -> list[list[tuple[float, float, int, int]]]:
    """Per aspect, ``(width, height, slots, row offset)`` for every candidate width.

    One vectorised count covers every width of every aspect (``slot_counts``).
    """
    heights = [tuple(width * aspect for width in widths) for aspect in aspects]
    counts = slot_counts(region, widths * len(aspects), sum(heights, ()), gap)
    n = len(widths)
    return [[(width, height, *count) for width, height, count in
             zip(widths, column, counts[i * n:(i + 1) * n], strict=True)]
            for i, column in enumerate(heights)]


def _widest_fit(sizes: list[tuple[float, float, int, int]],
                count: int) -> tuple[float, float, int, int]:
    """The widest size giving ``count`` slots, or the smallest size's slots if none.

    A binary search over widths, as when each try laid out its notes (slots are not
    strictly monotonic in width, so the result depends on the order of the tries).
    """
    low, high = 0, len(sizes) - 1
    last = sizes[high]
    if last[2] < count:
        return last
    best = last
    while low < high:
        middle = (low + high) // 2
        trial = sizes[middle]
        if trial[2] >= count:
            best, high = trial, middle
        else:
            low = middle + 1
    return best


def _chosen(region: Region, cells: list[Box], count: int, width: float,
            height: float) -> Packing:
    """A rectangle fills like a page, from the top; a slice of the circle fills from its
    visual centre outwards, so a few notes do not hug one edge of a curved part."""
    if region.disc is None:
        return Packing(_reading_order(cells)[:count], width, height)
    return Packing(_reading_order(_nearest(cells, region.anchor, count)), width, height)


def _nearest(cells: list[Box], anchor: tuple[float, float], count: int) -> list[Box]:
    ax, ay = anchor
    ranked = sorted(cells, key=lambda c: math.hypot(c.center[0] - ax, c.center[1] - ay))
    return ranked[:count]


def _reading_order(cells: list[Box]) -> list[Box]:
    return sorted(cells, key=lambda c: (-round(c.y1, 3), c.x0))
