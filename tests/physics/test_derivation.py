"""The sympy derivation against the equations, invariants and Sundman form written in PHYSICS.md."""

import numpy as np
import pytest
import sympy as sp

from physics import derivation as d
from physics.derivation import k, r, r_dot, theta, theta_dot, u, w

cos, sin = sp.cos(theta), sp.sin(theta)
E0 = sp.Symbol("E0", real=True)
POINT_CHARGE_U = -k / r
UNIFORM_FIELD_U = -k * cos / r**2 - E0 * r * cos


def same(a, b) -> bool:
    return sp.simplify(sp.expand(a - b)) == 0


@pytest.fixture(scope="module")
def dipole():
    return d.derive_equations()


@pytest.fixture(scope="module")
def point_charge():
    return d.derive_equations(U=POINT_CHARGE_U)


@pytest.fixture(scope="module")
def uniform_field():
    return d.lambdified_model(d.DEFAULT_T, UNIFORM_FIELD_U).equations


def test_dipole_equations_of_motion_match_physics_md(dipole):
    assert same(dipole.r_ddot, r * theta_dot**2 - 2 * k * cos / r**3)
    assert same(dipole.theta_ddot, -2 * r_dot * theta_dot / r - k * sin / r**4)


def test_dipole_angular_equation_is_the_torque_law(dipole):
    # d/dt(r² θ̇) = 2 r ṙ θ̇ + r² θ̈ = −k sin θ / r²
    assert same(2 * r * r_dot * theta_dot + r**2 * dipole.theta_ddot, -k * sin / r**2)


def test_dipole_energy_and_second_invariant_match_physics_md(dipole):
    assert same(dipole.energy, (r_dot**2 + r**2 * theta_dot**2) / 2 - k * cos / r**2)
    assert dipole.C is not None
    assert same(dipole.C, (r**2 * theta_dot) ** 2 / 2 - k * cos)
    assert dipole.params == (k,)
    assert dipole.param_names == ("k",)
    assert dipole.conserved == ()  # neither r nor θ is cyclic in the dipole field


def _time_derivative(expr, eq):
    """d/dt of expr(r, θ, ṙ, θ̇) along the derived equations of motion."""
    return sp.diff(expr, r) * r_dot + sp.diff(expr, theta) * theta_dot + sp.diff(expr, r_dot) * eq.r_ddot + sp.diff(expr, theta_dot) * eq.theta_ddot


def test_energy_and_C_are_conserved_by_the_derived_equations(dipole):
    assert same(_time_derivative(dipole.energy, dipole), 0)
    assert same(_time_derivative(dipole.C, dipole), 0)


def test_r_squared_has_constant_second_derivative_4E(dipole):
    # d²(r²)/dt² = 2ṙ² + 2 r r̈ = 4E, the reason r(t)² is a quadratic in t
    assert same(2 * r_dot**2 + 2 * r * dipole.r_ddot, 4 * dipole.energy)


def test_sundman_right_hand_side_is_the_plane_pendulum(dipole):
    dr, dth, du, dw = d.sundman_expressions(dipole)
    assert same(dr, r * u)
    assert same(dth, w)
    assert same(du, u**2 + w**2 - 2 * k * cos)
    assert same(dw, -k * sin)


def test_point_charge_gives_kepler_equations_without_C(point_charge):
    assert same(point_charge.r_ddot, r * theta_dot**2 - k / r**2)
    assert same(point_charge.theta_ddot, -2 * r_dot * theta_dot / r)
    assert same(point_charge.energy, (r_dot**2 + r**2 * theta_dot**2) / 2 - k / r)
    assert point_charge.C is None  # −k/r is homogeneous of degree −1, not −2


def test_point_charge_has_cyclic_theta_with_conserved_angular_momentum(point_charge):
    conserved = dict(point_charge.conserved)
    assert set(conserved) == {"p_theta"}
    assert same(conserved["p_theta"], r**2 * theta_dot)
    assert same(_time_derivative(conserved["p_theta"], point_charge), 0)


def test_dipole_in_uniform_field_matches_hand_derivation(uniform_field):
    # ∂U/∂r = 2k cos θ / r³ − E0 cos θ,  ∂U/∂θ = k sin θ / r² + E0 r sin θ
    # r̈ = r θ̇² − ∂U/∂r;   r² θ̈ + 2 r ṙ θ̇ = −∂U/∂θ
    assert same(uniform_field.r_ddot, r * theta_dot**2 - 2 * k * cos / r**3 + E0 * cos)
    assert same(uniform_field.theta_ddot, -2 * r_dot * theta_dot / r - k * sin / r**4 - E0 * sin / r)
    assert same(uniform_field.energy, (r_dot**2 + r**2 * theta_dot**2) / 2 + UNIFORM_FIELD_U)
    assert uniform_field.C is None
    assert uniform_field.conserved == ()
    assert uniform_field.param_names == ("k", "E0")  # k first, then the others by name


