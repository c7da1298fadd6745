"""Accounts for a whole room at once: the facilitator pastes names, learners get cards.

Twenty newcomers inventing usernames and passwords at the start of a session costs the
first quarter of an hour, and half of them forget what they typed. The facilitator makes
the accounts the day before instead: usernames are derived from the names (ASCII, because
they become folder names and are typed on any keyboard; Ukrainian names transliterated by
the official 2010 table, Arabic and Persian names by the common spelling of the name or,
for a name not in the list, letter by letter with the long vowels written), each with a
one-time password printed on a login card. The
learner must choose their own password at the first login: the account carries the
preference :data:`MUST_CHANGE` until they do.

Only the methods of :mod:`canvas.store.base` are used, so any backend serves. The
contract requires a unique e-mail address per account and these learners gave none, so
each gets an address under the reserved ``.invalid`` domain (RFC 6761), which can never
reach anybody and never collides with a real one.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from canvas.i18n import LANGUAGES
from canvas.store.base import AccountBackend, WorkshopBackend
from canvas.store.errors import StoreError

#: The account preference that keeps a learner on the "choose your password" screen.
MUST_CHANGE = "must_change_password"
#: Names one paste may hold (one app server accepts 60 registrations a minute).
MAX_GROUP = 40
PLACEHOLDER_DOMAIN = "learners.invalid"
USERNAME_MAX = 32
_STEM_MAX = 28  # leaves room for "-99"

# Ukrainian: the national transliteration (Cabinet of Ministers resolution 55, 2010).
# Letters that are written differently at the start of a word are in _UK_INITIAL.
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "", "ʼ": "",
    # Letters of Russian and Belarusian names that learners may bring along.
    "ы": "y", "э": "e", "ё": "io", "ъ": "", "ў": "u",
}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Latin letters that do not decompose into a base letter and an accent.
_LATIN = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
          "þ": "th", "ı": "i"}
# Arabic and Persian: the script writes no short vowels, so a letter-by-letter table gives
# "mhmd" for محمد (what anyascii and unidecode give too). Names a learner is likely to
# carry are spelled as they are usually written in Latin letters (in the UK, France and
# the Netherlands); any other word goes letter by letter below, long vowels written.
_ARABIC_NAMES = {
    "محمد": "mohammad", "أحمد": "ahmad", "احمد": "ahmad", "محمود": "mahmoud",
    "مصطفى": "mustafa", "مصطفی": "mostafa", "علي": "ali", "علی": "ali", "عمر": "omar",
    "حسن": "hassan", "حسين": "hussein", "حسین": "hossein", "ابراهيم": "ibrahim",
    "إبراهيم": "ibrahim", "ابراهیم": "ebrahim", "يوسف": "yousef", "یوسف": "yousef",
    "خالد": "khaled", "كريم": "karim", "کریم": "karim", "سعيد": "saeed", "سعید": "saeed",
    "طارق": "tariq", "رامي": "rami", "ياسين": "yassin", "یاسین": "yasin", "عباس": "abbas",
    "جواد": "javad", "رضا": "reza", "مهدي": "mahdi", "مهدی": "mahdi", "امير": "amir",
    "امیر": "amir", "أمير": "amir", "حامد": "hamed", "بشير": "bashir", "بشیر": "bashir",
    "شريف": "sharif", "شریف": "sharif", "صالح": "saleh", "عبد": "abd", "الله": "allah",
    "فاطمة": "fatima", "فاطمه": "fatemeh", "زهراء": "zahraa", "زهرا": "zahra",
    "مريم": "maryam", "مریم": "maryam", "سارة": "sara", "سارا": "sara", "نور": "nour",
    "ليلى": "layla", "لیلا": "leila", "زينب": "zainab", "زینب": "zeinab", "سلمى": "salma",
    "نادية": "nadia", "هدى": "huda", "أمل": "amal", "امل": "amal", "جميلة": "jamila",
    "جمیله": "jamila", "آمنة": "amina", "آمنه": "amena", "خديجة": "khadija",
    "خدیجه": "khadijeh", "رقية": "ruqaya", "شيماء": "shaimaa", "نوري": "nouri",
    "نوری": "nouri", "حسيني": "husseini", "حسینی": "hosseini", "محمدی": "mohammadi",
    "احمدی": "ahmadi", "رحیمی": "rahimi", "کریمی": "karimi", "صديقي": "siddiqui",
    "صدیقی": "sediqi", "نظری": "nazari", "اکبری": "akbari", "گل": "gul", "خان": "khan",
    "حيدر": "haidar", "حیدر": "haidar", "قاسم": "qasim", "ناصر": "nasser", "عادل": "adel",
}
_ARABIC_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "پ": "p", "ت": "t",
    "ث": "th", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ک": "k", "گ": "g", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ة": "a", "ى": "a", "ء": "", "ئ": "y", "ؤ": "w",
}
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u200c]+")
_HARAKAT = re.compile(r"[\u064b-\u065f\u0670\u0640]")   # short vowel marks and tatweel


def _arabic_word(word: str) -> str:
    """One Arabic or Persian word in Latin letters: a known name as it is usually spelled,
    the article ال as "al-", any other word letter by letter (و and ي/ی as vowels inside)."""
    if "\u200c" in word:   # the Persian half-space joins parts: علی‌رضا is ali + reza
        return "".join(_arabic_word(part) for part in word.split("\u200c") if part)
    if word in _ARABIC_NAMES:
        return _ARABIC_NAMES[word]
    for article in ("ال", "أل"):
        if word.startswith(article) and len(word) > len(article) + 1:
            return "al " + _arabic_word(word[len(article):])
    out = []
    for index, char in enumerate(word):
        if char in "وي" or char == "ی":
            if index == 0:
                out.append("w" if char == "و" else "y")
            else:
                out.append("u" if char == "و" else "i")
        else:
            # ع opening a word carries the vowel that follows it: عزیز aziz, not ziz.
            out.append("a" if char == "ع" and index == 0 else _ARABIC_LETTERS.get(char, ""))
    return "".join(out)


def _romanize_arabic(text: str) -> str:
    text = _HARAKAT.sub("", text).translate(_ARABIC_DIGITS)
    return _ARABIC_WORD.sub(lambda m: " " + _arabic_word(m.group(0)) + " ", text)


_PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz"  # no i, l, o: read off a printed card
_PASSWORD_DIGITS = "23456789"                  # no 0 or 1 for the same reason


@dataclass(frozen=True)
class Learner:
    """One line of the pasted list; ``language`` the one given after a comma ("Olena
    Kovalenko, uk"), or "" for the facilitator's."""

    name: str
    first_name: str
    last_name: str
    language: str = ""


@dataclass(frozen=True)
class Created:
    """What the facilitator prints: an account made, or why a name got none."""

    name: str
    username: str
    password: str = ""
    error: StoreError | None = None
    language: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None


def transliterate(text: str) -> str:
    """Lower-case ASCII letters and digits for ``text``; anything else becomes a space.

    ``"Олена Коваленко"`` gives ``"olena kovalenko"``, ``"Zoë Dupré"`` ``"zoe dupre"``,
    ``"محمد الأحمد"`` ``"mohammad al ahmad"``.
    """
    out: list[str] = []
    text = _romanize_arabic(unicodedata.normalize("NFC", text))
    text = text.lower().replace("зг", "zgh")
    start = True
    for char in text:
        if char in _UK_INITIAL and start:
            out.append(_UK_INITIAL[char])
        elif char in _UK:
            out.append(_UK[char])
        elif char in _LATIN:
            out.append(_LATIN[char])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char)
                           if not unicodedata.combining(c))
            out.append(base if base.isascii() and base.isalnum() else " ")
        start = not char.isalpha() and char not in "'’ʼ"
    return " ".join("".join(out).split())


