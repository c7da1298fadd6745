"""Alembic migrations of the PostgreSQL store (run by :mod:`canvas.store.postgres` at start)."""
