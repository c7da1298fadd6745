"""Near-duplicate pains and gains across a room's canvases, counted per canvas."""

from datetime import UTC, datetime

from canvas.models import Gain, Pain, blank_canvas
from canvas.room_overview import overview_rows
from canvas.room_summary import (
    THRESHOLD,
    Group,
    Mention,
    comparable,
    group_mentions,
    section_mentions,
    similarity,
)


def mentions(*pairs):
    return [Mention(text, canvas) for text, canvas in pairs]


def test_case_punctuation_and_accents_are_ignored():
    assert comparable("  Le Café est  TROP cher ! ") == "cafe cher"
    groups = group_mentions(mentions(("Café trop cher", "a"), ("cafe trop CHER!", "b"),
                                     ("Le café est trop cher", "c")))
    assert groups == [Group("Café trop cher", 3,
                            ("Café trop cher", "cafe trop CHER!", "Le café est trop cher"))]


def test_word_order_is_ignored():
    groups = group_mentions(mentions(("Prices are too high", "a"), ("Too high prices", "b"),
                                     ("prices too high", "c"), ("Prices are too high", "d")))
    assert [(g.label, g.count) for g in groups] == [("Prices are too high", 4)]


def test_ukrainian_text_groups_and_keeps_its_letters():
    assert comparable("Їжа та кава") == "їжа кава"   # ї is a letter, not і with a mark
    assert comparable("Зійшлися в районі") == "зійшлися районі"   # й too
    groups = group_mentions(mentions(("Ціни занадто високі", "a"),
                                     ("занадто високі ціни", "b"),
                                     ("Доставка занадто повільна", "c"),
                                     ("Доставка занадто дорога", "d")))
    assert [(g.label, g.count) for g in groups] == [
        ("Ціни занадто високі", 2), ("Доставка занадто дорога", 1),
        ("Доставка занадто повільна", 1)]


def test_different_pains_that_share_words_stay_apart():
    different = [("Delivery is too slow", "Delivery is too expensive"),
                 ("No time to cook", "No time to shop"),
                 ("Hard to find parking", "Hard to find childcare"),
                 ("Not enough time", "Enough time"),
                 ("Kids cannot come along", "Kids can come along"),
                 ("parking is hard to find", "parking is hard to afford"),
                 ("Доставка занадто повільна", "Доставка занадто дорога")]
    for first, second in different:
        assert similarity(first, second) < THRESHOLD, (first, second)
        assert len(group_mentions(mentions((first, "a"), (second, "b")))) == 2
    same = [("Long queues at the bakery", "Long queue at bakery"),
            ("Everything is closed at 7am", "Everything is closed at 7 am"),
            ("Bread sells out early", "Bread sold out early"),
            ("De wachtrij is te lang", "Wachtrij te lang!"),
            ("Ціни дуже високі", "ціни високі")]
    for first, second in same:
        assert similarity(first, second) >= THRESHOLD, (first, second)


def test_a_canvas_counts_once_and_the_most_used_wording_names_the_group():
    groups = group_mentions(mentions(("too expensive", "a"), ("Too expensive", "a"),
                                     ("Too expensive", "b"), ("Slow service", "b"),
                                     ("", "c"), ("   ", "c")))
    assert groups == [Group("Too expensive", 2, ("too expensive", "Too expensive")),
                      Group("Slow service", 1, ("Slow service",))]


def test_no_chain_of_small_changes_merges_different_pains():
    # Each neighbour is close to the next, the ends are not: a group holds only
    # wordings close to all of its members.
    chain = ["Long queues at the bakery", "Long queue at the bakery", "Long queue at the bank"]
    assert similarity(chain[0], chain[1]) >= THRESHOLD
    assert similarity(chain[1], chain[2]) >= THRESHOLD
    assert similarity(chain[0], chain[2]) < THRESHOLD
    groups = group_mentions(mentions(*((text, str(i)) for i, text in enumerate(chain))))
    assert [g.variants for g in groups] == [
        ("Long queues at the bakery", "Long queue at the bakery"), ("Long queue at the bank",)]


def test_section_mentions_read_the_section_of_each_canvas():
    first = blank_canvas("A").model_copy(update={
        "pains": [Pain(id="p1", text="Queues", kind="obstacle", severity=3)],
        "gains": [Gain(id="g1", text="Fresh bread", kind="desired", relevance=4)]})
    second = blank_canvas("B").model_copy(update={
        "pains": [Pain(id="p1", text="queues!", kind="risk", severity=5)]})
    found = section_mentions([("lena/a", first), ("omar/b", second)], "pains")
    assert found == [Mention("Queues", "lena/a"), Mention("queues!", "omar/b")]
    assert group_mentions(found)[0].count == 2


def test_overview_rows_by_name_with_and_without_presence():
    when = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    bakery = blank_canvas("Bakery").model_copy(update={
        "updated_at": when,
        "pains": [Pain(id="p1", text="Queues", kind="obstacle", severity=3)]})
    apron = blank_canvas("Aprons").model_copy(update={"updated_at": when})
    names = {"zoe": "Anna Zorić", "lena": "Lena Bauer", "omar": "omar"}
    rows = overview_rows(["zoe", "lena", "omar"], names,
                         [("lena", bakery), ("lena", apron)])
    assert [(r.name, r.title, r.pains, r.online) for r in rows] == [
        ("Anna Zorić", "", 0, None), ("Lena Bauer", "Aprons", 0, None),
        ("Lena Bauer", "Bakery", 1, None), ("omar", "", 0, None)]
    assert rows[0].canvas_id is None and rows[2].updated_at == when
    online = overview_rows(["zoe", "lena"], names, [("lena", bakery)], online={"lena"})
    assert [(r.username, r.online) for r in online] == [("zoe", False), ("lena", True)]


def test_a_sharer_who_left_the_member_list_keeps_their_row():
    canvas = blank_canvas("Taxi")
    rows = overview_rows([], {}, [("omar", canvas)])
    assert [(r.username, r.name, r.title) for r in rows] == [("omar", "omar", "Taxi")]
