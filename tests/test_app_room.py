"""AppTest: a whole group's accounts, the forced first password, the join link, sharing."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from canvas.room.group_accounts import MUST_CHANGE, create_group, parse_names
from canvas.store.folder.accounts import AccountStore
from canvas.store.folder.workshops import WorkshopStore
from tests.apptest_helpers import (
    APP,
    button,
    logged_in,
    make_user,
    no_exceptions,
    plain_texts,
    store_for,
)

WORKSHOPS = "pages/workshops.py"
MY_CANVASES = "pages/my_canvases.py"


def _workshop(data_dir):
    make_user(data_dir, "fiona")  # first account: the facilitator
    return WorkshopStore(data_dir).create("Kyiv cohort", "fiona")


def test_facilitator_creates_accounts_for_a_pasted_group(data_dir):
    workshop = _workshop(data_dir)
    at = logged_in(data_dir, "fiona", page=WORKSHOPS)
    at.text_area(key=f"group_names_{workshop.code}").input(
        "Олена Коваленко\nAmira Haddad\n\nfiona\n")
    button(at, key=f"FormSubmitter:group_form_{workshop.code}-Create the accounts").click()
    at.run()
    no_exceptions(at)
    accounts = AccountStore(data_dir)
    # "fiona" exists: her account is untouched and the learner named Fiona gets another.
    assert accounts.usernames() == ["amira-haddad", "fiona", "fiona-2", "olena-kovalenko"]
    assert "preferences" not in (accounts.user("fiona") or {})
    for username in ("amira-haddad", "fiona-2", "olena-kovalenko"):
        assert accounts.user(username)["preferences"][MUST_CHANGE] is True
    assert set(WorkshopStore(data_dir).facilitated_by("fiona")[0].members) == {
        "amira-haddad", "fiona-2", "olena-kovalenko"}
    assert "3 accounts created and joined to this workshop." in plain_texts(at)
    table = at.dataframe[0].value
    assert list(table["Username"]) == ["olena-kovalenko", "amira-haddad", "fiona-2"]
    password = table["One-time password"][0]
    assert accounts.authenticate("olena-kovalenko", password).name == "Олена Коваленко"
    assert [b.label for b in at.get("download_button")] == ["Download the login cards (PDF)"]


def test_one_time_password_must_be_replaced_before_any_page(data_dir):
    workshop = _workshop(data_dir)
    backend_accounts = AccountStore(data_dir)
    created = create_group(backend_accounts, WorkshopStore(data_dir), workshop.code,
                           parse_names("Ben Jones"), password=lambda: "abcd-2345")
    assert created[0].ok
    at = logged_in(data_dir, "ben-jones")
    no_exceptions(at)
    assert [t.value for t in at.title] == ["Choose your own password"]
    at.switch_page(MY_CANVASES)  # registered, but only the password form shows
    at.run()
    assert [t.value for t in at.title] == ["Choose your own password"]
    # A wrong card password changes nothing.
    at.text_input(key="first_current").input("wrong-2345")
    at.text_input(key="first_new").input("MyOwnPass#26")
    at.text_input(key="first_repeat").input("MyOwnPass#26")
    button(at, key="FormSubmitter:first_password_form-Save my password").click()
    at.run()
    assert at.error and [t.value for t in at.title] == ["Choose your own password"]
    at.text_input(key="first_current").input("abcd-2345")
    at.text_input(key="first_new").input("MyOwnPass#26")
    at.text_input(key="first_repeat").input("MyOwnPass#26")
    button(at, key="FormSubmitter:first_password_form-Save my password").click()
    at.run()
    no_exceptions(at)
    assert [t.value for t in at.title] == ["My canvases"]
    assert backend_accounts.user("ben-jones")["preferences"][MUST_CHANGE] is False
    assert backend_accounts.authenticate("ben-jones", "MyOwnPass#26").username == "ben-jones"
    # Joined by the facilitator: asked which canvas to share (none yet).
    assert "You joined “Kyiv cohort”" in plain_texts(at)


def test_join_link_joins_after_login_and_asks_which_canvas_to_share(data_dir):
    workshop = _workshop(data_dir)
    make_user(data_dir, "amira")
    canvas = store_for(data_dir, "amira").create(
        __import__("canvas.fileformat.models", fromlist=["blank_canvas"]).blank_canvas(
            "Night bakery", "en"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["join"] = workshop.code.lower()
    at.run()
    assert f"you will join workshop {workshop.code} straight away" in plain_texts(at)
    at.text_input(key="login_user").input("amira")
    at.text_input(key="login_password").input("Secret#123")
    button(at, key="FormSubmitter:login_form-Log in").click()
    at.run()
    at.run()  # the rerun the login form asks for
    no_exceptions(at)
    assert "amira" in WorkshopStore(data_dir).facilitated_by("fiona")[0].members
    assert "You joined “Kyiv cohort”" in plain_texts(at)
    assert at.radio(key="join_prompt_choice").value == canvas.id
    button(at, key="join_prompt_share").click()
    at.run()
    no_exceptions(at)
    shares = WorkshopStore(data_dir).facilitated_by("fiona")[0].shares
    assert [(s.username, s.canvas_id) for s in shares] == [("amira", canvas.id)]
    assert "You joined" not in plain_texts(at)


def test_share_button_on_the_canvas_page_confirms_and_can_stop(data_dir):
    from canvas.fileformat.models import blank_canvas

    workshop = _workshop(data_dir)
    make_user(data_dir, "amira")
    WorkshopStore(data_dir).join(workshop.code, "amira")
    canvas = store_for(data_dir, "amira").create(blank_canvas("Night bakery", "en"))
    at = logged_in(data_dir, "amira", page="pages/customer_profile.py",
                   query={"canvas": canvas.id})
    no_exceptions(at)
    assert "Share “Night bakery” with “Kyiv cohort”?" in plain_texts(at)
    button(at, key=f"share_{workshop.code}_{canvas.id}").click()
    at.run()
    assert [s.canvas_id for s in WorkshopStore(data_dir).read(workshop.code).shares] == [
        canvas.id]
    assert "can see this canvas in “Kyiv cohort”" in plain_texts(at)
    button(at, key=f"unshare_{workshop.code}_{canvas.id}").click()
    at.run()
    assert WorkshopStore(data_dir).read(workshop.code).shares == []


def test_gallery_by_learner_name_with_age_and_who_has_not_shared(data_dir):
    from canvas.fileformat.models import blank_canvas

    workshop = _workshop(data_dir)
    store = WorkshopStore(data_dir)
    for username, first in (("zed", "Zoë"), ("adam", "Adam"), ("mia", "Mia")):
        make_user(data_dir, username, first=first)
        store.join(workshop.code, username)
    for username, title in (("zed", "Zoë's kiosk"), ("adam", "Adam's vans")):
        canvas = store_for(data_dir, username).create(blank_canvas(title, "en"))
        store.share(workshop.code, username, canvas.id)  # Zoë shared last: newest
    at = logged_in(data_dir, "fiona", page=WORKSHOPS)
    no_exceptions(at)
    text = plain_texts(at)
    assert text.index("Adam's vans") < text.index("Zoë's kiosk")
    assert "1 learner joined but has not shared yet: Mia User" in text
    assert "updated 1 second ago" in text or "seconds ago" in text


def test_the_join_screen_shows_the_exact_join_address_without_invisible_characters(data_dir):
    """Issue 21.8: the link hid U+2060 between "http" and "://"; copied, it was broken."""
    from canvas.room.join_link import join_url
    from canvas.ui.workshop.join_screen import link_sentence_html

    workshop = _workshop(data_dir)
    at = logged_in(data_dir, "fiona", page="pages/join_screen.py",
                   query={"workshop": workshop.code})
    no_exceptions(at)
    shown = [h.proto.body for h in at.get("html")
             if h.proto.body.startswith('<p class="vpc-join-link">')]
    assert len(shown) == 1 and "\u2060" not in shown[0]
    url = join_url("http://localhost:8501/", workshop.code)
    assert f'<a href="{url}" target="_blank" rel="noopener">{url}</a>' in shown[0]
    assert shown[0].startswith('<p class="vpc-join-link">Scan the QR code, or open ')
    assert link_sentence_html("Відкрийте \x00.", "https://a.b/?join=X&y=1") == (
        '<p class="vpc-join-link">Відкрийте <a href="https://a.b/?join=X&amp;y=1" '
        'target="_blank" rel="noopener">https://a.b/?join=X&amp;y=1</a>.</p>')


def test_the_group_form_takes_each_learners_language_with_their_name(data_dir):
    """Issue 21.8: "Olena Kovalenko, uk" makes Olena's card and account Ukrainian; the
    others follow the facilitator's page."""
    workshop = _workshop(data_dir)
    at = logged_in(data_dir, "fiona", page=WORKSHOPS)
    area = at.text_area(key=f"group_names_{workshop.code}")
    assert area.help in (None, "")  # said in a caption: a tooltip's button is "Help for …"
    assert "“Olena Kovalenko, uk”" in " ".join(c.value for c in at.caption)
    area.input("Olena Kovalenko, uk\nAmira Haddad")
    button(at, key=f"FormSubmitter:group_form_{workshop.code}-Create the accounts").click()
    at.run()
    no_exceptions(at)
    table = at.dataframe[0].value
    assert list(table["Name"]) == ["Olena Kovalenko", "Amira Haddad"]
    assert list(table["Language"]) == ["🇺🇦 Українська", "🇬🇧 English"]
    accounts = AccountStore(data_dir)
    assert accounts.user("olena-kovalenko")["preferences"]["language"] == "uk"
    assert "language" not in accounts.user("amira-haddad")["preferences"]  # her browser's
