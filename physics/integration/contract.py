"""The contract between the integration engines: what a run is given, what it returns, and the rules all keep.

Every engine integrates the state (r, θ, u = r ṙ, w = r² θ̇, t) in Sundman time τ, dτ = dt / r², from
`initial_state`, stops at the first of r_min, r_max and t_max (or when its budget runs out, or when it
stalls), and returns the COLUMNS sampled uniformly in t. The scipy and numpy engines import this module;
the numba kernel has its constants and the stall rule printed into its generated source from here
(`kernel_constants`, `KERNEL_FUNCTIONS`), so no engine writes a rule out a second time.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from physics import pace
from physics.launch import LaunchState

METHODS = ("DOP853", "RK45", "RK23", "Radau", "BDF", "LSODA")

# the state, and what a run returns
STATE = ("r", "theta", "u", "w", "t")  # u = r ṙ, w = r² θ̇; dt/dτ = r²
N_STATE = len(STATE)
COLUMNS = ("t", "x", "y", "vx", "vy", "r", "theta", "vr", "omega", "energy", "C")
OUT_ROWS = COLUMNS + ("tau",)  # the rows of the batch engines' output array: the columns, then τ
N_OUT = len(OUT_ROWS)
OUT_T, OUT_X, OUT_Y, OUT_VX, OUT_VY, OUT_R, OUT_THETA, OUT_VR, OUT_OMEGA, OUT_ENERGY, OUT_C, OUT_TAU = range(N_OUT)  # "OUT_" + row
STOP_REASONS = ("t_max", "r_min", "r_max", "failed")

# stop codes of the batch engines, and the reason each one reports
T_MAX, R_MIN, R_MAX, BUDGET, TOO_SMALL_STEP, STALLED = range(6)
CODE_REASONS = ("t_max", "r_min", "r_max", "failed", "failed", "failed")
TOO_SMALL_STEP_MESSAGE = "the integrator stopped: Required step size is less than spacing between numbers."

# budgets
MAX_RHS_EVALUATIONS = 400_000
MAX_SECONDS = 20.0  # the scipy and numpy engines also stop a run after this long; the numba kernel cannot read a clock
_shared = threading.local()  # the deadline of an enclosing seconds_limit block, per thread

# the stall rule
# A run whose last STALL_STEPS accepted steps were each small in τ (below STALL_RELATIVE_STEP × |τ|, i.e.
# rounding level, or below STALL_FRACTION of its largest τ step) and small in t (below STALL_FRACTION of
# its largest t step) is stopped as stalled. That is how a run into a singularity of U away from the
# origin looks (a finite dipole's charge, say; Sundman time regularises only r = 0): near it the
# right-hand side is a difference of huge terms, the error estimate is rounding noise, and the steps
# shrink until the run creeps, for the whole budget of evaluations or seconds (in which the window would
# not answer). A fall into the origin keeps its τ steps; an escape's τ steps shrink (τ has a finite limit
# as r → ∞) but its t steps grow; so neither is taken for a stall.
STALL_RELATIVE_STEP = 1e-10
STALL_FRACTION = 1e-6
STALL_STEPS = 100

# DOP853 as scipy runs it (the numpy engine and the numba kernel take the same steps as solve_ivp)
N_STAGES = 12
N_STAGES_DENSE = 16  # with the 3 more stages of the dense output (scipy's dop853_coefficients.A is 16 × 16)
SAFETY, MIN_FACTOR, MAX_FACTOR = 0.9, 0.2, 10.0
ERROR_EXPONENT = -1.0 / 8.0  # DOP853's error estimator is of order 7
EPS = float(np.finfo(float).eps)
# one accepted step's record: τ at its start, h, y at its start, then the 7 rows of its dense output
RECORD = 2 + N_STATE + 7 * N_STATE

# the cfg array handed to the batch engines
CFG_FIELDS = ("t_max", "r_min", "r_max", "rtol", "atol", "tau_bound", "max_evaluations")
CFG_T_MAX, CFG_R_MIN, CFG_R_MAX, CFG_RTOL, CFG_ATOL, CFG_TAU_BOUND, CFG_MAX_EVALUATIONS = range(len(CFG_FIELDS))


def counts_towards_stall(h, tau, dt, largest_h, largest_dt):
    """Whether an accepted step of h in τ (ending at τ) and dt in t is small enough to count towards a stall.

    Works on floats (the scipy engine), on numpy arrays with one entry per launch (the numpy engine), and
    compiled by numba in the kernel, which gets this very text.
    """
    small_in_tau = (h < STALL_RELATIVE_STEP * abs(tau)) | (h < STALL_FRACTION * largest_h)
    return small_in_tau & (dt < STALL_FRACTION * largest_dt)


KERNEL_FUNCTIONS = (counts_towards_stall,)  # printed into the numba kernel's source as they stand here


def kernel_constants() -> dict[str, int | float]:
    """The constants the numba kernel uses, by name, printed into its generated source."""
    names = [
        "N_STATE", "N_OUT", "N_STAGES", "N_STAGES_DENSE", "RECORD", "SAFETY", "MIN_FACTOR", "MAX_FACTOR", "ERROR_EXPONENT", "EPS",
        "T_MAX", "R_MIN", "R_MAX", "BUDGET", "TOO_SMALL_STEP", "STALLED",
        "STALL_RELATIVE_STEP", "STALL_FRACTION", "STALL_STEPS",
        "CFG_T_MAX", "CFG_R_MIN", "CFG_R_MAX", "CFG_RTOL", "CFG_ATOL", "CFG_TAU_BOUND", "CFG_MAX_EVALUATIONS",
        *(f"OUT_{row.upper()}" for row in OUT_ROWS),
    ]
    return {name: globals()[name] for name in names}


@contextlib.contextmanager
def seconds_limit(seconds: float):
    """Within the block, every run stops by `seconds` from its start, all the runs together: the window
    computes on its own thread and must answer again within a few seconds, whatever a run would need."""
    previous = getattr(_shared, "limit", None)
    deadline = pace.clock() + float(seconds)
    _shared.limit = (min(deadline, previous[0]), previous[1]) if previous else (deadline, float(seconds))
    try:
        yield
    finally:
        _shared.limit = previous


def run_deadline() -> float:
    """When a run starting now has to stop: MAX_SECONDS from now, or sooner at the end of a seconds_limit block."""
    own = pace.clock() + MAX_SECONDS
    shared = getattr(_shared, "limit", None)
    return own if shared is None else min(own, shared[0])


def seconds_text() -> str:
    """The time limit that applies here, for messages."""
    shared = getattr(_shared, "limit", None)
    return f"{min(MAX_SECONDS, shared[1]) if shared else MAX_SECONDS:g} s"


def budget_message(t: float, r: float, evaluations: int, limit: int, timed: bool) -> str:
    """Why a run stopped on its budget: `timed` for an engine that also stops on the clock (scipy, numpy)."""
    bound = f"{limit} or {seconds_text()}" if timed else f"{limit} evaluations"
    return f"stopped at t = {t:.6g}, r = {r:.3g} after {evaluations} evaluations (the limit is {bound}): the path is kept up to there"


def stall_message(r: float, theta: float, t: float) -> str:
    """Why a stalled run stopped (see STALL_STEPS), from where it stopped."""
    return (f"stalled at t = {t:.6g}, (x, y) = ({r * math.cos(theta):.4g}, {r * math.sin(theta):.4g}): the steps shrank to "
            "a millionth of their size or to rounding level, as they do at a singularity of U; the path is kept up to there")


@dataclass(frozen=True)
class IntegrationSettings:
    """How to integrate: the stopping conditions and the solver's accuracy."""

    t_max: float = 20.0
    samples: int = 1001
    r_min: float = 0.05
    r_max: float = 100.0
    rtol: float = 1e-10
    atol: float = 1e-12
    method: str = "DOP853"

    def __post_init__(self):
        for name in ("t_max", "r_min", "r_max", "rtol", "atol"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value!r}")
            if value <= 0:
                raise ValueError(f"{name} must be positive, got {value!r}")
        if not isinstance(self.samples, int) or self.samples < 2:
            raise ValueError(f"samples must be an integer of at least 2, got {self.samples!r}")
        if self.samples > 1_000_000:
            raise ValueError(f"samples must be at most 1000000, got {self.samples!r}")
        if self.r_min >= self.r_max:
            raise ValueError(f"r_min ({self.r_min}) must be smaller than r_max ({self.r_max})")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")

    @property
    def tau_bound(self) -> float:
        """An end of the τ range no run reaches: r ≥ r_min throughout, so t_max comes by τ = t_max / r_min²."""
        return self.t_max / self.r_min**2 * 1.01 + 1.0


