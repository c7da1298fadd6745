"""Test cards and learning cards as pure edits: canvas in, new validated canvas out.

The evidence panel, the interview guide's "attach as learning" and the tests all change
cards through here, so every change passes the same model rules (card limits, unique
ids, a learning's ``test_id`` naming a test of its own item) before it can be saved, and
the board's undo keeps working on whole canvases. Nothing here mutates its input.

Sections are the profile's (jobs, pains, gains) plus ``pain_relievers`` and
``gain_creators``: products carry no evidence of their own.
"""

from __future__ import annotations

import re

from canvas.editing.edits import replace_section, validated
from canvas.fileformat.models import EVIDENCE_STRENGTHS, SECTIONS, Canvas, LearningCard, TestCard

EVIDENCE_SECTIONS = (*SECTIONS, "pain_relievers", "gain_creators")
CARD_PREFIX = "e"


def _items(canvas: Canvas, section: str) -> list:
    if section not in EVIDENCE_SECTIONS:
        raise ValueError(f"{section} carries no tests or learnings")
    return list(canvas.section(section))


def _index(items: list, item_id: str) -> int:
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    raise KeyError(item_id)


def _with_item(canvas: Canvas, section: str, item_id: str, change) -> Canvas:
    """``change(item) -> item`` applied to one item, the canvas validated again."""
    items = _items(canvas, section)
    index = _index(items, item_id)
    items[index] = change(items[index])
    return validated(replace_section(canvas, section, items))


def find_item(canvas: Canvas, section: str, item_id: str):
    items = _items(canvas, section)
    return items[_index(items, item_id)]


def new_card_id(item) -> str:
    """``e1``, ``e2``...: the next number after every test and learning id of the item,
    so a test and a learning never share an id either."""
    numbers = [int(match.group(1)) for card in (*item.tests, *item.learnings)
               if (match := re.fullmatch(rf"{CARD_PREFIX}(\d+)", card.id))]
    return f"{CARD_PREFIX}{max(numbers, default=0) + 1}"


def _same_card(a, b, stamp: str) -> bool:
    """Two cards say the same, whenever they were written."""
    return a.model_dump(exclude={stamp}) == b.model_dump(exclude={stamp})


def add_test(canvas: Canvas, section: str, item_id: str, test: TestCard) -> Canvas:
    """Append a test. Idempotent: the id is chosen when the form is drawn, so a second
    submit of the same form (a double click) finds its card there and changes nothing.
    A different card under that id (another tab took it meanwhile) gets the next id."""
    def change(item):
        existing = next((card for card in item.tests if card.id == test.id), None)
        if existing is not None:
            if _same_card(existing, test, "created_at"):
                return item
            return item.model_copy(update={"tests": [
                *item.tests, test.model_copy(update={"id": new_card_id(item)})]})
        return item.model_copy(update={"tests": [*item.tests, test]})

    return _with_item(canvas, section, item_id, change)


def update_test(canvas: Canvas, section: str, item_id: str, test: TestCard) -> Canvas:
    """Replace the test with ``test.id`` in place (its position is kept)."""
    def change(item):
        tests = list(item.tests)
        tests[_index(tests, test.id)] = test
        return item.model_copy(update={"tests": tests})

    return _with_item(canvas, section, item_id, change)


def delete_test(canvas: Canvas, section: str, item_id: str, test_id: str) -> Canvas:
    """Remove a test; learnings that reported on it stay, no longer tied to a test."""
    def change(item):
        tests = list(item.tests)
        del tests[_index(tests, test_id)]
        learnings = [card.model_copy(update={"test_id": None})
                     if card.test_id == test_id else card for card in item.learnings]
        return item.model_copy(update={"tests": tests, "learnings": learnings})

    return _with_item(canvas, section, item_id, change)


def _close_test(tests: list, test_id: str | None) -> list:
    """The reported test is done: a learning is what a finished test gives."""
    return [card.model_copy(update={"state": "done"}) if card.id == test_id else card
            for card in tests]


