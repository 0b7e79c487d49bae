"""Exports of a session, headless: figures (PNG, SVG, PDF), animations (MP4, GIF) and trajectory data.

Every export draws with the same `PlotLayers` as the window, on a fresh `matplotlib.figure.Figure`
(never pyplot), reads the state without changing it, and writes through a temporary file that is
renamed only on success: a failed or cancelled export leaves neither the file nor a temporary.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from app.files import atomic_path
from app.text import number
from app.themes import get_theme, theme_colour
from physics.messages import one_line

FIGURE_FORMATS = (".png", ".svg", ".pdf")
ANIMATION_FORMATS = (".mp4", ".gif")
DEFAULT_FIGURE_SIZE = (1600, 1000)
DEFAULT_VIDEO_SIZE = (1280, 800)
DEFAULT_GIF_SIZE = (800, 500)
REFERENCE_WIDTH_INCHES = 1600 / 150  # the default dpi keeps images this wide (or 100 dpi for small ones), so text scales with them
MAX_PIXELS = 60_000_000
MAX_SIDE = 10_000
MAX_FRAMES = 36_000
MAX_GIF_BYTES = 600_000_000  # GIF frames are held in memory until Pillow writes them
MAX_CAPTION_ENTRIES = 24
SOFTWARE = "Dipole Lab"

Progress = Callable[[int, int], object]
Cancelled = Callable[[], bool]  # asked between the steps of an export in a worker: True stops it, and no file is left


class ExportCancelled(Exception):
    """A figure or data export stopped because its `cancelled()` said so: nothing was written."""


def stop_if(cancelled: Cancelled | None) -> None:
    """Raise ExportCancelled if the export was cancelled (a check between two steps of the work)."""
    if cancelled is not None and cancelled():
        raise ExportCancelled


class _ExportView:
    """A read-only view of a state for one export: its own theme and clock; the live state is not touched.

    Particles coloured from the state's palette take the same slot of the export theme's palette;
    colours the user picked stay as they are.
    """

    def __init__(self, state, theme: str | None = None, time: float | None = None):
        self._state = state
        self.theme = get_theme(theme or state.theme).name
        t = state.time if time is None else float(time)
        if not math.isfinite(t):
            raise ValueError(f"the time must be a finite number, got {time!r}")
        self.time = min(max(t, 0.0), state.duration)
        self._particles = tuple(_recolor(p, self.theme) for p in state.particles)
        self._by_id = {p.id: p for p in self._particles}

    def __getattr__(self, name):
        return getattr(self._state, name)

    @property
    def particles(self):
        return self._particles

    def particle(self, pid):
        return self._by_id.get(pid)


def _recolor(particle, theme: str):
    from dataclasses import replace

    colour = theme_colour(particle.id, particle.color, theme)
    return particle if colour == particle.color else replace(particle, color=colour)


def _fmt(value: float) -> str:
    return number(value)


def launch_text(particle) -> str:
    """One launch's initial conditions as a caption line (θ₀ in degrees, ω₀ = dθ/dt)."""
    text = ", ".join(_launch_fields(particle))
    return f"{text}  ({particle.label})" if particle.label else text


def _header(view, span: bool) -> str:
    t = f"t = 0 \u2192 {view.duration:.2f}" if span else f"t = {view.time:.2f}"
    return f"Dipole Lab \u00b7 k = {_fmt(view.k)} \u00b7 {t}"


def _shown(view) -> list:
    return [p for p in view.particles if p.visible and view.trajectory(p.id) is not None]


def _caption_lines(view, span: bool = False) -> list[str]:
    lines = [_header(view, span)]
    lines += [f"{i}. {launch_text(p)}" for i, p in enumerate(_shown(view), 1)]
    return lines


def caption_text(state, time: float | None = None, theme: str | None = None) -> str:
    """The caption of a figure of state at time t (the clock by default): k, the time and each visible launch."""
    return "\n".join(_caption_lines(_ExportView(state, theme, time)))


