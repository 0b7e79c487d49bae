"""Integration of a charge in space near a point dipole, in Sundman time, and its exact fate.

The state is (r, n, u, m, t): n = x/r the unit direction, u = r ṙ, m = dn/dτ = r² ṅ (see equations.py for the
right-hand side sympy generates; it is regular on the axis and at r = 0). Conserved: E = ½ṙ² + ½|m|²/r² − k n_x/r²,
C = ½|m|² − k n_x (|L| = |r × v| = |m|) and L_axis = (n × m)_x = y v_z − z v_y.

The radial motion is the plane's with |L| in place of r²θ̇: E = ½ṙ² + C/r², so r² = 2E t² + 2 r₀ṙ₀ t + r₀² and the
fate follows from E, C and ṙ₀ by the plane's rule (physics.exact.classify). L_axis bounds C from below:
C ≥ C_min(L_axis) = min over θ of L_axis²/(2 sin²θ) − k cos θ, so a launch with C_min > 0 escapes whatever ṙ₀.
As in the plane, a fall swings the direction infinitely often in a finite t: at most MAX_SWINGS swings are
integrated and the rest of the samples follow the exact r² law with the direction held.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from physics import pace
from physics.exact import Fate, classify, r_squared, sundman_time, time_to_radius
from physics.integration import contract
from physics.integration.contract import IntegrationSettings
from physics.integration.fall import MAX_SWINGS
from physics.launch import LaunchState
from physics.space.launch import SpaceLaunch

COLUMNS = ("t", "x", "y", "z", "vx", "vy", "vz", "r", "vr", "energy", "C", "L_axis")
STATE = ("r", "n1", "n2", "n3", "u", "m1", "m2", "m3", "t")
RTOL_FACTOR = 0.01
WINDING = "winding"  # the swing of a launch with L_axis ≠ 0: the direction turns around the axis


@dataclass(frozen=True, eq=False)
class SpaceTrajectory:
    """Samples of one launch in space, uniform in t from 0 to t_end (the last one exactly at the stop)."""

    launch: SpaceLaunch
    k: float
    settings: IntegrationSettings
    stop_reason: str
    t_end: float
    t: np.ndarray
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    vx: np.ndarray
    vy: np.ndarray
    vz: np.ndarray
    r: np.ndarray
    vr: np.ndarray
    energy: np.ndarray
    C: np.ndarray
    L_axis: np.ndarray
    tau: np.ndarray  # Sundman time at each sample
    message: str = ""

    @property
    def columns(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name) for name in COLUMNS}

    @property
    def direction(self) -> np.ndarray:
        """The unit direction n = x / r at each sample, shape (3, samples): the spherical pendulum's bob."""
        return np.vstack([self.x, self.y, self.z]) / self.r


def invariants(launch: SpaceLaunch, k: float) -> tuple[float, float, float]:
    """(E, C, L_axis) at the launch, from the functions sympy's derivation gives."""
    from physics.space.equations import space_model

    model = space_model()
    r0, vr0 = launch.r0, launch.vr0
    L = math.sqrt(sum(c * c for c in launch.angular_momentum))
    theta0 = math.atan2(math.hypot(launch.y0, launch.z0), launch.x0)
    # T depends on θ̇ and sinθ φ̇ only through θ̇² + sin²θ φ̇² = |L|²/r⁴: the angular speed stands for both
    args = (r0, theta0, 0.0, vr0, L / r0**2, 0.0, k)
    return float(model.energy(*args)), float(model.C(*args)), launch.L_axis


def c_min(L_axis: float, k: float) -> float:
    """The least C a launch with this L_axis can have: min over θ of L_axis²/(2 sin²θ) − k cos θ."""
    if L_axis == 0.0:
        return -abs(k)
    # on c = cos θ ∈ (−1, 1): g(c) = L²/(2(1 − c²)) − k c is convex; g'(c) = L² c/(1 − c²)² − k = 0, bisection
    lo, hi = -1.0, 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if L_axis**2 * mid / (1 - mid * mid) ** 2 - k > 0:
            hi = mid
        else:
            lo = mid
    c = 0.5 * (lo + hi)
    return L_axis**2 / (2 * (1 - c * c)) - k * c


