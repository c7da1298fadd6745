"""Alembic environment for the PostgreSQL store.

The backend runs migrations itself at start (``upgrade head`` under an advisory lock, see
:func:`canvas.store.postgres.connection.migrate`) and hands Alembic the connection that holds the
lock, so there is no ``alembic.ini`` and no second connection string to keep in step.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None,
                  version_table="vpc_schema_version")
with context.begin_transaction():
    context.run_migrations()
