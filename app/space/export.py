"""Exports of the 3-D view, headless: a figure from a chosen camera (PNG, SVG, PDF), a video or GIF with the camera
turning slowly while the clock runs (MP4, GIF), and the data with z columns. The encoders, the atomic writing and the
checks of size, dpi and frame rate are app/export.py's; the drawing is app/figures/space.py's.
"""

from __future__ import annotations

import io
import math
import os

import numpy as np

from app import export as planar
from app.files import atomic_path

TURN_DEGREES = 90.0  # the camera turns this far about the vertical over a whole animation


def _caption(scene) -> list[str]:
    lines = [f"{planar.SOFTWARE}: a charge near a point dipole in space, k = {planar.number(scene.k)}"]
    for i, la in enumerate(scene.launches, 1):
        lines.append(f"#{i}: x0 = ({la.x0:.4g}, {la.y0:.4g}, {la.z0:.4g}), v0 = ({la.vx0:.4g}, {la.vy0:.4g}, {la.vz0:.4g})")
    return lines


def _build(scene, size, dpi, theme, elev, azim, time):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from app.figures.space import draw_space

    w, h = size
    fig = Figure(figsize=(w / dpi, h / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    layers = draw_space(fig, scene.k, scene.trajectories, theme, scene.radius, elev, azim, time, scene.projection)
    return fig, canvas, layers


def _camera(scene, elev, azim) -> tuple[float, float]:
    elev = scene.camera[0] if elev is None else float(elev)
    azim = scene.camera[1] if azim is None else float(azim)
    if not (math.isfinite(elev) and math.isfinite(azim)):
        raise ValueError("the camera angles must be finite numbers")
    return elev, azim


def export_space_figure(scene, path, size=planar.DEFAULT_FIGURE_SIZE, dpi=None, theme: str = "default", elev=None, azim=None,
                        time=None, caption: bool = False) -> None:
    """The 3-D view as PNG, SVG or PDF (by suffix) from the camera (elev, azim) in degrees (default: the scene's)."""
    fmt = planar._format_of(path, planar.FIGURE_FORMATS)  # noqa: SLF001 (the checks are the planar export's)
    size = planar._check_size(size)  # noqa: SLF001
    dpi = planar._check_dpi(dpi, size)  # noqa: SLF001
    elev, azim = _camera(scene, elev, azim)
    fig, _, _ = _build(scene, size, dpi, theme, elev, azim, scene.duration if time is None else time)
    lines = _caption(scene) + [f"camera: elevation {elev:g}°, azimuth {azim:g}°"]
    if caption:
        from app.themes import get_theme

        fig.text(0.01, 0.01, "\n".join(lines), color=get_theme(theme).foreground, fontsize=8, va="bottom", ha="left")
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt[1:], dpi=fig.dpi, metadata=planar._metadata(fmt, lines), facecolor=fig.get_facecolor())  # noqa: SLF001
    with atomic_path(path) as tmp:
        tmp.write_bytes(buffer.getbuffer())


def _frames(fig, canvas, layers, times, elev, azims):
    for t, azim in zip(times, azims):
        layers.set_time(float(t))
        layers.set_camera(elev, float(azim))
        canvas.draw()
        yield np.ascontiguousarray(np.asarray(canvas.buffer_rgba())[:, :, :3])


def export_space_animation(scene, path, fps: float = 30, duration: float = 8.0, size=None, theme: str = "default", elev=None,
                           azim=None, dpi=None, progress=None, turn: float = TURN_DEGREES) -> bool:
    """An MP4 or GIF of the clock running from 0 to the end while the camera turns `turn` degrees; False if cancelled."""
    fmt = planar._format_of(path, planar.ANIMATION_FORMATS)  # noqa: SLF001
    fps, duration = float(fps), float(duration)
    if not (math.isfinite(fps) and 1 <= fps <= 120):
        raise ValueError(f"the frame rate must be from 1 to 120 frames per second, got {fps:g}")
    if fmt == ".gif" and fps > 50:
        raise ValueError(f"a GIF plays at most 50 frames per second, got {fps:g}")
    if not (math.isfinite(duration) and 0 < duration <= 600):
        raise ValueError(f"the duration must be more than 0 and at most 600 seconds, got {duration:g}")
    size = planar._check_size(size or (planar.DEFAULT_VIDEO_SIZE if fmt == ".mp4" else planar.DEFAULT_GIF_SIZE), even=fmt == ".mp4")  # noqa: SLF001
    dpi = planar._check_dpi(dpi, size)  # noqa: SLF001
    elev, azim = _camera(scene, elev, azim)
    n = int(round(fps * duration))
    if not 1 <= n <= planar.MAX_FRAMES:
        raise ValueError(f"{fps:g} frames per second for {duration:g} s is {n} frames: use from 1 to {planar.MAX_FRAMES}")
    times = np.linspace(0.0, scene.duration, n)
    azims = azim + np.linspace(0.0, turn, n)
    fig, canvas, layers = _build(scene, size, dpi, theme, elev, azim, 0.0)
    lines = _caption(scene) + [f"the camera turns from azimuth {azim:g}° by {turn:g}° at elevation {elev:g}°"]

    from app.figures.text_metrics import let_window_draw

    def report(i: int) -> None:
        let_window_draw()  # a window canvas waiting to draw goes first
        if progress is not None and progress(i, n) is False:
            raise planar._Cancelled  # noqa: SLF001

    try:
        with atomic_path(path) as tmp:
            if fmt == ".mp4":
                planar._write_mp4(tmp, _frames(fig, canvas, layers, times, elev, azims), size, fps, lines, report)  # noqa: SLF001
            else:
                # one palette for every frame, from the last one (every path drawn in full)
                last = next(_frames(fig, canvas, layers, times[-1:], elev, azims[-1:]))
                _write_gif(tmp, _frames(fig, canvas, layers, times, elev, azims), last, fps, lines, report)
    except planar._Cancelled:  # noqa: SLF001
        return False
    return True


def _write_gif(tmp, frames, last, fps: float, lines: list[str], report) -> None:
    from PIL import Image

    palette = Image.fromarray(last).quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    images = []
    for i, frame in enumerate(frames, 1):
        images.append(Image.fromarray(frame).quantize(palette=palette, dither=Image.Dither.NONE))
        report(i)
    images[0].save(tmp, format="GIF", save_all=True, append_images=images[1:], duration=planar._gif_durations(len(images), fps),  # noqa: SLF001
                   loop=0, comment="\n".join(lines).encode("utf-8"))


def export_space_data(scene, path: str | os.PathLike) -> None:
    """Every launch's samples with z columns (and a particle column) as CSV, JSON or NPZ."""
    from app.files.data import DATA_FORMATS
    from app.space.data import write_space_trajectories

    planar._format_of(path, DATA_FORMATS)  # noqa: SLF001
    write_space_trajectories(str(path), list(scene.trajectories))
