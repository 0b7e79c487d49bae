"""The closed-form solution (physics/exact.py) against hand calculations, quadrature and integration."""

import math

import numpy as np
import pytest
from scipy.integrate import quad, solve_ivp

from physics import exact
from physics.integration.contract import IntegrationSettings
from physics.integration.scipy_engine import invariants, simulate
from physics.launch import LaunchState
from tests.physics.launches import hand_invariants, random_launches

# 4K(½) = Γ(¼)² / √π, computed without scipy.special
FOUR_K_HALF = math.gamma(0.25) ** 2 / math.sqrt(math.pi)


def fate(launch: LaunchState, k: float) -> exact.Fate:
    E, C = hand_invariants(launch, k)
    return exact.classify(launch, E, C, k)


def quad_tau(t, r0, vr0, E):
    value, _ = quad(lambda s: 1.0 / float(exact.r_squared(s, r0, vr0, E)), 0.0, t, epsabs=1e-14, epsrel=1e-13, limit=200)
    return value


def test_radial_fall_from_rest_on_the_axis():
    r0, k = 1.7, 0.8
    launch = LaunchState(r0, 0.0, 0.0, 0.0)
    assert hand_invariants(launch, k) == pytest.approx((-k / r0**2, -k))
    E, C = hand_invariants(launch, k)
    t_star = r0**2 / math.sqrt(2 * k)
    assert exact.fall_time(r0, 0.0, E) == pytest.approx(t_star, rel=1e-14)
    f = exact.classify(launch, E, C, k)
    assert f.kind == exact.FALLS
    assert f.fall_time == pytest.approx(t_star, rel=1e-14)
    assert f.closest_approach is None
    assert "falls" in f.describe()


def test_radial_fall_on_the_negative_axis_when_k_is_negative():
    r0, k = 1.2, -2.0
    launch = LaunchState(r0, math.pi, 0.0, 0.0)
    E, C = hand_invariants(launch, k)
    f = exact.classify(launch, E, C, k)
    assert f.kind == exact.FALLS
    assert f.fall_time == pytest.approx(r0**2 / math.sqrt(2 * abs(k)), rel=1e-14)


def test_zero_energy_inward_launch_falls_linearly_in_r_squared():
    # r0 = 1, θ0 = 0, ṙ0 = −1, θ̇0 = 1, k = 1: E = ½ + ½ − 1 = 0 and r² = 1 − 2t
    launch = LaunchState(1.0, 0.0, -1.0, 1.0)
    E, C = hand_invariants(launch, 1.0)
    assert E == 0.0 and C == -0.5
    assert exact.fall_time(1.0, -1.0, 0.0) == pytest.approx(0.5, rel=1e-15)
    assert exact.time_to_radius(0.5, 1.0, -1.0, 0.0) == pytest.approx(0.375, rel=1e-15)
    assert exact.fall_time(1.0, 1.0, 0.0) is None
    assert fate(launch, 1.0).kind == exact.FALLS


def test_escape_with_positive_C_has_closest_approach_sqrt_C_over_E():
    launch = LaunchState(2.0, 0.7, -0.9, 0.6)
    k = 0.5
    E, C = hand_invariants(launch, k)
    assert C > 0 and E > 0
    f = exact.classify(launch, E, C, k)
    assert f.kind == exact.ESCAPES
    assert f.fall_time is None
    assert f.closest_approach == pytest.approx(math.sqrt(C / E), rel=1e-14)
    # the minimum of r(t)² = 2E t² + 2 r0 ṙ0 t + r0² is at t = −r0 ṙ0 / (2E)
    t_min = -launch.r0 * launch.vr0 / (2 * E)
    assert math.sqrt(exact.r_squared(t_min, launch.r0, launch.vr0, E)) == pytest.approx(f.closest_approach, rel=1e-13)
    assert "escapes" in f.describe()


def test_outward_launch_has_closest_approach_at_the_start():
    launch = LaunchState(1.5, 0.2, 0.4, 1.0)
    f = fate(launch, 0.5)
    assert f.kind == exact.ESCAPES
    assert f.closest_approach == launch.r0


def test_negative_C_outward_with_positive_energy_escapes():
    launch = LaunchState(1.0, 0.0, 2.0, 0.0)
    k = 1.0
    E, C = hand_invariants(launch, k)
    assert C < 0 < E
    assert exact.fall_time(launch.r0, launch.vr0, E) is None
    f = exact.classify(launch, E, C, k)
    assert f.kind == exact.ESCAPES
    assert f.closest_approach == launch.r0


