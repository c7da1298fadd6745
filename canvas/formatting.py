"""Dates and numbers as each of our languages writes them, through Babel's CLDR data.

A learner in Kyiv reads 22.11.2026 and "32 767", one in Leeds 22/11/2026 and "32,767",
one in Paris "73 %" with a non-breaking space. Hand-written patterns (``%Y-%m-%d %H:%M``,
``"{:.0f} %"``) got each of these wrong somewhere, so every date, time, percentage and
large number shown to a user goes through here. Plain functions of a language code
(en, fr, nl, uk), usable without Streamlit.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from babel import Locale
from babel.dates import format_skeleton, format_timedelta
from babel.dates import format_time as format_time_babel
from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_percent
from babel.units import format_unit

from canvas.i18n import native_digits

#: What a list of user items is joined with for a reader: Arabic and Persian separate
#: with the Arabic comma (and, where a list of notes that may hold commas is set apart
#: by semicolons, the Arabic semicolon). Babel's own ``format_list`` would add "and"
#: ("a وb وc" in Arabic, none of the commas; its "unit" style repeats the last item),
#: where we list values, brands or names, not a sentence, so it is this small table.
LIST_SEPARATORS = {",": {"ar": "، ", "fa": "، "}, ";": {"ar": "؛ ", "fa": "؛ "}}

#: The country each language is spoken in at our workshops: the UK, France, the
#: Netherlands (Belgian Dutch writes dates the same way) and Ukraine; Arabic and Persian
#: as their base locales write them (Arabic with 0-9, Persian with its own digits, which
#: Babel leaves to us: see :func:`canvas.i18n.native_digits`).
LOCALES = {"en": "en_GB", "fr": "fr_FR", "nl": "nl_NL", "uk": "uk_UA", "ar": "ar", "fa": "fa"}


def _locale(language: str) -> str:
    return LOCALES.get(language, LOCALES["en"])


def _native(function):
    """Write the result of a formatting function in the language's own digits."""
    def wrapped(*args, **kwargs):
        language = kwargs.get("language", args[1] if len(args) > 1 else "en")
        return native_digits(function(*args, **kwargs), language)
    wrapped.__name__, wrapped.__doc__ = function.__name__, function.__doc__
    return wrapped


@_native
def format_date(when: datetime, language: str) -> str:
    """Day, month and a four-digit year: 22/11/2026, 22-11-2026, 22.11.2026."""
    return format_skeleton("yMd", when, locale=_locale(language))


def date_input_format(language: str) -> str:
    """How a date field is typed in the language, as Streamlit's date input spells it:
    the order and separator of the language's short date (DD/MM/YYYY, DD-MM-YYYY,
    DD.MM.YYYY), always with a four-digit year."""
    pattern = Locale.parse(_locale(language)).date_formats["short"].pattern
    order = "".join(dict.fromkeys(c for c in pattern if c in "dMy"))
    separator = next((c for c in pattern if c in "/-."), "/")
    parts = {"d": "DD", "M": "MM", "y": "YYYY"}
    if not re.fullmatch(r"dMy|Mdy|yMd", order):
        order = "dMy"
    return separator.join(parts[c] for c in order)


@_native
def format_datetime(when: datetime, language: str) -> str:
    """Date and time to the minute, in the time zone ``when`` carries (UTC for stored
    canvases): 22/11/2026, 10:05 or 22/11/2026 10:05."""
    locale = _locale(language)
    pattern = Locale.parse(locale).datetime_formats["short"]
    return pattern.replace("{1}", format_date(when, language)).replace(
        "{0}", format_time_babel(when, "short", tzinfo=when.tzinfo, locale=locale))


@_native
def format_time(when: datetime, language: str) -> str:
    """The time to the second, as a "saved at" note shows it: 10:05:09."""
    return format_time_babel(when, "medium", tzinfo=when.tzinfo, locale=_locale(language))


@_native
def format_percent(value: float, language: str) -> str:
    """``value`` in percent (0 to 100), rounded to a whole number: 73%, 73 %."""
    return babel_percent(round(value) / 100, locale=_locale(language),
                         numbering_system="default")


@_native
def format_number(value: float, language: str) -> str:
    """A whole number with the language's digit grouping: 32,767, 32 767, 32.767."""
    return format_decimal(round(value), locale=_locale(language), numbering_system="default")


@_native
def format_size(size: int, language: str) -> str:
    """A number of bytes as the language writes it, in the unit that reads right: 2 MB,
    1,5 Mo, 512 кБ (a limit under 1 MB used to read "0 MB"). Megabytes are 1024 x 1024
    bytes, as the limits are counted."""
    locale = _locale(language)
    for unit, scale in (("digital-megabyte", 1024 * 1024), ("digital-kilobyte", 1024)):
        if size >= scale:
            return format_unit(round(size / scale, 1), unit, length="short",
                               format="#,##0.#", locale=locale,
                               numbering_system="default")
    return format_unit(size, "digital-byte", length="short", locale=locale,
                       numbering_system="default")


class ByteSize(int):
    """A size in bytes given to a message: written with :func:`format_size` in the
    reader's language when the message is made (see ``StoreError.message``)."""

    def formatted(self, language: str) -> str:
        return format_size(int(self), language)


@_native
def format_ago(when: datetime, language: str, now: datetime | None = None) -> str:
    """How long ago, as each language says it: "2 minutes ago", "il y a 2 minutes",
    "2 хвилини тому". A moment in the future (a clock slightly ahead) reads as now."""
    now = now or datetime.now(UTC)
    delta = min(when - now, timedelta(seconds=-1))  # never in the future
    return format_timedelta(delta, add_direction=True, threshold=1,
                            locale=_locale(language))


def format_list(items, language: str, between: str = ",") -> str:
    """Items for a reader of ``language``: "a, b, c", in Arabic and Persian "a، b، c";
    ``between=";"`` for notes that may hold commas: "a; b", "a؛ b". The items are left
    as they are (a user's own text keeps its digits)."""
    return LIST_SEPARATORS[between].get(language, between + " ").join(items)
