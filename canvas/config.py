"""Settings read from the environment, so the app runs with nothing but a data folder.

``VPC_DATA_DIR``      where canvases and accounts live (default ``./data``)
``VPC_DATABASE_URL``  ``postgresql://user:password@host/db``: keep accounts, canvases and
                      workshops in PostgreSQL instead of the data folder (several servers)
``VPC_COOKIE_KEY``    secret that signs the login cookie (default: generated once, kept in
                      the data folder with mode 0600; never a shared default)
``VPC_REGISTRATION``  ``open`` (default) or ``closed``: whether new accounts may register
``VPC_MAX_CANVASES``  canvases one user may keep (default 1000)
``VPC_MAX_USER_BYTES`` bytes one user's canvases may take together (default 100 MB)
``VPC_REGISTRATIONS_PER_MINUTE`` new accounts one app server accepts a minute (default 60)
``VPC_REGISTRATIONS_PER_HOUR``   new accounts all servers accept an hour (default 600)
``VPC_MAX_ACCOUNTS``  accounts in all (default 10000)
``VPC_EXPORT_WARM_AT_START`` ``1`` (default) or ``0``: start the export browser when the
                      server starts, so that the first PNG or PDF does not wait for it
``VPC_PUBLIC_URL``    the address learners open, e.g. ``https://studio.example.org/`` (the
                      join link and QR codes use it; default: the address the facilitator's
                      browser is on, which is wrong when that is ``localhost``)

The limits exist because anyone who can reach the registration form can otherwise fill
the disk; a full disk would stop everybody's saves and logins.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

COOKIE_NAME = "vpc_studio_auth"
COOKIE_EXPIRY_DAYS = 30
MAX_LOGIN_ATTEMPTS = 5
LOCKOUT_MINUTES = 15


def _limit(name: str, default: int) -> int:
    """A positive whole number from the environment; anything else means the default."""
    try:
        value = int(os.environ.get(name, "").strip())
    except ValueError:
        return default
    return value if value > 0 else default


def bcrypt_rounds() -> int:
    """bcrypt's cost for new password hashes: 12 (about 0.25 s on our 2-core machines), or
    ``VPC_BCRYPT_ROUNDS`` (4 to 16). The test suite's servers use 4, the cheapest bcrypt
    allows, so that the hundreds of accounts the tests make do not cost minutes; the login
    benchmark keeps 12, as production does."""
    return min(max(_limit("VPC_BCRYPT_ROUNDS", 12), 4), 16)


def board_resend_ms() -> int:
    """How long the board waits for the server to confirm an action before sending it
    again (assets/board/board.js): 4 s, or ``VPC_BOARD_RESEND_MS`` (at least 500). The
    test suite's servers use 1 s so that its tests of lost messages do not wait 4 s each."""
    return max(_limit("VPC_BOARD_RESEND_MS", 4000), 500)


def warm_export_at_start() -> bool:
    """Whether the server starts its export browser (headless Chromium) as soon as it runs
    the app once (``scripts/warm_up.py`` does at start), rather than at the first page
    with a download button. Cold, the first PNG after a start took 3.7 s, warm 0.3 s
    (issue 24, bench/bench_first_png.py). The test suite turns it off
    (``VPC_EXPORT_WARM_AT_START=0``): a Chromium per test server, cluster servers and
    restarts included, costs the suite memory and CPU for the few tests that export."""
    return os.environ.get("VPC_EXPORT_WARM_AT_START", "1").strip() != "0"


def export_warm_delay() -> float:
    """How long after its start the server waits before it starts the export browser by
    itself: 20 s, or ``VPC_EXPORT_WARM_DELAY`` seconds. Started at once, Chromium took
    the cores from the first learner's first page (1.23x slower on a quiet machine,
    bench/bench_first_png.py); a page with download buttons starts it at once anyway."""
    try:   # not _limit: 0 (start at once) and fractions are meaningful here
        return max(0.0, float(os.environ.get("VPC_EXPORT_WARM_DELAY", "20")))
    except ValueError:
        return 20.0


def max_canvases() -> int:
    return _limit("VPC_MAX_CANVASES", 1000)


def max_user_bytes() -> int:
    return _limit("VPC_MAX_USER_BYTES", 100 * 1024 * 1024)


def registrations_per_minute() -> int:
    return _limit("VPC_REGISTRATIONS_PER_MINUTE", 60)


def registrations_per_hour() -> int:
    return _limit("VPC_REGISTRATIONS_PER_HOUR", 600)


def max_accounts() -> int:
    return _limit("VPC_MAX_ACCOUNTS", 10_000)


def public_url() -> str | None:
    """``VPC_PUBLIC_URL`` when set to an http(s) address, else None."""
    value = os.environ.get("VPC_PUBLIC_URL", "").strip()
    return value if value.startswith(("http://", "https://")) else None


def data_dir() -> Path:
    path = Path(os.environ.get("VPC_DATA_DIR") or "./data").expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str | None:
    return os.environ.get("VPC_DATABASE_URL", "").strip() or None


def store_location() -> Path | str:
    """Where the store lives: the database when one is configured, else the data folder."""
    return database_url() or data_dir()


def registration_open(secret_value: str | None = None) -> bool:
    value = os.environ.get("VPC_REGISTRATION") or secret_value or "open"
    return value.strip().lower() not in ("closed", "0", "false", "no", "off")


def cookie_key(folder: Path, configured: str | None = None) -> str:
    """The configured key, or one generated at random on first start and kept private.

    Creating the file with O_EXCL and mode 0600 means two servers starting at once agree
    on one key, and no other local user can read it.
    """
    configured = os.environ.get("VPC_COOKIE_KEY") or configured
    if configured:
        return configured
    path = folder / "cookie_key"
    for _ in range(5):
        try:
            key = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            key = ""
        if len(key) >= 32:
            return key
        # Write the key completely under a private name, then link it into place: the
        # link fails if another process got there first, and nobody reads a half key.
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".cookie_key.", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(48))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            if key:  # an old, too-short key: replace it
                os.replace(tmp, path)
            else:
                with contextlib.suppress(FileExistsError):
                    os.link(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    raise RuntimeError(f"cannot create a cookie key in {folder}")
