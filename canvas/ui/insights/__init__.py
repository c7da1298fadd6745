"""The Insights page's figures: the canvas diagram and the assumptions map, clickable.

Both are drawn at the width the browser measured and open the clicked item on its board.
"""