def test_homogeneity_test_distinguishes_degrees():
    assert d._homogeneous_degree_minus_two(-k * cos / r**2)
    assert d._homogeneous_degree_minus_two(sp.sin(2 * theta) / r**2)
    assert not d._homogeneous_degree_minus_two(POINT_CHARGE_U)
    assert not d._homogeneous_degree_minus_two(UNIFORM_FIELD_U)


def test_other_degree_minus_two_potential_gets_C():
    U = -k * sp.cos(2 * theta) / r**2  # a quadrupole-like angular dependence
    eq = d.derive_equations(U=U)
    assert eq.C is not None
    assert same(eq.C, (r**2 * theta_dot) ** 2 / 2 - k * sp.cos(2 * theta))
    assert same(_time_derivative(eq.C, eq), 0)


def _random_points(seed, n=20):
    rng = np.random.default_rng(seed)
    return [(rng.uniform(0.2, 3.0), rng.uniform(-np.pi, np.pi), rng.normal(), rng.normal(), rng.uniform(-2.0, 2.0)) for _ in range(n)]


def _value(expr, subs):
    return float(sp.N(expr.subs(subs), 30))


def test_lambdified_dipole_functions_agree_with_sympy_expressions(dipole):
    model = d.dipole_model()
    dr_tau, dth_tau, du_tau, dw_tau = d.sundman_expressions(dipole)
    E_r, E_th = -sp.diff(dipole.U, r), -sp.diff(dipole.U, theta) / r
    for rv, thv, a, b, kv in _random_points(1):
        subs = {r: rv, theta: thv, r_dot: a, theta_dot: b, k: kv, u: a, w: b}
        acc = model.accel(rv, thv, a, b, kv)
        assert acc[0] == pytest.approx(_value(dipole.r_ddot, subs), rel=1e-12, abs=1e-12)
        assert acc[1] == pytest.approx(_value(dipole.theta_ddot, subs), rel=1e-12, abs=1e-12)
        sund = model.sundman(rv, thv, a, b, kv)
        for got, expr in zip(sund, (dr_tau, dth_tau, du_tau, dw_tau)):
            assert got == pytest.approx(_value(expr, subs), rel=1e-12, abs=1e-12)
        assert model.energy(rv, thv, a, b, kv) == pytest.approx(_value(dipole.energy, subs), rel=1e-12, abs=1e-12)
        assert model.C(rv, thv, a, b, kv) == pytest.approx(_value(dipole.C, subs), rel=1e-12, abs=1e-12)
        assert model.potential(rv, thv, kv) == pytest.approx(_value(dipole.U, subs), rel=1e-12, abs=1e-12)
        fr, fth = model.field(rv, thv, kv)
        assert fr == pytest.approx(_value(E_r, subs), rel=1e-12, abs=1e-12)
        assert fth == pytest.approx(_value(E_th, subs), rel=1e-12, abs=1e-12)


