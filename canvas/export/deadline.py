"""A time limit for one export, checked while the PDF report and the tables are built.

The file format bounds what a canvas may hold, yet a slow or busy server can still spend
a long time on a big report, and a download thread that runs for minutes holds memory
and a core the whole room needs. Builders call :meth:`Deadline.check` between rows; past
the limit it raises :class:`ExportTooSlow`, which the command line and the download
buttons phrase as one sentence in the user's language.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Seconds one export may take. A real canvas exports in one or two seconds; the biggest
#: canvas the format allows needs about 50 s and 350 MB for its 5,590-page report, which
#: the deadline stops halfway (see bench/README.md, "Exports at the limits").
EXPORT_SECONDS = 30.0


class ExportTooSlow(RuntimeError):
    """An export ran past its deadline and was stopped."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"export stopped after {seconds:g} s")

    def message(self, t) -> str:
        return t("limits.export.too_slow", seconds=f"{self.seconds:g}")


class Deadline:
    """``check()`` raises :class:`ExportTooSlow` once ``seconds`` have passed."""

    def __init__(self, seconds: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        seconds = EXPORT_SECONDS if seconds is None else seconds
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def check(self) -> None:
        if self._clock() > self._end:
            raise ExportTooSlow(self.seconds)


def start(deadline: Deadline | None) -> Deadline:
    """The caller's deadline, or a fresh one with the default limit."""
    return deadline if deadline is not None else Deadline()
