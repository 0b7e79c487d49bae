"""The command line of the charge in space (issue 18): `simulate --z0 --vz0`, `sweep` with z0/vz0 columns, and
`plot`/`animate --view 3d [--elev DEG --azim DEG]`. Each subcommand calls in here only when asked for space, so
without these flags every output stays as it was. Nothing heavy is imported at the top.
"""

from __future__ import annotations

import argparse
import json
import time

from app.cli.errors import CliError
from app.cli.flags import check_output_path, finite_float

THREE_D = "3d"  # the value of --view that asks for the 3-D view
DEFAULT_ELEV, DEFAULT_AZIM = 22.0, -60.0
SPACE_COLUMNS = ("z0", "vz0")


def add_space_launch_flags(p: argparse.ArgumentParser) -> None:
    """--z0 and --vz0: with the Cartesian flags, a launch out of the plane."""
    group = p.add_argument_group("launch in space (with --x0 --y0 --vx0 --vy0)")
    group.add_argument("--z0", type=finite_float, help="height above the x–y plane (a launch in space)")
    group.add_argument("--vz0", type=finite_float, help="velocity out of the x–y plane (a launch in space)")


def angle(text: str) -> float:
    value = finite_float(text)
    if abs(value) > 360:
        raise argparse.ArgumentTypeError(f"must be from -360 to 360 degrees, got {text!r}")
    return value


def add_view_flags(group) -> None:
    """--elev and --azim: the camera of --view 3d, in degrees."""
    group.add_argument("--elev", type=angle, help=f"with --view 3d: the camera's height in degrees (default {DEFAULT_ELEV:g})")
    group.add_argument("--azim", type=angle, help=f"with --view 3d: the camera's turn about the vertical in degrees (default {DEFAULT_AZIM:g})")


def wants_space(args) -> bool:
    """Whether `simulate` was asked for a launch in space (--z0 or --vz0 given)."""
    return getattr(args, "z0", None) is not None or getattr(args, "vz0", None) is not None


def wants_3d(args) -> bool:
    """Whether `plot`/`animate` was asked for the 3-D view; refuses the flags of space without it."""
    if getattr(args, "view", None) == THREE_D:
        return True
    for flag in ("elev", "azim", "z0", "vz0"):
        if getattr(args, flag, None) is not None:
            raise CliError(f"--{flag} needs --view 3d")
    return False


def space_launch_from_args(args):
    """The SpaceLaunch of --x0 --y0 --z0 --vx0 --vy0 --vz0 (z0 and vz0 default to 0 when only one is given)."""
    from physics.space.launch import SpaceLaunch

    polar = [n for n in ("r0", "theta0", "vr0", "omega0") if getattr(args, n, None) is not None]
    if polar:
        raise CliError(f"--{polar[0]} with --z0/--vz0: a launch in space is given by --x0 --y0 --z0 --vx0 --vy0 --vz0")
    missing = [n for n in ("x0", "y0", "vx0", "vy0") if getattr(args, n, None) is None]
    if missing:
        raise CliError(f"--{missing[0]} is missing: a launch in space needs --x0 --y0 --z0 --vx0 --vy0 --vz0")
    values = [getattr(args, n) or 0.0 for n in ("x0", "y0", "z0", "vx0", "vy0", "vz0")]
    try:
        return SpaceLaunch(*values)
    except ValueError as exc:
        raise CliError(f"the launch: {exc}") from None


