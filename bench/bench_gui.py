"""Speed of the window, offscreen: building it, a k change redrawn (field plus 20 trajectories), the animation
frame rate with 20 and with 1,000 particles, and the test-charge map from the button to its first frame.

    python bench/bench_gui.py [--repeats N] [--seconds S] [--k-only]

Prints figures only; the aims (issues 4, 8 and 14) are a k change redrawn on the canvas within one frame at
60 Hz (16 ms, timed from the state's trajectories_changed to the canvas's blit, beside the full redraw it
replaced, measured in the same run), 60 frames per second with 20 particles and 30 with 1,000.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DIPOLE_LAB_TEST", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6 import QtCore, QtWidgets  # noqa: E402

from app.presets import load_preset  # noqa: E402
from app.state import SimulationState  # noqa: E402
from physics.launch import LaunchState  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

PARTICLES = 20


def twenty_particles(state: SimulationState) -> None:
    """The fan preset (12 launches) plus 8 more around the dipole."""
    load_preset(state, "fan")
    extra = [LaunchState(1.2 + 0.1 * i, 2 * math.pi * i / 8, 0.0, 0.25) for i in range(PARTICLES - len(state.particles))]
    state.add_launches(extra)
    assert len(state.particles) == PARTICLES


def back_to_back(app, state: SimulationState, canvas, seconds: float) -> None:
    """Blitting as fast as it goes, one clock step of 0.02 per frame over the first 3 time units."""
    app.processEvents()
    canvas.draw()
    frames, t = 0, 0.0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        t = (t + 0.02) % 3.0
        state.set_time(t)
        app.processEvents()
        frames += 1
    rate = frames / (time.perf_counter() - start)
    print(f"  frames blitted per second, back to back   {rate:7.1f}   ({1e3 / rate:.2f} ms a frame, trail '{state.display.trail}')")


def by_the_player(window, canvas, seconds: float) -> None:
    """The real player for `seconds`: its 16 ms QTimer moves the clock; prints the frames blitted per second."""
    before = canvas.frames_blitted
    window.player.play()
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(int(seconds * 1000), loop.quit)
    t0 = time.perf_counter()
    loop.exec()
    elapsed = time.perf_counter() - t0
    window.player.pause()
    print(f"  frames blitted per second by the Player    {(canvas.frames_blitted - before) / elapsed:7.1f}   (timer at 16 ms)")


def k_change(app, state: SimulationState, canvas, repeats: int) -> None:
    """k change -> recomputed trajectories -> redrawn canvas, as the window does it, k staying positive.

    Timed: the whole window (state.set_k, then the event loop runs the pending draws of every view), the
    integration of the launches alone, and the canvas from the state's trajectories_changed to its blit.
    Baseline, in the same run: what the canvas did for every k change before it reused the background (the
    field layers rebuilt, the paths placed and the whole canvas drawn). Each figure is the median wall time
    and, in brackets, the median CPU time of the GUI thread, which a busy machine inflates much less.
    """
    from physics.integration.batch import simulate_batch

    def now() -> tuple[float, float]:
        return time.perf_counter(), time.thread_time()

    def since(t0: tuple[float, float]) -> tuple[float, float]:
        t1 = now()
        return t1[0] - t0[0], t1[1] - t0[1]

    def median(pairs: list) -> str:
        return f"{1e3 * statistics.median(p[0] for p in pairs):7.1f} ms ({1e3 * statistics.median(p[1] for p in pairs):5.1f} CPU)"

    marks = {}
    # first in line, before the canvas hears the signal (a bench may reach into the Signal's slot list)
    state.trajectories_changed._slots.insert(0, lambda: marks.__setitem__("paths", now()))
    blit = canvas.blit

    def timed_blit(bbox=None):
        blit(bbox)
        marks["blit"] = since(marks["paths"]) if "paths" in marks else None

    def canvas_time(into: list) -> None:
        if marks.get("blit") is not None:
            into.append(marks["blit"])

    canvas.blit = timed_blit
    total, solve, blitted, full = [], [], [], []
    launches = [p.launch for p in state.particles]
    for i in range(repeats):
        k = 1.0 + 0.05 * (i % 15 + 1) * (-1) ** i  # from 0.25 to 1.8: the sign stays
        marks.clear()
        t0 = now()
        state.set_k(k)
        app.processEvents()
        total.append(since(t0))
        canvas_time(blitted)
        t0 = now()
        simulate_batch(launches, k, state.settings)
        solve.append(since(t0))
        t0 = now()
        canvas.layers.update_field(force=True)
        canvas.layers.update_trajectories()
        canvas.draw()
        full.append(since(t0))
        app.processEvents()  # the full draw's paint, so that it is not left to the next k change's blit
    # k dragged through zero: each sign's picture is drawn once, then shown again from its saved background
    state.set_k(-1.0)
    app.processEvents()
    flips = []
    for i in range(repeats):
        marks.clear()
        state.set_k((1.0 + 0.05 * (i % 15)) * (-1) ** i)
        app.processEvents()
        canvas_time(flips)
    del canvas.blit
    state.trajectories_changed._slots.pop(0)
    print(f"k change with {PARTICLES} particles, median of {repeats}, wall (and GUI-thread CPU) time:")
    print(f"  k change to redrawn window {median(total)}   (state.set_k + event loop: every view)")
    print(f"    integrating              {median(solve)}   (simulate_batch, {PARTICLES} launches)")
    print(f"    baseline: full redraw    {median(full)}   (field layers rebuilt, paths placed, whole canvas drawn)")
    if blitted:
        ratio = statistics.median(p[0] for p in blitted) / statistics.median(p[0] for p in full)
        print(f"    canvas: paths to blit    {median(blitted)}   (trajectories_changed to the canvas's blit; "
              f"{len(blitted)} of {repeats} changes blitted; aim: at most 16 ms)")
        print(f"    ratio blit / full redraw {ratio:7.2f}")
    else:
        print("    no k change was blitted")
    if flips:
        print(f"  k changing sign: paths to blit {median(flips)}   ({len(flips)} of {repeats} flips blitted; "
              "each sign's picture drawn once before)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--k-only", action="store_true", help="only the k change (issue 14's figure)")
    args = parser.parse_args()

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    warm = MainWindow(SimulationState())  # imports, numba's cache and fonts: paid once per process
    warm.show()
    app.processEvents()
    warm.disconnect_state()
    warm.close()
    t0 = time.perf_counter()
    state = SimulationState()
    window = MainWindow(state)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    print(f"window built and painted (in process, after a first one)   {1e3 * (time.perf_counter() - t0):7.1f} ms")
    twenty_particles(state)
    state.set_time(1.0)
    canvas = window.canvas
    canvas.draw()
    app.processEvents()

    k_change(app, state, canvas, args.repeats)
    if args.k_only:
        window.disconnect_state()
        window.close()
        return 0

    # blitting as fast as it goes: one clock step per frame
    state.set_k(1.0)
    canvas.draw()
    print(f"animation with {PARTICLES} particles ({window.canvas.width()}x{window.canvas.height()} canvas):")
    back_to_back(app, state, canvas, args.seconds / 2)
    state.set_display(trail="fade")
    back_to_back(app, state, canvas, args.seconds / 2)
    state.set_display(trail="full")

    # the real player: a 16 ms QTimer moving the clock
    state.restart()
    window.player.set_speed(0.25)
    by_the_player(window, canvas, args.seconds / 2)

    # the test-charge map: one batch of 96 launches, then the first frame of the animation
    state.clear()
    t0 = time.perf_counter()
    window.classroom.test_map_action.trigger()  # what its button and the M key do
    app.processEvents()
    print(f"test-charge map of {len(state.particles)} charges, button to first frame  {1e3 * (time.perf_counter() - t0):7.1f} ms")
    window.player.pause()

    # 1,000 particles with fading tails (as the test-charge map leaves them) and full paths, blitted back to
    # back, then by the Player (fading tails)
    state.clear()
    many = [LaunchState(0.6 + 2.2 * (i % 50) / 50, 2 * math.pi * i / 1000, 0.0, 0.3) for i in range(1000)]
    t0 = time.perf_counter()
    state.add_launches(many)
    app.processEvents()
    print(f"1,000 launches added (one batch) and drawn   {1e3 * (time.perf_counter() - t0):7.1f} ms")
    canvas.draw()
    print(f"animation with {len(state.particles)} particles:")
    trail = state.display.trail
    back_to_back(app, state, canvas, args.seconds / 2)
    state.set_display(trail="full" if trail != "full" else "fade")
    back_to_back(app, state, canvas, args.seconds / 2)
    state.set_display(trail=trail)
    state.restart()
    by_the_player(window, canvas, args.seconds / 2)
    window.disconnect_state()
    window.close()
    # time from `python main.py` to the first painted window, beside the bare stack (bench_startup.py)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_startup

    bare = sorted(bench_startup.time_to_first_paint(bench_startup.BARE) for _ in range(3))[1]
    full = sorted(bench_startup.time_to_first_paint(bench_startup.APP) for _ in range(3))[1]
    print("first painted window, median of 3:")
    print(f"  bare stack {bare * 1000:.0f} ms, python main.py {full * 1000:.0f} ms, ratio {full / bare:.2f} (goal: at most 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
