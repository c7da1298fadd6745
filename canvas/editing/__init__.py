"""Changing a canvas: the pure edits every page and the command line go through (each
returns a new, validated canvas), pasted lists split into notes, what the board
shows, and the messages the board's browser component may send back.
"""
