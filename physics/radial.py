"""The radial law of the point dipole: U is homogeneous of degree −2, so r(t)² = 2E t² + 2 r₀ ṙ₀ t + r₀² exactly."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from physics.exact import r_squared


@dataclass(frozen=True, eq=False)
class RadialCheck:
    """An integrated r² beside the exact quadratic at the same times."""

    exact: np.ndarray  # 2E t² + 2 r₀ ṙ₀ t + r₀² at the trajectory's times, with E = E(0)
    largest_difference: float  # max |r² − exact| over the samples (nan if none is finite)


def radial_check(trajectory) -> RadialCheck:
    """Compare the trajectory's r² with the exact quadratic (meaningful for the point dipole only)."""
    tr = trajectory
    exact = r_squared(tr.t, tr.launch.r0, tr.launch.vr0, float(tr.energy[0]))
    diff = np.abs(np.asarray(tr.r, dtype=float) ** 2 - exact)
    finite = diff[np.isfinite(diff)]
    return RadialCheck(exact, float(finite.max()) if finite.size else float("nan"))
