"""A section's items as one numbered list, with one picker that opens an item for editing.

Shared by the profile and value-map editors so both lists read and work the same way.
Drawing each row as its own container, columns and button cost about seven elements per
item; on a 150-item canvas every add re-sent hundreds of elements (bench/bench_latency.py).
One markdown block, one picker and the open item's fields keep a rerun light at any length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from canvas.ui import editor_state, session
from canvas.ui.text import md_escape, shorten


def _open_picked(canvas_id: str, section: str, key: str) -> None:
    editor_state.set_editing(canvas_id, section, st.session_state[key])


def _picker(t, canvas_id: str, section: str, rows, open_id: str | None,
            revision: int) -> None:
    """A searchable picker: typing a few words finds the item in a long list.

    The revision is part of the key: a keyed selectbox keeps showing the option labels it
    was first drawn with, and the labels (number and text) change with every edit.
    """
    key = session.lkey(f"pick_{section}_{canvas_id}_{revision}")
    if key not in st.session_state or st.session_state[key] != open_id:
        st.session_state[key] = open_id
    labels = {item.id: f"#{number} · {shorten(item.text, 90)}" for number, item in rows}
    st.selectbox(t("profile.edit.pick"), list(labels), key=key,
                 format_func=labels.__getitem__,
                 placeholder=t("profile.edit.pick.placeholder"),
                 help=t("profile.edit.pick.help"),
                 on_change=_open_picked, args=(canvas_id, section, key))


def _line(t, number: int, item, summary: str, is_open: bool) -> str:
    line = f"**#{number}** {md_escape(item.text)}"
    if is_open:
        line += f" :blue-badge[:material/edit: {t('profile.editing.badge')}]"
    return f"{line}  \n:small[{md_escape(summary)}]" if summary else line


def item_list(t, canvas_id: str, section: str, revision: int,
              rows: Sequence[tuple[int, object]], header: str,
              summary: Callable[[object], str],
              edit_panel: Callable[[int, object], None]) -> None:
    """The picker, the open item's fields (drawn by ``edit_panel``), then the list.

    ``rows`` are ``(number, item)`` in the order shown; ``summary`` gives the plain-text
    line under an item's text (empty for none).
    """
    open_id = editor_state.editing_item(canvas_id, section)
    if open_id not in {item.id for _, item in rows}:
        editor_state.set_editing(canvas_id, section, None)
        open_id = None
    _picker(t, canvas_id, section, rows, open_id, revision)
    for number, item in rows:
        if item.id == open_id:
            with st.container(border=True, key=f"row_{section}_{item.id}"):
                st.markdown(f"**{t('profile.editing', rank=number)}**")
                edit_panel(number, item)
    with st.container(border=True, key=f"list_{section}"):
        st.markdown("\n\n".join([f"**{header}**", *(
            _line(t, number, item, summary(item), item.id == open_id) for number, item in rows)]))
