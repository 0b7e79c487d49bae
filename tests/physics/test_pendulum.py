"""The phase plane of the hidden pendulum (physics.pendulum) and the r² law check (physics.radial), against the exact solution."""

import math
from types import SimpleNamespace

import numpy as np
import pytest

from physics.exact import pendulum_angle, r_squared
from physics.launch import LaunchState
from physics.pendulum import break_jumps, level_curve, separatrix, sundman_rate, wrap_angle
from physics.radial import radial_check


@pytest.mark.parametrize("k, theta0, w0", [(1.0, 0.4, 0.9), (1.0, 0.0, 2.6), (-2.0, 0.5, 1.1), (0.7, 2.0, -0.4)])
def test_the_exact_pendulum_runs_along_its_level_curve(k, theta0, w0):
    C = 0.5 * w0**2 - k * math.cos(theta0)
    tau = np.linspace(0.0, 6.0, 301)
    h = 1e-5
    theta = pendulum_angle(tau, theta0, w0, k)
    w = (pendulum_angle(tau + h, theta0, w0, k) - pendulum_angle(tau - h, theta0, w0, k)) / (2 * h)
    np.testing.assert_allclose(np.abs(w), level_curve(C, k, theta), atol=1e-5)


def test_level_curves_and_the_separatrix():
    theta = np.linspace(-np.pi, np.pi, 9)
    for k in (1.5, -0.8):
        sep = separatrix(k, theta)
        np.testing.assert_allclose(0.5 * sep**2 - k * np.cos(theta), abs(k), atol=1e-12)
        upright = math.pi if k > 0 else 0.0  # the unstable equilibrium, where the separatrix touches w = 0
        assert separatrix(k, np.array([upright]))[0] == pytest.approx(0.0, abs=1e-7)
    # a libration (C < |k|) cannot reach the top: nan there, finite at the bottom
    w = level_curve(-0.5, 1.0, np.array([0.0, math.pi]))
    assert w[0] == pytest.approx(1.0) and math.isnan(w[1])


def test_angles_wrap_and_wraps_are_not_joined():
    theta = np.array([3.0, 3.2, 9.0, -3.3])
    wrapped = wrap_angle(theta)
    assert np.all((wrapped >= -np.pi) & (wrapped < np.pi))
    np.testing.assert_allclose(np.cos(wrapped), np.cos(theta))
    x, y = break_jumps(wrap_angle(np.array([3.0, 3.1, 3.2, 3.3])), np.arange(4.0))
    assert np.isnan(x).sum() == 1 and len(x) == 5  # one wrap past π between the 2nd and 3rd samples
    np.testing.assert_allclose(sundman_rate(np.array([2.0]), np.array([0.25])), [1.0])


def exact_track(launch: LaunchState, E: float, t_end: float = 3.0):
    t = np.linspace(0.0, t_end, 200)
    return SimpleNamespace(t=t, r=np.sqrt(r_squared(t, launch.r0, launch.vr0, E)), launch=launch, energy=np.full_like(t, E))


def test_the_radial_check_measures_the_distance_from_the_r2_law():
    launch = LaunchState(1.2, 0.3, 0.2, 1.5)  # E > 0, moving out: r² stays positive
    E = 0.5 * (launch.vr0**2 + (launch.r0 * launch.omega0) ** 2) - math.cos(launch.theta0) / launch.r0**2
    track = exact_track(launch, E)
    check = radial_check(track)
    assert check.largest_difference < 1e-12
    np.testing.assert_allclose(check.exact, track.r**2)
    bent = SimpleNamespace(**{**track.__dict__, "r": np.sqrt(track.r**2 + 1e-4 * track.t)})
    assert radial_check(bent).largest_difference == pytest.approx(3e-4)
