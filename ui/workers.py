"""Slow work off the GUI thread: a worker thread with its result sent back as a Qt signal, and a busy indicator with Cancel.

    worker = Worker(lambda: prepare_potential(U, T), name="Deriving U")
    worker.done.connect(self._on_prepared)         # on the GUI thread, unless cancelled
    worker.failed.connect(self._on_refused)        # one line
    busy.track(worker)                             # status-bar indicator; its Cancel button cancels the worker
    worker.start()

A Python thread cannot be stopped from outside, so Cancel abandons the work: `cancelled` arrives at
once, `done` and `failed` never do, and the thread ends on its own (the derivation has its time limit).
A worker keeps itself alive until its thread has ended, so the widget that started it may close
meanwhile; `wait_for_all` waits for every one (at exit, and in tests). This is the pattern of napari's
`thread_worker`; superqt's `ensure_main_thread` is the Qt signal with its queued connection here.

`WarmUp` loads (on a fresh install: compiles) the fast engine in a daemon thread once the window is up,
and says so in the status bar when that takes long enough for the user to notice.

A plain daemon thread that outlives its window (the window closed while it worked) must never signal through
an object of that window: the object may be deleted in the GUI thread while the signal is on its way, and the
process crashes (seen in CI as a segmentation fault of the GUI monkey after a restart). Such threads hand their
result to `call_on_gui_thread`, whose one courier object lives as long as the process, and the call is made
only if its receiver still exists.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time

import shiboken6
from PySide6 import QtCore, QtWidgets

from physics import pace
from ui.i18n import translate

_running: set[Worker] = set()  # started and not yet ended, whoever made them
_exit_hooked = False
# How long a thread may keep the GIL while another waits for it (Python's default is 5 ms). The GUI thread lets go
# of the GIL inside many C calls (Qt's, FreeType's: two or three for each text it draws) and must then take it back.
# A worker running pure Python (sympy, a parser, a loop) gives it back only when the slice forces it: the monkey saw
# texts take 7-9 ms each instead of 0.1, and panel draws of 0.3-0.6 s. At 0.5 ms the same draw beside such a worker
# is 4 times its time alone instead of 20 (bench/bench_gil_share.py); the worker's share while the window draws
# shrinks accordingly, and a worker alone loses nothing (nobody asks for the GIL). Workers that let go of the GIL
# often themselves (scipy, numpy) are not changed by it.
GIL_SWITCH_SECONDS = 0.0005


class _Courier(QtCore.QObject):
    """Carries calls from any thread to the GUI thread; the one instance is never deleted while the process runs."""

    carried = QtCore.Signal(object)

    def __init__(self):
        super().__init__()
        self.carried.connect(self._call, QtCore.Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _call(call) -> None:
        call()


_courier: _Courier | None = None


def share_gil_finely() -> None:
    """Let the GUI thread take the GIL back from workers within GIL_SWITCH_SECONDS (see there); once, at start-up."""
    sys.setswitchinterval(GIL_SWITCH_SECONDS)


def make_courier() -> None:
    """Make the courier (once; it delivers on the application's thread); objects that use call_on_gui_thread call this."""
    global _courier
    if _courier is None:
        _courier = _Courier()
        app = QtCore.QCoreApplication.instance()
        if app is not None:
            _courier.moveToThread(app.thread())


def call_on_gui_thread(receiver: QtCore.QObject, function, *args) -> None:
    """From any thread: function(*args) on the GUI thread, unless `receiver` has been deleted by then.

    Safe when the receiver's window closes meanwhile: the signal goes through the courier, which is never deleted,
    and the receiver is checked on the GUI thread, where deletions happen.
    """
    if _courier is None:
        raise RuntimeError("make_courier() was not called on the GUI thread")

    def call():
        if shiboken6.isValid(receiver):
            function(*args)

    # "Signal source has been deleted": the process is ending (Qt is taken apart), nobody to tell
    with contextlib.suppress(RuntimeError):
        _courier.carried.emit(call)


class Worker(QtCore.QThread):
    """Run one function in a thread; `done(result)` or `failed(message)` arrive on the GUI thread, `cancelled()` after cancel()."""

    done = QtCore.Signal(object)
    failed = QtCore.Signal(str)
    cancelled = QtCore.Signal()
    _outcome = QtCore.Signal(bool, object)  # thread -> GUI thread: (ok, result or message)

    def __init__(self, function, owner: QtCore.QObject | None = None, name: str = ""):
        # never a Qt parent: a parent deleted while the thread runs would delete the QThread with it, and Qt aborts
        # the process; the worker keeps itself alive instead, and delivers nothing once its owner has gone
        super().__init__()
        self._owner = owner
        self._function = function
        self.name = name
        self.is_cancelled = False
        self.started_at: float | None = None
        self.seconds: float | None = None  # how long the function ran, once it has
        self._outcome.connect(self._deliver, QtCore.Qt.ConnectionType.QueuedConnection)
        self.finished.connect(self._forget)

    def start(self, *args) -> None:
        _hook_exit()
        _running.add(self)
        self.started_at = time.perf_counter()
        super().start(*args)

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as exc:  # every failure is reported, never lost with the thread
            text = str(exc).strip().splitlines()
            self._outcome.emit(False, text[0] if text else type(exc).__name__)
        else:
            self._outcome.emit(True, result)
        finally:
            self._function = None  # let go of what the function held (a state, a session)

    def wait(self, *args) -> bool:
        """QThread.wait; the worker does not pause for a draw meanwhile (physics/pace.py): the waiting thread is the
        one it would pause for."""
        with pace.waiting():
            return super().wait(*args)

    def cancel(self) -> None:
        """Abandon the work: nothing it produces is delivered; `cancelled` is sent now (once)."""
        if self.is_cancelled or self.seconds is not None:
            return
        self.is_cancelled = True
        self.cancelled.emit()

    def _deliver(self, ok: bool, value) -> None:
        self.seconds = time.perf_counter() - (self.started_at or time.perf_counter())
        if self.is_cancelled or (self._owner is not None and not shiboken6.isValid(self._owner)):
            return
        if ok:
            self.done.emit(value)
        else:
            self.failed.emit(value)

    def _forget(self) -> None:
        # no deleteLater here: other slots of `finished` may still be on their way (the thread sends them one by
        # one); a worker (never parented) goes with its last Python reference
        self.wait()  # `finished` is sent just before the thread ends: let it end
        _running.discard(self)


def running() -> tuple[Worker, ...]:
    """The workers whose threads have not ended (or not yet been seen to end)."""
    for worker in tuple(_running):
        if not shiboken6.isValid(worker):  # deleted by whoever made it, before its `finished` arrived here
            _running.discard(worker)
    return tuple(_running)


def wait_for_all(ms: int = 30000) -> bool:
    """Wait for every worker's thread to end (at most ms each); True if none is left running."""
    for worker in running():
        worker.wait(ms)
    QtCore.QCoreApplication.sendPostedEvents()  # deliver their results and let them go
    return not any(worker.isRunning() for worker in running())


def _end_all() -> None:
    """At quit: a derivation still running (cancelled, or never waited for) is killed rather than waited for (up to its
    10 s limit), then every worker's thread is let end."""
    from physics import safe_derive

    if running():
        safe_derive.abandon()
    wait_for_all(30000)


def _hook_exit() -> None:
    # a QThread object destroyed while its thread runs aborts the process: at exit, let them end first
    global _exit_hooked
    app = QtCore.QCoreApplication.instance()
    if not _exit_hooked and app is not None:
        app.aboutToQuit.connect(_end_all)
        _exit_hooked = True


class BusyIndicator(QtWidgets.QWidget):
    """A running bar, one line saying what runs, and Cancel, for a window's status bar; shown while a worker runs."""

    def __init__(self, parent=None):
        super().__init__(parent)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QtWidgets.QLabel("")
        self.bar = QtWidgets.QProgressBar()
        self.bar.setRange(0, 0)  # busy: no fraction is known
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.cancel_button = QtWidgets.QPushButton(translate("Workers", "Cancel"))
        self.cancel_button.setObjectName("busy_cancel")
        self.cancel_button.setToolTip(translate("Workers", "Stop waiting for this; nothing changes"))
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)
        self._worker: Worker | None = None
        self._on_cancel = None  # what Cancel calls when no worker is tracked (show_cancellable)
        self.hide()

    @property
    def worker(self) -> Worker | None:
        return self._worker

    def track(self, worker: Worker, text: str) -> None:
        """Show `text` with the running bar until the worker has delivered (or is cancelled)."""
        self._worker = worker
        self.label.setText(text)
        self.setToolTip(text)
        for signal in (worker.done, worker.failed, worker.cancelled):
            signal.connect(lambda *_, w=worker: self._on_over(w))
        self.cancel_button.show()
        self.show()

    def show_cancellable(self, text: str, on_cancel, tooltip: str) -> None:
        """Show `text` with the running bar and a Cancel that calls on_cancel(), until hide()."""
        self._worker = None
        self._on_cancel = on_cancel
        self.label.setText(text)
        self.setToolTip(text)
        self.cancel_button.setToolTip(tooltip)
        self.cancel_button.show()
        self.show()

    def show_text(self, text: str) -> None:
        """Show `text` with the running bar and no Cancel, until hide()."""
        self.label.setText(text)
        self.setToolTip(text)
        self.cancel_button.hide()
        self.show()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        elif self._on_cancel is not None:
            on_cancel, self._on_cancel = self._on_cancel, None
            self.hide()
            on_cancel()

    def _on_over(self, worker: Worker) -> None:
        if worker is self._worker:
            self._worker = None
            self.hide()


