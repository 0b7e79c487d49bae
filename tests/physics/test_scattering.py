"""Scattering (physics/scattering.py): the exact total Sundman time, symmetry and the exact deflection."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from physics import exact
from physics.integration.contract import IntegrationSettings
from physics.integration.scipy_engine import invariants, simulate
from physics.launch import LaunchState
from physics.scattering import (
    Beam,
    asymptotic_C,
    capture_width,
    deflection_angle,
    differential_cross_section,
    exact_deflection,
    scatter,
    total_sundman_time,
)


@pytest.mark.parametrize("b, k", [(2.0, 1.0), (0.6, -1.0), (3.0, 2.5)])
def test_total_sundman_time_is_pi_over_root_2C(b, k):
    """Δτ over the whole line is π/√(2C): the integrated stretch plus the two tails (by quadrature) add up to it."""
    launch = LaunchState.from_cartesian(20.0, b, -1.0, 0.0)
    E, C = invariants(launch, k)
    assert C > 0
    tr = simulate(launch, k, IntegrationSettings(t_max=200.0, samples=200, r_max=25.0))
    assert tr.stop_reason == "r_max"
    quadratic = lambda s: 1.0 / float(exact.r_squared(s, launch.r0, launch.vr0, E))  # noqa: E731
    before, _ = quad(quadratic, -np.inf, 0.0, epsabs=1e-13, epsrel=1e-12)
    after, _ = quad(quadratic, tr.t_end, np.inf, epsabs=1e-13, epsrel=1e-12)
    assert before + tr.tau[-1] + after == pytest.approx(total_sundman_time(C), rel=1e-8)


def test_total_sundman_time_needs_a_scattering_orbit():
    assert total_sundman_time(0.5) == pytest.approx(math.pi)
    with pytest.raises(ValueError):
        total_sundman_time(-0.1)


@pytest.fixture(scope="module")
def result():
    return scatter(Beam(-3.0, 3.0, 25, 1.0, math.pi, 40.0), 1.0)


def test_deflection_is_antisymmetric_in_b_for_a_beam_along_the_axis(result):
    d = result.deflection
    ok = np.isfinite(d) & np.isfinite(d[::-1])
    assert ok.sum() >= 10
    assert np.allclose(d[ok], -d[::-1][ok], atol=1e-6)
    assert np.array_equal(result.falls, result.falls[::-1])


def test_falls_exactly_inside_the_capture_band(result):
    width = capture_width(1.0, math.pi, 1.0)
    assert width == pytest.approx(math.sqrt(2.0))
    inside = np.abs(result.b) < width - 0.05
    outside = np.abs(result.b) > width + 0.05
    assert result.falls[inside].all()
    assert not result.falls[outside].any()
    assert np.isnan(result.deflection[result.falls]).all()


def test_numeric_deflection_matches_the_exact_one(result):
    for b, d, fell in zip(result.b, result.deflection, result.falls):
        if fell or abs(abs(b) - math.sqrt(2)) < 0.3:
            continue  # near the capture edge the orbit winds round many times: any small C error shows
        assert d == pytest.approx(exact_deflection(b, 1.0, math.pi, 1.0), abs=0.02)
    # far out the deflection is small and shrinks with b
    far = np.abs(result.b) > 2.2
    assert np.all(np.abs(result.deflection[far]) < 0.3)


def test_no_field_no_deflection():
    res = scatter(Beam(-2.0, 2.0, 4, 1.5, 0.3, 10.0), 0.0)  # b = 0 would run into the centre
    assert np.allclose(res.deflection, 0.0, atol=1e-8)
    for b in (-1.0, 0.5):
        assert exact_deflection(b, 1.5, 0.3, 0.0) == pytest.approx(0.0, abs=1e-9)


def test_beam_geometry_and_asymptotic_invariants():
    beam = Beam(-1.0, 1.0, 3, 2.0, math.pi / 2, 30.0)
    for b, launch in zip(beam.impact_parameters, beam.launches()):
        assert (launch.vx0, launch.vy0) == pytest.approx((0.0, 2.0), abs=1e-12)
        L = launch.x0 * launch.vy0 - launch.y0 * launch.vx0
        assert pytest.approx(-b * 2.0) == L
        E, C = invariants(launch, 1.0)
        # at a finite distance the angle is off θ_in by about b / start
        assert pytest.approx(asymptotic_C(b, 2.0, math.pi / 2, 1.0), abs=1.5 * abs(b) / 30.0 + 1e-3) == C
    with pytest.raises(ValueError):
        Beam(1.0, -1.0)
    with pytest.raises(ValueError):
        Beam(speed=0.0)


def test_cross_section_of_a_linear_deflection():
    b = np.linspace(0.0, 1.0, 11)
    theta, sigma = differential_cross_section(b, 0.5 * b)
    assert np.allclose(sigma, 2.0)
    b2 = np.array([0.0, 0.1, 0.2, 0.3, 0.4])
    theta2, sigma2 = differential_cross_section(b2, np.array([0.1, 0.2, np.nan, 0.4, 0.6]))
    assert np.allclose(sigma2[[0, 1]], 1.0) and np.allclose(sigma2[[3, 4]], 0.5) and np.isnan(sigma2[2])
    assert deflection_angle(-1.0, 0.0, 0.0) == pytest.approx(math.pi)


@pytest.mark.parametrize("direction, start", [(math.pi / 2, 25.0), (math.pi, 25.0), (math.pi / 2, 4.0), (2.5, 8.0)])
def test_point_dipole_beam_points_lie_on_the_exact_curve(direction, start):
    """Each charge starts on its exact incoming orbit and is read at infinity: no torque is lost at either end
    (starting on the straight line at 25 missed by up to 2.4 rad perpendicular to the axis, 0.67 along it)."""
    k, v = 1.0, 1.0
    res = scatter(Beam(-3.0, 3.0, 41, v, direction, start), k)
    edge = capture_width(v, direction, k)
    checked = 0
    for b, d in zip(res.b, res.deflection):
        C = asymptotic_C(b, v, direction, k)
        if abs(abs(b) - edge) < 0.15 or C < 0.05:
            continue  # at the capture edge (C → 0) the orbit winds round without end
        miss = abs(math.remainder(d - exact_deflection(b, v, direction, k), 2 * math.pi))
        assert miss < 1e-6, (b, d, miss)
        checked += 1
    assert checked >= 15


@pytest.mark.parametrize("b, direction, k", [(0.7, math.pi / 2, 1.0), (-1.5, math.pi, 1.0), (2.0, 0.4, -2.0), (0.3, math.pi, -1.0)])
def test_the_incoming_launch_came_from_the_beam_at_infinity(b, direction, k):
    """Run backwards from the start, the charge goes out along the beam's line: speed v, direction of travel α,
    and the line's offset b, independently of the closed form that put it there."""
    from physics.scattering import incoming_launch

    v = 1.3
    launch = incoming_launch(b, 6.0, v, direction, k)
    E, C = invariants(launch, k)
    assert pytest.approx(0.5 * v**2, rel=1e-12) == E
    assert pytest.approx(asymptotic_C(b, v, direction, k), abs=1e-12) == C
    back = LaunchState.from_cartesian(launch.x0, launch.y0, -launch.vx0, -launch.vy0)
    tr = simulate(back, k, IntegrationSettings(t_max=1e6, samples=50, r_max=2e4, rtol=1e-12, atol=1e-14))
    assert tr.stop_reason == "r_max"
    vx, vy, x, y = -tr.vx[-1], -tr.vy[-1], tr.x[-1], tr.y[-1]  # the forward motion there
    assert math.hypot(vx, vy) == pytest.approx(v, rel=1e-7)
    assert abs(math.remainder(math.atan2(vy, vx) - direction, 2 * math.pi)) < 2e-4  # the field's pull fades as 1/r²
    nx, ny = -math.sin(direction), math.cos(direction)
    assert x * nx + y * ny == pytest.approx(b, abs=5e-3)  # the line's offset, to the curvature left at r = 2e4
