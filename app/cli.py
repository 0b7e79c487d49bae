"""Command line of Dipole Lab: `python main.py SUBCOMMAND ...` (no Qt is imported here).

Subcommands are a contract other tools rely on; bad input prints one line naming the flag and
the problem on stderr and exits with status 2, with no traceback and no output file left behind.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

EXIT_USAGE = 2


class CliError(Exception):
    """A problem with the user's input, reported as one line and exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse that reports errors as a single line on stderr and exits with status 2."""

    def error(self, message: str):  # noqa: D401 - argparse's API
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


def dipole_strength(text: str) -> float:
    value = finite_float(text)
    if abs(value) > 1e6:
        raise argparse.ArgumentTypeError(f"must be between -1e6 and 1e6, got {text!r}")
    return value


def positive_float(text: str) -> float:
    value = finite_float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text!r}")
    return value


def sample_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 2:
        raise argparse.ArgumentTypeError(f"must be at least 2, got {text!r}")
    if value > 1_000_000:
        raise argparse.ArgumentTypeError(f"must be at most 1000000, got {text!r}")
    return value


def _limited(lo: float, hi: float, what: str):
    """An argparse type for a number from lo to hi, refused in one line that says why."""

    def parse(text: str) -> float:
        value = finite_float(text)
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"must be from {lo:g} to {hi:g} ({what}), got {text!r}")
        return value

    return parse


# the session checker's ranges: rtol 3.14 gave six RuntimeWarnings and a JSON error
relative_tolerance = _limited(1e-14, 0.1, "a relative error of more than 10% means no accuracy")
absolute_tolerance = _limited(1e-300, 1.0, "an absolute error of more than 1 swamps the motion near r = 1")
derivation_timeout = _limited(0.01, 3600.0, "seconds")


def add_integration_flags(p: argparse.ArgumentParser, samples: int = 1001) -> None:
    p.add_argument("--t-max", type=positive_float, default=20.0, help="stop at this time (default 20)")
    p.add_argument("--samples", type=sample_count, default=samples, help=f"number of output samples (default {samples})")
    p.add_argument("--r-min", type=positive_float, default=0.05, help="stop when r falls to this radius (default 0.05)")
    p.add_argument("--r-max", type=positive_float, default=100.0, help="stop when r grows to this radius (default 100)")
    p.add_argument("--rtol", type=relative_tolerance, default=1e-10, help="relative tolerance, 1e-14 to 0.1 (default 1e-10)")
    p.add_argument("--atol", type=absolute_tolerance, default=1e-12, help="absolute tolerance, 1e-300 to 1 (default 1e-12)")


def add_launch_flags(p: argparse.ArgumentParser, required: bool = True) -> None:
    polar = p.add_argument_group("polar launch (θ in radians, omega = dθ/dt)")
    polar.add_argument("--r0", type=finite_float)
    polar.add_argument("--theta0", type=finite_float)
    polar.add_argument("--vr0", type=finite_float)
    polar.add_argument("--omega0", type=finite_float)
    cart = p.add_argument_group("Cartesian launch")
    cart.add_argument("--x0", type=finite_float)
    cart.add_argument("--y0", type=finite_float)
    cart.add_argument("--vx0", type=finite_float)
    cart.add_argument("--vy0", type=finite_float)


POLAR = ("r0", "theta0", "vr0", "omega0")
CARTESIAN = ("x0", "y0", "vx0", "vy0")


def launch_from_args(args, required: bool = True):
    """The LaunchState given by either the four polar or the four Cartesian flags (never a mix)."""
    from physics.launch import LaunchState

    polar = [n for n in POLAR if getattr(args, n, None) is not None]
    cart = [n for n in CARTESIAN if getattr(args, n, None) is not None]
    if polar and cart:
        raise CliError(f"--{polar[0].replace('_', '-')} and --{cart[0]} mix polar and Cartesian launch flags: use one form")
    if not polar and not cart:
        if not required:
            return None
        raise CliError("give a launch: --r0 --theta0 --vr0 --omega0, or --x0 --y0 --vx0 --vy0")
    names = polar or cart
    full = POLAR if polar else CARTESIAN
    missing = [n for n in full if n not in names]
    if missing:
        raise CliError(f"--{missing[0]} is missing: a launch needs all of " + " ".join("--" + n for n in full))
    if polar:
        if args.r0 <= 0:
            raise CliError(f"--r0 must be positive, got {args.r0!r}")
        return LaunchState(args.r0, args.theta0, args.vr0, args.omega0)
    try:
        return LaunchState.from_cartesian(args.x0, args.y0, args.vx0, args.vy0)
    except ValueError as exc:
        raise CliError(f"--x0/--y0: {exc}") from None


