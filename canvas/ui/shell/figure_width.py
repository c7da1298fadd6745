"""How much room a figure gets on the page, measured in the browser.

The canvas diagram is laid out in pixels, so it must be drawn at the size it is shown at
(``canvas.figures.sizing``). Python cannot know the column's width: this tiny component
measures its own box (as wide as the column it sits in) and the height left below it in
the window (below its place in the page, not in the scrolled view), and reports them,
snapped to ``STEP`` pixels, whenever they change (window resized, sidebar opened or
closed, what is above it drawn). Before the first report, and in tests without a
browser, the room is unknown and callers use the export size.
"""

from __future__ import annotations

import streamlit as st

from canvas.editing.component_messages import FigureRoom, read
from canvas.figures.sizing import STEP

_JS = """
export default function (component) {
  const { setStateValue, parentElement, data } = component;
  const box = parentElement.host || parentElement;
  const report = () => {
    const rect = box.getBoundingClientRect();
    const width = Math.floor(rect.width / data.step) * data.step;
    // Where the box sits in the page, however far its scrolling boxes are scrolled:
    // Streamlit scrolls its main area, not the window, and keeps that scroll when a
    // button switches pages, so a page opened from halfway down another one measured
    // 120 px too much room and drew past the bottom of the screen.
    let top = rect.top + window.scrollY;
    for (let e = box.parentElement; e; e = e.parentElement) top += e.scrollTop;
    const below = window.innerHeight - top;
    const height = Math.max(0, Math.floor(below / data.step) * data.step);
    const value = JSON.stringify([width, height]);
    if (width > 0 && box.dataset.vpcRoom !== value) {   // report changes only
      box.dataset.vpcRoom = value;
      setStateValue("room", { width, height });
    }
  };
  // Marks the box until it has reported (tests wait for every shown box to report before
  // they call a page settled).
  box.setAttribute("data-vpc-room-box", "");
  const observer = new ResizeObserver(report);
  observer.observe(box);
  window.addEventListener("resize", report);
  // What is above the box may still be growing when it is first measured (a page's
  // heading row drawn after it): looked at again twice a second, reported on change.
  const again = setInterval(report, 500);
  report();
  return () => {
    clearInterval(again);
    observer.disconnect();
    window.removeEventListener("resize", report);
  };
}
"""

_measure = st.components.v2.component("vpc_figure_room", js=_JS)


def room(key: str, step: int = STEP) -> tuple[int | None, int | None]:
    """``(width, height below)`` of the spot where this is called, in CSS pixels (snapped
    down to ``step``); both None until the browser has measured them."""
    result = _measure(key=key, data={"step": step}, default={"room": None},
                      on_room_change=lambda: None)
    measured = read(FigureRoom, result.room)  # a forged size is no size
    return (measured.width, measured.height) if measured else (None, None)
