"""Evidence in front of a room: the assumptions map as a projector step, one test card
in large type, and "N of M assumptions tested" on the facilitator's gallery.

A facilitator who wants a room to learn how to test picks one learner's test card and
shows it on the projector: the four sentences of the card, big enough to read from the
back, are a better example than any slide. The gallery line tells them whose canvases
have tests worth showing.
"""

from __future__ import annotations

import streamlit as st

from canvas.evidence import cards as ev
from canvas.evidence.persona import field_label, group_label, persona_lines
from canvas.evidence.risk import map_points
from canvas.figures.assumptions import SIZE, assumptions_map
from canvas.ui.evidence.evidence_panel import test_lines, test_meta
from canvas.ui.projector.zoomed_figure import show_zoomed
from canvas.ui.shell.figure_width import room
from canvas.ui.shell.text import md_escape

#: The projector's query parameter naming one test card: "section:item id:test id".
CARD_PARAM = "card"
#: Room the navigation row needs below the map, so the whole step fits the screen.
NAV_ROOM = 130


def persona_groups(t, persona) -> None:
    """The projector's segment step: the whole persona card, each filled group as one
    paragraph ("Name: Olena · Age: 34 · ..."), two groups to a row, notes last.

    A list item per field ran off the screen; four columns broke long words in the
    middle ("Облаштовуєть-ся") at the projector's type size.
    """
    lines = [line for line in persona_lines(persona, t) if line[1] != field_label(t, "notes")]
    groups = list(dict.fromkeys(group for group, _, _ in lines))
    for start in range(0, len(groups), 2):
        for column, group in zip(st.columns(2, gap="large"), groups[start:start + 2],
                                 strict=False):
            with column:
                st.markdown(f"**{md_escape(group_label(t, group))}**  \n" + " · ".join(
                    f"{md_escape(label)}: **{md_escape(value)}**"
                    for g, label, value in lines if g == group))
    if persona.notes:
        st.markdown(md_escape(persona.notes))


def card_ref(section: str, item_id: str, test_id: str) -> str:
    return f"{section}:{item_id}:{test_id}"


def find_card(canvas, ref: str):
    """``(item, test)`` named by ``ref``, or None when it is gone or malformed."""
    parts = (ref or "").split(":")
    if len(parts) != 3 or parts[0] not in ev.EVIDENCE_SECTIONS:
        return None
    item = next((i for i in canvas.section(parts[0]) if i.id == parts[1]), None)
    test = next((x for x in item.tests if x.id == parts[2]), None) if item else None
    return (item, test) if test else None


def projector_zoom() -> float:
    """How much to scale the map drawn at its export size: as wide as the page, yet
    short enough for the step's buttons to stay on screen (1 until measured). The map's
    presentation type is sized for its export width; drawn narrower, its labels would
    wrap and turn, so the picture is scaled as a whole instead."""
    width, height = room("projector_map_room")
    if not width:
        return 1.0
    zoom = width / SIZE[0]
    if height:
        zoom = min(zoom, (height - NAV_ROOM) / SIZE[1])
    # Never above 1: Streamlit's chart box is the export's width and clips anything wider.
    return round(min(max(zoom, 0.4), 1.0), 3)


def assumptions_step(t, canvas) -> None:
    """The projector's "What to test" step: the map with presentation type, scaled to fit
    (the same CSS transform as the projector's diagram)."""
    if not map_points(canvas)[0]:
        st.info(t("evidence.map.empty"), icon=":material/info:")
        return
    zoom = projector_zoom()
    fig = assumptions_map(canvas, t, presentation=True)
    fig.update_layout(title_subtitle_text="")  # the page already shows the canvas title
    show_zoomed(fig, SIZE, zoom, "projector_map", "projector_fig_assumptions")


def card_heading(t) -> None:
    st.markdown(f"# {t('evidence_ui.present.title')}")


def test_card_view(t, canvas, ref: str) -> bool:
    """One test card, large; False when the card no longer exists."""
    found = find_card(canvas, ref)
    if found is None:
        return False
    item, test = found
    section = ref.split(":")[0]
    st.markdown(f"## {md_escape(item.text)}")
    st.markdown(f"**{md_escape(t(f'section.{section}.item'))} · "
                f"{md_escape(test_meta(t, test))}**")
    for opening, text in test_lines(t, test):
        st.markdown(f"**{md_escape(opening)}** {md_escape(text)}")
    return True


def gallery_evidence(t, code: str, owner: str, canvas, projector_page: str) -> None:
    """On a gallery card: how much has been tested, and a test card to present."""
    tested, total = ev.tested_count(canvas)
    st.caption(t("evidence_ui.gallery.tested", tested=tested, total=total))
    cards = [(section, item, test) for section in ev.EVIDENCE_SECTIONS
             for item in canvas.section(section) for test in item.tests]
    if not cards:
        return
    with st.popover(t("evidence_ui.gallery.present"), icon=":material/science:"):
        refs = {card_ref(s, i.id, x.id): f"{i.text} — {x.belief or x.action}"
                for s, i, x in cards}
        key = f"present_card_{owner}_{canvas.id}"
        chosen = st.selectbox(t("evidence_ui.gallery.pick"), list(refs), key=key,
                              format_func=lambda r: refs[r][:120],
                              placeholder=t("polish.choose"))
        if st.button(t("workshops.present"), key=f"{key}_go", type="primary",
                     icon=":material/co_present:"):
            st.switch_page(projector_page, query_params={
                "workshop": code, "owner": owner, "canvas": canvas.id, CARD_PARAM: chosen})
