"""The session's working copy of the open canvas, autosave, undo and conflicts.

Every change is saved at once as a new revision (no save button to forget). The working
copy remembers the revision it was loaded at, so when another tab saved in between, the
store refuses the save and the user chooses: load the newer version, or keep their own as
a copy. Nothing is overwritten or dropped silently.

When the newer revisions are the facilitator's (a room's vote applied or taken back,
recorded by the room: canvas/ui/editor/canvas_live.py), there is no other tab to blame: the
board says who changed the canvas, and the edit is applied on top of their revision or
refused in one sentence naming it (canvas/room/outside_writes.py decides which).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from canvas.editing import board as board_data
from canvas.editing import edits as editing
from canvas.fileformat import changes
from canvas.fileformat.models import SCORE_FIELD, SECTIONS, VALUE_MAP_SECTIONS, Canvas
from canvas.fileformat.validation import CanvasFileError
from canvas.formatting import format_time
from canvas.room import outside_writes
from canvas.store import StaleRevisionError, StoreError
from canvas.ui.editor import canvas_live
from canvas.ui.shell import outage, session
from canvas.ui.shell.text import md_escape, shorten

_WORK = "vpc_canvas_work"          # canvas id -> Canvas (this session's copy)
_CONFLICT = "vpc_canvas_conflict"  # canvas id -> Conflict
_SAVED = "vpc_canvas_saved"        # canvas id -> (revision, datetime)
_ERROR = "vpc_canvas_error"        # canvas id -> message to show once
_UNDO = "vpc_canvas_undo"          # (canvas id, section) -> Deleted
_DOWN = "vpc_store_down"           # True while the database cannot be reached (issue 22)
#: The store's refusal when the database cannot be reached: an outage, not a wrong edit.
UNAVAILABLE = "database.unavailable"
#: The board action being applied (editor/board_widget.py sets it), for a stale save to decide
#: whether the action may land on top of the facilitator's revision.
ACTION: ContextVar[dict | None] = ContextVar("vpc_board_action", default=None)


@dataclass(frozen=True)
class Conflict:
    mine: Canvas     # what this tab tried to save
    theirs: Canvas   # what is stored now
    before: Canvas | None = None  # what this tab's change started from (to name the change)

    def message(self, t) -> str:
        """The banner's text, naming the change that was not saved where it can."""
        key, params = (changes.describe(self.before, self.mine) if self.before is not None
                       else ("board_trust.change.other", {}))
        if key == "board_trust.change.other":
            return t("editor.conflict", revision=self.theirs.revision)
        change = t(key, **{**params, "text": md_escape(shorten(params["text"]))})
        return t("board_trust.conflict", revision=self.theirs.revision, change=change)


def _bucket(name: str) -> dict:
    return st.session_state.setdefault(name, {})


def working_canvas(canvas_id: str) -> Canvas | None:
    """This session's copy, refreshed from disk when the disk is newer and no conflict waits.

    Refreshing on every run is what makes a reload show everything as it was; the stale
    check in save() is what protects an edit made on an outdated screen.
    """
    store = session.store()
    work = _bucket(_WORK)
    if canvas_id in _bucket(_CONFLICT):
        return work.get(canvas_id)
    try:
        stored = store.load(canvas_id)
    except StoreError as exc:
        if exc.code == UNAVAILABLE:
            # An outage: the board goes on showing what it showed (and keeps what is typed
            # in its outbox) instead of the page being replaced by "no canvas".
            set_down(True)
            return work.get(canvas_id)
        work.pop(canvas_id, None)
        return None
    except CanvasFileError:
        work.pop(canvas_id, None)
        return None
    set_down(False)
    mine = work.get(canvas_id)
    if mine is None or stored.revision != mine.revision:
        work[canvas_id] = stored
        if mine is not None and stored.revision > mine.revision:
            gap = canvas_live.outside_gap(canvas_id, mine.revision, stored.revision)
            if gap:
                tell_outside(canvas_id, gap)
    return work[canvas_id]


def seen_canvas(canvas_id: str) -> Canvas | None:
    """The copy this session last showed, NOT refreshed from the store.

    Action handlers read this: the user acted on what they saw, and refreshing first would
    let a stale tab's change land on a newer revision without the conflict check.
    """
    return _bucket(_WORK).get(canvas_id)


