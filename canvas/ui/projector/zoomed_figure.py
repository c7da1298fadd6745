"""A figure drawn at its export size and scaled as a whole to the room on a projector.

The projector's diagram step and its "What to test" step (the assumptions map) both show
a figure laid out for its export size and zoomed to the screen, so the notes keep the
type size they were laid out with. It lives apart from both steps' modules so that
neither has to import the other for it (they did, each from inside a function).
"""

from __future__ import annotations

import streamlit as st


def show_zoomed(fig, size: tuple[int, int], zoom: float, box: str, key: str,
                alt: str | None = None) -> None:
    """A figure laid out at its export ``size`` and shown scaled by ``zoom`` as a whole.

    A CSS transform scales the drawn picture, text with notes. Streamlit sizes a chart to
    its container and lays it out again when that box changes, which would shrink the
    notes but not their text: so the chart sits in a box of its full width (clipped by an
    outer frame), and only Plotly's own container is scaled. The negative margin gives
    back the height the scaled picture no longer fills.
    """
    spare = round(size[1] * (1 - zoom))
    st.html(f"<style>.st-key-{box}_frame {{ overflow: hidden; }} "
            f".st-key-{box} {{ width: {size[0]}px; min-width: {size[0]}px; "
            f"margin-bottom: {-spare}px; }} "
            f".st-key-{key} .plot-container {{ transform: scale({zoom}); "
            f"transform-origin: top left; }}</style>")
    with st.container(key=f"{box}_frame"), st.container(key=box):
        st.plotly_chart(fig, width="content", height="content",
                        config={"displayModeBar": False, "staticPlot": True}, key=key,
                        **({"alt": alt} if alt else {}))
