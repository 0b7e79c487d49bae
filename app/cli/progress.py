"""A sweep's progress on stderr: nothing for a sweep that ends within a couple of seconds, then one line
rewritten in place on a terminal, or a plain line every 10% when stderr is a file or a pipe (a log)."""

from __future__ import annotations

import sys
import time

QUIET_SECONDS = 2.0  # a sweep that ends sooner says nothing
REFRESH_SECONDS = 0.25  # the terminal line is rewritten at most this often


class SweepProgress:
    """Call with the number of launches done so far; `finish` ends the line. `clock` and `stream` are for tests."""

    def __init__(self, total: int, stream=None, clock=time.monotonic, label: str = "sweep"):
        self.total = max(int(total), 1)
        self.stream = stream or sys.stderr
        self.clock = clock
        self.label = label
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._started = clock()
        self._shown = None  # clock reading of the last line written, None before the first
        self._decile = -1
        self._open = False

    def __call__(self, done: int) -> None:
        now = self.clock()
        elapsed = now - self._started
        if elapsed < QUIET_SECONDS:
            return
        percent = 100 * done // self.total
        text = f"{self.label}: {done:,} of {self.total:,} launches ({percent}%), {elapsed:.0f} s"
        if self.tty:
            if self._shown is not None and now - self._shown < REFRESH_SECONDS and done < self.total:
                return
            self.stream.write(f"\r{text}\033[K")
            self._open = True
        else:
            if percent // 10 <= self._decile and done < self.total:
                return
            self._decile = percent // 10
            self.stream.write(text + "\n")
        self._shown = now
        self.stream.flush()

    def finish(self) -> None:
        """End the terminal line (if one was written)."""
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False
