"""The evidence loop: test and learning cards on items, what to test first (rank and
evidence together), the interview guide written from that list, and the persona
card as labelled lines.
"""