def _metadata(fmt: str, lines: list[str]) -> dict:
    title = lines[0]
    text = "\n".join(lines)
    if fmt == ".png":
        return {"Title": title, "Description": text, "Software": SOFTWARE}
    if fmt == ".svg":
        return {"Title": title, "Description": text, "Keywords": ["dipole", "charged particle", "Dipole Lab"]}
    if fmt == ".pdf":
        return {"Title": title, "Subject": text, "Keywords": "dipole; Dipole Lab; " + "; ".join(lines[1:]), "Creator": SOFTWARE}
    return {}


def _launch_fields(p) -> list[str]:
    la = p.launch
    return [f"r\u2080 = {_fmt(la.r0)}", f"\u03b8\u2080 = {_fmt(math.degrees(la.theta0))}\u00b0",
            f"vr\u2080 = {_fmt(la.vr0)}", f"\u03c9\u2080 = {_fmt(la.omega0)}"]


def _compact_caption(view, header: str) -> tuple[list[str], list[str], list]:
    """Title lines and one entry per shown launch, with the values every launch shares moved into the title."""
    shown = _shown(view)
    table = [_launch_fields(p) for p in shown]
    common = [j for j in range(4) if len(shown) > 1 and len({row[j] for row in table}) == 1]
    title = [header]
    if common:
        title.append(("every launch: " if len(common) < 4 else "every launch (identical): ") + ", ".join(table[0][j] for j in common))
    entries = []
    for i, (p, row) in enumerate(zip(shown, table), 1):
        text = ", ".join(row[j] for j in range(4) if j not in common)
        text = f"{i}. {text}" if text else f"{i}."
        entries.append(f"{text}  ({p.label})" if p.label else text)
    return title, entries, shown


