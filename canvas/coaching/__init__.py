"""Coaching: short nudges computed from the canvas alone, and each section's intro,
trigger questions and examples that help a learner write an item.
"""
