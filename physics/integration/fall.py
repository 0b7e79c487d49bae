"""The end of a fall into the dipole, taken from the exact r² law instead of being integrated.

With the usual T and a U homogeneous of degree −2 (the point dipole), d²(r²)/dt² = 4E, so
r² = 2E t² + 2 r₀ṙ₀ t + r₀² and the time of the fall to r_min is known before integrating. On the way
in the angle swings infinitely often in a finite t; every engine integrates at most MAX_SWINGS of
those swings (plan_fall) and completes the rest from the law (complete_fall).
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
    return trajectory_from_states(model, launch, partial.k, settings, "r_min", plan.t_fall, states, np.append(partial.tau, tau_rest), p,
                       message, partial.params)
