"""Edits to a canvas as pure functions: canvas in, new validated canvas out.

The editor pages, the value map and the tests all change canvases through here, so every
change is validated by the same models before it can be saved, and undo works the same way
everywhere. Functions never mutate their input (pydantic models are shared across reruns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from canvas.fileformat.models import (
    ITEM_MODEL,
    SCORE_FIELD,
    SECTIONS,
    VALUE_MAP_MODEL,
    Canvas,
    Persona,
)
from canvas.fileformat.validation import CanvasFileError, problems_from_validation_error
from canvas.ranking import rules as ranking

ID_PREFIX = {"jobs": "j", "pains": "p", "gains": "g", "products": "s",
             "pain_relievers": "r", "gain_creators": "c"}
LINK_FIELD = {"pain_relievers": "relieves", "gain_creators": "creates"}
LINK_TARGET = {"pain_relievers": "pains", "gain_creators": "gains"}


def validated(canvas: Canvas) -> Canvas:
    """Re-run every model rule; model_copy() alone does not validate."""
    try:
        return Canvas.model_validate(canvas.model_dump())
    except ValidationError as exc:
        raise CanvasFileError(canvas.title, problems_from_validation_error(exc)) from None


def replace_section(canvas: Canvas, section: str, items: list) -> Canvas:
    if section in SECTIONS:
        return canvas.model_copy(update={section: items})
    value_map = canvas.value_map.model_copy(update={section: items})
    return canvas.model_copy(update={"value_map": value_map})


def new_item_id(canvas: Canvas, section: str) -> str:
    return _new_item_ids(canvas, section, 1)[0]


def _new_item_ids(canvas: Canvas, section: str, count: int) -> list[str]:
    """``count`` fresh ids, the same ones ``count`` calls of add_item would give."""
    prefix = ID_PREFIX[section]
    used = canvas.all_ids()
    numbers = [int(m.group(1)) for i in used if (m := re.fullmatch(rf"{prefix}(\d+)", i))]
    candidate = max(numbers, default=0) + 1
    new: list[str] = []
    while len(new) < count:
        if f"{prefix}{candidate}" not in used:
            new.append(f"{prefix}{candidate}")
        candidate += 1
    return new


def _new_item(canvas: Canvas, section: str, index: int, data: dict):
    """Validate one item, naming the position it will take in the section if it fails."""
    model = ITEM_MODEL.get(section) or VALUE_MAP_MODEL[section]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc)
        raise CanvasFileError(canvas.title, [
            type(p)(f"{section}[{index}].{p.path}".rstrip("."), p.code, p.params)
            for p in problems]) from None


def add_item(canvas: Canvas, section: str, text: str, **fields) -> tuple[Canvas, str]:
    """Append an item; profile items need ``kind`` and their score field."""
    new, ids = add_items(canvas, section, [text], **fields)
    return new, ids[0]


def add_items(canvas: Canvas, section: str, texts: list[str],
              **fields) -> tuple[Canvas, list[str]]:
    """Append several items sharing ``fields`` (a paste), validated once; ids in order.

    Either all of them are added or none: the first invalid text raises with its path.
    """
    ids = _new_item_ids(canvas, section, len(texts))
    start = len(canvas.section(section))
    items = [_new_item(canvas, section, start + n, {"id": item_id, "text": text, **fields})
             for n, (item_id, text) in enumerate(zip(ids, texts, strict=True))]
    return validated(replace_section(canvas, section, [*canvas.section(section), *items])), \
        ids


def update_item(canvas: Canvas, section: str, item_id: str, **changes) -> Canvas:
    items = list(canvas.section(section))
    for index, item in enumerate(items):
        if item.id == item_id:
            unknown = set(changes) - set(type(item).model_fields)
            if unknown:
                raise ValueError(f"{type(item).__name__} has no field {sorted(unknown)}")
            items[index] = item.model_copy(update=changes)
            return validated(replace_section(canvas, section, items))
    raise KeyError(item_id)


@dataclass(frozen=True)
class Deleted:
    """Everything needed to undo one delete, including links it cut."""

    section: str
    index: int
    item: object
    cut_links: dict[str, int] = field(default_factory=dict)  # linker id -> link position


def delete_item(canvas: Canvas, section: str, item_id: str) -> tuple[Canvas, Deleted]:
    items = list(canvas.section(section))
    index = next((i for i, item in enumerate(items) if item.id == item_id), None)
    if index is None:
        raise KeyError(item_id)
    removed = items.pop(index)
    canvas = replace_section(canvas, section, items)
    cut: dict[str, int] = {}
    for linker, target in LINK_TARGET.items():
        if target != section:
            continue
        link_field = LINK_FIELD[linker]
        new_linkers = []
        for entry in canvas.section(linker):
            links = getattr(entry, link_field)
            if item_id in links:
                cut[entry.id] = links.index(item_id)
                entry = entry.model_copy(update={link_field: [x for x in links if x != item_id]})
            new_linkers.append(entry)
        canvas = replace_section(canvas, linker, new_linkers)
    return validated(canvas), Deleted(section, index, removed, cut)


def undo_delete(canvas: Canvas, deleted: Deleted) -> Canvas:
    """Put the item back where it was and restore the links its deletion cut."""
    items = list(canvas.section(deleted.section))
    item = deleted.item
    if item.id in canvas.all_ids():
        item = item.model_copy(update={"id": new_item_id(canvas, deleted.section)})
    items.insert(min(deleted.index, len(items)), item)
    canvas = replace_section(canvas, deleted.section, items)
    for linker in LINK_TARGET:
        if LINK_TARGET[linker] != deleted.section:
            continue
        link_field = LINK_FIELD[linker]
        entries = []
        for entry in canvas.section(linker):
            if entry.id in deleted.cut_links:
                links = list(getattr(entry, link_field))
                links.insert(deleted.cut_links[entry.id], item.id)
                entry = entry.model_copy(update={link_field: links})
            entries.append(entry)
        canvas = replace_section(canvas, linker, entries)
    return validated(canvas)


def move_item(canvas: Canvas, section: str, item_id: str, direction: int) -> Canvas:
    """One place up (negative) or down in the shown order, by the rule of :func:`shift_item`."""
    return shift_item(canvas, section, item_id, -1 if direction < 0 else 1)[0]


def drop_item(canvas: Canvas, section: str, item_id: str,
              to_index: int) -> tuple[Canvas, ranking.Drop]:
    """Drag and drop on the board: see :func:`canvas.ranking.rules.drop` for the score rule.

    Value-map sections have no score: their items move by list position and the Drop
    reports both scores as 0, so the board calls this for every section alike.
    """
    result = ranking.drop(list(canvas.section(section)), item_id, to_index)
    return validated(replace_section(canvas, section, result.items)), result


def shift_item(canvas: Canvas, section: str, item_id: str,
               delta: int) -> tuple[Canvas, ranking.Drop]:
    """Keyboard move by ``delta`` places (negative is up), clamped at the ends."""
    result = ranking.shift(list(canvas.section(section)), item_id, delta)
    return validated(replace_section(canvas, section, result.items)), result


def section_snapshot(canvas: Canvas, section: str) -> tuple[tuple[str, int], ...]:
    """What undoing a reorder needs: ``((id, score), ...)`` in stored order.

    Value-map items have no score and are recorded with 0.
    """
    score_name = SCORE_FIELD.get(section)
    return tuple((item.id, getattr(item, score_name) if score_name else 0)
                 for item in canvas.section(section))


def restore_snapshot(canvas: Canvas, section: str,
                     snapshot: tuple[tuple[str, int], ...]) -> Canvas:
    """Undo reorders since ``snapshot`` without undoing anything else.

    Items still present get back their old score and old relative order; every other
    field keeps its current value. Items added since the snapshot stay right after the
    item they follow now in the stored order (or first if none precedes them), so a note
    appended at the end stays at the end. Items deleted since stay deleted.
    """
    old_scores = dict(snapshot)
    current = list(canvas.section(section))
    present = {item.id: item for item in current}
    score_name = SCORE_FIELD.get(section)
    restored = []
    for item_id, score in snapshot:
        item = present.get(item_id)
        if item is None:
            continue
        if score_name and getattr(item, score_name) != score:
            item = item.model_copy(update={score_name: score})
        restored.append(item)
    followers: dict[str | None, list] = {}
    anchor = None
    for item in current:
        if item.id in old_scores:
            anchor = item.id
        else:
            followers.setdefault(anchor, []).append(item)
    items = list(followers.get(None, []))
    for item in restored:
        items.append(item)
        items.extend(followers.get(item.id, []))
    return validated(replace_section(canvas, section, items))


def apply_order(canvas: Canvas, section: str, groups: list[list[str]],
                scores: dict[str, int]) -> Canvas:
    """Accept a "rank by comparing" result: stored order is ``groups`` top first.

    Each id in ``groups`` gets its score from ``scores`` (an id missing there keeps its
    score). Ids no longer in the section (deleted meanwhile) are skipped; items not in
    ``groups`` (added meanwhile) follow, in their current order and with their scores.
    Value-map sections can be ordered too, but take no scores.
    """
    score_name = SCORE_FIELD.get(section)
    if score_name is None and scores:
        raise ValueError(f"{section} has no score")
    order = [item_id for group in groups for item_id in group]
    if len(order) != len(set(order)):
        raise ValueError("an id appears twice in the groups")
    present = {item.id: item for item in canvas.section(section)}
    items = []
    for item_id in order:
        item = present.pop(item_id, None)
        if item is None:
            continue
        if item_id in scores:
            item = item.model_copy(update={score_name: scores[item_id]})
        items.append(item)
    items.extend(present.values())
    return validated(replace_section(canvas, section, items))


def update_segment(canvas: Canvas, **changes) -> Canvas:
    return validated(canvas.model_copy(update={"segment": canvas.segment.model_copy(
        update=changes)}))


def update_persona(canvas: Canvas, **changes) -> Canvas:
    persona = canvas.segment.persona or Persona()
    persona = persona.model_copy(update=changes)
    return update_segment(canvas, persona=None if persona.is_empty() else persona)

