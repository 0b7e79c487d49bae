"""Closed-form motion of a unit charge near a point dipole (see PHYSICS.md).

U = −k cos θ / r² is homogeneous of degree −2, so d²(r²)/dt² = 4E and
r(t)² = 2E t² + 2 r₀ ṙ₀ t + r₀². In the Sundman time τ (dτ = dt / r²) the angle is a plane
pendulum, d²θ/dτ² = −k sin θ, whose energy is C = ½(r²θ̇)² − k cos θ; the discriminant of the
quadratic is −8C. C > 0: escapes; C < 0: falls in at the smallest positive root of r², or escapes
if there is none; C = 0: the marginal case. Every E < 0 launch falls in.

E = 0 with C < 0 is a separatrix too: r² = r₀² + 2 r₀ ṙ₀ t is linear, so moving out the charge escapes
(as r ∝ √t) while the least negative E would bring it back in at t ~ 1/|E|. An E or C that is zero
within rounding (rounds_to_zero) is therefore treated as exactly zero, here and on the regime map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from physics.launch import LaunchState

FALLS, ESCAPES, MARGINAL = "falls", "escapes", "marginal"
TOLERANCE = 1e-12  # relative to the size of the terms of E and C: what "zero within rounding" means


def rounds_to_zero(c: float, e: float, tolerance: float = TOLERANCE) -> tuple[bool, bool]:
    """Whether C and E are zero within rounding, from the map's numbers c = C/|k| and e = E r₀²/|k|.

    C = ½w² − k cos θ has terms of size at most |C| + |k|, and E r₀² = ½(r₀ṙ₀)² + ½w² − k cos θ has terms of
    size at most max(½(r₀ṙ₀)², |C|, |k|), with ½(r₀ṙ₀)² = (e − c)|k|. physics.regime.region_of and classify
    both ask here, so the regime map and the prediction agree point for point.
    """
    c_zero = abs(c) <= tolerance
    e_zero = abs(e) <= tolerance * max(e - c, abs(c), 1.0)
    return c_zero, e_zero


def r_squared(t, r0: float, vr0: float, E: float):
    """r(t)² = 2E t² + 2 r₀ ṙ₀ t + r₀², exact for any launch in a point-dipole field."""
    t = np.asarray(t, dtype=float)
    return 2.0 * E * t**2 + 2.0 * r0 * vr0 * t + r0**2


def fall_time(r0: float, vr0: float, E: float) -> float | None:
    """The time t* > 0 at which r reaches 0, or None if it never does."""
    return time_to_radius(0.0, r0, vr0, E)


def time_to_radius(radius: float, r0: float, vr0: float, E: float) -> float | None:
    """The first t > 0 at which r(t) = radius, or None."""
    a, b, c = 2.0 * E, 2.0 * r0 * vr0, r0**2 - radius**2
    if a == 0.0:
        if b == 0:
            return None
        x = -c / b
        return x if x > 0 else None
    disc = b * b - 4 * a * c
    if disc < 0:
        return None
    sq = math.sqrt(disc)
    q = -0.5 * (b + math.copysign(sq, b))
    roots = [q / a] + ([c / q] if q != 0 else [])
    positive = [x for x in roots if x > 0]
    return min(positive) if positive else None


@dataclass(frozen=True)
class Fate:
    """What a launch will do, known before integrating."""

    kind: str  # "falls", "escapes" or "marginal"
    E: float
    C: float
    fall_time: float | None  # t*, when it falls in
    closest_approach: float | None  # the smallest r on t ≥ 0, when it escapes
    swing: str  # "libration", "rotation", "separatrix" or "free": the pendulum's motion in τ
    zero: str = "C"  # for a marginal launch, the invariant that is zero: "C", or "E" (with C < 0)

    def describe(self) -> str:
        if self.kind == FALLS:
            return f"falls into the dipole at t = {self.fall_time:.6g}"
        if self.kind == ESCAPES:
            return f"escapes, closest approach r = {self.closest_approach:.6g}"
        if self.zero == "E":
            return "marginal (E = 0, C < 0): r² grows linearly, escapes as r ∝ √t"
        if self.fall_time is not None:
            return f"marginal (C = 0): reaches the dipole at t = {self.fall_time:.6g}"
        if self.E == 0:
            return "marginal (C = 0): swings on a circle of constant r"
        return "marginal (C = 0): escapes"


def classify(launch: LaunchState, E: float, C: float, k: float, tolerance: float = TOLERANCE) -> Fate:
    """Classify a launch from its invariants E, C and its initial radial velocity.

    E and C that are zero within rounding (rounds_to_zero) count as zero: C = 0 is marginal, and so is
    E = 0 with C < 0 moving out (moving in, r² = r₀² + 2 r₀ ṙ₀ t reaches 0 and the charge falls in).
    """
    r0, vr0 = launch.r0, launch.vr0
    swing = pendulum_regime(C, k)
    scale = abs(k) if k != 0 else max(abs(C), abs(E) * r0**2, 1e-300)
    c_zero, e_zero = rounds_to_zero(C / scale, E * r0**2 / scale, tolerance)
    if e_zero:
        E = 0.0
    if c_zero:
        # C = 0 makes r² a perfect square (or constant when E = 0 and ṙ₀ = 0)
        # the double root of r² = 2E (t − t₀)², or the single root of r₀² + 2 r₀ ṙ₀ t when E = 0
        t_star = None
        if vr0 < 0:
            t_star = -r0 / (2 * vr0) if E == 0 else -r0 * vr0 / (2 * E)
        return Fate(MARGINAL, E, C, t_star, None if t_star else r0, swing)
    t_star = fall_time(r0, vr0, E)
    if C < 0 and t_star is not None:
        return Fate(FALLS, E, C, t_star, None, swing)
    if C < 0 and E == 0:
        return Fate(MARGINAL, E, C, None, r0, swing, zero="E")
    if vr0 >= 0 or E <= 0:
        closest = r0
    else:
        closest = math.sqrt(max(C / E, 0.0)) if C > 0 else r0
        if C < 0:
            closest = r0
    return Fate(ESCAPES, E, C, None, closest, swing)


def pendulum_regime(C: float, k: float) -> str:
    """Libration (C < |k|) or rotation (C > |k|) of the angle in Sundman time."""
    if k == 0:
        return "free"
    if math.isclose(C, abs(k), rel_tol=1e-12):
        return "separatrix"
    return "libration" if abs(k) > C else "rotation"


def sundman_time(t, r0: float, vr0: float, E: float):
    """τ(t) = ∫₀ᵗ ds / (2E s² + 2 r₀ ṙ₀ s + r₀²), in closed form (arctan or log)."""
    t = np.asarray(t, dtype=float)
    a, b, c = 2.0 * E, 2.0 * r0 * vr0, r0**2
    D = b * b - 4 * a * c  # −8C r₀² … the discriminant, sign of −C
    # written without differences of nearly equal logs or arctans, so E ≈ 0 and C ≈ 0 stay accurate
    den = 2 * c + b * t
    if D < 0:
        s = math.sqrt(-D)
        return 2.0 / s * np.arctan2(s * t, den)
    if D == 0:
        return t / (c + b * t / 2)
    s = math.sqrt(D)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 2.0 / s * np.arctanh(s * t / den)


def pendulum_angle(tau, theta0: float, w0: float, k: float):
    """θ(τ) of the pendulum d²θ/dτ² = −k sin θ from θ(0) = θ₀, dθ/dτ(0) = w₀, by Jacobi elliptic functions."""
    return pendulum_state(tau, theta0, w0, k)[0]


def pendulum_state(tau, theta0: float, w0: float, k: float):
    """(θ(τ), w(τ) = dθ/dτ) of the pendulum d²θ/dτ² = −k sin θ from θ(0) = θ₀, w(0) = w₀, by Jacobi elliptic functions."""
    from scipy.special import ellipj, ellipk, ellipkinc  # on first use: the window starts without importing scipy

    tau = np.asarray(tau, dtype=float)
    if k == 0:
        return theta0 + w0 * tau, np.full_like(tau, w0)
    shift = 0.0
    if k < 0:
        # θ = ϑ + π turns the k < 0 pendulum into a k > 0 one about the other end of the axis
        shift, theta0, k = math.pi, theta0 - math.pi, -k
    turns = 2 * math.pi * round(theta0 / (2 * math.pi))
    th0 = theta0 - turns
    C = 0.5 * w0 * w0 - k * math.cos(th0)
    h = (C + k) / (2 * k)
    root_k = math.sqrt(k)
    if abs(h - 1) <= 1e-14:
        # on the separatrix: sin(θ/2) = tanh(±√k τ + u₀); at the upright equilibrium θ stays put
        half = math.sin(th0 / 2)
        if abs(math.cos(th0 / 2)) < 1e-12:
            return np.full_like(tau, theta0 + shift), np.zeros_like(tau)
        sign = 1.0 if w0 >= 0 else -1.0
        x = sign * root_k * tau + math.atanh(half)
        return 2 * np.arcsin(np.tanh(x)) + turns + shift, 2 * sign * root_k / np.cosh(x)
    if h < 1:
        m = h
        if m <= 0:
            return np.full_like(tau, theta0 + shift), np.zeros_like(tau)
        amp = math.atan2(math.sin(th0 / 2) / math.sqrt(m), w0 / (2 * math.sqrt(k * m)))
        u0 = ellipkinc(amp, m) if abs(amp) <= math.pi / 2 else math.copysign(2 * ellipk(m), amp) - ellipkinc(math.copysign(math.pi, amp) - amp, m)
        sn, cn, _, _ = ellipj(u0 + root_k * tau, m)
        # θ = 2 arcsin(√m sn u), so dθ/dτ = 2√(k m) cn u
        return 2 * np.arcsin(np.clip(math.sqrt(m) * sn, -1, 1)) + turns + shift, 2 * math.sqrt(k * m) * cn
    m = 1.0 / h
    sign = 1.0 if w0 >= 0 else -1.0
    u0 = ellipkinc(sign * th0 / 2, m)
    _, _, dn, ph = ellipj(u0 + math.sqrt(k * h) * tau, m)
    # θ = ±2 am u, so dθ/dτ = ±2√(k h) dn u
    return sign * 2 * ph + turns + shift, sign * 2 * math.sqrt(k * h) * dn


def exact_trajectory(t, launch: LaunchState, k: float, E: float):
    """Exact (x, y, r, θ) at times t before the fall: r from the quadratic, θ from the pendulum in τ."""
    r2 = r_squared(t, launch.r0, launch.vr0, E)
    rr = np.sqrt(np.maximum(r2, 0.0))
    tau = sundman_time(t, launch.r0, launch.vr0, E)
    th = pendulum_angle(tau, launch.theta0, launch.r0**2 * launch.omega0, k)
    return rr * np.cos(th), rr * np.sin(th), rr, th


def swing_period(r0: float, k: float, amplitude: float = math.pi / 2) -> float:
    """Period in t of the release from rest at θ₀ = ±amplitude on the circle r = r₀: 4K(m) r₀² / √|k|."""
    from scipy.special import ellipk

    m = math.sin(amplitude / 2) ** 2
    return 4 * float(ellipk(m)) * r0**2 / math.sqrt(abs(k))
