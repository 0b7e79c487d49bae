"""The fate of a point-dipole launch as a point in the plane of two dimensionless numbers.

With U = −k cos θ / r², a launch's fate depends only on c = C / |k| and e = E r₀² / |k| (and, in
one region, on the sign of ṙ₀). Because E r₀² = ½ (r₀ ṙ₀)² + C, every launch has e ≥ c, with e = c
exactly when ṙ₀ = 0. The separatrices are
    c = 0   (C = 0): falling in | escaping           c = 1   (C = |k|): libration | rotation of θ in τ
and for c < 0 the line e = 0 separates "always falls" (E < 0) from "falls when moving inwards,
escapes when moving outwards" (E > 0). On the separatrices c = 0, and e = 0 moving out, the launch is
marginal (region MARGINAL): a c or e that is zero within rounding (physics.exact.rounds_to_zero) is on
them. This matches physics.exact.classify point for point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from physics.exact import ESCAPES, FALLS, MARGINAL, TOLERANCE, Fate, classify, pendulum_regime, rounds_to_zero
from physics.launch import LaunchState
from physics.outcome import integrated_outcome

FALL_SEPARATRIX = 0.0  # C = 0
SWING_SEPARATRIX = 1.0  # C = |k|

# The regions of the (c, e) plane: (key, fate, swing, label)
REGIONS = (
    ("falls", FALLS, "libration", "falls in\n(libration)"),
    ("depends", "depends", "libration", "falls if moving in,\nescapes if moving out"),
    ("escapes-libration", ESCAPES, "libration", "escapes\n(libration)"),
    ("escapes-rotation", ESCAPES, "rotation", "escapes\n(rotation)"),
)


UNKNOWN = "unknown"


@dataclass(frozen=True)
class NoPrediction(Fate):
    """The answer where no exact prediction exists (any potential but the point dipole): kind "unknown"."""

    def describe(self) -> str:
        return "no exact prediction: the potential is not the point dipole"


@dataclass(frozen=True)
class RegimePoint:
    """A launch's place on the regime map and what it will do."""

    c: float  # C / |k|
    e: float  # E r0² / |k|
    E: float
    C: float
    inward: bool  # ṙ₀ < 0
    region: str  # one of the REGIONS keys, or "free" when k = 0
    fate: str  # "falls", "escapes" or "marginal", as physics.exact.classify says
    swing: str  # "libration", "rotation", "separatrix" or "free"

    @property
    def label(self) -> str:
        for key, _, _, text in REGIONS:
            if key == self.region:
                return text.replace("\n", " ")
        if self.region == MARGINAL:
            return "marginal (on a separatrix)"
        return "free motion (k = 0)"


def fate_coordinates(E: float, C: float, r0: float, k: float) -> tuple[float, float]:
    """(C/|k|, E r0²/|k|); nan for k = 0, where the map has no scale."""
    if k == 0:
        return math.nan, math.nan
    return C / abs(k), E * r0**2 / abs(k)


def region_of(c: float, e: float, inward: bool | None = None, tolerance: float = TOLERANCE) -> str:
    """The region key of a point of the map (c = C/|k|, e = E r0²/|k|), or MARGINAL on a separatrix of fate.

    `inward` (ṙ₀ < 0) matters only on the line e = 0 with c < 0: moving in falls, moving out is marginal.
    """
    if not (math.isfinite(c) and math.isfinite(e)):
        return "free"
    c_zero, e_zero = rounds_to_zero(c, e, tolerance)
    if c_zero:
        return MARGINAL
    if c > SWING_SEPARATRIX:
        return "escapes-rotation"
    if c > FALL_SEPARATRIX:
        return "escapes-libration"
    if e_zero:
        return FALLS if inward else MARGINAL
    if e < 0:
        return "falls"
    return "depends"


def region_fate(region: str, inward: bool) -> str:
    """The fate a region stands for (the 'depends' region needs the direction of ṙ₀)."""
    if region == "depends":
        return FALLS if inward else ESCAPES
    if region == "free":
        return ESCAPES
    if region == MARGINAL:
        return MARGINAL
    return next(fate for key, fate, _, _ in REGIONS if key == region)


