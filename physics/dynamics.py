"""Integration of a launch with scipy's solve_ivp, in Sundman time.

With dτ = dt / r², u = r ṙ and w = r² θ̇, the point-dipole equations become regular at r = 0:
dr/dτ = r u, dθ/dτ = w, du/dτ = u² + w² − 2k cos θ, dw/dτ = −k sin θ (a plane pendulum),
dt/dτ = r². The right-hand side is generated from sympy's derivation (see derivation.py) for
any potential. The fall into the dipole takes a finite t but an infinite τ, so the angle's
infinitely many swings on the way in cost a number of steps that grows only like log(1/r_min), except
near C = 0, where τ grows like 1/r: there the end of the fall is taken from the exact r² law (FallPlan).
Samples are returned uniformly in t by inverting t(τ) on the dense output.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from dataclasses import dataclass, field, replace

import numpy as np

from physics.launch import LaunchState

METHODS = ("DOP853", "RK45", "RK23", "Radau", "BDF", "LSODA")
STOP_REASONS = ("t_max", "r_min", "r_max", "failed")
COLUMNS = ("t", "x", "y", "vx", "vy", "r", "theta", "vr", "omega", "energy", "C")
MAX_RHS_EVALUATIONS = 400_000
MAX_SECONDS = 20.0
# A run whose last STALL_STEPS accepted steps were each small in τ (below STALL_RELATIVE_STEP × |τ|, i.e.
# rounding level, or below STALL_FRACTION of its largest τ step) and small in t (below STALL_FRACTION of
# its largest t step) is stopped as stalled. That is how a run into a singularity of U away from the
# origin looks (a finite dipole's charge, say; Sundman time regularises only r = 0): near it the
# right-hand side is a difference of huge terms, the error estimate is rounding noise, and the steps
# shrink until the run creeps, for the whole budget of evaluations or seconds (in which the window would
# not answer). A fall into the origin keeps its τ steps; an escape's τ steps shrink (τ has a finite limit
# as r → ∞) but its t steps grow; so neither is taken for a stall.
_shared = threading.local()  # the deadline of an enclosing seconds_limit block, per thread


@contextlib.contextmanager
def seconds_limit(seconds: float):
    """Within the block, every run stops by `seconds` from its start, all the runs together: the window
    computes on its own thread and must answer again within a few seconds, whatever a run would need."""
    previous = getattr(_shared, "limit", None)
    deadline = time.monotonic() + float(seconds)
    _shared.limit = (min(deadline, previous[0]), previous[1]) if previous else (deadline, float(seconds))
    try:
        yield
    finally:
        _shared.limit = previous


def run_deadline() -> float:
    """When a run starting now has to stop: MAX_SECONDS from now, or sooner at the end of a seconds_limit block."""
    own = time.monotonic() + MAX_SECONDS
    shared = getattr(_shared, "limit", None)
    return own if shared is None else min(own, shared[0])


def seconds_text() -> str:
    """The time limit that applies here, for messages."""
    shared = getattr(_shared, "limit", None)
    return f"{min(MAX_SECONDS, shared[1]) if shared else MAX_SECONDS:g} s"


STALL_RELATIVE_STEP = 1e-10
STALL_FRACTION = 1e-6
STALL_STEPS = 100


def counts_towards_stall(h, tau, dt, largest_h, largest_dt):
    """Whether an accepted step of h in τ (ending at τ) and dt in t is small enough to count towards a stall.

    Works on floats (simulate) and on numpy arrays, one entry per launch (the numpy batch engine); the
    compiled kernel (physics/kernel_source.py) has the same test written out.
    """
    small_in_tau = (h < STALL_RELATIVE_STEP * abs(tau)) | (h < STALL_FRACTION * largest_h)
    return small_in_tau & (dt < STALL_FRACTION * largest_dt)


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


def _model(model):
    if model is None:
        # the point dipole's generated functions from the on-disk cache: no sympy at start-up
        from physics.compiled import default_model

        return default_model()
    return model


def param_values(model, k: float, params: dict | None) -> tuple[float, ...]:
    """The values of the model's parameters in its order: k, then `params` (each one it uses must be given)."""
    params = dict(params or {})
    params["k"] = k
    missing = [p for p in model.param_names if p not in params]
    if missing:
        raise ValueError(f"missing value for parameter {missing[0]}")
    return tuple(float(params[p]) for p in model.param_names)