def config(settings: IntegrationSettings, max_evaluations: float = MAX_RHS_EVALUATIONS) -> np.ndarray:
    """The cfg array of the batch engines, in the order of CFG_FIELDS."""
    from_settings = [getattr(settings, name) for name in CFG_FIELDS[:-1]]  # all but max_evaluations, the last
    return np.array([*from_settings, max_evaluations], dtype=float)


def r0_problem(r0: float, r_min: float, r_max: float) -> str | None:
    """Why a launch at radius r0 cannot be integrated between r_min and r_max, or None: it must start strictly between them."""
    if r0 <= r_min:
        return f"r0 = {r0:g} is not outside r_min = {r_min:g}"
    if r0 >= r_max:
        return f"r0 = {r0:g} is not inside r_max = {r_max:g}"
    return None


def check_launch(launch: LaunchState, settings: IntegrationSettings, label: str = "") -> None:
    """A launch must start strictly between r_min and r_max (`label` names it in a batch)."""
    if problem := r0_problem(launch.r0, settings.r_min, settings.r_max):
        raise ValueError(f"{label}{problem}")


def check_k(k) -> None:
    """k must be a finite number."""
    try:
        finite = math.isfinite(k)
    except TypeError:
        finite = False
    if not finite:
        raise ValueError(f"k must be a finite number, got {k!r}")