def busy_indicator(window: QtWidgets.QMainWindow, name: str = "busy_indicator") -> BusyIndicator:
    """The window's busy indicator of that name, made and put in its status bar on first use."""
    found = window.findChild(BusyIndicator, name)
    if found is None:
        found = BusyIndicator(window)
        found.setObjectName(name)
        window.statusBar().addPermanentWidget(found)
    return found


NOTICE_AFTER_MS = 1500  # a warm-up that ends sooner (the engine was cached) is not mentioned


class WarmUp(QtCore.QObject):
    """Run `function` (the fast engine's load, or its compile on a fresh install) in a daemon thread.

    If it runs longer than `notice_ms`, the window's status bar says the engine is being prepared until it
    ends, and then how long that took. A daemon thread, not a Worker: quitting never waits for a compile
    (numba caches only whole compiles, so the next start simply compiles again).
    """

    ended = QtCore.Signal(float)  # the seconds it took, on the GUI thread

    def __init__(self, window: QtWidgets.QMainWindow, function, notice_ms: int = NOTICE_AFTER_MS):
        super().__init__(window)
        make_courier()
        self._window = window
        self._function = function
        self.noticed = False
        self.seconds: float | None = None
        self._notice = QtCore.QTimer(self, singleShot=True, interval=notice_ms)
        self._notice.timeout.connect(self._on_slow)
        self.ended.connect(self._on_ended)
        self.thread = threading.Thread(target=self._run, name="dipole-lab-warm-up", daemon=True)

    def start(self) -> WarmUp:
        self._began = time.perf_counter()
        self._notice.start()
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            self._function()
        finally:  # the window (and this object) may be gone by now: then nothing is said
            call_on_gui_thread(self, self.ended.emit, time.perf_counter() - self._began)

    def _on_slow(self) -> None:
        self.noticed = True
        busy_indicator(self._window, "engine_indicator").show_text(
            translate("Workers", "Preparing the fast engine (once per install, up to a minute); launches work meanwhile…"))

    def _on_ended(self, seconds: float) -> None:
        self.seconds = seconds
        self._notice.stop()
        if self.noticed:
            busy_indicator(self._window, "engine_indicator").hide()
            self._window.statusBar().showMessage(
                translate("Workers", "The fast engine is ready (prepared in {seconds} s, once per install).").format(seconds=f"{seconds:.0f}"),
                15000)
