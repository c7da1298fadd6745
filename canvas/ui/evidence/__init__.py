"""Testing assumptions: test cards, learning cards and the interview guide.

``evidence_panel`` is the panel beside the board with the open item's tests and learnings;
``guide_editor`` is the Interview guide page, whose notes become learning cards.
"""
