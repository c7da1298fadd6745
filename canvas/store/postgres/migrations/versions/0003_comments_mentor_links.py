"""Comments on shared canvases and read-only mentor links.

Revision ID: 0003_comments_mentor_links
Revises: 0002_room_state

A mentor link keeps only the SHA-256 of its token (unique, so one lookup finds it) and
goes with its canvas (``ON DELETE CASCADE``): a deleted canvas leaves no link that could
open something else later. Comments keep the item's id and the text it had, so they
survive the item being edited or removed; their length is bounded in the table too.
"""

from alembic import op

revision = "0003_comments_mentor_links"
down_revision = "0002_room_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE canvas_comments (
            id text PRIMARY KEY,
            seq bigint GENERATED ALWAYS AS IDENTITY,
            workshop text NOT NULL,
            owner text NOT NULL,
            canvas_id text NOT NULL,
            section text NOT NULL,
            item_id text NOT NULL,
            item_text text NOT NULL,
            author text NOT NULL,
            body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 1000),
            created_at timestamptz NOT NULL,
            resolved_at timestamptz
        );
        CREATE INDEX canvas_comments_canvas ON canvas_comments (owner, canvas_id, seq);
        CREATE INDEX canvas_comments_author ON canvas_comments (author);

        CREATE TABLE mentor_links (
            id text PRIMARY KEY,
            owner text NOT NULL,
            canvas_id text NOT NULL,
            token_hash text NOT NULL UNIQUE,
            label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 80),
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            password text,
            last_opened_at timestamptz,
            failed_attempts integer NOT NULL DEFAULT 0,
            locked_until timestamptz,
            FOREIGN KEY (owner, canvas_id) REFERENCES canvases (username, id) ON DELETE CASCADE
        );
        CREATE INDEX mentor_links_owner ON mentor_links (owner, created_at DESC);
    """)


def downgrade() -> None:
    op.execute("DROP TABLE mentor_links, canvas_comments;")
