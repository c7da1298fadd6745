"""The value map editor: products, pain relievers and gain creators, linked to the profile.

Unlike the profile sections this page reruns as a whole on every edit: the fit score at
the top must move the moment a reliever is linked, and a value map is short enough for
that to stay quick. Links are picked by the text of the canvas's own pains and gains.
"""

from __future__ import annotations

import streamlit as st

from canvas import editing
from canvas.fit import FitReport, fit_report
from canvas.models import MAX_ITEM_TEXT, SCORE_FIELD, VALUE_MAP_SECTIONS
from canvas.ranking import rank_map, ranked
from canvas.ui import editor_state, session
from canvas.ui.item_list import item_list
from canvas.ui.profile_editor import guidance_panel, kind_label
from canvas.ui.text import md_escape, shorten

LINK_SECTION = {"pain_relievers": "pains", "gain_creators": "gains"}


def _link_label(t, canvas, section: str):
    """Options show rank, score and text so learners link the pains that matter most."""
    target = LINK_SECTION[section]
    items = {item.id: item for item in canvas.section(target)}
    ranks = rank_map(canvas.section(target))
    score = SCORE_FIELD[target]

    def label(item_id: str) -> str:
        item = items.get(item_id)
        if item is None:
            return item_id
        return f"#{ranks[item_id]} · {shorten(item.text, 70)} ({getattr(item, score)}/5)"

    return label


def _link_options(canvas, section: str) -> list[str]:
    return [item.id for _, item in ranked(canvas.section(LINK_SECTION[section]))]


def fit_panel(t, canvas_id: str, canvas) -> None:
    report = fit_report(canvas)
    with st.container(border=True, key="fit_panel"):
        score_col, detail_col = st.columns([1, 3], gap="large")
        with score_col:
            if report.score is None:
                st.metric(t("fit.score"), "–")
                st.caption(t("fit.nothing_to_fit"))
            else:
                st.metric(t("fit.score"), f"{report.score:.0f} %")
                st.progress(report.score / 100)
                if report.pain_coverage is not None:
                    st.caption(t("fit.pains_covered", value=f"{report.pain_coverage:.0f}"))
                if report.gain_coverage is not None:
                    st.caption(t("fit.gains_covered", value=f"{report.gain_coverage:.0f}"))
        with detail_col:
            _gaps(t, canvas, report)
            with st.expander(t("fit.how"), icon=":material/function:"):
                st.write(t("fit.formula"))
                st.caption(t("fit.example"))


def _gaps(t, canvas, report: FitReport) -> None:
    pains = report.unaddressed_pains[:3]
    gains = report.unaddressed_gains[:3]
    if pains:
        st.markdown(f"**{t('fit.unaddressed_pains')}**")
        st.markdown("\n".join(f"- #{rank} {md_escape(p.text)} ({p.severity}/5)"
                              for rank, p in pains))
    if gains:
        st.markdown(f"**{t('fit.unaddressed_gains')}**")
        st.markdown("\n".join(f"- #{rank} {md_escape(g.text)} ({g.relevance}/5)"
                              for rank, g in gains))
    idle = [*report.idle_relievers, *report.idle_creators]
    if idle:
        st.markdown(f"**{t('fit.idle')}**")
        st.markdown("\n".join(f"- {md_escape(item.text)}" for item in idle))
    if not pains and not gains and not idle and report.score is not None:
        st.success(t("fit.all_addressed"), icon=":material/verified:")


def jobs_context(t, canvas) -> None:
    """Jobs stay in view: the value map exists to help with them."""
    with st.container(border=True, key="jobs_context"):
        st.markdown(f"**{t('value_map.jobs_context')}**")
        jobs = ranked(canvas.jobs)
        if not jobs:
            st.caption(t("value_map.no_jobs"))
            return
        st.markdown("\n".join(
            f"{rank}. {md_escape(job.text)} — *{kind_label(t, 'jobs', job.kind)}, "
            f"{job.importance}/5*" for rank, job in jobs[:12]))
        if len(jobs) > 12:
            st.caption(t.plural("value_map.more_jobs", len(jobs) - 12))


def _add_form(t, canvas_id: str, section: str, canvas) -> None:
    with st.form(f"vm_add_{section}", clear_on_submit=True, border=True):
        st.markdown(f"**{t('profile.add', item=t(f'section.{section}.item'))}**")
        st.text_input(t("profile.add.text"), max_chars=MAX_ITEM_TEXT,
                      key=f"vm_add_{section}_text",
                             placeholder=t(f"value_map.placeholder.{section}"))
        if section in LINK_SECTION:
            options = _link_options(canvas, section)
            st.multiselect(t(f"value_map.links.{section}"), options,
                                   key=f"vm_add_{section}_links",
                                   format_func=_link_label(t, canvas, section),
                                   placeholder=t(f"value_map.links.placeholder.{section}"))
        st.form_submit_button(t("profile.add.submit"), type="primary", icon=":material/add:",
                              on_click=_submit_add, args=(canvas_id, section))


