"""Tell the server once the browser has painted what this run drew, to draw more then.

A page with many charts (Insights: 11 Plotly charts on a full canvas) showed none of them
until the browser had drawn them all, hidden tabs included: 2.5 s to the first chart
against 0.7 s for a bare Plotly page (issue 24, ``bench/bench_insights.py``). Running the
page again at once for the rest did not help, because the second run's charts arrived
before the first one was painted. This tiny component waits until a chart of the page is
painted (two animation frames after it is in the page), or at most ``WAIT_MS``, then
reports; the page's callback marks what to draw and the report's own rerun draws it.
"""

from __future__ import annotations

import streamlit as st

WAIT_MS = 3000

_JS = """
export default function (component) {
  const { setStateValue, parentElement, data } = component;
  const box = parentElement.host || parentElement;
  // Marked until it has reported, as the figures' room boxes are (figure_width.py): the
  // tests' settle() waits for every shown box to report and for the run that follows.
  box.setAttribute("data-vpc-room-box", "");
  if (data.done) {        // the page is drawn in full: nothing to wait for
    box.dataset.vpcRoom = "painted";
    return () => {};
  }
  let done = false;
  const report = () => {
    if (done) return;
    done = true;
    box.dataset.vpcRoom = "painted";
    setStateValue("painted", data.token);
  };
  const painted = () => requestAnimationFrame(() => requestAnimationFrame(report));
  const look = () => {
    if (done) return;
    if (document.querySelector('[data-testid="stMain"] .js-plotly-plot .main-svg')) painted();
    else requestAnimationFrame(look);
  };
  look();
  const latest = setTimeout(report, data.wait);
  return () => { done = true; clearTimeout(latest); };
}
"""

_component = st.components.v2.component("vpc_after_paint", js=_JS)


def painted(key: str, token: str) -> bool:
    """Whether the browser has reported, for ``token`` (what was drawn: a new token, a new
    report), that this page's first chart is painted (or ``WAIT_MS`` passed without one).
    Read before the page draws, so that the report's own run draws everything."""
    held = st.session_state.get(key)
    return hasattr(held, "get") and held.get("painted") == token


def after_paint(key: str, token: str, *, done: bool) -> None:
    """The reporter, drawn in every run of the page at the same place, after everything
    else: drawn in the first run only, and before the tabs, it moved the tabs one place
    down in the next run, so Streamlit made them anew and a tab opened meanwhile closed
    again (CI: the assumptions map's tab, opened during the second run, showed the first
    tab's content for 20 s). ``done``: the page is drawn in full, nothing to report."""
    _component(key=key, data={"token": token, "wait": WAIT_MS, "done": done},
               default={"painted": None}, on_painted_change=lambda: None)
