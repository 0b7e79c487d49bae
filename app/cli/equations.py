"""`python main.py equations`: print the Euler–Lagrange equations sympy derives for a potential."""

from __future__ import annotations

from app.cli.errors import CliError
from app.cli.flags import derivation_timeout


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
