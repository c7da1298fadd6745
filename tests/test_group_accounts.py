"""Accounts for a whole group: usernames from names, one-time passwords, login cards."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from canvas.i18n import get_translator
from canvas.room.group_accounts import (
    MUST_CHANGE,
    create_group,
    derive_usernames,
    is_valid_username,
    must_change_password,
    one_time_password,
    parse_names,
    transliterate,
)
from canvas.room.join_link import app_root, is_local, join_url, qr_code

LINK = "https://studio.example.org/?join=ABC234"


@pytest.mark.parametrize(("name", "expected"), [
    ("Олена Коваленко", "olena kovalenko"),
    ("Юрій Їжак", "yurii yizhak"),            # initial ю, ї as in the official table
    ("Мар'яна Згурська", "mariana zghurska"),  # apostrophe dropped, зг as zgh
    ("Андрій Щербина", "andrii shcherbyna"),
    ("Ґанна Євтушенко", "ganna yevtushenko"),
    ("Zoë Dupré", "zoe dupre"),
    ("Łukasz Weiß", "lukasz weiss"),
    ("Sarah O'Neil", "sarah oneil"),
    ("李 小龙", ""),
    # Arabic and Persian: a known name as it is usually spelled, the article as "al",
    # the Persian half-space joining two names, vowel marks ignored, other words letter
    # by letter with their long vowels (a bare consonant skeleton like "mhmd" is unreadable).
    ("محمد الأحمد", "mohammad al ahmad"),
    ("فاطمة الزهراء", "fatima al zahraa"),
    ("مُحَمَّد", "mohammad"),
    ("علی\u200cرضا حسینی", "alireza hosseini"),
    ("ژیلا نوری", "zhila nouri"),
    ("عزیز", "aziz"),
    ("مریم ۱۲", "maryam 12"),
])
def test_transliterate(name, expected):
    assert transliterate(name) == expected


def test_an_arabic_learner_gets_a_readable_username_and_their_language():
    learners = parse_names("محمد الأحمد, ar\nزهرا حسینی, fa")
    assert [(x.name, x.language) for x in learners] == [("محمد الأحمد", "ar"),
                                                        ("زهرا حسینی", "fa")]
    assert derive_usernames([x.name for x in learners], []) == [
        "mohammad-al-ahmad", "zahra-hosseini"]


def test_usernames_are_unique_safe_and_never_take_an_existing_name():
    names = ["Олена Коваленко", "Olena Kovalenko", "OLENA KOVALENKO", "Li", "Li", "李小龙",
             "Jean-Baptiste de la Fontaine-Beaumarchais du Pré"]
    got = derive_usernames(names, taken=["Olena-Kovalenko", "admin"])
    assert got == ["olena-kovalenko-2", "olena-kovalenko-3", "olena-kovalenko-4", "li-1",
                   "li-2", "learner", "jean-baptiste-de-la-fontaine"]
    assert len(set(got)) == len(got)
    assert all(is_valid_username(name) for name in got)


def test_parse_names_one_per_line_first_word_first_name():
    learners = parse_names("  Anna Maria de Vries \n\n\tОлена Коваленко\nanna maria de vries\n"
                           "Jan;de Boer\nCher\n")
    assert [(x.name, x.first_name, x.last_name) for x in learners] == [
        ("Anna Maria de Vries", "Anna", "Maria de Vries"),
        ("Олена Коваленко", "Олена", "Коваленко"),
        ("Jan de Boer", "Jan", "de Boer"),
        ("Cher", "Cher", ""),
    ]


def test_one_time_passwords_meet_the_rules_and_differ():
    seen = {one_time_password() for _ in range(200)}
    assert len(seen) == 200
    for password in seen:
        assert len(password) >= 8
        assert any(c.isalpha() for c in password) and any(c.isdigit() for c in password)
        assert not set(password) & set("01ilo")


def test_create_group_registers_flags_and_joins(store_backend):
    backend = store_backend.open()
    accounts, workshops = backend.accounts(), backend.workshops()
    accounts.register("fiona", "fiona@example.org", "Fiona", "Facil", "Secret#123")
    accounts.register("olena-kovalenko", "olena@example.org", "Olena", "K", "Mine#1234")
    workshop = workshops.create("Kyiv cohort", "fiona")
    passwords = iter(["abcd-2345", "efgh-6789"])
    created = create_group(accounts, workshops, workshop.code,
                           parse_names("Олена Коваленко\nAmira Haddad"),
                           password=lambda: next(passwords))
    assert [(c.name, c.username, c.password, c.ok) for c in created] == [
        ("Олена Коваленко", "olena-kovalenko-2", "abcd-2345", True),
        ("Amira Haddad", "amira-haddad", "efgh-6789", True),
    ]
    # The existing account keeps its password and has no one-time flag.
    assert accounts.authenticate("olena-kovalenko", "Mine#1234").username == "olena-kovalenko"
    assert not must_change_password(accounts.user("olena-kovalenko"))
    login = accounts.authenticate("olena-kovalenko-2", "abcd-2345")
    assert login.name == "Олена Коваленко"
    assert accounts.user("olena-kovalenko-2")["preferences"][MUST_CHANGE] is True
    members = workshops.facilitated_by("fiona")[0].members
    assert set(members) == {"olena-kovalenko-2", "amira-haddad"}
    # Changing the password and clearing the flag is what the first login does.
    accounts.change_password("amira-haddad", "efgh-6789", "MyOwn#2026")
    accounts.set_preference("amira-haddad", MUST_CHANGE, False)
    assert not must_change_password(accounts.user("amira-haddad"))


def test_create_group_reports_a_refusal_and_goes_on(store_backend, monkeypatch):
    backend = store_backend.open()
    accounts, workshops = backend.accounts(), backend.workshops()
    accounts.register("fiona", "fiona@example.org", "Fiona", "Facil", "Secret#123")
    workshop = workshops.create("Lille", "fiona")
    monkeypatch.setenv("VPC_MAX_ACCOUNTS", "2")
    created = create_group(accounts, workshops, workshop.code,
                           parse_names("Anna Smit\nBen Jones"))
    assert [c.ok for c in created] == [True, False]
    assert created[1].error.code == "security.registration_full"
    assert accounts.user("ben-jones") is None


def test_join_links():
    assert app_root("http://host:8501/join-screen?x=1#y", "join-screen") == "http://host:8501/"
    assert app_root("https://a.org/studio/join-screen/", "join-screen") == "https://a.org/studio/"
    assert app_root("https://a.org/studio", "join-screen") == "https://a.org/studio/"
    assert join_url("https://a.org/studio", "abc-234") == "https://a.org/studio/?join=ABC234"
    assert is_local("http://localhost:8501/") and is_local("http://127.0.0.1:9/")
    assert not is_local("https://studio.example.org/")


def _decode(image) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_login_cards_pdf_has_every_name_username_password_and_a_readable_qr():
    from PIL import Image

    from canvas.export.login_cards import Card, login_cards_pdf

    cards = [Card(f"Learner {i} Коваленко", f"learner-{i}", f"abcd-{2345 + i}")
             for i in range(10)]
    data = login_cards_pdf(cards, LINK, "Kyiv cohort", get_translator("uk"))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2  # eight cards to a page
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for card in cards:
        assert card.name in text and card.username in text and card.password in text
    assert "Одноразовий пароль" in text  # in the facilitator's language
    for page in reader.pages:  # one QR image, drawn on every card of the page
        images = page.images
        assert len(images) == 1
        image = Image.open(io.BytesIO(images[0].data))
        assert _decode(image.convert("L")) == [LINK]
    assert reader.pages[0].extract_text().count(LINK) == 8


def test_qr_code_is_made_here_and_matches_the_link():
    matrix = [list(row) for row in qr_code(LINK).matrix]
    assert qr_code(LINK).designator.startswith(("2", "3", "4"))
    assert matrix == [list(row) for row in qr_code(LINK).matrix]  # deterministic


def test_a_language_after_a_comma_goes_with_the_learners_name():
    """Issue 21.8: each learner's card language, given with their name in the list."""
    learners = parse_names("Olena Kovalenko, uk\nAmira Haddad,FR\nJan de Vries\t; nl\n"
                           "Tom Clarke, Jr.\nOlena Kovalenko, nl\nBen, xx\nAnna;Smit")
    assert [(x.name, x.first_name, x.last_name, x.language) for x in learners] == [
        ("Olena Kovalenko", "Olena", "Kovalenko", "uk"),
        ("Amira Haddad", "Amira", "Haddad", "fr"),
        ("Jan de Vries", "Jan", "de Vries", "nl"),   # a spreadsheet's language column
        ("Tom Clarke, Jr.", "Tom", "Clarke, Jr.", ""),
        ("Ben, xx", "Ben,", "xx", ""),
        ("Anna Smit", "Anna", "Smit", ""),
    ]