def apply(canvas_id: str, change: Callable[[Canvas], Canvas]) -> Canvas | None:
    """Run one edit and save it; used from widget callbacks, so it never calls st.rerun."""
    t = session.t()
    work = _bucket(_WORK)
    current = work.get(canvas_id)
    if current is None or canvas_id in _bucket(_CONFLICT):
        return None
    for _attempt in range(3):  # the facilitator's writes are rebased on; a tab's are not
        try:
            changed = change(current)
        except CanvasFileError as exc:
            _bucket(_ERROR)[canvas_id] = exc.summary(t)
            return None
        except (KeyError, ValueError):
            _bucket(_ERROR)[canvas_id] = t("editor.error.gone")
            return None
        try:
            saved = session.store().save(changed, expected_revision=current.revision)
            break
        except StaleRevisionError as exc:
            gap = canvas_live.outside_gap(canvas_id, current.revision, exc.current.revision)
            if gap is None or not _may_rebase(canvas_id, current, exc.current, gap):
                if gap is None:
                    _bucket(_CONFLICT)[canvas_id] = Conflict(mine=changed, theirs=exc.current,
                                                             before=current)
                return None
            current = exc.current
        except StoreError as exc:
            if exc.code == UNAVAILABLE:
                set_down(True)  # said once, above the board, for as long as it lasts
                return None
            _bucket(_ERROR)[canvas_id] = exc.message(t)
            return None
        except (CanvasFileError, OSError) as exc:
            message = exc.message(t) if isinstance(exc, StoreError) else t("editor.error.save")
            _bucket(_ERROR)[canvas_id] = message
            return None
    else:
        return None
    set_down(False)
    work[canvas_id] = saved
    _bucket(_SAVED)[canvas_id] = (saved.revision, datetime.now())
    return saved


def store_down() -> bool:
    """True while the last store call of this session found the database unreachable."""
    return bool(st.session_state.get(_DOWN))


def set_down(down: bool) -> None:
    st.session_state[_DOWN] = down


def _may_rebase(canvas_id: str, mine: Canvas, theirs: Canvas, gap) -> bool:
    """The facilitator wrote ``gap`` on top of what this edit started from: True when
    the edit may land on their revision; otherwise the board shows their revision and
    says, naming the edit, why it was not made."""
    work = _bucket(_WORK)
    work[canvas_id] = theirs
    reason = refused_action(canvas_id, ACTION.get(), gap, mine)
    if reason is None:
        tell_outside(canvas_id, gap, later=True)
        return True
    tell_outside(canvas_id, gap, refused=reason)
    return False


def refused_action(canvas_id: str, action: dict | None, gap, seen: Canvas | None):
    """Why the board ``action``, made on a revision before ``gap``, is refused (the
    sentence's end), or None when it may be applied on top."""
    t = session.t()
    kind = action.get("type") if isinstance(action, dict) else None
    section = action.get("section") if isinstance(action, dict) else None
    if kind == "compare_accept":
        section = (_board(canvas_id, _page_of(action)).get("compare") or {}).get("section")
    elif kind == "undo":
        record = action.get("undo_record") or _board(canvas_id).get("undo")
        section = record[1] if record and record[0] == "order" else None
    field = action.get("field") if isinstance(action, dict) else None
    reason = outside_writes.refusal(kind, section, field, gap)
    if reason is None:
        return None
    item = next((i for i in seen.section(section) if i.id == action.get("id")), None) \
        if seen is not None and section in (*SECTIONS, *VALUE_MAP_SECTIONS) else None
    return t(f"live_reach.refused.{reason}", text=shorten(item.text) if item else "",
             section=t(f"section.{section}"))


def _page_of(action: dict) -> str:
    return action.get("page") or "profile"


def tell_outside(canvas_id: str, gap, *, later: bool = False, refused: str | None = None
                 ) -> None:
    """Say on the board who changed the canvas (once per write), with what became of the
    user's own edit. ``later``: the edit's own notice follows; the sentence goes first."""
    state = _board(canvas_id)
    newest = gap[-1].revision
    told = state.get("explained", 0) >= newest
    state["explained"] = max(state.get("explained", 0), newest)
    text = "" if told and not refused else canvas_live.sentence(session.t(), gap)
    if refused:
        board_notice(canvas_id, f"{text} {refused}".strip(), level="warning", announce=True)
    elif later:
        if text:
            state["outside"] = text
    elif text:
        board_notice(canvas_id, text, announce=True)


def flush_outside(canvas_id: str) -> None:
    """A sentence about the facilitator's change no edit's notice took with it: alone."""
    text = _board(canvas_id).pop("outside", None)
    if text:
        board_notice(canvas_id, text, announce=True)


