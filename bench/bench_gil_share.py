"""A panel's draw on the main thread beside a worker thread, at Python's GIL slice (5 ms) and at the window's.

    python bench/bench_gil_share.py [--repeats N]

The window draws on the GUI thread while workers run (integrations, exports, the 3-D view's paths). The GUI thread
lets go of the GIL inside C calls (FreeType lays out each text, Qt paints) and must then take it back from the
worker. A worker that lets go of the GIL often (scipy and numpy do, between their calls) gives it back at once; one
that runs pure Python (sympy, pyparsing, a loop) keeps it until the switch interval forces a hand-over: Python's
default 5 ms, ui/workers.GIL_SWITCH_SECONDS in the window. The monkey found panel draws of 0.3-0.6 s that take
30-50 ms alone, most of it in FreeType's text layout.

This draws the scattering lab's figure (laid out once, as the window's panels are) alone, then beside each kind of
worker at each slice, and prints the medians as ratios to the draw alone, with the worker's own rate as a ratio
to its rate at 5 ms (what the finer slice costs it). The draws are urgent sections (physics/pace.py), as the window's
are: "paused Python" is the pure Python with pause points, which waits while a draw runs (the window's workers'
loops have them). Prints figures only.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import app.api as dl  # noqa: E402
from physics import pace  # noqa: E402
from ui.workers import GIL_SWITCH_SECONDS  # noqa: E402


def make_figure() -> Figure:
    fig = Figure(figsize=(6, 8), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    dl.draw_panel(fig, dl.setup(k=1.0, preset="fan"), "scattering")
    fig.canvas.draw()  # fonts, layout: the first draw is not what is measured
    fig.set_layout_engine("none")  # laid out once, as the window's panels are (app/figures/layout.py)
    return fig


def integrate(count: list[int], stop: threading.Event) -> None:
    """scipy integrating one launch after another: Python, letting go of the GIL in numpy's and scipy's calls (and
    since physics/pace.py, pausing in each evaluation of the right-hand side while a draw runs)."""
    while not stop.is_set():
        dl.simulate(dl.polar(1.0, math.pi / 3, omega0=0.4 + 1e-6 * count[0]), k=1.0, t_max=5.0, samples=101)
        count[0] += 1


def pure_python(count: list[int], stop: threading.Event) -> None:
    """Pure Python that never lets go of the GIL by itself, as sympy or a parser."""
    while not stop.is_set():
        total = 0
        for i in range(10_000):
            total += i * i
        count[0] += 1


def paced(count: list[int], stop: threading.Event) -> None:
    """The same pure Python with a pause point after each piece, as the window's workers have (physics/pace.py)."""
    while not stop.is_set():
        total = 0
        for i in range(10_000):
            total += i * i
        pace.pause()
        count[0] += 1


def draws(fig: Figure, repeats: int) -> tuple[float, float]:
    """Median seconds of a full draw of `fig` (an urgent section, as the window's are), and the seconds all took."""
    times = []
    started = time.perf_counter()
    for _ in range(repeats):
        fig.stale = True
        t = time.perf_counter()
        with pace.urgent():
            fig.canvas.draw()
        times.append(time.perf_counter() - t)
    return statistics.median(times), time.perf_counter() - started


def beside(fig: Figure, work, interval: float, repeats: int) -> tuple[float, float]:
    """Median draw of `fig` while `work` runs in a thread at this switch interval, and the work's rate."""
    sys.setswitchinterval(interval)
    count, stop = [0], threading.Event()
    thread = threading.Thread(target=work, args=(count, stop), daemon=True)
    thread.start()
    try:
        time.sleep(0.3)  # under way
        start_count = count[0]
        median, spent = draws(fig, repeats)
        return median, (count[0] - start_count) / spent
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(0.005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    fig = make_figure()
    texts = len(fig.findobj(matplotlib.text.Text))
    alone, _ = draws(fig, args.repeats)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.2f} on {os.cpu_count()} cores; the scattering lab ({texts} texts), medians of {args.repeats} draws")
    print(f"draw alone {alone * 1e3:.1f} ms")
    for name, work in (("scipy integrating", integrate), ("pure Python", pure_python), ("paused Python", paced)):
        slow, slow_rate = beside(fig, work, 0.005, args.repeats)
        fine, fine_rate = beside(fig, work, GIL_SWITCH_SECONDS, args.repeats)
        print(f"beside {name:18s} slice 5 ms: draw {slow * 1e3:7.1f} ms, ratio {slow / alone:5.1f}   "
              f"slice {GIL_SWITCH_SECONDS * 1e3:g} ms: draw {fine * 1e3:7.1f} ms, ratio {fine / alone:5.1f}, "
              + (f"worker's rate ratio {fine_rate / slow_rate:4.2f}" if slow_rate else "the worker waits while the draws run"))


if __name__ == "__main__":
    main()