def simulate(
    launch: LaunchState,
    k: float,
    settings: IntegrationSettings | None = None,
    model=None,
    params: dict | None = None,
) -> Trajectory:
    """Integrate one launch until t_max, or until r reaches r_min (falls in) or r_max (escapes)."""
    settings = settings or IntegrationSettings()
    model = _model(model)
    if not math.isfinite(k):
        raise ValueError(f"k must be a finite number, got {k!r}")
    if launch.r0 <= settings.r_min:
        raise ValueError(f"r0 ({launch.r0}) must be larger than r_min ({settings.r_min})")
    if launch.r0 >= settings.r_max:
        raise ValueError(f"r0 ({launch.r0}) must be smaller than r_max ({settings.r_max})")
    p = param_values(model, k, params)
    plan = plan_fall(launch, k, settings, model, p)
    if plan is None:
        return _integrate(launch, k, settings, model, p, params)
    partial = _integrate(launch, k, plan.partial_settings(settings), model, p, params)
    return complete_fall(partial, plan, settings, model, p)


class _Abort(Exception):
    """Raised inside solve_ivp to stop it at once; the path up to the last accepted step is kept."""


def _integrate(launch, k, settings, model, p, params, evaluation_limit: int | None = None) -> Trajectory:
    from scipy.integrate import solve_ivp  # on first use: the window starts without importing scipy

    sundman = model.sundman
    evaluations = [0]
    limit = MAX_RHS_EVALUATIONS if evaluation_limit is None else evaluation_limit
    # τ at which the budget ran out; the budget event is a function of τ, so the solver can locate it
    budget_tau = [math.inf]
    last_step = [0.0]  # τ of the last accepted step: the events are evaluated at every step's end
    small_steps = [0]  # accepted steps in a row that count towards a stall (see STALL_STEPS)
    largest_step = [0.0]  # in τ
    largest_dt = [0.0]
    last_t = [0.0]
    stalled = [False]
    deadline = [run_deadline()]

    def rhs(tau, y):
        evaluations[0] += 1
        if evaluations[0] > limit or (evaluations[0] % 2000 == 0 and time.monotonic() > deadline[0]):
            budget_tau[0] = min(budget_tau[0], tau)
            if evaluations[0] > 2 * limit + 1000 or time.monotonic() > deadline[0] + MAX_SECONDS:
                # no step was accepted since the budget ran out (a method stuck on nan): stop here
                raise _Abort(f"no progress after {evaluations[0]} evaluations")
        rr, th, uu, ww, _ = y
        try:
            dr, dth, du, dw = sundman(rr, th, uu, ww, *p)
        except Exception as exc:  # a user's potential may raise anywhere: end the run, keep the path
            raise _Abort(f"the right-hand side raised {type(exc).__name__}: {_one_line(exc)}") from None
        return (dr, dth, du, dw, rr * rr)

    def hit_r_min(tau, y):
        return y[0] - settings.r_min

    def hit_r_max(tau, y):
        return y[0] - settings.r_max

    def hit_t_max(tau, y):
        return y[4] - settings.t_max

    def out_of_budget(tau, y):
        # every run is bounded in evaluations and seconds, so no launch can hang the caller; and one that
        # stalls (see STALL_STEPS) is stopped where it stalled
        if tau > last_step[0]:
            h, dt = tau - last_step[0], abs(y[4] - last_t[0])
            largest_step[0], largest_dt[0] = max(largest_step[0], h), max(largest_dt[0], dt)
            small_steps[0] = small_steps[0] + 1 if counts_towards_stall(h, tau, dt, largest_step[0], largest_dt[0]) else 0
            last_t[0] = y[4]
            if small_steps[0] >= STALL_STEPS and budget_tau[0] == math.inf:
                stalled[0], budget_tau[0] = True, tau
            last_step[0] = tau
        return 1.0 if budget_tau[0] == math.inf else budget_tau[0] - tau

    for event, direction in ((hit_r_min, -1), (hit_r_max, 1), (hit_t_max, 1), (out_of_budget, -1)):
        event.terminal = True
        event.direction = direction

    y0 = (launch.r0, launch.theta0, launch.r0 * launch.vr0, launch.r0**2 * launch.omega0, 0.0)
    # r ≥ r_min throughout, so t_max is reached by τ = t_max / r_min² at the latest.
    tau_bound = settings.t_max / settings.r_min**2 * 1.01 + 1.0
    failure = ""
    with np.errstate(all="ignore"):
        try:
            sol = solve_ivp(rhs, (0.0, tau_bound), y0, method=settings.method, rtol=settings.rtol, atol=settings.atol,
                            events=(hit_r_min, hit_r_max, hit_t_max, out_of_budget), dense_output=True)
        except Exception as exc:  # the method itself raised (or _Abort): run again up to the last step it accepted
            failure = str(exc) if isinstance(exc, _Abort) else f"the {settings.method} method raised {type(exc).__name__}: {_one_line(exc)}"
            sol = None
        if sol is not None and not np.all(np.isfinite(sol.y)):
            # LSODA carries on through nan: keep only the steps before the first non-finite one
            first_bad = int(np.argmax(~np.all(np.isfinite(sol.y), axis=0)))
            last_step[0] = float(sol.t[first_bad - 1]) if first_bad > 0 else 0.0
            failure = "the right-hand side gave nan or infinity"
            sol = None
        if sol is None and last_step[0] > 0:
            # the same steps again (the right-hand side and the method are deterministic), ending where the last one did
            evaluations[0], budget_tau[0], deadline[0] = 0, math.inf, time.monotonic() + MAX_SECONDS
            try:
                sol = solve_ivp(rhs, (0.0, last_step[0]), y0, method=settings.method, rtol=settings.rtol,
                                atol=settings.atol, events=(hit_r_min, hit_r_max, hit_t_max), dense_output=True)
            except Exception:
                sol = None
    if sol is None:
        # not one step was accepted: the path is the launch point
        y_end = np.asarray(y0, dtype=float)
        states = np.repeat(y_end[:, None], settings.samples, axis=1)
        message = f"{failure} at t = 0: nothing could be integrated"
        return _trajectory(model, launch, k, settings, "failed", 0.0, states, np.zeros(settings.samples), p, message, None)
    message = ""
    if failure:
        tau_end, y_end, stop_reason = float(sol.t[-1]), sol.y[:, -1].copy(), "failed"
        message = f"{failure} at t = {float(y_end[4]):.6g}, r = {float(y_end[0]):.3g}: the path is kept up to there"
    elif sol.status == 1:
        hit = [i for i, times in enumerate(sol.t_events) if len(times)]
        which = hit[0]
        tau_end = float(sol.t_events[which][0])
        y_end = np.asarray(sol.y_events[which][0], dtype=float)
        stop_reason = ("r_min", "r_max", "t_max", "failed")[which]
        if which == 3 and stalled[0]:
            message = stall_message(y_end)
        elif which == 3:
            message = (
                f"stopped at t = {float(y_end[4]):.6g}, r = {float(y_end[0]):.3g} after {evaluations[0]} evaluations "
                f"(the limit is {limit} or {seconds_text()}): the path is kept up to there"
            )
    elif sol.status == 0:
        tau_end, y_end, stop_reason = float(sol.t[-1]), sol.y[:, -1].copy(), "t_max"
    else:
        tau_end, y_end, stop_reason = float(sol.t[-1]), sol.y[:, -1].copy(), "failed"
        message = f"the integrator stopped at t = {float(y_end[4]):.6g}, r = {float(y_end[0]):.3g}: {sol.message}"
    if stop_reason == "t_max":
        y_end[4] = settings.t_max
    elif stop_reason == "r_min":
        y_end[0] = settings.r_min
    elif stop_reason == "r_max":
        y_end[0] = settings.r_max
    t_end = float(y_end[4])
    states, taus = _uniform_in_t(sol, tau_end, y_end, t_end, settings.samples)
    return _trajectory(model, launch, k, settings, stop_reason, t_end, states, taus, p, message, params)


