"""The board: one component for every section, on the profile and on the value map.

The board is a Streamlit components-v2 component (HTML, CSS and JS in assets/board/, no
iframe) with SortableJS vendored beside it for dragging by mouse, touch and pen. It draws
what canvas/editing/board.py describes and reports the user's actions as one trigger: every action
not yet acknowledged, numbered in order. This module applies each number once and in order
(a blur's edit and a Done in the same frame both count), acknowledges it in the data sent
back, and turns each action into an edit of the canvas (canvas/editing/edits.py) through the same
autosave, revision check and undo as every other change (canvas/ui/editor/editor_state.py).

Why a component and not widgets: ranking 8 pains with selectboxes and "Up" buttons took
about 33 clicks (two minutes); on the board it takes at most 7 drags. One component also
keeps a rerun light: a 150-item section is one element, not seven per item.
"""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from canvas import config
from canvas.editing import board as board_data
from canvas.editing import edits as editing
from canvas.editing import paste
from canvas.editing.component_messages import SCORES, BoardBatch, board_action, read
from canvas.fileformat.models import SCORE_FIELD
from canvas.i18n import NATIVE_DIGITS, text_direction
from canvas.ranking import compare
from canvas.ranking import rules as ranking
from canvas.ranking.rules import ranked
from canvas.store import StoreError
from canvas.ui.editor import canvas_live, editor_state
from canvas.ui.evidence import evidence_panel
from canvas.ui.shell import session
from canvas.ui.workshop.comment_panels import comment_counts, learner_comments

ASSETS = Path(__file__).resolve().parents[3] / "assets" / "board"
FILES = ("board.js", "board.css", "vendor/sortablejs/Sortable.min.js")

# The board's code is about 90 kB. Given to the component inline, Streamlit would resend
# all of it with every run (94 kB per drag on a 4-note canvas, measured); on a workshop's
# weak wi-fi that is most of the traffic. Instead the files are served by Streamlit's
# component file route, which the browser caches ("Cache-Control: public"), and the
# component itself is a loader of a few hundred bytes. The version in the URL is the
# files' hash, so a new release is fetched once. Nothing comes from the internet.
_files = components.declare_component("vpc_board_files", path=str(ASSETS))
_VERSION = hashlib.sha256(b"".join((ASSETS / name).read_bytes()
                                   for name in FILES)).hexdigest()[:12]
_LOADER = ((ASSETS / "loader.js").read_text(encoding="utf-8")
           .replace("__NAME__", _files.name).replace("__VERSION__", _VERSION))

_component = st.components.v2.component("vpc_board", html="", js=_LOADER,
                                        isolate_styles=False)


def _key(canvas_id: str, page: str) -> str:
    return f"vpc_board_{page}_{canvas_id}"


def show(canvas, page: str) -> None:
    """Draw the board of ``page`` ("profile" or "value_map") for ``canvas``."""
    t = session.t()
    view = editor_state.board_view(canvas.id, page, t)
    build = board_data.profile_board if page == "profile" else board_data.value_map_board
    key = _key(canvas.id, page)
    data = board_data.add_comment_badges(build(canvas, t, view), comment_counts(canvas.id), t)
    data = {**data, "down": editor_state.store_down(), "resend_ms": config.board_resend_ms(),
            "direction": text_direction(canvas.language),  # a note's reading order (board.js)
            "digits": NATIVE_DIGITS.get(t.language, ""),  # ranks and scores in Persian digits
            "labels": {**data["labels"], **_outbox_labels(t)}}
    _component(key=key, data=data, default=None,
               on_action_change=partial(_on_action, canvas.id, page, key))


def _outbox_labels(t) -> dict:
    """What the board says of its outbox (issue 22): the count in each plural form of the
    language (the board picks one with Intl.PluralRules) and the Discard button."""
    return {"outbox": {form: t(f"outage.outbox.{form}")
                       for form in ("one", "few", "many", "other")
                       if t.has(f"outage.outbox.{form}")},
            "outbox_lang": t.language, "discard": t("outage.discard"),
            "discard_help": t("outage.discard.help")}


