"""The `plot` and `animate` subcommands: figures and animations of a session, headless.

    python main.py plot --preset fan --theme presentation --caption --out fan.png
    python main.py plot --k 1 --launch 1,1.5708,0,0 --launch 1.5,0,0,0.8 --size 1200x800 --out two.pdf
    python main.py animate --session lesson.json --fps 30 --duration 8 --out lesson.mp4

What to draw comes from --session FILE or --preset NAME, or from --k with launches (the `simulate`
flags for one, --launch "r0,theta0,vr0,omega0" for any number; θ in radians); flags given beside a
session or a preset change it (--k, --theme, --view, the integration flags) or add launches to it;
--potential or --U replaces the session's potential and --param alone changes its parameters (app/cli/potential.py).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time as clock
from dataclasses import replace

from app.cli.errors import CliError
from app.cli.flags import (
    add_integration_flags,
    add_launch_flags,
    check_output_path,
    dipole_strength,
    finite_float,
    launch_from_args,
)
from app.cli.potential import add_potential_flags
from app.text import read_number
from physics.messages import one_line

INTEGRATION_DESTS = ("t_max", "samples", "r_min", "r_max", "rtol", "atol")
SIZE_PATTERN = re.compile(r"^\s*(\d{1,6})\s*[xX\u00d7]\s*(\d{1,6})\s*$")



def _numbers(text: str, count: int, what: str) -> list[float]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != count:
        raise argparse.ArgumentTypeError(f"must be {count} numbers {what} separated by commas, got {text!r}")
    try:
        return [read_number(p, "each value") for p in parts]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc} in {text!r}") from None


def launch_spec(text: str):
    """ "r0,theta0,vr0,omega0" (θ in radians, omega = dθ/dt) as a LaunchState."""
    from physics.launch import LaunchState

    r0, theta0, vr0, omega0 = _numbers(text, 4, "r0,theta0,vr0,omega0")
    if r0 <= 0:
        raise argparse.ArgumentTypeError(f"r0 must be positive, got {text!r}")
    return LaunchState(r0, theta0, vr0, omega0)


def view_spec(text: str):
    from physics.field import ViewBox, view_side_problem

    xmin, xmax, ymin, ymax = _numbers(text, 4, "xmin,xmax,ymin,ymax")
    if not (xmin < xmax and ymin < ymax):
        raise argparse.ArgumentTypeError(f"needs xmin < xmax and ymin < ymax, got {text!r}")
    if max(abs(xmin), abs(xmax), abs(ymin), abs(ymax)) > 1e6:
        raise argparse.ArgumentTypeError(f"must stay within ±1e6, got {text!r}")
    for axis, lo, hi in (("x", xmin, xmax), ("y", ymin, ymax)):
        problem = view_side_problem(lo, hi)
        if problem:
            raise argparse.ArgumentTypeError(f"the {axis} side {problem}")
    return ViewBox(xmin, xmax, ymin, ymax)


def size_spec(text: str) -> tuple[int, int]:
    """ "1600x1000": width and height in pixels."""
    from app.export import MAX_PIXELS, MAX_SIDE

    m = SIZE_PATTERN.match(text)
    if not m:
        raise argparse.ArgumentTypeError(f"must be WIDTHxHEIGHT in pixels, like 1600x1000, got {text!r}")
    w, h = int(m.group(1)), int(m.group(2))
    if not (16 <= w <= MAX_SIDE and 16 <= h <= MAX_SIDE):
        raise argparse.ArgumentTypeError(f"each side must be from 16 to {MAX_SIDE} pixels, got {text!r}")
    if w * h > MAX_PIXELS:
        raise argparse.ArgumentTypeError(f"must have at most {MAX_PIXELS / 1e6:g} megapixels, got {text!r}")
    return w, h


def _bounded(lo: float, hi: float, lo_open: bool = False):
    def parse(text: str) -> float:
        v = finite_float(text)
        if v > hi or v < lo or (lo_open and v == lo):
            low = f"more than {lo:g}" if lo_open else f"from {lo:g}"
            raise argparse.ArgumentTypeError(f"must be {low} {'and at most' if lo_open else 'to'} {hi:g}, got {text!r}")
        return v

    return parse



def add_setup_flags(p: argparse.ArgumentParser, default_size: str) -> None:
    """What to draw and how it looks: the flags `plot` and `animate` share."""
    from app.presets import PRESET_NAMES
    from app.themes import THEME_NAMES
    from physics.integration.contract import METHODS

    src = p.add_argument_group("what to draw (a session or a preset, or --k with launches)")
    src.add_argument("--session", dest="setup_session", metavar="FILE", help="a saved session (.json)")
    src.add_argument("--preset", dest="setup_preset", metavar="NAME", help=f"a preset: {', '.join(PRESET_NAMES)}")
    src.add_argument("--k", type=dipole_strength, help="signed dipole strength (overrides the session's or preset's)")
    src.add_argument("--launch", action="append", default=[], type=launch_spec, metavar="R0,THETA0,VR0,OMEGA0",
                     help="add a launch (θ in radians, omega = dθ/dt); repeat for more")
    src.add_argument("--level", metavar="N|FILE", help="draw a challenge level's start zone, targets and forbidden zones "
                     "(a built-in level 1-4, or a level file), with its k and view unless --k or --view say otherwise")
    add_launch_flags(p, required=False)
    add_potential_flags(p, beside_session=True)
    add_integration_flags(p)
    p.add_argument("--method", choices=METHODS, help="solve_ivp method (default DOP853)")
    # integration flags change a session's or preset's settings only when given
    p.set_defaults(**{name: None for name in INTEGRATION_DESTS})
    look = p.add_argument_group("how it looks")
    look.add_argument("--theme", choices=THEME_NAMES, help="default, presentation (projector) or print (black on white)")
    look.add_argument("--view", type=view_spec, metavar="XMIN,XMAX,YMIN,YMAX",
                      help="the region of the plane shown; write --view=-3,3,-2,2 when it starts with a minus")
    look.add_argument("--size", type=size_spec, metavar="WxH", help=f"size in pixels (default {default_size})")
    look.add_argument("--dpi", type=_bounded(10, 1200), help="dots per inch (default: text in proportion to the size)")
    look.add_argument("--caption", action="store_true", help="stamp k, the time and the launches under the plot")
    look.add_argument("--numbers", action="store_true", help="each path's number (#1, #2, ...) beside it, as the window's Path numbers")


def _base_session(args, level=None):
    from app.files.session import DEFAULT_SETTINGS, Session, SessionLaunch, read_session
    from app.presets import get_preset
    from app.state import DisplayOptions

    session_path = args.setup_session or getattr(args, "session", None)
    preset_name = args.setup_preset or getattr(args, "preset", None)
    if session_path and preset_name:
        raise CliError("--session and --preset cannot be used together: choose one")
    if session_path:
        return read_session(session_path)  # SessionError is a ValueError: one line, exit 2
    if preset_name:
        preset = get_preset(preset_name)
        display = DisplayOptions(**{**DisplayOptions().__dict__, "start_field_line": False, **preset.display})
        return Session(preset.k, tuple(SessionLaunch(la, label) for la, label in preset.launches), preset.view, display)
    if args.k is None and level is not None:  # the level alone: its k (its view comes in session_from_args), no launches
        return Session(level.initial_k, settings=DEFAULT_SETTINGS)
    if args.k is None:
        raise CliError("say what to draw: --session FILE, --preset NAME, --level N, or --k K with launches (--launch R0,THETA0,VR0,OMEGA0)")
    return Session(args.k, settings=DEFAULT_SETTINGS)


def level_from_args(args):
    """The challenge level of --level: a built-in one by number, or a level file (one line naming the problem)."""
    from app.challenge.levels import LevelError, builtin_levels, load_level

    text = (getattr(args, "level", None) or "").strip()
    if not text:
        return None
    if text.isdigit():
        levels = builtin_levels()
        if not 1 <= int(text) <= len(levels):
            raise CliError(f"--level {text}: the built-in levels are 1 to {len(levels)}")
        return levels[int(text) - 1]
    try:
        return load_level(text)
    except LevelError as exc:
        raise CliError(f"--level: {exc}") from None


def session_from_args(args, level=None):
    """The Session the flags describe: a session file or preset, changed and extended by the other flags (and by
    --level's level, read by level_from_args: its view unless --view)."""
    from app.files.session import MAX_LAUNCHES, MAX_SPEED, MAX_TOTAL_SAMPLES, SessionLaunch
    from app.state import K_LIMIT
    from physics.integration.contract import r0_problem

    if args.k is not None and abs(args.k) > K_LIMIT:
        raise CliError(f"--k {args.k:g}: k must be between -{K_LIMIT:g} and {K_LIMIT:g}")
    base = _base_session(args, level)
    changes = {name: getattr(args, name) for name in INTEGRATION_DESTS if getattr(args, name) is not None}
    if args.method:
        changes["method"] = args.method
    try:
        settings = replace(base.settings, **changes) if changes else base.settings
    except ValueError as exc:
        raise CliError(f"the integration flags: {exc}") from None
    extra = []
    single = launch_from_args(args, required=False)
    if single is not None:
        extra.append(("--r0/--x0 launch", single))
    extra += [(f"--launch {la.r0:g},{la.theta0:g},{la.vr0:g},{la.omega0:g}", la) for la in args.launch]
    for flag, la in extra:
        if problem := r0_problem(la.r0, settings.r_min, settings.r_max):
            raise CliError(f"{flag}: {problem}")
        if math.hypot(la.vr0, la.r0 * la.omega0) > MAX_SPEED:
            raise CliError(f"{flag}: the launch speed is more than {MAX_SPEED:g}")
    for i, sl in enumerate(base.launches):
        if problem := r0_problem(sl.launch.r0, settings.r_min, settings.r_max):
            raise CliError(f"launch {i + 1}: {problem} (--r-min, --r-max)")
    launches = base.launches + tuple(SessionLaunch(la) for _, la in extra)
    if len(launches) > MAX_LAUNCHES:
        raise CliError(f"{len(launches)} launches: at most {MAX_LAUNCHES}")
    if len(launches) * settings.samples > MAX_TOTAL_SAMPLES:
        raise CliError(f"--samples {settings.samples} for {len(launches)} launches is more than {MAX_TOTAL_SAMPLES} samples in all")
    return replace(
        base,
        k=base.k if args.k is None else args.k,
        launches=launches,
        settings=settings,
        theme=args.theme or base.theme,
        view=args.view or _level_view(level) or base.view,
        display=replace(base.display, path_numbers=True) if getattr(args, "numbers", False) else base.display,
    )


def _level_view(level):
    from physics.field import ViewBox

    return ViewBox(*level.view) if level is not None and level.view is not None else None


def state_from_args(args):
    """A SimulationState holding what the flags describe, integrated (with --level: the level, drawn by the exports)."""
    from app.cli.engine import prepare_fast_engine
    from app.cli.potential import session_potential
    from app.files.session import apply_session
    from app.state import SimulationState

    level = level_from_args(args)  # read once: it sets the session's k and view, and the exports draw it
    session, prepared = session_potential(args, session_from_args(args, level))  # --potential or --U replaces the session's
    # the batch engine integrates the paths: compile its kernel first (once; a typed potential has its own), saying so
    prepare_fast_engine(model=prepared.model if prepared is not None else None, settings=session.settings)
    state = SimulationState(k=session.k, settings=session.settings)
    apply_session(state, session, prepared=prepared)
    if level is not None:
        from app.challenge.outcome import Run

        state.challenge_run = Run(level)
    return state, session


def _extent(path, size: tuple[int, int], dpi: float | None) -> str:
    """How big the figure is: pixels for an image, the page in inches for a PDF or SVG (they have no pixels)."""
    from app.export import page_inches

    if str(path).lower().endswith((".pdf", ".svg")):
        width, height = page_inches(size, dpi)
        return f"{width:.3g} x {height:.3g} in"
    return f"{size[0]}x{size[1]} px"


def _kb(path) -> str:
    import os

    size = os.path.getsize(path)
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"



def add_plot(sub) -> None:
    from app.export import DEFAULT_FIGURE_SIZE
    from app.figures.export import PANEL_NAMES

    p = sub.add_parser(
        "plot",
        help="draw a session, a preset or launches into a PNG, SVG or PDF",
        description="Draw the field and the paths into a figure (PNG, SVG or PDF), as the window shows them.",
    )
    add_setup_flags(p, "x".join(map(str, DEFAULT_FIGURE_SIZE)))
    p.add_argument("--time", type=_bounded(0, 1e6), help="draw the paths up to this time (default: a session's clock, else the end)")
    p.add_argument("--panel", choices=PANEL_NAMES, help="draw an analysis figure instead of the plot: " + ", ".join(PANEL_NAMES))
    p.add_argument("--particle", type=int, metavar="N", help="--panel pendulum/invariants: show launch N (default: the selected one, else the last)")
    p.add_argument("--graph", type=graph_spec, metavar="X,Y",
                   help="draw quantity Y against X (t, x, y, r, theta, r_dot, theta_dot, vx, vy, speed, E, C, tau; "
                        "r,r_dot and theta,theta_dot are phase portraits) for every launch, or launch --particle N")
    p.add_argument("--out", required=True, metavar="FILE", help="output file: .png, .svg or .pdf")
    p.set_defaults(handler=run_plot)


def graph_spec(text: str) -> tuple[str, str]:
    from app.figures.graph import parse_graph

    try:
        return parse_graph(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_plot(args) -> int:
    from app.export import DEFAULT_FIGURE_SIZE, FIGURE_FORMATS, export_figure

    started = clock.perf_counter()  # the time reported includes deriving, compiling and integrating
    out = check_output_path(args.out, FIGURE_FORMATS)
    state, session = state_from_args(args)
    if args.time is not None:
        state.set_time(args.time)
    elif session.time is None:
        state.set_time(state.duration)
    size = args.size or DEFAULT_FIGURE_SIZE
    if args.graph is not None and args.panel not in (None, "graph"):
        raise CliError(f"--graph draws a figure of its own: leave out --panel {args.panel}")
    panel = "graph" if args.graph is not None else args.panel
    if args.particle is not None and panel not in ("pendulum", "invariants", "graph"):
        raise CliError("--particle N chooses the launch of --panel pendulum or --panel invariants, or of --graph")
    graph = {"graph": args.graph, "every": args.particle is None} if panel == "graph" else {}
    try:
        if panel:
            from app.figures.export import export_panel

            export_panel(state, panel, out, size=size, dpi=args.dpi, caption=args.caption, particle=args.particle, **graph)
        else:
            export_figure(state, out, size=size, dpi=args.dpi, caption=args.caption)
    except OSError as exc:
        raise CliError(f"--out {args.out!r}: cannot write: {exc.strerror or exc}") from None
    print(f"wrote {out} ({_extent(out, size, args.dpi)}, {_kb(out)}, t = {state.time:.4g}) in {clock.perf_counter() - started:.1f} s")
    return 0



class ProgressLine:
    """Frame progress on a stream: one line rewritten with \\r on a terminal, a plain line every 10% otherwise."""

    def __init__(self, stream=None, label: str = "rendering"):
        self.stream = stream or sys.stderr
        self.label = label
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._decile = -1
        self._open = False

    def __call__(self, frame: int, total: int) -> bool:
        pct = 100 * frame // max(total, 1)
        if self.tty:
            self.stream.write(f"\r{self.label}: frame {frame}/{total} ({pct}%)")
            self._open = True
            self.stream.flush()
        elif pct // 10 > self._decile or frame == total:
            self._decile = pct // 10
            self.stream.write(f"{self.label}: frame {frame}/{total} ({pct}%)\n")
            self.stream.flush()
        return True

    def finish(self) -> None:
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False


def add_animate(sub) -> None:
    from app.export import DEFAULT_GIF_SIZE, DEFAULT_VIDEO_SIZE

    p = sub.add_parser(
        "animate",
        help="animate a session, a preset or launches into an MP4 or a GIF",
        description="Run the clock from 0 to the end of the paths and write it as an MP4 (H.264) or a GIF.",
    )
    add_setup_flags(p, f"{'x'.join(map(str, DEFAULT_VIDEO_SIZE))} for MP4, {'x'.join(map(str, DEFAULT_GIF_SIZE))} for GIF")
    p.add_argument("--fps", type=_bounded(1, 120), default=30.0, help="frames per second (default 30; at most 50 for GIF)")
    p.add_argument("--duration", type=_bounded(0, 600, lo_open=True), default=8.0, help="length of the video in seconds (default 8)")
    p.add_argument("--out", required=True, metavar="FILE", help="output file: .mp4 or .gif")
    p.set_defaults(handler=run_animate)


def run_animate(args) -> int:
    from app.export import ANIMATION_FORMATS, export_animation

    out = check_output_path(args.out, ANIMATION_FORMATS)
    if out.suffix.lower() == ".gif" and args.fps > 50:
        raise CliError(f"--fps {args.fps:g}: a GIF plays at most 50 frames per second (browsers slow faster ones down)")
    started = clock.perf_counter()  # the time reported includes deriving, compiling and integrating
    state, _ = state_from_args(args)
    progress = ProgressLine(sys.stderr, f"writing {out.name}")
    try:
        export_animation(state, out, fps=args.fps, duration=args.duration, size=args.size, dpi=args.dpi,
                         caption=args.caption, progress=progress)
    except OSError as exc:
        raise CliError(f"--out {args.out!r}: cannot write: {one_line(exc)}") from None
    finally:
        progress.finish()
    frames = int(round(args.fps * args.duration))
    print(f"wrote {out} ({frames} frames at {args.fps:g} fps, {_kb(out)}) in {clock.perf_counter() - started:.1f} s")
    return 0
