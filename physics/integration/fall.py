"""The end of a fall into the dipole, taken from the exact r² law instead of being integrated.

With the usual T and a U homogeneous of degree −2 (the point dipole), d²(r²)/dt² = 4E, so
r² = 2E t² + 2 r₀ṙ₀ t + r₀² and the time of the fall to r_min is known before integrating. On the way
in the angle swings infinitely often in a finite t; every engine integrates at most MAX_SWINGS of
those swings (plan_fall) and completes the rest from the law (complete_fall). For the point dipole the
angle of the rest is exact too: τ from r² in closed form, then the pendulum d²θ/dτ² = −k sin θ by
Jacobi elliptic functions (physics.exact.pendulum_state), so every sample lies on the true path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from physics.integration.contract import IntegrationSettings, Trajectory, trajectory_from_states
from physics.launch import LaunchState


@dataclass(frozen=True)
class FallPlan:
    """A fall whose last part is taken from the exact law r² = 2E t² + 2 r₀ṙ₀ t + r₀² instead of being integrated.

    With the usual T and U homogeneous of degree −2 (the point dipole), d²(r²)/dt² = 4E, so the time of
    the fall to r_min is known in advance. On the way in the angle swings infinitely often in a finite
    t (τ grows like log(1/r), or like 1/r when C = 0), and the samples cannot show those swings anyway.
    So the first `n_integrated` samples of the final grid are integrated, and the rest follow the law:
    for the point dipole with θ from the exact pendulum, otherwise with θ and r²θ̇ held. The run ends at
    r_min at the exact time whatever r_min, and costs at most MAX_SWINGS swings of the angle.
    """

    t_fall: float
    n_integrated: int
    samples: int
    E: float
    C: float = math.nan

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
    return FallPlan(float(t_fall), n_integrated, n, E, C)


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
    from physics.exact import pendulum_state as exact_pendulum_state
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
        if 2 * E * t[m - 1] + launch.r0 * launch.vr0 < 0:
            rr = np.minimum(rr, partial.r[-1])  # moving in from the switch on: r only shrinks
        rr[-1] = settings.r_min
        uu = 2 * E * rest + launch.r0 * launch.vr0  # r ṙ = ½ d(r²)/dt
        tau_law = np.asarray(sundman_time(np.append(t[m - 1], rest), launch.r0, launch.vr0, E), dtype=float)
        tau_rest = partial.tau[-1] + (tau_law[1:] - tau_law[0])
    tau_rest = np.where(np.isfinite(tau_rest), tau_rest, np.nan)
    tau_rest = np.fmax.accumulate(np.append(partial.tau[-1], tau_rest))[1:]  # τ only grows; nan keeps the last value
    k = _pendulum_strength(model, p, partial.k)
    w_switch = partial.omega[-1] * partial.r[-1] ** 2
    if k is not None:
        # the point dipole: θ is the pendulum's in τ, from the launch (so the integration's error does not carry over)
        C = plan.C if math.isfinite(plan.C) else float(model.C(launch.r0, launch.theta0, launch.vr0, launch.omega0, *p))
        dtau = _tau_after(t[m - 1], rest, rr**2, launch, E, C)
        tau_rest = partial.tau[-1] + dtau
        tau_switch = float(sundman_time(t[m - 1], launch.r0, launch.vr0, E))
        th, ww = exact_pendulum_state(tau_switch + dtau, launch.theta0, launch.r0**2 * launch.omega0, k)
        held = ""
    else:
        th = np.full(rest.shape, partial.theta[-1])
        ww = np.full(rest.shape, w_switch)
        held = " (θ held)"
    head = np.vstack([partial.r, partial.theta, partial.r * partial.vr, partial.omega * partial.r**2, t[:m]])
    states = np.hstack([head, np.vstack([rr, th, uu, ww, rest])])
    message = (
        f"fell into the dipole at t = {plan.t_fall:.6g}: below r = {partial.r[-1]:.3g} the angle swings faster than the "
        f"samples can show, so the last {n - m} samples follow the exact law r² = 2E t² + 2 r₀ṙ₀ t + r₀²{held}"
        + ("" if held else " and the exact pendulum in τ")
    )
    return trajectory_from_states(model, launch, partial.k, settings, "r_min", plan.t_fall, states, np.append(partial.tau, tau_rest), p,
                       message, partial.params)


def _pendulum_strength(model, p, k: float) -> float | None:
    """k when the model's C is ½w² − k cos θ (the point dipole: θ is the pendulum d²θ/dτ² = −k sin θ), else None."""
    theta = np.linspace(-math.pi, math.pi, 37)
    with np.errstate(all="ignore"):
        f = np.broadcast_to(np.asarray(model.C(1.0, theta, 0.0, 0.0, *p), dtype=float), theta.shape)
    if np.allclose(f, -k * np.cos(theta), rtol=0.0, atol=1e-12 * max(abs(k), 1e-300)):
        return k
    return None


def _tau_after(t_switch: float, rest, R, launch: LaunchState, E: float, C: float):
    """τ from t_switch to each time of `rest` (where r² = R) on the way to the fall, accurate down to r_min.

    Moving in, τ comes from r² and r ṙ = 2E t + r₀ṙ₀ in closed form (_tau_inwards); a charge still moving out
    at the switch first reaches its largest r at t = −r₀ṙ₀ / 2E, to which τ(t) of physics.exact is accurate.
    """
    from physics.exact import r_squared, sundman_time

    rest = np.asarray(rest, dtype=float)
    s = np.abs(2 * E * rest + launch.r0 * launch.vr0)  # |r ṙ|, exact in t (from r², it would be a root of rounding near the turn)
    u_switch = 2 * E * t_switch + launch.r0 * launch.vr0
    if u_switch < 0 or E >= 0:
        return _tau_inwards(float(r_squared(t_switch, launch.r0, launch.vr0, E)), abs(u_switch), R, s, E, C)
    t_turn = -launch.r0 * launch.vr0 / (2 * E)
    tau_s, tau_turn = sundman_time(np.array([t_switch, t_turn]), launch.r0, launch.vr0, E)
    R_turn = float(r_squared(t_turn, launch.r0, launch.vr0, E))
    before = np.asarray(sundman_time(rest, launch.r0, launch.vr0, E), dtype=float) - tau_s
    after = (tau_turn - tau_s) + _tau_inwards(R_turn, 0.0, np.minimum(R, R_turn), s, E, C)
    return np.where(rest <= t_turn, before, after)


def _tau_inwards(R1: float, s1: float, R, s, E: float, C: float):
    """τ from r² = R1 down to r² = R on the way in: ∫ dR' / (2R' s) with s = |r ṙ| (s² = 2E R' − 2C), in closed form.

    With b = −2C > 0 and s² − b = 2E R: ∫ ds / (s² − b) = ln|(s − √b)/(s + √b)| / (2√b), and
    |s − √b| = 2|E| R / (s + √b) keeps every digit down to the smallest R. C ≥ 0 (a marginal fall) is read as
    C = 0, where s = √(2E R) and τ = 1/s − 1/s₁.
    """
    R, s = np.asarray(R, dtype=float), np.asarray(s, dtype=float)
    if C < 0:
        sb = math.sqrt(-2 * C)
        return (np.log(R1 / R) - 2 * np.log((s1 + sb) / (s + sb))) / (2 * sb)
    return 1 / s - 1 / s1
