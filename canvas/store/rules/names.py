"""Names that reach a file path or a database key: usernames and canvas ids.

Both are checked against a strict pattern before any backend uses them, so no id can
escape its user's folder and both backends accept exactly the same names.
"""

from __future__ import annotations

import re
import unicodedata

from canvas.store.errors import StoreError

#: A username: lower case, digits and ``._@-``, starting with a letter or a digit.
NAME_RE = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
#: A canvas id (what :func:`canvas.fileformat.models.new_canvas_id` makes, and imported
#: files carry).
ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def check_username(username: str) -> str:
    if (not isinstance(username, str) or unicodedata.normalize("NFKC", username) != username
            or not NAME_RE.fullmatch(username) or ".." in username):
        raise StoreError("bad_username")
    return username


def check_canvas_id(canvas_id: str) -> str:
    if not isinstance(canvas_id, str) or not ID_RE.fullmatch(canvas_id):
        raise StoreError("bad_id")
    return canvas_id
