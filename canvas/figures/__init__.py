"""Figure builders: a canvas in, a Plotly figure out, for screen, projector and export.

One builder per figure serves the Insights page, the projector view and every export,
so what users see is what they download. Builders are pure and never import Streamlit.
Every figure fixes its own pixel size (``FigureSpec.width`` x ``height``) because its
labels are fitted to it; ``presentation=True`` enlarges type and strokes at that size.
The diagram may be drawn at another ``size`` (the room a screen gives it, see
``canvas.figures.sizing``): it is laid out again for that size, never stretched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go

from canvas.figures import geometry, text
from canvas.figures.charts import build_mix_kinds, build_mix_status, build_ranking
from canvas.figures.compare import MAX_CANVASES, build_compare, check_count
from canvas.figures.coverage import build_fit
from canvas.figures.describe import alt_text, empty_reason
from canvas.figures.diagram import build_diagram
from canvas.figures.labels import canvas_subtitle, percent
from canvas.figures.matrix import build_priority
from canvas.figures.message import message_figure
from canvas.figures.sizing import DIAGRAM_SIZE
from canvas.figures.theme import Theme, theme_for
from canvas.fileformat.models import Canvas
from canvas.i18n import Translator
from canvas.ranking.fit import fit_score

__all__ = ["CHART_SIZE", "COMPARE_SIZE", "DIAGRAM_SIZE", "FIGURES", "MAX_CANVASES",
           "FigureSpec", "alt_text", "build", "build_comparison", "clear_caches", "empty_reason"]

Builder = Callable[..., go.Figure]
CHART_SIZE = (1200, 700)
COMPARE_SIZE = (1600, 1000)


@dataclass(frozen=True)
class FigureSpec:
    name: str
    title_key: str
    builder: Builder       # (canvas, t, *, presentation=False, show_links=True,
    #                         size=None, window=None) -> Figure
    width: int
    height: int


def _title(name: str, canvas: Canvas, t: Translator) -> str:
    if name == "fit" and empty_reason(name, canvas, t) is None:
        return t("figures.fit.title_score", pct=percent(t, fit_score(canvas)))
    return t(f"figures.title.{name}")


def _draw(name: str, canvas: Canvas, t: Translator, theme: Theme, size: tuple[int, int],
          show_links: bool, window: tuple[int, int] | None = None) -> go.Figure:
    common = {"size": size, "title": _title(name, canvas, t),
              "subtitle": canvas_subtitle(canvas, theme, size[0])}
    if name == "diagram":
        return build_diagram(canvas, t, theme, show_links=show_links, window=window, **common)
    if name.startswith("ranking_"):
        return build_ranking(name.removeprefix("ranking_"), canvas, t, theme, **common)
    if name.startswith("priority_"):
        return build_priority(name.removeprefix("priority_"), canvas, t, theme, **common)
    if name == "mix_kinds":
        return build_mix_kinds(canvas, t, theme, **common)
    if name == "mix_status":
        return build_mix_status(canvas, t, theme, **common)
    return build_fit(canvas, t, theme, **common)


def _builder(name: str, default_size: tuple[int, int]) -> Builder:
    def builder(canvas: Canvas, t: Translator, *, presentation: bool = False,
                show_links: bool = True, size: tuple[int, int] | None = None,
                window: tuple[int, int] | None = None) -> go.Figure:
        theme = theme_for(presentation, getattr(t, "language", None))
        size = size or default_size
        with text.reading_right_to_left(theme.rtl):
            reason = empty_reason(name, canvas, t)
            if reason is not None:
                return message_figure(reason, theme, size=size, title=_title(name, canvas, t),
                                      subtitle=canvas_subtitle(canvas, theme, size[0]))
            return _draw(name, canvas, t, theme, size, show_links, window)

    builder.__name__ = f"build_{name}"
    return builder


def _spec(name: str, size: tuple[int, int]) -> FigureSpec:
    return FigureSpec(name, f"figures.title.{name}", _builder(name, size), *size)


FIGURES: dict[str, FigureSpec] = {
    spec.name: spec for spec in (
        _spec("diagram", DIAGRAM_SIZE),
        _spec("ranking_jobs", CHART_SIZE),
        _spec("ranking_pains", CHART_SIZE),
        _spec("ranking_gains", CHART_SIZE),
        _spec("priority_jobs", CHART_SIZE),
        _spec("priority_pains", CHART_SIZE),
        _spec("mix_kinds", CHART_SIZE),
        _spec("mix_status", CHART_SIZE),
        _spec("fit", CHART_SIZE),
    )
}


def clear_caches() -> None:
    """Forget remembered geometry and wrapped text, so the next build starts from scratch.

    Builders remember pure results (slot counts of a region, title spots, wrapped
    labels) because every redraw of a canvas needs the same ones; benchmarks clear them
    to time a first draw.
    """
    for cached in (geometry.slot_counts, geometry.place_label, text.wrapped):
        cached.cache_clear()


def build(name: str, canvas: Canvas, t: Translator, *, presentation: bool = False,
          show_links: bool = True, size: tuple[int, int] | None = None,
          window: tuple[int, int] | None = None) -> go.Figure:
    """Figure ``name`` at its export size, or at ``size`` (the width a screen measured);
    ``window=(page, per_page)`` draws one page of a crowded diagram."""
    if name not in FIGURES:
        raise ValueError(f"unknown figure {name!r}; known: {', '.join(FIGURES)}")
    if name != "diagram" and window is not None:
        raise ValueError("only the diagram is drawn a page at a time")
    return FIGURES[name].builder(canvas, t, presentation=presentation, show_links=show_links,
                                 size=size, window=window)


def build_comparison(canvases: list[Canvas], t: Translator, *, presentation: bool = False,
                     size: tuple[int, int] | None = None) -> go.Figure:
    """Up to three canvases side by side; more (or none) is a ValueError. ``size`` is the
    room a screen measured (the export size when None)."""
    check_count(canvases)
    theme = theme_for(presentation, getattr(t, "language", None))
    with text.reading_right_to_left(theme.rtl):
        return build_compare(list(canvases), t, theme, size=size or COMPARE_SIZE)
