"""What the board shows: a canvas turned into the plain data the board component draws.

Pure (no Streamlit): the component (assets/board/board.js) only draws what this module
says, so every label is translated here and tests can check a board's content exactly.
User text travels as plain strings; the component puts it on the page with textContent.

Closed notes carry only what a note shows (rank, text, score, kind, status, frequency,
links); the fields of an editor are sent for the one open note. On a 150-item canvas that
keeps the board's message to about 45 kB, sent again after every change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from canvas.evidence.cards import strongest_evidence
from canvas.fileformat.models import (
    GAIN_KINDS,
    JOB_KINDS,
    PAIN_KINDS,
    SCORE_FIELD,
    SECTIONS,
    STATUSES,
    VALUE_MAP_SECTIONS,
    Canvas,
)
from canvas.formatting import format_list, format_percent
from canvas.i18n import Translator, native_digits
from canvas.ranking import compare
from canvas.ranking.fit import fit_report
from canvas.ranking.rules import rank_map, ranked, squeezed

KINDS = {"jobs": JOB_KINDS, "pains": PAIN_KINDS, "gains": GAIN_KINDS}
KIND_PREFIX = {"jobs": "job", "pains": "pain", "gains": "gain"}
STATUS_MARK = {"assumption": "?", "validated": "✓", "invalidated": "✗"}
LINK_FIELD = {"pain_relievers": "relieves", "gain_creators": "creates"}
LINK_TARGET = {"pain_relievers": "pains", "gain_creators": "gains"}


@dataclass(frozen=True)
class View:
    """What one session sees on top of the canvas: open notes, a notice, a dialog."""

    open: dict[str, str] = field(default_factory=dict)   # section -> open item id
    active: str | None = None                             # section shown first on a phone
    notice: dict | None = None
    compare: dict | None = None
    paste: dict | None = None
    focus: dict | None = None
    restore: dict | None = None                           # section -> text for its add box
    readonly: bool = False
    ack: dict = field(default_factory=dict)                # board client -> last action applied


def kind_label(t: Translator, section: str, kind: str) -> str:
    return t(f"kind.{KIND_PREFIX[section]}.{kind}")


def _labels(t: Translator) -> dict:
    return {"text": t("board.field.text"), "notes": t("board.field.notes"),
            "delete": t("board.delete"), "done": t("board.done"),
            "editing": t("board.editing"), "dismiss": t("board.dismiss"),
            "pending": t("board.pending"), "saving": t("board.saving")}


def _score_label(t: Translator, section: str, score: int) -> str:
    return t("board.score", name=t(f"score.{SCORE_FIELD[section]}"), score=score)


def _profile_choices(t: Translator, section: str, item) -> list[dict]:
    score_field = SCORE_FIELD[section]
    choices = [
        {"field": "kind", "label": t("profile.kind"), "style": "select",
         "options": [[k, kind_label(t, section, k)] for k in KINDS[section]], "value": item.kind},
        {"field": score_field, "label": t(f"score.{score_field}"), "style": "segmented",
         "options": [[v, native_digits(str(v), t.language), t(f"score.level.{v}")]
                     for v in range(1, 6)],
         "value": getattr(item, score_field)},
    ]
    if section != "gains":
        choices.append({"field": "frequency", "label": t("score.frequency"), "style": "segmented",
                        "options": [[None, "–", t("profile.frequency.none")],
                                    *([v, native_digits(str(v), t.language),
                                       t(f"frequency.level.{v}")] for v in range(1, 6))],
                        "value": item.frequency})
    choices.append({"field": "status", "label": t("profile.status"), "style": "segmented",
                    "options": [[s, f"{STATUS_MARK[s]} {t(f'status.{s}')}", t(f"status.{s}.help")]
                                for s in STATUSES],
                    "value": item.status})
    return choices


def evidence_mark(t: Translator, item) -> dict | None:
    """The note's evidence in a few words ("they pay · 2 tests · 1 learning"), or None
    without any: what the learner found out shows on the board, open or closed."""
    if not item.tests and not item.learnings:
        return None
    strongest = strongest_evidence(item)
    counts = []
    if item.tests:
        counts.append(t.plural("evidence.count.tests", len(item.tests)))
    if item.learnings:
        counts.append(t.plural("evidence.count.learnings", len(item.learnings)))
    parts = ([t(f"evidence_ui.mark.{strongest}")] if strongest else []) + counts
    said = ([t(f"evidence.strength.{strongest}")] if strongest else []) + counts
    return {"text": " · ".join(parts), "aria": t("evidence_ui.mark.aria",
                                                       what=format_list(said, t.language))}


def _with_mark(t: Translator, note: dict, item) -> dict:
    mark = evidence_mark(t, item) if hasattr(item, "tests") else None
    if mark is not None:
        note["evidence"] = mark
        note["aria"] += " " + mark["aria"]
    return note


def profile_note(t: Translator, section: str, rank: int, item, *, is_open: bool = False,
                 lit: bool | None = None) -> dict:
    """``lit`` is None outside linking; True or False says whether the open reliever or
    creator answers this note (in its label too: a screen reader hears "linked")."""
    score = getattr(item, SCORE_FIELD[section])
    meta = [{"kind": "kind", "text": kind_label(t, section, item.kind)},
            {"kind": item.status,
             "text": f"{STATUS_MARK[item.status]} {t(f'status.{item.status}')}"}]
    if getattr(item, "frequency", None) is not None:
        meta.append({"kind": "frequency", "text": t("board.frequency", value=item.frequency)})
    aria = t("board.aria.profile", rank=rank, text=item.text,
             score=_score_label(t, section, score), kind=meta[0]["text"],
             status=t(f"status.{item.status}"))
    note = {"id": item.id, "rank": rank, "text": item.text, "score": score,
            "score_label": _score_label(t, section, score), "status": item.status,
            "meta": meta, "aria": aria}
    if lit is not None:
        note["aria"] += " " + t("board.aria.linked" if lit else "board.aria.not_linked")
    if lit:
        note["lit"] = True
    if is_open:
        note.update(open=True, notes=item.notes, choices=_profile_choices(t, section, item))
    return _with_mark(t, note, item)


def _link_line(t: Translator, canvas: Canvas, section: str, item, ranks: dict) -> str:
    targets = [ranks[x] for x in getattr(item, LINK_FIELD[section]) if x in ranks]
    if not targets:
        return t(f"value_map.no_links.{section}")
    numbers = native_digits(format_list((f"#{r}" for r in sorted(targets)), t.language),
                            t.language)
    return t(f"value_map.linked.{section}") + " " + numbers


def value_note(t: Translator, canvas: Canvas, section: str, number: int, item, *,
               is_open: bool = False, ranks: dict | None = None) -> dict:
    note = {"id": item.id, "rank": number, "text": item.text,
            "aria": t("board.aria.value", rank=number, text=item.text)}
    if section in LINK_FIELD:
        line = _link_line(t, canvas, section, item, ranks or {})
        note["lines"] = [line]
        note["aria"] += " " + line
    if is_open:
        note.update(open=True, notes=item.notes, selected=True)
        if section in LINK_FIELD:
            note["link_hint"] = t.plural(f"board.link_hint.{section}",
                                         len(getattr(item, LINK_FIELD[section])))
    return _with_mark(t, note, item)


def _lane(t: Translator, section: str, count: int, *, role: str = "edit", group: str = "main",
          tools: list | None = None, hint: str = "", empty_key: str = "") -> dict:
    lane = {"section": section, "title": t(f"section.{section}"), "role": role, "group": group,
            "help": t(f"section.{section}.help"),
            "count": t.plural(f"board.count.{section}", count), "hint": hint,
            "drag": role == "edit" and count > 0, "tools": tools or []}
    if empty_key:
        lane["empty"] = t(empty_key)
    if role == "edit":
        lane["add"] = {"placeholder": t(f"board.placeholder.{section}"),
                       "label": t("profile.add", item=t(f"section.{section}.item")),
                       "button": t("board.add"), "kind_label": t("profile.kind"),
                       "kinds": [[k, kind_label(t, section, k)] for k in KINDS.get(section, ())]}
    return lane


def _common(canvas: Canvas, t: Translator, view: View, layout: str) -> dict:
    # "revision": what the board shows; each action carries it back as its "base".
    data = {"layout": layout, "canvas": canvas.id, "revision": canvas.revision,
            "ack": dict(view.ack),
            "labels": _labels(t), "readonly": view.readonly,
            "notice": view.notice, "compare": view.compare, "paste": view.paste,
            "focus": view.focus, "active": view.active}
    return data


def _with_restore(lane: dict, view: View) -> dict:
    restore = (view.restore or {}).get(lane["section"])
    if restore and "add" in lane:
        lane["add"]["restore"] = restore
    return lane


def spread_offer(t: Translator, section: str, rows: list) -> dict | None:
    """The offer to spread a squeezed section's scores along its order (ranking.squeezed),
    or None while the scores still tell the notes apart."""
    score_field = SCORE_FIELD[section]
    scores = [getattr(item, score_field) for _, item in rows]
    if not squeezed(scores):
        return None
    score, shared = Counter(scores).most_common(1)[0]
    return {"action": "spread",
            "text": t.plural("board_layout.spread.text", shared,
                             name=t(f"score.{score_field}"), score=score),
            "button": t("board_layout.spread.button"), "help": t("board_layout.spread.help")}


def profile_board(canvas: Canvas, t: Translator, view: View = View()) -> dict:
    """Jobs, pains and gains side by side, each in rank order."""
    data = _common(canvas, t, view, "profile")
    data["lanes"], data["notes"] = [], {}
    for section in SECTIONS:
        rows = ranked(canvas.section(section))
        tools = [{"action": "compare_start", "label": t("board.compare"),
                  "help": t(f"board.compare.help.{section}"), "disabled": len(rows) < 2}]
        data["lanes"].append(_with_restore(_lane(
            t, section, len(rows), tools=tools, hint=t(f"board.hint.{section}"),
            empty_key=f"board.empty.{section}"), view))
        offer = spread_offer(t, section, rows)
        if offer is not None:
            data["lanes"][-1]["offer"] = offer
        open_id = view.open.get(section)
        data["notes"][section] = [profile_note(t, section, rank, item, is_open=item.id == open_id)
                                  for rank, item in rows]
    return data


def value_map_board(canvas: Canvas, t: Translator, view: View = View()) -> dict:
    """The value map's three sections beside the pains and gains they answer.

    While a pain reliever (gain creator) is open, the pains (gains) it relieves (creates)
    light up, and clicking a pain (gain) links or unlinks it.
    """
    data = _common(canvas, t, view, "value_map")
    report = fit_report(canvas)
    score = report.score
    data["groups"] = {
        "map": {"title": t("section.value_map")},
        "profile": {"title": t("board.profile_group"), "meter": {
            "label": t("fit.score"), "value": score or 0,
            "text": "–" if score is None else format_percent(score, t.language)}},
    }
    data["lanes"], data["notes"] = [], {}
    ranks = {s: rank_map(canvas.section(s)) for s in ("pains", "gains")}
    for section in VALUE_MAP_SECTIONS:
        items = canvas.section(section)
        target_ranks = ranks.get(LINK_TARGET.get(section, ""), {})
        # The value map's lanes are narrow (five side by side): their hint is in the title's
        # help; the pains and gains say what to click, and the line above the board says
        # how to order.
        lane = _lane(t, section, len(items), group="map", empty_key=f"value_map.empty.{section}")
        lane["help"] += " " + t(f"board.hint.{section}")
        data["lanes"].append(_with_restore(lane, view))
        open_id = view.open.get(section)
        data["notes"][section] = [
            value_note(t, canvas, section, number, item, is_open=item.id == open_id,
                       ranks=target_ranks)
            for number, item in enumerate(items, start=1)]
    source = next(((s, view.open[s]) for s in LINK_FIELD if view.open.get(s)), None)
    for target in ("pains", "gains"):
        linker = next(s for s, x in LINK_TARGET.items() if x == target)
        linked: set[str] = set()
        if source and source[0] == linker:
            item = next((i for i in canvas.section(linker) if i.id == source[1]), None)
            linked = set(getattr(item, LINK_FIELD[linker])) if item else set()
        active = bool(source and source[0] == linker)
        hint = t(f"board.target_hint.{target}.active" if active else f"board.target_hint.{target}")
        data["lanes"].append(_lane(t, target, len(canvas.section(target)), role="target",
                                   group="profile", hint=hint,
                                   empty_key=f"board.empty.target.{target}"))
        data["notes"][target] = [profile_note(t, target, rank, item,
                                              lit=(item.id in linked) if active else None)
                                 for rank, item in ranked(canvas.section(target))]
    return data


def compare_card(canvas: Canvas, t: Translator, section: str, ids: list[str],
                 answers: dict) -> dict:
    """The "rank by comparing" panel: the next question, or the order found and its scores."""
    items = {item.id: item for item in canvas.section(section)}
    title = t("board.compare.title", section=t(f"section.{section}"))
    question = compare.next_question(ids, answers)
    score_field = SCORE_FIELD[section]
    if question is not None:
        def side(item_id: str) -> dict:
            item = items[item_id]
            return {"text": item.text, "meta": kind_label(t, section, item.kind)}

        return {"title": title, "question": t(f"board.compare.question.{section}"),
                "left": side(question.left), "right": side(question.right),
                "step": question.asked,
                "progress": t("board.compare.progress", n=question.asked + 1,
                              most=question.at_most),
                "same": t("board.compare.same"), "cancel": t("board.compare.cancel"),
                "keys": t("board.compare.keys")}
    groups = compare.result(ids, answers)
    scores = compare.propose_scores(groups)
    rows = []
    for group in groups:
        for item_id in group:
            old, new = getattr(items[item_id], score_field), scores[item_id]
            change = (t("board.compare.keeps", score=new) if old == new
                      else t("board.compare.change", old=old, new=new))
            rows.append({"text": items[item_id].text, "change": change})
    return {"title": title, "summary": t("board.compare.summary", name=t(f"score.{score_field}")),
            "rows": rows, "accept": t("board.compare.accept"), "cancel": t("board.compare.cancel"),
            "progress": t.plural("board.compare.asked", len(answers))}


def paste_card(t: Translator, section: str, preview) -> dict:
    """The preview shown before pasted lines become notes."""
    what = t.plural(f"board.count.{section}", len(preview.texts))
    parts = [t("board.paste.summary", what=what)]
    if preview.duplicates:
        parts.append(t.plural("board.paste.duplicates", preview.duplicates))
    if preview.shortened:
        parts.append(t.plural("board.paste.shortened", preview.shortened))
    if preview.over_limit:
        parts.append(t.plural("board.paste.over_limit", preview.over_limit))
    return {"title": t("board.paste.title", section=t(f"section.{section}")),
            "summary": " ".join(parts), "texts": list(preview.texts),
            "add": t("board.paste.add", what=what), "cancel": t("board.compare.cancel")}


# -- comment badges (issue 14: the facilitator's comments) ----------------------------------
def add_comment_badges(data: dict, counts: dict[str, int], t: Translator) -> dict:
    """Give each note with unresolved comments a badge with their number, said in the
    note's label too, so a screen reader hears it with the note."""
    for notes in data["notes"].values():
        for note in notes:
            count = counts.get(note["id"], 0)
            if count:
                label = t.plural("mentor.badge", count)
                note["comments"] = {"count": count, "label": label}
                note["aria"] += " " + label
    return data