def stall_message(y_end) -> str:
    """Why a stalled run stopped (see STALL_STEPS), from its last state (r, θ, u, w, t)."""
    r, theta, t = float(y_end[0]), float(y_end[1]), float(y_end[4])
    return (f"stalled at t = {t:.6g}, (x, y) = ({r * math.cos(theta):.4g}, {r * math.sin(theta):.4g}): the steps shrank to "
            "a millionth of their size or to rounding level, as they do at a singularity of U; the path is kept up to there")


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


# --- the end of a fall, from the exact r² law ---------------------------------------------------------------
@dataclass(frozen=True)
class FallPlan:
    """A fall whose last part is taken from the exact law r² = 2E t² + 2 r₀ṙ₀ t + r₀² instead of being integrated.

    With the usual T and U homogeneous of degree −2 (the point dipole), d²(r²)/dt² = 4E, so the time of
    the fall to r_min is known in advance. On the way in the angle swings infinitely often in a finite
    t (τ grows like log(1/r), or like 1/r when C = 0), and the samples cannot show those swings anyway.
    So the first `n_integrated` samples of the final grid are integrated, and the rest follow the law
    with θ and r²θ̇ held: the run ends at r_min at the exact time whatever r_min, and costs at most
    MAX_SWINGS swings of the angle.
    """

    t_fall: float
    n_integrated: int
    samples: int
    E: float

    @property
    def t_switch(self) -> float:
        return self.t_fall * (self.n_integrated - 1) / (self.samples - 1)

    def partial_settings(self, settings: IntegrationSettings) -> IntegrationSettings:
        return replace(settings, t_max=self.t_switch, samples=self.n_integrated)


