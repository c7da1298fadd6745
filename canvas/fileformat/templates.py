"""Example canvases a learner can start from.

Each template is an ordinary canvas file, one per language, under
``assets/templates/<lang>/<slug>.json``; the same slug has the same item ids, kinds,
scores, statuses and links in every language, only the words differ. The value map of
every template leaves one or two top-ranked pains or gains unaddressed on purpose, so a
workshop can discuss what the fit view shows.

``assets/templates/index.json`` lists the slugs in display order with a one-line
description per language::

    {"templates": [{"slug": "gym-membership", "description": {"en": "...", "fr": "..."}}]}

A template missing in the requested language falls back to English. Loading a template
returns a new canvas (fresh id, revision 0, current timestamps) that can be saved as the
learner's own; the files on disk are never changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from canvas.fileformat.models import Canvas, new_canvas_id, utc_now
from canvas.fileformat.validation import parse_canvas
from canvas.i18n import DEFAULT_LANGUAGE, LANGUAGES

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "assets" / "templates"
INDEX_FILE = TEMPLATES_DIR / "index.json"


@dataclass(frozen=True)
class TemplateInfo:
    slug: str
    title: str          # the canvas title, in the requested language
    description: str    # one line: what situation the template shows


@cache
def _index() -> tuple[tuple[str, dict[str, str]], ...]:
    """``((slug, {language: description}), ...)`` in display order."""
    data = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
    return tuple((entry["slug"], dict(entry["description"])) for entry in data["templates"])


def _descriptions(slug: str) -> dict[str, str]:
    for known, descriptions in _index():
        if known == slug:
            return descriptions
    raise KeyError(slug)


def _path(slug: str, language: str) -> Path:
    """The file for ``slug`` in ``language``, or the English one when it is missing.

    Only slugs from the index are accepted, so a slug can never point outside the folder.
    """
    _descriptions(slug)
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    path = TEMPLATES_DIR / language / f"{slug}.json"
    if not path.is_file():
        path = TEMPLATES_DIR / DEFAULT_LANGUAGE / f"{slug}.json"
    return path


@cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


def _parse(slug: str, language: str) -> Canvas:
    path = _path(slug, language)
    source = f"{path.parent.name}/{path.name}"
    # A fresh parse each time: callers get their own objects to edit.
    return parse_canvas(_read(path), source=source)


def list_templates(language: str) -> list[TemplateInfo]:
    """Every template, with its title and description in ``language`` (else English)."""
    infos = []
    for slug, descriptions in _index():
        canvas = _parse(slug, language)
        description = descriptions.get(language) or descriptions.get(DEFAULT_LANGUAGE, "")
        infos.append(TemplateInfo(slug=slug, title=canvas.title, description=description))
    return infos


def load_template(slug: str, language: str) -> Canvas:
    """A new canvas copied from the template: fresh id, revision 0, current timestamps.

    Raises ``KeyError`` for an unknown slug. A language without this template gets the
    English version (its ``language`` field then says ``en``).
    """
    canvas = _parse(slug, language)
    now = utc_now()
    return canvas.model_copy(update={"id": new_canvas_id(), "revision": 0,
                                     "created_at": now, "updated_at": now})
