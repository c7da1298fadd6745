"""What a projected column shows, what it counts as "and N more", and the walk's pages."""

from canvas.walk_layout import Cut, cut_sections, page_count, page_of, walk_order


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