def classify_space(launch: SpaceLaunch, k: float, E: float | None = None, C: float | None = None) -> Fate:
    """The exact fate: the plane's rule on E, C, ṙ₀ (the radial motion is the plane's with |L| for r²θ̇)."""
    if E is None or C is None:
        E, C, _ = invariants(launch, k)
    L = math.sqrt(sum(c * c for c in launch.angular_momentum))
    radial = LaunchState(launch.r0, 0.0, launch.vr0, L / launch.r0**2)
    fate = classify(radial, E, C, k)
    if launch.L_axis != 0.0:
        fate = replace(fate, swing=WINDING)
    return fate


def simulate_space(launch: SpaceLaunch, k: float, settings: IntegrationSettings | None = None) -> SpaceTrajectory:
    """Integrate one launch in space until t_max, or until r reaches r_min (falls in) or r_max (escapes)."""
    settings = settings or IntegrationSettings()
    contract.check_k(k)
    if problem := contract.r0_problem(launch.r0, settings.r_min, settings.r_max):
        raise ValueError(problem)
    E, C, _ = invariants(launch, k)
    t_fall, n_integrated = _plan_fall(launch, k, E, C, settings)
    if n_integrated is None:
        return _integrate(launch, k, settings)
    t_switch = t_fall * (n_integrated - 1) / (settings.samples - 1)
    partial = _integrate(launch, k, replace(settings, t_max=t_switch, samples=n_integrated))
    if partial.stop_reason != "t_max":
        return replace(partial, settings=settings)
    return _complete_fall(partial, t_fall, E, settings)


def _plan_fall(launch, k, E, C, settings) -> tuple[float | None, int | None]:
    """(t_fall, samples to integrate) when the fall to r_min would swing more than MAX_SWINGS times, else (t_fall, None)."""
    r0, vr0 = launch.r0, launch.vr0
    L2 = sum(c * c for c in launch.angular_momentum)
    if abs(C) <= 1e-12 * max(abs(C), L2, abs(k), 1e-300):
        # C = 0: r² = 2E (t − t₀)², heading straight in when moving inwards
        t_fall = None
        if E > 0 and vr0 < 0:
            t_fall = -r0 * vr0 / (2 * E) - settings.r_min / math.sqrt(2 * E)
            t_fall = t_fall if t_fall > 0 else None
    else:
        t_fall = time_to_radius(settings.r_min, r0, vr0, E)
    if t_fall is None or not 0.0 < t_fall <= settings.t_max:
        return None, None
    n = settings.samples
    grid = np.linspace(0.0, t_fall, n)
    with np.errstate(all="ignore"):
        tau = np.asarray(sundman_time(grid, r0, vr0, E), dtype=float)
    # the direction's angular speed in τ is |m| = √(2(C + k n_x)) ≤ √(2|C| + 2|k|), its swings no faster
    phase = math.sqrt(2 * abs(C) + 4 * abs(k)) * tau
    too_far = ~(phase <= 2 * math.pi * MAX_SWINGS)
    too_far[-1] = True  # the closed form loses its digits at the fall itself
    first = int(np.argmax(too_far))
    if first >= n - 1:
        return t_fall, None
    return t_fall, max(first, 2)


