"""One's canvases as files: the My canvases list, downloads and read-only links for a mentor.

``canvas_list`` is the list with its ways to add, rename, copy and delete a canvas,
``exports`` the download buttons for figures and whole canvases (Insights and My canvases),
``mentor_sharing`` the links a learner makes for a mentor and the page the mentor opens.
"""
