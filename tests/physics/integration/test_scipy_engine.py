"""The scipy engine (physics/integration/scipy_engine.py) against the exact solution and the invariants E and C."""

import functools
import math

import numpy as np
import pytest
import sympy as sp
from scipy.interpolate import CubicHermiteSpline

from physics import derivation, exact
from physics.integration import contract
from physics.integration.contract import COLUMNS, METHODS, IntegrationSettings
from physics.integration.scipy_engine import invariants, simulate
from physics.launch import LaunchState
from tests.physics.launches import random_launches

SPREAD_SETTINGS = IntegrationSettings(t_max=8.0, samples=401, r_min=1e-3, r_max=50.0)  # default rtol, atol, DOP853
SPREAD_SIZE = 40


SPREAD = random_launches(7, SPREAD_SIZE, slow=0.5)


@functools.cache
def spread_run(i: int):
    launch, k = SPREAD[i]
    E, C = invariants(launch, k)
    return launch, k, E, C, simulate(launch, k, SPREAD_SETTINGS)


def before_fall(traj, E) -> np.ndarray:
    """Samples before the last 2% of the time to the fall (all of them if it does not fall)."""
    t_star = exact.fall_time(traj.launch.r0, traj.launch.vr0, E)
    if t_star is None:
        return np.ones(traj.t.shape, dtype=bool)
    return traj.t < 0.98 * t_star


def test_spread_covers_falls_escapes_and_swings():
    outcomes = set()
    for i in range(SPREAD_SIZE):
        launch, k, E, C, traj = spread_run(i)
        f = exact.classify(launch, E, C, k)
        outcomes.add((f.kind, f.swing, traj.stop_reason, k > 0))
    assert {o[0] for o in outcomes} == {exact.FALLS, exact.ESCAPES}
    assert {o[1] for o in outcomes} >= {"libration", "rotation"}
    assert {o[2] for o in outcomes} >= {"r_min", "t_max"}
    assert {o[3] for o in outcomes} == {True, False}
    assert (exact.FALLS, "libration", "r_min", True) in outcomes
    assert (exact.FALLS, "libration", "r_min", False) in outcomes


@pytest.mark.parametrize("i", range(SPREAD_SIZE))
def test_positions_match_exact_solution(i):
    launch, k, E, C, traj = spread_run(i)
    ok = before_fall(traj, E)
    assert ok.sum() > 10
    x, y, rr, th = exact.exact_trajectory(traj.t[ok], launch, k, E)
    scale = traj.r.max()
    error = np.hypot(traj.x[ok] - x, traj.y[ok] - y)
    assert error.max() <= 1e-8 * scale
    np.testing.assert_allclose(traj.theta[ok], th, rtol=0, atol=1e-8 * scale / rr.min())


@pytest.mark.parametrize("i", range(SPREAD_SIZE))
def test_r_squared_is_the_quadratic_and_vr_follows_from_it(i):
    launch, k, E, C, traj = spread_run(i)
    r2 = exact.r_squared(traj.t, launch.r0, launch.vr0, E)
    np.testing.assert_allclose(traj.r**2, r2, rtol=0, atol=1e-9 * traj.r.max() ** 2)
    # r ṙ = ½ d(r²)/dt = 2E t + r0 ṙ0
    np.testing.assert_allclose(traj.r * traj.vr, 2 * E * traj.t + launch.r0 * launch.vr0, rtol=0, atol=1e-8 * (1 + abs(E) * traj.t_end))


@pytest.mark.parametrize("i", range(SPREAD_SIZE))
def test_energy_and_C_stay_constant(i):
    launch, k, E, C, traj = spread_run(i)
    assert np.all(np.isfinite(traj.energy)) and np.all(np.isfinite(traj.C))
    assert np.max(np.abs(traj.C - C)) <= 1e-9 * max(abs(C), abs(k))
    # Near a fall E is a small difference of terms of size 1/r², so E is checked relative to the size of
    # its terms at each sample (relative to |E| it would be ill-conditioned). The samples are interpolated
    # from DOP853's dense output, whose error is ~30x that of the steps themselves: with rtol = 1e-10 the
    # drift at the steps is ~1e-10 but up to ~3e-9 at interpolated samples (600 random launches).
    terms = 0.5 * (traj.vr**2 + traj.r**2 * traj.omega**2) + np.abs(k * np.cos(traj.theta)) / traj.r**2
    assert np.max(np.abs(traj.energy - E) / terms) <= 5e-9