def test_negative_C_inward_with_positive_energy_falls():
    launch = LaunchState(1.0, 0.0, -2.0, 0.0)
    E, C = hand_invariants(launch, 1.0)
    assert C < 0 < E
    f = exact.classify(launch, E, C, 1.0)
    assert f.kind == exact.FALLS
    # r² = 2E t² − 4 t + 1 with E = 1: smallest root (4 − √8) / 4
    assert f.fall_time == pytest.approx((4 - math.sqrt(8)) / 4, rel=1e-14)


# C = ½·2 − 1 = 0 up to rounding; then 2E = ṙ0² and r(t)² = (r0 + ṙ0 t)², a perfect square
MARGINAL_IN = LaunchState(1.0, 0.0, -0.3, math.sqrt(2.0))
MARGINAL_OUT = LaunchState(1.0, 0.0, 0.5, math.sqrt(2.0))


def test_zero_C_is_marginal():
    for launch in (MARGINAL_IN, MARGINAL_OUT, LaunchState(1.0, 0.0, 0.0, math.sqrt(2.0))):
        f = fate(launch, 1.0)
        assert f.kind == exact.MARGINAL
        assert "marginal" in f.describe()
    out = fate(MARGINAL_OUT, 1.0)
    assert out.fall_time is None and out.closest_approach == MARGINAL_OUT.r0
    assert "circle" in fate(LaunchState(1.0, 0.0, 0.0, math.sqrt(2.0)), 1.0).describe()  # E = 0, ṙ0 = 0: r = r0


def test_marginal_inward_launch_reaches_the_dipole_when_integrated():
    # τ grows like 1/r here, not log(1/r): with r² a perfect square the swings pile up much faster
    r_min = 0.05
    traj = simulate(MARGINAL_IN, 1.0, IntegrationSettings(t_max=10.0, samples=201, r_min=r_min))
    assert traj.stop_reason == "r_min"
    # r = r0 + ṙ0 t
    assert traj.t_end == pytest.approx((MARGINAL_IN.r0 - r_min) / abs(MARGINAL_IN.vr0), rel=1e-7)
    np.testing.assert_allclose(traj.r, MARGINAL_IN.r0 + MARGINAL_IN.vr0 * traj.t, atol=1e-7)


def test_marginal_inward_launch_is_classified_as_reaching_the_dipole():
    f = fate(MARGINAL_IN, 1.0)
    assert f.fall_time == pytest.approx(MARGINAL_IN.r0 / abs(MARGINAL_IN.vr0), rel=1e-6)
    assert "reaches the dipole" in f.describe()


@pytest.mark.parametrize(
    ("C", "k", "regime"),
    [
        (0.3, 1.0, "libration"),
        (-0.5, 1.0, "libration"),
        (1.5, 1.0, "rotation"),
        (1.0, 1.0, "separatrix"),
        (0.3, -1.0, "libration"),
        (2.0, -1.0, "rotation"),
        (0.2, 0.0, "free"),
    ],
)
def test_pendulum_regime(C, k, regime):
    assert exact.pendulum_regime(C, k) == regime


def test_time_to_radius_lands_on_that_radius():
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(200):
        r0, vr0, E = rng.uniform(0.5, 2), rng.uniform(-1.5, 1.5), rng.uniform(-1, 1)
        radius = rng.uniform(0.05, 3)
        t = exact.time_to_radius(radius, r0, vr0, E)
        ts = np.linspace(0, 50, 20001)
        r2 = exact.r_squared(ts, r0, vr0, E)
        # an independent first-crossing search on a grid
        crossing = np.flatnonzero(np.diff(np.sign(r2 - radius**2)) != 0)
        if t is None:
            assert crossing.size == 0
            continue
        checked += 1
        assert t > 0
        assert exact.r_squared(t, r0, vr0, E) == pytest.approx(radius**2, rel=1e-9, abs=1e-12)
        if t < 50:
            assert crossing.size and abs(ts[crossing[0]] - t) <= 50 / 20000 * 1.01
    assert checked > 50


def test_fall_time_is_a_root_of_r_squared():
    rng = np.random.default_rng(12)
    for _ in range(100):
        r0, vr0, E = rng.uniform(0.5, 2), rng.uniform(-1.5, 1.5), rng.uniform(-1, 0.5)
        t = exact.fall_time(r0, vr0, E)
        disc = (2 * r0 * vr0) ** 2 - 8 * E * r0**2
        if E < 0 or (vr0 < 0 and disc >= 0):
            assert t is not None and t > 0
            assert exact.r_squared(t, r0, vr0, E) == pytest.approx(0.0, abs=1e-12 * r0**2)
            # no earlier zero: r² > 0 just before
            assert exact.r_squared(t * (1 - 1e-6), r0, vr0, E) > 0
        else:
            assert t is None


