"""An independent reference for the charge in space: Cartesian x, v in t, with the field typed from PHYSICS.md."""

import math

import numpy as np
from scipy.integrate import solve_ivp

from physics.space.launch import SpaceLaunch


def cartesian_path(launch: SpaceLaunch, k: float, t):
    """x(t), v(t) at the times t (increasing, from 0), by DOP853 at rtol 1e-13 on ẍ = −∇U, U = −k x / r³."""

    def rhs(_, s):
        x, y, z = s[:3]
        r2 = x * x + y * y + z * z
        r5 = r2 * r2 * math.sqrt(r2)
        # −∇U = k ∇(x / r³) = k (e_x r² − 3 x (x, y, z)) / r⁵
        ax = k * (r2 - 3 * x * x) / r5
        ay = -3 * k * x * y / r5
        az = -3 * k * x * z / r5
        return (s[3], s[4], s[5], ax, ay, az)

    t = np.asarray(t, dtype=float)
    sol = solve_ivp(rhs, (0.0, float(t[-1])), [*launch.position, *launch.velocity], method="DOP853", rtol=1e-13, atol=1e-15,
                    t_eval=t)
    return sol.y[:3], sol.y[3:]


def hand_invariants(launch: SpaceLaunch, k: float) -> tuple[float, float, float]:
    """E, C and L_axis typed from PHYSICS.md in Cartesian form."""
    x, y, z = launch.position
    vx, vy, vz = launch.velocity
    r = math.sqrt(x * x + y * y + z * z)
    L = np.cross([x, y, z], [vx, vy, vz])
    E = 0.5 * (vx * vx + vy * vy + vz * vz) - k * x / r**3
    C = 0.5 * float(L @ L) - k * x / r
    return E, C, y * vz - z * vy


def random_space_launches(seed: int, n: int):
    """Seeded launches in space (falls, escapes, winding, k of both signs), |E| and |C| above 1e-3."""
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < n:
        speed = 0.5 if len(out) % 2 else 1.2
        pos = rng.uniform(-1.5, 1.5, 3)
        if np.linalg.norm(pos) < 0.4:
            continue
        launch = SpaceLaunch(*map(float, pos), *map(float, speed * rng.uniform(-1, 1, 3)))
        k = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.2, 2.0))
        E, C, _ = hand_invariants(launch, k)
        if abs(E) > 1e-3 and abs(C) > 1e-3:
            out.append((launch, k))
    return out
