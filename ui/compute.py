"""The window integrates off the GUI thread: SimulationState's `background` hook, with a busy line and Cancel,
and another potential's field lines are traced off it too (FieldTracer).

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

import threading

from PySide6 import QtCore

from physics import pace
from physics.messages import one_line
from ui.i18n import translate
from ui.workers import busy_indicator, call_on_gui_thread, make_courier

WINDOW_WAIT_SECONDS = 0.03  # about two frames
WAIT_SECONDS: float | None = WINDOW_WAIT_SECONDS  # how long `submit` waits in place for a result (None: until it comes)
BUSY_AFTER_MS = 300  # a computation that ends sooner is not mentioned


class OffThread(QtCore.QObject):
    """Runs jobs in a daemon thread, one at a time, the newest request next (one pending slot).

    deliver(result) or fail(message) follow on the GUI thread; `in_place` is True while they are called
    from inside `submit` (the job was done within WAIT_SECONDS).
    """

    thread_name = "dipole-lab worker"

    def __init__(self, parent):
        super().__init__(parent)
        self._serial = 0
        self._current: tuple | None = None  # (serial, deliver, fail) of the running job
        self._pending: tuple | None = None  # (job, deliver, fail) of the next one
        self.in_place = False
        self.finished = 0  # jobs delivered (for tests and the monkey)
        make_courier()

    @property
    def running(self) -> bool:
        return self._current is not None

    def submit(self, job, deliver, fail) -> None:
        """Run job() off the GUI thread; deliver(result) or fail(message) follow on it (maybe before this returns)."""
        if self._current is not None:
            self._pending = (job, deliver, fail)
            return
        self._start(job, deliver, fail)

    def drop(self) -> None:
        """Nothing more is delivered: the running job's result will be dropped, the pending one is not run."""
        self._current = self._pending = None
        self._ended()

    def _start(self, job, deliver, fail) -> None:
        self._serial += 1
        serial = self._serial
        outcome: list = []

        def run():
            try:
                outcome.append((True, job()))
            except Exception as exc:  # every failure is reported, never lost with the thread
                outcome.append((False, one_line(exc)))
            call_on_gui_thread(self, self._finish, serial, *outcome[0])  # nothing, if the window has gone meanwhile

        self._current = (serial, deliver, fail)
        thread = threading.Thread(target=run, name=self.thread_name, daemon=True)
        thread.start()
        with pace.waiting():  # the job does not pause for the draw that waits for it (physics/pace.py)
            thread.join(WAIT_SECONDS)
        if not thread.is_alive():
            self.in_place = True
            try:
                self._finish(serial, *outcome[0])  # the queued copy of it will find it delivered
            finally:
                self.in_place = False
        elif self._current is not None and self._current[0] == serial:
            self._started_slow()

    def _finish(self, serial: int, ok: bool, value) -> None:
        if self._current is None or self._current[0] != serial:
            return  # delivered already, dropped, or out of date
        _, deliver, fail = self._current
        self._current = None
        self._ended()
        self.finished += 1
        pending, self._pending = self._pending, None
        (deliver if ok else fail)(value)
        if pending is not None and self._current is None:
            self._start(*pending)

    def _started_slow(self) -> None:
        """A job did not end within WAIT_SECONDS (it goes on in its thread)."""

    def _ended(self) -> None:
        """The running job was delivered or dropped."""


class BackgroundCompute(OffThread):
    """The state's paths: SimulationState.background, with the busy line and Cancel after BUSY_AFTER_MS."""

    thread_name = "dipole-lab paths"

    def __init__(self, window, state):
        super().__init__(window)
        self._window = window
        self._state = state
        self._busy_timer = QtCore.QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self._show_busy)
        state.background = self.submit
        # the compiled kernel if it is loaded, else the numpy engine: the paths never wait 10-20 s for a first compile
        # (the window's warm-up compiles it, ui/startup.py)
        state.compiles_kernel = False

    def detach(self) -> None:
        """The state computes on its own thread again (the window is closing); nothing more is delivered."""
        if self._state.background == self.submit:
            self._state.background = None
            self._state.compiles_kernel = True
        self.drop()

    def cancel(self) -> None:
        """Stop waiting for the paths: the change is undone (SimulationState.cancel_compute)."""
        self.drop()
        self._state.cancel_compute()

    def _started_slow(self) -> None:
        self._busy_timer.start()

    def _show_busy(self) -> None:
        if self._current is None:
            return
        busy = busy_indicator(self._window, "compute_indicator")
        busy.show_cancellable(translate("Compute", "Computing the paths…"), self.cancel,
                              translate("Compute", "Stop computing and undo the change"))

    def _ended(self) -> None:
        self._busy_timer.stop()
        busy = self._window.findChild(QtCore.QObject, "compute_indicator")
        if busy is not None:
            busy.hide()


class FieldTracer(OffThread):
    """Traces another potential's field lines off the GUI thread (PlotLayers.trace_later); `traced` follows
    when lines that were not ready at a draw have come in, so the canvas draws again with them."""

    thread_name = "dipole-lab field lines"
    traced = QtCore.Signal()

    def __call__(self, job, keep) -> None:
        def deliver(lines):
            keep(lines)
            if not self.in_place:
                self.traced.emit()

        self.submit(job, deliver, lambda _message: None)  # a failed tracing draws no lines, as an empty one does