def _draw_caption(fig, view, header: str, size: tuple[int, int], dpi: float) -> None:
    """The caption as a legend under the plot: k and the time as its title, one entry per launch in its own colour.

    The font shrinks (to half the theme's size at most) and then the list is cut so that the caption
    takes at most a third of the figure's height; the file's metadata always lists every launch.
    """
    from matplotlib.lines import Line2D

    theme = get_theme(view.theme)
    title, entries, shown = _compact_caption(view, header)
    w, h = size
    budget = 0.33 * h
    fs = theme.font_size * 0.85
    smallest = max(theme.font_size * 0.5, 6.0)
    while True:
        px = fs * dpi / 72
        width = max((len(e) for e in entries), default=0) * 0.55 * px + 4.5 * px
        ncol = max(1, min(len(entries), int(0.96 * w // width))) if entries else 1
        rows = math.ceil(len(entries) / ncol)
        needed = len(title) * 1.45 * px * 1.1 + rows * 1.5 * px + px
        if needed <= budget or fs <= smallest:
            break
        fs = max(fs * 0.9, smallest)
    if needed > budget and entries:
        fit_rows = max(int((budget - len(title) * 1.6 * px - px) // (1.5 * px)), 1)
        keep = min(len(entries), fit_rows * ncol)
        if keep < len(entries):
            # a line of its own: appended to the first it ran past the edges of a narrow figure
            title.insert(1, f"launches 1\u2013{keep} of {len(entries)} (all in the file's metadata)")
            entries, shown = entries[:keep], shown[:keep]
            rows = math.ceil(len(entries) / ncol)
    if entries:
        ncol = math.ceil(len(entries) / rows)
    handles = [Line2D([], [], color=p.color, lw=theme.trail_width, marker="o", ms=theme.marker_size * 0.7) for p in shown]
    legend = fig.legend(handles, entries, loc="outside lower center", ncol=ncol, title="\n".join(title), fontsize=fs,
                        title_fontsize=fs * 1.1, frameon=False, labelcolor=theme.foreground, handlelength=1.6,
                        columnspacing=1.6)
    legend.get_title().set_color(theme.foreground)
    legend.get_title().set_multialignment("center")


def _check_size(size, even: bool = False) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in size)
    except (TypeError, ValueError):
        raise ValueError(f"the size must be two whole numbers of pixels, got {size!r}") from None
    if not (16 <= w <= MAX_SIDE and 16 <= h <= MAX_SIDE):
        raise ValueError(f"the size must be from 16 to {MAX_SIDE} pixels on each side, got {w}x{h}")
    if w * h > MAX_PIXELS:
        raise ValueError(f"the size {w}x{h} has more than {MAX_PIXELS / 1e6:g} megapixels")
    if even:  # yuv420p halves the colour resolution, so H.264 needs even sides
        w, h = w - w % 2, h - h % 2
    return w, h


def page_inches(size: tuple[int, int], dpi: float | None = None) -> tuple[float, float]:
    """The page of a vector figure of `size` pixels at `dpi` (the automatic one by default), in inches."""
    dpi = _check_dpi(dpi, size)
    return size[0] / dpi, size[1] / dpi


def _check_dpi(dpi, size: tuple[int, int]) -> float:
    if dpi is None:
        return max(size[0] / REFERENCE_WIDTH_INCHES, 100.0)
    dpi = float(dpi)
    if not (math.isfinite(dpi) and 10 <= dpi <= 1200):
        raise ValueError(f"the dpi must be from 10 to 1200, got {dpi!r}")
    return dpi


def _format_of(path, allowed: tuple[str, ...]) -> str:
    fmt = Path(path).suffix.lower()
    if fmt not in allowed:
        raise ValueError(f"{path}: the file name must end in {', '.join(allowed)}")
    return fmt


def _build(view, size: tuple[int, int], dpi: float, caption_header: str | None):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from app.plotting import PlotLayers

    w, h = size
    fig = Figure(figsize=(w / dpi, h / dpi), dpi=dpi, layout="constrained")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    layers = PlotLayers(ax, view)
    layers.selected_ring.set_visible(False)  # the selection is the window's, not the picture's
    run = getattr(view, "challenge_run", None)  # a challenge level being played: its zones and targets are in the picture
    if run is not None:
        from app.challenge.drawing import draw_level

        draw_level(ax, run.level, view.theme, won=run.won)
    if caption_header is not None:
        _draw_caption(fig, view, caption_header, size, dpi)
    return fig, canvas, layers


def render_figure(
    state,
    size: tuple[int, int] = DEFAULT_FIGURE_SIZE,
    dpi: float | None = None,
    theme: str | None = None,
    caption: bool = False,
    time: float | None = None,
):
    """A fresh Figure (on an Agg canvas) of state as `export_figure` draws it; returns (figure, layers, caption lines)."""
    size = _check_size(size)
    dpi = _check_dpi(dpi, size)
    view = _ExportView(state, theme, time)
    lines = _caption_lines(view)
    fig, _, layers = _build(view, size, dpi, lines[0] if caption else None)
    layers.set_animated(False)
    layers.set_time(view.time)
    return fig, layers, lines


def export_figure(
    state,
    path: str | os.PathLike,
    size: tuple[int, int] = DEFAULT_FIGURE_SIZE,
    dpi: float | None = None,
    theme: str | None = None,
    caption: bool = False,
    time: float | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write the current view of state as PNG, SVG or PDF (by the file's suffix).

    size is in pixels (for SVG and PDF, with dpi, it sets the page size); dpi defaults to one that keeps
    the text in proportion to the image. theme overrides the state's theme, time its clock. With caption,
    k, the time and each launch's initial conditions are stamped under the plot; the same text always goes
    into the file's metadata. The state is not changed. cancelled() is asked before and after drawing (the
    window exports in a worker, from `state.frozen()`): True raises ExportCancelled, and nothing is written.
    """
    fmt = _format_of(path, FIGURE_FORMATS)
    stop_if(cancelled)
    fig, _, lines = render_figure(state, size, dpi, theme, caption, time)
    write_figure(fig, path, fmt, lines, cancelled)


def write_figure(fig, path, fmt: str, lines: list[str], cancelled: Cancelled | None = None) -> None:
    """Draw `fig` into memory, then write it whole (or raise ExportCancelled before writing anything).

    In memory first: a full disk under matplotlib's PDF writer raised AttributeError ('Stream' object has no
    attribute 'pos') from its clean-up instead of the OSError.
    """
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt[1:], dpi=fig.dpi, metadata=_metadata(fmt, lines), facecolor=fig.get_facecolor())
    stop_if(cancelled)
    with atomic_path(path) as tmp:
        tmp.write_bytes(buffer.getbuffer())


class _Cancelled(Exception):
    pass


def _frame_times(view, fps: float, duration: float) -> np.ndarray:
    n = int(round(fps * duration))
    if not 1 <= n <= MAX_FRAMES:
        raise ValueError(f"{fps:g} frames per second for {duration:g} s is {n} frames: use from 1 to {MAX_FRAMES}")
    return np.linspace(0.0, view.duration, n) if n > 1 else np.array([view.duration])


def _frames(fig, canvas, layers, times):
    """RGB frames at the given times: the background is drawn once, then only the moving artists (blitting)."""
    layers.set_animated(True)
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    for t in times:
        canvas.restore_region(background)
        layers.set_time(float(t))
        layers.draw_moving()
        yield np.ascontiguousarray(np.asarray(canvas.buffer_rgba())[:, :, :3])


def export_animation(
    state,
    path: str | os.PathLike,
    fps: float = 30,
    duration: float = 8.0,
    size: tuple[int, int] | None = None,
    progress: Progress | None = None,
    theme: str | None = None,
    dpi: float | None = None,
    caption: bool = False,
) -> bool:
    """Write an MP4 (H.264) or GIF of the clock running over the trajectories; returns False if cancelled.

    The clock runs from 0 to the state's duration in `duration` seconds of video at `fps` frames per second.
    progress(frame, total) is called after each frame; returning False cancels, and then no file is left.
    size defaults to 1280x800 for MP4 and 800x500 for GIF (MP4 sides are rounded down to even numbers).
    """
    fmt = _format_of(path, ANIMATION_FORMATS)
    fps, duration = float(fps), float(duration)
    if not (math.isfinite(fps) and 1 <= fps <= 120):
        raise ValueError(f"the frame rate must be from 1 to 120 frames per second, got {fps:g}")
    if fmt == ".gif" and fps > 50:
        raise ValueError(f"a GIF plays at most 50 frames per second (browsers slow faster ones down), got {fps:g}")
    if not (math.isfinite(duration) and 0 < duration <= 600):
        raise ValueError(f"the duration must be more than 0 and at most 600 seconds, got {duration:g}")
    size = _check_size(size or (DEFAULT_VIDEO_SIZE if fmt == ".mp4" else DEFAULT_GIF_SIZE), even=fmt == ".mp4")
    dpi = _check_dpi(dpi, size)
    view = _ExportView(state, theme, 0.0)
    times = _frame_times(view, fps, duration)
    if fmt == ".gif" and len(times) * size[0] * size[1] > MAX_GIF_BYTES:
        raise ValueError(f"a GIF of {len(times)} frames at {size[0]}x{size[1]} would need more than "
                         f"{MAX_GIF_BYTES / 1e6:.0f} MB of memory: use a smaller size, fewer frames, or MP4")
    lines = _caption_lines(view, span=True)
    fig, canvas, layers = _build(view, size, dpi, lines[0] if caption else None)

    from app.figures.text_metrics import let_window_draw

    def report(i: int) -> None:
        let_window_draw()  # a window canvas waiting to draw goes first
        if progress is not None and progress(i, len(times)) is False:
            raise _Cancelled

    try:
        with atomic_path(path) as tmp:
            if fmt == ".mp4":
                _write_mp4(tmp, _frames(fig, canvas, layers, times), size, fps, lines, report)
            else:
                _write_gif(tmp, fig, canvas, layers, times, fps, lines, report)
    except _Cancelled:
        return False
    return True


def _write_mp4(tmp: Path, frames, size: tuple[int, int], fps: float, lines: list[str], report) -> None:
    """Pipe RGB frames into the ffmpeg of imageio-ffmpeg, check its exit status and read the frame count back.

    An ffmpeg that fails (a full disk while writing the trailer) raises OSError with its own one-line reason,
    never a broken-pipe dump, and the caller's atomic_path then leaves no file.
    """
    import subprocess
    import threading
    from fractions import Fraction

    import imageio_ffmpeg

    w, h = size
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-v", "error", "-f", "rawvideo", "-vcodec", "rawvideo", "-s", f"{w}x{h}",
           "-pix_fmt", "rgb24", "-r", str(Fraction(fps).limit_denominator()), "-i", "-", "-an",
           "-vcodec", "libx264", "-pix_fmt", "yuv420p", "-crf", "20",  # imageio's quality 6
           "-metadata", f"title={lines[0]}", "-metadata", "comment=" + "\n".join(lines), "-movflags", "+faststart", str(tmp)]
    # its own process group (session): Ctrl-C in a terminal reaches this process, which stops ffmpeg itself
    group = {"start_new_session": True} if os.name == "posix" else {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    encoder = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **group)
    messages: list[bytes] = []
    reader = threading.Thread(target=lambda: messages.extend(encoder.stderr), daemon=True)  # a full pipe would stall ffmpeg
    reader.start()
    count = 0
    try:
        try:
            for count, frame in enumerate(frames, 1):
                encoder.stdin.write(memoryview(np.ascontiguousarray(frame, dtype=np.uint8)).cast("B"))
                report(count)
            encoder.stdin.close()
        except (BrokenPipeError, ConnectionResetError):
            pass  # ffmpeg stopped early: its exit status and message say why
        status = encoder.wait()
    except BaseException:
        encoder.kill()
        encoder.wait()
        raise
    finally:
        reader.join(timeout=5)
    if status != 0:
        raise OSError(f"the video encoder failed: {_ffmpeg_reason(messages, status)}")
    try:
        written, _ = imageio_ffmpeg.count_frames_and_secs(str(tmp))
    except (RuntimeError, OSError, ValueError):
        raise OSError("the video file cannot be read back (is the disk full?)") from None
    if written != count:
        raise OSError(f"the video file holds {written} of its {count} frames (is the disk full?)")


def _ffmpeg_reason(messages: list[bytes], status: int) -> str:
    """ffmpeg's last error line without its "[component @ address]" prefix, or its exit status."""
    import re

    for raw in reversed(messages):
        text = raw.decode("utf-8", "replace").strip()
        if text:
            return one_line(re.sub(r"^(\[[^\]]*\]\s*)+", "", text), 160)
    return f"ffmpeg exited with status {status}"


def _gif_durations(n: int, fps: float) -> list[int]:
    """Frame durations in ms on GIF's 10 ms grid whose running sum stays on the true frame times."""
    edges = [round(i * 100 / fps) * 10 for i in range(n + 1)]
    return [max(b - a, 10) for a, b in zip(edges[:-1], edges[1:])]


def _write_gif(tmp: Path, fig, canvas, layers, times, fps: float, lines: list[str], report) -> None:
    from PIL import Image

    # one palette for every frame, taken from the last one (every path drawn in full): no flicker,
    # and Pillow stores only the part of each frame that changed
    last = next(_frames(fig, canvas, layers, times[-1:]))
    palette = Image.fromarray(last).quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    images = []
    for i, frame in enumerate(_frames(fig, canvas, layers, times), 1):
        images.append(Image.fromarray(frame).quantize(palette=palette, dither=Image.Dither.NONE))
        report(i)
    images[0].save(tmp, format="GIF", save_all=True, append_images=images[1:], duration=_gif_durations(len(images), fps),
                   loop=0, comment="\n".join(lines).encode("utf-8"))


def export_data(state, path: str | os.PathLike, cancelled: Cancelled | None = None) -> None:
    """Every particle's samples (the `simulate` columns plus a particle column) as CSV, JSON or NPZ; cancelled()
    is asked as the table is made (see export_figure)."""
    from app.files.data import DATA_FORMATS, write_trajectories

    _format_of(path, DATA_FORMATS)
    pairs = [(p.id, state.trajectory(p.id)) for p in state.particles]
    pairs = [(pid, tr) for pid, tr in pairs if tr is not None]
    write_trajectories(str(path), [tr for _, tr in pairs], [pid for pid, _ in pairs],
                       check=None if cancelled is None else lambda: stop_if(cancelled))
