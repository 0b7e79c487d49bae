"""How far to believe an integrated path: its largest distance from the exact point-dipole path and the drift of E and C.

The exact path is r(t)² = 2E t² + 2 r₀ ṙ₀ t + r₀² with θ from the pendulum in Sundman time (physics.exact).
Close to a fall the angle swings infinitely often, so the comparison stops where r drops below
`near_fall` × r_min: there any integrator, and the closed form evaluated in floating point, loses the phase.

Other potentials have no exact path, and a small drift of E does not make a path right: a run that lags
in time after a close pass keeps its energy. `convergence` says what a run reached instead: the same
launch integrated again at a tolerance TIGHTER times smaller, and the largest distance between the two
paths relative to the largest r (an estimate of the first run's error, when the runs converge; issue 15
measured it at 3.5e-7 against an independent reference for a finite dipole's close passes at rtol 1e-10,
where it estimates 3.4e-7).
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


TIGHTER = 100.0  # the check runs at rtol / TIGHTER, atol / TIGHTER
RTOL_FLOOR = 2.3e-14  # scipy's Runge-Kutta methods take no rtol below 100 × machine epsilon


@dataclass(frozen=True)
class Convergence:
    """How far a run moved when integrated again more tightly (nan when it could not be checked)."""

    deviation: float  # largest distance between the two paths over their common span, relative to the largest r
    rtol: float  # the tighter run's rtol
    compared_until: float  # the comparison covers 0 ≤ t ≤ compared_until
    note: str = ""  # why there is no figure, when there is none


def convergence(trajectory: Trajectory, model=None) -> Convergence:
    """Integrate the launch again at rtol / TIGHTER (scipy engine, same stops) and compare the paths."""
    from physics.integration.contract import IntegrationSettings
    from physics.integration.scipy_engine import simulate

    tr = trajectory
    s = tr.settings
    rtol = max(s.rtol / TIGHTER, RTOL_FLOOR)
    if rtol >= s.rtol:
        return Convergence(math.nan, rtol, math.nan, f"rtol {s.rtol:.0e} is already scipy's tightest")
    if tr.t_end <= 0.0:
        return Convergence(math.nan, rtol, math.nan, "the run did not get under way")
    tight_settings = IntegrationSettings(t_max=s.t_max, samples=len(tr.t), r_min=s.r_min, r_max=s.r_max, rtol=rtol,
                                         atol=s.atol / TIGHTER, method=s.method)
    tight = simulate(tr.launch, tr.k, tight_settings, model=model, params=tr.params or None)
    if tight.stop_reason == tr.stop_reason and len(tight.t) == len(tr.t):
        # sample by sample: where both stop at r_min, say, the grids differ as the stop times do, and so
        # the comparison takes in the error of the stop time too
        until, keep = tr.t_end, np.ones(len(tr.t), dtype=bool)
        x, y = tight.x, tight.y
    else:
        until = min(tr.t_end, tight.t_end)
        keep = tr.t <= until
        x, y = np.interp(tr.t[keep], tight.t, tight.x), np.interp(tr.t[keep], tight.t, tight.y)
    scale = float(np.max(np.hypot(tr.x, tr.y)))
    distance = np.hypot(tr.x[keep] - x, tr.y[keep] - y)
    if not np.isfinite(distance).any() or scale <= 0:
        return Convergence(math.nan, rtol, until, "the paths could not be compared")
    note = "" if tight.stop_reason == tr.stop_reason else f"the tighter run stopped on {tight.stop_reason}, this one on {tr.stop_reason}"
    return Convergence(float(np.nanmax(distance)) / scale, rtol, until, note)