def _submit_add(canvas_id: str, section: str) -> None:
    """A callback, so it runs against the revision the user was looking at."""
    text = (st.session_state.get(f"vm_add_{section}_text") or "").strip()
    if not text:
        editor_state.report_error(canvas_id, session.t()("profile.add.empty"))
        return
    fields = {}
    if section in LINK_SECTION:
        fields[editing.LINK_FIELD[section]] = list(
            st.session_state.get(f"vm_add_{section}_links") or [])
    editor_state.apply(canvas_id, lambda c: editing.add_item(c, section, text, **fields)[0])


def _save_field(canvas_id: str, section: str, item_id: str, name: str, key: str) -> None:
    value = st.session_state[key]
    if name == "text":
        value = value.strip()
        if not value:
            editor_state.report_error(canvas_id, session.t()("profile.add.empty"))
            return
    editor_state.apply(canvas_id, lambda c: editing.update_item(c, section, item_id,
                                                                **{name: value}))








def _edit_row(t, canvas_id: str, section: str, item, canvas, index: int) -> None:
    prefix = f"vm_{section}_{item.id}"
    fields = {"text": item.text, "notes": item.notes}
    link_field = editing.LINK_FIELD.get(section)
    if link_field:
        fields[link_field] = list(getattr(item, link_field))
    for name, value in fields.items():
        editor_state.sync_widget(f"{prefix}_{name}", value, canvas.revision)
    st.text_input(t("profile.add.text"), key=f"{prefix}_text", max_chars=MAX_ITEM_TEXT,
                  on_change=_save_field,
                  args=(canvas_id, section, item.id, "text", f"{prefix}_text"))
    if link_field:
        st.multiselect(t(f"value_map.links.{section}"), _link_options(canvas, section),
                       key=f"{prefix}_{link_field}",
                       format_func=_link_label(t, canvas, section),
                       on_change=_save_field,
                       args=(canvas_id, section, item.id, link_field,
                             f"{prefix}_{link_field}"))
    st.text_area(t("profile.notes"), key=f"{prefix}_notes", max_chars=2000, height=68,
                 on_change=_save_field,
                 args=(canvas_id, section, item.id, "notes", f"{prefix}_notes"))
    count = len(canvas.section(section))
    cols = st.columns([1, 1, 1, 2])
    cols[0].button(t("profile.move_up"), key=f"{prefix}_up", icon=":material/arrow_upward:",
                   disabled=index == 0, on_click=editor_state.move,
                   args=(canvas_id, section, item.id, -1))
    cols[1].button(t("profile.move_down"), key=f"{prefix}_down",
                   icon=":material/arrow_downward:", disabled=index == count - 1,
                   on_click=editor_state.move, args=(canvas_id, section, item.id, 1))
    cols[2].button(t("profile.delete"), key=f"{prefix}_delete", icon=":material/delete:",
                   on_click=editor_state.delete, args=(canvas_id, section, item.id))
    cols[3].button(t("profile.done"), key=f"{prefix}_done", type="primary",
                   icon=":material/check:", on_click=editor_state.set_editing,
                   args=(canvas_id, section, None))


def _row_links(t, canvas, section: str, item) -> str:
    """Plain text under a reliever or creator: what it answers, by rank and text."""
    link_field = editing.LINK_FIELD.get(section)
    if not link_field:
        return ""
    targets = getattr(item, link_field)
    if not targets:
        return t(f"value_map.no_links.{section}")
    label = _link_label(t, canvas, section)
    return t(f"value_map.linked.{section}") + " " + "; ".join(label(x) for x in targets)


def section_editor(t, canvas_id: str, section: str, canvas) -> None:
    st.caption(t(f"section.{section}.help"))
    guidance_panel(t, section)
    _add_form(t, canvas_id, section, canvas)
    deleted = editor_state.pending_undo(canvas_id, section)
    if deleted is not None:
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.info(t("profile.deleted", text=md_escape(deleted.item.text)),
                  icon=":material/delete:")
        right.button(t("profile.undo"), key=f"vm_undo_{section}", icon=":material/undo:",
                     on_click=editor_state.undo, args=(canvas_id, section, deleted))
    items = canvas.section(section)
    if not items:
        st.info(t(f"value_map.empty.{section}"), icon=":material/edit_note:")
        return
    item_list(t, canvas_id, section, canvas.revision, list(enumerate(items, start=1)),
              header=t.plural(f"value_map.list.{section}", len(items)),
              summary=lambda item: _row_links(t, canvas, section, item),
              edit_panel=lambda number, item: _edit_row(t, canvas_id, section, item, canvas,
                                                        number - 1))


def value_map_sections(t, canvas_id: str, canvas) -> None:
    tabs = st.tabs([t(f"section.{name}") for name in VALUE_MAP_SECTIONS])
    for tab, name in zip(tabs, VALUE_MAP_SECTIONS, strict=True):
        with tab:
            section_editor(t, canvas_id, name, canvas)
