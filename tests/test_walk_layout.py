"""What a projected column shows, what it counts as "and N more", and the walk's pages."""

from canvas.room.walk_layout import Cut, cut_sections, page_count, page_of, walk_order


def test_everything_fits_nothing_is_cut():
    assert cut_sections([[1, 1], [2], []], room=4) == [Cut(2, 0), Cut(1, 0), Cut(0, 0)]


def test_sections_take_turns_and_keep_a_line_for_the_rest():
    # 10 one-line jobs, 2 pains, 6 gains in 10 lines: jobs and gains are cut, pains whole.
    cuts = cut_sections([[1] * 10, [1] * 2, [1] * 6], room=10)
    assert cuts == [Cut(3, 7), Cut(2, 0), Cut(3, 3)]
    used = sum(c.shown for c in cuts) + sum(1 for c in cuts if c.more)
    assert used <= 10


def test_a_long_note_is_not_skipped_for_a_shorter_one_after_it():
    # The second job takes 4 lines and does not fit: the third (1 line) is not shown
    # ahead of it, and the count says two more.
    assert cut_sections([[1, 4, 1]], room=4) == [Cut(1, 2)]


def test_one_more_costs_a_line_like_the_note_it_replaces():
    assert cut_sections([[1, 1, 1]], room=3) == [Cut(3, 0)]
    assert cut_sections([[1, 1, 1, 1]], room=3) == [Cut(2, 2)]


def test_no_room_counts_every_note():
    assert cut_sections([[1, 1], [2]], room=0) == [Cut(0, 2), Cut(0, 1)]


def test_walk_order_puts_picks_first_and_drops_unshared_ones():
    shared = ["a/1", "b/1", "c/1", "d/1", "e/1", "f/1"]
    assert walk_order(shared, ["e/1", "gone/9", "b/1", "e/1"]) == [
        "e/1", "b/1", "a/1", "c/1", "d/1", "f/1"]
    assert walk_order(shared, []) == shared
    # At most one page of picks comes first.
    assert walk_order(shared, ["f/1", "e/1", "d/1", "c/1", "b/1"])[:5] == [
        "f/1", "e/1", "d/1", "c/1", "a/1"]


def test_pages_of_four():
    refs = [str(i) for i in range(9)]
    assert page_count(0) == 1 and page_count(4) == 1 and page_count(9) == 3
    assert page_of(refs, 0) == ["0", "1", "2", "3"]
    assert page_of(refs, 2) == ["8"]
    assert page_of(refs, 7) == ["8"]      # past the end: the last page
    assert page_of([], 0) == []


def test_type_keeps_its_share_of_the_screen():
    from canvas.room.walk_layout import MIN_TYPE, REFERENCE_ROOM, WALK_TYPE, scaled

    assert scaled(WALK_TYPE, *REFERENCE_ROOM) == WALK_TYPE
    half = scaled(WALK_TYPE, REFERENCE_ROOM[0] * 0.75, REFERENCE_ROOM[1])
    assert (half.head, half.item) == (21, 18)
    tiny = scaled(WALK_TYPE, 400, 300)
    assert (tiny.head, tiny.item) == (MIN_TYPE + 2, MIN_TYPE)
    assert scaled(WALK_TYPE, 9000, 9000).item == round(24 * 1.3)


def test_line_counts_wrap_at_words_and_widen_for_cyrillic():
    from canvas.room.walk_layout import line_counts

    # 24 px type in 240 px: "Prices are too high for us" is 251.7 px wide, 21 x 229.3.
    assert line_counts(["Short", "Prices are too high for us", "x" * 21], 240, 24) == [1, 2, 1]
    # Cyrillic glyphs are wider: 18 of them take 234.9 px of the 240.
    assert line_counts(["абвгдежзийклмнопрс", "абвгдежзийклмнопрст уф"], 240, 24) == [1, 2]


