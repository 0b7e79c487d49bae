"""How long "Restore unsaved work? Yes" holds the window when the autosave has a typed potential (issue 12).

    python bench/bench_restore.py [--no-numba]

Each run leaves a crashed run's autosave whose U is new to this process (so nothing is cached: a fresh
derivation, and with numba a fresh compile of its kernel), answers Yes, and times the window's event loop
with a 10 ms timer. "Blocking" is what the code did before issue 12, apply_session on the GUI thread;
"worker" is offer_recovery as it is now. Printed: how long offer_recovery held the GUI thread, the longest
event-loop gap until the session was restored, and the time until it was; then the ratio of the gaps.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DIPOLE_LAB_TEST", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6 import QtCore, QtWidgets  # noqa: E402


class GapMeter:
    """The longest interval between two ticks of a 10 ms timer: how long the event loop could not turn."""

    def __init__(self):
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer = QtCore.QTimer(interval=10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def held(self, began: float) -> None:
        """Count the time from `began` to now as one gap (a call that held the GUI thread)."""
        now = time.perf_counter()
        self.longest = max(self.longest, now - began)
        self._last = now


def leave_autosave(U: str) -> None:
    from app.files.autosave import autosave_path
    from app.files.session import session_to_dict
    from app.state import SimulationState
    from physics.launch import LaunchState

    state = SimulationState(k=-0.7)
    state.add_launch(LaunchState(1.5, 0.4, 0.0, 0.3), "one")
    doc = session_to_dict(state)
    doc.update(version=2, potential={"name": "custom", "U": U, "T": None, "params": {}})
    dead = 2**22 + os.getpid() % 1000  # above the usual pid_max: no such process
    autosave_path(pid=dead).write_text(json.dumps(doc))


def restore(app, blocking: bool, U: str) -> tuple[float, float, float]:
    """(seconds offer_recovery held the GUI thread, longest event-loop gap, seconds until restored)."""
    from app.state import SimulationState
    from ui import recovery as rec
    from ui.main_window import MainWindow

    leave_autosave(U)
    state = SimulationState()
    window = MainWindow(state)
    window.show()
    app.processEvents()
    QtWidgets.QMessageBox.question = staticmethod(lambda *a, **k: QtWidgets.QMessageBox.StandardButton.Yes)
    if blocking:  # before issue 12: derive on the GUI thread inside offer_recovery
        original = rec.Recovery.restore

        def restore_now(self, leftover, when, earlier=()):
            from app.files.session import prepare_session_potential

            self._restored(leftover, when, prepare_session_potential(leftover.session, str(leftover.path)), earlier)

        rec.Recovery.restore = restore_now
    meter = GapMeter()
    began = time.perf_counter()
    try:
        recovery = rec.offer_recovery(window, state)
    finally:
        if blocking:
            rec.Recovery.restore = original
    held = time.perf_counter() - began
    meter.held(began)
    while state.potential.U_text != U and time.perf_counter() - began < 300:
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.001)
    total = time.perf_counter() - began
    app.processEvents()
    meter.timer.stop()
    recovery.finish()
    window.confirm_close = False
    window.close()
    window.disconnect_state()
    return held, meter.longest, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-numba", action="store_true", help="the numpy engine only (no kernel compile)")
    args = parser.parse_args()
    os.environ["DIPOLE_LAB_DATA"] = tempfile.mkdtemp(prefix="dipole-bench-restore-")
    os.environ["DIPOLE_LAB_CACHE"] = tempfile.mkdtemp(prefix="dipole-bench-cache-")  # a fresh install's cache
    if args.no_numba:
        os.environ["DIPOLE_LAB_NO_NUMBA"] = "1"
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    stamp = time.time_ns() % 997 + 2
    rows = []
    for label, blocking, U in (("blocking (before)", True, f"-k/r - k/({stamp}*r^2)"),
                               ("worker (now)", False, f"-k/r - k/({stamp + 1}*r^2)")):
        held, gap, total = restore(app, blocking, U)
        rows.append(gap)
        print(f"{label:18s} offer_recovery held the GUI thread {held:6.2f} s; longest event-loop gap {gap:6.2f} s; "
              f"restored after {total:6.2f} s")
    print(f"longest gap, worker / blocking: {rows[1] / rows[0]:.3f}")
    from ui.workers import wait_for_all

    wait_for_all(60000)


if __name__ == "__main__":
    main()