def test_sundman_time_is_the_integral_of_one_over_r_squared():
    cases = {
        "C>0": (1.0, -0.5, 0.6),  # D < 0: arctan
        "C<0, E<0": (1.0, 0.3, -0.4),  # D > 0, falls
        "C<0, E>0 outward": (1.0, 0.8, 0.1),  # D > 0, escapes
        "E=0 inward": (1.0, -0.3, 0.0),  # linear r²
        "E=0 outward": (1.0, 0.7, 0.0),
        "E=0 at rest": (1.3, 0.0, 0.0),
        "C=0": (1.0, 1.0, 0.5),  # D = 4 − 4 = 0 exactly
    }
    for name, (r0, vr0, E) in cases.items():
        t_star = exact.fall_time(r0, vr0, E)
        t_end = 0.95 * t_star if t_star is not None else 8.0
        ts = np.linspace(0, t_end, 9)[1:]
        closed = exact.sundman_time(ts, r0, vr0, E)
        numeric = [quad_tau(t, r0, vr0, E) for t in ts]
        np.testing.assert_allclose(closed, numeric, rtol=1e-10, err_msg=name)
        assert exact.sundman_time(0.0, r0, vr0, E) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("E", [1e-12, -1e-12, -6.123233995736766e-17])
def test_sundman_time_for_nearly_zero_energy(E):
    r0, vr0 = 1.0, 0.3
    ts = np.array([0.5, 2.0, 10.0])
    numeric = [quad_tau(t, r0, vr0, E) for t in ts]
    np.testing.assert_allclose(exact.sundman_time(ts, r0, vr0, E), numeric, rtol=1e-9)


@pytest.mark.parametrize(("r0", "vr0", "E"), [(1.0, -0.5, 0.6), (2.0, 0.4, 0.3), (0.7, -2.0, 2.5)])
def test_total_sundman_time_of_a_scattering_orbit_is_pi_over_sqrt_2C(r0, vr0, E):
    C = r0**2 * (E - 0.5 * vr0**2)  # C = r0² (E − ½ṙ0²) for this potential
    assert C > 0
    total = math.pi / math.sqrt(2 * C)
    limit = exact.sundman_time(np.inf, r0, vr0, E) - exact.sundman_time(-np.inf, r0, vr0, E)
    assert limit == pytest.approx(total, rel=1e-13)
    numeric, _ = quad(lambda s: 1.0 / float(exact.r_squared(s, r0, vr0, E)), -np.inf, np.inf, epsabs=1e-13, epsrel=1e-12)
    assert numeric == pytest.approx(total, rel=1e-9)


def pendulum_reference(tau, theta0, w0, k):
    sol = solve_ivp(
        lambda s, y: (y[1], -k * math.sin(y[0])),
        (0.0, float(tau[-1])),
        (theta0, w0),
        t_eval=tau,
        method="DOP853",
        rtol=1e-12,
        atol=1e-13,
    )
    return sol.y[0]


@pytest.mark.parametrize(
    ("theta0", "w0", "k"),
    [
        (0.3, 0.0, 1.0),  # libration from rest
        (1.0, 0.5, 2.0),
        (-2.0, 0.3, 1.0),
        (2.9, -0.1, 1.0),  # large libration
        (0.0, 3.0, 1.0),  # rotation, positive
        (0.5, -2.5, 1.0),  # rotation, negative
        (7.0, 0.2, 1.0),  # θ0 beyond 2π
        (-7.0, -3.0, 1.0),
        (3.2, 0.1, 1.0),  # rotation just past the top
        (0.3, 0.2, -1.0),  # k < 0: swings about θ = π
        (3.0, 0.5, -1.0),
        (math.pi, 0.0, -1.0),  # k < 0 at rest at its stable point
        (0.0, 2.5, -0.7),
        (0.0, 0.0, 1.0),  # at rest at the stable point
        (0.0, 1e-3, 1.0),  # tiny libration
    ],
)
def test_pendulum_angle_matches_numerical_pendulum(theta0, w0, k):
    tau = np.linspace(0.0, 12.0, 241)
    got = exact.pendulum_angle(tau, theta0, w0, k)
    np.testing.assert_allclose(got, pendulum_reference(tau, theta0, w0, k), rtol=0, atol=1e-9)


