"""Which potential `simulate`, `sweep`, `plot` and `animate` integrate: the flags and their checks, in one place.

    --potential NAME [--param NAME=VALUE ...]     one of the window's presets (app/potentials.py)
    --U TEXT [--T TEXT] [--param NAME=VALUE ...]  a typed potential, as in the window's Custom potential panel

Without them a command integrates the point dipole exactly as it always has. A typed U or T goes through
the same path as the window's panel and `equations --U`: the whitelist parser (physics/expressions.py),
the derivation in a worker process stopped at --timeout, and bounded lambdifying
(app.potentials.prepare_potential). Beside a session (plot, animate), --potential or --U replaces the
session's potential, as --k replaces its k, and --param alone changes the session potential's parameters.
"""

from __future__ import annotations

import argparse
import math

from app.cli.errors import CliError
from app.cli.flags import derivation_timeout
from app.text import read_number

NAME_HELP = "a potential: the window's presets"


def param_spec(text: str) -> tuple[str, float]:
    """ "d=0.1": a parameter's name and its value."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"must be NAME=VALUE, like d=0.1, got {text!r}")
    if not name.isidentifier():
        raise argparse.ArgumentTypeError(f"{name[:40]!r} is not a parameter name (like d, q or E0)")
    try:
        return name, read_number(value.strip(), name)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_potential_flags(p: argparse.ArgumentParser, beside_session: bool = False) -> None:
    """--potential, --U, --T, --param and --timeout (see the module's docstring)."""
    from app.potentials import PRESET_NAMES

    group = p.add_argument_group(
        "potential (default: the point dipole, U = -k cos(theta)/r^2)",
        "Beside --session, --potential or --U replaces the session's potential and --param alone changes its "
        "parameters." if beside_session else None)
    which = group.add_mutually_exclusive_group()
    which.add_argument("--potential", metavar="NAME", choices=PRESET_NAMES,
                       help=f"one of the window's potentials: {', '.join(PRESET_NAMES)}")
    which.add_argument("--U", dest="U", metavar="TEXT",
                       help="a typed potential energy in r, theta, x, y and k, q, d, E0, a, b, c, m, "
                       "e.g. \"-k/r - q*cos(theta)/r^2\" (read by the whitelist parser, as `equations --U`)")
    group.add_argument("--T", dest="T", metavar="TEXT",
                       help="a typed kinetic energy, with --U or with the point dipole's U "
                       "(default (r_dot^2 + r^2*theta_dot^2)/2)")
    group.add_argument("--param", dest="params", metavar="NAME=VALUE", action="append", default=[], type=param_spec,
                       help="a parameter of the potential besides k, e.g. d=0.1 (repeatable; "
                       "a preset's others keep their defaults, a typed potential's are 1)")
    group.add_argument("--timeout", type=derivation_timeout, default=10.0, metavar="SECONDS",
                       help="give up deriving a typed potential after this many seconds (default 10, at most 3600)")


def potential_given(args) -> bool:
    """Whether any of the potential flags was given."""
    return bool(getattr(args, "potential", None) or getattr(args, "U", None) is not None
                or getattr(args, "T", None) is not None or getattr(args, "params", None))


def prepare_from_args(args, base=None):
    """The PreparedPotential the flags ask for, or None for the point dipole (the default).

    `base` is a session's app.potentials.Potential (None: the point dipole): --param alone changes its
    parameters. CliError (one line) for an unknown name, a parameter the potential does not have, or a
    typed potential the parser or the derivation refuses.
    """
    from app.potentials import get_preset, prepare_potential

    given = _given_params(getattr(args, "params", None) or [])
    name, U, T = getattr(args, "potential", None), getattr(args, "U", None), getattr(args, "T", None)
    if name is not None and T is not None:
        raise CliError(f"--T goes with --U: the potential {name} has the usual kinetic energy")
    if name is None and U is None and T is None:
        if base is None:
            if given:
                _refuse_unknown(next(iter(given)), "point-dipole", ())
            return None
        name, U, T, defaults, known = base.name, base.U_text, base.T_text, base.param_dict, tuple(base.param_dict)
        what = f"the session's potential ({base.name})"
    elif name is not None:
        preset = get_preset(name)
        U = None if name == "point-dipole" else preset.U_text
        defaults = dict(preset.params)
        known, what = tuple(defaults), name
    else:
        name, defaults, known, what = "custom", {}, _typed_params(U, T), "--U"
    if known is not None:
        for param in given:
            if param not in known:
                _refuse_unknown(param, what, known)
    try:
        prepared = prepare_potential(U, T, {**defaults, **given}, name=name, timeout=getattr(args, "timeout", 10.0))
    except ValueError as exc:
        flag = "--U/--T" if getattr(args, "U", None) is not None or getattr(args, "T", None) is not None else "--potential"
        raise CliError(f"{flag}: {exc}") from None
    has = tuple(n for n in prepared.model.param_names if n != "k")
    for param in given:
        if param not in has:
            _refuse_unknown(param, what, has)
    return None if prepared.is_point_dipole else prepared


def _typed_params(U: str | None, T: str | None) -> tuple[str, ...] | None:
    """The parameters (besides k) a typed U and T use, read by the whitelist parser (None: it refuses them,
    and prepare_potential says why)."""
    from physics.expressions import PARAMETERS, parse_expression

    names: set[str] = set()
    try:
        for text, kind in ((U, "U"), (T, "T")):
            if text is not None and text.strip():
                names |= {str(s) for s in parse_expression(text, kind=kind).free_symbols}
    except ValueError:
        return None
    return tuple(n for n in PARAMETERS if n in names and n != "k")


def _given_params(pairs) -> dict[str, float]:
    from app.potentials import MAX_PARAM

    out: dict[str, float] = {}
    for name, value in pairs:
        if name == "k":
            raise CliError("--param k: k is set with --k")
        if name in out:
            raise CliError(f"--param {name} is given twice")
        if abs(value) > MAX_PARAM:
            raise CliError(f"--param {name}={value:g}: must be at most {MAX_PARAM:g} in size")
        out[name] = value
    return out


def _refuse_unknown(param: str, what: str, known) -> None:
    has = f"its parameters are {', '.join(known)} (and k, set with --k)" if known else "it has no parameter but k (set with --k)"
    raise CliError(f"--param {param}: {what} has no parameter {param!r}; {has}")


def model_args(prepared) -> dict:
    """The model and parameter keywords of the engines (scipy_engine.simulate, batch.simulate_batch); {} for the point dipole."""
    if prepared is None:
        return {}
    return {"model": prepared.model, "params": prepared.potential.param_dict}


def check_finite_start(prepared, k: float, launches, where) -> None:
    """Refuse launches where the potential is not finite (on a charge, or d = 0): CliError naming the first one.

    `where(i)` names launch i for the message.
    """
    if prepared is None or not launches:
        return
    import numpy as np

    from physics.integration.contract import param_values

    model = prepared.model
    p = param_values(model, k, prepared.potential.param_dict)
    polar = getattr(launches, "polar", None)  # batch.LaunchRows holds them as an array already
    if polar is None:
        polar = [(la.r0, la.theta0, la.vr0, la.omega0) for la in launches]
    columns = np.asarray(polar, dtype=float).reshape(-1, 4).T
    values = ", ".join(f"{n} = {v:g}" for n, v in prepared.potential.params)
    shown = f" with {values}" if values else ""
    with np.errstate(all="ignore"):
        try:
            energy = np.broadcast_to(np.asarray(model.energy(*columns, *p), dtype=float), columns[0].shape)
        except (ArithmeticError, ValueError, TypeError) as exc:  # k/d with d = 0 divides plain floats
            raise CliError(f"the potential {prepared.potential.name} cannot be evaluated{shown} ({exc})") from None
    bad = np.flatnonzero(~np.isfinite(energy))
    if bad.size:
        raise CliError(f"{where(int(bad[0]))}: the energy is not finite there ({prepared.potential.name}{shown}): "
                       "the launch sits on a charge or a parameter makes U singular")


def describe(prepared) -> dict | None:
    """The potential for a summary (None for the point dipole, whose summaries stay as they were)."""
    if prepared is None:
        return None
    pot = prepared.potential
    out = {"name": pot.name, "U": pot.U_text, "T": pot.T_text, "params": dict(pot.params)}
    return {key: value for key, value in out.items() if value is not None}


def number_text(value) -> str:
    """A summary's number for a line of text: C is None where the potential has no such invariant."""
    return "none (no such invariant for this potential)" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.12g}"


def predict(prepared, launch, k: float):
    """The exact prediction for the point dipole (physics.exact.classify); for another potential, none (E and C only)."""
    from physics.integration.scipy_engine import invariants

    if prepared is None:
        from physics.exact import classify

        E, C = invariants(launch, k)
        return classify(launch, E, C, k)
    from physics.regime import NoPrediction

    E, C = invariants(launch, k, prepared.model, prepared.potential.param_dict)
    return NoPrediction("unknown", E, C, None, None, "unknown")


def session_potential(args, session):
    """(session, prepared potential or None) for plot and animate: the flags' potential replaces the session's.

    Without potential flags the session's own potential is derived, as app.files.session.apply_session does.
    """
    from dataclasses import replace

    from app.files.session import prepare_session_potential

    if not potential_given(args):
        return session, prepare_session_potential(session)
    prepared = prepare_from_args(args, base=session.potential)
    check_finite_start(prepared, session.k, [sl.launch for sl in session.launches], lambda i: f"launch {i + 1}")
    return replace(session, potential=None if prepared is None else prepared.potential), prepared