@pytest.mark.parametrize("i", range(SPREAD_SIZE))
def test_sundman_time_column_matches_closed_form(i):
    launch, k, E, C, traj = spread_run(i)
    ok = before_fall(traj, E)
    tau = exact.sundman_time(traj.t[ok], launch.r0, launch.vr0, E)
    np.testing.assert_allclose(traj.tau[ok], tau, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("i", range(SPREAD_SIZE))
def test_stop_matches_prediction_and_samples_are_uniform(i):
    launch, k, E, C, traj = spread_run(i)
    s = SPREAD_SETTINGS
    assert traj.t.shape == (s.samples,)
    np.testing.assert_array_equal(traj.t, np.linspace(0.0, traj.t_end, s.samples))
    assert traj.t[0] == 0.0 and traj.t[-1] == traj.t_end
    t_in = exact.time_to_radius(s.r_min, launch.r0, launch.vr0, E) if C < 0 else None
    t_out = exact.time_to_radius(s.r_max, launch.r0, launch.vr0, E)
    predicted = min([(s.t_max, "t_max")] + [(t, why) for t, why in ((t_in, "r_min"), (t_out, "r_max")) if t is not None])
    assert traj.stop_reason == predicted[1]
    assert traj.t_end == pytest.approx(predicted[0], rel=1e-9)
    if traj.stop_reason == "r_min":
        assert traj.r[-1] == s.r_min
    assert np.all(traj.r >= s.r_min * (1 - 1e-9)) and np.all(traj.r <= s.r_max * (1 + 1e-9))
    assert np.all(np.diff(traj.tau) >= 0)


def test_trajectory_columns_and_first_sample():
    launch, k, E, C, traj = spread_run(0)
    table = traj.table()
    assert table.shape == (SPREAD_SETTINGS.samples, len(COLUMNS))
    assert list(traj.columns) == list(COLUMNS)
    first = dict(zip(COLUMNS, table[0]))
    assert first["r"] == launch.r0 and first["theta"] == launch.theta0
    assert first["vr"] == pytest.approx(launch.vr0, rel=1e-15) and first["omega"] == pytest.approx(launch.omega0, rel=1e-15)
    assert first["x"] == pytest.approx(launch.x0) and first["vy"] == pytest.approx(launch.vy0)
    np.testing.assert_allclose(traj.x * traj.vx + traj.y * traj.vy, traj.r * traj.vr, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(traj.x * traj.vy - traj.y * traj.vx, traj.r**2 * traj.omega, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("theta0", "k", "r0"), [(math.pi / 2, 1.0, 1.0), (-math.pi / 2, 1.0, 1.3), (math.pi / 2, -1.0, 0.8), (-math.pi / 2, 2.5, 1.0)]
)
def test_release_from_rest_at_right_angles_swings_on_a_circle(theta0, k, r0):
    period = exact.swing_period(r0, k)
    four_k_half = math.gamma(0.25) ** 2 / math.sqrt(math.pi)  # 4K(½) ≈ 7.4163, without scipy
    assert period == pytest.approx(four_k_half * r0**2 / math.sqrt(abs(k)), rel=1e-13)
    traj = simulate(LaunchState(r0, theta0, 0.0, 0.0), k, IntegrationSettings(t_max=2.3 * period, samples=801))
    assert traj.stop_reason == "t_max"
    # E = 0 (up to cos(π/2) ≈ 6e-17), ṙ0 = 0: r(t)² = r0² for all t
    np.testing.assert_allclose(traj.r, r0, rtol=1e-9)
    centre = 0.0 if k > 0 else math.pi
    amplitude = np.abs(traj.theta - centre)
    assert amplitude.max() == pytest.approx(math.pi / 2, abs=1e-9)
    fit = CubicHermiteSpline(traj.t, traj.theta - centre, traj.omega)  # uses ω = θ̇ at the samples
    crossings = fit.roots(extrapolate=False)
    assert len(crossings) == 5
    # the first crossing comes a quarter period after the release from the turning point
    assert crossings[0] == pytest.approx(period / 4, rel=1e-7)
    assert crossings[2] - crossings[0] == pytest.approx(period, rel=1e-7)
    assert crossings[3] - crossings[1] == pytest.approx(period, rel=1e-7)
    # and a full period brings it back to θ0 at rest
    assert fit(period) + centre == pytest.approx(theta0, abs=1e-7)
    assert fit(period, 1) == pytest.approx(0.0, abs=1e-7)


FALLING = LaunchState(1.0, 0.4, -0.2, 0.3)  # k = 1: E < 0 and C < 0


def test_falling_launch_stops_at_r_min_at_the_predicted_time():
    k = 1.0
    E, C = invariants(FALLING, k)
    assert E < 0 and C < 0
    r_min = 0.05
    traj = simulate(FALLING, k, IntegrationSettings(t_max=5.0, samples=201, r_min=r_min))
    assert traj.stop_reason == "r_min"
    assert traj.r[-1] == r_min
    # the stop is at r = r_min, a little before the fall to r = 0
    t_hit = exact.time_to_radius(r_min, FALLING.r0, FALLING.vr0, E)
    assert traj.t_end == pytest.approx(t_hit, rel=1e-10)
    t_star = exact.fall_time(FALLING.r0, FALLING.vr0, E)
    assert t_hit < t_star
    assert traj.t_end < t_star


@pytest.mark.parametrize("r_min", [1e-6, 1e-9, 1e-12])
def test_tiny_r_min_stops_cleanly_at_the_fall_time(r_min):
    k = 1.0
    E, C = invariants(FALLING, k)
    traj = simulate(FALLING, k, IntegrationSettings(t_max=5.0, samples=201, r_min=r_min))
    assert traj.stop_reason == "r_min"
    assert traj.message == ""
    assert np.all(np.isfinite(traj.table()))
    t_star = exact.fall_time(FALLING.r0, FALLING.vr0, E)
    assert traj.t_end == pytest.approx(exact.time_to_radius(r_min, FALLING.r0, FALLING.vr0, E), rel=1e-10)
    assert traj.t_end == pytest.approx(t_star, rel=1e-10 + r_min**2)
    # the angle swings ever faster on the way in: τ grows like log(1/r_min)
    assert traj.tau[-1] > 0.5 * math.log(1 / r_min)
    assert np.max(np.abs(traj.C - C)) <= 1e-9 * max(abs(C), abs(k))


def test_free_motion_is_a_straight_line_at_constant_velocity():
    launch = LaunchState.from_cartesian(1.0, -0.5, -0.4, 0.7)
    traj = simulate(launch, 0.0, IntegrationSettings(t_max=6.0, samples=301))
    assert traj.stop_reason == "t_max"
    np.testing.assert_allclose(traj.x, 1.0 - 0.4 * traj.t, atol=1e-9)
    np.testing.assert_allclose(traj.y, -0.5 + 0.7 * traj.t, atol=1e-9)
    np.testing.assert_allclose(traj.vx, -0.4, atol=1e-9)
    np.testing.assert_allclose(traj.vy, 0.7, atol=1e-9)


@pytest.mark.parametrize("i", [0, 1, 2, 3, 4, 5])
def test_flipping_the_sign_of_k_mirrors_the_motion(i):
    launch, k, E, C, traj = spread_run(i)
    mirrored = LaunchState(launch.r0, launch.theta0 + math.pi, launch.vr0, launch.omega0)
    other = simulate(mirrored, -k, SPREAD_SETTINGS)
    assert other.stop_reason == traj.stop_reason
    assert other.t_end == pytest.approx(traj.t_end, rel=1e-9)
    scale = traj.r.max()
    np.testing.assert_allclose(other.x, -traj.x, rtol=0, atol=1e-8 * scale)
    np.testing.assert_allclose(other.y, -traj.y, rtol=0, atol=1e-8 * scale)
    np.testing.assert_allclose(other.theta, traj.theta + math.pi, rtol=0, atol=1e-8 * scale / traj.r.min())
    other_E, other_C = invariants(mirrored, -k)
    assert other_E == pytest.approx(E, rel=1e-13, abs=1e-14)
    assert other_C == pytest.approx(C, rel=1e-13, abs=1e-14)


def test_escape_reaches_r_max():
    launch, k = LaunchState(1.0, 2.0, 0.8, 0.9), 0.7
    E, C = invariants(launch, k)
    assert C > 0
    r_max = 12.0
    traj = simulate(launch, k, IntegrationSettings(t_max=100.0, samples=301, r_max=r_max))
    assert traj.stop_reason == "r_max"
    assert traj.r[-1] == r_max
    assert traj.t_end == pytest.approx(exact.time_to_radius(r_max, launch.r0, launch.vr0, E), rel=1e-10)
    x, y, _, _ = exact.exact_trajectory(traj.t, launch, k, E)
    assert np.max(np.hypot(traj.x - x, traj.y - y)) <= 1e-8 * r_max


def test_radial_launches_stay_on_the_axis():
    # attracted from rest: falls along +x with r² = r0² − 2k t² / r0²
    fall = simulate(LaunchState(1.5, 0.0, 0.0, 0.0), 1.0, IntegrationSettings(t_max=5.0, samples=101, r_min=1e-6))
    assert fall.stop_reason == "r_min"
    assert np.all(fall.theta == 0.0) and np.all(fall.y == 0.0)
    assert fall.t_end == pytest.approx(1.5**2 / math.sqrt(2.0), rel=1e-10)
    np.testing.assert_allclose(fall.r**2, 1.5**2 - 2 * fall.t**2 / 1.5**2, atol=1e-10)
    # repelled from rest on −x: escapes along the axis with r² = r0² + 2k t² / r0²
    out = simulate(LaunchState(1.5, math.pi, 0.0, 0.0), 1.0, IntegrationSettings(t_max=5.0, samples=101))
    assert out.stop_reason == "t_max"
    assert np.all(out.theta == math.pi)
    np.testing.assert_allclose(out.r**2, 1.5**2 + 2 * out.t**2 / 1.5**2, rtol=1e-10)


def test_cartesian_and_polar_launches_agree():
    k = -0.9
    polar = LaunchState(1.4, -2.2, 0.3, -0.6)
    cart = LaunchState.from_cartesian(polar.x0, polar.y0, polar.vx0, polar.vy0)
    assert cart.r0 == pytest.approx(polar.r0, rel=1e-15)
    assert cart.theta0 == pytest.approx(polar.theta0, rel=1e-15)
    assert cart.vr0 == pytest.approx(polar.vr0, rel=1e-14)
    assert cart.omega0 == pytest.approx(polar.omega0, rel=1e-14)
    settings = IntegrationSettings(t_max=6.0, samples=201)
    a, b = simulate(polar, k, settings), simulate(cart, k, settings)
    assert a.stop_reason == b.stop_reason
    np.testing.assert_allclose(a.x, b.x, atol=1e-9)
    np.testing.assert_allclose(a.y, b.y, atol=1e-9)
    np.testing.assert_allclose(a.vx, b.vx, atol=1e-8)
    np.testing.assert_allclose(a.vy, b.vy, atol=1e-8)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_runs(method):
    launch, k = LaunchState(1.2, 0.5, 0.3, 0.6), 0.8
    E, C = invariants(launch, k)
    traj = simulate(launch, k, IntegrationSettings(t_max=3.0, samples=101, method=method))
    assert traj.stop_reason == "t_max"
    assert traj.settings.method == method
    x, y, _, _ = exact.exact_trajectory(traj.t, launch, k, E)
    assert np.max(np.hypot(traj.x - x, traj.y - y)) <= 1e-7
    assert np.max(np.abs(traj.C - C)) <= 1e-7


@pytest.mark.parametrize(
    "kwargs",
    [
        {"t_max": math.nan},
        {"t_max": math.inf},
        {"t_max": 0.0},
        {"t_max": -1.0},
        {"r_min": math.nan},
        {"r_min": 0.0},
        {"r_min": -0.1},
        {"r_max": math.inf},
        {"r_max": -5.0},
        {"rtol": math.nan},
        {"rtol": 0.0},
        {"atol": math.inf},
        {"atol": -1e-12},
        {"samples": 1},
        {"samples": 0},
        {"samples": 10.5},
        {"samples": 2_000_000},
        {"r_min": 2.0, "r_max": 1.0},
        {"r_min": 1.0, "r_max": 1.0},
        {"method": "Euler"},
        {"method": "dop853"},
        {"t_max": "1"},
    ],
)
def test_invalid_settings_are_rejected(kwargs):
    with pytest.raises(ValueError):
        IntegrationSettings(**kwargs)


def test_defaults_are_the_documented_ones():
    s = IntegrationSettings()
    assert (s.rtol, s.atol, s.method) == (1e-10, 1e-12, "DOP853")
    assert s.r_min < s.r_max


@pytest.mark.parametrize(
    ("launch", "k", "settings"),
    [
        (LaunchState(0.05, 0.0, 0.0, 0.0), 1.0, IntegrationSettings(r_min=0.05)),  # r0 = r_min
        (LaunchState(0.01, 0.0, 0.0, 0.0), 1.0, IntegrationSettings(r_min=0.05)),  # r0 < r_min
        (LaunchState(100.0, 0.0, 0.0, 0.0), 1.0, IntegrationSettings(r_max=100.0)),  # r0 = r_max
        (LaunchState(1.0, 0.0, 0.0, 0.0), math.nan, IntegrationSettings()),
        (LaunchState(1.0, 0.0, 0.0, 0.0), math.inf, IntegrationSettings()),
    ],
)
def test_invalid_launches_are_rejected(launch, k, settings):
    with pytest.raises(ValueError):
        simulate(launch, k, settings)


def test_invalid_launch_states_are_rejected():
    for args in ((0.0, 0.0, 0.0, 0.0), (-1.0, 0.0, 0.0, 0.0), (1.0, math.nan, 0.0, 0.0), (1.0, 0.0, math.inf, 0.0)):
        with pytest.raises(ValueError):
            LaunchState(*args)
    with pytest.raises(ValueError):
        LaunchState.from_cartesian(0.0, 0.0, 1.0, 0.0)
    with pytest.raises(ValueError):
        LaunchState.from_cartesian(1.0, math.nan, 1.0, 0.0)


def test_evaluation_budget_stops_with_failed_and_keeps_the_partial_trajectory(monkeypatch):
    monkeypatch.setattr(contract, "MAX_RHS_EVALUATIONS", 300)
    k = 1.0
    E, C = invariants(FALLING, k)
    traj = simulate(FALLING, k, IntegrationSettings(t_max=5.0, samples=101, r_min=1e-12))
    assert traj.stop_reason == "failed"
    assert "300" in traj.message
    assert 0 < traj.t_end < exact.fall_time(FALLING.r0, FALLING.vr0, E)
    assert traj.t.shape == (101,) and np.all(np.isfinite(traj.table()))
    x, y, _, _ = exact.exact_trajectory(traj.t, FALLING, k, E)
    assert np.max(np.hypot(traj.x - x, traj.y - y)) <= 1e-8


def test_other_models_use_their_own_equations():
    point_charge = derivation.lambdified_model(derivation.DEFAULT_T, -derivation.k / derivation.r)
    # a circular Kepler orbit: r = 1 and one revolution in 2π for k = 1, θ̇ = 1
    circle = simulate(LaunchState(1.0, 0.0, 0.0, 1.0), 1.0, IntegrationSettings(t_max=2 * math.pi, samples=101), model=point_charge)
    np.testing.assert_allclose(circle.r, 1.0, rtol=1e-10)
    np.testing.assert_allclose(circle.theta, circle.t, atol=1e-9)
    assert np.all(np.isnan(circle.C))
    # an ellipse: E and the angular momentum r² θ̇ (θ is cyclic) are conserved
    ellipse = simulate(LaunchState(1.0, 0.0, 0.0, 1.2), 1.0, IntegrationSettings(t_max=20.0, samples=401), model=point_charge)
    E = 0.5 * 1.2**2 - 1.0
    assert np.max(np.abs(ellipse.energy - E)) <= 1e-9
    np.testing.assert_allclose(ellipse.r**2 * ellipse.omega, 1.2, rtol=1e-10)
    # perihelion r = 1 and aphelion r = L²/(k(1 − e)) with e = L²/k − 1 = 0.44
    assert ellipse.r.min() == pytest.approx(1.0, abs=1e-9)
    assert ellipse.r.max() == pytest.approx(1.44 / 0.56, rel=1e-4)


def test_extra_parameters_are_required_and_used():
    E0 = sp.Symbol("E0", real=True)
    model = derivation.lambdified_model(derivation.DEFAULT_T, derivation.DEFAULT_U - E0 * derivation.r * sp.cos(derivation.theta))
    launch = LaunchState(1.0, 0.3, 0.1, 0.5)
    with pytest.raises(ValueError, match="E0"):
        simulate(launch, 1.0, IntegrationSettings(t_max=1.0), model=model)
    traj = simulate(launch, 1.0, IntegrationSettings(t_max=10.0, samples=501), model=model, params={"E0": 0.2})
    assert traj.params == {"E0": 0.2}
    E, C = invariants(launch, 1.0, model=model, params={"E0": 0.2})
    assert math.isnan(C) and np.all(np.isnan(traj.C))
    terms = 0.5 * (traj.vr**2 + traj.r**2 * traj.omega**2) + np.abs(np.cos(traj.theta)) * (1 / traj.r**2 + 0.2 * traj.r)
    assert np.max(np.abs(traj.energy - E) / terms) <= 5e-9
    # E0 = 0 is the plain dipole
    plain = simulate(launch, 1.0, IntegrationSettings(t_max=3.0, samples=101), model=model, params={"E0": 0.0})
    dipole = simulate(launch, 1.0, IntegrationSettings(t_max=3.0, samples=101))
    np.testing.assert_allclose(plain.x, dipole.x, atol=1e-12)