def test_each_card_is_printed_and_each_account_set_in_its_learners_language(store_backend):
    from canvas.export.login_cards import Card, login_cards_pdf

    backend = store_backend.open()
    accounts, workshops = backend.accounts(), backend.workshops()
    accounts.register("fiona", "fiona@example.org", "Fiona", "Facil", "Secret#123")
    workshop = workshops.create("Lille", "fiona")
    created = create_group(accounts, workshops, workshop.code,
                           parse_names("Olena Kovalenko, uk\nAmira Haddad"),
                           password=lambda: "abcd-2345", language="fr")
    assert [(c.username, c.language) for c in created] == [
        ("olena-kovalenko", "uk"), ("amira-haddad", "fr")]
    assert accounts.user("olena-kovalenko")["preferences"]["language"] == "uk"
    assert "language" not in accounts.user("amira-haddad")["preferences"]  # her browser's
    data = login_cards_pdf([Card(c.name, c.username, c.password, c.language)
                            for c in created] + [Card("Jan", "jan", "efgh-6789")],
                           LINK, "Lille", get_translator("nl"))
    page = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    uk, fr, nl = (get_translator(x)("room.cards.password") for x in ("uk", "fr", "nl"))
    assert uk in page and fr in page and nl in page
    assert page.index(uk) < page.index("Amira") < page.index(fr) < page.index("Jan")