def run_simulate_space(args) -> int:
    """`simulate` with --z0/--vz0: one launch in space, columns t,x,y,z,vx,vy,vz,r,vr,energy,C,L_axis."""
    from app.cli.flags import settings_from_args
    from app.files.data import DATA_FORMATS
    from app.space.data import space_summary, write_space_trajectory
    from physics.integration.contract import r0_problem
    from physics.space.motion import classify_space, simulate_space

    if getattr(args, "potential", None) or getattr(args, "U", None) or getattr(args, "T", None):
        raise CliError("--z0/--vz0 take the point dipole only: leave out the potential flags")
    out = check_output_path(args.out, DATA_FORMATS)
    launch = space_launch_from_args(args)
    settings = settings_from_args(args)
    if problem := r0_problem(launch.r0, settings.r_min, settings.r_max):
        raise CliError(f"the launch: {problem} (--r-min, --r-max)")
    fate = classify_space(launch, args.k)
    trajectory = simulate_space(launch, args.k, settings)
    try:
        write_space_trajectory(str(out), trajectory, fate)
    except OSError as exc:
        raise CliError(f"--out {args.out!r}: cannot write: {exc.strerror or exc}") from None
    info = space_summary(trajectory, fate)
    if args.json:
        print(json.dumps(info, allow_nan=False))
    else:
        reason = {"t_max": "ran to t_max", "r_min": "fell into the dipole (r = r_min)", "r_max": "escaped (r = r_max)",
                  "failed": "the integration failed"}[trajectory.stop_reason]
        print(f"{reason} at t = {trajectory.t_end:.10g}; predicted: {fate.describe()}")
        print(f"E = {info['energy']:.12g} (drift {info['energy_drift']:.2e}), C = {info['C']:.12g} (drift {info['C_drift']:.2e}), "
              f"L_axis = {info['L_axis']:.12g} (drift {info['L_axis_drift']:.2e})")
        print(f"wrote {info['samples']} samples to {out}")
        if trajectory.message:
            print(trajectory.message)
    return 0


def launches_have_z(path: str) -> bool:
    """Whether a launches file's header names a z0 or vz0 column (False when it cannot be read: the sweep says why)."""
    import csv

    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for _ in range(1000):
                line = handle.readline(10_001)
                if not line:
                    return False
                if line.strip():
                    names = {cell.strip().lower() for cell in next(csv.reader([line]))}
                    return bool(names & set(SPACE_COLUMNS))
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return False


