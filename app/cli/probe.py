"""`python main.py probe`: the potential V and the field E = −∇U a unit charge feels at one point.

The numbers are physics.probe's, from the same sympy-generated potential and field the window's probes
and the integrator use; a typed U goes through the whitelist parser and a killable derivation.
"""

from __future__ import annotations

import json

from app.cli.errors import CliError
from app.cli.flags import derivation_timeout, dipole_strength, finite_float


def add_probe(sub) -> None:
    p = sub.add_parser("probe", help="print the potential V and the field E at a point",
                       description="Print V (U of a unit charge), Ex, Ey and |E| = |−∇U| at (x, y).")
    p.add_argument("--k", type=dipole_strength, required=True, help="signed dipole strength")
    p.add_argument("--x", type=finite_float, required=True, help="the point's x")
    p.add_argument("--y", type=finite_float, required=True, help="the point's y")
    p.add_argument("--potential", metavar="NAME", default=None,
                   help="a named potential (point-dipole, finite-dipole, point-charge, dipole-charge, quadrupole, "
                        "dipole-uniform-field)")
    p.add_argument("--param", metavar="P=V", action="append", default=[],
                   help="a parameter of the potential besides k, e.g. d=0.4 (repeatable)")
    p.add_argument("--U", dest="U", default=None, help="a typed potential energy, e.g. \"-k/r\" (not with --potential)")
    p.add_argument("--timeout", type=derivation_timeout, default=10.0, help="give up a derivation after this many seconds")
    p.add_argument("--json", action="store_true", help="print one JSON object with the keys V, Ex, Ey, E_abs")
    p.set_defaults(handler=run_probe)


def parse_params(items: list[str]) -> dict[str, float]:
    """--param P=V flags as a dict; one line naming the flag when one is malformed."""
    from app.potentials import check_params
    from app.text import read_number

    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CliError(f"--param {item!r}: write it as NAME=VALUE, e.g. d=0.4")
        try:
            out[name] = read_number(value.strip())
        except ValueError as exc:
            raise CliError(f"--param {item!r}: {exc}") from None
    try:
        return check_params(out)
    except ValueError as exc:
        raise CliError(f"--param: {exc}") from None


def probe_model(potential: str | None, U_text: str | None, params: dict[str, float], timeout: float):
    """(model, parameter values in the model's order without k) for the flags; CliError with one line if refused.

    A typed or named U is parsed (whitelist), derived in a killable worker and lambdified; the fast engine's
    kernel is not compiled (a probe integrates nothing).
    """
    from app.potentials import get_preset
    from physics import derivation as d

    if potential is not None and U_text is not None:
        raise CliError("--potential and --U both give the potential: use one")
    if potential is not None:
        try:
            preset = get_preset(potential)
        except ValueError as exc:
            raise CliError(f"--potential: {exc}") from None
        U_text = None if preset.name == "point-dipole" else preset.U_text
        params = {**dict(preset.params), **params}
    if U_text is None:
        model = d.dipole_model()
    else:
        from physics.expressions import parse_expression
        from physics.messages import one_line
        from physics.safe_derive import derive_with_timeout

        try:
            U = parse_expression(U_text, kind="U")
            eq = derive_with_timeout(d.DEFAULT_T, U, timeout=timeout)
        except (ValueError, TimeoutError, RuntimeError) as exc:
            raise CliError(f"--U: {one_line(exc)}") from None
        model = d.lambdify_equations(eq)
    unknown = [n for n in params if n not in model.param_names]
    if unknown:
        used = [n for n in model.param_names if n != "k"]
        raise CliError(f"--param {unknown[0]}: the potential has no such parameter"
                       + (f" (it has {', '.join(used)})" if used else " (it has none besides k)"))
    return model, {n: params.get(n, 1.0) for n in model.param_names if n != "k"}


def run_probe(args) -> int:
    from physics.probe import read_probe

    model, values = probe_model(args.potential, args.U, parse_params(args.param), args.timeout)
    values["k"] = args.k
    try:
        reading = read_probe(model, args.x, args.y, tuple(values[n] for n in model.param_names))
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print(json.dumps(reading.as_dict(), allow_nan=False))
    else:
        V, Ex, Ey = (value + 0.0 for value in (reading.V, reading.Ex, reading.Ey))  # + 0.0: no "-0"
        print(f"V = {V:.12g}")
        print(f"E = ({Ex:.12g}, {Ey:.12g}), |E| = {reading.E_abs:.12g}")
    return 0
