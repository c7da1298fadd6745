"""Real browser: the canvas diagram is readable at laptop and desktop sizes.

What a reader notices, measured on the drawn SVG: text labels on top of each other, note
text running out of its note, words broken in the middle, a blank band above the picture,
and on the projector notes cut down to a couple of words.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from canvas.fileformat.models import (
    Canvas,
    Gain,
    GainCreator,
    Job,
    Pain,
    PainReliever,
    Product,
    ValueMap,
    blank_canvas,
)
from canvas.ranking.rules import ranked
from canvas.store.folder.canvases import CanvasStore
from tests.browser_helpers import register, screenshot, settle, unique, wait_idle

pytestmark = pytest.mark.browser

SIZES = ((1280, 720), (1440, 900), (1920, 1080))
TOLERANCE = 1.0     # px: anti-aliasing and rounding, not a visible overlap

JOBS = ["Get a warm meal after a night shift", "Keep the family informed of my rota",
        "Sleep six hours without interruption", "Look reliable to the ward manager",
        "Plan the week's shopping in ten minutes", "Feel calm before a long shift",
        "Find a place to eat a hot, healthy meal between the end of a twelve-hour night "
        "shift and the school run"]
PAINS = ["Everything is closed at 7am", "Contamination of shared kitchen surfaces",
         "Cold food from the vending machine", "Too tired to cook anything healthy",
         "Worried about spending too much on takeaways & delivery fees"]
GAINS = ["Food ready when I get home", "Meals that fit a tight budget",
         "Something healthy without effort", "A choice that changes every week",
         "Recognition from colleagues for eating well"]
PRODUCTS = ["Breakfast box", "Decontamination wipes for lockers", "Weekly menu app"]
RELIEVERS = ["Delivery from 6am in every zone", "Sealed, contamination-free packaging",
             "Hot meals kept warm in heated lockers"]
CREATORS = ["Box waits in a heated locker", "Menus that change every week",
            "Nutritionist-approved recipes"]


def sample_canvas(per_section: int, title: str) -> Canvas:
    """``per_section`` items in each of the six sections, with links, realistic texts and
    long words (where a naive wrap breaks "Contamina / tion")."""
    n = per_section
    jobs = [Job(id=f"j{i}", text=f"{JOBS[i % len(JOBS)]} ({i + 1})", importance=5 - i % 5,
                kind=("functional", "social", "emotional", "supporting")[i % 4],
                status=("assumption", "validated", "invalidated")[i % 3]) for i in range(n)]
    pains = [Pain(id=f"p{i}", text=f"{PAINS[i % len(PAINS)]} ({i + 1})",
                  kind=("undesired_outcome", "obstacle", "risk")[i % 3],
                  severity=1 + (i * 3) % 5, status=("validated", "assumption")[i % 2])
             for i in range(n)]
    gains = [Gain(id=f"g{i}", text=f"{GAINS[i % len(GAINS)]} ({i + 1})",
                  kind=("required", "expected", "desired", "unexpected")[i % 4],
                  relevance=1 + (i * 2) % 5) for i in range(n)]
    value_map = ValueMap(
        products=[Product(id=f"s{i}", text=f"{PRODUCTS[i % 3]} {i + 1}") for i in range(n)],
        pain_relievers=[PainReliever(id=f"r{i}", text=f"{RELIEVERS[i % 3]} {i + 1}",
                                     relieves=[f"p{(i * 2) % n}"]) for i in range(n)],
        gain_creators=[GainCreator(id=f"c{i}", text=f"{CREATORS[i % 3]} {i + 1}",
                                   creates=[f"g{(i * 3) % n}"] if i % 4 else [])
                       for i in range(n)])
    canvas = blank_canvas(title, "en", "Night-shift nurses")
    return canvas.model_copy(update={"jobs": jobs, "pains": pains, "gains": gains,
                                     "value_map": value_map})


WORDS = {word for text in JOBS + PAINS + GAINS + PRODUCTS + RELIEVERS + CREATORS
         for word in re.findall(r"[\w'-]+", text)}

#: Every drawn text of one Plotly chart, every note shape, and the picture's frame.
#: null while the chart is not laid out yet (a rerun can swap the element in between).
MEASURE = """(root) => {
  const gd = root.querySelector('.js-plotly-plot');
  if (!gd || !gd.layout || !gd._fullLayout || !gd.querySelector('.textpoint text')) return null;
  const box = (el) => { const r = el.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom]; };
  const texts = [];
  gd.querySelectorAll('svg.main-svg text').forEach((el) => {
    if (el.closest('.hoverlayer') || el.closest('.infolayer .legend')) return;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || !el.textContent.trim()) return;
    const lines = [...el.querySelectorAll('tspan.line')].map((s) => s.textContent);
    texts.push({box: box(el), note: !!el.closest('.textpoint'),
                lines: lines.length ? lines : [el.textContent]});
  });
  const shapes = gd.layout.shapes || [];
  const notes = [], parts = [];
  gd.querySelectorAll('.shapelayer path[data-index]').forEach((el) => {
    const name = String((shapes[+el.dataset.index] || {}).name || '');
    if (name.startsWith('note:')) notes.push(box(el));
    if (name.startsWith('part:')) parts.push(box(el));
  });
  return {texts, notes, parts, chart: box(gd), subtitle:
          box(gd.querySelector('.g-gtitle text') || gd)};
}"""


def overlap(a, b) -> bool:
    return (min(a[2], b[2]) - max(a[0], b[0]) > TOLERANCE
            and min(a[3], b[3]) - max(a[1], b[1]) > TOLERANCE)


def inside(inner, outer) -> bool:
    return (inner[0] >= outer[0] - TOLERANCE and inner[1] >= outer[1] - TOLERANCE
            and inner[2] <= outer[2] + TOLERANCE and inner[3] <= outer[3] + TOLERANCE)


def centre_in(inner, outer) -> bool:
    x, y = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]


def mid_word_breaks(lines: list[str]) -> list[str]:
    """Line breaks that split one word of the canvas ("Contamina" / "tion", or
    "contamination-" / "free"): the two pieces joined are a word, the first is not."""
    out = []
    for upper, lower in zip(lines, lines[1:], strict=False):
        head, tail = re.findall(r"[\w'-]+$", upper.strip()), re.findall(r"^[\w'-]+", lower.strip())
        if head and tail and head[0] not in WORDS and head[0] + tail[0] in WORDS:
            out.append(f"{head[0]}/{tail[0]}")
    return out


def cut_to_two_words(lines: list[str]) -> bool:
    """A note that shows at most two words of its item before an ellipsis: the rank
    ("3.") and status mark ("✓") are not words of the item."""
    shown = " ".join(lines)
    if not shown.endswith("…"):
        return False
    words = [w for w in shown.rstrip("…").split() if not re.fullmatch(r"[✓✗]|\d+\.", w)]
    return len(words) <= 2


def measure(page: Page, chart) -> dict:
    chart.locator(".textpoint text").first.wait_for()
    page.wait_for_timeout(500)          # Plotly finishes text layout after the first paint
    data = chart.evaluate(MEASURE)
    for _ in range(40):                 # laid out by then, or the assertion below says so
        if data is not None:
            break
        page.wait_for_timeout(250)
        data = chart.evaluate(MEASURE)
    assert data is not None, "the chart was never laid out"
    texts = data["texts"]
    pairs = [(a["lines"], b["lines"]) for i, a in enumerate(texts) for b in texts[i + 1:]
             if overlap(a["box"], b["box"])]
    outside = [t["lines"] for t in texts if t["note"] and not any(
        centre_in(t["box"], n) and inside(t["box"], n) for n in data["notes"])]
    broken = [b for t in texts if t["note"] for b in mid_word_breaks(t["lines"])]
    cut = [t["lines"] for t in texts if t["note"] and cut_to_two_words(t["lines"])]
    # The first thing drawn below the subtitle: a heading or the top of a part.
    below = data["subtitle"][3]
    top = min([p[1] for p in data["parts"]] + [t["box"][1] for t in texts
                                               if t["box"][1] >= below - TOLERANCE])
    return {"overlaps": pairs, "outside": outside, "broken": broken, "cut": cut,
            "gap": top - data["subtitle"][3], "notes": len(data["notes"])}


def store_canvas(server, username: str, per_section: int, title: str) -> str:
    return CanvasStore(server.data, username).create(sample_canvas(per_section, title)).id


def summary(found: dict) -> str:
    return (f"{len(found['overlaps'])} overlapping pairs, {len(found['outside'])} texts out "
            f"of their notes, {len(found['broken'])} mid-word breaks, {len(found['cut'])} "
            f"notes cut to two words, {found['notes']} notes, gap {found['gap']:.0f} px; first: "
            f"{found['overlaps'][:2]} {found['outside'][:2]} {found['broken'][:3]}")


def test_insights_diagram_is_readable_at_every_size(server, context):
    page = context.new_page()
    user = unique("dia")
    register(page, server, user)
    canvas_id = store_canvas(server, user, 10, "Sixty items")
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{server.url}/insights?canvas={canvas_id}")
        settle(page)
        chart = page.locator('.st-key-chart_diagram:not([data-stale="true"])')
        found = measure(page, chart)
        chart.scroll_into_view_if_needed()
        screenshot(page, f"diagram-insights-{width}x{height}-test")
        if (found["notes"] != 60 or found["overlaps"] or found["outside"] or found["broken"]
                or found["gap"] >= 40):
            problems.append(f"{width}x{height}: {summary(found)}")
    assert not problems, "\n".join(problems)
    # A click on a note opens that item on its board.
    [(_, top_pain)] = ranked(sample_canvas(10, "Sixty items").pains)[:1]
    chart = page.locator('.st-key-chart_diagram:not([data-stale="true"])')
    note = chart.locator(".scatterlayer .trace").nth(1).locator(".textpoint text").first
    box = note.bounding_box()       # Plotly's drag layer takes the click, as for a user
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/customer-profile"))
    # ... with that pain open on the board, its editor ready.
    opened = page.locator(f'[data-testid="vpc-lane-pains"] li[data-id="{top_pain.id}"]')
    expect(opened.locator(".vpc-editor")).to_be_visible()


def test_projector_pages_through_a_crowded_canvas(server, context):
    page = context.new_page()
    user = unique("proj")
    register(page, server, user)
    canvas_id = store_canvas(server, user, 20, "Twenty per section")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server.url}/projector?canvas={canvas_id}")
    settle(page)
    page.get_by_role("button", name="Value map", exact=True).click()
    wait_idle(page)
    caption = page.get_by_text(re.compile(r"^Page 1 of \d+"))
    pages = int(re.search(r"of (\d+)", caption.inner_text()).group(1))
    seen, problems = 0, []
    for number in range(1, pages + 1):
        assert page.get_by_text(re.compile(rf"^Page {number} of {pages}")).is_visible()
        found = measure(page, page.locator(".st-key-projector_fig_diagram"))
        screenshot(page, f"diagram-projector-1920x1080-page{number}-test")
        if found["cut"] or found["broken"] or found["overlaps"] or found["outside"]:
            problems.append(f"page {number}: {summary(found)} cut: {found['cut'][:3]}")
        seen += found["notes"]
        page.keyboard.press("ArrowRight")      # the projector's own "next" key
        wait_idle(page)
    assert not problems, "\n".join(problems)
    assert seen == 120, f"{seen} notes on {pages} pages of a 120-item canvas"
    # After the last page, "next" moves on to the next step.
    assert page.get_by_role("heading", name="Fit").is_visible()