def read_space_launches(path: str, r_min: float, r_max: float, max_launches: int) -> list:
    """The launches in space of a CSV file with the columns x0,y0,z0,vx0,vy0,vz0 (a missing z0 or vz0 is 0)."""
    import csv

    from app.cli.sweep import _bounded_lines
    from app.text import read_number
    from physics.integration.contract import r0_problem
    from physics.space.launch import FIELDS, SpaceLaunch

    where = f"--launches {path!r}"
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = ((n, row) for n, row in enumerate(csv.reader(_bounded_lines(handle, where)), start=1) if any(c.strip() for c in row))
            header_line, header = next(rows)
            names = [cell.strip().lower() for cell in header]
            if any(n in names for n in ("r0", "theta0", "vr0", "omega0")):
                raise CliError(f"{where}: z0/vz0 go with the Cartesian columns x0,y0,vx0,vy0, not the polar ones")
            duplicates = sorted({n for n in names if n and names.count(n) > 1})
            if duplicates:
                raise CliError(f"{where}: the header names column {duplicates[0]!r} twice")
            missing = [n for n in ("x0", "y0", "vx0", "vy0") if n not in names]
            if missing:
                raise CliError(f"{where}: line {header_line}: the header lacks column {missing[0]!r} (it needs x0,y0,z0,vx0,vy0,vz0)")
            launches = []
            for number, (line, row) in enumerate(rows, start=1):
                at = f"{where}: row {number} (line {line})"
                if number > max_launches:
                    raise CliError(f"{at}: more than {max_launches} launches: split the file or use fewer --samples")
                if len(row) != len(names):
                    raise CliError(f"{at}: {len(row)} values for {len(names)} columns")
                values = []
                for name in FIELDS:
                    try:
                        values.append(read_number(row[names.index(name)].strip(), f"{at}: {name}") if name in names else 0.0)
                    except ValueError as exc:
                        raise CliError(str(exc)) from None
                try:
                    launch = SpaceLaunch(*values)
                except ValueError as exc:
                    raise CliError(f"{at}: {exc}") from None
                if problem := r0_problem(launch.r0, r_min, r_max):
                    raise CliError(f"{at}: {problem} (--r-min, --r-max)")
                launches.append(launch)
    except StopIteration:
        raise CliError(f"{where}: the file is empty: it needs a header x0,y0,z0,vx0,vy0,vz0") from None
    except OSError as exc:
        raise CliError(f"{where}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CliError(f"{where}: not a CSV text file: {exc}") from None
    if not launches:
        raise CliError(f"{where}: no launches after the header")
    return launches


MAX_SPACE_VALUES = 2_000_000  # launches × samples of a sweep in space (each launch is one scipy run)


def run_sweep_space(args) -> int:
    """`sweep` of a launches file with z0/vz0 columns: the NPZ holds t,x,y,z,vx,vy,vz,r,vr,energy,C,L_axis."""
    from app.cli.flags import settings_from_args
    from app.space.data import write_space_sweep
    from physics.space.motion import simulate_space

    if getattr(args, "potential", None) or getattr(args, "U", None) or getattr(args, "T", None):
        raise CliError("a launches file with z0/vz0 takes the point dipole only: leave out the potential flags")
    started = time.perf_counter()
    out = check_output_path(args.out, (".npz",))
    settings = settings_from_args(args, method="DOP853")
    launches = read_space_launches(args.launches, settings.r_min, settings.r_max, max(1, MAX_SPACE_VALUES // settings.samples))
    trajectories = [simulate_space(launch, args.k, settings) for launch in launches]
    reasons = [tr.stop_reason for tr in trajectories]
    counts = {reason: reasons.count(reason) for reason in ("t_max", "r_min", "r_max", "failed")}
    info = {"launches": len(launches), "samples": settings.samples, "k": args.k, "stop_reasons": counts, "engine": "scipy-space",
            "out": str(out)}
    try:
        write_space_sweep(str(out), trajectories, args.k, info)
    except OSError as exc:
        raise CliError(f"--out {args.out!r}: cannot write: {exc.strerror or exc}") from None
    info["wall_time_s"] = round(time.perf_counter() - started, 6)
    if args.json:
        print(json.dumps(info, allow_nan=False))
    else:
        parts = ", ".join(f"{n} {reason}" for reason, n in counts.items())
        print(f"integrated {len(launches)} launches in space in {info['wall_time_s']:.3g} s ({parts}); wrote {out}")
    return 0


def space_setup_from_args(args):
    """The SpaceSetup `plot`/`animate --view 3d` draw: a 3-D or planar preset or session (planar launches at z = 0),
    or --k with launches, changed by --k, the launch flags (with --z0 --vz0) and the integration flags."""
    from dataclasses import replace

    from app.space.scene import PRESETS, SpaceSetup, preset_setup
    from physics.space.launch import SpaceLaunch

    session_path = getattr(args, "setup_session", None)
    preset_name = getattr(args, "setup_preset", None)
    if session_path and preset_name:
        raise CliError("--session and --preset cannot be used together: choose one")
    if preset_name in PRESETS:
        setup = preset_setup(preset_name)
    elif preset_name:
        from app.presets import get_preset

        preset = get_preset(preset_name)
        setup = SpaceSetup(preset.k, tuple(SpaceLaunch.from_planar(la) for la, _ in preset.launches),
                           radius=max(preset.view.xmax - preset.view.xmin, preset.view.ymax - preset.view.ymin) / 2)
    elif session_path:
        from app.files.session import read_session

        session = read_session(session_path)
        setup = getattr(session, "space", None) or SpaceSetup(session.k, tuple(SpaceLaunch.from_planar(sl.launch) for sl in session.launches))
    elif args.k is None:
        raise CliError("say what to draw: --session FILE, --preset NAME, or --k K with launches (--x0 --y0 --z0 --vx0 --vy0 --vz0)")
    else:
        setup = SpaceSetup(args.k)
    extra = [SpaceLaunch.from_planar(la) for la in getattr(args, "launch", [])]
    if any(getattr(args, n, None) is not None for n in ("x0", "y0", "vx0", "vy0", "z0", "vz0")):
        extra.append(space_launch_from_args(args))
    changes = {n: getattr(args, n) for n in ("t_max", "samples", "r_min", "r_max", "rtol", "atol") if getattr(args, n, None) is not None}
    if getattr(args, "method", None):
        changes["method"] = args.method
    try:
        settings = replace(setup.settings, **changes)
    except ValueError as exc:
        raise CliError(f"the integration flags: {exc}") from None
    from physics.integration.contract import r0_problem

    launches = setup.launches + tuple(extra)
    for i, la in enumerate(launches, 1):
        if problem := r0_problem(la.r0, settings.r_min, settings.r_max):
            raise CliError(f"launch {i}: {problem} (--r-min, --r-max)")
    if not launches:
        raise CliError("no launches to draw: add --x0 --y0 --z0 --vx0 --vy0 --vz0 or --launch")
    elev = setup.elev if getattr(args, "elev", None) is None else args.elev
    azim = setup.azim if getattr(args, "azim", None) is None else args.azim
    return replace(setup, k=setup.k if args.k is None else args.k, launches=launches, settings=settings, elev=elev, azim=azim)


def _scene(args):
    from app.space.scene import SpaceScene

    scene = SpaceScene(space_setup_from_args(args))
    scene.compute()
    return scene


def run_plot_3d(args) -> int:
    """`plot --view 3d`: the 3-D view from (--elev, --azim) as PNG, SVG or PDF."""
    from app.export import DEFAULT_FIGURE_SIZE, FIGURE_FORMATS
    from app.space.export import export_space_figure

    if getattr(args, "panel", None):
        raise CliError("--panel draws a planar figure: leave out --view 3d")
    started = time.perf_counter()
    out = check_output_path(args.out, FIGURE_FORMATS)
    scene = _scene(args)
    size = args.size or DEFAULT_FIGURE_SIZE
    shown = scene.duration if args.time is None else min(args.time, scene.duration)
    try:
        export_space_figure(scene, out, size=size, dpi=args.dpi, theme=args.theme or "default", time=shown, caption=args.caption)
    except OSError as exc:
        raise CliError(f"--out {args.out!r}: cannot write: {exc.strerror or exc}") from None
    elev, azim = scene.camera
    print(f"wrote {out} (3-D view from elevation {elev:g}°, azimuth {azim:g}°, t = {shown:.4g}) in {time.perf_counter() - started:.1f} s")
    return 0


def run_animate_3d(args) -> int:
    """`animate --view 3d`: the clock runs while the camera turns slowly, as MP4 or GIF."""
    from app.export import ANIMATION_FORMATS
    from app.space.export import TURN_DEGREES, export_space_animation

    out = check_output_path(args.out, ANIMATION_FORMATS)
    if out.suffix.lower() == ".gif" and args.fps > 50:
        raise CliError(f"--fps {args.fps:g}: a GIF plays at most 50 frames per second (browsers slow faster ones down)")
    started = time.perf_counter()
    scene = _scene(args)
    from app.cli.plot import ProgressLine

    progress = ProgressLine(label=f"writing {out.name}")
    try:
        export_space_animation(scene, out, fps=args.fps, duration=args.duration, size=args.size, theme=args.theme or "default",
                               dpi=args.dpi, progress=progress)
    except OSError as exc:
        raise CliError(f"--out {args.out!r}: cannot write: {exc}") from None
    finally:
        progress.finish()
    frames = int(round(args.fps * args.duration))
    print(f"wrote {out} ({frames} frames at {args.fps:g} fps, the camera turning {TURN_DEGREES:g}°) in {time.perf_counter() - started:.1f} s")
    return 0


def _handler(original, wants, space_run):
    def handler(args):
        return space_run(args) if wants(args) else original(args)

    handler.__name__ = getattr(original, "__name__", "handler")
    return handler


def _accept_3d(parser) -> None:
    """Let the --view flag of `parser` take `3d` besides XMIN,XMAX,YMIN,YMAX."""
    for action in parser._actions:  # noqa: SLF001 (argparse keeps its actions there)
        if action.dest == "view" and action.type is not None:
            planar_type = action.type

            def view(text: str, planar_type=planar_type):
                return THREE_D if text.strip().lower() == THREE_D else planar_type(text)

            action.type = view
            action.metavar = "XMIN,XMAX,YMIN,YMAX|3d"
            action.help = (action.help or "") + "; --view 3d shows the charge in space (with --elev, --azim)"


def extend_with_space(sub) -> None:
    """Give the subcommands their flags of space (called once by app/cli/__init__.py after they are all added).

    simulate: --z0 --vz0; sweep: z0/vz0 columns; plot, animate: --view 3d, --elev, --azim, --z0, --vz0. Each
    handler is wrapped so that without these every subcommand runs exactly as before.
    """
    choices = sub.choices
    if "simulate" in choices:
        p = choices["simulate"]
        add_space_launch_flags(p)
        p.set_defaults(handler=_handler(p.get_default("handler"), wants_space, run_simulate_space))
    if "sweep" in choices:
        p = choices["sweep"]
        p.set_defaults(handler=_handler(p.get_default("handler"), lambda args: launches_have_z(args.launches), run_sweep_space))
    for name, run in (("plot", run_plot_3d), ("animate", run_animate_3d)):
        if name in choices:
            p = choices[name]
            _accept_3d(p)
            group = p.add_argument_group("the 3-D view (--view 3d)")
            add_view_flags(group)
            add_space_launch_flags(p)
            p.set_defaults(handler=_handler(p.get_default("handler"), wants_3d, run))
