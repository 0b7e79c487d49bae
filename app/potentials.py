"""Potentials beyond the point dipole: presets (data) and the parse → derive → compile pipeline.

Typed text goes through physics.expressions.parse_expression (a whitelist parser) and the derivation
runs in a killable subprocess (physics.safe_derive.derive_with_timeout); only then is the result
lambdified here. `prepare_potential` is slow and touches no state, so a window can run it in a worker
thread; `SimulationState.apply_potential` then swaps the result in.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.i18n import QT_TRANSLATE_NOOP
from app.text import read_choice
from physics import pace
from physics.messages import one_line

if TYPE_CHECKING:  # physics.derivation imports sympy: only the functions that derive import it, when they run
    from physics import derivation as d

DIPOLE_U_TEXT = "-k*cos(theta)/r**2"
MAX_PARAM = 1e6


@dataclass(frozen=True)
class Potential:
    """What the user asked for: the texts of U and T (None: the defaults) and the parameter values besides k."""

    name: str = "point-dipole"
    U_text: str | None = None
    T_text: str | None = None
    params: tuple[tuple[str, float], ...] = ()

    @property
    def param_dict(self) -> dict[str, float]:
        return dict(self.params)


@dataclass(frozen=True)
class PreparedPotential:
    """A potential parsed, derived and lambdified: ready for SimulationState.apply_potential."""

    potential: Potential
    equations: d.Equations
    model: d.LambdifiedModel
    findings: tuple[str, ...]
    is_point_dipole: bool


@dataclass(frozen=True)
class ParamRange:
    """A slider's range for one parameter (log: the slider moves evenly in log10 of the value)."""

    name: str
    low: float
    high: float
    log: bool = False
    label: str = ""


@dataclass(frozen=True)
class PotentialPreset:
    name: str
    title: str
    description: str
    U_text: str
    params: tuple[tuple[str, float], ...] = ()
    ranges: tuple[ParamRange, ...] = ()
    # where the charges sit for these parameter values: field lines are seeded on small rings around them
    sources: Callable[[dict], list[tuple[float, float]]] = field(default=lambda p: [(0.0, 0.0)])
    uniform_field: bool = False  # field lines also come in from the edge of the view

    def potential(self, **values) -> Potential:
        params = {**dict(self.params), **values}
        return Potential(self.name, self.U_text, None, tuple(sorted(params.items())))


PRESETS: dict[str, PotentialPreset] = {
    p.name: p
    for p in (
        PotentialPreset(
            "point-dipole",
            QT_TRANSLATE_NOOP("Potentials", "Point dipole"),
            "U = −k cos θ / r²: exactly solvable (r² quadratic in t, θ a pendulum in Sundman time).",
            DIPOLE_U_TEXT,
        ),
        PotentialPreset(
            "finite-dipole",
            QT_TRANSLATE_NOOP("Potentials", "Finite dipole (±k/d at distance d)"),
            "Charges +k/d at (−d/2, 0) and −k/d at (d/2, 0): the dipole moment is k for every d, so as d → 0 "
            "the motion tends to the point dipole's.",
            "(k/d)*(1/sqrt(r**2 + r*d*cos(theta) + d**2/4) - 1/sqrt(r**2 - r*d*cos(theta) + d**2/4))",
            (("d", 0.4),),
            (ParamRange("d", 0.01, 2.0, log=True, label=QT_TRANSLATE_NOOP("Potentials", "separation d")),),
            sources=lambda p: [(-p.get("d", 0.4) / 2, 0.0), (p.get("d", 0.4) / 2, 0.0)],
        ),
        PotentialPreset(
            "point-charge",
            QT_TRANSLATE_NOOP("Potentials", "Point charge"),
            "U = −k/r: Kepler/Coulomb motion; θ is cyclic, so r²θ̇ is conserved.",
            "-k/r",
        ),
        PotentialPreset(
            "dipole-charge",
            QT_TRANSLATE_NOOP("Potentials", "Dipole plus point charge"),
            "U = −k cos θ / r² − q/r: a dipole carrying a net charge q.",
            "-k*cos(theta)/r**2 - q/r",
            (("q", 0.3),),
            (ParamRange("q", -2.0, 2.0, label=QT_TRANSLATE_NOOP("Potentials", "net charge q")),),
        ),
        PotentialPreset(
            "quadrupole",
            QT_TRANSLATE_NOOP("Potentials", "Linear quadrupole"),
            "U = −k (3 cos²θ − 1) / (2 r³): charges +, −2, + along the x axis, seen from afar.",
            "-k*(3*cos(theta)**2 - 1)/(2*r**3)",
        ),
        PotentialPreset(
            "dipole-uniform-field",
            QT_TRANSLATE_NOOP("Potentials", "Dipole in a uniform field"),
            "U = −k cos θ / r² − E0 r cos θ: the point dipole plus a uniform field E0 along +x.",
            "-k*cos(theta)/r**2 - E0*r*cos(theta)",
            (("E0", 0.2),),
            (ParamRange("E0", -1.0, 1.0, label=QT_TRANSLATE_NOOP("Potentials", "uniform field E0")),),
            uniform_field=True,
        ),
    )
}

PRESET_NAMES = tuple(PRESETS)


def get_preset(name: str) -> PotentialPreset:
    return read_choice(PRESETS, name, "potential")


