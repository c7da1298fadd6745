"""The frame around every page: the session, navigation, theme and shared widgets.

Who is logged in and in which language (``session``), the app's addresses and sidebar
(``navigation``), theme and accessibility options (``chrome``), messages that outlive a
rerun (``notices``), Streamlit's hidden English labels in the user's language (``aria``),
plain-text display of user text (``text``), the page that waits out a database outage
(``outage``), and the widgets every feature uses: the chart toolbar's words
(``plot_config``), the measured room for a figure (``figure_width``) and date fields
(``date_field``). Every other UI feature builds on these; they depend on no feature.
"""