def sync_widget(key: str, value, revision: int) -> None:
    """Refill an edit widget from the canvas whenever the canvas has a new revision.

    Widgets keep what the user typed between reruns; after a save, an undo or another
    tab's change the stored value must win, but only once per revision.
    """
    marker = f"{key}__rev"
    if st.session_state.get(marker) != revision:
        st.session_state[key] = value
        st.session_state[marker] = revision


def report_error(canvas_id: str, message: str) -> None:
    _bucket(_ERROR)[canvas_id] = message


def remember_delete(canvas_id: str, section: str, deleted) -> None:
    _bucket(_UNDO)[(canvas_id, section)] = deleted


def pending_undo(canvas_id: str, section: str):
    return _bucket(_UNDO).get((canvas_id, section))


def forget_undo(canvas_id: str, section: str) -> None:
    _bucket(_UNDO).pop((canvas_id, section), None)


# -- item callbacks shared by the profile and value-map editors -----------------------------
_EDITING = "vpc_editing_item"  # (canvas id, section) -> item id open for editing


def editing_item(canvas_id: str, section: str) -> str | None:
    return st.session_state.get(_EDITING, {}).get((canvas_id, section))


def set_editing(canvas_id: str, section: str, item_id: str | None) -> None:
    open_items = st.session_state.setdefault(_EDITING, {})
    if item_id is None:
        open_items.pop((canvas_id, section), None)
    else:
        open_items[(canvas_id, section)] = item_id


_SHOWN = "vpc_section_shown"  # (canvas id, page) -> section shown on the board


def shown_section(canvas_id: str, page: str) -> str | None:
    """The section a page's board shows first on a phone ("profile" or "value_map" page).

    The URL keeps it (``?section=pains``), so a reload or a sleeping phone comes back to
    the section the learner was working on.
    """
    shown = st.session_state.get(_SHOWN, {}).get((canvas_id, page))
    from_url = st.query_params.get("section")
    if shown is None and from_url in BOARD_SECTIONS.get(page, ()):
        shown = from_url
    return shown


def show_section(canvas_id: str, page: str, section: str) -> None:
    shown = st.session_state.setdefault(_SHOWN, {})
    if shown.get((canvas_id, page)) == section and st.query_params.get("section") == section:
        return
    shown[(canvas_id, page)] = section
    st.query_params["section"] = section


def focus_item(canvas_id: str, section: str, item_id: str) -> None:
    """Open one item on its board (from a click elsewhere, e.g. on the diagram).

    The caller then switches to the page that holds the section's board.
    """
    show_section(canvas_id, "profile" if section in SCORE_FIELD else "value_map", section)
    set_editing(canvas_id, section, item_id)


def delete(canvas_id: str, section: str, item_id: str) -> None:
    """Delete and remember what is needed to undo it, links included."""
    result = {}

    def change(c):
        new, deleted = editing.delete_item(c, section, item_id)
        result["deleted"] = deleted
        return new

    if apply(canvas_id, change) is not None:
        remember_delete(canvas_id, section, result["deleted"])
        set_editing(canvas_id, section, None)


def undo(canvas_id: str, section: str, deleted) -> None:
    forget_undo(canvas_id, section)
    apply(canvas_id, lambda c: editing.undo_delete(c, deleted))


def open_canvas_or_stop(title_key: str):
    """The canvas this page works on, or a short hint and a link to My canvases."""
    t = session.t()
    canvas_id = session.open_canvas_id()
    canvas = working_canvas(canvas_id) if canvas_id else None
    if canvas is None and canvas_id and store_down():
        # Loaded during an outage: nothing to show yet. One sentence, and the page comes
        # back by itself when the database does (issue 22).

        st.error(t(UNAVAILABLE), icon=":material/cloud_off:")
        outage.retry_when_back()
        st.stop()
    if canvas is None:
        st.title(t(title_key))
        st.info(t("editor.no_canvas"), icon=":material/folder_open:")
        st.page_link("pages/my_canvases.py", label=t("nav.my_canvases"),
                     icon=":material/folder_open:")
        st.stop()
    session.set_open_canvas(canvas_id)
    return canvas


def has_conflict(canvas_id: str) -> bool:
    return canvas_id in _bucket(_CONFLICT)


