"""Value Proposition Canvas Studio: the domain package.

Everything here runs without Streamlit so that the web app, the command line and the
tests share one implementation of the file format, ranking, fit, figures and exports.
Only ``canvas.ui`` may import Streamlit.
"""

__version__ = "1.0.0"
