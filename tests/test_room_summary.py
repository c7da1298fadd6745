"""Near-duplicate pains and gains across a room's canvases, counted per canvas."""

from datetime import UTC, datetime

from canvas.fileformat.models import Gain, Pain, blank_canvas
from canvas.room.overview import overview_rows
from canvas.room.summary import (
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
        ("Ціни занадто високі", 2), ("Доставка занадто повільна", 1),
        ("Доставка занадто дорога", 1)]   # equals in the order they were written


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
    assert found == [Mention("Queues", "lena/a", 3), Mention("queues!", "omar/b", 5)]
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


def test_groups_come_most_shared_then_highest_score_then_first_written_never_by_alphabet():
    """Issue 21.7: with nothing in common the summary listed pains alphabetically, so the
    Ukrainian ones (after every Latin letter) never appeared."""
    found = group_mentions([
        Mention("Черги в пекарні", "a", 5), Mention("Apples are sour", "b", 2),
        Mention("Bread is stale", "c", 4), Mention("Ціни високі", "d", 2),
        Mention("Zero parking", "e", 4), Mention("Zero parking", "f", 1)])
    assert [(g.label, g.count, g.score) for g in found] == [
        ("Zero parking", 2, 4), ("Черги в пекарні", 1, 5), ("Bread is stale", 1, 4),
        ("Apples are sour", 1, 2), ("Ціни високі", 1, 2)]


def test_the_summary_says_how_many_pains_it_leaves_out_in_each_language():
    from canvas.figures.room_summary import build_room_summary, shown_entries
    from canvas.i18n import Translator

    groups = [Group(f"Pain {i}", 1, (f"Pain {i}",), 3) for i in range(34)]
    shown, left_out = shown_entries(groups, 60, 20.0)
    assert (len(shown), left_out) == (7, 27)        # 7 x 2.6 lines + the "more" line
    assert shown_entries(groups[:3], 60, 20.0)[1] == 0
    expected = {"en": "and 27 more", "fr": "et 27 autres", "nl": "en nog 27",
                "uk": "і ще 27"}
    for language, text in expected.items():
        fig = build_room_summary(groups, groups[:2], 34, Translator(language),
                                 presentation=True)
        more = [a.text for a in fig.layout.annotations if a.name == "pains-more"]
        labels = [a for a in fig.layout.annotations if a.name == "pains-label"]
        assert more == [plain_more(text, 34 - len(labels))], language
        assert not [a for a in fig.layout.annotations if a.name == "gains-more"]
    one = build_room_summary(groups[:9], [], 9, Translator("fr"), size=(1600, 900))
    labels = [a for a in one.layout.annotations if a.name == "pains-label"]
    assert len(labels) == 8
    assert [a.text for a in one.layout.annotations if a.name == "pains-more"] == ["et 1 autre"]


def plain_more(text: str, n: int) -> str:
    return text.replace("27", str(n))