def show_messages(canvas_id: str, hint: str = "", waiting: int = 0) -> None:
    """The saved indicator and any error from the last edit, shown where the edit was.

    ``hint`` follows the saved indicator on the same line (one line less above the board).
    ``waiting`` counts the board's actions not stored yet: "Saved" is never said then.
    While the database cannot be reached, one sentence says so instead.
    """
    t = session.t()
    error = _bucket(_ERROR).pop(canvas_id, None)
    if error:
        st.error(md_escape(error), icon=":material/error:")
    if store_down():
        st.warning(t("outage.down"), icon=":material/cloud_off:")
        return
    if waiting:
        text = t.plural("outage.waiting", waiting)
        st.caption(f":orange[:material/cloud_upload:] {text}" + (f" · {hint}" if hint else ""))
        return
    saved = _bucket(_SAVED).get(canvas_id)
    work = _bucket(_WORK).get(canvas_id)
    if saved and work and saved[0] == work.revision:
        when = format_time(saved[1], t.language)
        text = t("editor.saved", revision=saved[0], time=when)
        st.caption(f":green[:material/cloud_done:] {text}" + (f" · {hint}" if hint else ""))
    elif work:
        text = t("editor.autosave", revision=work.revision)
        st.caption(f":material/cloud_done: {text}" + (f" · {hint}" if hint else ""))


def conflict_banner(canvas_id: str) -> bool:
    """Shows the choice when another tab saved first; True while the choice is pending."""
    conflict = _bucket(_CONFLICT).get(canvas_id)
    if conflict is None:
        return False
    t = session.t()
    with st.container(border=True, key="conflict_banner"):
        st.warning(conflict.message(t),
                   icon=":material/sync_problem:")
        # As wide as their words, side by side while they fit and one under the other when
        # not: in fixed columns "Завантажити новішу версію" was cut to "…новішу ве…".
        choices = st.container(horizontal=True, gap="small")
        if choices.button(t("editor.conflict.load"), key="conflict_load", type="primary",
                          icon=":material/refresh:", width="content"):
            _bucket(_CONFLICT).pop(canvas_id, None)
            _bucket(_WORK)[canvas_id] = conflict.theirs
            st.rerun()
        if choices.button(t("editor.conflict.copy"), key="conflict_copy",
                          icon=":material/content_copy:", width="content"):
            title = t("editor.conflict.copy_title", title=conflict.mine.title)[:120]
            try:
                copy = session.store().create(
                    conflict.mine.model_copy(update={"title": title}))
            except StoreError as exc:
                st.error(exc.message(t))
                return True
            _bucket(_CONFLICT).pop(canvas_id, None)
            _bucket(_WORK).pop(canvas_id, None)
            session.set_open_canvas(copy.id)
            session.flash(t("editor.conflict.copied", title=md_escape(title)))
            st.rerun()
    return True


# -- the board: what one session sees on top of the canvas --------------------------------
_BOARD = "vpc_board_state"  # (canvas id, page) -> {"notice", "undo", "compare", "paste", ...}
BOARD_SECTIONS = {"profile": SECTIONS, "value_map": VALUE_MAP_SECTIONS}


def board_sections(page: str) -> tuple[str, ...]:
    return BOARD_SECTIONS[page]


def _board(canvas_id: str, page: str | None = None) -> dict:
    return _bucket(_BOARD).setdefault((canvas_id, page), {})


def board_notice(canvas_id: str, text: str | None, *, undo: bool = False, level: str = "info",
                 announce: bool = False, quote: str | None = None) -> None:
    """One message above the board (shared by both pages: the last thing that happened).
    ``quote`` is the user text the sentence holds: the board isolates it (``<bdi>``), so a
    note in another script or direction never reorders the sentence around it."""
    state = _board(canvas_id)
    if text is None:
        state.pop("notice", None)
        return
    outside = state.pop("outside", None)  # who changed the canvas, said first
    if outside:
        text = f"{outside} {text}"
    number = state.get("counter", 0) + 1
    state["counter"] = number
    state["notice"] = {"id": number, "text": text, "level": level, "undo": undo,
                       "announce": text if announce else None, "quote": quote or None}


def remember_undo(canvas_id: str, page: str, record: tuple) -> None:
    _board(canvas_id)["undo"] = record


def pop_undo(canvas_id: str, page: str) -> tuple | None:
    return _board(canvas_id).pop("undo", None)


def set_compare(canvas_id: str, page: str, state: dict | None) -> None:
    _board(canvas_id, page)["compare"] = state


def get_compare(canvas_id: str, page: str) -> dict | None:
    return _board(canvas_id, page).get("compare")


def set_paste(canvas_id: str, page: str, pending: dict) -> None:
    _board(canvas_id, page)["paste"] = pending


def pop_paste(canvas_id: str, page: str) -> dict | None:
    return _board(canvas_id, page).pop("paste", None)


def focus_note(canvas_id: str, page: str, item_id: str) -> None:
    state = _board(canvas_id, page)
    state["focus"] = {"id": item_id, "nonce": state.get("focus_nonce", 0) + 1}
    state["focus_nonce"] = state["focus"]["nonce"]


