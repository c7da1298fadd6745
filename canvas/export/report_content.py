"""What the canvas report says, apart from how a format draws it.

The PDF report (:mod:`canvas.export.report`) and the Word report (:mod:`canvas.export.word`)
give the same handout in two file types. The words, tables and their order are decided
here once, as plain strings and rows, so the two cannot drift apart; each format only lays
them out. User text is passed on exactly as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from canvas.evidence.persona import group_label, persona_lines
from canvas.fileformat.models import SCORE_FIELD, SECTIONS, Canvas
from canvas.formatting import format_date, format_percent
from canvas.i18n import native_digits
from canvas.ranking.rules import rank_map, ranked

SINGULAR = {"jobs": "job", "pains": "pain", "gains": "gain"}
PROFILE_COUNTS = ("jobs", "pains", "gains", "products", "pain_relievers", "gain_creators")


@dataclass(frozen=True)
class Table:
    """A table of the report: its header, its rows and, per column, the alignment and the
    share of the spare width it takes (0: as narrow as its content)."""

    header: list[str]
    rows: list[list[str]]
    columns: list[tuple[str, float]]


@dataclass(frozen=True)
class Part:
    """One titled part of a chapter: a table, or the sentence saying why there is none."""

    title: str
    table: Table | None
    note: str | None = None


def language(t) -> str:
    return getattr(t, "language", "en")


def date_text(t, when: datetime) -> str:
    return format_date(when, language(t))


def percent(t, value: float | None) -> str:
    return t("export.percent.none") if value is None else format_percent(value, language(t))


def number(t, n: int) -> str:
    """A rank, score or count in the reader's digits (Persian writes ۰-۹)."""
    return native_digits(str(n), language(t))


def count_title(t, section: str, n: int) -> str:
    return f"{t(f'section.{section}')} ({number(t, n)})"


FIELD_VALUE = [("LEFT", 0), ("LEFT", 1)]
#: Cards (persona groups, test and learning cards): a third for the label, so a group's
#: or card's name heads its table on one line and the cards line up one under another.
CARD = [("LEFT", 1), ("LEFT", 2)]


def facts_table(canvas: Canvas, t, now: datetime, learner: str = "") -> Table:
    """The title page's facts: who made it (workshop handouts), segment, relation, dates."""
    segment = canvas.segment
    rows = [[t("room.report.learner"), learner]] if learner else []
    rows += [[t("segment.name"), segment.name],
            [t("segment.relation"), t(f"relation.{segment.relation}")],
            [t("export.report.exported"), date_text(t, now)],
            [t("export.report.updated"), date_text(t, canvas.updated_at)]]
    return Table([t("export.column.field"), t("export.column.value")], rows, FIELD_VALUE)


def counts_line(canvas: Canvas, t) -> str:
    # Joined as the language writes a list (Arabic and Persian: "، ").
    return t("coach.list_separator").join(count_title(t, name, len(canvas.section(name)))
                     for name in PROFILE_COUNTS)


def persona_tables(canvas: Canvas, t) -> list[Table]:
    """The persona card, one table per group (headed by the group's name) with the
    filled fields only; none when the canvas has no card worth showing."""
    tables: dict[str, Table] = {}
    for group, label, value in persona_lines(canvas.segment.persona, t):
        if group not in tables:
            tables[group] = Table([group_label(t, group), ""], [], CARD)
        tables[group].rows.append([label, value])
    return list(tables.values())


