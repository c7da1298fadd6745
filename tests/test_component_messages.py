"""Messages from the app's browser components are read exactly or not at all."""

import pytest

from canvas.editing.component_messages import FigureRoom, read


def test_a_figure_room_is_whole_pixels_within_reason():
    assert read(FigureRoom, {"width": 1200, "height": 640}) == FigureRoom(width=1200,
                                                                          height=640)


@pytest.mark.parametrize("value", [
    None, "1200", [1200, 640], {"width": "abc", "height": 1}, {"width": 1200.5, "height": 1},
    {"width": "1200", "height": 640}, {"width": 0, "height": 1}, {"width": -5, "height": 1},
    {"width": 10**9, "height": 1}, {"width": 1200}, {"width": 1200, "height": 1, "x": 1},
    {"width": True, "height": 1}])
def test_anything_else_is_no_figure_room(value):
    assert read(FigureRoom, value) is None