def username_stem(name: str) -> str:
    """The username a name asks for before it is made unique: words joined by ``-``."""
    stem = "-".join(transliterate(name).split())[:_STEM_MAX].strip("-")
    return stem or "learner"


def derive_usernames(names: Iterable[str], taken: Iterable[str]) -> list[str]:
    """One username per name, unique among themselves and against ``taken`` (any case).

    A stem already in use gets ``-2``, ``-3``...; one shorter than three characters (the
    shortest username allowed) starts at ``-1``.
    """
    used = {name.casefold() for name in taken}
    out = []
    for name in names:
        stem = username_stem(name)
        n = 1 if len(stem) < 3 else None
        candidate = stem if n is None else f"{stem}-{n}"
        while candidate in used:
            n = 2 if n is None else n + 1
            candidate = f"{stem}-{n}"
        used.add(candidate)
        out.append(candidate)
    return out


def split_language(line: str) -> tuple[str, str]:
    """``"Olena Kovalenko, uk"`` -> ``("Olena Kovalenko", "uk")``: a language code of
    :data:`canvas.i18n.LANGUAGES` (any case) after the line's last comma, or in its last
    column (a tab or ``;``, as pasted from a spreadsheet), is the learner's language;
    without one, ``""``. Anything else after a comma stays in the name ("Tom Clarke, Jr.")."""
    cut = max(line.rfind(","), line.rfind(";"))
    code = line[cut + 1:].strip().casefold()
    if cut > 0 and code in LANGUAGES:
        return line[:cut].strip(" ;,"), code
    return line, ""


