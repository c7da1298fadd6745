"""Workshop screens: learners join and share; facilitators watch the gallery fill up.

The gallery is a fragment that reruns every few seconds, so canvases appear on the
facilitator's screen as learners share them, without anyone pressing reload.
"""

from __future__ import annotations

import streamlit as st

from canvas.evidence.persona import group_label, persona_lines
from canvas.export import ExportTooSlow, ExportUnavailable
from canvas.export.handouts import Handout, changed_since, revisions_of, zip_handouts
from canvas.figures import build_comparison
from canvas.formatting import format_ago, format_list, format_percent
from canvas.ranking.fit import fit_score
from canvas.room.walk_layout import WALK_PAGE
from canvas.store import StoreError
from canvas.store.rules.join_attempts import RESTING
from canvas.store.rules.workshops import MAX_COMPARE
from canvas.ui.projector.evidence_present import gallery_evidence
from canvas.ui.shell import session
from canvas.ui.shell.plot_config import localized
from canvas.ui.shell.text import md_escape
from canvas.ui.workshop import comment_panels

PROJECTOR_PAGE = "pages/projector.py"


def display_name(username: str) -> str:
    entry = session.accounts().user(username) or {}
    name = " ".join(x for x in (entry.get("first_name"), entry.get("last_name")) if x)
    return name or username


# -- learner -------------------------------------------------------------------------------
def join_form(t, user) -> None:
    with st.form("join_workshop", clear_on_submit=True):
        st.markdown(f"**{t('workshops.join')}**")
        code = st.text_input(t("workshops.join.code"), max_chars=12, key="join_code",
                             placeholder="ABC123")
        if st.form_submit_button(t("workshops.join.submit"), type="primary",
                                 icon=":material/login:"):
            try:
                workshop = session.join_workshop(code, user.username)
            except StoreError as refused:
                st.error(refused.message(t) if refused.code == RESTING
                         else t("workshops.join.unknown"))
            else:
                st.success(t("workshops.join.done", name=md_escape(workshop.name)))


def _set_shares(code: str, username: str, key: str) -> None:
    try:
        session.workshops().set_shares(code, username, list(st.session_state[key]))
    except StoreError as exc:
        session.flash(exc.message(session.t()))


def my_memberships(t, user) -> None:
    workshops = session.workshops().joined_by(user.username)
    if not workshops:
        st.caption(t("workshops.none_joined"))
        return
    canvases = {s.id: s.title for s in session.store().list()}
    for workshop in workshops:
        with st.container(border=True, key=f"member_{workshop.code}"):
            st.markdown(f"#### {md_escape(workshop.name)}")
            st.caption(t("workshops.led_by", name=md_escape(display_name(workshop.facilitator)),
                         code=workshop.code))
            key = f"shares_{workshop.code}"
            shared = [s.canvas_id for s in workshop.shares_of(user.username)
                      if s.canvas_id in canvases]
            st.session_state[key] = shared
            st.multiselect(t("workshops.share.label"), list(canvases), key=key,
                           format_func=lambda cid: canvases.get(cid, cid),
                           help=t("workshops.share.help"),
                           placeholder=t("workshops.share.placeholder"), select_all=False,
                           on_change=_set_shares, args=(workshop.code, user.username, key))
            if st.button(t("workshops.leave"), key=f"leave_{workshop.code}",
                         icon=":material/logout:"):
                session.workshops().leave(workshop.code, user.username)
                session.flash(t("workshops.left", name=md_escape(workshop.name)))
                st.rerun()


# -- facilitator ---------------------------------------------------------------------------
def create_form(t, user) -> None:
    with st.form("create_workshop", clear_on_submit=True):
        st.markdown(f"**{t('workshops.create')}**")
        name = st.text_input(t("workshops.create.name"), max_chars=120, key="workshop_name",
                             placeholder=t("workshops.create.placeholder"))
        if st.form_submit_button(t("workshops.create.submit"), type="primary",
                                 icon=":material/add:"):
            try:
                workshop = session.workshops().create(name, user.username)
            except StoreError as exc:
                st.error(exc.message(t))
            else:
                st.session_state[session.WORKSHOP_KEY] = workshop.code
                st.rerun()


def choose_workshop(t, user):
    workshops = session.workshops().facilitated_by(user.username)
    if not workshops:
        st.info(t("workshops.none_created"), icon=":material/groups:")
        return None
    codes = [w.code for w in workshops]
    by_code = {w.code: w for w in workshops}
    current = st.session_state.get(session.WORKSHOP_KEY)
    if current not in codes:
        st.session_state[session.WORKSHOP_KEY] = codes[0]
    code = st.selectbox(t("workshops.choose"), codes, key=session.WORKSHOP_KEY,
                        format_func=lambda c: f"{by_code[c].name} · {c}",
                        placeholder=t("polish.choose"))
    return by_code[code]


