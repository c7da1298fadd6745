"""The first schema: accounts, canvases with history, per-canvas preferences, workshops.

Revision ID: 0001
Revises:

Written as SQL rather than through table models because the invariants live in it: the
case-insensitive unique indexes on usernames and e-mail addresses are what makes a
registration race end with one account, whatever the application does. A canvas is kept
as the exact text the data folder would write (``body``), so a copy between the two
backends is byte for byte; the summary columns beside it let a list of 1,000 canvases
come from one index scan without parsing any document.
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE accounts (
            username text PRIMARY KEY,
            email text NOT NULL,
            first_name text NOT NULL DEFAULT '',
            last_name text NOT NULL DEFAULT '',
            password text NOT NULL,
            roles text[] NOT NULL,
            preferences jsonb NOT NULL DEFAULT '{}'::jsonb,
            created_at bigint NOT NULL,
            failed_login_attempts integer NOT NULL DEFAULT 0,
            locked_until double precision,
            session_generation integer NOT NULL DEFAULT 0,
            last_login_at bigint
        );
        CREATE UNIQUE INDEX accounts_username_ci ON accounts (lower(username));
        CREATE UNIQUE INDEX accounts_email_ci ON accounts (lower(email));

        CREATE TABLE canvases (
            username text NOT NULL,
            id text NOT NULL,
            revision integer NOT NULL,
            body text NOT NULL,
            size integer NOT NULL,
            title text NOT NULL,
            segment text NOT NULL,
            language text NOT NULL,
            updated_at timestamptz NOT NULL,
            jobs integer NOT NULL,
            pains integer NOT NULL,
            gains integer NOT NULL,
            value_map integer NOT NULL,
            PRIMARY KEY (username, id)
        );
        CREATE INDEX canvases_newest ON canvases (username, updated_at DESC);

        CREATE TABLE canvas_history (
            username text NOT NULL,
            canvas_id text NOT NULL,
            revision integer NOT NULL,
            body text NOT NULL,
            PRIMARY KEY (username, canvas_id, revision),
            FOREIGN KEY (username, canvas_id) REFERENCES canvases (username, id)
                ON DELETE CASCADE
        );

        CREATE TABLE canvas_meta (
            username text NOT NULL,
            canvas_id text NOT NULL,
            dismissed text[] NOT NULL DEFAULT '{}',
            PRIMARY KEY (username, canvas_id)
        );

        CREATE TABLE workshops (
            code text PRIMARY KEY,
            name text NOT NULL,
            facilitator text NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX workshops_facilitator ON workshops (facilitator);

        CREATE TABLE workshop_members (
            code text NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
            username text NOT NULL,
            joined_at timestamptz NOT NULL,
            PRIMARY KEY (code, username)
        );
        CREATE INDEX workshop_members_user ON workshop_members (username);

        CREATE TABLE workshop_shares (
            code text NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
            username text NOT NULL,
            canvas_id text NOT NULL,
            shared_at timestamptz NOT NULL,
            PRIMARY KEY (code, username, canvas_id)
        );
        CREATE INDEX workshop_shares_user ON workshop_shares (username);
    """)


def downgrade() -> None:
    op.execute("""
        DROP TABLE workshop_shares, workshop_members, workshops, canvas_meta,
                   canvas_history, canvases, accounts;
    """)