def applied_action(canvas_id: str, page: str, client: str) -> int:
    """The sequence number of the last action applied from one board in a browser page.

    The board numbers its actions and resends every one not yet acknowledged; the server
    applies a number once, in order, and skips what it has already applied.
    """
    return _board(canvas_id, page).get("applied", {}).get(client, 0)


def mark_applied(canvas_id: str, page: str, client: str, seq: int) -> None:
    applied = _board(canvas_id, page).setdefault("applied", {})
    applied.pop(client, None)
    applied[client] = seq
    for old in list(applied)[:-20]:  # the boards of the last 20 page loads are enough
        del applied[old]


def key_move_run(canvas_id: str, page: str) -> dict | None:
    """The run of keyboard moves going on: one note, one undo, one notice (or None)."""
    return _board(canvas_id, page).get("key_run")


def set_key_move_run(canvas_id: str, page: str, run: dict | None) -> None:
    if run is None:
        _board(canvas_id, page).pop("key_run", None)
    else:
        _board(canvas_id, page)["key_run"] = run


def remember_add(canvas_id: str, uid: str) -> None:
    """The uid of a note the board added, now handled (at most the last 50 are kept).

    The sequence numbers (applied_action) skip what this session applied; the uid also
    catches an add queued again by a new load of the page, which numbers from 1.
    """
    if uid:
        done = _board(canvas_id).setdefault("done", [])
        done.append(uid)
        del done[:-50]


def add_done(canvas_id: str, uid: str) -> bool:
    return uid in _board(canvas_id).get("done", ())


def restore_add(canvas_id: str, section: str, text: str) -> None:
    """Put a note's text back in its add box when saving it failed: nothing typed is lost."""
    state = _board(canvas_id)
    number = state.get("counter", 0) + 1
    state["counter"] = number
    state.setdefault("restore", {})[section] = {"text": text, "nonce": number}


def board_view(canvas_id: str, page: str, t):
    """The session's view of the board, for canvas.editing.board's builders."""
    shared, own = _board(canvas_id), _board(canvas_id, page)
    canvas = _bucket(_WORK).get(canvas_id)
    sections = BOARD_SECTIONS[page]
    open_items = {s: editing_item(canvas_id, s) for s in (*SECTIONS, *VALUE_MAP_SECTIONS)}
    compare_state = own.get("compare")
    compare_card = None
    if compare_state and canvas is not None:
        known = {item.id for item in canvas.section(compare_state["section"])}
        if set(compare_state["ids"]) <= known:
            compare_card = board_data.compare_card(canvas, t, compare_state["section"],
                                                   compare_state["ids"],
                                                   compare_state["answers"])
        else:
            own.pop("compare", None)
    pending = own.get("paste")
    paste_card = (board_data.paste_card(t, pending["section"], pending["preview"])
                  if pending else None)
    notice = shared.get("notice")
    if notice and notice.get("undo") is True:
        notice = {**notice, "undo": t("profile.undo")}
    return board_data.View(
        open={s: i for s, i in open_items.items() if i}, active=shown_section(canvas_id, page)
        or sections[0], notice=notice, compare=compare_card, paste=paste_card,
        focus=own.get("focus"), restore=shared.get("restore"),
        ack=dict(own.get("applied", {})))


# -- card forms (the evidence panel) ---------------------------------------------------------
_FORM_ROUND = "vpc_form_round"      # form base key -> cards it has saved
_EVIDENCE_HIDDEN = "vpc_evidence_hidden"  # page -> True/False: folded/opened the panel


def form_key(base: str) -> str:
    """The key of a card form in its current round: ``base``, then ``base_r1``...

    A form whose card was saved starts a new round: new widgets, empty for the next card,
    and a second click on the old form's button (already on its way) reaches nothing.
    """
    rounds = _bucket(_FORM_ROUND).get(base, 0)
    return f"{base}_r{rounds}" if rounds else base


def next_form_round(base: str) -> None:
    bucket = _bucket(_FORM_ROUND)
    bucket[base] = bucket.get(base, 0) + 1


def evidence_hidden(page: str) -> bool | None:
    """None until the learner folds or opens the evidence panel on ``page`` (the profile
    and the value map keep their own choice: the map's sheet starts folded)."""
    return _bucket(_EVIDENCE_HIDDEN).get(page)


def set_evidence_hidden(page: str, hidden: bool) -> None:
    _bucket(_EVIDENCE_HIDDEN)[page] = hidden