def code_banner(t, workshop) -> None:
    st.markdown(f"### {md_escape(workshop.name)}")
    st.markdown(t("workshops.code_banner", code=workshop.code))
    st.caption(t("workshops.code_help"))


@st.fragment(run_every="5s")
def gallery(code: str) -> None:
    """Refreshes by itself so new shares appear while the facilitator presents."""
    t = session.t()
    user = session.require_user()
    try:
        items = session.workshops().gallery(code, user.username)
    except StoreError:
        st.warning(t("store.workshop_not_found"))
        return
    names = {username: display_name(username) for username in {s.username for s, _ in items}}
    # By learner, then title: a card keeps its place as others share, so "Present" is
    # where the facilitator's hand is going.
    items.sort(key=lambda pair: (names[pair[0].username].casefold(),
                                 pair[1].title.casefold(), pair[1].id))
    st.subheader(t.plural("workshops.gallery.count", len(items)))
    not_shared(t, user, code, {s.username for s, _ in items})
    if not items:
        st.info(t("workshops.gallery.empty"), icon=":material/hourglass_empty:")
        return
    selected_key = f"compare_{code}"
    selected = st.session_state.setdefault(selected_key, [])
    walk_key = session.walk_picks_key(code)
    walk = st.session_state.setdefault(walk_key, [])
    columns = st.columns(3)
    for index, (share, canvas) in enumerate(items):
        ref = f"{share.username}/{canvas.id}"
        card_key = f"card_{share.username}_{canvas.id}"
        with columns[index % 3], st.container(border=True, key=card_key):
            st.markdown(f"**{md_escape(canvas.title)}**")
            score = fit_score(canvas)
            st.caption(t("workshops.card.meta", learner=md_escape(names[share.username]),
                         jobs=len(canvas.jobs), pains=len(canvas.pains), gains=len(canvas.gains),
                         fit="–" if score is None else format_percent(score, t.language)))
            st.caption(t("room.gallery.updated", ago=format_ago(canvas.updated_at,
                                                                 t.language)))
            gallery_evidence(t, code, share.username, canvas, PROJECTOR_PAGE)
            # Side by side when the card is wide enough, else one under the other: half
            # a third of the page cut "Презентувати" short.
            row = st.container(horizontal=True, vertical_alignment="center")
            if row.button(t("workshops.present"), key=f"present_{ref}", type="primary",
                          icon=":material/co_present:"):
                st.switch_page(PROJECTOR_PAGE, query_params={
                    "workshop": code, "owner": share.username, "canvas": canvas.id})
            checked = ref in selected
            disabled = not checked and len(selected) >= MAX_COMPARE
            row.checkbox(t("workshops.compare.pick"), value=checked, key=f"pick_{ref}",
                         disabled=disabled, help=t("workshops.compare.help", n=MAX_COMPARE),
                         on_change=_toggle_compare, args=(selected_key, ref))
            comment_panels.card_button(t, row, code, share.username, canvas.id)
            walking = ref in walk
            row.checkbox(t("walk.pick"), value=walking, key=f"walk_pick_{ref}",
                         disabled=not walking and len(walk) >= WALK_PAGE,
                         help=t("walk.pick.help", n=WALK_PAGE),
                         on_change=_toggle_walk, args=(walk_key, ref))
    st.session_state[selected_key] = [r for r in selected
                                      if any(f"{s.username}/{c.id}" == r for s, c in items)]
    st.session_state[walk_key] = [r for r in walk
                                  if any(f"{s.username}/{c.id}" == r for s, c in items)]
    if session.user_state().pop("compare_changed", False):
        st.rerun(scope="app")  # the comparison chart lives outside this fragment


def not_shared(t, user, code: str, sharing: set[str]) -> None:
    """Who joined but has shared nothing yet, by name: the facilitator can walk over."""
    workshop = next((w for w in session.workshops().facilitated_by(user.username)
                     if w.code == code), None)
    if workshop is None:
        return
    waiting = sorted((display_name(u) for u in workshop.members if u not in sharing),
                     key=str.casefold)
    if waiting:
        st.caption(t.plural("room.gallery.not_shared", len(waiting),
                            names=md_escape(format_list(waiting, t.language))))


def _toggle_walk(walk_key: str, ref: str) -> None:
    picks = st.session_state.setdefault(walk_key, [])
    if ref in picks:
        picks.remove(ref)
    elif len(picks) < WALK_PAGE:
        picks.append(ref)


def _toggle_compare(selected_key: str, ref: str) -> None:
    selected = st.session_state.setdefault(selected_key, [])
    if ref in selected:
        selected.remove(ref)
    elif len(selected) < MAX_COMPARE:
        selected.append(ref)
    session.user_state()["compare_changed"] = True