def record_learning(canvas: Canvas, section: str, item_id: str, learning: LearningCard,
                    set_status: bool) -> Canvas:
    """Append a learning card; the test it reports on, if any, is done.

    With ``set_status`` and a verdict, a job, pain or gain takes the verdict as its
    status and the card stays as the reason (pain relievers and gain creators have no
    status: the card keeps the verdict all the same). Without ``set_status`` the card is
    stored with no verdict, because a verdict records what the learning did to its item.
    Idempotent as :func:`add_test`: the same card sent twice is stored once.
    """
    if not set_status:
        learning = learning.model_copy(update={"verdict": None})

    def change(item):
        existing = next((card for card in item.learnings if card.id == learning.id), None)
        card = learning
        if existing is not None:
            if _same_card(existing, learning, "recorded_at"):
                return item
            card = learning.model_copy(update={"id": new_card_id(item)})
        update = {"learnings": [*item.learnings, card],
                  "tests": _close_test(item.tests, card.test_id)}
        if card.verdict is not None and "status" in type(item).model_fields:
            update["status"] = card.verdict
        return item.model_copy(update=update)

    return _with_item(canvas, section, item_id, change)


def update_learning(canvas: Canvas, section: str, item_id: str,
                    learning: LearningCard) -> Canvas:
    """Replace the learning with ``learning.id`` in place (its position and the day it
    was recorded are kept). A new verdict becomes the item's status, as when recorded;
    taking the verdict away leaves the status as it is. A test it now reports on is done.
    """
    def change(item):
        learnings = list(item.learnings)
        index = _index(learnings, learning.id)
        old = learnings[index]
        learnings[index] = learning.model_copy(update={"recorded_at": old.recorded_at})
        update = {"learnings": learnings}
        if learning.test_id != old.test_id:
            update["tests"] = _close_test(item.tests, learning.test_id)
        if (learning.verdict is not None and learning.verdict != old.verdict
                and "status" in type(item).model_fields):
            update["status"] = learning.verdict
        return item.model_copy(update=update)

    return _with_item(canvas, section, item_id, change)


def delete_learning(canvas: Canvas, section: str, item_id: str, learning_id: str) -> Canvas:
    """Remove a learning card; the item keeps its status (the learner may still stand by
    it, and the status editor is one click away)."""
    def change(item):
        learnings = list(item.learnings)
        del learnings[_index(learnings, learning_id)]
        return item.model_copy(update={"learnings": learnings})

    return _with_item(canvas, section, item_id, change)


def strongest_evidence(item) -> str | None:
    """The strongest of the item's learnings (say < do < pay), or None without any."""
    strengths = {card.strength for card in item.learnings}
    return next((s for s in reversed(EVIDENCE_STRENGTHS) if s in strengths), None)


def has_evidence(item) -> bool:
    return bool(item.tests or item.learnings)


def tested_count(canvas: Canvas) -> tuple[int, int]:
    """``(tested, assumptions)`` for the facilitator's "N of M assumptions tested".

    The assumptions are the jobs, pains and gains whose status is "assumption", every
    pain reliever and gain creator (they have no status: each is a bet until tested), and
    any validated or invalidated item that has a test or a learning (it was an assumption
    until its evidence decided it). An item is tested when it has at least one test card
    or learning card. A status set by hand, with no card, counts in neither number.
    """
    tested = total = 0
    for section in EVIDENCE_SECTIONS:
        for item in canvas.section(section):
            evidence = has_evidence(item)
            if evidence or getattr(item, "status", "assumption") == "assumption":
                total += 1
                tested += evidence
    return tested, total


def method_label(t, test: TestCard) -> str:
    """How a test is run, in the reader's language, or in the learner's own words;
    "Not chosen yet" when the learner has not said."""
    if test.method is None:
        return t("evidence_trust.method.none")
    if test.method == "other":
        return test.method_other.strip() or t("evidence.method.own_words")
    return t(f"evidence.method.{test.method}")
