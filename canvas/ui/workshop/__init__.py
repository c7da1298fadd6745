"""Running a workshop: joining it, sharing into it, and the facilitator's view of the room.

``workshop_views`` is the Workshops page (join, share, the gallery), ``join_screen`` the
code and QR code for the projector, ``workshop_share`` the "Share with my workshop" button,
``group_form`` the accounts and login cards for a whole group, ``facilitator_overview`` the
table of members and what they shared, ``comment_panels`` the comments between facilitator
and learner.
"""
