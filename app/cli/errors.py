"""The command line's errors: one line on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import argparse

EXIT_USAGE = 2


class CliError(Exception):
    """A problem with the user's input, reported as one line and exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse that reports errors as a single line on stderr and exits with status 2."""

    def error(self, message: str):  # noqa: D401 - argparse's API
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so that temporary files are removed, then exit with status 143."""


def _raise_terminated(signum, frame):
    raise Terminated


class sigterm_as_exception:
    """While a command runs, SIGTERM raises Terminated (only the main thread can set a signal handler)."""

    def __enter__(self):
        import signal
        import threading

        self._previous = None
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, _raise_terminated)
        return self

    def __exit__(self, *exc):
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)
        return False