def profile_parts(canvas: Canvas, t) -> list[Part]:
    """Jobs, pains and gains, each ranked, with the columns its items use."""
    parts = []
    for section in SECTIONS:
        items = canvas.section(section)
        title = count_title(t, section, len(items))
        if not items:
            parts.append(Part(title, None, t("export.report.empty")))
            continue
        has_freq = section != "gains"
        has_notes = any(item.notes for item in items)
        header = ["#", t("export.column.text"), t("export.column.kind"),
                  t(f"score.{SCORE_FIELD[section]}")]
        columns = [("CENTER", 0), ("LEFT", 3), ("LEFT", 0), ("CENTER", 0)]
        if has_freq:
            header.append(t("score.frequency"))
            columns.append(("CENTER", 0))
        header.append(t("export.column.status"))
        columns.append(("LEFT", 0))
        if has_notes:
            header.append(t("export.column.notes"))
            columns.append(("LEFT", 2))
        rows = []
        for rank, item in ranked(items):
            row = [number(t, rank), item.text, t(f"kind.{SINGULAR[section]}.{item.kind}"),
                   number(t, getattr(item, SCORE_FIELD[section]))]
            if has_freq:
                row.append("–" if item.frequency is None else number(t, item.frequency))
            row.append(t(f"status.{item.status}"))
            if has_notes:
                row.append(item.notes)
            rows.append(row)
        parts.append(Part(title, Table(header, rows, columns)))
    return parts


def _linked(t, ids: list[str], items: dict, ranks: dict[str, int]) -> str:
    """``#rank text`` of each linked item, one per line, most important first."""
    live = sorted((ranks[i], items[i].text) for i in ids if i in items)
    return "\n".join(f"#{number(t, rank)} {text}" for rank, text in live)


def value_map_parts(canvas: Canvas, t) -> list[Part]:
    """Products, pain relievers and gain creators, with what each relieves or creates."""
    pains = {p.id: p for p in canvas.pains}
    gains = {g.id: g for g in canvas.gains}
    parts = []
    for section, links, items, ranks in (
        ("products", None, None, None),
        ("pain_relievers", "relieves", pains, rank_map(canvas.pains)),
        ("gain_creators", "creates", gains, rank_map(canvas.gains)),
    ):
        entries = canvas.section(section)
        title = count_title(t, section, len(entries))
        if not entries:
            parts.append(Part(title, None, t("export.report.empty")))
            continue
        has_notes = any(item.notes for item in entries)
        header = ["#", t("export.column.text")]
        columns = [("CENTER", 0), ("LEFT", 1)]
        if links:
            header.append(t(f"export.column.{links}"))
            columns.append(("LEFT", 1))
        if has_notes:
            header.append(t("export.column.notes"))
            columns.append(("LEFT", 0.6))
        rows = []
        for position, item in enumerate(entries, start=1):
            row = [number(t, position), item.text]
            if links:
                row.append(_linked(t, getattr(item, links), items, ranks)
                           or t("export.report.no_links"))
            if has_notes:
                row.append(item.notes)
            rows.append(row)
        parts.append(Part(title, Table(header, rows, columns)))
    return parts


def fit_sentences(fit, t) -> list[str]:
    """How much of the pains and gains the value map covers, in sentences."""
    if fit.score is None:
        return [t("export.fit.nothing")]
    return [t("export.fit.pains", covered=fit.pain_covered, total=fit.pain_weight,
              percent=percent(t, fit.pain_coverage)),
            t("export.fit.gains", covered=fit.gain_covered, total=fit.gain_weight,
              percent=percent(t, fit.gain_coverage))]


def fit_parts(canvas: Canvas, fit, t) -> list[Part]:
    """The gaps: pains and gains nothing addresses, relievers and creators that help none."""
    parts = []
    for key, entries, score, total in (
        ("export.fit.unaddressed_pains", fit.unaddressed_pains, "severity", canvas.pains),
        ("export.fit.unaddressed_gains", fit.unaddressed_gains, "relevance", canvas.gains),
    ):
        if not total:
            continue  # no pains (gains) at all: "all addressed" would mislead
        if not entries:
            parts.append(Part(t(key), None, t("export.fit.all_addressed")))
            continue
        parts.append(Part(t(key), Table(
            ["#", t("export.column.text"), t(f"score.{score}")],
            [[number(t, rank), item.text, number(t, getattr(item, score))]
             for rank, item in entries],
            [("CENTER", 0), ("LEFT", 1), ("CENTER", 0)])))
    for key, entries in (("export.fit.idle_relievers", fit.idle_relievers),
                         ("export.fit.idle_creators", fit.idle_creators)):
        if entries:
            parts.append(Part(t(key), Table([t("export.column.text")],
                                            [[item.text] for item in entries],
                                            [("LEFT", 1)])))
    return parts