def parse_names(text: str) -> list[Learner]:
    """One learner per non-empty line, in the order pasted; repeated names count once.

    The first word is the first name and the rest the last name ("Anna Maria de Vries":
    Anna / Maria de Vries); a tab or ``;`` (a spreadsheet column) separates them instead.
    A language code after a comma (``Olena Kovalenko, uk``) or in a last column is the
    learner's language (:func:`split_language`).
    """
    seen: set[str] = set()
    out = []
    for raw in (text or "").splitlines():
        line = " ".join(raw.strip().replace("\t", ";").split()).strip("; ")
        line, language = split_language(line)
        if not line or line.casefold() in seen:
            continue
        seen.add(line.casefold())
        if ";" in line:
            first, _, last = (part.strip() for part in line.partition(";"))
            last = " ".join(last.replace(";", " ").split())
        else:
            first, _, last = line.partition(" ")
        name = " ".join(x for x in (first, last) if x)
        if name:
            out.append(Learner(name=name[:120], first_name=first[:60], last_name=last[:60],
                               language=language))
    return out


def one_time_password() -> str:
    """Easy to copy from paper (``kefa-4827``), with letters and digits as the rules ask."""
    letters = "".join(secrets.choice(_PASSWORD_LETTERS) for _ in range(4))
    digits = "".join(secrets.choice(_PASSWORD_DIGITS) for _ in range(4))
    return f"{letters}-{digits}"


def placeholder_email(username: str) -> str:
    return f"{username}@{PLACEHOLDER_DOMAIN}"


def create_group(accounts: AccountBackend, workshops: WorkshopBackend, code: str,
                 learners: list[Learner],
                 progress: Callable[[int, int], None] | None = None,
                 password: Callable[[], str] = one_time_password,
                 language: str = "") -> list[Created]:
    """Register each learner, mark the password as one-time and join them to ``code``.
    A learner's own language (``Olena Kovalenko, uk``) is their login card's language and
    their account's preference; without one, the card is printed in ``language`` (the
    facilitator's) and the account keeps no preference, so the learner's own browser
    chooses the language of their first screen.

    Existing accounts are never touched: a derived username already in the store gets a
    number. A name the store refuses (a limit reached, a name registered meanwhile) is
    reported in its row and the others go on.
    """
    usernames = derive_usernames((x.name for x in learners), accounts.usernames())
    out = []
    for index, (learner, username) in enumerate(zip(learners, usernames, strict=True)):
        secret = password()
        spoken = learner.language or (language if language in LANGUAGES else "")
        try:
            accounts.register(username, placeholder_email(username), learner.first_name,
                              learner.last_name, secret)
            accounts.set_preference(username, MUST_CHANGE, True)
            if learner.language:
                accounts.set_preference(username, "language", learner.language)
            workshops.join(code, username)
        except StoreError as exc:
            out.append(Created(learner.name, username, error=exc, language=spoken))
        else:
            out.append(Created(learner.name, username, secret, language=spoken))
        if progress is not None:
            progress(index + 1, len(learners))
    return out


def must_change_password(entry: dict | None) -> bool:
    """Whether an account (as :meth:`AccountBackend.user` gives it) still has a one-time
    password."""
    return bool(((entry or {}).get("preferences") or {}).get(MUST_CHANGE))


_SAFE_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_-]{2,31}$")


def is_valid_username(username: str) -> bool:
    """The pattern the login form accepts (kept here so the derivation can be tested)."""
    return bool(_SAFE_USERNAME.fullmatch(username))
