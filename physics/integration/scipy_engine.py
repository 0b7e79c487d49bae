"""Integration of a launch with scipy's solve_ivp, in Sundman time.

With dτ = dt / r², u = r ṙ and w = r² θ̇, the point-dipole equations become regular at r = 0:
dr/dτ = r u, dθ/dτ = w, du/dτ = u² + w² − 2k cos θ, dw/dτ = −k sin θ (a plane pendulum),
dt/dτ = r². The right-hand side is generated from sympy's derivation (see physics/derivation.py) for
any potential; what the engines share is in contract.py. The fall into the dipole takes a finite t but an infinite τ, so the angle's
infinitely many swings on the way in cost a number of steps that grows only like log(1/r_min), except
near C = 0, where τ grows like 1/r: there the end of the fall is taken from the exact r² law (fall.py).
Samples are returned uniformly in t by inverting t(τ) on the dense output.

Where U is singular away from the origin too (a finite dipole's charges), the run is integrated in a
time s with dτ/ds = g(q), g vanishing like the squared distance to each such point (singular.py), with
τ carried as a sixth component: near those points the steps then follow the close pass as Sundman
time follows a fall into the origin. Without such points (the point dipole) nothing changes.
"""

from __future__ import annotations

import math

import numpy as np

from physics import pace
from physics.integration import contract
from physics.integration.contract import (
    IntegrationSettings,
    NumericModel,
    Trajectory,
    budget_message,
    check_k,
    check_launch,
    counts_towards_stall,
    initial_state,
    param_values,
    run_deadline,
    stall_message,
    trajectory_from_states,
)
from physics.integration.fall import complete_fall, plan_fall
from physics.integration.regularised import regularisation_for
from physics.integration.singular import TimeTransformation, time_transformation
from physics.launch import LaunchState
from physics.messages import one_line


def simulate(
    launch: LaunchState,
    k: float,
    settings: IntegrationSettings | None = None,
    model: NumericModel | None = None,
    params: dict | None = None,
) -> Trajectory:
    """Integrate one launch until t_max, or until r reaches r_min (falls in) or r_max (escapes)."""
    settings = settings or IntegrationSettings()
    model = _model(model)
    check_k(k)
    check_launch(launch, settings)
    p = param_values(model, k, params)
    plan = plan_fall(launch, k, settings, model, p)
    if plan is None:
        return _integrate(launch, k, settings, model, p, params)
    partial = _integrate(launch, k, plan.partial_settings(settings), model, p, params)
    return complete_fall(partial, plan, settings, model, p)


def _model(model: NumericModel | None) -> NumericModel:
    if model is None:
        # the point dipole's generated functions from the on-disk cache: no sympy at start-up
        from physics.integration.generated import default_model

        return default_model()
    return model


def invariants(launch: LaunchState, k: float, model: NumericModel | None = None, params: dict | None = None) -> tuple[float, float]:
    """(E, C) at the start of a launch, from the model's generated functions (C is nan if absent)."""
    model = _model(model)
    p = param_values(model, k, params)
    args = (launch.r0, launch.theta0, launch.vr0, launch.omega0, *p)
    E = float(model.energy(*args))
    C = float(model.C(*args)) if model.C is not None else math.nan
    return E, C


class _Abort(Exception):
    """Raised inside solve_ivp to stop it at once; the path up to the last accepted step is kept."""


