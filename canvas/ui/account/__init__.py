"""The user's account: log in, register, passwords, the re-login cookie, arriving by a join link.

``auth`` draws the forms (log in, register, change, reset, delete), ``cookies`` keeps a
browser logged in across reloads, and ``join_flow`` carries a workshop's join link through
login or registration and asks for a new password after a one-time one.
"""
