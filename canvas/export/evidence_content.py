"""What the reports say about evidence: what to test first, the map's summary, and every
test and learning card with the status it gave its item.

Decided once, as plain strings and tables, for the PDF and the Word report (as
:mod:`canvas.export.report_content` does for the rest of the handout), so the two cannot
drift apart. User text is passed on exactly as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from canvas.evidence.cards import EVIDENCE_SECTIONS, method_label
from canvas.evidence.risk import LEVELS, MAP_GROUPS, map_counts, map_points, reason_text, riskiest
from canvas.export.report_content import CARD, Part, Table, number
from canvas.figures.assumptions import assumptions_map
from canvas.figures.theme import theme_for, title_height
from canvas.fileformat.models import SECTIONS, Canvas
from canvas.formatting import format_date, format_number
from canvas.ranking.rules import ranked

#: The report lists this many items to test first; the rest are counted.
RISKS_SHOWN = 10
TEST_FIELDS = ("belief", "action", "measure", "criterion", "owner", "cost", "duration", "due")
LEARNING_FIELDS = ("observed", "learned", "next_step")


@dataclass(frozen=True)
class ItemEvidence:
    """One item's evidence: its title, its status (with the learning that set it), and
    one card per test and learning, each a two-column table headed by the card's name."""

    title: str
    status: str
    cards: list[Table]


def _language(t) -> str:
    return getattr(t, "language", "en")


def _day(t, value: date | datetime) -> str:
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month,
                                                                value.day)
    return format_date(moment, _language(t))


def item_title(t, section: str, rank: int, text: str) -> str:
    """"Pain #1: ...": one item, so the section's singular name ("Pain", not "Pains")."""
    name = t(f"section.{section}.item")
    return t("evidence.report.item_title", section=name[:1].upper() + name[1:], rank=rank,
             text=text)


def risk_table(canvas: Canvas, t) -> Part:
    """The riskiest assumptions, in :func:`canvas.evidence.risk.riskiest` order."""
    title = t("evidence.report.riskiest")
    risks = riskiest(canvas)
    if not risks:
        return Part(title, None, t("evidence.report.riskiest_none"))
    rows = [[number(t, n), t(f"section.{risk.section}"), risk.text, number(t, risk.score),
             reason_text(t, risk)] for n, risk in enumerate(risks[:RISKS_SHOWN], 1)]
    note = None
    if len(risks) > RISKS_SHOWN:
        note = t.plural("evidence.report.riskiest_more", len(risks) - RISKS_SHOWN)
    header = ["#", t("evidence.column.section"), t("export.column.text"),
              t("evidence.column.importance"), t("evidence.column.why")]
    columns = [("CENTER", 0), ("LEFT", 0), ("LEFT", 2), ("CENTER", 0), ("LEFT", 1)]
    return Part(title, Table(header, rows, columns), note)


def map_caption(canvas: Canvas, t) -> str:
    """The map in one sentence (the picture's text alternative): items per group of
    :func:`canvas.evidence.risk.map_group`."""
    return t("evidence.map.caption", **map_counts(canvas))


def map_table(canvas: Canvas, t) -> Part | None:
    """Every item the map places, by group in the map's order (test now first, disproved
    last), then by importance: the list a crowded map's "+N" markers point to."""
    points = sorted(map_points(canvas)[0], key=lambda p: (MAP_GROUPS.index(p.group),
                                                          -p.importance))
    if not points:
        return None
    rows = [[t(f"evidence.map.quadrant.{p.group}"), t(f"section.{p.section}"),
             number(t, p.rank), p.item.text, number(t, p.importance),
             t(f"evidence.strength.{LEVELS[p.level]}"), t(f"status.{p.status}")]
            for p in points]
    header = [t("map_trust.column.place"), t("evidence.column.section"), "#",
              t("export.column.text"), t("evidence.column.importance"),
              t("map_trust.column.evidence"), t("export.column.status")]
    # Few fixed columns: more made the PDF shrink them and split "Важливість" mid-word.
    columns = [("LEFT", 1.35), ("LEFT", 1), ("CENTER", 0), ("LEFT", 1.9), ("CENTER", 0),
               ("LEFT", 1), ("LEFT", 0)]
    return Part(t("map_trust.list.report_title"), Table(header, rows, columns), None)


