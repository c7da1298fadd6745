"""Ranking and fit: the one rule that places an item in its section's order, ranking
by answering "which matters more?", and how well the value map fits the profile.
"""
