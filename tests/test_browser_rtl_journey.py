"""An Arabic or a Persian learner's whole journey, in one browser test per language (issue 25).

The other right-to-left tests (tests/test_browser_rtl.py) each look at one screen with a
seeded canvas; this one walks the way a newcomer does, from the first screen to the PDF:
choose the language before registering, register through the form in that language, build
a canvas on the board (type notes, drag one, edit one, rank a lane by comparing with the
keys shown on screen), plan a test for a riskiest assumption, present it on the projector
and download the PDF report, whose text must hold the notes exactly and in logical order.
Every label is looked up in the catalog (``canvas.i18n``), never written in English, and at
each step the page must show none of the English labels of that view. A screenshot of each
step (1440x900) and the report's first pages go to test-artifacts/journey/, to be
looked at.

The PDF's text is read with poppler's ``pdftotext``, with the limits tests/test_export_rtl.py
describes: a note of letters and spaces is a line of the text exactly as typed; a note with
a number is compared on its letters and digits in order (poppler reads "300 €" in an
Arabic line as drawn, "€ 300", as a browser draws it too); one with a raised vowel mark
without white space (poppler sets the mark apart).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from canvas.formatting import format_percent
from canvas.i18n import LANGUAGE_LABELS, catalog, native_digits, translate
from canvas.store.folder.canvases import CanvasStore
from tests.browser_helpers import ARTIFACTS, PASSWORD, settle, unique, wait_idle
from tests.test_export_rtl import reading, skeleton
from tests.walk_helpers import visible_text

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "journey"
ARABIC_PRICE = "iPhone 15 بسعر 300 €"
PERSIAN_PRICE = "قیمت 20 یورو برای Wi\u2011Fi"
FRENCH = "Délai de livraison trop long"
#: Plain notes of each language, per lane; the mixed notes are added to them.
PLAIN = {
    "ar": {"jobs": ["أبدأ مشروعي الصغير"], "pains": ["الإيجار مرتفع", "لا أعرف القوانين"],
           "gains": ["زبائن من الحي"]},
    "fa": {"jobs": ["کسب‌وکار کوچکم را شروع کنم"], "pains": ["اجاره گران است",
                                                          "قوانین را نمی‌دانم"],
           "gains": ["مشتری‌های محله"]},
}
EDITED = {"ar": "الإيجار مرتفع جداً", "fa": "اجاره خیلی گران است"}
TIMEOUT = 60_000
#: The embedding marks poppler wraps each directional run in (tests/test_export_rtl.py).
POPPLER_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c"))
#: The catalog's areas of the pages the journey visits: none of their English sentences
#: may be left on an Arabic or Persian page.
AREAS = ("auth.", "nav.", "canvases.", "board.", "evidence_ui.", "projector.", "insights.",
         "downloads.", "section.", "coach.", "fit.")


def notes_for(language: str) -> dict[str, list[str]]:
    own, other = (ARABIC_PRICE, PERSIAN_PRICE) if language == "ar" else (PERSIAN_PRICE,
                                                                          ARABIC_PRICE)
    plain = PLAIN[language]
    return {"jobs": [FRENCH, *plain["jobs"]], "pains": [own, *plain["pains"]],
            "gains": [*plain["gains"], other]}


class Journey:
    """The page, the learner's language and what each step should not show in English."""

    def __init__(self, page: Page, language: str):
        self.page, self.language = page, language

    def t(self, key: str, **params) -> str:
        return translate(key, self.language, **params)

    def shot(self, step: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{self.language}-{step}.png"))

    def no_english(self, *keys: str) -> None:
        """None of these labels is shown in English (whole words, in the main area and
        the sidebar), nor any English sentence of the catalog's areas of the page (texts
        of two words and more, the ones no user text of ours holds)."""
        text = visible_text(self.page)
        english = [translate(key, "en") for key in keys]
        english += [value for key, value in catalog("en").items()
                    if key.startswith(AREAS) and " " in value.strip() and "{" not in value
                    and value != translate(key, self.language)]
        left = [word for word in english
                if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
        assert not left, f"English on the {self.language} page: {left}"


def lane(page: Page, section: str):
    return page.locator(f'[data-testid="vpc-lane-{section}"]')


def shown(page: Page, section: str):
    return lane(page, section).locator(".vpc-text")


def note(page: Page, section: str, text: str):
    return lane(page, section).locator("li.vpc-note").filter(
        has=page.locator(".vpc-text", has_text=re.compile(f"^{re.escape(text)}$")))


def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def drag(page: Page, section: str, source: int, target: int) -> None:
    """Press on a note, move the mouse in steps to the top edge of another, release."""
    notes = lane(page, section).locator("li.vpc-note")
    src, dst = notes.nth(source), notes.nth(target)
    src.scroll_into_view_if_needed()
    a, b = src.bounding_box(), dst.bounding_box()
    x, y = a["x"] + a["width"] / 2, a["y"] + a["height"] / 2
    tx, ty = b["x"] + b["width"] / 2, b["y"] + 6
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(x + (tx - x) * step / 20, y + (ty - y) * step / 20)
    page.mouse.up()
    wait_idle(page, TIMEOUT)


#: Room each list item of the main area leaves at its start (the right in Arabic and
#: Persian) for its number or bullet, which the browser draws outside the item's box,
#: against the room its font needs (Streamlit indents list items from the left only).
LIST_MARKERS = """() => [...document.querySelectorAll('[data-testid="stMain"] .stMarkdown li')]
    .filter((li) => li.getBoundingClientRect().width > 0).map((li) => {
        const box = li.getBoundingClientRect();
        const column = li.closest('[data-testid="stMarkdownContainer"]').getBoundingClientRect();
        const rtl = getComputedStyle(li).direction === 'rtl';
        return {text: li.textContent, room: rtl ? column.right - box.right : box.left - column.left,
                needed: parseFloat(getComputedStyle(li).fontSize)};
    })"""


def markers_outside(page: Page) -> list[dict]:
    """The list items whose number or bullet is drawn outside their column."""
    return [item for item in page.evaluate(LIST_MARKERS) if item["room"] < item["needed"]]


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_a_learner_goes_from_the_first_screen_to_the_pdf(server, context, language, tmp_path):
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    journey = Journey(page, language)
    t = journey.t

    # 1. The first screen, in English until the learner chooses their language there.
    page.goto(server.url)
    settle(page, TIMEOUT)
    page.get_by_role("combobox").first.click()
    page.get_by_role("option").filter(has_text=LANGUAGE_LABELS[language]).click()
    wait_idle(page, TIMEOUT)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("tab", name=t("auth.register")).click()
    form = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name=t("auth.register.submit")))
    expect(form).to_be_visible()
    journey.no_english("auth.register", "auth.first_name", "auth.last_name", "auth.email",
                       "auth.username", "auth.password", "auth.password_repeat",
                       "auth.register.submit")
    user = unique(f"j{language}")
    form.get_by_label(t("auth.first_name"), exact=True).fill(
        "أمينة" if language == "ar" else "مریم")
    form.get_by_label(t("auth.last_name"), exact=True).fill(
        "الأحمد" if language == "ar" else "احمدی")
    form.get_by_label(t("auth.email"), exact=True).fill(f"{user}@example.org")
    form.get_by_label(t("auth.username"), exact=True).fill(user)
    form.get_by_label(t("auth.password"), exact=True).fill(PASSWORD)
    form.get_by_label(t("auth.password_repeat"), exact=True).fill(PASSWORD)
    journey.shot("1-register")
    form.get_by_role("button", name=t("auth.register.submit")).click()
    expect(page.get_by_role("heading", name=t("canvases.title"))).to_be_visible()
    wait_idle(page, TIMEOUT)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # The language chosen on the first screen is the new account's, for the next session.
    from canvas.store.choose import open_backend

    account = open_backend(server.data).accounts().user(user)
    assert account["preferences"]["language"] == language
    journey.no_english("canvases.title", "canvases.new.title", "canvases.new.submit",
                       "nav.my_canvases", "nav.customer_profile", "nav.insights",
                       "nav.projector")
    journey.shot("1-registered")

    # 2. A canvas, built on the board.
    title = "مطبخ الحي" if language == "ar" else "آشپزخانه محله"
    form = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name=t("canvases.new.submit")))
    form.get_by_label(t("canvases.new.title"), exact=True).fill(title)
    form.get_by_role("button", name=t("canvases.new.submit")).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator('[data-testid="vpc-board"]')).to_be_visible()
    settle(page, TIMEOUT)
    canvas_id = parse_qs(urlparse(page.url).query)["canvas"][0]
    store = CanvasStore(server.data, user)
    assert store.load(canvas_id).language == language
    typed = notes_for(language)
    for section, texts in typed.items():
        for text in texts:
            box = lane(page, section).locator("input.vpc-add-text")
            box.fill(text)
            box.press("Enter")
            expect(note(page, section, text)).to_have_count(1)
            wait_idle(page, TIMEOUT)
    for section, texts in typed.items():
        expect(shown(page, section)).to_have_text(texts)
    saved = store.load(canvas_id)
    assert [p.text for p in saved.pains] == typed["pains"]
    journey.no_english("board.compare", "board.done")
    journey.shot("2-notes")

    # Drag the last pain to the top: it is shown and saved first.
    pains = typed["pains"]
    drag(page, "pains", len(pains) - 1, 0)
    dragged = [pains[-1], *pains[:-1]]
    expect(shown(page, "pains")).to_have_text(dragged)
    wait_idle(page, TIMEOUT)
    saved = store.load(canvas_id)
    by_score = sorted(saved.pains, key=lambda p: -p.severity)
    assert [p.text for p in by_score][0] == pains[-1]
    journey.shot("2-dragged")

    # Edit a note's text in its editor and close it.
    before, after = PLAIN[language]["pains"][0], EDITED[language]
    note(page, "pains", before).locator(".vpc-text").click()
    editor = lane(page, "pains").locator(".vpc-editor")
    expect(editor).to_be_visible()
    wait_idle(page, TIMEOUT)
    journey.no_english("board.field.text", "board.done")
    field = editor.get_by_label(t("board.field.text"), exact=True)
    field.fill(after)
    field.press("Enter")
    wait_idle(page, TIMEOUT)
    journey.shot("2-editing")
    editor.get_by_role("button", name=t("board.done")).click()
    expect(editor).to_have_count(0)
    wait_idle(page, TIMEOUT)
    dragged = [after if text == before else text for text in dragged]
    expect(shown(page, "pains")).to_have_text(dragged)
    assert after in [p.text for p in store.load(canvas_id).pains]

    # Rank the pains by comparing, with the keys shown on screen: the wanted order is the
    # reverse of the one shown.
    wanted = list(reversed(dragged))
    lane(page, "pains").get_by_role("button", name=t("board.compare")).click()
    panel = page.locator(".vpc-panel[data-kind=compare]")
    expect(panel).to_be_visible()
    expect(page.locator(".vpc-question")).to_have_text(t("board.compare.question.pains"))
    # The drag's notice is still up (with its Undo): it covers no part of the panel, whose
    # title starts at the right, under the notice's middle (it hid "دشواری‌ها").
    expect(page.locator(".vpc-notice")).to_be_visible()
    assert not overlap(page.locator(".vpc-notice").bounding_box(), panel.bounding_box())
    journey.shot("2-compare")
    asked = 0
    while panel.count():
        choices = panel.locator(".vpc-choice")
        expect(choices).to_have_count(2)
        texts = [choices.nth(i).locator(".vpc-choice-text").inner_text() for i in range(2)]
        best = min(range(2), key=lambda i: wanted.index(texts[i]))
        key = choices.nth(best).get_attribute("aria-keyshortcuts")
        arrow = {"ArrowLeft": "←", "ArrowRight": "→"}[key]
        expect(choices.nth(best).locator(".vpc-choice-key")).to_have_text(arrow)
        # The key drawn on a choice points to the side it stands on.
        other = choices.nth(1 - best).bounding_box()["x"]
        here = choices.nth(best).bounding_box()["x"]
        assert (here < other) == (key == "ArrowLeft"), (key, here, other)
        page.keyboard.press(key)
        asked += 1
        wait_idle(page, TIMEOUT)
        assert asked < 10
    result = page.locator(".vpc-panel[data-kind=compare-result] .vpc-result-text")
    expect(result).to_have_text(wanted)
    journey.shot("2-compared")
    page.get_by_role("button", name=t("board.compare.accept")).click()
    expect(shown(page, "pains")).to_have_text(wanted)
    wait_idle(page, TIMEOUT)
    saved = store.load(canvas_id)
    assert [p.text for p in sorted(saved.pains, key=lambda p: -p.severity)] == wanted
    journey.no_english("board.compare", "board.done")
    journey.shot("2-ranked")

    # 3. A test for the riskiest assumption, from "Test first".
    risks = page.locator("[data-testid=stExpander] summary").filter(
        has_text=t("evidence_ui.risks.title"))
    risks.click()
    wait_idle(page, TIMEOUT)
    page.get_by_role("button", name=t("evidence_ui.risks.plan")).first.click()
    wait_idle(page, TIMEOUT)
    opened = page.locator(".vpc-note.is-open")
    expect(opened).to_have_count(1)
    risky = opened.locator(".vpc-text").inner_text()
    evidence = page.locator(".st-key-evidence_panel")
    expect(evidence).to_contain_text(risky)
    belief = ("الناس يدفعون مقابل وجبة جاهزة" if language == "ar"
              else "مردم برای غذای آماده پول می‌دهند")
    criterion = "٦ من ١٠" if language == "ar" else "۶ از ۱۰ نفر"
    evidence.get_by_label(t("evidence_ui.test.belief")).fill(belief)
    evidence.get_by_label(t("evidence_ui.test.criterion")).fill(criterion)
    journey.no_english("evidence_ui.plan", "evidence_ui.test.belief",
                       "evidence_ui.test.criterion", "evidence_ui.plan.submit")
    journey.shot("3-plan")
    evidence.get_by_role("button", name=t("evidence_ui.plan.submit")).click()
    wait_idle(page, TIMEOUT)
    expect(evidence).to_contain_text(belief)
    # The board's notice says so, with its Undo, beside the dock, not under it (its start,
    # at the right, was hidden under the dock: "ن برای «اجاره...").
    notice = page.locator(".vpc-notice")
    expect(notice).to_contain_text(risky)
    dock = page.locator('[class*="st-key-evidence_dock_"]').first
    assert not overlap(notice.bounding_box(), dock.bounding_box()), \
        (notice.bounding_box(), dock.bounding_box())
    saved = store.load(canvas_id)
    tested = [item for section in ("jobs", "pains", "gains")
              for item in getattr(saved, section) if item.tests]
    assert [(item.text, item.tests[0].belief, item.tests[0].criterion)
            for item in tested] == [(risky, belief, criterion)]
    journey.shot("3-planned")

    # 4. The projector: its steps, turned with the key of the reading direction.
    from canvas.ui.projector.projector_views import STEPS

    page.goto(f"{server.url}/projector?canvas={canvas_id}")
    settle(page, TIMEOUT)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # "Previous" at the right, where a right-to-left reader starts; "Next" at the left.
    previous = page.locator(".st-key-projector_prev button").first
    following = page.locator(".st-key-projector_next button").first
    expect(previous).to_have_text(re.compile(re.escape(t("projector.previous"))))
    expect(following).to_have_text(re.compile(re.escape(t("projector.next"))))
    assert previous.bounding_box()["x"] > following.bounding_box()["x"]
    for index, step in enumerate(STEPS):
        if index:
            page.locator("body").press("ArrowLeft")  # forward, in a page read right to left
            wait_idle(page, TIMEOUT)
        expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(
            t(f"projector.step.{step}"))
        journey.no_english("projector.previous", "projector.next",
                           f"projector.step.{step}")
        journey.shot(f"4-projector-{index}-{step}")
        if step == "pains":
            expect(page.locator('[data-testid="stMain"]')).to_contain_text(wanted[0])
            # The ranked list's numbers stand in the column, at the right of each line.
            expect(page.locator('[data-testid="stMain"] .stMarkdown li')).to_have_count(
                len(wanted))
            assert not markers_outside(page), markers_outside(page)
            # Ranks and scores in the language's digits (Persian writes ۰-۹, Arabic 0-9).
            items = page.locator('[data-testid="stMain"] .stMarkdown li')
            top = native_digits("5/5", language)
            expect(items.first).to_contain_text(wanted[0])
            expect(items.first).to_contain_text(f" — {top}")
            assert items.first.evaluate("(li) => getComputedStyle(li).listStyleType") == \
                ("persian" if language == "fa" else "decimal")
            # So does the chart beside the list: its ranks and its score axis.
            chart = page.locator(".st-key-projector_fig_ranking_pains")
            expect(chart.locator("g.ytick text").first).to_be_visible()
            ranks = chart.locator("g.ytick text").all_text_contents()
            ticks = chart.locator("g.xtick text").all_text_contents()
            assert {label.strip("\u2066\u2067\u2068\u2069").split(".")[0] for label in ranks} \
                == {native_digits(str(n), language) for n in range(1, len(wanted) + 1)}, ranks
            assert ticks == [native_digits(str(n), language) for n in range(1, 6)], ticks
        if step == "value_map":
            # The diagram's notes are numbered in the language's digits too.
            diagram = page.locator(".st-key-projector_diagram")
            expect(diagram.locator("svg").first).to_be_visible()
            assert f"{native_digits('1', language)}. " in diagram.text_content()
        if step == "fit":
            expect(page.locator('[data-testid="stMetricValue"]')).to_have_text(
                format_percent(0, language))

    # 5. The PDF report, from Insights > Download.
    page.goto(f"{server.url}/insights?canvas={canvas_id}")
    settle(page, TIMEOUT)
    tab = page.get_by_role("tab", name=t("insights.tab.export"))
    tab.click()
    wait_idle(page, TIMEOUT)
    # The chosen tab is underlined: the bar slides under it (before the screenshot).
    page.wait_for_function("""(tab) => {
        const bar = tab.querySelector('.react-aria-SelectionIndicator');
        if (!bar) return false;
        const a = bar.getBoundingClientRect(), b = tab.getBoundingClientRect();
        return Math.abs((a.left + a.right) / 2 - (b.left + b.right) / 2) < 4; }""",
                           arg=tab.element_handle(), timeout=10_000)
    journey.no_english("insights.tab.export", "downloads.report")
    journey.shot("5-download")
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("button", name=t("downloads.report")).click(timeout=120_000)
    data = Path(info.value.path()).read_bytes()
    text = pdf_text(data, tmp_path)
    # Its first pages, to be looked at beside the screenshots.
    (SHOTS / f"{language}-5-report.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "3",
                    str(SHOTS / f"{language}-5-report.pdf"), str(SHOTS / f"{language}-5-report")],
                   check=True)
    final = {"jobs": typed["jobs"], "pains": wanted, "gains": typed["gains"]}
    read, bones = reading(text), skeleton(text)
    lines = [line.translate(POPPLER_MARKS).strip() for line in text.splitlines()]
    for section, texts in final.items():
        for item in texts:
            if plain_letters(item):
                # Letters and spaces only: the very line typed, not reversed.
                assert item in lines, f"{item!r} is not a line of the PDF ({section})"
            elif any(c.isdigit() for c in item):
                # A number in a right-to-left line: poppler reads a sign beside it on the
                # side it is drawn on ("300 €" drawn "€ 300", as a browser draws it), so
                # its letters and digits are compared in order (tests/test_export_rtl.py).
                assert skeleton(item) in bones, f"{item!r} not in the PDF's text ({section})"
            else:
                # A raised vowel mark (tanwin) is set apart by poppler: without spaces.
                assert reading(item) in read, f"{item!r} not in the PDF's text ({section})"
    assert title in lines
    footer_in_one_piece(SHOTS / f"{language}-5-report.pdf")
    # The first page's counts ("jobs (2), pains (3), ...") are joined the way the language
    # writes a list: Arabic and Persian with their own comma "،".
    counts = next(line for line in lines if line.startswith(t("section.jobs")))
    assert "،" in counts and "," not in counts, counts
    # Logical order: the pains in their ranked order, one after the other in the text.
    places = [bones.index(skeleton(item)) for item in wanted]
    assert places == sorted(places), (wanted, places)
    # The mixed notes keep the brand and the price inside their own line, in typed order.
    for mixed, parts in ((ARABIC_PRICE, ("iPhone 15", "بسعر", "300", "€")),
                         (PERSIAN_PRICE, ("قیمت", "20", "یورو برای", "Wi\u2011Fi"))):
        line = next(line for line in lines if parts[0] in line and parts[2] in line)
        assert all(part in line for part in parts), (mixed, line)
        assert skeleton(line) == skeleton(mixed), (mixed, line)


def footer_in_one_piece(pdf: Path) -> list[str]:
    """The first page's footer line (the app's name and the date), as drawn from left to
    right; asserts that the date is drawn in one piece on one side of the name. An Arabic
    date holds right-to-left marks: not isolated, it made the footer a right-to-left line
    and was split around the name ("2026/12/Value Proposition Canvas Studio · 7")."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    words = [(float(x), float(y), word) for x, y, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)]
    bottom = max(y for _, y, _ in words)
    line = [word for x, y, word in sorted(words) if y > bottom - 10 and x > 200]
    name = [i for i, word in enumerate(line) if word in ("Value", "Studio")]
    dated = [i for i, word in enumerate(line) if any(c.isdigit() for c in word)]
    assert len(name) == 2 and dated, line
    assert all(i < name[0] for i in dated) or all(i > name[1] for i in dated), line
    assert not any(any(c.isalpha() for c in line[i]) for i in dated), line
    return line


def plain_letters(text: str) -> bool:
    return all(c.isalpha() or c == " " for c in text)
