"""The live room: the facilitator's step, timer and vote, and who is looking.

Revision ID: 0002_room_state
Revises: 0001

One row per workshop holds the room's state document (``body``, the same text the data
folder writes; empty until the first change); a change locks that row, which is what
keeps a learner's dots within their budget when two servers take their clicks at once.
Presence is a row per learner, overwritten at most every 20 s by each learner's screen.
Both go with their workshop.
"""

from alembic import op

revision = "0002_room_state"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE room_state (
            code text PRIMARY KEY REFERENCES workshops (code) ON DELETE CASCADE,
            body text NOT NULL
        );
        CREATE TABLE room_presence (
            code text NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
            username text NOT NULL,
            seen_at double precision NOT NULL,
            PRIMARY KEY (code, username)
        );
    """)


def downgrade() -> None:
    op.execute("DROP TABLE room_presence, room_state;")