def test_lambdified_field_is_the_dipole_field():
    # E = −∇U for U = −k cos θ / r²: E_r = −2k cos θ / r³, E_θ = −k sin θ / r³
    model = d.dipole_model()
    rng = np.random.default_rng(2)
    rr, th, kk = rng.uniform(0.2, 3, 50), rng.uniform(-np.pi, np.pi, 50), rng.uniform(-2, 2, 50)
    fr, fth = model.field(rr, th, kk)
    np.testing.assert_allclose(fr, -2 * kk * np.cos(th) / rr**3, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(fth, -kk * np.sin(th) / rr**3, rtol=1e-13, atol=1e-13)


def test_lambdified_functions_accept_arrays():
    model = d.dipole_model()
    rng = np.random.default_rng(3)
    n = 17
    rr, th, a, b = rng.uniform(0.5, 2, n), rng.uniform(-3, 3, n), rng.normal(size=n), rng.normal(size=n)
    acc_r, acc_th = model.accel(rr, th, a, b, 1.3)
    assert np.shape(acc_r) == np.shape(acc_th) == (n,)
    np.testing.assert_allclose(model.energy(rr, th, a, b, 1.3), [model.energy(*args, 1.3) for args in zip(rr, th, a, b)], rtol=1e-15)


def test_lambdified_uniform_field_model_agrees_with_sympy(uniform_field):
    model = d.lambdified_model(d.DEFAULT_T, UNIFORM_FIELD_U)
    assert model.param_names == ("k", "E0")
    assert model.C is None
    for rv, thv, a, b, kv in _random_points(4, n=8):
        e0 = 0.7 * kv - 0.3
        subs = {r: rv, theta: thv, r_dot: a, theta_dot: b, k: kv, E0: e0}
        acc = model.accel(rv, thv, a, b, kv, e0)
        assert acc[0] == pytest.approx(_value(uniform_field.r_ddot, subs), rel=1e-12, abs=1e-12)
        assert acc[1] == pytest.approx(_value(uniform_field.theta_ddot, subs), rel=1e-12, abs=1e-12)
        assert model.energy(rv, thv, a, b, kv, e0) == pytest.approx(_value(uniform_field.energy, subs), rel=1e-12)
        assert model.potential(rv, thv, kv, e0) == pytest.approx(_value(UNIFORM_FIELD_U, subs), rel=1e-12)


def test_compiled_model_is_derived_once(monkeypatch):
    first = d.dipole_model()
    in_field = d.lambdified_model(d.DEFAULT_T, UNIFORM_FIELD_U)
    assert d.dipole_model() is first
    assert d.lambdified_model(d.DEFAULT_T, d.DEFAULT_U) is first
    assert d.lambdified_model() is d.lambdified_model()

    def no_second_derivation(*args, **kwargs):
        raise AssertionError("the equations were derived a second time")

    monkeypatch.setattr(d, "derive_equations", no_second_derivation)
    monkeypatch.setattr(d, "lambdify_equations", no_second_derivation)
    assert d.dipole_model() is first
    assert d.lambdified_model(d.DEFAULT_T, UNIFORM_FIELD_U) is in_field


def test_default_call_shares_the_cached_dipole_model():
    assert d.lambdified_model() is d.dipole_model()


def test_kinetic_energy_that_cannot_be_solved_for_accelerations_is_rejected():
    # T independent of θ̇: the θ equation has no θ̈, so the accelerations are not determined
    with pytest.raises(ValueError):
        d.derive_equations(T=r_dot**2 / 2)


def printed(eq: d.Equations) -> str:
    parts = [eq.U, eq.r_ddot, eq.theta_ddot, eq.energy] + ([eq.C] if eq.C is not None else [])
    return " ".join(str(p) for p in parts)


def test_a_potential_in_x_and_y_prints_without_abs_r_or_sin_squared_plus_cos_squared():
    """x = r cos θ, y = r sin θ made x² + y² into r² sin²θ + r² cos²θ and √(r²) into Abs(r); r is a distance."""
    from physics.expressions import parse_expression

    eq = d.derive_equations(U=parse_expression("-k*x/(x^2+y^2)^(3/2)"))
    text = printed(eq)
    assert "Abs" not in text and "sin(theta)**2 + cos(theta)**2" not in text, text
    # it is the point dipole of PHYSICS.md, in its plain form
    assert eq.U == d.DEFAULT_U
    assert same(eq.r_ddot, r * theta_dot**2 - 2 * k * cos / r**3)
    assert same(eq.theta_ddot, -2 * r_dot * theta_dot / r - k * sin / r**4)
    assert same(eq.C, (r**2 * theta_dot) ** 2 / 2 - k * cos)
    # a kinetic energy in x_dot, y_dot is the usual T, so the exact features apply
    eq = d.derive_equations(T=parse_expression("(x_dot^2 + y_dot^2)/2", kind="T"), U=parse_expression("-k*x/(x^2+y^2)^(3/2)"))
    assert eq.T == d.DEFAULT_T and eq.C is not None


def test_a_finite_dipole_in_x_and_y_is_tidied_to_the_same_potential():
    from physics.expressions import parse_expression

    dd = sp.Symbol("d", real=True)
    typed = parse_expression("-k/sqrt((x - d/2)^2 + y^2) + k/sqrt((x + d/2)^2 + y^2)")
    tidy = d.plane_polar(typed)
    assert not tidy.has(sp.sin(theta)) and not tidy.has(sp.Abs)  # √(r² − d r cos θ + d²/4), no sin²θ + cos²θ
    hand = -k / sp.sqrt(r**2 - r * dd * cos + dd**2 / 4) + k / sp.sqrt(r**2 + r * dd * cos + dd**2 / 4)
    assert same(tidy, hand)
    assert d.plane_polar(d.DEFAULT_U) == d.DEFAULT_U and d.plane_polar(d.DEFAULT_T) == d.DEFAULT_T
