"""`python main.py simulate`: integrate one launch and write its samples (CSV, JSON or NPZ)."""

from __future__ import annotations

import json

from app.cli.errors import CliError
from app.cli.flags import (
    add_integration_flags,
    add_launch_flags,
    check_output_path,
    dipole_strength,
    launch_from_args,
    settings_from_args,
)
from app.cli.potential import add_potential_flags


def add_simulate(sub) -> None:
    from physics.integration.contract import METHODS

    p = sub.add_parser("simulate", help="integrate one launch and write its samples", description="Integrate one launch.")
    p.add_argument("--k", type=dipole_strength, required=True, help="signed dipole strength")
    add_launch_flags(p)
    add_potential_flags(p)
    add_integration_flags(p)
    p.add_argument("--method", choices=METHODS, default="DOP853", help="solve_ivp method (default DOP853)")
    p.add_argument("--out", required=True, help="output file: .csv, .json or .npz")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p.set_defaults(handler=run_simulate)


def run_simulate(args) -> int:
    from app.cli.potential import check_finite_start, describe, model_args, number_text, predict, prepare_from_args
    from app.files.data import DATA_FORMATS, summary, write_trajectory
    from physics.integration.contract import r0_problem
    from physics.integration.scipy_engine import simulate

    out = check_output_path(args.out, DATA_FORMATS)
    launch = launch_from_args(args)
    settings = settings_from_args(args)
    if problem := r0_problem(launch.r0, settings.r_min, settings.r_max):
        raise CliError(f"the launch: {problem} (--r-min, --r-max)")
    prepared = prepare_from_args(args)  # None: the point dipole
    check_finite_start(prepared, args.k, [launch], lambda i: "the launch")
    fate = predict(prepared, launch, args.k)
    trajectory = simulate(launch, args.k, settings, **model_args(prepared))
    try:
        write_trajectory(str(out), trajectory, fate, potential=describe(prepared))
    except OSError as exc:
        raise CliError(f"--out {args.out!r}: cannot write: {exc.strerror or exc}") from None
    info = summary(trajectory, fate, potential=describe(prepared))
    if args.json:
        print(json.dumps(info, allow_nan=False))
    else:
        reason = {
            "t_max": "ran to t_max",
            "r_min": "fell into the dipole (r = r_min)" if prepared is None else "fell in (r = r_min)",
            "r_max": "escaped (r = r_max)",
            "failed": "the integration failed",
        }[trajectory.stop_reason]
        print(f"{reason} at t = {trajectory.t_end:.10g}; predicted: {fate.describe()}")
        drift = "" if info["C"] is None else f" (drift {info['C_drift']:.2e})"
        print(f"E = {info['energy']:.12g} (drift {info['energy_drift']:.2e}), C = {number_text(info['C'])}{drift}")
        print(f"wrote {info['samples']} samples to {out}")
        if trajectory.message:
            print(trajectory.message)
    return 0
