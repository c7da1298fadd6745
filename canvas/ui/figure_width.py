"""How much room a figure gets on the page, measured in the browser.

The canvas diagram is laid out in pixels, so it must be drawn at the size it is shown at
(``canvas.figures.sizing``). Python cannot know the column's width: this tiny component
measures its own box (as wide as the column it sits in) and the height left below it in
the window, and reports them, snapped to ``STEP`` pixels, whenever they change (window
resized, sidebar opened or closed). Before the first report, and in tests without a
browser, the room is unknown and callers use the export size.
"""

from __future__ import annotations

import streamlit as st

from canvas.component_messages import FigureRoom, read
from canvas.figures.sizing import STEP

_JS = """
export default function (component) {
  const { setStateValue, parentElement, data } = component;
  const box = parentElement.host || parentElement;
  const report = () => {
    const rect = box.getBoundingClientRect();
    const width = Math.floor(rect.width / data.step) * data.step;
    const below = window.innerHeight - (rect.top + window.scrollY);
    const height = Math.max(0, Math.floor(below / data.step) * data.step);
    const value = JSON.stringify([width, height]);
    if (width > 0 && box.dataset.vpcRoom !== value) {   // report changes only
      box.dataset.vpcRoom = value;
      setStateValue("room", { width, height });
    }
  };
  const observer = new ResizeObserver(report);
  observer.observe(box);
  window.addEventListener("resize", report);
  report();
  return () => {
    observer.disconnect();
    window.removeEventListener("resize", report);
  };
}
"""

_measure = st.components.v2.component("vpc_figure_room", js=_JS)


def room(key: str) -> tuple[int | None, int | None]:
    """``(width, height below)`` of the spot where this is called, in CSS pixels; both
    None until the browser has measured them."""
    result = _measure(key=key, data={"step": STEP}, default={"room": None},
                      on_room_change=lambda: None)
    measured = read(FigureRoom, result.room)  # a forged size is no size
    return (measured.width, measured.height) if measured else (None, None)