def test_pendulum_angle_on_the_separatrix():
    # C = k exactly: θ creeps towards the top; the reference itself is ill-conditioned there
    tau = np.linspace(0.0, 6.0, 121)
    got = exact.pendulum_angle(tau, 0.0, 2.0, 1.0)
    np.testing.assert_allclose(got, pendulum_reference(tau, 0.0, 2.0, 1.0), atol=1e-7)
    np.testing.assert_allclose(got, 4 * np.arctan(np.tanh(tau / 2)), atol=1e-12)  # the textbook separatrix


def test_pendulum_angle_without_force_is_uniform():
    tau = np.linspace(0, 5, 11)
    np.testing.assert_allclose(exact.pendulum_angle(tau, 0.4, -0.3, 0.0), 0.4 - 0.3 * tau)


@pytest.mark.parametrize(("theta0", "k"), [(math.pi, 1.0), (-math.pi, 1.0), (0.0, -1.0)])
def test_pendulum_angle_at_the_unstable_equilibrium_stays_there(theta0, k):
    tau = np.linspace(0, 3, 7)
    np.testing.assert_allclose(exact.pendulum_angle(tau, theta0, 0.0, k), theta0, atol=1e-12)


def test_swing_period_is_4K_of_one_half():
    assert abs(FOUR_K_HALF - 7.4163) < 1e-4
    assert exact.swing_period(1.0, 1.0) == pytest.approx(FOUR_K_HALF, rel=1e-14)
    for r0, k in ((0.5, 2.0), (2.0, 0.3), (1.5, -1.2)):
        assert exact.swing_period(r0, k) == pytest.approx(FOUR_K_HALF * r0**2 / math.sqrt(abs(k)), rel=1e-14)
    assert exact.swing_period(1.0, 1.0, amplitude=1e-6) == pytest.approx(2 * math.pi, rel=1e-12)  # small swings


CLASSIFY_SETTINGS = IntegrationSettings(t_max=6.0, samples=301, r_min=1e-4, r_max=6.0)


@pytest.mark.parametrize(("launch", "k"), random_launches(2024, 48, slow=0.4))
def test_classification_agrees_with_integration(launch, k):
    assert invariants(launch, k) == pytest.approx(hand_invariants(launch, k), rel=1e-13, abs=1e-14)
    E, C = invariants(launch, k)
    f = exact.classify(launch, E, C, k)
    s = CLASSIFY_SETTINGS
    traj = simulate(launch, k, s)
    if f.kind == exact.FALLS:
        assert C < 0
        t_in = exact.time_to_radius(s.r_min, launch.r0, launch.vr0, E)
        if t_in < s.t_max:
            assert traj.stop_reason == "r_min"
            assert traj.t_end == pytest.approx(t_in, rel=1e-8)
            assert traj.t_end < f.fall_time
        else:
            assert traj.stop_reason == "t_max"
    else:
        assert f.kind == exact.ESCAPES
        assert traj.stop_reason in ("t_max", "r_max")
        t_out = exact.time_to_radius(s.r_max, launch.r0, launch.vr0, E)
        if t_out is not None and t_out < s.t_max:
            assert traj.stop_reason == "r_max"
            assert traj.t_end == pytest.approx(t_out, rel=1e-8)
        else:
            assert traj.stop_reason == "t_max"
        assert traj.r.min() >= f.closest_approach * (1 - 1e-8)
        t_turn = -launch.r0 * launch.vr0 / (2 * E)
        if 0 < t_turn < traj.t_end:
            turn = simulate(launch, k, IntegrationSettings(t_max=2 * t_turn, samples=3, r_min=1e-4))
            assert turn.stop_reason == "t_max"
            assert turn.t[1] == pytest.approx(t_turn, rel=1e-15)
            assert turn.r[1] == pytest.approx(f.closest_approach, rel=1e-8)
            assert turn.vr[1] == pytest.approx(0.0, abs=1e-8 * math.sqrt(E))


def test_random_launches_cover_every_outcome():
    kinds = set()
    for launch, k in random_launches(2024, 48, slow=0.4):
        f = fate(launch, k)
        kinds.add((f.kind, f.swing, k > 0))
    assert {kind for kind, _, _ in kinds} == {exact.FALLS, exact.ESCAPES}
    assert {swing for _, swing, _ in kinds} >= {"libration", "rotation"}
    assert {positive for _, _, positive in kinds} == {True, False}