def _complete_fall(partial: SpaceTrajectory, t_fall: float, E: float, settings: IntegrationSettings) -> SpaceTrajectory:
    """partial's samples, then the exact r² law to r_min at t_fall with the direction and m held."""
    launch, m = partial.launch, len(partial.t)
    t = np.linspace(0.0, t_fall, settings.samples)
    rest = t[m:]
    with np.errstate(all="ignore"):
        rr = np.sqrt(np.maximum(r_squared(rest, launch.r0, launch.vr0, E), settings.r_min**2))
        rr = np.minimum(rr, partial.r[-1])
        rr[-1] = settings.r_min
        tau_law = np.asarray(sundman_time(np.append(t[m - 1], rest), launch.r0, launch.vr0, E), dtype=float)
    tau_rest = partial.tau[-1] + (tau_law[1:] - tau_law[0])
    tau_rest = np.fmax.accumulate(np.append(partial.tau[-1], np.where(np.isfinite(tau_rest), tau_rest, np.nan)))[1:]
    n_last = partial.direction[:, -1]
    m_last = partial.r[-1] * (np.array([partial.vx[-1], partial.vy[-1], partial.vz[-1]]) - partial.vr[-1] * n_last)
    count = len(rest)
    states = np.vstack([rr, np.repeat(n_last[:, None], count, 1), 2 * E * rest + launch.r0 * launch.vr0,
                        np.repeat(m_last[:, None], count, 1), rest])
    tail = _columns(states, partial.k)
    columns = {name: np.concatenate([getattr(partial, name), tail[name]]) for name in COLUMNS}
    columns["t"] = t
    message = (f"fell into the dipole at t = {t_fall:.6g}: below r = {partial.r[-1]:.3g} the direction turns faster than the "
               f"samples can show, so the last {count} samples follow the exact law r² = 2E t² + 2 r₀ṙ₀ t + r₀² (direction held)")
    return SpaceTrajectory(launch, partial.k, settings, "r_min", t_fall, **columns,
                           tau=np.append(partial.tau, tau_rest), message=message)


def initial_state(launch: SpaceLaunch) -> np.ndarray:
    """(r, n, u = r ṙ, m = r² ṅ = r v − u n, t = 0) at the launch."""
    r0 = launch.r0
    n = np.array(launch.position) / r0
    u0 = float(np.dot(launch.position, launch.velocity))
    m = r0 * np.array(launch.velocity) - u0 * n
    return np.array([r0, *n, u0, *m, 0.0])


def _columns(states: np.ndarray, k: float) -> dict[str, np.ndarray]:
    """The COLUMNS from states (r, n, u, m, t) of shape (9, samples)."""
    rr, n, uu, m, t = states[0], states[1:4], states[4], states[5:8], states[8]
    # back onto |n| = 1, n · m = 0, which the integration keeps only to its tolerance (a projection method)
    n = n / np.sqrt(np.sum(n * n, axis=0))
    m = m - np.sum(n * m, axis=0) * n
    vr = uu / rr
    v = vr * n + m / rr
    m2 = np.sum(m * m, axis=0)
    energy = 0.5 * vr**2 + 0.5 * m2 / rr**2 - k * n[0] / rr**2
    C = 0.5 * m2 - k * n[0]
    L_axis = n[1] * m[2] - n[2] * m[1]
    pos = rr * n
    return dict(zip(COLUMNS, (t, pos[0], pos[1], pos[2], v[0], v[1], v[2], rr, vr, energy, C, L_axis)))


class _Budget(Exception):
    """Raised inside solve_ivp when a run has used its evaluations."""