MAX_SWINGS = 50.0  # swings of the angle integrated on the way into the dipole; the rest follow the r² law


def plan_fall(launch: LaunchState, k: float, settings: IntegrationSettings, model, p: tuple[float, ...]) -> FallPlan | None:
    """A FallPlan when the model obeys the r² law and the fall to r_min would cost more than MAX_SWINGS swings, else None."""
    if getattr(model, "C", None) is None:
        return None
    args = (launch.r0, launch.theta0, launch.vr0, launch.omega0, *p)
    with np.errstate(all="ignore"):
        E, C = float(model.energy(*args)), float(model.C(*args))
        if not (math.isfinite(E) and math.isfinite(C)):
            return None
        t_fall = exact_fall_time(launch, E, C, k, settings.r_min)
        if t_fall is None or not 0.0 < t_fall <= settings.t_max:
            return None
        from physics.exact import r_squared, sundman_time

        n = settings.samples
        grid = np.linspace(0.0, t_fall, n)
        tau = np.empty(n)
        tau[:-1] = sundman_time(grid[:-1], launch.r0, launch.vr0, E)
        # the closed form loses all its digits at the fall itself (r² is a difference of terms of order 1)
        last = max(float(r_squared(grid[-2], launch.r0, launch.vr0, E)), settings.r_min**2)
        tau[-1] = tau[-2] + _tau_to_fall(last, settings.r_min**2, E, C)
        phase = _swing_rate(model, C, p) * tau
    limit = 2 * math.pi * MAX_SWINGS
    too_far = ~(phase <= limit)  # nan (no finite τ at the fall) counts as too far
    if not too_far.any():
        return None
    n_integrated = max(int(np.argmax(too_far)), 2)
    if n_integrated >= n:
        return None
    return FallPlan(float(t_fall), n_integrated, n, E)


