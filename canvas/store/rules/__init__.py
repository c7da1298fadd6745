"""The rules both backends apply, one module per subject, so the data folder and
PostgreSQL refuse the same things with the same sentences.

- :mod:`~canvas.store.rules.names`: usernames and canvas ids (what may reach a path or a key);
- :mod:`~canvas.store.rules.workshops`: workshop codes;
- :mod:`~canvas.store.rules.canvases`: the stored form of a canvas, quotas, summaries;
- :mod:`~canvas.store.rules.accounts`: passwords, lockout, the registration rate limit and
  the change of a password;
- :mod:`~canvas.store.rules.join_attempts`: wrong workshop codes;
- :mod:`~canvas.store.rules.comments` and :mod:`~canvas.store.rules.mentor_links`.

Pure: no file, no table. Pages may read their constants (through ``canvas.store.rules``,
never through a backend).
"""
