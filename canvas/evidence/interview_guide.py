"""The interview guide: what to ask real people about what the canvas should test first.

After ranking, the method's next step is to talk to customers, and newcomers tend to ask
the one question that teaches nothing: "would you buy this?" (people are kind, and a
promise about the future costs nothing). They also tend to read their own pain out
("is it annoying that everything is closed at 7am?"), which hands the person the answer.
The guide asks instead about past behaviour, open-ended: it starts from the job and the
last time it came up, then lets the person name their own pains and gains.

What it asks about is the "Test first" list (:func:`canvas.evidence.risk.riskiest`): items still
at "assumption", so a validated or invalidated item is never asked about again. Each
question is the same open wording whatever the item says; the learner's own words for
the item travel beside it as ``listen_for``, a note for the interviewer, never inside the
question read aloud. The guide is built here for one of the three groups the method
recommends interviewing, then edited by the learner before printing
(:func:`canvas.export.interview_guide.guide_pdf`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from canvas.evidence.risk import riskiest
from canvas.fileformat.models import INTERVIEW_GROUPS, SECTIONS, Canvas
from canvas.i18n import Translator
from canvas.ranking.rules import ranked

GROUPS = INTERVIEW_GROUPS
#: Items asked about per section: the top of the "Test first" list, so an interview stays
#: short; each gets its own open question (the first one per group, then follow-ups).
PER_SECTION = 3
#: Ruled lines for notes under each question.
NOTES_LINES = 5


@dataclass(frozen=True)
class Question:
    section: str        # jobs, pains or gains
    item_id: str        # the item the answer can be attached to as a learning
    text: str           # read aloud: never the learner's words for the item
    listen_for: str = ""  # the learner's words for the item: a note for the interviewer


@dataclass(frozen=True)
class Guide:
    """Everything the printed guide says; the learner may change any of it."""

    group: str
    opening: str
    questions: list[Question] = field(default_factory=list)
    closing: str = ""
    notes_space: int = NOTES_LINES   # ruled lines under each question


def question_text(t: Translator, section: str, group: str, number: int = 1) -> str:
    """The ``number``-th open question about ``section`` (1-based): the first is written
    for the group, the follow-ups for anyone. No item text: see the module docstring."""
    if number <= 1:
        return t(f"evidence.guide.ask.{section}.{group}")
    return t(f"export_trust.guide.ask.{section}.{min(number, PER_SECTION)}")


def asked_items(canvas: Canvas) -> list[tuple[str, object]]:
    """``(section, item)`` the guide asks about, in interview order: the job first, then
    pains, then gains; within a section, in "Test first" order, ``PER_SECTION`` at most.

    The interview starts from a job: when the list holds pains or gains but no job, the
    top-ranked validated job (known to be real: the best context to start from) opens
    it. An invalidated job never does."""
    items = {(section, item.id): item for section in SECTIONS
             for item in canvas.section(section)}
    listed = [risk for risk in riskiest(canvas) if risk.section in SECTIONS]
    chosen = {section: [items[(r.section, r.item_id)] for r in listed
                        if r.section == section][:PER_SECTION] for section in SECTIONS}
    if listed and not chosen["jobs"]:
        known = [item for _rank, item in ranked(canvas.jobs) if item.status == "validated"]
        chosen["jobs"] = known[:1]
    return [(section, item) for section in SECTIONS for item in chosen[section]]


def default_guide(canvas: Canvas, t: Translator, group: str) -> Guide:
    """The guide for ``group``: one open question about past behaviour per item of
    :func:`asked_items`, between an opening and a closing."""
    if group not in GROUPS:
        raise ValueError(f"unknown interview group {group!r}; expected one of {GROUPS}")
    questions, counts = [], dict.fromkeys(SECTIONS, 0)
    for section, item in asked_items(canvas):
        counts[section] += 1
        questions.append(Question(section, item.id,
                                  question_text(t, section, group, counts[section]),
                                  listen_for=item.text))
    return Guide(group=group, opening=t(f"evidence.guide.opening.{group}"),
                 questions=questions, closing=t(f"evidence.guide.closing.{group}"))


def listen_note(t: Translator, question: Question) -> str:
    """The interviewer's private note under a question ("" when there is nothing)."""
    if not question.listen_for.strip():
        return ""
    return t("export_trust.guide.listen_for", item=question.listen_for)
