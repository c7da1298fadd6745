"""Read-only links for a mentor: made and revoked by the learner, opened without an account.

The learner's side is one popover on the canvas pages: who the link is for, how long it
works, an optional password; the new address is shown once (only its hash is stored), and
every link of the canvas is listed with when it was made, when it expires, whether it has
a password and when it was last opened, each with "Revoke".

The mentor's side is the one page ``app.py`` routes a ``?mentor=`` visitor to, before any
login: the canvas as it is now, drawn read-only (the diagram and the charts, and its items
as text), and nothing else: no navigation, no account, no other canvas. A link that opens
nothing (revoked, expired, guessed, malformed) gets one sentence and nothing of the canvas.
"""

from __future__ import annotations

import streamlit as st

from canvas.figures import alt_text, build, empty_reason
from canvas.figures.sizing import screen_size
from canvas.fileformat.models import SECTIONS, VALUE_MAP_SECTIONS, utc_now
from canvas.formatting import format_ago, format_date
from canvas.ranking.rules import ranked
from canvas.store import StoreError
from canvas.store.rules.mentor_links import (
    EXPIRY_DAYS,
    MAX_LABEL,
    MENTOR_PARAM,
    PASSWORD_NEEDED,
    PASSWORD_WRONG,
    MentorLinkError,
    mentor_url,
    token_hash,
)
from canvas.ui.shell import session
from canvas.ui.shell.chrome import language_switcher
from canvas.ui.shell.figure_width import room
from canvas.ui.shell.text import md_escape
from canvas.ui.workshop.join_screen import public_root

ACCESS = session.MENTOR_ACCESS_KEY
NEW_LINK = session.MENTOR_NEW_LINK_KEY
PLOT_CONFIG = {"displaylogo": False, "displayModeBar": False}


# -- the learner ---------------------------------------------------------------------------
def _public_root() -> str:
    return public_root()


def _create(canvas_id: str) -> None:
    t = session.t()
    user = session.require_user()
    label = st.session_state.get(f"mentor_label_{canvas_id}", "")
    days = st.session_state.get(session.lkey(f"mentor_days_{canvas_id}"), EXPIRY_DAYS[1])
    password = st.session_state.get(f"mentor_password_{canvas_id}") or None
    try:
        _, token = session.backend().mentor_links().create(user.username, canvas_id, label,
                                                           days, password)
    except StoreError as exc:
        session.flash(exc.message(t))
        return
    st.session_state[NEW_LINK] = (canvas_id, mentor_url(_public_root(), token))
    for name in ("label", "password"):
        st.session_state[f"mentor_{name}_{canvas_id}"] = ""


def _revoke(link_id: str, label: str) -> None:
    t = session.t()
    user = session.require_user()
    try:
        session.backend().mentor_links().revoke(user.username, link_id)
    except StoreError as exc:
        session.flash(exc.message(t))
    else:
        session.flash(t("mentor.link.revoked", label=label))


def _link_facts(t, link) -> str:
    now = utc_now()
    expires = (t("mentor.link.expired") if link.expires_at <= now
               else t("mentor.link.expires", date=format_date(link.expires_at, t.language)))
    opened = (t("mentor.link.never_opened") if link.last_opened_at is None
              else t("mentor.link.opened", ago=format_ago(link.last_opened_at, t.language)))
    password = t("mentor.link.password_yes" if link.has_password else "mentor.link.password_no")
    return " · ".join((t("mentor.link.created", date=format_date(link.created_at, t.language)),
                       expires, password, opened))


def mentor_link_button(canvas_id: str) -> None:
    """The "Share with a mentor" popover of a canvas page."""
    t = session.t()
    user = session.require_user()
    links = [x for x in session.backend().mentor_links().links(user.username)
             if x.canvas_id == canvas_id]
    with st.popover(t("mentor.link.button"), icon=":material/link:",
                    key=f"mentor_popover_{canvas_id}"):
        st.caption(t("mentor.link.intro"))
        new = st.session_state.get(NEW_LINK)
        if new and new[0] == canvas_id:
            st.success(t("mentor.link.made"), icon=":material/check:")
            st.code(new[1], language=None, wrap_lines=True)
            st.caption(t("mentor.link.copy_now"))
            st.session_state.pop(NEW_LINK, None)  # shown once: only its hash is kept
        st.text_input(t("mentor.link.label"), max_chars=MAX_LABEL,
                      key=f"mentor_label_{canvas_id}",
                      placeholder=t("mentor.link.label_placeholder"))
        st.segmented_control(t("mentor.link.expiry"), EXPIRY_DAYS, default=EXPIRY_DAYS[1],
                             format_func=lambda d: t.plural("mentor.link.days", d),
                             key=session.lkey(f"mentor_days_{canvas_id}"))
        st.text_input(t("mentor.link.password"), type="password",
                      key=f"mentor_password_{canvas_id}", help=t("mentor.link.password_help"))
        st.button(t("mentor.link.create"), type="primary", icon=":material/add_link:",
                  key=f"mentor_create_{canvas_id}", on_click=_create, args=(canvas_id,))
        if links:
            st.markdown(f"**{t.plural('mentor.link.count', len(links))}**")
        for link in links:
            with st.container(border=True, key=f"mentor_link_{link.id}"):
                st.markdown(f"**{md_escape(link.label)}**")
                st.caption(_link_facts(t, link))
                st.button(t("mentor.link.revoke"), key=f"mentor_revoke_{link.id}",
                          icon=":material/link_off:", on_click=_revoke,
                          args=(link.id, link.label))


