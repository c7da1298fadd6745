"""Translation catalogs and the one function every visible string goes through.

Catalogs live in ``canvas/locales/<lang>/<area>.json`` as flat ``{"area.key": "text"}``
maps. Splitting by area lets parts of the product (coach, figures, export...) own their
strings without editing one giant file; keys must still be unique across areas.
Plural strings use suffixed keys (``.one``, ``.other``, for Ukrainian also ``.few`` and
``.many``, for Arabic also ``.zero`` and ``.two``) chosen by :func:`plural_form`.
"""

from __future__ import annotations

import json
import string
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "fr", "nl", "uk", "ar", "fa")
#: Written right to left: the page, the board and every export turn around for them.
RTL_LANGUAGES = frozenset({"ar", "fa"})
#: Shown in the language switcher; each name is written in its own language.
LANGUAGE_LABELS = {
    "en": "🇬🇧 English",
    "fr": "🇫🇷 Français",
    "nl": "🇳🇱 Nederlands",
    "uk": "🇺🇦 Українська",
    "ar": "العربية",
    "fa": "فارسی",
}
PLURAL_FORMS = {"en": ("one", "other"), "fr": ("one", "other"), "nl": ("one", "other"),
                "uk": ("one", "few", "many", "other"),
                "ar": ("zero", "one", "two", "few", "many", "other"), "fa": ("one", "other")}


#: Digits a language writes by default when they are not 0-9 (CLDR's default numbering
#: system: Persian writes ۰-۹; Arabic's base locale, like every other language of ours,
#: writes 0-9). Counts given to a message and Babel's numbers and dates go through it.
NATIVE_DIGITS = {"fa": "۰۱۲۳۴۵۶۷۸۹"}


def native_digits(text: str, language: str) -> str:
    """``text`` with 0-9 written in the language's own digits (unchanged for most)."""
    digits = NATIVE_DIGITS.get(language)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def text_direction(language: str) -> str:
    """``"rtl"`` for Arabic and Persian, ``"ltr"`` for the others (HTML's ``dir``)."""
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def plural_form(language: str, n: int) -> str:
    """CLDR cardinal rules for whole numbers in our languages (fa, like fr: one is 0 and 1)."""
    n = abs(int(n))
    if language in ("fr", "fa"):
        return "one" if n in (0, 1) else "other"
    if language == "ar":
        if n in (0, 1, 2):
            return ("zero", "one", "two")[n]
        if 3 <= n % 100 <= 10:
            return "few"
        if 11 <= n % 100 <= 99:
            return "many"
        return "other"
    if language == "uk":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "one" if n == 1 else "other"


@cache
def catalog(language: str) -> dict[str, str]:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    merged: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        clash = merged.keys() & data.keys()
        if clash:
            raise ValueError(f"{path}: keys defined twice: {sorted(clash)[:5]}")
        merged.update(data)
    return merged


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translate(key: str, language: str = DEFAULT_LANGUAGE, /, **params) -> str:
    """Return the text for ``key``; fall back to English, then to the key itself.

    A missing placeholder never raises: a half-translated string is better on screen than
    a crash in front of a room, and the catalog test catches the gap anyway.
    """
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    text = catalog(language).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    if params:
        if language in NATIVE_DIGITS:
            params = {name: native_digits(str(value), language)
                      if isinstance(value, int | float) and not isinstance(value, bool)
                      else value for name, value in params.items()}
        text = string.Formatter().vformat(text, (), _SafeDict(params))
    return text


def translate_plural(key: str, n: int, language: str = DEFAULT_LANGUAGE, /, **params) -> str:
    form = plural_form(language, n)
    cat = catalog(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    full = f"{key}.{form}"
    if full not in cat:
        full = f"{key}.other"
    return translate(full, language, n=n, **params)


class Translator:
    """A translate function bound to one language, handed to pages and builders."""

    def __init__(self, language: str = DEFAULT_LANGUAGE):
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, /, **params) -> str:
        return translate(key, self.language, **params)

    def plural(self, key: str, n: int, /, **params) -> str:
        return translate_plural(key, n, self.language, **params)

    def has(self, key: str) -> bool:
        return key in catalog(self.language) or key in catalog(DEFAULT_LANGUAGE)


def get_translator(language: str | None = None) -> Translator:
    return Translator(language or DEFAULT_LANGUAGE)
