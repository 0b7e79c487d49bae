"""Runs past charges away from the origin converge to an independent reference (issue 15, "charges away from the origin").

The reference here is written out by hand, not taken from the app's derivation: Cartesian Levi-Civita
coordinates about the attracting charge, q − q_b = z², dt = |z|² ds, with the other charge's potential
V and force F = −∇V typed in from the formulas, integrated by solve_ivp at scipy's tightest tolerance
and checked for convergence against a run at 10× looser tolerance.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from physics.expressions import parse_expression
from physics.integration.batch import simulate_batch
from physics.integration.contract import IntegrationSettings
from physics.integration.regularised import regularisation_for
from physics.integration.scipy_engine import simulate
from physics.integration.singular import singular_points, time_transformation
from physics.launch import LaunchState

FINITE_DIPOLE_U = "(k/d)*(1/sqrt(r**2 + r*d*cos(theta) + d**2/4) - 1/sqrt(r**2 - r*d*cos(theta) + d**2/4))"
DIPOLE_AND_CHARGE_U = "-k*cos(theta)/r**2 - q/sqrt((x-1)**2+y**2)"  # a point dipole at the origin, a charge q at (1, 0)


def levi_civita_reference(q0, A, centre, V, F, t_max, t_grid, rtol):
    """Positions at t_grid of a unit charge released at rest at q0 in U = A/|q − centre| + V(q) (complex q)."""
    c = complex(*centre)
    z0 = np.sqrt(complex(*q0) - c)
    E = A / abs(z0) ** 2 + V(complex(*q0))

    def rhs(s, Y):
        z = complex(Y[0], Y[1])
        q = z * z + c
        zpp = (E - V(q)) * z / 2 + abs(z) ** 2 * z.conjugate() * F(q) / 2
        return [Y[2], Y[3], zpp.real, zpp.imag, abs(z) ** 2]

    def end(s, Y):
        return Y[4] - t_max

    end.terminal = True
    sol = solve_ivp(rhs, (0.0, 1e9), [z0.real, z0.imag, 0.0, 0.0, 0.0], method="DOP853", rtol=rtol, atol=1e-16,
                    dense_output=True, events=end)
    s = np.interp(t_grid, sol.y[4], sol.t)
    for _ in range(8):  # Newton on t(s) = t_grid, dt/ds = |z|²
        Y = sol.sol(s)
        s = s - (Y[4] - t_grid) / (Y[0] ** 2 + Y[1] ** 2)
    Y = sol.sol(s)
    q = (Y[0] + 1j * Y[1]) ** 2 + c
    return q.real, q.imag


def converged_reference(*args):
    x, y = levi_civita_reference(*args, rtol=2.3e-14)
    x2, y2 = levi_civita_reference(*args, rtol=2.3e-13)
    assert np.max(np.hypot(x - x2, y - y2)) / np.max(np.hypot(x, y)) < 1e-9  # the reference has converged
    return x, y


def finite_dipole_reference(k, d, q0, t_max, t_grid):
    Q = k / d  # +Q at (−d/2, 0) repels, −Q at (d/2, 0) attracts

    def V(q):
        return Q / abs(q + d / 2)

    def F(q):
        return Q * (q + d / 2) / abs(q + d / 2) ** 3

    return converged_reference(q0, -Q, (d / 2, 0.0), V, F, t_max, t_grid)


def relative_error(tr, x, y) -> float:
    return float(np.max(np.hypot(tr.x - x, tr.y - y)) / np.max(np.hypot(x, y)))


def model_of(U_text: str):
    from physics import derivation

    return derivation.lambdified_model(derivation.DEFAULT_T, parse_expression(U_text))


@pytest.fixture(scope="module")
def finite_dipole():
    return model_of(FINITE_DIPOLE_U)


def test_the_singular_points_are_found_from_U():
    d, a, b = (parse_expression(n) for n in ("d", "a", "b"))
    assert set(singular_points(parse_expression(FINITE_DIPOLE_U))) == {(-d / 2, 0), (d / 2, 0)}
    assert singular_points(parse_expression("-k/((x-a)**2+(y-b)**2) - 1/sqrt(x**2+y**2+1)")) == [(a, b)]
    for at_origin_only in ("-k*cos(theta)/r**2", "-k/r", "-k*cos(theta)/r**2 - q/r", "-k*(3*cos(theta)**2 - 1)/(2*r**3)",
                           "-k*cos(theta)/r**2 - E0*r*cos(theta)"):
        assert singular_points(parse_expression(at_origin_only)) == []


def test_the_point_dipole_is_integrated_as_before():
    """No singular point off the origin: no time transformation, no Levi-Civita piece, the very same steps."""
    from physics.derivation import dipole_model
    from physics.integration.generated import default_model

    for model in (default_model(), dipole_model()):
        assert time_transformation(model, (1.0,)) is None
        assert regularisation_for(model) is None


def test_the_issue_case_converges_to_the_reference(finite_dipole):
    """d = 0.1, k = 2, released at rest at (1.5, 1): six close passes of the attracting charge (down to ρ = 6e-4)
    by t = 20. In Sundman time the positions were off by 6e-4 of the largest r at rtol 1e-10 and 4e-4 at 1e-13."""
    k, d, t_max = 2.0, 0.1, 20.0
    t_grid = np.linspace(0.0, t_max, 401)
    x, y = finite_dipole_reference(k, d, (1.5, 1.0), t_max, t_grid)
    launch = LaunchState.from_cartesian(1.5, 1.0, 0.0, 0.0)
    errors = {}
    for rtol in (1e-10, 1e-13):
        settings = IntegrationSettings(t_max=t_max, samples=401, rtol=rtol, atol=rtol * 1e-2, r_min=1e-3)
        tr = simulate(launch, k, settings, model=finite_dipole, params={"d": d})
        assert tr.stop_reason == "t_max", tr.message
        errors[rtol] = relative_error(tr, x, y)
    assert errors[1e-10] < 2e-6, errors
    assert errors[1e-13] < 1e-8, errors


def test_the_trust_check_estimates_the_error_the_reference_measures(finite_dipole):
    """physics.trust.convergence (the Trust panel's figure for potentials without an exact path) against the
    reference: at rtol 1e-8 and 1e-10 its estimate is within a factor 2 of the true error."""
    from physics.trust import convergence

    k, d, t_max = 2.0, 0.1, 20.0
    t_grid = np.linspace(0.0, t_max, 401)
    x, y = finite_dipole_reference(k, d, (1.5, 1.0), t_max, t_grid)
    for rtol in (1e-8, 1e-10):
        settings = IntegrationSettings(t_max=t_max, samples=401, rtol=rtol, atol=1e-12, r_min=1e-3)
        tr = simulate(LaunchState.from_cartesian(1.5, 1.0, 0.0, 0.0), k, settings, model=finite_dipole, params={"d": d})
        check = convergence(tr, finite_dipole)
        assert check.rtol == rtol / 100 and check.compared_until == t_max and check.note == ""
        assert 0.5 < check.deviation / relative_error(tr, x, y) < 2.0, (rtol, check.deviation, relative_error(tr, x, y))


def test_the_columns_stay_consistent_through_the_switches(finite_dipole):
    """θ is continuous (no 2π jumps where a piece ends), τ grows, and x, vx agree with r, θ, vr, ω."""
    settings = IntegrationSettings(t_max=8.0, samples=4001, r_min=1e-3)
    tr = simulate(LaunchState.from_cartesian(1.5, 1.0, 0.0, 0.0), 2.0, settings, model=finite_dipole, params={"d": 0.1})
    assert tr.stop_reason == "t_max"
    assert np.all(np.diff(tr.tau) > 0)
    assert np.max(np.abs(np.diff(tr.theta))) < 1.0
    assert np.allclose(tr.x, tr.r * np.cos(tr.theta), atol=1e-12)
    assert np.allclose(tr.vx, tr.vr * np.cos(tr.theta) - tr.r * tr.omega * np.sin(tr.theta), rtol=1e-9, atol=1e-9)


def test_a_charge_beside_a_point_dipole_converges_to_the_reference():
    """A charge q = 1 at (1, 0) beside a point dipole k = 1 at the origin, released at rest at (1.8, 0.2): in
    Sundman time alone the run stalled at the charge's second pass (t = 19.03) at rtol 1e-10, and at its first
    (t = 0.76) at rtol 1e-12."""
    model = model_of(DIPOLE_AND_CHARGE_U)
    k, t_max = 1.0, 20.0
    t_grid = np.linspace(0.0, t_max, 401)

    def V(q):  # the dipole −k cos θ / r² = −k x / r³
        return -k * q.real / abs(q) ** 3

    def F(q):  # −∇V = k ∇(x / r³)
        x, y, r2 = q.real, q.imag, abs(q) ** 2
        return k * complex((r2 - 3 * x * x), -3 * x * y) / r2**2.5

    x, y = converged_reference((1.8, 0.2), -1.0, (1.0, 0.0), V, F, t_max, t_grid)
    launch = LaunchState.from_cartesian(1.8, 0.2, 0.0, 0.0)
    for rtol, bound in ((1e-10, 1e-7), (1e-12, 1e-9)):
        settings = IntegrationSettings(t_max=t_max, samples=401, rtol=rtol, atol=rtol * 1e-2, r_min=1e-3)
        tr = simulate(launch, k, settings, model=model, params={"q": 1.0})
        assert tr.stop_reason == "t_max", tr.message
        assert relative_error(tr, x, y) < bound, (rtol, relative_error(tr, x, y))


def test_the_batch_engine_leaves_close_passes_to_simulate(finite_dipole, monkeypatch):
    """simulate_batch (the window's fans) keeps its fast engine's runs that stay clear of the charges and has
    simulate integrate again those that come near one (from the samples, their chords and two-body pericentres)."""
    from physics.integration import regularised

    settings = IntegrationSettings(t_max=6.0, samples=101, r_min=1e-3)
    close = [LaunchState.from_cartesian(1.5, 1.0, 0.0, 0.0), LaunchState.from_cartesian(0.5, 0.3, 0.2, 0.0),
             LaunchState.from_cartesian(1.0, 0.02, -3.0, 0.0)]  # the last passes the charge between two samples
    clear = [LaunchState.from_cartesian(3.0, 0.0, 0.0, 1.0), LaunchState.from_cartesian(-2.0, 2.0, 0.0, -0.5)]
    batch = simulate_batch(close + clear, 2.0, settings, model=finite_dipole, params={"d": 0.1})
    for launch, tr in zip(close, batch):
        alone = simulate(launch, 2.0, settings, model=finite_dipole, params={"d": 0.1})
        assert np.array_equal(tr.x, alone.x) and np.array_equal(tr.y, alone.y)
        assert tr.stop_reason == alone.stop_reason
    monkeypatch.setattr(regularised, "redo_close_passes", lambda trajectories, *args: list(trajectories))
    fast = simulate_batch(close + clear, 2.0, settings, model=finite_dipole, params={"d": 0.1})
    for kept, tr in zip(batch[len(close):], fast[len(close):]):
        assert np.array_equal(kept.x, tr.x)  # the fast engine's own run
    for launch, tr in zip(clear, fast[len(close):]):  # and a right one: the same path as simulate's to rtol level
        alone = simulate(launch, 2.0, settings, model=finite_dipole, params={"d": 0.1})
        assert np.max(np.hypot(tr.x - alone.x, tr.y - alone.y)) < 1e-8


def test_a_launch_inside_a_disc_starts_in_levi_civita_coordinates(finite_dipole):
    """Released at rest 0.01 from the attracting charge (inside its disc), off the axis: it swings close round
    the charge, E stays put."""
    settings = IntegrationSettings(t_max=0.05, samples=201, r_min=1e-3, rtol=1e-12, atol=1e-14)
    tr = simulate(LaunchState.from_cartesian(0.05 + 0.01 * math.cos(1.0), 0.01 * math.sin(1.0), 0.0, 0.0), 2.0, settings,
                  model=finite_dipole, params={"d": 0.1})
    assert tr.stop_reason == "t_max", tr.message
    assert np.all(np.isfinite(tr.x))
    assert np.max(np.abs(tr.energy - tr.energy[0])) < 1e-7 * abs(tr.energy[0])


def test_a_head_on_collision_stops_at_the_charge_and_says_so(finite_dipole):
    """From rest on the axis the charge runs straight into (d/2, 0): the run ends there, and the list of charges
    says what happened (not "see the tooltip")."""
    from physics.outcome import outcome_text

    tr = simulate(LaunchState(1.5, 0.0, 0.0, 0.0), 1.0, IntegrationSettings(), model=finite_dipole, params={"d": 0.4})
    assert tr.stop_reason == "failed"
    assert math.hypot(tr.x[-1] - 0.2, tr.y[-1]) < 1e-6
    assert outcome_text(None, tr) == f"ran into a singular point of U at t = {tr.t_end:.3g}"