def exact_fall_time(launch: LaunchState, E: float, C: float, k: float, r_min: float) -> float | None:
    """The time r reaches r_min by the r² law, reading C ≈ 0 as C = 0 as physics.exact.classify does."""
    from physics.exact import time_to_radius

    r0, vr0 = launch.r0, launch.vr0
    scale = max(abs(C), (r0**2 * launch.omega0) ** 2, abs(k), 1e-300)
    if abs(C) <= 1e-12 * scale:
        # r² = 2E (t − t₀)²: the charge heads straight for the centre if it is moving inwards
        if E > 0 and vr0 < 0:
            t0 = -r0 * vr0 / (2 * E)
            t = t0 - r_min / math.sqrt(2 * E)
            return t if t > 0 else None
        return None
    return time_to_radius(r_min, r0, vr0, E)


def _tau_to_fall(R1: float, R0: float, E: float, C: float) -> float:
    """τ from r² = R1 down to r² = R0 on the way in: ∫ dR / (2R |r ṙ|) with (r ṙ)² = 2E R − 2C, in log R."""
    x = np.linspace(math.log(R0), math.log(R1), 801)
    speed = np.sqrt(np.maximum(2 * E * np.exp(x) - 2 * C, 1e-300))
    integrand = 0.5 / speed
    return float(np.sum(0.5 * (integrand[1:] + integrand[:-1]) * np.diff(x)))


def _swing_rate(model, C: float, p) -> float:
    """An upper bound on |dθ/dτ| and the pendulum's frequency in τ: √(2 (max f − min f) + 2|C|), C = ½w² + f(θ)."""
    theta = np.linspace(-math.pi, math.pi, 73)
    f = np.broadcast_to(np.asarray(model.C(1.0, theta, 0.0, 0.0, *p), dtype=float), theta.shape)
    spread = float(np.nanmax(f) - np.nanmin(f)) if np.isfinite(f).any() else 0.0
    return math.sqrt(2 * spread + 2 * abs(C)) + 1e-300


def complete_fall(partial: Trajectory, plan: FallPlan, settings: IntegrationSettings, model, p) -> Trajectory:
    """The whole fall: partial's samples (integrated to plan.t_switch), then the r² law to r_min at plan.t_fall."""
    from physics.exact import r_squared, sundman_time

    launch, E = partial.launch, plan.E
    if partial.stop_reason != "t_max":
        # it stopped before the switch (fell in a little early, or failed): keep that, with the user's settings
        message = partial.message
        if partial.stop_reason == "failed":
            message += f"; by the exact r² law it falls into the dipole at t = {plan.t_fall:.6g}"
        return replace(partial, settings=settings, message=message)
    n, m = plan.samples, plan.n_integrated
    t = np.linspace(0.0, plan.t_fall, n)
    rest = t[m:]
    with np.errstate(all="ignore"):
        rr = np.sqrt(np.maximum(r_squared(rest, launch.r0, launch.vr0, E), settings.r_min**2))
        rr = np.minimum(rr, partial.r[-1])
        rr[-1] = settings.r_min
        uu = 2 * E * rest + launch.r0 * launch.vr0  # r ṙ = ½ d(r²)/dt
        tau_law = np.asarray(sundman_time(np.append(t[m - 1], rest), launch.r0, launch.vr0, E), dtype=float)
        tau_rest = partial.tau[-1] + (tau_law[1:] - tau_law[0])
    tau_rest = np.where(np.isfinite(tau_rest), tau_rest, np.nan)
    tau_rest = np.fmax.accumulate(np.append(partial.tau[-1], tau_rest))[1:]  # τ only grows; nan keeps the last value
    th = np.full(rest.shape, partial.theta[-1])
    ww = np.full(rest.shape, partial.omega[-1] * partial.r[-1] ** 2)
    head = np.vstack([partial.r, partial.theta, partial.r * partial.vr, partial.omega * partial.r**2, t[:m]])
    states = np.hstack([head, np.vstack([rr, th, uu, ww, rest])])
    message = (
        f"fell into the dipole at t = {plan.t_fall:.6g}: below r = {partial.r[-1]:.3g} the angle swings faster than the "
        f"samples can show, so the last {n - m} samples follow the exact law r² = 2E t² + 2 r₀ṙ₀ t + r₀² (θ held)"
    )
    return _trajectory(model, launch, partial.k, settings, "r_min", plan.t_fall, states, np.append(partial.tau, tau_rest), p,
                       message, partial.params)