# -- the mentor ----------------------------------------------------------------------------
def requested() -> bool:
    """True when the address carries ``?mentor=``: the visitor gets the mentor page only."""
    return st.query_params.get(MENTOR_PARAM) is not None


def _ask_password(t, token: str, message: str | None) -> None:
    with st.form("mentor_password_form"):
        st.write(t("mentor.view.password_intro"))
        password = st.text_input(t("mentor.view.password"), type="password",
                                 key="mentor_password_entry")
        if message:
            st.error(message)
        if st.form_submit_button(t("mentor.view.open"), type="primary",
                                 icon=":material/lock_open:"):
            st.session_state.setdefault(ACCESS, {})[token_hash(token)] = password
            st.rerun()


def _open(t, token: str):
    """The canvas, or None after saying why not (and asking for a password if it is that)."""
    access = st.session_state.setdefault(ACCESS, {})
    password = access.get(token_hash(token))
    try:
        return session.backend().mentor_links().open(token, password)
    except MentorLinkError as exc:
        if exc.code in (PASSWORD_NEEDED, PASSWORD_WRONG):
            access.pop(token_hash(token), None)
            _ask_password(t, token, exc.message(t) if exc.code == PASSWORD_WRONG else None)
        else:
            st.error(exc.message(t), icon=":material/link_off:")
        return None
    except StoreError as exc:
        st.error(exc.message(t))
        return None


def _figure(t, canvas, name: str) -> None:
    reason = empty_reason(name, canvas, t)
    if reason:
        st.caption(reason)
        return
    if name == "diagram":
        # Laid out in pixels: drawn at the width the browser measured, never stretched
        # (as on Insights), so no note is cut at 1280 px.
        width, _ = room("mentor_diagram_room")
        st.plotly_chart(build(name, canvas, t, size=screen_size(width)), width="content",
                        height="content", config=PLOT_CONFIG, key="mentor_chart_diagram")
    else:
        st.plotly_chart(build(name, canvas, t), width="stretch", config=PLOT_CONFIG,
                        key=f"mentor_chart_{name}")
    st.caption(md_escape(alt_text(name, canvas, t)))


def _items(t, canvas) -> None:
    """Every item as text, in rank order: what the charts draw, readable and copyable."""
    columns = st.columns(3)
    for column, section in zip(columns, SECTIONS, strict=True):
        with column:
            st.markdown(f"**{t(f'section.{section}')}**")
            rows = ranked(canvas.section(section))
            if not rows:
                st.caption(t("mentor.view.empty"))
            for rank, item in rows:
                st.markdown(f"{rank}. {md_escape(item.text)}")
    columns = st.columns(3)
    for column, section in zip(columns, VALUE_MAP_SECTIONS, strict=True):
        with column:
            st.markdown(f"**{t(f'section.{section}')}**")
            items = canvas.section(section)
            if not items:
                st.caption(t("mentor.view.empty"))
            for number, item in enumerate(items, start=1):
                st.markdown(f"{number}. {md_escape(item.text)}")


def mentor_page() -> None:
    """The one page a mentor link opens: the canvas now, read-only."""
    t = session.t()
    top, lang = st.columns([5, 1], vertical_alignment="center")
    with lang:
        language_switcher(location="mentor", compact=True)
    token = st.query_params.get(MENTOR_PARAM) or ""
    with top:
        st.caption(t("mentor.view.kicker"))
    canvas = _open(t, token)
    if canvas is None:
        return
    with top:
        st.title(md_escape(canvas.title))
    segment = canvas.segment
    st.caption(t("mentor.view.segment", name=md_escape(segment.name),
                 relation=t(f"relation.{segment.relation}")))
    tabs = st.tabs([t("insights.tab.canvas"), t("insights.tab.ranking"), t("insights.tab.fit"),
                    t("mentor.view.items")])
    with tabs[0]:
        _figure(t, canvas, "diagram")
    with tabs[1]:
        for section in SECTIONS:
            st.subheader(t(f"section.{section}"))
            _figure(t, canvas, f"ranking_{section}")
    with tabs[2]:
        _figure(t, canvas, "fit")
    with tabs[3]:
        _items(t, canvas)
    st.caption(t("mentor.view.readonly"))
