"""Widgets of the My canvases page: one row per canvas, and the ways to add one.

Every action validates before it writes and reports through the store's own messages, so a
refused upload or a failed rename leaves every stored canvas as it was.
"""

from __future__ import annotations

import json

import streamlit as st

from canvas.export import suggested_filename
from canvas.fileformat.templates import list_templates, load_template
from canvas.fileformat.validation import MAX_FILE_BYTES, CanvasFileError
from canvas.formatting import format_datetime
from canvas.store import CanvasBackend, CanvasSummary, StaleRevisionError, StoreError
from canvas.ui.canvases.exports import browser_available, stored_canvas_downloads
from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape, shorten

PROFILE_PAGE = "pages/customer_profile.py"
#: What the uploader lets through to our own check (``server.maxUploadSize`` too). The
#: file format allows 2 MiB; Streamlit counts a megabyte as a million bytes in the
#: browser, so a limit of 2 there refused valid files of 2.0-2.1 MB in English. Above
#: 3 MB the uploader refuses, in our words (:func:`_uploader_words`).
UPLOAD_WIDGET_MB = 3


def open_canvas(canvas_id: str, page: str = PROFILE_PAGE) -> None:
    session.set_open_canvas(canvas_id)
    st.switch_page(page, query_params={"canvas": canvas_id})


def new_canvas_form(t) -> tuple[str, str] | None:
    with st.form("new_canvas", clear_on_submit=True, border=True):
        st.markdown(f"**{t('canvases.new')}**")
        title = st.text_input(t("canvases.new.title"), max_chars=120, key="new_title",
                              placeholder=t("canvases.new.title.placeholder"))
        segment = st.text_input(t("segment.name"), max_chars=120, key="new_segment",
                                help=t("segment.name.help"))
        if st.form_submit_button(t("canvases.new.submit"), type="primary",
                                 icon=":material/add:"):
            if not title.strip():
                st.error(t("canvases.new.title.missing"))
                return None
            return title.strip(), segment.strip()
    return None


def templates_picker(t, store: CanvasBackend) -> None:
    templates = list_templates(session.language())
    with st.expander(t("canvases.templates"), icon=":material/auto_awesome:"):
        st.caption(t("canvases.templates.intro"))
        for info in templates:
            # The button under its text: beside it, a fifth of the width cut "Використати".
            st.markdown(f"**{md_escape(info.title)}**  \n{md_escape(info.description)}")
            if st.button(t("canvases.templates.use"), key=f"template_{info.slug}",
                         icon=":material/add:"):
                try:
                    canvas = store.create(load_template(info.slug, session.language()))
                except StoreError as exc:
                    st.error(exc.message(t))
                else:
                    open_canvas(canvas.id)


