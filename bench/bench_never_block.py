"""How long a change holds the window's GUI thread (issue 12): a k change of many launches of another potential.

    python bench/bench_never_block.py [--launches N] [--repeats R]

For each repeat, k changes once with the paths computed in place (as before ui/compute.py: WAIT_SECONDS = None)
and once as the window does now (ui/compute.WINDOW_WAIT_SECONDS), in the same run. Printed for each: how long
set_k held the GUI thread, and the longest gap between two turns of the event loop until the paths were in
(a 1 ms timer counts the turns). The aim: no gap over 250 ms (the monkey's goal), whatever the computation costs.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DIPOLE_LAB_TEST", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6 import QtCore, QtWidgets  # noqa: E402

import ui.compute  # noqa: E402
from app.state import SimulationState  # noqa: E402
from physics.integration.contract import IntegrationSettings  # noqa: E402
from physics.launch import LaunchState  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def one_change(app, window, k: float, wait) -> tuple[float, float, float]:
    """(seconds set_k held the thread, longest event-loop gap until the paths were in, seconds until they were)."""
    ui.compute.WAIT_SECONDS = wait
    st = window.state
    turns = []
    timer = QtCore.QTimer(interval=1)
    timer.timeout.connect(lambda: turns.append(time.perf_counter()))
    timer.start()
    app.processEvents()
    start = time.perf_counter()
    turns.append(start)
    st.set_k(k)
    held = time.perf_counter() - start
    while st.computing:
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 5)
    app.processEvents()
    end = time.perf_counter()
    turns.append(end)
    timer.stop()
    gaps = [b - a for a, b in zip(turns, turns[1:])]
    return held, max(gaps), end - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    state = SimulationState(k=1.0, settings=IntegrationSettings(t_max=30.0, samples=1001))
    window = MainWindow(state)
    window.resize(1280, 720)
    window.show()
    state.set_potential_preset("finite-dipole")
    launches = [LaunchState(1.2 + 0.02 * i, 2 * math.pi * i / args.launches, 0.05, 0.3) for i in range(args.launches)]
    ui.compute.WAIT_SECONDS = None
    state.add_launches(launches)
    print(f"{args.launches} launches of the finite dipole, t_max 30; a k change each time")
    print(f"{'how':<28}{'held (ms)':>12}{'longest gap (ms)':>18}{'paths in (ms)':>15}")
    k = 1.0
    rows = {"in place (before)": [], "window (now)": []}
    for _ in range(args.repeats):
        for name, wait in (("in place (before)", None), ("window (now)", ui.compute.WINDOW_WAIT_SECONDS)):
            k = 3.0 - k  # 1 <-> 2: the same two computations every time
            held, gap, total = one_change(app, window, k, wait)
            rows[name].append((held, gap, total))
            print(f"{name:<28}{held * 1e3:>12.1f}{gap * 1e3:>18.1f}{total * 1e3:>15.1f}")
    before = min(r[1] for r in rows["in place (before)"])
    now = max(r[1] for r in rows["window (now)"])
    print(f"longest gap: in place at best {before * 1e3:.0f} ms, window at worst {now * 1e3:.0f} ms "
          f"({before / now:.1f}x shorter)")
    window.disconnect_state()
    window.close()


if __name__ == "__main__":
    main()
