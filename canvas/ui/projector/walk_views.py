"""The projector for the whole room: gallery walk, comparison and room summary, live.

At 1:35 the facilitator puts four canvases side by side on the projector and walks the
room through them, then compares up to three segments, then shows what pains and gains
the room has in common. Each view reads the shared canvases through the facilitator's
workshop (the one door to another user's canvas) and is drawn in large type; what does
not fit says so ("and 3 more") instead of disappearing (``canvas.room.walk_layout``).

Every view follows the learners' edits: a one-second fragment asks the store for the
revisions of the shared canvases (a cheap read, see ``PresentingBackend``) and reruns the
page when they differ from what is on the screen. The view, the page of the walk and the
timer are session state, so a rerun keeps them.
"""

from __future__ import annotations

import streamlit as st

from canvas.evidence.persona import persona_summary
from canvas.figures.room_summary import build_room_summary
from canvas.formatting import format_percent
from canvas.ranking.fit import fit_score
from canvas.room.summary import group_mentions, section_mentions
from canvas.room.walk_layout import (
    BROWSER_EM,
    CARD_PADDING,
    COMPARE_TYPE,
    REFERENCE_ROOM,
    WALK_PAGE,
    WALK_TYPE,
    page_count,
    page_of,
    scaled,
    walk_order,
)
from canvas.store import StoreError
from canvas.store.rules.workshops import MAX_COMPARE
from canvas.ui.projector.projector_views import inject_css, timer_controls, timer_display
from canvas.ui.projector.walk_cards import GAP, card_html, css, sizes_css
from canvas.ui.shell import session
from canvas.ui.shell.chrome import language_switcher
from canvas.ui.shell.direction import page_turns
from canvas.ui.shell.figure_width import room
from canvas.ui.workshop.workshop_views import display_name

VIEWS = ("walk", "compare", "summary")
WORKSHOPS_PAGE = "pages/workshops.py"
#: How often the projector asks whether a shown canvas changed (the issue allows 2 s).
POLL = "1s"
#: Room kept below a view for its navigation row: the gap above it, its 52 px buttons,
#: the page's bottom padding (walk_cards.PAGE_BOTTOM) and some slack.
NAV_ROOM = 112


# -- what is shared ------------------------------------------------------------------------
def ref_of(share, canvas) -> str:
    return f"{share.username}/{canvas.id}"


def shared_items(code: str, username: str) -> list[tuple[object, object, str]]:
    """``(share, canvas, learner name)`` by learner name then title, like the gallery,
    so the walk meets canvases in the order the facilitator sees them."""
    items = session.workshops().gallery(code, username)
    names = {u: display_name(u) for u in {s.username for s, _ in items}}
    out = [(share, canvas, names[share.username]) for share, canvas in items]
    out.sort(key=lambda x: (x[2].casefold(), x[1].title.casefold(), x[1].id))
    return out


def parse_refs(value: str | None, limit: int) -> list[str]:
    """``owner/canvas`` references from a comma-separated query parameter."""
    refs = [ref for ref in (value or "").split(",") if ref.count("/") == 1]
    return list(dict.fromkeys(refs))[:limit]


# -- following edits -----------------------------------------------------------------------
def stamp(items) -> tuple:
    """What a view shows, as the store's poll reports it: ``((owner, id), revision)``."""
    return tuple(sorted(((share.username, canvas.id), canvas.revision)
                        for share, canvas, *_ in items))


@st.fragment(run_every=POLL)
def follow(code: str, drawn: tuple, only: tuple | None = None) -> None:
    """Reruns the page once when the shown canvases (``only`` these, or every shared
    one) changed since they were drawn; the view and its page are kept."""
    user = session.current_user()
    if user is None:
        return
    try:
        now = session.backend().presenting().shared_revisions(code, user.username)
    except StoreError:
        return
    if only is not None:
        now = {ref: now.get(ref) for ref in only}
    polled = tuple(sorted(now.items(), key=lambda pair: pair[0]))
    state = session.user_state()
    if polled != drawn and state.get(session.FOLLOW_KEY) != (code, polled):
        state[session.FOLLOW_KEY] = (code, polled)   # at most one rerun per change
        st.rerun(scope="app")


