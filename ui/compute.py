"""The window integrates off the GUI thread: SimulationState's `background` hook, with a busy line and Cancel.

A change (k, the settings, the potential, undo, a session) takes effect at once; its paths are computed
in a daemon thread while the plot keeps the previous ones and the window keeps answering. The newest
change wins: while one computation runs, a newer request waits in the single pending slot (replacing an
older one there), so dragging k never piles up work; a result that arrives out of date is dropped by the
state itself. A computation that takes longer than BUSY_AFTER_MS shows "Computing the paths…" with
Cancel in the status bar; Cancel undoes the change (SimulationState.cancel_compute).

Most changes take a few milliseconds: `submit` waits up to WAIT_SECONDS for the thread in place, so
those arrive before it returns, exactly as if computed on the GUI thread (no frame shows the paths of
before under the new k). Tests set WAIT_SECONDS = None (wait for every result: deterministic), and
screenshots do too; the window's own use never waits longer than that.
"""

from __future__ import annotations

import contextlib
import threading

from PySide6 import QtCore

from physics.messages import one_line
from ui.i18n import translate
from ui.workers import busy_indicator

WAIT_SECONDS: float | None = 0.03  # how long `submit` waits in place for a result (None: until it comes)
BUSY_AFTER_MS = 300  # a computation that ends sooner is not mentioned


class BackgroundCompute(QtCore.QObject):
    """Runs the state's computations in a daemon thread, one at a time, the newest request next."""

    _arrived = QtCore.Signal(int, bool, object)  # thread -> GUI thread: (serial, ok, result or message)

    def __init__(self, window, state):
        super().__init__(window)
        self._window = window
        self._state = state
        self._serial = 0
        self._current: tuple | None = None  # (serial, deliver, fail) of the running computation
        self._pending: tuple | None = None  # (job, deliver, fail) of the next one
        self.finished = 0  # computations delivered (for tests and the monkey)
        self._arrived.connect(self._on_arrived, QtCore.Qt.ConnectionType.QueuedConnection)
        self._busy_timer = QtCore.QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self._show_busy)
        state.background = self.submit

    @property
    def running(self) -> bool:
        return self._current is not None

    def detach(self) -> None:
        """The state computes on its own thread again (the window is closing); nothing more is delivered."""
        if self._state.background == self.submit:
            self._state.background = None
        self._current = self._pending = None
        self._busy_timer.stop()

    def submit(self, job, deliver, fail) -> None:
        """Run job() off the GUI thread; deliver(result) or fail(message) follow on it (maybe before this returns)."""
        if self._current is not None:
            self._pending = (job, deliver, fail)
            return
        self._start(job, deliver, fail)

    def cancel(self) -> None:
        """Stop waiting: the running computation's result will be dropped, the pending one is not run."""
        self._pending = None
        self._current = None
        self._hide_busy()
        self._state.cancel_compute()

    def _start(self, job, deliver, fail) -> None:
        self._serial += 1
        serial = self._serial
        outcome: list = []

        def run():
            try:
                outcome.append((True, job()))
            except Exception as exc:  # every failure is reported, never lost with the thread
                outcome.append((False, one_line(exc)))
            with contextlib.suppress(RuntimeError):  # the window has gone meanwhile
                self._arrived.emit(serial, *outcome[0])

        self._current = (serial, deliver, fail)
        thread = threading.Thread(target=run, name="dipole-lab paths", daemon=True)
        thread.start()
        thread.join(WAIT_SECONDS)
        if not thread.is_alive():
            self._finish(serial, *outcome[0])  # the queued copy of it will find it delivered
        elif self._current is not None and self._current[0] == serial:
            self._busy_timer.start()

    def _on_arrived(self, serial: int, ok: bool, value) -> None:
        self._finish(serial, ok, value)

    def _finish(self, serial: int, ok: bool, value) -> None:
        if self._current is None or self._current[0] != serial:
            return  # delivered already, cancelled, or out of date
        _, deliver, fail = self._current
        self._current = None
        self._hide_busy()
        self.finished += 1
        pending, self._pending = self._pending, None
        (deliver if ok else fail)(value)  # an out-of-date result is dropped by the state
        if pending is not None and self._current is None:
            self._start(*pending)

    def _show_busy(self) -> None:
        if self._current is None:
            return
        busy = busy_indicator(self._window, "compute_indicator")
        busy.show_cancellable(translate("Compute", "Computing the paths…"), self.cancel,
                              translate("Compute", "Stop computing and undo the change"))

    def _hide_busy(self) -> None:
        self._busy_timer.stop()
        busy = self._window.findChild(QtCore.QObject, "compute_indicator")
        if busy is not None:
            busy.hide()
