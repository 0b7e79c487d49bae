"""Frames per second while turning the 3-D view (issue 18): 20 paths, the field, matplotlib's 3-D Axes.

    python bench/bench_space_rotate.py [--paths 20] [--frames 90] [--qt]

Each frame turns the camera by 2° and redraws the whole figure, as a mouse drag does (a 3-D Axes cannot blit:
every artist is projected again). Prints the frame rate on the Agg canvas and, with --qt, on the Qt canvas the
window uses (offscreen unless a display is set), with the redraw of an empty 2-D figure of the same size as the
baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def launches(n: int):
    import numpy as np

    from physics.space.launch import SpaceLaunch

    rng = np.random.default_rng(1)
    out = []
    while len(out) < n:
        pos = rng.uniform(-1.5, 1.5, 3)
        if np.linalg.norm(pos) > 0.6:
            out.append(SpaceLaunch(*map(float, pos), *map(float, 0.6 * rng.uniform(-1, 1, 3))))
    return out


def rate(canvas, turn, frames: int) -> tuple[float, float]:
    """(frames per second of wall time, frames per second of this process's CPU time).

    On a shared machine the wall-clock rate falls with the load; the CPU-time rate is what one free core gives."""
    canvas.draw()
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(frames):
        turn(i)
        canvas.draw()
    return frames / (time.perf_counter() - started), frames / (time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paths", type=int, default=20)
    parser.add_argument("--frames", type=int, default=90)
    parser.add_argument("--qt", action="store_true")
    args = parser.parse_args()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from app.figures.space import draw_space
    from app.space.scene import DEFAULT_SETTINGS, SpaceScene, SpaceSetup

    scene = SpaceScene(SpaceSetup(1.0, tuple(launches(args.paths)), DEFAULT_SETTINGS))
    scene.compute()
    samples = sum(len(tr.t) for tr in scene.trajectories)
    size = (9.6, 6.2)  # inches at 100 dpi: the plot area of the window at 1280x720

    def build(canvas_class):
        fig = Figure(figsize=size, dpi=100)
        canvas = canvas_class(fig)
        layers = draw_space(fig, scene.k, scene.trajectories, time=scene.duration * 0.7)
        return fig, canvas, layers

    def turner(layers):
        return lambda i: layers.set_camera(22.0, -60.0 + 2.0 * i)

    fig, canvas, layers = build(FigureCanvasAgg)
    empty = Figure(figsize=size, dpi=100)
    empty.add_subplot()
    base, base_cpu = rate(FigureCanvasAgg(empty), lambda i: None, args.frames)
    fps, fps_cpu = rate(canvas, turner(layers), args.frames)
    print(f"{args.paths} paths ({samples} samples), the field: {fps:.1f} fps turning on Agg, {fps_cpu:.1f} per CPU second "
          f"(an empty 2-D figure: {base:.1f} fps, {base_cpu:.1f} per CPU second; ratio {fps_cpu / base_cpu:.2f})")
    if args.qt:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        fig, canvas, layers = build(FigureCanvasQTAgg)
        canvas.resize(960, 620)
        canvas.show()

        def qt_turn(i):
            layers.set_camera(22.0, -60.0 + 2.0 * i)

        def qt_draw_rate() -> tuple[float, float]:
            canvas.draw()
            app.processEvents()
            started, cpu = time.perf_counter(), time.process_time()
            for i in range(args.frames):
                qt_turn(i)
                canvas.draw()
                canvas.repaint()
                app.processEvents()
            return args.frames / (time.perf_counter() - started), args.frames / (time.process_time() - cpu)

        wall, per_cpu = qt_draw_rate()
        print(f"on the Qt canvas ({os.environ['QT_QPA_PLATFORM']}): {wall:.1f} fps turning, {per_cpu:.1f} per CPU second")


if __name__ == "__main__":
    main()
