"""Workshop codes: six characters read aloud and copied from a projector.

Both backends accept a code typed in lower case, with spaces or dashes
(:func:`normalise_code`), and refuse anything that is not a well-formed code as an
unknown workshop (:func:`check_code`) before it reaches a path or a query.
"""

from __future__ import annotations

import re
import secrets

from canvas.store.errors import WorkshopError

#: No 0/O, 1/I/L or U/V pairs: codes are read aloud and copied from a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 6
CODE_RE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
#: How many shared canvases a facilitator compares side by side.
MAX_COMPARE = 3


def normalise_code(code: str) -> str:
    """People type codes in lower case, with spaces or dashes: accept all of that."""
    return re.sub(r"[\s-]", "", code or "").upper()


def check_code(code: str) -> str:
    """``code`` when it is well formed; an unknown workshop otherwise."""
    if not CODE_RE.fullmatch(code):
        raise WorkshopError("workshop_not_found")
    return code


def new_code() -> str:
    """A random code (the backend retries on the rare clash)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
