"""The end of a long fall (physics/integration/fall.py) against an independent reference built from PHYSICS.md.

A fall that needs more than MAX_SWINGS swings of the angle takes its last samples from the exact r² law; for the
point dipole the angle there is the pendulum's, so every exported row lies on the true path. The reference:
τ(t) = ∫ dt / r² by quadrature of the r² law, and θ(τ) from one period of d²θ/dτ² = −k sin θ integrated by
DOP853 at rtol 1e-13 (its period found by an event), read at τ mod the period; no elliptic functions.
"""

import math

import numpy as np
import pytest
from scipy.integrate import quad, solve_ivp

from physics.integration.batch import simulate_batch
from physics.integration.contract import IntegrationSettings
from physics.integration.scipy_engine import simulate
from physics.launch import LaunchState


def reference_rows(launch: LaunchState, k: float, t_rows: np.ndarray) -> np.ndarray:
    """(x, y, w = r²θ̇) of the true path at the times t_rows, for a librating pendulum (C < |k|)."""
    r0, vr0, th0, w0 = launch.r0, launch.vr0, launch.theta0, launch.r0**2 * launch.omega0
    E = 0.5 * (vr0**2 + w0**2 / r0**2) - k * math.cos(th0) / r0**2
    assert 0.5 * w0**2 - k * math.cos(th0) < abs(k) and w0 > 0

    def r2(t):
        return 2 * E * t * t + 2 * r0 * vr0 * t + r0 * r0

    steps = [quad(lambda s: 1 / r2(s), a, b, epsabs=0, epsrel=1e-13, limit=500)[0] for a, b in zip(t_rows[:-1], t_rows[1:])]
    taus = np.concatenate([[0.0], np.cumsum(steps)])

    def back_through_start(tau, y):
        return y[0] - th0

    back_through_start.direction = 1
    swing = solve_ivp(lambda tau, y: [y[1], -k * math.sin(y[0])], (0.0, 100.0), [th0, w0], method="DOP853",
                      rtol=1e-13, atol=1e-15, dense_output=True, events=back_through_start)
    period = next(tau for tau in swing.t_events[0] if tau > 1e-6)
    th, w = swing.sol(np.mod(taus, period))
    r = np.sqrt(r2(t_rows))
    return np.column_stack([r * np.cos(th), r * np.sin(th), w])


def launch_with(k: float, r0: float, C: float, vr0: float = 0.0) -> LaunchState:
    """A launch from (r0, θ0 = 0) with the given C = ½ (r0² θ̇0)² − k."""
    return LaunchState(r0, 0.0, vr0, math.sqrt(2 * (C + k)) / r0**2)


@pytest.mark.parametrize(
    "launch, k, r_min",
    [
        (launch_with(5.0, 1.0, -5e-6), 5.0, 0.002),  # the cases: ~700 swings on the way in
        (launch_with(20.0, 1.0, -1e-3), 20.0, 0.001),
        (launch_with(20.0, 0.1, -1e-3, vr0=0.44), 20.0, 0.001),  # still moving out when the law takes over
    ],
)
def test_every_row_of_a_long_fall_after_the_switch_lies_on_the_true_path(launch, k, r_min):
    tr = simulate(launch, k, IntegrationSettings(t_max=1e3, samples=201, r_min=r_min))
    assert tr.stop_reason == "r_min" and "exact pendulum" in tr.message
    tail = int(tr.message.split("the last ")[1].split()[0])
    assert tail > 10
    ref = reference_rows(launch, k, tr.t)
    error = np.hypot(tr.x - ref[:, 0], tr.y - ref[:, 1])
    assert error[-tail:].max() < 1e-8, error[-tail:].max()  # θ held fixed, it was off by up to 1.9
    w_error = np.abs(tr.omega * tr.r**2 - ref[:, 2])  # w = r²θ̇, the pendulum's dθ/dτ (up to √(2(C + |k|)) ≈ 9)
    assert w_error[-tail:].max() < 1e-6
    assert tr.r[-1] == r_min


@pytest.mark.parametrize("k, launch, r_min", [(5.0, launch_with(5.0, 1.0, -5e-6), 0.002), (20.0, launch_with(20.0, 0.1, -1e-3, vr0=0.44), 0.001)])
def test_every_row_of_a_long_fall_lies_on_the_true_path_to_1e_8_at_rtol_1e_12(k, launch, r_min):
    """The rows before the switch are integrated at the run's own tolerance: at the default rtol 1e-10 they are
    off by 2.5e-8 to 9e-8 after hundreds of swings, at rtol 1e-12 every row, integrated or exact, is within 1e-8."""
    settings = IntegrationSettings(t_max=1e3, samples=201, r_min=r_min, rtol=1e-12, atol=1e-14)
    for tr in (simulate(launch, k, settings), simulate_batch([launch], k, settings)[0]):
        ref = reference_rows(launch, k, tr.t)
        assert np.hypot(tr.x - ref[:, 0], tr.y - ref[:, 1]).max() < 1e-8