def _batch(key: str) -> BoardBatch | None:
    """The board's last queue, read through its schema (None when it is not ours)."""
    value = st.session_state.get(key)
    return read(BoardBatch, value.get("action") if hasattr(value, "get") else None)


def _waiting(key: str, canvas_id: str, page: str) -> int:
    """The board's edits this run has not stored (sent again while the database is away)."""
    batch = _batch(key)
    if batch is None:
        return 0
    last = editor_state.applied_action(canvas_id, page, batch.client)
    return sum(1 for a in batch.actions[:MAX_BATCH]
               if _seq(a) and _seq(a) > last and a.get("type") in _EDITS)


@st.fragment
def working_area(canvas_id: str, page: str, panels: tuple, below=None,
                 widths: tuple | None = None) -> None:
    """A board page's working area: folded panels in one row, the save state, the board.

    A fragment: a drag, a click or a key on the board reruns this and nothing else, and
    so does the canvas's change signal (canvas/ui/editor/canvas_live.py): the facilitator's
    vote applied or taken back, or a new comment, shows without a page run.
    ``panels`` are ``(t, canvas) -> None`` callables, one per column; ``below``, one
    more, is drawn under the board (the open note's evidence). ``widths`` are the
    columns' relative widths (equal without).
    """
    t = session.t()
    signals = canvas_live.listen_state(canvas_id)  # before the canvas: no change missed
    canvas = editor_state.working_canvas(canvas_id)
    if canvas is None or editor_state.has_conflict(canvas_id):
        st.rerun(scope="app")
    canvas_live.watch(canvas_id, signals)
    learner_comments(t, canvas)  # here, so a new comment shows without a page run
    with st.container(key="vpc_board_panels"):  # one row; two per row on a phone (theme.css)
        for column, panel in zip(st.columns(widths or len(panels)), panels, strict=True):
            with column:
                _outage_proof(panel, t, canvas)
    editor_state.show_messages(canvas_id, t(f"board_layout.hint.{page}"),
                               waiting=_waiting(_key(canvas_id, page), canvas_id, page))
    show(canvas, page)
    if below is not None:
        _outage_proof(below, t, canvas)


def _outage_proof(draw, t, canvas) -> None:
    """A panel beside the board that needs the store: while the database cannot be
    reached it is left out, and the board with its one sentence stays (an exception here
    used to end the fragment's run half drawn: issue 22)."""
    try:
        draw(t, canvas)
    except StoreError as exc:
        if exc.code != editor_state.UNAVAILABLE:
            raise
        editor_state.set_down(True)


# -- actions -------------------------------------------------------------------------------
MAX_BATCH = 200


def _seq(action) -> int | None:
    seq = action.get("seq") if isinstance(action, dict) else None
    return seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else None


def _on_action(canvas_id: str, page: str, key: str) -> None:
    """Apply the board's queued actions: each sequence number once, in order."""
    batch = _batch(key)
    if batch is None:
        return  # not what our board sends: nothing to answer
    client = batch.client
    last = editor_state.applied_action(canvas_id, page, client)
    actions = sorted((a for a in batch.actions[:MAX_BATCH] if _seq(a)), key=_seq)
    for raw in actions:
        seq = _seq(raw)
        if seq <= last:
            continue  # sent again before the acknowledgement arrived: already applied
        last = seq
        # Marked before it runs: an action that fails is reported once, not retried forever.
        editor_state.mark_applied(canvas_id, page, client, seq)
        action, wrong = board_action(raw)
        if action is None:
            _unreadable(canvas_id, raw, wrong)
            continue
        editor_state.set_down(False)
        _apply(canvas_id, page, action.model_dump(exclude_none=True))
        if editor_state.store_down():
            # The database cannot be reached: not a failure of this action. It is left
            # unacknowledged, so it stays in the board's outbox and comes again, and so
            # does everything after it (the order is kept).
            editor_state.mark_applied(canvas_id, page, client, seq - 1)
            return