def settings_from_args(args, method: str | None = None):
    from physics.integration.contract import IntegrationSettings

    if args.r_min >= args.r_max:
        raise CliError(f"--r-min ({args.r_min:g}) must be smaller than --r-max ({args.r_max:g})")
    return IntegrationSettings(
        t_max=args.t_max,
        samples=args.samples,
        r_min=args.r_min,
        r_max=args.r_max,
        rtol=args.rtol,
        atol=args.atol,
        method=method or getattr(args, "method", "DOP853"),
    )


def check_output_path(path: str, allowed: tuple[str, ...], flag: str = "--out") -> Path:
    """Refuse an output path with an unknown extension or in a folder that does not exist or is not writable."""
    import os

    out = Path(path)
    if out.suffix.lower() not in allowed:
        raise CliError(f"{flag} {path!r}: the file name must end in {', '.join(allowed)}")
    folder = out.parent if str(out.parent) else Path(".")
    shown = _short(path)
    try:
        if not folder.is_dir():
            raise CliError(f"{flag} {shown}: folder {_short(str(folder))} does not exist")
        limit = _name_limit(folder)
        if len(os.fsencode(out.name)) > limit:
            raise CliError(f"{flag} {shown}: the file name is {len(os.fsencode(out.name))} bytes long, at most {limit} are allowed")
        if not os.access(folder, os.W_OK):
            raise CliError(f"{flag} {shown}: folder {_short(str(folder))} is not writable")
        if out.is_dir():
            raise CliError(f"{flag} {shown} is a folder, not a file")
    except OSError as exc:  # a path too long for the system (ENAMETOOLONG), a loop of links, ...
        raise CliError(f"{flag} {shown}: {exc.strerror or exc}") from None
    from app.files import clean_stray_temporaries

    clean_stray_temporaries(folder)  # what a killed run left here
    return out


def _name_limit(folder: Path) -> int:
    """The longest file name (in bytes) the folder's file system takes (the temporary's own name is short)."""
    import os

    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (AttributeError, OSError, ValueError):
        return 255


