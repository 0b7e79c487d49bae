"""Python code that Qt calls for every event never lets an exception out into Qt.

An exception raised inside an event filter goes back through PySide's error path for overrides, which can
end the whole process (the GUI monkey died in `Shiboken::Errors::storePythonOverrideErrorOrPrint`, called
from `QCoreApplication::sendThroughApplicationEventFilters`, PySide6 6.11). Filters and `event` overrides
are wrapped with `guarded`: the exception is reported through sys.excepthook once the event is over (so the
window's error dialog and the tests still see it), and the event goes on as if the filter had not been there.
"""

from __future__ import annotations

import functools
import sys

from PySide6 import QtCore


def guarded(method):
    """Wrap an eventFilter(obj, event) or event(event) override: it returns a bool and never raises into Qt."""

    @functools.wraps(method)
    def wrapper(self, *args):
        try:
            return bool(method(self, *args))
        except BaseException:  # every exception: none may reach Qt from here
            kind, error, trace = sys.exc_info()
            QtCore.QTimer.singleShot(0, lambda: sys.excepthook(kind, error, trace))
            return False

    return wrapper