def comparison(t, user, code: str) -> None:
    refs = st.session_state.get(f"compare_{code}", [])
    if not refs:
        st.caption(t("workshops.compare.none", n=MAX_COMPARE))
        return
    canvases = []
    for ref in refs[:MAX_COMPARE]:
        owner, canvas_id = ref.split("/", 1)
        try:
            canvases.append(session.workshops().shared_canvas(code, user.username, owner,
                                                              canvas_id))
        except StoreError:
            continue
    if canvases:
        st.plotly_chart(build_comparison(canvases, t), width="stretch",
                        config=localized({"displaylogo": False}))
        _persona_cards(t, canvases)


def _persona_cards(t, canvases) -> None:
    """The compared segments' persona cards side by side, group by group, under the
    chart (which has no room for them)."""
    cards = [(canvas, persona_lines(canvas.segment.persona, t)) for canvas in canvases]
    if not any(lines for _, lines in cards):
        return
    for column, (canvas, lines) in zip(st.columns(len(cards)), cards, strict=True):
        with column.container(border=True):
            st.markdown(f"**{md_escape(canvas.segment.name)}**")
            if not lines:
                st.caption(t("workshops.compare.no_persona"))
            group = None
            for key, label, value in lines:
                if key != group:
                    group = key
                    st.caption(f"**{md_escape(group_label(t, key))}**")
                st.caption(md_escape(f"{label}: {value}"))


#: How often the handouts section asks the store whether a shared canvas moved on (the
#: issue allows 2 s; the poll is the projector's cheap read of revisions).
ZIP_POLL = "1s"


@st.fragment(run_every=ZIP_POLL)
def zip_download(t, user, code: str) -> None:
    """The handouts' ZIP, offered only while it matches the shares and their revisions.

    A learner adding a pain after the ZIP was prepared used to leave "Download the ZIP"
    on the page, handing out the old PDF. The section now polls the shares' revisions
    every second: the moment one moves, the download goes, and one sentence names the
    canvas that changed beside "Prepare again" (reports of unchanged canvases are reused
    from the cache, so preparing again only writes the changed ones).
    """
    t = session.t()
    try:
        now = session.backend().presenting().shared_revisions(code, user.username)
    except StoreError:
        return
    if not now:
        return
    zips = session.cache("zip")
    prepared = zips.get(code)
    if prepared is not None and prepared["revisions"] != now:
        zips.pop(code)
        session.cache("zip_stale")[code] = _stale_sentence(
            t, user, code, prepared, changed_since(prepared["revisions"], now))
        prepared = None
    stale = session.cache("zip_stale").get(code)
    if prepared is None:
        if stale:
            st.caption(stale)
        label = (t("workshops.zip.prepare_again") if stale
                 else t("workshops.zip.prepare", n=len(now)))
        if st.button(label, key=f"zip_{code}", icon=":material/folder_zip:"):
            prepared = _prepare_zip(t, user, code)
            if prepared is None:
                return
            zips[code] = prepared
            session.cache("zip_stale").pop(code, None)
    if prepared:
        st.download_button(t("workshops.zip.download"), data=prepared["data"],
                           file_name=f"workshop-{code}.zip", mime="application/zip",
                           key=f"zip_dl_{code}", icon=":material/download:", on_click="ignore")


def _stale_sentence(t, user, code: str, prepared: dict, changed: list) -> str:
    """"Changed since the ZIP was prepared: Lena Petit · Bakery." (or, for a change the
    shares cannot name, the general sentence)."""
    labels = dict(prepared["labels"])
    if any(ref not in labels for ref in changed):  # shared since: read its title once
        try:
            for share, canvas in session.workshops().gallery(code, user.username):
                labels.setdefault((share.username, canvas.id),
                                  f"{display_name(share.username)} · {canvas.title}")
        except StoreError:
            pass
    names = [labels[ref] for ref in changed if ref in labels]
    if not names:
        return t("room.zip.changed")
    return t("workshops.zip.stale", canvases=format_list(names, t.language))


def _prepare_zip(t, user, code: str) -> dict | None:
    """Write the ZIP for the shares as they are now: ``{"revisions", "labels", "data"}``."""
    handouts = [Handout(share.username, display_name(share.username), canvas)
                for share, canvas in session.workshops().gallery(code, user.username)]
    if not handouts:
        return None
    bar = st.progress(0.0, text=t("workshops.zip.progress", done=0, total=len(handouts)))

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("workshops.zip.progress", done=done, total=total))

    try:
        data = zip_handouts(handouts, progress=progress)
    except (ExportUnavailable, ExportTooSlow) as exc:
        st.error(exc.message(t))
        return None
    labels = {(h.owner, h.canvas.id): f"{h.learner} · {h.canvas.title}" for h in handouts}
    return {"revisions": revisions_of(handouts), "labels": labels, "data": data}
