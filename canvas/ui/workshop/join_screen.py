"""The join screen for the projector: the code in letters read from the back row, a QR
code of the join link, and how many people have joined, counted live.

At the start of a session twenty people try to get in at once; the code used to be body
text, read from 10 m away by nobody. This screen is what the projector shows while they
arrive. The count polls the store every :data:`COUNT_EVERY` (a read of the workshop, a
few kB), which is quick enough for the room to see itself arrive and cheap for the server.
"""

from __future__ import annotations

import html
from pathlib import Path

import streamlit as st

from canvas import config
from canvas.room.join_link import app_root, is_local, join_url, qr_png
from canvas.ui.account import join_flow
from canvas.ui.projector.projector_views import inject_css as projector_css
from canvas.ui.shell import session
from canvas.ui.shell.text import md_escape

COUNT_EVERY = "2s"
CSS = Path(__file__).resolve().parents[3] / "assets" / "join_screen.css"


def public_root() -> str:
    """Where learners open the app: ``VPC_PUBLIC_URL``, else this browser's address."""
    return config.public_url() or app_root(st.context.url or "http://localhost:8501/",
                                           st.session_state.get(join_flow.PAGE_PATH, ""))


def link_for(code: str) -> str:
    return join_url(public_root(), code)


_SLOT = "\x00"


def link_sentence_html(sentence: str, link: str) -> str:
    """The sentence "…or open {link}" (translated, its ``{link}`` given as
    :data:`_SLOT`) as HTML whose link is the exact address, character for character:
    copied, it works. Markdown would have needed an invisible word joiner inside
    "http://" to stop its own autolink, which broke the copied address; the long address
    wraps by CSS (``overflow-wrap: anywhere``) instead."""
    before, _, after = sentence.partition(_SLOT)
    address = html.escape(link, quote=True)
    return (f'<p class="vpc-join-link">{html.escape(before)}<a href="{address}" '
            f'target="_blank" rel="noopener">{address}</a>{html.escape(after)}</p>')


def _workshop(t, user):
    workshops = session.workshops().facilitated_by(user.username)
    if not workshops:
        st.info(t("workshops.none_created"), icon=":material/groups:")
        st.page_link("pages/workshops.py", label=t("nav.workshops"), icon=":material/groups:")
        st.stop()
    wanted = st.query_params.get("workshop")
    by_code = {w.code: w for w in workshops}
    current = st.session_state.get(session.WORKSHOP_KEY)
    code = wanted if wanted in by_code else current if current in by_code else workshops[0].code
    return by_code[code], workshops


def join_screen() -> None:
    t = session.t()
    user = session.require_user()
    if not user.is_facilitator:
        st.stop()
    workshop, workshops = _workshop(t, user)
    projector_css()
    st.html(f"<style>{CSS.read_text(encoding='utf-8')}</style>")
    link = link_for(workshop.code)
    with st.container(key="join_title"):
        st.title(md_escape(workshop.name))
    left, right = st.columns([3, 2], gap="large", vertical_alignment="center")
    with left:
        with st.container(key="join_label"):
            st.markdown(t("room.screen.code_label"))
        with st.container(key="join_code"):
            st.markdown(workshop.code)
        with st.container(key="join_link"):
            st.html(link_sentence_html(t("room.screen.or_open", link=_SLOT), link))
        live_count(workshop.code)
    with right, st.container(key="join_qr"):
        st.image(qr_png(link, scale=16, border=4), alt=t("room.screen.qr_alt", link=link))
    if is_local(link):
        with st.container(key="join_warning"):
            st.warning(t("room.screen.local"), icon=":material/warning:")
    with st.container(horizontal=True):
        if len(workshops) > 1:
            codes = [w.code for w in workshops]
            names = {w.code: w.name for w in workshops}
            choice = st.selectbox(t("workshops.choose"), codes, index=codes.index(workshop.code),
                                  format_func=lambda c: f"{names[c]} · {c}",
                                  key="join_screen_choice", placeholder=t("polish.choose"))
            if choice != workshop.code:
                st.session_state[session.WORKSHOP_KEY] = choice
                st.query_params["workshop"] = choice
                st.rerun()
        if st.button(t("projector.exit"), key="join_exit", icon=":material/close:"):
            st.switch_page("pages/workshops.py")


@st.fragment(run_every=COUNT_EVERY)
def live_count(code: str) -> None:
    t = session.t()
    user = session.require_user()
    members = next((len(w.members) for w in session.workshops().facilitated_by(user.username)
                    if w.code == code), 0)
    with st.container(key="join_count"):
        st.markdown(t.plural("room.screen.joined", members))