def _unreadable(canvas_id: str, raw: dict, wrong: str | None) -> None:
    """An action that is not what the board sends (forged, or from an older page): refused
    in one sentence naming what was wrong, nothing coerced (issue 22, point 5)."""
    t = session.t()
    field = raw.get("field") if wrong in ("value", None) else wrong
    what = t(f"score.{field}") if field in SCORES else t("harden.board.the_change")
    editor_state.report_error(canvas_id, t("harden.board.unreadable", what=what))


#: Actions that change the canvas: checked against the facilitator's writes since the
#: revision the board showed when the user acted (the action's "base").
_EDITS = frozenset({"add", "paste_add", "move", "update", "delete", "undo", "toggle_link",
                    "compare_accept", "spread"})


def _apply(canvas_id: str, page: str, action: dict) -> None:
    kind = action.get("type")
    handler = _HANDLERS.get(kind) if isinstance(kind, str) else None
    if not (kind == "move" and action.get("key")):
        editor_state.set_key_move_run(canvas_id, page, None)  # anything else ends a run
    if handler is None:
        return
    if kind in _EDITS and _outdated(canvas_id, page, action):
        return
    token = editor_state.ACTION.set({**action, "page": page})
    try:
        handler(canvas_id, page, action)
    finally:
        editor_state.ACTION.reset(token)
    editor_state.flush_outside(canvas_id)


def _outdated(canvas_id: str, page: str, action: dict) -> bool:
    """The action was made on a revision the facilitator has replaced since (the board
    redrew after the user acted, or the action comes back from the browser's storage
    after a reload): refused with a sentence when it was aimed at the old order (True),
    else applied with the sentence saying who changed the canvas first."""
    base = action.get("base")
    seen = editor_state.seen_canvas(canvas_id)
    if not isinstance(base, int) or isinstance(base, bool) or seen is None \
            or base >= seen.revision:
        return False
    gap = canvas_live.outside_gap(canvas_id, base, seen.revision)
    if gap is None:
        return False  # another tab of this user: the usual checks apply
    refused = editor_state.refused_action(canvas_id, {**action, "page": page}, gap, seen)
    editor_state.tell_outside(canvas_id, gap, refused=refused, later=refused is None)
    return refused is not None


def _section(action: dict) -> str | None:
    section = action.get("section")
    return section if section in editing.ID_PREFIX else None


def _item(canvas, section: str, item_id) -> object | None:
    return next((i for i in canvas.section(section) if i.id == item_id), None)


def _add(canvas_id: str, page: str, action: dict) -> None:
    t = session.t()
    section = _section(action)
    text = str(action.get("text") or "").strip()
    if section is None:
        return
    if not text:
        editor_state.report_error(canvas_id, t("profile.add.empty"))
        return
    uid = str(action.get("uid") or "")[:40]
    if uid and editor_state.add_done(canvas_id, uid):
        return  # sent again after a dropped connection: it is already on the board
    canvas = editor_state.seen_canvas(canvas_id)
    if action.get("retry") and canvas and text in [i.text for i in canvas.section(section)]:
        editor_state.remember_add(canvas_id, uid)  # saved by a session the server lost
        return
    fields = _new_item_fields(section, action.get("kind"))
    editor_state.show_section(canvas_id, page, section)
    saved = editor_state.apply(canvas_id, lambda c: editing.add_item(c, section, text, **fields)[0])
    if saved is None:
        if editor_state.store_down():
            return  # still in the board's outbox, shown there, sent again
        editor_state.restore_add(canvas_id, section, text)
        editor_state.remember_add(canvas_id, uid)  # in the add box again: not sent twice
        return
    editor_state.remember_add(canvas_id, uid)
    editor_state.board_notice(canvas_id, t("board.added", text=text), announce=True,
                              quote=text)