#: The map's width in the reports, in pixels: it gets a landscape page of its own, and
#: the wider cells keep the labels whole ("Cooking after twelve hours on my feet").
MAP_PX = 1800


def report_map(canvas: Canvas, t):
    """The assumptions map for a report page, or None when it has no item to place.

    The page's heading already names the map, so the picture drops its own title (and
    the segment under it, which the title page gives): said once, and the plot gets the
    room. Returns ``(figure, width, height)``."""
    if not map_points(canvas)[0]:
        return None
    figure = assumptions_map(canvas, t, width=MAP_PX)
    top = figure.layout.margin.t or 0
    figure.update_layout(title={"text": "", "subtitle": {"text": ""}},
                         margin={"t": max(top - title_height(theme_for(False)), 40)})
    return figure, int(figure.layout.width), int(figure.layout.height)


def _test_table(t, number: int, test) -> Table:
    rows = [[t("evidence.test.method"), method_label(t, test)]]
    for field in TEST_FIELDS:
        value = getattr(test, field)
        if value in (None, ""):
            continue
        rows.append([t(f"evidence.test.{field}"),
                     _day(t, value) if isinstance(value, date) else value])
    header = [t("evidence.report.test_title", n=number,
                state=t(f"evidence.state.{test.state}")), ""]
    return Table(header, rows, CARD)


def test_ref(t, number: int) -> str:
    """A test as the reader knows it: "Test 1", its number on its item (never its id)."""
    return t("evidence.report.test_ref", n=number)


test_ref.__test__ = False  # its name starts like a test; pytest must not collect it


def _learning_table(t, number: int, learning, test_numbers: dict[str, int]) -> Table:
    rows = []
    if learning.test_id in test_numbers:
        rows.append([t("evidence.learning.test"), test_ref(t, test_numbers[learning.test_id])])
    for field in LEARNING_FIELDS:
        value = getattr(learning, field)
        if value:
            rows.append([t(f"evidence.learning.{field}"), value])
    rows.append([t("evidence.learning.strength"), t(f"evidence.strength.{learning.strength}")])
    if learning.criterion_met is not None:
        rows.append([t("evidence.learning.criterion_met"),
                     t(f"evidence_trust.criterion.{learning.criterion_met}")])
    if learning.people is not None:
        rows.append([t("evidence.learning.people"), format_number(learning.people, t.language)])
    if learning.interviewee:
        rows.append([t("evidence.learning.interviewee"), learning.interviewee])
    if learning.heard_on is not None:
        rows.append([t("evidence.learning.heard_on"), _day(t, learning.heard_on)])
    if learning.group is not None:
        rows.append([t("evidence.learning.group"), t(f"evidence.guide.group.{learning.group}")])
    if learning.verdict is not None:
        rows.append([t("evidence.learning.verdict"), t(f"status.{learning.verdict}")])
    rows.append([t("evidence.learning.recorded"), _day(t, learning.recorded_at)])
    header = [t("evidence.report.learning_title", n=number), ""]
    return Table(header, rows, CARD)


def status_line(t, item) -> str:
    """The item's status and, when a learning gave it, that learning as the reason."""
    status = getattr(item, "status", None)
    reason = next((card for card in reversed(item.learnings)
                   if card.verdict is not None and card.verdict == status), None)
    if status is None:
        return ""
    if reason is None:
        return t("evidence.report.status", status=t(f"status.{status}"))
    numbers = {card.id: n for n, card in enumerate(item.learnings, start=1)}
    return t("evidence.report.status_reason", status=t(f"status.{status}"),
             n=numbers[reason.id], text=reason.learned or reason.observed)


def item_evidence(canvas: Canvas, t) -> list[ItemEvidence]:
    """Every item with a test or a learning, profile ranked first, then the value map."""
    out = []
    for section in EVIDENCE_SECTIONS:
        entries = (ranked(canvas.section(section)) if section in SECTIONS
                   else list(enumerate(canvas.section(section), start=1)))
        for rank, item in entries:
            if not (item.tests or item.learnings):
                continue
            numbers = {test.id: n for n, test in enumerate(item.tests, start=1)}
            cards = [_test_table(t, n, test) for n, test in enumerate(item.tests, start=1)]
            cards += [_learning_table(t, n, card, numbers)
                      for n, card in enumerate(item.learnings, start=1)]
            out.append(ItemEvidence(item_title(t, section, rank, item.text),
                                    status_line(t, item), cards))
    return out
