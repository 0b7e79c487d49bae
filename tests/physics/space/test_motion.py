"""The charge in space against the exact r² law, the invariants, an independent Cartesian integration and the plane."""

import math

import numpy as np
import pytest

from physics import exact
from physics.integration.contract import IntegrationSettings
from physics.integration.scipy_engine import simulate
from physics.space.launch import SpaceLaunch
from physics.space.motion import WINDING, c_min, classify_space, invariants, simulate_space
from tests.physics.launches import random_launches
from tests.physics.space.reference import cartesian_path, hand_invariants, random_space_launches

SETTINGS = IntegrationSettings(t_max=20.0, samples=401)
LAUNCHES = random_space_launches(7, 12)
_runs = {}


def run(i):
    if i not in _runs:
        launch, k = LAUNCHES[i]
        _runs[i] = simulate_space(launch, k, SETTINGS)
    return LAUNCHES[i] + (_runs[i],)


def before_fall(traj):
    return traj.t <= 0.98 * traj.t_end if traj.stop_reason == "r_min" else np.ones(traj.t.shape, bool)


def test_the_sample_holds_falls_escapes_and_winding():
    kinds = [classify_space(launch, k).kind for launch, k in LAUNCHES]
    assert "falls" in kinds and "escapes" in kinds
    assert all(launch.L_axis != 0 for launch, _ in LAUNCHES)


@pytest.mark.parametrize("i", range(len(LAUNCHES)))
def test_against_exact_law_invariants_and_cartesian_integration(i):
    launch, k, traj = run(i)
    E, C, L_axis = hand_invariants(launch, k)
    assert invariants(launch, k) == pytest.approx((E, C, L_axis), rel=1e-12, abs=1e-14)
    ok = before_fall(traj)
    big = traj.r.max()
    np.testing.assert_allclose(traj.r**2, exact.r_squared(traj.t, launch.r0, launch.vr0, E), rtol=0, atol=1e-8 * big**2)
    X, _ = cartesian_path(launch, k, traj.t[ok])
    assert np.max(np.abs(np.vstack([traj.x, traj.y, traj.z])[:, ok] - X)) <= 1e-8 * big
    m2 = 2 * (traj.C + k * traj.x / traj.r)  # |L|² at each sample
    e_terms = np.maximum.reduce([0.5 * traj.vr**2, 0.5 * m2 / traj.r**2, abs(k * traj.x) / traj.r**3])
    assert np.max(np.abs(traj.energy - E) / e_terms) <= 1e-9
    assert np.max(np.abs(traj.C - C) / np.maximum(0.5 * m2, np.abs(k * traj.x / traj.r))) <= 1e-9
    assert np.max(np.abs(traj.L_axis - L_axis) / np.maximum(np.abs(traj.y * traj.vz), np.abs(traj.z * traj.vy))) <= 1e-9


@pytest.mark.parametrize("i", range(len(LAUNCHES)))
def test_stop_reason_and_fall_time_are_the_exact_ones(i):
    launch, k, traj = run(i)
    E, C, _ = hand_invariants(launch, k)
    s = SETTINGS
    t_in = exact.time_to_radius(s.r_min, launch.r0, launch.vr0, E) if C < 0 else None
    t_out = exact.time_to_radius(s.r_max, launch.r0, launch.vr0, E)
    if t_in is not None and t_in <= s.t_max:
        assert traj.stop_reason == "r_min" and traj.t_end == pytest.approx(t_in, rel=1e-10)
        assert classify_space(launch, k).kind == "falls"
    elif t_out is not None and t_out <= s.t_max:
        assert traj.stop_reason == "r_max" and traj.t_end == pytest.approx(t_out, rel=1e-10)
    else:
        assert traj.stop_reason == "t_max" and traj.t_end == s.t_max
    assert classify_space(launch, k).swing == WINDING


PLANAR = random_launches(3, 8, 0.5)


