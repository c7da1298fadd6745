"""Edits to a canvas as pure functions: canvas in, new validated canvas out.

The editor pages, the value map and the tests all change canvases through here, so every
change is validated by the same models before it can be saved, and undo works the same way
everywhere. Functions never mutate their input (pydantic models are shared across reruns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from canvas.models import (
    ITEM_MODEL,
    SCORE_FIELD,
    SECTIONS,
    VALUE_MAP_MODEL,
    Canvas,
)
from canvas.ranking import move_among_equals
from canvas.validation import CanvasFileError, problems_from_validation_error

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


def _replace_section(canvas: Canvas, section: str, items: list) -> Canvas:
    if section in SECTIONS:
        return canvas.model_copy(update={section: items})
    value_map = canvas.value_map.model_copy(update={section: items})
    return canvas.model_copy(update={"value_map": value_map})


def new_item_id(canvas: Canvas, section: str) -> str:
    prefix = ID_PREFIX[section]
    used = canvas.all_ids()
    numbers = [int(m.group(1)) for i in used if (m := re.fullmatch(rf"{prefix}(\d+)", i))]
    candidate = max(numbers, default=0) + 1
    while f"{prefix}{candidate}" in used:
        candidate += 1
    return f"{prefix}{candidate}"


def add_item(canvas: Canvas, section: str, text: str, **fields) -> tuple[Canvas, str]:
    """Append an item; profile items need ``kind`` and their score field."""
    model = ITEM_MODEL.get(section) or VALUE_MAP_MODEL[section]
    item_id = new_item_id(canvas, section)
    data = {"id": item_id, "text": text, **fields}
    try:
        item = model.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc)
        raise CanvasFileError(canvas.title, [
            type(p)(f"{section}[{len(canvas.section(section))}].{p.path}".rstrip("."),
                    p.code, p.params) for p in problems]) from None
    return validated(_replace_section(canvas, section, [*canvas.section(section), item])), \
        item_id


def update_item(canvas: Canvas, section: str, item_id: str, **changes) -> Canvas:
    items = list(canvas.section(section))
    for index, item in enumerate(items):
        if item.id == item_id:
            unknown = set(changes) - set(type(item).model_fields)
            if unknown:
                raise ValueError(f"{type(item).__name__} has no field {sorted(unknown)}")
            items[index] = item.model_copy(update=changes)
            return validated(_replace_section(canvas, section, items))
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
    canvas = _replace_section(canvas, section, items)
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
        canvas = _replace_section(canvas, linker, new_linkers)
    return validated(canvas), Deleted(section, index, removed, cut)


def undo_delete(canvas: Canvas, deleted: Deleted) -> Canvas:
    """Put the item back where it was and restore the links its deletion cut."""
    items = list(canvas.section(deleted.section))
    item = deleted.item
    if item.id in canvas.all_ids():
        item = item.model_copy(update={"id": new_item_id(canvas, deleted.section)})
    items.insert(min(deleted.index, len(items)), item)
    canvas = _replace_section(canvas, deleted.section, items)
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
        canvas = _replace_section(canvas, linker, entries)
    return validated(canvas)


def move_item(canvas: Canvas, section: str, item_id: str, direction: int) -> Canvas:
    """Profile items move among equal scores; value-map items move freely."""
    items = list(canvas.section(section))
    if section in SCORE_FIELD:
        return validated(_replace_section(canvas, section,
                                          move_among_equals(items, item_id, direction)))
    index = next(i for i, item in enumerate(items) if item.id == item_id)
    other = index + (-1 if direction < 0 else 1)
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    return validated(_replace_section(canvas, section, items))


def update_segment(canvas: Canvas, **changes) -> Canvas:
    return validated(canvas.model_copy(update={"segment": canvas.segment.model_copy(
        update=changes)}))


def update_persona(canvas: Canvas, **changes) -> Canvas:
    from canvas.models import Persona

    persona = canvas.segment.persona or Persona()
    persona = persona.model_copy(update=changes)
    return update_segment(canvas, persona=None if persona.is_empty() else persona)

