"""Every key exists in every language, with the same placeholders and plural forms."""

import re
import string

import pytest

from canvas.i18n import LANGUAGES, PLURAL_FORMS, catalog, plural_form, translate

PLURAL_RE = re.compile(r"\.(zero|one|two|few|many|other)$")


def _base_keys(language):
    return {PLURAL_RE.sub("", key) for key in catalog(language)}


def _placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_key_in_every_language(language):
    english = _base_keys("en")
    other = _base_keys(language)
    assert sorted(english - other) == [], f"missing in {language}"
    assert sorted(other - english) == [], f"unknown keys in {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_keys_have_every_form(language):
    cat = catalog(language)
    for base in {PLURAL_RE.sub("", k) for k in cat if PLURAL_RE.search(k)}:
        for form in PLURAL_FORMS[language]:
            if language == "uk" and form == "other":
                continue  # fractions only; our counts are whole numbers
            assert f"{base}.{form}" in cat, f"{language}: {base}.{form}"


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_placeholders_match_english(language):
    """The same placeholders as English: a translation that drops {title} loses the title.

    Only ``{n}`` may be left out, in a plural form that spells the number as a word.
    """
    en, other = catalog("en"), catalog(language)
    wrong = []
    for key, text in other.items():
        ref = en.get(key) or en.get(PLURAL_RE.sub("", key) + ".other")
        assert ref is not None, key
        if _placeholders(text) - {"n"} != _placeholders(ref) - {"n"}:
            wrong.append((key, sorted(_placeholders(ref)), sorted(_placeholders(text))))
    assert wrong == []



@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_no_english_left_untranslated(language):
    """A string identical to English is a forgotten translation, unless it has no words."""
    en, other = catalog("en"), catalog(language)
    allowed = {"problem.sentence"}
    same = [k for k, v in other.items()
            if k not in allowed and v == en.get(k) and re.search(r"[A-Za-z]{4,}", v)
            and not k.startswith(("lang.", "brand."))]
    assert same == []


def test_ukrainian_plural_rules():
    assert [plural_form("uk", n) for n in (1, 2, 5, 11, 21, 22, 25, 112)] == [
        "one", "few", "many", "many", "one", "few", "many", "many"]
    assert plural_form("fr", 0) == "one" and plural_form("en", 0) == "other"


def test_arabic_plural_rules():
    assert [plural_form("ar", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103)] == [
        "zero", "one", "two", "few", "few", "many", "many", "other", "other", "few"]


def test_missing_key_falls_back_and_placeholders_never_raise():
    assert translate("no.such.key", "fr") == "no.such.key"
    assert "{file}" in translate("problem.sentence", "en", path="x", problem="y")
