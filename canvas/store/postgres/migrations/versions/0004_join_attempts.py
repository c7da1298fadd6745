"""Wrong workshop codes per account (issue 22, point 6).

Revision ID: 0004_join_attempts
Revises: 0003_comments_mentor_links

One row per account that typed a wrong code: how many since when, and when its rest ends
(:mod:`canvas.store.rules.join_attempts`). The row is locked ``FOR UPDATE`` by each join, so guesses
sent at once through several app servers are all counted. It goes with the account.
"""

from alembic import op

revision = "0004_join_attempts"
down_revision = "0003_comments_mentor_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE join_attempts (
            username text PRIMARY KEY,
            wrong integer NOT NULL DEFAULT 0 CHECK (wrong >= 0),
            since timestamptz NOT NULL DEFAULT now(),
            resting_until timestamptz
        );
    """)


def downgrade() -> None:
    op.execute("DROP TABLE join_attempts;")
