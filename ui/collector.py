"""The garbage collector's full collections: short, and the long one at quiet moments.

A full collection walks every object Python tracks and holds the GIL meanwhile, so the window stands still for it.
With the window's 175,000 objects after its first minute (matplotlib's, sympy's, Qt's wrappers) one took 100 ms,
and in the GUI monkey's longer runs 200-330 ms, five or six times in 35 s (issue 12). Nearly all of those objects
live as long as the window. So `settle()` collects everything once and then sets what is alive aside (gc.freeze):
the automatic collections walk only what was made since. Set-aside objects that later become garbage (a cleared
figure, a closed 3-D view, a replaced session) are not lost for good, but they wait for the next settle:
`QuietCollector` settles again when the window has had no input for QUIET_SECONDS and nothing moves (no animation
playing, no worker running: `busy`), at most every SETTLE_EVERY_SECONDS, taking them back first (gc.unfreeze). The
settle itself is one full collection (0.1-0.3 s), made while nobody is at the window and nothing on it moves. The
window settles once it has started (its warm-up over: the model derived, the fast engine loaded).
"""

from __future__ import annotations

import gc
import time

from PySide6 import QtCore

from ui.qt_guard import guarded

QUIET_SECONDS = 3.0  # no key, mouse or wheel input for this long: a moment to settle
SETTLE_EVERY_SECONDS = 120.0  # at most this often
CHECK_MS = 5000

_INPUT = frozenset({
    QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.MouseButtonPress, QtCore.QEvent.Type.MouseMove,
    QtCore.QEvent.Type.Wheel, QtCore.QEvent.Type.TouchBegin, QtCore.QEvent.Type.TouchUpdate,
})


def settle() -> None:
    """Collect every generation's garbage (what was set aside before included), then set what is alive aside from
    the automatic collections (a full collection: do it when nobody waits)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class QuietCollector(QtCore.QObject):
    """Settles (see `settle`) when asked, and again when the application has had no input for QUIET_SECONDS,
    at most every SETTLE_EVERY_SECONDS. One per application (`install`)."""

    def __init__(self, app: QtCore.QCoreApplication):
        super().__init__(app)
        self.settled_at: float | None = None
        self.settles = 0
        self.busy = lambda: False  # something moves on screen or works (the window sets it): no settle then
        self._last_input = time.monotonic()
        app.installEventFilter(self)
        self._timer = QtCore.QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self._check)
        self._timer.start()

    @guarded
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT:
            self._last_input = time.monotonic()
        return False

    def settle(self) -> None:
        settle()
        self.settles += 1
        self.settled_at = time.monotonic()

    def settle_when_quiet(self) -> None:
        """Settle at the next quiet moment, however recently the last was (the window's warm-up has made the model)."""
        self.settled_at = None

    def _check(self) -> None:
        now = time.monotonic()
        if self.settled_at is not None and now - self.settled_at < SETTLE_EVERY_SECONDS:
            return
        if now - self._last_input >= QUIET_SECONDS and not self.busy():
            self.settle()


def install(app: QtCore.QCoreApplication | None = None) -> QuietCollector:
    """The application's QuietCollector (made on first call)."""
    app = app or QtCore.QCoreApplication.instance()
    collector = app.findChild(QuietCollector)
    return collector if collector is not None else QuietCollector(app)
