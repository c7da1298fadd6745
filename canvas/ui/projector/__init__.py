"""What a facilitator shows a room: the projector and the live room it drives.

``projector_views`` steps through one canvas in large type, ``walk_views`` and
``walk_cards`` show the room's shared canvases (gallery walk, comparison, summary),
``evidence_present`` puts a test card or the assumptions map on the screen;
``room_controls`` is the facilitator's side of the live room (step, timer, dot vote) and
``room_banner`` what every learner's page shows of it ("Follow me").
"""
