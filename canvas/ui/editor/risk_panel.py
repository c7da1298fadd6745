""""Test first": the riskiest assumptions of the board's sections, one click from a test.

After ranking, the method's next step is to test the riskiest guesses with real
customers. This folded panel sits beside the board's other panels and lists the first
few items of canvas.evidence.risk's order for the sections of the page; "Plan a test" opens that
item on the board with its test form open in the evidence panel under it.
"""

from __future__ import annotations

import streamlit as st

from canvas.evidence.risk import reason_text, riskiest
from canvas.formatting import format_number
from canvas.ui.editor import editor_state
from canvas.ui.editor.folds import FOLDS
from canvas.ui.evidence.evidence_panel import PLAN_FOLD
from canvas.ui.shell.text import md_escape, shorten

#: Items listed: enough to choose from, few enough to start with the first.
SHOWN = 3


def risks_for(canvas, page: str) -> list:
    sections = editor_state.board_sections(page)
    return [risk for risk in riskiest(canvas) if risk.section in sections]


def plan_for(canvas_id: str, page: str, section: str, item_id: str) -> None:
    """Open the item on the board, with "Plan a test" unfolded under it."""
    for other in editor_state.board_sections(page):
        editor_state.set_editing(canvas_id, other, None)
    editor_state.set_editing(canvas_id, section, item_id)
    editor_state.show_section(canvas_id, page, section)
    editor_state.focus_note(canvas_id, page, item_id)
    st.session_state.setdefault(FOLDS, {})[f"{PLAN_FOLD}_{canvas_id}_{section}_{item_id}"] = True


def risk_panel(t, canvas, page: str, folded) -> None:
    risks = risks_for(canvas, page)
    label = t("evidence_ui.risks.title")
    if risks:
        label += f" · {format_number(len(risks), t.language)}"
    box, is_open = folded(label, f"risks_{page}", ":material/science:")
    if not is_open:
        return
    with box:
        if not risks:
            st.caption(t("evidence_ui.risks.none"))
            return
        st.caption(t("evidence_ui.risks.intro"))
        for number, risk in enumerate(risks[:SHOWN], start=1):
            st.markdown(f"**{number}. {md_escape(shorten(risk.text, 80))}**  \n"
                        f":small[{md_escape(t(f'section.{risk.section}.item'))} · "
                        f"{md_escape(t('evidence_ui.risks.score', score=risk.score))} · "
                        f"{md_escape(reason_text(t, risk))}]")
            st.button(t("evidence_ui.risks.plan"), key=f"risk_plan_{page}_{risk.item_id}",
                      icon=":material/add_task:", type="tertiary", on_click=plan_for,
                      args=(canvas.id, page, risk.section, risk.item_id))
