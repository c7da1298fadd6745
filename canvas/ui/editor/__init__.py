"""Working on one canvas: the board of the Customer profile and Value map pages and what frames it.

``board_widget`` is the board component itself, ``board_page`` the row above it,
``profile_editor`` and ``value_map_editor`` the two pages' panels (segment, persona, ideas,
fit), ``persona_card`` the persona, ``risk_panel`` the riskiest assumptions to test first;
``editor_state`` holds the session's working copy with autosave, undo and conflicts, and
``canvas_live`` redraws the open board when a facilitator changes it.
"""
