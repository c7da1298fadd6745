"""Streamlit glue shared by the pages: session, login, sidebar and widgets.

This is the only part of ``canvas`` that imports Streamlit; everything it shows comes from
the plain-Python modules next to it.

One sub-package per feature, so that a feature is found by its name: ``shell`` (session,
navigation, theme and the widgets every page shares), ``account``, ``canvases``,
``editor`` (the board and its panels), ``evidence``, ``insights``, ``projector`` (with
the live room) and ``workshop``. Each says in its own docstring what it holds.
"""