#: The walk's and the comparison's room is measured to this many pixels: snapped to the
#: charts' 40 px, a card's columns were counted up to 7 px narrower than drawn, and
#: notes that fit on one line were counted on two.
ROOM_STEP = 8


def _room(key: str) -> tuple[int, int]:
    width, height = room(key, ROOM_STEP)
    return (width or REFERENCE_ROOM[0], max(400, height or REFERENCE_ROOM[1]))


# -- the three views --------------------------------------------------------------------------
def _walk(t, items, picks: list[str]) -> tuple:
    by_ref = {ref_of(share, canvas): (share, canvas, name) for share, canvas, name in items}
    order = walk_order(list(by_ref), picks)
    pages = page_count(len(order))
    page = min(int(st.session_state.get(session.WALK_PAGE_KEY, 0)), pages - 1)
    st.session_state[session.WALK_PAGE_KEY] = page
    shown = [by_ref[ref] for ref in page_of(order, page)]
    width, height = _room("walk_room")
    if not shown:
        st.info(t("workshops.gallery.empty"), icon=":material/hourglass_empty:")
        return ()
    cell_w = (width - GAP) / 2
    cell_h = (height - NAV_ROOM - GAP) / 2
    kind = scaled(WALK_TYPE, width, height)
    cards = "".join(card_html(t, canvas, name, cell_w, cell_h, kind, True)
                    for _, canvas, name in shown)
    # data-room: the room the cards were cut for (a test waits for the measured one).
    st.html(f'{sizes_css(kind)}<div class="vpc-walk-grid" data-room="{width},{height}" '
            f'style="grid-template-columns: 1fr 1fr;" data-testid="vpc-walk-grid">{cards}</div>')
    return stamp(items)


def _compare(t, items, refs: list[str]) -> tuple:
    by_ref = {ref_of(share, canvas): (share, canvas, name) for share, canvas, name in items}
    shown = [by_ref[ref] for ref in refs if ref in by_ref][:MAX_COMPARE]
    only = tuple(tuple(ref.split("/", 1)) for ref in refs)
    if not shown:
        st.info(t("workshops.compare.none", n=MAX_COMPARE), icon=":material/compare:")
        return stamp([]), only
    width, height = _room("compare_room")
    kind = scaled(COMPARE_TYPE, width, height)
    cell_w = (width - GAP * (len(shown) - 1)) / len(shown)
    cards = []
    for _, canvas, name in shown:
        score = fit_score(canvas)
        note = (t("walk.compare.fit",
                  fit="–" if score is None else format_percent(score, t.language)),)
        # The persona's facts, as many whole ones as one line of the card holds.
        chars = int((cell_w - 2 * CARD_PADDING) / (kind.item * BROWSER_EM * 0.66))
        persona = persona_summary(canvas.segment.persona, t, chars)
        cards.append(card_html(t, canvas, name, cell_w, height - NAV_ROOM, kind,
                               False, note=note + ((persona,) if persona else ())))
    st.html(f'{sizes_css(kind)}<div class="vpc-walk-grid" style="grid-template-columns: '
            f'repeat({len(shown)}, 1fr);" data-testid="vpc-compare-grid">{"".join(cards)}</div>')
    now = dict(stamp([(share, canvas) for share, canvas, _ in shown]))
    return tuple(sorted(((ref, now.get(ref)) for ref in only), key=lambda p: p[0])), only


def summary_figure(t, items, *, presentation: bool, size: tuple[int, int]):
    pairs = [(ref_of(share, canvas), canvas) for share, canvas, *_ in items]
    return build_room_summary(group_mentions(section_mentions(pairs, "pains")),
                              group_mentions(section_mentions(pairs, "gains")), len(pairs), t,
                              presentation=presentation, size=size)