def upload_form(t, store: CanvasBackend) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('canvases.upload')}**")
        uploaded = st.file_uploader(t("canvases.upload.label"), type=["json"],
                                    key=f"upload_{session.upload_round()}",
                                    help=t("canvases.upload.help"),
                                    max_upload_size=UPLOAD_WIDGET_MB)
        # Streamlit's own line under the drop zone is English only (theme.css hides it).
        st.caption(t("polish.upload.limit", size=MAX_FILE_BYTES // (1024 * 1024)))
        _uploader_words(t)
        if uploaded is None:
            return
        try:
            canvas = store.import_file(uploaded.getvalue(), uploaded.name)
        except CanvasFileError as exc:
            st.error(t("canvases.upload.refused") + "\n\n" +
                     "\n".join(f"- {md_escape(line)}" for line in exc.lines(t)[:8]))
            if len(exc.problems) > 8:
                st.caption(t.plural("problem.more", len(exc.problems) - 8))
        except StoreError as exc:
            st.error(exc.message(t))
        else:
            session.upload_round(advance=True)
            session.flash(t("canvases.upload.done", title=md_escape(canvas.title)))
            st.rerun()


def _uploader_words(t) -> None:
    """Give Streamlit's uploader our words where it has its own English ones.

    Streamlit writes "Upload" in its button and checks size and type in the browser with
    English sentences ("File must be 3.0MB or smaller.", "pdf files are not allowed."), with
    no option to change them. theme.css hides the button's word and shows ours (CSS
    content, see chrome.inject_css), which screen readers and axe do not all count; this
    script (catalog text only) names the buttons and replaces the uploader's refusals on
    the file chip and in its tooltip, again whenever Streamlit redraws them. Files up to
    :data:`UPLOAD_WIDGET_MB` reach our own check, which says more (issue 22, point 8).
    """
    words = {"choose": t("polish.upload.button"), "remove": t("harden.upload.remove"),
             "too_large": t("harden.upload.too_large", size=UPLOAD_WIDGET_MB),
             "wrong_kind": t("harden.upload.wrong_kind"), "failed": t("harden.upload.failed")}
    script = (
        "(() => { window.vpcUploadWords = " + json.dumps(words) + ";"
        " const rules = [[/must be .* or smaller/, 'too_large'],"
        " [/files are not allowed/, 'wrong_kind'], [/Upload failed|Unexpected error/, 'failed']];"
        " const say = (el) => { const w = window.vpcUploadWords;"
        " for (const [re, key] of rules) { if (re.test(el.textContent)"
        " && el.textContent !== w[key]) { el.textContent = w[key]; return; } } };"
        " const name = () => { const w = window.vpcUploadWords;"
        " document.querySelectorAll('[data-testid=\"stFileUploaderDropzone\"] button')"
        ".forEach(b => { const key = b.closest('[data-testid=\"stFileChipDeleteBtn\"]')"
        " ? 'remove' : 'choose';"
        " if (b.getAttribute('aria-label') !== w[key]) b.setAttribute('aria-label', w[key]); });"
        " document.querySelectorAll('[data-testid=\"stFileChip\"] [role=\"alert\"],"
        " [data-testid=\"stTooltipErrorContent\"]').forEach(say); };"
        " name(); if (!window.vpcUploadObserver) { window.vpcUploadObserver ="
        " new MutationObserver(name); window.vpcUploadObserver.observe(document.body,"
        " {childList: true, subtree: true, characterData: true}); } })();")
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


def _counts(t, summary: CanvasSummary) -> str:
    return " · ".join([
        t.plural("canvases.counts.jobs", summary.jobs),
        t.plural("canvases.counts.pains", summary.pains),
        t.plural("canvases.counts.gains", summary.gains),
        t.plural("canvases.counts.value_map", summary.value_map),
    ])


def canvas_row(t, store: CanvasBackend, summary: CanvasSummary) -> None:
    key = summary.id
    with st.container(border=True, key=f"canvas_row_{key}"):
        info, actions = st.columns([3, 2], vertical_alignment="center")
        info.markdown(f"#### {md_escape(summary.title)}")
        info.caption(t("canvases.row.meta", segment=md_escape(shorten(summary.segment, 80)),
                       when=format_datetime(summary.updated_at, t.language),
                       revision=summary.revision))
        info.caption(_counts(t, summary))
        # Two controls whose labels fit any column in every language: Open, and a menu
        # with the other actions at full width (four buttons side by side were cut to
        # "Op... / JS... / De..." at 1440 px).
        with actions, st.container(horizontal=True, horizontal_alignment="right",
                                   vertical_alignment="center"):
            if st.button(t("canvases.open"), key=f"open_{key}", type="primary",
                         icon=":material/edit:"):
                open_canvas(key)
            with st.popover(t("polish.canvases.actions"), icon=":material/more_vert:",
                            help=t("polish.canvases.actions.help")):
                _row_actions(t, store, summary)
        _rename(t, store, summary)
        if session.confirm_delete(key):
            _confirm_delete(t, store, summary)


def _row_actions(t, store: CanvasBackend, summary: CanvasSummary) -> None:
    key = summary.id
    if st.button(t("canvases.duplicate"), key=f"dup_{key}", icon=":material/content_copy:",
                 width="stretch"):
        copy_title = t("canvases.copy_of", title=summary.title)[:120]
        try:
            store.duplicate(key, copy_title)
        except StoreError as exc:
            st.error(exc.message(t))
        else:
            session.flash(t("canvases.duplicated", title=md_escape(copy_title)))
            st.rerun()
    st.download_button(
        t("canvases.download"), data=lambda: store.file_bytes(key),
        file_name=suggested_filename(summary, "json"), mime="application/json",
        key=f"json_{key}", icon=":material/download:", on_click="ignore", width="stretch")
    if st.button(t("canvases.delete"), key=f"del_{key}", icon=":material/delete:",
                 width="stretch"):
        session.confirm_delete(key, ask=True)


def _rename(t, store: CanvasBackend, summary: CanvasSummary) -> None:
    with st.expander(t("canvases.more"), icon=":material/more_horiz:"):
        st.markdown(f"**{t('canvases.export')}**")
        stored_canvas_downloads(t, store, summary, key=f"row_{summary.id}",
                                enabled=browser_available())
        with st.form(f"rename_{summary.id}", border=False):
            title = st.text_input(t("canvases.rename.label"), value=summary.title,
                                  max_chars=120, key=f"rename_title_{summary.id}")
            if st.form_submit_button(t("canvases.rename"), icon=":material/edit_note:"):
                if not title.strip():
                    st.error(t("canvases.new.title.missing"))
                else:
                    try:
                        store.rename(summary.id, title.strip(), summary.revision)
                    except StaleRevisionError:
                        st.error(t("store.stale_rename"))
                    except StoreError as exc:
                        st.error(exc.message(t))
                    else:
                        session.flash(t("canvases.renamed"))
                        st.rerun()
        revisions = store.revisions(summary.id)
        if len(revisions) > 1:
            choice = st.selectbox(t("canvases.history"), revisions[1:],
                                  format_func=lambda r: t("canvases.history.revision",
                                                          revision=r),
                                  key=f"history_{summary.id}", placeholder=t("polish.choose"))
            if st.button(t("canvases.history.restore"), key=f"restore_{summary.id}",
                         icon=":material/history:"):
                try:
                    store.restore(summary.id, choice, summary.revision)
                except StoreError as exc:
                    st.error(exc.message(t))
                else:
                    session.flash(t("canvases.history.restored", revision=choice))
                    st.rerun()


def _confirm_delete(t, store: CanvasBackend, summary: CanvasSummary) -> None:
    st.warning(t("canvases.delete.confirm", title=md_escape(summary.title)),
               icon=":material/warning:")
    yes, no, _ = st.columns([1, 1, 3])
    if yes.button(t("canvases.delete.yes"), key=f"del_yes_{summary.id}", type="primary"):
        store.delete(summary.id)
        session.confirm_delete(ask=False)
        if session.open_canvas_id() == summary.id:
            session.set_open_canvas(None)
        session.flash(t("canvases.deleted", title=md_escape(summary.title)))
        st.rerun()
    if no.button(t("canvases.delete.no"), key=f"del_no_{summary.id}"):
        session.confirm_delete(ask=False)
        st.rerun()

