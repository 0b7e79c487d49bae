"""ui/workers.py: the worker thread with Cancel, the status-bar busy indicator, and the fast engine's warm-up notice."""

from __future__ import annotations

import threading

import pytest
from PySide6 import QtCore, QtWidgets

from ui.workers import WarmUp, Worker, busy_indicator, running, wait_for_all


@pytest.fixture
def main_window(qtbot):
    window = QtWidgets.QMainWindow()
    window.statusBar()  # made before showing, as MainWindow does
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_result_arrives_on_the_gui_thread(qtbot):
    worker = Worker(lambda: threading.current_thread() is threading.main_thread())
    with qtbot.waitSignal(worker.done, timeout=10000) as done:
        worker.start()
    assert done.args == [False]  # the function ran in the worker's thread
    assert wait_for_all(10000) and worker not in running()


def test_a_failure_arrives_as_one_line(qtbot):
    def fail():
        raise ValueError("U: unknown name 'foo'\nmore detail")

    worker = Worker(fail)
    with qtbot.waitSignal(worker.failed, timeout=10000) as failed:
        worker.start()
    assert failed.args == ["U: unknown name 'foo'"]


def test_cancel_delivers_nothing_and_the_indicator_goes(qtbot, main_window):
    gate = threading.Event()
    worker = Worker(lambda: gate.wait(10) and "result")
    delivered = []
    worker.done.connect(delivered.append)
    worker.failed.connect(delivered.append)
    busy = busy_indicator(main_window)
    busy.track(worker, "Deriving…")
    worker.start()
    assert busy.isVisible() and busy.label.text() == "Deriving…"
    with qtbot.waitSignal(worker.cancelled, timeout=1000):
        qtbot.mouseClick(busy.cancel_button, QtCore.Qt.MouseButton.LeftButton)
    assert not busy.isVisible()
    gate.set()
    assert wait_for_all(10000)
    qtbot.wait(20)
    assert delivered == []


def test_a_slow_warm_up_shows_in_the_status_bar_until_it_ends(qtbot, main_window):
    gate = threading.Event()
    warm = WarmUp(main_window, lambda: gate.wait(10), notice_ms=0)
    warm.start()
    qtbot.waitUntil(lambda: main_window.findChild(QtWidgets.QWidget, "engine_indicator") is not None, timeout=5000)
    indicator = main_window.findChild(QtWidgets.QWidget, "engine_indicator")
    assert indicator.isVisible() and "fast engine" in indicator.label.text() and not indicator.cancel_button.isVisible()
    with qtbot.waitSignal(warm.ended, timeout=10000):
        gate.set()
    assert not indicator.isVisible()
    assert "fast engine is ready" in main_window.statusBar().currentMessage()


def test_a_quick_warm_up_says_nothing(qtbot, main_window):
    warm = WarmUp(main_window, lambda: None, notice_ms=60000)
    with qtbot.waitSignal(warm.ended, timeout=10000):
        warm.start()
    assert not warm.noticed and main_window.findChild(QtWidgets.QWidget, "engine_indicator") is None
    assert main_window.statusBar().currentMessage() == ""


def test_closing_does_not_wait_for_a_derivation_and_drops_its_result(qtbot, gated_derivation):
    from app.state import SimulationState
    from ui.panels.potential import PotentialPanel

    state = SimulationState()
    panel = PotentialPanel(state)
    qtbot.addWidget(panel)
    panel.U_edit.setText("-k/r")
    panel.derive()
    qtbot.waitUntil(lambda: bool(gated_derivation.on_gui_thread), timeout=5000)
    worker = panel._worker
    panel.disconnect_state()  # as the window does when it closes
    assert worker.isRunning()  # it returned at once, the derivation goes on by itself
    gated_derivation.set()
    assert wait_for_all(60000)
    qtbot.wait(20)
    assert state.is_point_dipole  # the cancelled result was not applied


def test_quitting_kills_a_cancelled_derivation_instead_of_waiting_for_its_time_limit(qtbot):
    """Quitting while a cancelled derivation ran waited for it, up to its 10 s limit."""
    from physics import safe_derive
    from physics.expressions import parse_expression
    from ui import workers

    slow = parse_expression("(sin(x)+cos(y)+sin(y)+cos(x))^12*k")  # sympy needs far longer than the limit
    safe_derive.start_worker()
    worker = Worker(lambda: safe_derive.derive_with_timeout(U_expr=slow, timeout=60))
    worker.start()
    qtbot.waitUntil(lambda: safe_derive._lock.locked(), timeout=10000)  # the request is with the worker process
    worker.cancel()
    workers._end_all()  # what the application's aboutToQuit runs
    assert not worker.isRunning()  # without the kill it would still run after the 30 s _end_all waits
    assert worker not in running()


def test_a_worker_whose_owner_is_deleted_mid_run_delivers_nothing_and_the_process_lives(qtbot):
    # CI: a 3-D view replaced while its worker ran took the QThread with it, and Qt ends the process for that
    import shiboken6

    owner = QtWidgets.QWidget()
    gate, delivered = threading.Event(), []
    worker = Worker(lambda: gate.wait(10) and "late", owner, name="owned")
    worker.done.connect(delivered.append)
    worker.start()
    shiboken6.delete(owner)
    gate.set()
    assert wait_for_all(10000)
    qtbot.wait(50)
    assert delivered == [] and worker.seconds is not None


def test_a_daemon_thread_that_outlives_its_window_signals_nothing_through_it(qtbot, monkeypatch):
    # CI: the GUI monkey died of a segmentation fault after a restart, a path computation emitting on the closed window
    import shiboken6

    import ui.compute

    monkeypatch.setattr(ui.compute, "WAIT_SECONDS", 0.0)  # the job goes on in its thread
    parent = QtWidgets.QWidget()
    runner = ui.compute.OffThread(parent)
    gate, delivered, failed = threading.Event(), [], []
    runner.submit(lambda: gate.wait(10) and 42, delivered.append, failed.append)
    threads = [t for t in threading.enumerate() if t.name == ui.compute.OffThread.thread_name]
    shiboken6.delete(parent)  # the runner goes with it
    gate.set()
    for thread in threads:
        thread.join(10)
    qtbot.wait(50)
    assert delivered == [] and failed == []


def test_a_thread_that_ends_after_qt_is_taken_apart_says_nothing(qtbot, monkeypatch):
    """At the end of the process Qt deletes the courier; a daemon thread that finished then raised "Signal source has
    been deleted" and printed a traceback."""
    import shiboken6

    from ui import workers

    gone = workers._Courier()
    shiboken6.delete(gone)
    monkeypatch.setattr(workers, "_courier", gone)
    workers.call_on_gui_thread(gone, print, "never")  # no exception