def regime_point(launch: LaunchState, k: float, E: float | None = None, C: float | None = None) -> RegimePoint:
    """Where a launch sits on the map, with the fate and swing of physics.exact.classify."""
    if E is None or C is None:
        from physics.integration.scipy_engine import invariants

        E, C = invariants(launch, k)
    c, e = fate_coordinates(E, C, launch.r0, k)
    inward = launch.vr0 < 0
    fate = classify(launch, E, C, k)
    region = region_of(c, e, inward)
    return RegimePoint(c, e, E, C, inward, region, fate.kind, pendulum_regime(C, k))


def fate_key(launch: LaunchState, k: float, exact: bool, trajectory=None) -> str:
    """A launch's fate as a colour key: its region of the map for the point dipole (k ≠ 0), with "depends"
    resolved by the direction of ṙ₀ and "marginal" on a separatrix (C = 0, or E = 0 moving out); otherwise what the integration found
    (physics.outcome: "falls", "escapes", "stays" or "unknown")."""
    if exact and k != 0:
        point = regime_point(launch, k)
        if point.fate == MARGINAL:
            return MARGINAL
        if point.region == "depends":
            return FALLS if point.inward else "escapes-libration"
        return point.region
    return integrated_outcome(trajectory)


UNREACHABLE = "unreachable"


def region_bands(c_range: tuple[float, float], e_range: tuple[float, float], samples: int = 200):
    """The regions of the map inside a box, as bands (key, c, e_lower, e_upper) to fill between.

    Keys are those of REGIONS plus UNREACHABLE (e < c: no launch has E r0² < C). Bands that do not meet
    the box are left out.
    """
    (c0, c1), (e0, e1) = c_range, e_range
    if not (c0 < c1 and e0 < e1):
        raise ValueError(f"the box needs c0 < c1 and e0 < e1, got {c_range!r}, {e_range!r}")
    cs = np.linspace(c0, c1, samples)
    bands = [(UNREACHABLE, cs, np.full_like(cs, e0), np.minimum(cs, e1))]
    neg = cs[cs <= FALL_SEPARATRIX]
    if neg.size:
        bands.append(("falls", neg, np.maximum(neg, e0), np.full_like(neg, min(0.0, e1))))
        if e1 > 0:
            bands.append(("depends", neg, np.full_like(neg, max(e0, 0.0)), np.full_like(neg, e1)))
    for key, lo, hi in (("escapes-libration", FALL_SEPARATRIX, SWING_SEPARATRIX), ("escapes-rotation", SWING_SEPARATRIX, math.inf)):
        part = cs[(cs >= lo) & (cs <= hi)]
        if part.size:
            bands.append((key, part, np.maximum(part, e0), np.full_like(part, e1)))
    return [band for band in bands if np.any(band[3] > band[2])]


def forbidden_boundary(c: np.ndarray) -> np.ndarray:
    """The lower edge e = c of the reachable part of the map (launches with ṙ₀ = 0)."""
    return np.asarray(c, dtype=float)


def launch_for(r0: float, theta0: float, c: float, e: float, k: float, inward: bool = False, ccw: bool = True) -> LaunchState:
    """A launch from (r0, θ0) with the given map coordinates; ValueError where none exists."""
    if k == 0:
        raise ValueError("the regime map needs k ≠ 0")
    if e < c:
        raise ValueError(f"no launch has E r0²/|k| < C/|k| (got e = {e:g} < c = {c:g})")
    C, E = c * abs(k), e * abs(k) / r0**2
    half_w2 = C + k * math.cos(theta0)
    if half_w2 < 0:
        raise ValueError(f"C/|k| = {c:g} is below −k cos θ0 / |k| = {-k * math.cos(theta0) / abs(k):g}: unreachable from this angle")
    w = math.sqrt(2 * half_w2) * (1 if ccw else -1)
    vr = math.sqrt(2 * max(E * r0**2 - C, 0.0)) / r0 * (-1 if inward else 1)
    return LaunchState(float(r0), float(theta0), float(vr), float(w / r0**2))


def fan_launches(
    x0: float, y0: float, speeds, angles
) -> list[LaunchState]:
    """Launches from one point (x0, y0): every combination of speed and direction angle (radians, from +x)."""
    speeds = np.atleast_1d(np.asarray(speeds, dtype=float))
    angles = np.atleast_1d(np.asarray(angles, dtype=float))
    out = []
    for v in speeds:
        for a in angles:
            out.append(LaunchState.from_cartesian(float(x0), float(y0), float(v * math.cos(a)), float(v * math.sin(a))))
    return out
