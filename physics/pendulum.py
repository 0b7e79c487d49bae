"""The hidden pendulum's phase plane: the angle θ against w = dθ/dτ = r²θ̇ in Sundman time (dτ = dt / r²).

With U = −k cos θ / r² the angle obeys d²θ/dτ² = −k sin θ, whose energy C = ½ w² − k cos θ is the
second invariant. A launch's whole orbit in τ is the level curve C = C₀; the separatrix C = |k|
parts libration (C < |k|) from rotation (C > |k|).
"""

from __future__ import annotations

import numpy as np


def wrap_angle(theta) -> np.ndarray:
    """θ wrapped into [−π, π)."""
    return np.mod(np.asarray(theta, dtype=float) + np.pi, 2 * np.pi) - np.pi


def break_jumps(x, y, jump: float = np.pi) -> tuple[np.ndarray, np.ndarray]:
    """x and y with nan inserted between consecutive samples whose x differs by more than `jump` (a wrap)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 2:
        return x, y
    cut = np.flatnonzero(np.abs(np.diff(x)) > jump) + 1
    return np.insert(x, cut, np.nan), np.insert(y, cut, np.nan)


def sundman_rate(r, omega) -> np.ndarray:
    """w = dθ/dτ = r² θ̇, the pendulum's angular velocity."""
    return np.asarray(r, dtype=float) ** 2 * np.asarray(omega, dtype=float)


def level_curve(C: float, k: float, theta) -> np.ndarray:
    """w ≥ 0 on the level curve ½ w² − k cos θ = C; nan at the angles the pendulum cannot reach (C + k cos θ < 0)."""
    theta = np.asarray(theta, dtype=float)
    half_w2 = C + k * np.cos(theta)
    return np.where(half_w2 >= 0, np.sqrt(np.maximum(2.0 * half_w2, 0.0)), np.nan)


def separatrix(k: float, theta) -> np.ndarray:
    """w ≥ 0 on the separatrix C = |k|: w = √(2(|k| + k cos θ)), zero at the upright equilibrium."""
    return level_curve(abs(k), k, theta)
