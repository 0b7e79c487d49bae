"""`python main.py probe`: the potential V and the field E = −∇U a unit charge feels at one point.

The numbers are physics.probe's, from the same sympy-generated potential and field the window's probes
and the integrator use. The potential is chosen with the flags simulate, sweep, plot and animate share
(app/cli/potential.py): the point dipole by default, --potential NAME [--param P=V], or a typed --U.
"""

from __future__ import annotations

import json

from app.cli.errors import CliError
from app.cli.flags import dipole_strength, finite_float
from app.cli.potential import add_potential_flags


def add_probe(sub) -> None:
    p = sub.add_parser("probe", help="print the potential V and the field E at a point",
                       description="Print V (U of a unit charge), Ex, Ey and |E| = |−∇U| at (x, y).")
    p.add_argument("--k", type=dipole_strength, required=True, help="signed dipole strength")
    p.add_argument("--x", type=finite_float, required=True, help="the point's x")
    p.add_argument("--y", type=finite_float, required=True, help="the point's y")
    add_potential_flags(p)
    p.add_argument("--json", action="store_true", help="print one JSON object with the keys V, Ex, Ey, E_abs")
    p.set_defaults(handler=run_probe)


def run_probe(args) -> int:
    from app.cli.potential import prepare_from_args
    from physics.derivation import dipole_model
    from physics.probe import read_probe

    prepared = prepare_from_args(args)  # None: the point dipole
    model = dipole_model() if prepared is None else prepared.model
    values = {**({} if prepared is None else prepared.potential.param_dict), "k": args.k}
    try:
        reading = read_probe(model, args.x, args.y, tuple(values.get(n, 1.0) for n in model.param_names))
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print(json.dumps(reading.as_dict(), allow_nan=False))
    else:
        V, Ex, Ey = (value + 0.0 for value in (reading.V, reading.Ex, reading.Ey))  # + 0.0: no "-0"
        print(f"V = {V:.12g}")
        print(f"E = ({Ex:.12g}, {Ey:.12g}), |E| = {reading.E_abs:.12g}")
    return 0
