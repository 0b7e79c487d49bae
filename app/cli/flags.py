"""The flags the subcommands share: argument types, the integration and launch flags, the output path."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.errors import CliError
from app.text import read_number


def finite_float(text: str) -> float:
    try:
        return read_number(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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
