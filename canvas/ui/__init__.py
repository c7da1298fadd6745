"""Streamlit glue shared by the pages: session, login, sidebar and widgets.

This is the only part of ``canvas`` that imports Streamlit; everything it shows comes from
the plain-Python modules next to it.
"""