def initial_state(launch: LaunchState) -> tuple[float, float, float, float, float]:
    """(r, θ, u = r ṙ, w = r² θ̇, t = 0) at the launch."""
    return (launch.r0, launch.theta0, launch.r0 * launch.vr0, launch.r0**2 * launch.omega0, 0.0)


class NumericModel(Protocol):
    """A model ready to evaluate: numpy functions of (state, *parameters), made from sympy's derivation.

    The engines call sundman(r, theta, u, w, *p) -> (dr/dτ, dθ/dτ, du/dτ, dw/dτ), energy and C (None without
    a second invariant) of (r, theta, r_dot, theta_dot, *p), with p in the order of param_names.
    physics.derivation.LambdifiedModel (lambdify) and physics.integration.generated.GeneratedModel (printed
    into a module, loaded without sympy, compiled by numba) are the two kinds; both also offer accel,
    potential and field for the app.
    """

    param_names: tuple[str, ...]
    sundman: Callable
    energy: Callable
    C: Callable | None


def param_values(model: NumericModel, k: float, params: dict | None) -> tuple[float, ...]:
    """The values of the model's parameters in its order: k, then `params` (each one it uses must be given)."""
    params = dict(params or {})
    params["k"] = k
    missing = [p for p in model.param_names if p not in params]
    if missing:
        raise ValueError(f"missing value for parameter {missing[0]}")
    return tuple(float(params[p]) for p in model.param_names)


def columns_from_states(model: NumericModel, p, r, theta, u, w, t) -> tuple:
    """The values of COLUMNS from states (r, θ, u, w, t), arrays of any one shape."""
    vr = u / r
    omega = w / r**2
    c, s = np.cos(theta), np.sin(theta)
    energy = np.broadcast_to(model.energy(r, theta, vr, omega, *p), r.shape).astype(float)
    if model.C is not None:
        C = np.broadcast_to(model.C(r, theta, vr, omega, *p), r.shape).astype(float)
    else:
        C = np.full_like(r, np.nan)
    return (t, r * c, r * s, vr * c - r * omega * s, vr * s + r * omega * c, r, theta, vr, omega, energy, C)


@dataclass(frozen=True, eq=False)
class Trajectory:
    """Samples of one launch, uniform in t from 0 to t_end (the last one exactly at the stop)."""

    launch: LaunchState
    k: float
    settings: IntegrationSettings
    stop_reason: str
    t_end: float
    t: np.ndarray
    x: np.ndarray
    y: np.ndarray
    vx: np.ndarray
    vy: np.ndarray
    r: np.ndarray
    theta: np.ndarray
    vr: np.ndarray
    omega: np.ndarray
    energy: np.ndarray
    C: np.ndarray
    tau: np.ndarray  # Sundman time τ at each sample
    message: str = ""
    params: dict = field(default_factory=dict)

    @property
    def columns(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name) for name in COLUMNS}

    def table(self) -> np.ndarray:
        """The samples as an array of shape (samples, 11) in the order of COLUMNS."""
        return np.column_stack([getattr(self, name) for name in COLUMNS])


def trajectory_from_states(model, launch, k, settings, stop_reason, t_end, states, taus, p, message, params) -> Trajectory:
    """A Trajectory from states (r, θ, u, w, t) of shape (5, samples) and τ at each sample."""
    values = columns_from_states(model, p, *states)
    return Trajectory(launch=launch, k=float(k), settings=settings, stop_reason=stop_reason, t_end=t_end,
                      **dict(zip(COLUMNS, values)), tau=taus, message=message, params=dict(params or {}))