def _integrate(launch, k, settings, model, p, params) -> Trajectory:
    from scipy.integrate import solve_ivp  # on first use: the window starts without importing scipy

    sundman = model.sundman
    transform = time_transformation(model, p)  # None: integrate in τ itself
    if transform is not None and (regularisation := regularisation_for(model)) is not None:
        return _integrate_regularised(launch, k, settings, model, p, params, transform, regularisation)
    evaluations = [0]
    limit = contract.MAX_RHS_EVALUATIONS
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
        pace.pause()  # the window's draw goes first (physics/pace.py)
        if evaluations[0] > limit or (evaluations[0] % 2000 == 0 and pace.clock() > deadline[0]):
            budget_tau[0] = min(budget_tau[0], tau)
            if evaluations[0] > 2 * limit + 1000 or pace.clock() > deadline[0] + contract.MAX_SECONDS:
                # no step was accepted since the budget ran out (a method stuck on nan): stop here
                raise _Abort(f"no progress after {evaluations[0]} evaluations")
        rr, th, uu, ww = y[0], y[1], y[2], y[3]
        try:
            dr, dth, du, dw = sundman(rr, th, uu, ww, *p)
        except Exception as exc:  # a user's potential may raise anywhere: end the run, keep the path
            raise _Abort(f"the right-hand side raised {type(exc).__name__}: {one_line(exc)}") from None
        if transform is None:
            return (dr, dth, du, dw, rr * rr)
        g = transform.scalar(float(rr), float(th))
        return (g * dr, g * dth, g * du, g * dw, g * rr * rr, g)

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
            if small_steps[0] >= contract.STALL_STEPS and budget_tau[0] == math.inf:
                stalled[0], budget_tau[0] = True, tau
            last_step[0] = tau
        return 1.0 if budget_tau[0] == math.inf else budget_tau[0] - tau

    for event, direction in ((hit_r_min, -1), (hit_r_max, 1), (hit_t_max, 1), (out_of_budget, -1)):
        event.terminal = True
        event.direction = direction

    y0 = initial_state(launch)
    tau_bound = settings.tau_bound
    if transform is not None:
        # s runs faster than τ near the singular points (g < 1), so no bound on τ bounds s: t_max, r_min,
        # r_max, the budget and the stall rule end the run
        y0, tau_bound = (*y0, 0.0), 1e300
    failure = ""
    with np.errstate(all="ignore"):
        try:
            sol = solve_ivp(rhs, (0.0, tau_bound), y0, method=settings.method, rtol=settings.rtol, atol=settings.atol,
                            events=(hit_r_min, hit_r_max, hit_t_max, out_of_budget), dense_output=True)
        except Exception as exc:  # the method itself raised (or _Abort): run again up to the last step it accepted
            failure = str(exc) if isinstance(exc, _Abort) else f"the {settings.method} method raised {type(exc).__name__}: {one_line(exc)}"
            sol = None
        if sol is not None and not np.all(np.isfinite(sol.y)):
            # LSODA carries on through nan: keep only the steps before the first non-finite one
            first_bad = int(np.argmax(~np.all(np.isfinite(sol.y), axis=0)))
            last_step[0] = float(sol.t[first_bad - 1]) if first_bad > 0 else 0.0
            failure = "the right-hand side gave nan or infinity"
            sol = None
        if sol is None and last_step[0] > 0:
            # the same steps again (the right-hand side and the method are deterministic), ending where the last one did
            evaluations[0], budget_tau[0], deadline[0] = 0, math.inf, pace.clock() + contract.MAX_SECONDS
            try:
                sol = solve_ivp(rhs, (0.0, last_step[0]), y0, method=settings.method, rtol=settings.rtol,
                                atol=settings.atol, events=(hit_r_min, hit_r_max, hit_t_max), dense_output=True)
            except Exception:
                sol = None
    if sol is None:
        # not one step was accepted: the path is the launch point
        y_end = np.asarray(y0, dtype=float)[:5]
        states = np.repeat(y_end[:, None], settings.samples, axis=1)
        message = f"{failure} at t = 0: nothing could be integrated"
        return trajectory_from_states(model, launch, k, settings, "failed", 0.0, states, np.zeros(settings.samples), p, message, None)
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
            message = stall_message(float(y_end[0]), float(y_end[1]), float(y_end[4]))
        elif which == 3:
            message = budget_message(float(y_end[4]), float(y_end[0]), evaluations[0], limit, timed=True)
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
    states, taus = _uniform_in_t(sol, tau_end, y_end, t_end, settings.samples, transform)
    if transform is not None:
        states, taus = states[:5], states[5]  # the sixth component is τ; `taus` were values of s
    return trajectory_from_states(model, launch, k, settings, stop_reason, t_end, states, taus, p, message, params)


def _uniform_in_t(sol, tau_end, y_end, t_end, samples, transform=None):
    """States at t = linspace(0, t_end, samples), found by Newton's method on t(τ), dt/dτ = r² (r² g in s)."""
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
            rate = y[0] ** 2 if transform is None else y[0] ** 2 * transform(y[0], y[1])
            step = (y[4] - t_grid) / np.maximum(rate, 1e-300)
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


def _integrate_regularised(launch, k, settings, model, p, params, transform, regularisation) -> Trajectory:
    """A run past Coulomb points off the origin, in Levi-Civita coordinates near each (regularised.py)."""
    from physics.integration import regularised

    centres = np.array([[float(v) for v in point.where(*p)] for point in regularisation.points]).reshape(-1, 2)
    others = [q for q in transform.points if not np.any(np.hypot(*(centres - q).T) <= 1e-12 * max(1.0, float(np.hypot(*q))))]
    rest = TimeTransformation(np.array(others)) if others else None
    pieces, stop_reason, message = regularised.integrate(model.sundman, rest, regularisation, p, initial_state(launch), settings)
    if not pieces:
        y0 = np.asarray(initial_state(launch), dtype=float)
        states = np.repeat(y0[:, None], settings.samples, axis=1)
        message = f"{message} at t = 0: nothing could be integrated"
        return trajectory_from_states(model, launch, k, settings, "failed", 0.0, states, np.zeros(settings.samples), p, message, None)
    states, t_end = regularised.sample(pieces, stop_reason, settings, rest)
    if stop_reason == "failed" and message and " at t = " not in message:
        message = f"{message} at t = {t_end:.6g}, r = {float(states[0, -1]):.3g}: the path is kept up to there"
    return trajectory_from_states(model, launch, k, settings, stop_reason, t_end, states[:5], states[5], p, message, params)
