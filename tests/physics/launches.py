"""Launches and invariants the physics tests share, typed from PHYSICS.md independently of the generated functions."""

import math

import numpy as np

from physics.launch import LaunchState


def hand_invariants(launch: LaunchState, k: float) -> tuple[float, float]:
    """E and C typed from PHYSICS.md, independent of the sympy-generated functions."""
    E = 0.5 * (launch.vr0**2 + launch.r0**2 * launch.omega0**2) - k * math.cos(launch.theta0) / launch.r0**2
    C = 0.5 * (launch.r0**2 * launch.omega0) ** 2 - k * math.cos(launch.theta0)
    return E, C


def random_launches(seed: int, n: int, slow: float) -> list[tuple[LaunchState, float]]:
    """Seeded launches that fall, escape and swing, with k of both signs; every other one at `slow` speed, so that many fall.

    |E| and |C| stay above 1e-3: away from the marginal case, and from E ≈ 0, where exact.sundman_time loses accuracy.
    """
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < n:
        speed = slow if len(out) % 2 else 1.5
        launch = LaunchState(
            float(rng.uniform(0.5, 2.0)),
            float(rng.uniform(-math.pi, math.pi)),
            float(speed * rng.uniform(-1.0, 1.0)),
            float(speed * rng.uniform(-1.0, 1.0)),
        )
        k = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.2, 2.0))
        E, C = hand_invariants(launch, k)
        if abs(E) > 1e-3 and abs(C) > 1e-3:
            out.append((launch, k))
    return out