def check_params(values: dict) -> dict[str, float]:
    """Finite parameter values with plain names (k is not one of them: it has its own control)."""
    out = {}
    for name, value in dict(values or {}).items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"parameter names must be plain names, got {name!r}")
        if name == "k":
            raise ValueError("k is set with set_k, not as a potential parameter")
        if isinstance(value, bool):
            raise ValueError(f"{name} must be a number, got {value!r}")
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number, got {value!r}") from None
        if not math.isfinite(v) or abs(v) > MAX_PARAM:
            raise ValueError(f"{name} must be a finite number of size at most {MAX_PARAM:g}, got {value!r}")
        out[name] = v
    return out


DEFAULT_CHECK_SECONDS = 2.0  # at most this long asking sympy whether a typed T and U are the point dipole's


def _is_default(T, U, timeout: float = DEFAULT_CHECK_SECONDS) -> bool:
    """Whether T and U are the point dipole's: written alike, or simplifying to them within `timeout` seconds.

    simplify runs in the derivation worker, never here: on (sin(x)+cos(y)+sin(y)+cos(x))^12 it ran for
    more than five minutes. An answer that does not come in time counts as "no" (the potential is then
    derived as typed, which gives the same motion without the point dipole's exact features).
    """
    from physics import derivation as d
    from physics.safe_derive import DerivationError, same_expressions

    if T == d.DEFAULT_T and U == d.DEFAULT_U:
        return True
    if not (d.DEFAULT_T.free_symbols <= T.free_symbols and d.DEFAULT_U.free_symbols <= U.free_symbols):
        return False  # no k, r or θ in U: it cannot be the dipole's, whatever simplify would say
    try:
        return same_expressions([(T, d.DEFAULT_T), (U, d.DEFAULT_U)], timeout=timeout)
    except DerivationError:
        return False


def _within(seconds: float, what: str, function, *args):
    """function(*args) in a helper thread, given up after `seconds` (sympy cannot be interrupted: it finishes unseen)."""
    import threading

    outcome: dict = {}

    def run():
        try:
            outcome["value"] = pace.run_paced(function, *args)  # sympy pauses for the window's drawing (physics/pace.py)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="dipole-lab-lambdify", daemon=True)
    thread.start()
    with pace.waiting():  # (a window's draw waiting here does not make the helper pause for it: physics/pace.py)
        thread.join(seconds)
    if thread.is_alive():
        raise ValueError(f"{what} took longer than {seconds:g} s and was stopped")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def prepare_potential(U_text: str | None = None, T_text: str | None = None, params: dict | None = None,
                      name: str = "custom", timeout: float = 10.0) -> PreparedPotential:
    """Parse (whitelist), derive (subprocess with a timeout) and lambdify; ValueError with one line if refused.

    Slow (a second or so for a new potential, plus numba's first compile of its batch kernel, cached on disk
    afterwards) and free of side effects on the session: safe to call from a worker thread.
    Parameters the potential uses but `params` does not give default to 1.
    """
    from app.equations import findings

    values = check_params(params)
    for label, text in (("U", U_text), ("T", T_text)):
        if text is not None and not isinstance(text, str):
            raise ValueError(f"{label} must be text, got {type(text).__name__}")
    model, default = _model_for_text(U_text, T_text, float(timeout))
    used = {n: values.get(n, 1.0) for n in model.param_names if n != "k"}
    potential = Potential("point-dipole" if default and name == "custom" else name, U_text, T_text, tuple(sorted(used.items())))
    return PreparedPotential(potential, model.equations, model, tuple(findings(model.equations)), default)


@functools.lru_cache(maxsize=16)
def _model_for_text(U_text: str | None, T_text: str | None, timeout: float) -> tuple[d.LambdifiedModel, bool]:
    """(model, is the point dipole) for the texts; derived once per pair of texts (refusals are not cached)."""
    from physics import derivation as d

    if U_text is None and T_text is None:
        return d.dipole_model(), True
    from physics.expressions import parse_expression
    from physics.safe_derive import derive_with_timeout

    try:
        T = d.DEFAULT_T if T_text is None or not T_text.strip() else parse_expression(T_text, kind="T")
        U = d.DEFAULT_U if U_text is None or not U_text.strip() else parse_expression(U_text, kind="U")
    except ValueError as exc:
        raise ValueError(one_line(exc)) from None
    if _is_default(T, U):
        return d.dipole_model(), True
    try:
        eq = derive_with_timeout(T, U, timeout=timeout)
    except (ValueError, TimeoutError, RuntimeError) as exc:
        raise ValueError(one_line(exc)) from None
    # lambdify simplifies the right-hand side in Sundman time: bounded like the derivation (35 s for abs(x-0.5)*k)
    model = _within(timeout, "turning the equations into numerical code", d.lambdify_equations, eq)
    # generate (and, with numba, compile) the batch kernel here, off the window's thread
    from physics.integration.batch import preload

    preload(model)
    return model, False


def prepare_preset(name: str, timeout: float = 10.0, **values) -> PreparedPotential:
    """prepare_potential for a preset, with its default parameter values unless given."""
    preset = get_preset(name)
    if name == "point-dipole":
        return prepare_potential(None, None, {}, name=name)
    return prepare_potential(preset.U_text, None, {**dict(preset.params), **values}, name=name, timeout=timeout)


def sources_for(potential: Potential) -> list[tuple[float, float]]:
    """Where a potential's charges sit (for seeding field lines): the preset's, else the origin."""
    preset = PRESETS.get(potential.name)
    if preset is None or (potential.U_text not in (None, preset.U_text)):
        return [(0.0, 0.0)]
    return preset.sources(potential.param_dict)


def has_uniform_field(potential: Potential) -> bool:
    preset = PRESETS.get(potential.name)
    return bool(preset and preset.uniform_field and potential.U_text == preset.U_text)