def _integrate(launch: SpaceLaunch, k: float, settings: IntegrationSettings) -> SpaceTrajectory:
    from scipy.integrate import solve_ivp

    from physics.space.equations import space_model

    sundman = space_model().sundman
    evaluations = [0]
    last_good = [0.0]

    def rhs(tau, y):
        evaluations[0] += 1
        pace.pause()  # the window's draw goes first (physics/pace.py)
        if evaluations[0] > contract.MAX_RHS_EVALUATIONS:
            raise _Budget
        derivative = sundman(y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7], k)
        return (*derivative, y[0] * y[0])

    def hit_r_min(tau, y):
        last_good[0] = max(last_good[0], tau)
        return y[0] - settings.r_min

    def hit_r_max(tau, y):
        return y[0] - settings.r_max

    def hit_t_max(tau, y):
        return y[8] - settings.t_max

    for event, direction in ((hit_r_min, -1), (hit_r_max, 1), (hit_t_max, 1)):
        event.terminal, event.direction = True, direction
    y0 = initial_state(launch)
    span = (0.0, settings.tau_bound)
    # the samples come from the dense output of a state whose direction swings up to MAX_SWINGS times: stepping at a
    # hundredth of rtol keeps E, C and L_axis within 1e-9 of their terms at the default rtol = 1e-10 (1.5e-9 at rtol
    # itself on the seeded launches of the tests; the end of a near-marginal fall still drifts to ~1e-9, a floor that
    # does not shrink with rtol: |n| = 1 and n · m = 0 hold only to the integration's error, see _columns)
    rtol = max(settings.rtol * RTOL_FACTOR, 100 * contract.EPS)
    options = dict(method=settings.method, rtol=rtol, atol=settings.atol, events=(hit_r_min, hit_r_max, hit_t_max),
                   dense_output=True)
    message = ""
    with np.errstate(all="ignore"):
        try:
            sol = solve_ivp(rhs, span, y0, **options)
        except _Budget:
            evaluations[0] = 0
            sol = solve_ivp(rhs, (0.0, last_good[0]), y0, **options) if last_good[0] > 0 else None
            message = f"stopped after {contract.MAX_RHS_EVALUATIONS} evaluations: the path is kept up to there"
    if sol is None or len(sol.t) < 2:
        states = np.repeat(y0[:, None], settings.samples, axis=1)
        return _trajectory(launch, k, settings, "failed", 0.0, states, np.zeros(settings.samples),
                           message or "nothing could be integrated")
    stop_reason, tau_end, y_end = "failed" if message else "t_max", float(sol.t[-1]), sol.y[:, -1].copy()
    if not message and sol.status == 1:
        which = next(i for i, times in enumerate(sol.t_events) if len(times))
        tau_end, y_end = float(sol.t_events[which][0]), sol.y_events[which][0].copy()
        stop_reason = ("r_min", "r_max", "t_max")[which]
        earlier = sol.t[sol.t < tau_end]
        if len(earlier):
            # the event's state is interpolated (the dense output's error is ~30x the steps'): step to it instead
            start = len(earlier) - 1
            options_plain = {key: value for key, value in options.items() if key not in ("events", "dense_output")}
            with np.errstate(all="ignore"):
                last = solve_ivp(rhs, (float(sol.t[start]), tau_end), sol.y[:, start], **options_plain)
            if last.success and np.all(np.isfinite(last.y[:, -1])):
                y_end = last.y[:, -1].copy()
    elif not message and sol.status != 0:
        message = f"the integrator stopped at t = {float(y_end[8]):.6g}: {sol.message}"
        stop_reason = "failed"
    if stop_reason == "t_max":
        y_end[8] = settings.t_max
    elif stop_reason == "r_min":
        y_end[0] = settings.r_min
    elif stop_reason == "r_max":
        y_end[0] = settings.r_max
    t_end = float(y_end[8])
    states, taus = _uniform_in_t(sol, tau_end, y_end, t_end, settings.samples)
    return _trajectory(launch, k, settings, stop_reason, t_end, states, taus, message)


def _trajectory(launch, k, settings, stop_reason, t_end, states, taus, message) -> SpaceTrajectory:
    return SpaceTrajectory(launch, float(k), settings, stop_reason, t_end, **_columns(states, k), tau=taus, message=message)


def _uniform_in_t(sol, tau_end, y_end, t_end, samples):
    """States at t = linspace(0, t_end, samples), by Newton's method on t(τ) (dt/dτ = r²) in the dense output."""
    t_grid = np.linspace(0.0, t_end, samples)
    nodes_tau = np.append(sol.t[sol.t < tau_end], tau_end)
    nodes_t = np.maximum.accumulate(np.append(sol.y[8][: len(nodes_tau) - 1], t_end))
    j = np.clip(np.searchsorted(nodes_t, t_grid, side="right") - 1, 0, len(nodes_t) - 2)
    lo_tau, hi_tau, lo_t, hi_t = nodes_tau[j], nodes_tau[j + 1], nodes_t[j], nodes_t[j + 1]
    span = np.where(hi_t > lo_t, hi_t - lo_t, 1.0)
    tau = lo_tau + (hi_tau - lo_tau) * np.clip((t_grid - lo_t) / span, 0.0, 1.0)
    for _ in range(6):
        y = sol.sol(tau)
        tau = np.clip(tau - (y[8] - t_grid) / np.maximum(y[0] ** 2, 1e-300), lo_tau, hi_tau)
    states = sol.sol(tau)
    states[:, 0], states[:, -1] = sol.y[:, 0], y_end
    tau[0], tau[-1] = 0.0, tau_end
    states[8] = t_grid
    return states, tau