def test_card_cuts_show_everything_in_a_big_card_and_count_the_rest_in_a_small_one():
    from canvas.room.walk_layout import WALK_TYPE, card_cuts

    sections = [[f"{i}. Job" for i in range(1, 4)], [f"{i}. Pain" for i in range(1, 9)], []]
    big = card_cuts(sections, "Lena · Bakery", False, 900, 600, WALK_TYPE, True)
    assert big == [Cut(3, 0), Cut(8, 0), Cut(0, 0)]
    # 200 px: minus frame (28), head gap (8) and one head line (36.4) leaves 127.6 px,
    # four 31.2 px lines, one of them the section label: three rows per column.
    small = card_cuts(sections, "Lena · Bakery", False, 900, 200, WALK_TYPE, True)
    assert small == [Cut(3, 0), Cut(2, 6), Cut(0, 0)]
    # A title on two lines and a note under it take the rows of the notes.
    long_head = "Lena Bauer · " + "A very long title for a bakery near the station " * 2
    assert card_cuts(sections, long_head, True, 900, 200, WALK_TYPE, True) == [
        Cut(0, 3), Cut(0, 8), Cut(0, 0)]


def test_stacked_sections_share_the_column():
    from canvas.room.walk_layout import COMPARE_TYPE, card_cuts

    sections = [["1. Job"] * 6, ["1. Pain"] * 6, ["1. Gain"] * 6]
    cuts = card_cuts(sections, "Omar · Taxi", True, 600, 500, COMPARE_TYPE, False)
    # 500 - 28 - 8 - 36.4 (head) - 33.8 (note) - 24 (gaps) = 369.8 px: 10 lines, 3 of
    # them labels; of the 7 left, each cut section keeps one for its "and N more".
    assert cuts == [Cut(2, 4), Cut(1, 5), Cut(1, 5)]


def test_text_width_is_the_page_fonts_own_advances():
    from canvas.room.walk_layout import text_width

    # Source Sans, thousandths of an em: a 504, bold a 527, ш 749, space 200.
    assert text_width("a", 1000) == 504
    assert text_width("a", 1000, bold=True) == 527
    assert text_width("ш", 1000) == 749
    assert text_width(" ", 1000) == 200
    assert round(text_width("1. Pain 1 of Anna's shop", 24), 3) == 235.416
    # Outside the table: a full em for CJK, 0.65 em for anything else.
    assert text_width("漢", 1000) == 1000 and text_width("\u2603", 1000) == 650


def test_lines_break_at_spaces_and_a_long_word_anywhere():
    from canvas.room.walk_layout import lines_of, text_width

    note = "1. Pain 1 of Anna's shop"
    wide = text_width(note, 24)
    assert lines_of(note, wide, 24) == 1            # exactly as wide: one line
    assert lines_of(note, wide - 0.1, 24) == 2     # "shop" goes to the next line
    assert lines_of("", 100, 24) == 1
    # 30 x "m" in a column as wide as 10 of them: three lines, broken inside the word
    # as overflow-wrap: anywhere does; a short word before it takes a line of its own.
    word = "m" * 30
    assert lines_of(word, text_width("m" * 10, 24), 24) == 3
    assert lines_of("ab " + word, text_width("m" * 10, 24), 24) == 4


def test_a_busy_walk_card_fills_its_rows_before_saying_how_many_more():
    from canvas.room.walk_layout import WALK_TYPE, card_cuts, scaled

    pains = [f"{i}. Pain {i} of Anna's shop" for i in range(1, 21)]
    jobs = [f"{i}. Job {i} of Anna's shop" for i in (1, 2)]
    gains = [f"{i}. Gain {i} of Anna's shop" for i in (1, 2)]
    # A 1920x1080 projector measures 1800 x 960 below the heading: cards of 892 x 416,
    # columns of 261.3 px at 24 px type, where each note takes one line.
    kind = scaled(WALK_TYPE, 1800, 960)
    cuts = card_cuts([jobs, pains, gains], "Anna User · Anna's shop", 0, 892, 416, kind, True)
    # 416 - 28 (frame) - 8 (gap) - 36.4 (head) = 343.6 px: 11 lines of 31.2, one the
    # label: 9 notes and "and 11 more" fill the 10 left (it was 4 and "and 16 more").
    assert cuts == [Cut(2, 0), Cut(9, 11), Cut(2, 0)]
    # 1280x720: 16 px type, 584 x 224 cards, 159.3 px columns, still one line a note.
    kind = scaled(WALK_TYPE, 1184, 576)
    assert (kind.item, kind.head) == (16, 18)
    cuts = card_cuts([jobs, pains, gains], "Anna User · Anna's shop", 0, 584, 224, kind, True)
    assert cuts == [Cut(2, 0), Cut(5, 15), Cut(2, 0)]
