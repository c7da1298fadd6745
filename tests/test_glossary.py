"""Issue 21.12: one word per concept in each language, and Undo never shares its word with
Cancel. The glossary (canvas/locales/glossary.json) says which words name each concept
and which may never appear; every catalog string of the language must follow it."""

from __future__ import annotations

import json
import re

import pytest

from canvas.i18n import LANGUAGES, LOCALES_DIR, catalog

GLOSSARY = json.loads((LOCALES_DIR / "glossary.json").read_text(encoding="utf-8"))
CONCEPTS = GLOSSARY["concepts"]


def _pattern(forms: list[str]) -> re.Pattern | None:
    if not forms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{f})" for f in forms) + ")",
                      re.IGNORECASE)


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _strings(language: str) -> dict[str, str]:
    """The catalog's texts without their placeholders ({jobs} names no concept)."""
    return {key: _PLACEHOLDER.sub(" ", text) for key, text in catalog(language).items()
            if isinstance(text, str)}


def test_the_glossary_covers_every_language_and_is_not_a_catalog():
    # Beside the language folders, so it is never loaded as a catalog.
    assert all(not catalog(language).keys() & GLOSSARY.keys() for language in LANGUAGES)
    for name, concept in CONCEPTS.items():
        assert set(LANGUAGES) <= set(concept), name
        for language in LANGUAGES:
            assert concept[language]["use"], (name, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalog_string_uses_a_forbidden_word_for_a_concept(language):
    found = []
    for name, concept in CONCEPTS.items():
        never = _pattern(concept[language]["never"])
        if never is None:
            continue
        for key, text in _strings(language).items():
            if (match := never.search(text)) is not None:
                found.append((name, key, match.group(0), text))
    assert found == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_strings_that_name_a_concept_use_its_word(language):
    strings = _strings(language)
    wrong = []
    for name, concept in CONCEPTS.items():
        use = _pattern(concept[language]["use"])
        for key in concept["keys"]:
            assert key in strings, (language, key)
            if not use.search(strings[key]):
                wrong.append((name, key, strings[key]))
        for other in concept.get("distinct_from", []):
            theirs = _pattern(CONCEPTS[other][language]["use"])
            for key in concept["keys"]:
                if (match := theirs.search(strings[key])) is not None:
                    wrong.append((name, key, f"uses {other}'s word {match.group(0)!r}"))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_undo_and_cancel_never_share_a_word(language):
    strings = _strings(language)
    undo = {strings[k].strip(".! ").casefold() for k in ("profile.undo", "live.vote.undo")}
    cancel = {strings["board.compare.cancel"].strip(".! ").casefold()}
    assert len(undo) == 1 and not undo & cancel
    assert not _pattern(CONCEPTS["cancel"][language]["use"]).search(next(iter(undo)))