def _uniform_in_t(sol, tau_end, y_end, t_end, samples):
    """States at t = linspace(0, t_end, samples), found by Newton's method on t(τ), dt/dτ = r²."""
    t_grid = np.linspace(0.0, t_end, samples)
    nodes_tau = np.append(sol.t[sol.t < tau_end], tau_end)
    nodes_t = np.append(sol.y[4][: len(nodes_tau) - 1], t_end)
    nodes_t = np.maximum.accumulate(nodes_t)
    j = np.clip(np.searchsorted(nodes_t, t_grid, side="right") - 1, 0, len(nodes_t) - 2)
    lo_tau, hi_tau = nodes_tau[j], nodes_tau[j + 1]
    lo_t, hi_t = nodes_t[j], nodes_t[j + 1]
    span = np.where(hi_t > lo_t, hi_t - lo_t, 1.0)
    tau = lo_tau + (hi_tau - lo_tau) * np.clip((t_grid - lo_t) / span, 0.0, 1.0)
    if sol.sol is not None and len(sol.t) > 1:
        for _ in range(6):
            y = sol.sol(tau)
            step = (y[4] - t_grid) / np.maximum(y[0] ** 2, 1e-300)
            tau = np.clip(tau - step, lo_tau, hi_tau)
        states = sol.sol(tau)
    else:
        states = np.repeat(np.asarray(sol.y[:, :1]), samples, axis=1)
    states[:, 0] = sol.y[:, 0]
    tau[0] = 0.0
    states[:, -1] = y_end
    tau[-1] = tau_end
    states[4] = t_grid
    return states, tau


def _trajectory(model, launch, k, settings, stop_reason, t_end, states, taus, p, message, params):
    rr, th, uu, ww, tt = states
    vr = uu / rr
    omega = ww / rr**2
    c, s = np.cos(th), np.sin(th)
    energy = np.broadcast_to(model.energy(rr, th, vr, omega, *p), rr.shape).astype(float)
    if model.C is not None:
        C = np.broadcast_to(model.C(rr, th, vr, omega, *p), rr.shape).astype(float)
    else:
        C = np.full_like(rr, np.nan)
    return Trajectory(
        launch=launch,
        k=float(k),
        settings=settings,
        stop_reason=stop_reason,
        t_end=t_end,
        t=tt,
        x=rr * c,
        y=rr * s,
        vx=vr * c - rr * omega * s,
        vy=vr * s + rr * omega * c,
        r=rr,
        theta=th,
        vr=vr,
        omega=omega,
        energy=energy,
        C=C,
        tau=taus,
        message=message,
        params=dict(params or {}),
    )


def invariants(launch: LaunchState, k: float, model=None, params: dict | None = None) -> tuple[float, float]:
    """(E, C) at the start of a launch, from the model's generated functions (C is nan if absent)."""
    model = _model(model)
    p = param_values(model, k, params)
    args = (launch.r0, launch.theta0, launch.vr0, launch.omega0, *p)
    E = float(model.energy(*args))
    C = float(model.C(*args)) if model.C is not None else math.nan
    return E, C