def _summary(t, items) -> tuple:
    width, height = _room("summary_room")
    # The chart's own title and Streamlit's gaps need more than the buttons' row.
    fig = summary_figure(t, items, presentation=True,
                         size=(width, max(360, height - NAV_ROOM - 40)))
    st.plotly_chart(fig, width="content", config={"displayModeBar": False},
                    key="walk_summary_chart")
    return stamp(items)


# -- the page ----------------------------------------------------------------------------------
def _set_view(view: str) -> None:
    st.query_params["view"] = view


def _turn(delta: int, pages: int) -> None:
    page = int(st.session_state.get(session.WALK_PAGE_KEY, 0)) + delta
    st.session_state[session.WALK_PAGE_KEY] = max(0, min(pages - 1, page))


def _navigation(t, view: str, pages: int) -> None:
    left, middle, right = st.columns([2, 5, 2], vertical_alignment="center")
    page = int(st.session_state.get(session.WALK_PAGE_KEY, 0))
    if view == "walk":
        back, forward = page_turns(t.language)  # mirrored in a page read right to left
        left.button(t("walk.previous_page"), key="walk_prev", **back,
                    on_click=_turn, args=(-1, pages), disabled=page <= 0,
                    width="stretch", help=t("projector.keys"))
        right.button(t("walk.next_page"), key="walk_next", **forward,
                     icon_position="right", on_click=_turn, args=(1, pages), type="primary",
                     disabled=page >= pages - 1, width="stretch",
                     help=t("projector.keys"))
    with middle, st.container(horizontal=True, horizontal_alignment="center", gap="small",
                              vertical_alignment="center"):
        for name in VIEWS:
            st.button(t(f"walk.view.{name}"), key=f"walk_view_{name}",
                      type="primary" if name == view else "tertiary", on_click=_set_view,
                      args=(name,), width="content")


def room_projector(t, user, code: str, view: str, params) -> None:
    """The room's views on the projector (``?workshop=&view=walk|compare|summary``)."""
    view = view if view in VIEWS else "walk"
    try:
        items = shared_items(code, user.username)
    except StoreError:
        st.title(t("nav.projector"))
        st.info(t("projector.no_canvas"), icon=":material/co_present:")
        return
    inject_css()
    st.html(css())
    top_left, top_mid, top_right = st.columns([6, 3, 2], vertical_alignment="center")
    with top_left:
        st.markdown(f"# {t(f'walk.view.{view}')}")
        pages = page_count(len(items))
        if view == "walk" and pages > 1:
            page = min(int(st.session_state.get(session.WALK_PAGE_KEY, 0)), pages - 1)
            st.caption(t("walk.page", page=page + 1, pages=pages))
    with top_mid, st.container(horizontal=True):
        timer_controls(t)
        if st.button(t("projector.exit"), key="projector_exit", icon=":material/close:"):
            st.switch_page(WORKSHOPS_PAGE)

        language_switcher(location="projector", compact=True)
    with top_right:
        timer_display()
    only = None
    # Picks come with the link from the Workshops page, or else from its ticks in this
    # session (a view switched to on the projector itself).
    if view == "walk":
        picks = parse_refs(params.get("walk"), WALK_PAGE) or list(
            st.session_state.get(session.walk_picks_key(code), []))
        drawn = _walk(t, items, picks)
    elif view == "compare":
        refs = parse_refs(params.get("compare"), MAX_COMPARE) or list(
            st.session_state.get(f"compare_{code}", []))[:MAX_COMPARE]
        drawn, only = _compare(t, items, refs)
    else:
        drawn = _summary(t, items)
    _navigation(t, view, page_count(len(items)))
    follow(code, drawn, only)


def follow_canvas(code: str, owner: str, canvas) -> None:
    """The single presented canvas follows its owner's edits."""
    ref = (owner, canvas.id)
    follow(code, ((ref, canvas.revision),), (ref,))