def _new_item_fields(section: str, kind) -> dict:
    if section not in SCORE_FIELD:
        return {}
    kinds = board_data.KINDS[section]
    return {"kind": kind if kind in kinds else kinds[0], SCORE_FIELD[section]: 3}


def _paste(canvas_id: str, page: str, action: dict) -> None:
    section = _section(action)
    canvas = editor_state.seen_canvas(canvas_id)
    if section is None or canvas is None:
        return
    existing = [item.text for item in canvas.section(section)]
    preview = paste.preview(str(action.get("text") or ""), existing)
    editor_state.set_paste(canvas_id, page, {"section": section, "kind": action.get("kind"),
                                             "preview": preview})


def _paste_add(canvas_id: str, page: str, action: dict) -> None:
    t = session.t()
    pending = editor_state.pop_paste(canvas_id, page)
    if not pending or not pending["preview"].texts:
        return
    section = pending["section"]
    texts = pending["preview"].texts
    fields = _new_item_fields(section, pending["kind"])
    result = {}

    def change(c):
        new, ids = editing.add_items(c, section, texts, **fields)
        result["ids"] = ids
        return new

    if editor_state.apply(canvas_id, change) is not None:
        editor_state.remember_undo(canvas_id, page, ("added", section, tuple(result["ids"])))
        what = t.plural(f"board.count.{section}", len(texts))
        editor_state.board_notice(canvas_id, t("board.pasted", what=what), undo=True,
                                  announce=True)


def _paste_cancel(canvas_id: str, page: str, action: dict) -> None:
    editor_state.pop_paste(canvas_id, page)


def _move(canvas_id: str, page: str, action: dict) -> None:
    t = session.t()
    section = _section(action)
    to = action.get("to")
    if section is None or not isinstance(to, int) or isinstance(to, bool):
        return
    result = {}

    def change(c):
        result["before"] = editing.section_snapshot(c, section)
        new, drop = editing.drop_item(c, section, str(action.get("id")), to)
        result["drop"] = drop
        return new

    if editor_state.apply(canvas_id, change) is None:
        editor_state.set_key_move_run(canvas_id, page, None)
        return
    drop = result["drop"]
    before, old_score = result["before"], drop.old_score
    if action.get("key"):
        # Alt+Up pressed three times is one change: one notice naming the score the note
        # had before the first press, and one Undo that takes the whole run back.
        run = editor_state.key_move_run(canvas_id, page)
        if run and (run["section"], run["id"]) == (section, drop.item_id):
            before, old_score = run["before"], run["old_score"]
        editor_state.set_key_move_run(canvas_id, page, {
            "section": section, "id": drop.item_id, "before": before, "old_score": old_score})
    editor_state.remember_undo(canvas_id, page, ("order", section, before))
    canvas = editor_state.seen_canvas(canvas_id)
    item = _item(canvas, section, drop.item_id)
    text = item.text if item else ""
    message = t("board.moved", text=text, rank=drop.new_rank)
    if section in SCORE_FIELD and drop.new_score != old_score:
        message = t("board.moved.score", text=text, rank=drop.new_rank,
                    name=t(f"score.{SCORE_FIELD[section]}"), score=drop.new_score,
                    old=old_score)
    editor_state.board_notice(canvas_id, message, undo=True, announce=True, quote=text)
    editor_state.focus_note(canvas_id, page, drop.item_id)


def _open(canvas_id: str, page: str, action: dict) -> None:
    section = _section(action)
    if section is not None:
        for other in editor_state.board_sections(page):
            if other != section:
                editor_state.set_editing(canvas_id, other, None)
        editor_state.set_editing(canvas_id, section, str(action.get("id")))
        editor_state.focus_note(canvas_id, page, str(action.get("id")))


def _close(canvas_id: str, page: str, action: dict) -> None:
    section = _section(action)
    if section is not None:
        editor_state.set_editing(canvas_id, section, None)
        editor_state.focus_note(canvas_id, page, str(action.get("id")))


_CHOICES = {"importance", "severity", "relevance", "frequency"}


