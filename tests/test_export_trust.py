"""Issue 20, points 17 to 19: exports and files a facilitator can trust."""

from __future__ import annotations

import json

import pytest

from canvas.i18n import Translator
from canvas.models import blank_canvas
from canvas.validation import CanvasFileError, parse_canvas


# -- 19: a file's format version written as text -------------------------------------------
def _file(**changes) -> bytes:
    raw = json.loads(blank_canvas("Nurses").to_json())
    raw.update(changes)
    return json.dumps(raw).encode()


@pytest.mark.parametrize(("language", "sentence"), [
    ("en", 'nurses.json: schema_version: must be a whole number from 1 to 2, not the text "1".'),
    ("fr", "nurses.json: schema_version: doit être un nombre entier de 1 à 2, "
           'et non le texte "1".'),
    ("uk", 'nurses.json: schema_version: має бути цілим числом від 1 до 2, '
           'а не текстом "1".'),
])
def test_schema_version_as_text_says_what_is_wrong(language, sentence):
    with pytest.raises(CanvasFileError) as info:
        parse_canvas(_file(schema_version="1"), "nurses.json")
    assert info.value.lines(Translator(language)) == [sentence]
    assert "allowed values" not in info.value.summary(Translator("en"))


def test_schema_version_one_and_two_as_numbers_are_accepted_other_types_named():
    assert parse_canvas(_file(schema_version=1)).schema_version == 2
    assert parse_canvas(_file(schema_version=2)).schema_version == 2
    with pytest.raises(CanvasFileError) as info:
        parse_canvas(_file(schema_version=1.5), "x.json")
    assert info.value.lines(Translator("en")) == [
        "x.json: schema_version: must be a whole number from 1 to 2, not 1.5."]
