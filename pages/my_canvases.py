"""My canvases: every canvas of the user, and the ways to start, copy, share or remove one."""

import streamlit as st

from canvas.fileformat.models import blank_canvas
from canvas.store import StoreError
from canvas.ui.canvases.canvas_list import (
    canvas_row,
    new_canvas_form,
    open_canvas,
    templates_picker,
    upload_form,
)
from canvas.ui.shell import session
from canvas.ui.shell.notices import show_flash
from canvas.ui.workshop.workshop_share import join_prompt

t = session.t()
store = session.store()

show_flash()
st.title(t("canvases.title"))
st.caption(t("canvases.intro"))
join_prompt()

start, upload = st.columns([3, 2], gap="large")
with start:
    created = new_canvas_form(t)
    if created:
        title, segment = created
        try:
            canvas = store.create(blank_canvas(title, session.language(), segment or None))
        except StoreError as exc:
            st.error(exc.message(t))
        else:
            open_canvas(canvas.id)
    templates_picker(t, store)
with upload:
    upload_form(t, store)

st.divider()
summaries = store.list()
if not summaries:
    st.info(t("canvases.empty"), icon=":material/lightbulb:")
    st.stop()

search = st.text_input(t("canvases.search"), key=session.SEARCH_KEY,
                       placeholder=t("canvases.search.placeholder"))
if search:
    needle = search.casefold()
    summaries = [s for s in summaries
                 if needle in s.title.casefold() or needle in s.segment.casefold()]
PAGE_SIZE = 20
pages = max(1, -(-len(summaries) // PAGE_SIZE))
st.subheader(t.plural("canvases.count", len(summaries)))
page_number = 1
if pages > 1:
    page_number = st.number_input(t("canvases.page", pages=pages), min_value=1,
                                  max_value=pages, value=1, step=1, key="canvas_page")
for summary in summaries[(page_number - 1) * PAGE_SIZE: page_number * PAGE_SIZE]:
    canvas_row(t, store, summary)