@pytest.mark.parametrize("i", range(len(PLANAR)))
def test_a_launch_in_the_plane_reproduces_the_planar_engine(i):
    launch, k = PLANAR[i]
    # both converged (each engine's own error at the default rtol is ~1e-9): the two must agree to 1e-10
    s = IntegrationSettings(samples=301, rtol=1e-13, atol=1e-15)
    flat, space = simulate(launch, k, s), simulate_space(SpaceLaunch.from_planar(launch), k, s)
    assert space.stop_reason == flat.stop_reason
    assert space.t_end == pytest.approx(flat.t_end, rel=1e-10)
    ok = before_fall(flat)
    big = flat.r.max()
    assert np.max(np.abs(space.z)) <= 1e-14 * big and np.max(np.abs(space.vz)) <= 1e-13  # the plane holds to rounding
    assert max(np.abs(space.x - flat.x)[ok].max(), np.abs(space.y - flat.y)[ok].max()) <= 1e-10 * big
    assert np.abs(space.C - flat.C).max() <= 1e-10 * max(abs(flat.C[0]), abs(k))
    fate, planar_fate = classify_space(SpaceLaunch.from_planar(launch), k), exact.classify(launch, flat.energy[0], flat.C[0], k)
    assert (fate.kind, fate.swing) == (planar_fate.kind, planar_fate.swing)
    assert (fate.fall_time is None) == (planar_fate.fall_time is None)
    if fate.fall_time is not None:
        assert fate.fall_time == pytest.approx(planar_fate.fall_time, rel=1e-12)


def test_a_launch_on_the_axis_and_through_it():
    # on the +x axis, moving along y and z: the spherical form is singular there, the regular form is not
    launch, k = SpaceLaunch(1.0, 0.0, 0.0, 0.05, 0.3, -0.2), 0.7
    traj = simulate_space(launch, k, IntegrationSettings(t_max=6.0, samples=301))
    X, _ = cartesian_path(launch, k, traj.t[before_fall(traj)])
    assert np.max(np.abs(np.vstack([traj.x, traj.y, traj.z])[:, before_fall(traj)] - X)) <= 1e-8 * traj.r.max()
    assert traj.L_axis[0] == 0.0 and np.abs(traj.L_axis).max() <= 1e-12


def test_a_plane_through_the_axis_is_the_plane_turned():
    launch, k = PLANAR[0]
    a = math.radians(50)
    turned = SpaceLaunch(launch.x0, launch.y0 * math.cos(a), launch.y0 * math.sin(a), launch.vx0, launch.vy0 * math.cos(a),
                         launch.vy0 * math.sin(a))
    s = IntegrationSettings(samples=201, rtol=1e-13, atol=1e-15)
    flat, space = simulate(launch, k, s), simulate_space(turned, k, s)
    ok = before_fall(flat)
    np.testing.assert_allclose(space.y[ok] * math.sin(a), space.z[ok] * math.cos(a), atol=1e-12 * flat.r.max())
    np.testing.assert_allclose(np.hypot(space.y, space.z)[ok], np.abs(flat.y[ok]), atol=1e-10 * flat.r.max())


def test_fate_rule_and_the_L_axis_bound():
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(40):
        launch = SpaceLaunch(*rng.uniform(-1.5, 1.5, 3), *rng.uniform(-1, 1, 3))
        k = float(rng.uniform(-2, 2))
        E, C, L_axis = hand_invariants(launch, k)
        if launch.r0 < 0.3 or abs(C) < 1e-3:
            continue
        fate = classify_space(launch, k)
        # the radial motion: (r ṙ)² = 2E r² − 2C, falls iff r² reaches 0 forwards in time
        falls = C < 0 and (E < 0 or launch.vr0 < 0)
        assert fate.kind == ("falls" if falls else "escapes")
        assert c_min(L_axis, k) - 1e-12 <= C
        checked += 1
    assert checked > 20
    # |L_axis| large enough for C_min > 0: no launch with it can fall, whatever ṙ₀
    k = 1.0
    assert c_min(1.0, k) > 0 > c_min(0.5, k)
    # C_min by brute force over θ
    th = np.linspace(1e-4, math.pi - 1e-4, 200001)
    assert c_min(0.5, k) == pytest.approx(np.min(0.25 / (2 * np.sin(th) ** 2) - k * np.cos(th)), abs=1e-8)
    steep = SpaceLaunch(0.0, 1.0, 0.0, -3.0, 0.0, 1.0)  # L_axis = 1, heading fast inwards... in x only
    assert classify_space(steep, k).kind == "escapes"