def _update(canvas_id: str, page: str, action: dict) -> None:
    t = session.t()
    section = _section(action)
    name = action.get("field")
    value = action.get("value")
    if section is None or not isinstance(name, str):
        return
    if name == "text":
        value = str(value or "").strip()
        if not value:
            editor_state.report_error(canvas_id, t("profile.add.empty"))
            return
    elif name in _CHOICES:
        value = value if isinstance(value, int) else None  # the schema made it 1-5 or None
    elif name in ("kind", "status", "notes"):
        value = str(value or "")
    else:
        return
    item_id = str(action.get("id"))
    saved = editor_state.apply(canvas_id, lambda c: editing.update_item(c, section, item_id,
                                                                        **{name: value}))
    if saved is not None and section in SCORE_FIELD and name == SCORE_FIELD[section]:
        rank = next((r for r, i in ranked(saved.section(section)) if i.id == item_id), None)
        editor_state.board_notice(canvas_id, t("board.rescored", rank=rank), announce=True)


def _delete(canvas_id: str, page: str, action: dict) -> None:
    t = session.t()
    section = _section(action)
    if section is None:
        return
    result = {}

    def change(c):
        new, deleted = editing.delete_item(c, section, str(action.get("id")))
        result["deleted"] = deleted
        return new

    if editor_state.apply(canvas_id, change) is None:
        return
    deleted = result["deleted"]
    editor_state.set_editing(canvas_id, section, None)
    editor_state.remember_undo(canvas_id, page, ("deleted", section, deleted))
    message = t("profile.deleted", text=deleted.item.text)
    if deleted.cut_links:
        message += " " + t.plural("profile.deleted.links", len(deleted.cut_links))
    editor_state.board_notice(canvas_id, message, undo=True, announce=True,
                              quote=deleted.item.text)


def _undo(canvas_id: str, page: str, action: dict) -> None:
    t = session.t()
    record = editor_state.pop_undo(canvas_id, page)
    if record is None:
        return
    # What it takes back, for a save that finds the facilitator's revision in between.
    editor_state.ACTION.set({**(editor_state.ACTION.get() or {}), "undo_record": record})
    kind, section, payload = record
    if kind == "order":
        change = partial(editing.restore_snapshot, section=section, snapshot=payload)
    elif kind == "deleted":
        change = partial(editing.undo_delete, deleted=payload)
    elif kind == "evidence":  # a test or learning card changed (ui/evidence/evidence_panel.py)
        change = partial(evidence_panel.restore_item, section=section, item=payload)
    else:  # "added"
        def change(c, ids=payload, section=section):
            for item_id in ids:
                if _item(c, section, item_id) is not None:
                    c = editing.delete_item(c, section, item_id)[0]
            return c
    if editor_state.apply(canvas_id, lambda c: change(c)) is not None:
        editor_state.board_notice(canvas_id, t("board.undone"), announce=True)


def _show(canvas_id: str, page: str, action: dict) -> None:
    """The section a phone shows (one at a time): kept across reloads and page changes."""
    section = _section(action)
    if section in editor_state.board_sections(page):
        editor_state.show_section(canvas_id, page, section)


def _dismiss(canvas_id: str, page: str, action: dict) -> None:
    editor_state.board_notice(canvas_id, None)


def _refused(canvas_id: str, page: str, action: dict) -> None:
    t = session.t()
    source, target = _section(action), action.get("target")
    if source is None or target not in editing.ID_PREFIX:
        return
    editor_state.board_notice(
        canvas_id, t("board.refused", item=t(f"section.{source}.item"),
                     target=t(f"section.{target}.item")), level="warning", announce=True)


