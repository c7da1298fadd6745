"""The gallery walk's cards (canvas/ui/projector/walk_cards.py): their numbers."""

from canvas.editing import edits as editing
from canvas.fileformat.models import blank_canvas
from canvas.i18n import Translator
from canvas.room.walk_layout import WALK_TYPE
from canvas.ui.projector.walk_cards import card_html


def _card(language: str) -> str:
    canvas = blank_canvas("Boulangerie")
    canvas = editing.add_item(canvas, "jobs", "Livrer avant 7 h", kind="functional",
                              importance=5)[0]
    return card_html(Translator(language), canvas, "lea", 600, 400, WALK_TYPE, True)


def test_a_card_numbers_its_notes_in_the_language_s_digits():
    # The note stays as typed ("7 h"); only our number is Persian.
    assert "۱. <bdi>Livrer avant 7 h</bdi>" in _card("fa")
    assert "1. <bdi>Livrer avant 7 h</bdi>" in _card("ar")
    assert "1. <bdi>Livrer avant 7 h</bdi>" in _card("en")
