"""How far to believe an integrated path: its largest distance from the exact point-dipole path and the drift of E and C.

The exact path is r(t)² = 2E t² + 2 r₀ ṙ₀ t + r₀² with θ from the pendulum in Sundman time (physics.exact).
Close to a fall the angle swings infinitely often, so the comparison stops where r drops below
`near_fall` × r_min: there any integrator, and the closed form evaluated in floating point, loses the phase.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from physics.integration.contract import Trajectory


@dataclass(frozen=True)
class Trust:
    """The numbers of the trust readout for one trajectory (nan where they do not apply)."""

    max_deviation: float  # largest |numeric − exact| position, nan if there is no exact solution
    at_time: float  # when it occurs
    energy_drift: float  # max |E(t) − E(0)|
    C_drift: float  # max |C(t) − C(0)|, nan without a second invariant
    compared_until: float  # the comparison covers 0 ≤ t ≤ compared_until

    @property
    def worst(self) -> float:
        values = [v for v in (self.max_deviation, self.energy_drift, self.C_drift) if math.isfinite(v)]
        return max(values) if values else math.nan


def _drift(values: np.ndarray) -> float:
    values = np.asarray(values, dtype=float)
    if values.size == 0 or not np.isfinite(values[0]):
        return math.nan
    finite = values[np.isfinite(values)]
    return float(np.max(np.abs(finite - values[0]))) if finite.size else math.nan


def trust(trajectory: Trajectory, exact: bool = True, near_fall: float = 3.0) -> Trust:
    """Deviation from the exact path (when `exact`, i.e. the point dipole) and the drift of the invariants."""
    tr = trajectory
    e_drift, c_drift = _drift(tr.energy), _drift(tr.C)
    if not exact:
        return Trust(math.nan, math.nan, e_drift, c_drift, math.nan)
    from physics.exact import exact_trajectory

    keep = tr.r >= near_fall * tr.settings.r_min if tr.stop_reason == "r_min" else np.ones(len(tr.t), dtype=bool)
    if tr.stop_reason == "r_min":
        # only the stretch before the first approach to the fall
        first_bad = np.flatnonzero(~keep)
        if first_bad.size:
            keep[first_bad[0]:] = False
    if not keep.any():
        return Trust(math.nan, math.nan, e_drift, c_drift, 0.0)
    t = tr.t[keep]
    x, y, _, _ = exact_trajectory(t, tr.launch, tr.k, float(tr.energy[0]))
    distance = np.hypot(tr.x[keep] - x, tr.y[keep] - y)
    i = int(np.nanargmax(distance)) if np.isfinite(distance).any() else 0
    return Trust(float(distance[i]), float(t[i]), e_drift, c_drift, float(t[-1]))