def _toggle_link(canvas_id: str, page: str, action: dict) -> None:
    t = session.t()
    target = _section(action)
    linker = next((s for s, x in board_data.LINK_TARGET.items() if x == target), None)
    if linker is None:
        return
    source_id = editor_state.editing_item(canvas_id, linker)
    canvas = editor_state.seen_canvas(canvas_id)
    source = _item(canvas, linker, source_id) if canvas and source_id else None
    if source is None:
        editor_state.board_notice(canvas_id, t(f"board.link_first.{linker}"), level="warning",
                                  announce=True)
        return
    links = list(getattr(source, editing.LINK_FIELD[linker]))
    target_id = str(action.get("id"))
    linked = target_id not in links
    links = [*links, target_id] if linked else [x for x in links if x != target_id]
    saved = editor_state.apply(canvas_id, lambda c: editing.update_item(
        c, linker, source.id, **{editing.LINK_FIELD[linker]: links}))
    if saved is not None:
        item = _item(saved, target, target_id)
        key = "board.linked" if linked else "board.unlinked"
        editor_state.board_notice(canvas_id, t(key, text=item.text if item else ""),
                                  announce=True, quote=item.text if item else None)


def _compare_start(canvas_id: str, page: str, action: dict) -> None:
    section = _section(action)
    canvas = editor_state.seen_canvas(canvas_id)
    if section not in SCORE_FIELD or canvas is None:
        return
    ids = [item.id for _, item in ranked(canvas.section(section))]
    if len(ids) >= 2:
        editor_state.set_compare(canvas_id, page, {"section": section, "ids": ids, "answers": {}})


def _answer(canvas_id: str, page: str, action: dict) -> None:
    state = editor_state.get_compare(canvas_id, page)
    choice = action.get("choice")
    if not state or choice not in ("left", "right", "same"):
        return
    question = compare.next_question(state["ids"], state["answers"])
    if question is None or action.get("step") != question.asked:
        return  # a second key press for a question already answered
    state = {**state, "answers": compare.record(state["answers"], question, choice)}
    editor_state.set_compare(canvas_id, page, state)


def _compare_cancel(canvas_id: str, page: str, action: dict) -> None:
    editor_state.set_compare(canvas_id, page, None)


def _compare_accept(canvas_id: str, page: str, action: dict) -> None:
    t = session.t()
    state = editor_state.get_compare(canvas_id, page)
    if not state or compare.next_question(state["ids"], state["answers"]) is not None:
        return
    section = state["section"]
    groups = compare.result(state["ids"], state["answers"])
    scores = compare.propose_scores(groups)
    result = {}

    def change(c):
        result["before"] = editing.section_snapshot(c, section)
        return editing.apply_order(c, section, groups, scores)

    if editor_state.apply(canvas_id, change) is not None:
        editor_state.set_compare(canvas_id, page, None)
        editor_state.remember_undo(canvas_id, page, ("order", section, result["before"]))
        editor_state.board_notice(canvas_id, t("board.compare.applied",
                                               section=t(f"section.{section}")),
                                  undo=True, announce=True)


def _spread(canvas_id: str, page: str, action: dict) -> None:
    """Spread a squeezed section's scores along its order (the lane's offer), undoable."""
    t = session.t()
    section = _section(action)
    if section not in SCORE_FIELD:
        return
    result = {}

    def change(c):
        result["before"] = editing.section_snapshot(c, section)
        return editing.apply_order(c, section, *ranking.spread(c.section(section)))

    if editor_state.apply(canvas_id, change) is not None:
        editor_state.remember_undo(canvas_id, page, ("order", section, result["before"]))
        editor_state.board_notice(canvas_id, t("board_layout.spread.applied",
                                               section=t(f"section.{section}")),
                                  undo=True, announce=True)


_HANDLERS = {
    "add": _add, "paste": _paste, "paste_add": _paste_add, "paste_cancel": _paste_cancel,
    "move": _move, "open": _open, "close": _close, "update": _update, "delete": _delete,
    "undo": _undo, "dismiss": _dismiss, "show": _show, "refused": _refused,
    "toggle_link": _toggle_link,
    "compare_start": _compare_start, "answer": _answer, "compare_cancel": _compare_cancel,
    "compare_accept": _compare_accept, "spread": _spread,
}