def _short(text: str, limit: int = 80) -> str:
    """A path for a one-line message: quoted, and cut in the middle when long."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    return repr(text if len(text) <= limit else text[: limit // 2] + "…" + text[-limit // 2 :])


FAST_ENGINE_SECONDS = 10  # a first compile of the batch kernel on a quiet two-core machine (4-25 s measured)


def prepare_fast_engine(model=None, stream=None, settings=None) -> str:
    """Load the batch engine's kernel before a command's work; when numba must compile it first, say so in one line.

    Returns the engine that will run for `settings` ("numba", "numpy" or "loop"); only "numba" loads
    anything. The caller's clock runs through the wait.
    """
    from physics.integration.batch import choose_engine, preload
    from physics.integration.generated import model_for

    engine = choose_engine(settings)
    if engine != "numba":
        return engine
    if not _kernel_cached(model_for(model)):
        print(f"preparing the fast engine, once per install, about {FAST_ENGINE_SECONDS} s", file=stream or sys.stderr, flush=True)
    return preload(model)


def _kernel_cached(generated) -> bool:
    """Whether numba's on-disk cache holds the model's compiled kernel (its index files sit in __pycache__)."""
    path = getattr(generated, "path", None)
    if path is None:
        return False
    path = Path(path)
    return any((path.parent / "__pycache__").glob(f"{path.stem}.*.nbi"))


# --- simulate -----------------------------------------------------------------------------------------


def add_simulate(sub) -> None:
    from physics.integration.contract import METHODS

    p = sub.add_parser("simulate", help="integrate one launch and write its samples", description="Integrate one launch.")
    p.add_argument("--k", type=dipole_strength, required=True, help="signed dipole strength")
    add_launch_flags(p)
    add_integration_flags(p)
    p.add_argument("--method", choices=METHODS, default="DOP853", help="solve_ivp method (default DOP853)")
    p.add_argument("--out", required=True, help="output file: .csv, .json or .npz")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p.set_defaults(handler=run_simulate)


def run_simulate(args) -> int:
    from app.data import DATA_FORMATS, summary, write_trajectory
    from physics.exact import classify
    from physics.integration.scipy_engine import invariants, simulate

    out = check_output_path(args.out, DATA_FORMATS)
    launch = launch_from_args(args)
    settings = settings_from_args(args)
    if launch.r0 <= settings.r_min:
        raise CliError(f"--r-min ({settings.r_min:g}) must be smaller than r0 ({launch.r0:g})")
    if launch.r0 >= settings.r_max:
        raise CliError(f"--r-max ({settings.r_max:g}) must be larger than r0 ({launch.r0:g})")
    E, C = invariants(launch, args.k)
    fate = classify(launch, E, C, args.k)
    trajectory = simulate(launch, args.k, settings)
    try:
        write_trajectory(str(out), trajectory, fate)
    except OSError as exc:
        raise CliError(f"--out {args.out!r}: cannot write: {exc.strerror or exc}") from None
    info = summary(trajectory, fate)
    if args.json:
        print(json.dumps(info, allow_nan=False))
    else:
        reason = {
            "t_max": "ran to t_max",
            "r_min": "fell into the dipole (r = r_min)",
            "r_max": "escaped (r = r_max)",
            "failed": "the integration failed",
        }[trajectory.stop_reason]
        print(f"{reason} at t = {trajectory.t_end:.10g}; predicted: {fate.describe()}")
        print(f"E = {info['energy']:.12g} (drift {info['energy_drift']:.2e}), C = {info['C']:.12g} (drift {info['C_drift']:.2e})")
        print(f"wrote {info['samples']} samples to {out}")
        if trajectory.message:
            print(trajectory.message)
    return 0


# --- equations ----------------------------------------------------------------------------------------


def add_equations(sub) -> None:
    p = sub.add_parser("equations", help="print the Euler–Lagrange equations derived by sympy")
    p.add_argument("--format", choices=("text", "sympy", "latex"), default="text")
    p.add_argument("--U", dest="U", default=None, help="potential energy, e.g. \"-k*cos(theta)/r^2\" (default: point dipole)")
    p.add_argument("--T", dest="T", default=None, help="kinetic energy (default ½(r_dot² + r² theta_dot²))")
    p.add_argument("--timeout", type=derivation_timeout, default=10.0, help="give up a derivation after this many seconds (at most 3600)")
    p.set_defaults(handler=run_equations)


def run_equations(args) -> int:
    # the derivation worker starts when it is needed: by then sympy is imported here, so on Linux it is a
    # fork of this process that needs no import of its own (bench/bench_equations.py)
    from app.equations import derive_from_text, format_equations

    try:
        eq, report = derive_from_text(args.T, args.U, timeout=args.timeout)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    print(format_equations(eq, args.format, report))
    return 0


from app.cli_export import add_animate, add_plot  # noqa: E402
from app.cli_sweep import add_sweep  # noqa: E402

COMMANDS = [add_simulate, add_equations, add_plot, add_animate, add_sweep]


def build_parser() -> Parser:
    parser = Parser(
        prog="main.py",
        description="Dipole Lab: a charged particle in the field of an electric dipole. "
        "With no subcommand, opens the window.",
    )
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the window offscreen into a PNG and exit")
    parser.add_argument("--preset", metavar="NAME", help="load a preset (window or --screenshot)")
    parser.add_argument("--session", metavar="FILE", help="open a saved session (window or --screenshot)")
    parser.add_argument("--theme", dest="window_theme", metavar="NAME", help="the window's theme: default, presentation or print")
    parser.add_argument("--screen", metavar="WxH", help="with --screenshot: render as maximised on a screen of this size (default 1600x1000)")
    parser.add_argument("--panel", dest="window_panels", metavar="NAME", action="append",
                        help="open this analysis panel (repeatable; 'all' opens every one)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for add in COMMANDS:
        add(sub)
    return parser


def join_expression_flags(argv: list[str]) -> list[str]:
    """`--U -k/r` → `--U=-k/r`: argparse would take an expression that starts with '-' for a flag."""
    out, i = [], 0
    while i < len(argv):
        if argv[i] in EXPRESSION_FLAGS and i + 1 < len(argv):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


EXPRESSION_FLAGS = ("--U", "--T")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line's arguments; `command` is None when the window is asked for (main.py opens it)."""
    return build_parser().parse_args(join_expression_flags(sys.argv[1:] if argv is None else list(argv)))


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand (the window is main.py's: app/ never imports ui/)."""
    args = parse_args(argv)
    if args.command is None:
        print("main.py: error: give a subcommand (the window opens from main.py)", file=sys.stderr)
        return EXIT_USAGE
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    try:
        with _sigterm_as_exception():
            return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"main.py {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"main.py {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ArithmeticError as exc:
        print(f"main.py {args.command}: error: the numbers are too large to integrate ({exc})", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"main.py {args.command}: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print(f"main.py {args.command}: terminated", file=sys.stderr)
        return 128 + 15


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so that temporary files are removed, then exit with status 143."""


def _raise_terminated(signum, frame):
    raise Terminated


class _sigterm_as_exception:
    """While a command runs, SIGTERM raises Terminated (only the main thread can set a signal handler)."""

    def __enter__(self):
        import signal
        import threading

        self._previous = None
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, _raise_terminated)
        return self

    def __exit__(self, *exc):
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)
        return False
