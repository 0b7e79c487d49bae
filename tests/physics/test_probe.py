"""The probe's V and E against closed forms worked out by hand (not through the app's own code)."""

import math

import numpy as np
import pytest

from physics import derivation as d
from physics.expressions import parse_expression
from physics.field import ViewBox
from physics.probe import ProbeReading, field_grid, read_probe

POINTS = [(1.0, 0.5), (-0.7, 1.3), (0.3, -2.2), (-1.5, -0.4), (2.0, 0.0), (0.0, -1.1)]


def dipole_closed_form(k, x, y):
    """U = −k cosθ/r² = −k x/r³; E = −∇U = k ((r² − 3x²)/r⁵, −3xy/r⁵)."""
    r2 = x * x + y * y
    r5 = r2 ** 2.5
    return -k * x / r2**1.5, k * (r2 - 3 * x * x) / r5, -3 * k * x * y / r5


@pytest.mark.parametrize("k", [1.0, -2.5, 0.3])
def test_point_dipole_matches_closed_form(k):
    model = d.dipole_model()
    for x, y in POINTS:
        got = read_probe(model, x, y, (k,))
        V, Ex, Ey = dipole_closed_form(k, x, y)
        assert pytest.approx(V, rel=1e-12, abs=1e-14) == got.V
        assert got.Ex == pytest.approx(Ex, rel=1e-12, abs=1e-14)
        assert got.Ey == pytest.approx(Ey, rel=1e-12, abs=1e-14)
        assert got.E_abs == pytest.approx(math.hypot(Ex, Ey), rel=1e-12)


def test_typed_point_charge_matches_closed_form():
    """U = −k/r: E = −∇U = −k r̂ / r² (towards the charge for k > 0)."""
    model = d.lambdify_equations(d.derive_equations(d.DEFAULT_T, parse_expression("-k/r", kind="U")))
    k = 2.0
    for x, y in POINTS:
        r = math.hypot(x, y)
        got = read_probe(model, x, y, (k,))
        assert pytest.approx(-k / r, rel=1e-12) == got.V
        assert got.Ex == pytest.approx(-k * x / r**3, rel=1e-12, abs=1e-14)
        assert got.Ey == pytest.approx(-k * y / r**3, rel=1e-12, abs=1e-14)
        assert got.E_abs == pytest.approx(k / r**2, rel=1e-12)


def test_typed_uniform_field_in_cartesian_symbols():
    """U = −E0 x − k y (typed in x and y): E = (E0, k) everywhere."""
    model = d.lambdify_equations(d.derive_equations(d.DEFAULT_T, parse_expression("-E0*x - k*y", kind="U")))
    assert model.param_names == ("k", "E0")
    got = read_probe(model, 0.4, -1.7, (0.25, 1.5))
    assert (got.Ex, got.Ey) == (pytest.approx(1.5, rel=1e-12), pytest.approx(0.25, rel=1e-12))
    assert pytest.approx(-1.5 * 0.4 - 0.25 * -1.7, rel=1e-12) == got.V


def test_singular_and_non_finite_points_are_refused():
    model = d.dipole_model()
    with pytest.raises(ValueError, match="singularity"):
        read_probe(model, 0.0, 0.0, (1.0,))
    with pytest.raises(ValueError, match="finite"):
        read_probe(model, math.inf, 0.0, (1.0,))
    off_centre = d.lambdify_equations(d.derive_equations(d.DEFAULT_T, parse_expression("-k/sqrt((x - 1)^2 + y^2)", kind="U")))
    with pytest.raises(ValueError, match="singularity"):
        read_probe(off_centre, 1.0, 0.0, (1.0,))  # the charge at (1, 0)
    assert read_probe(off_centre, 2.0, 0.0, (1.0,)).Ex == pytest.approx(-1.0, rel=1e-12)  # −k/(x−1)² beside it
    # at θ = π rounding leaves sin θ = 1.2e-16: a charge at (−1, 0) would give a huge finite E, not infinity
    behind = d.lambdify_equations(d.derive_equations(d.DEFAULT_T, parse_expression("-k/sqrt((x + 1)^2 + y^2)", kind="U")))
    with pytest.raises(ValueError, match="singularity"):
        read_probe(behind, -1.0, 0.0, (1.0,))
    near = read_probe(behind, -1.0 + 1e-4, 0.0, (1.0,))  # close to the charge, not on it: read
    assert near.Ex == pytest.approx(-1e8, rel=1e-6)


def test_as_dict_has_exactly_the_four_keys_and_no_negative_zero():
    reading = read_probe(d.dipole_model(), 1.0, 1.0, (1.0,))
    assert list(reading.as_dict()) == ["V", "Ex", "Ey", "E_abs"]
    on_axis = ProbeReading(1.0, 0.0, -1.2, -1.8, -0.0)  # sin π's rounding gives such a −0.0 on the axis
    assert math.copysign(1.0, on_axis.as_dict()["Ey"]) == 1.0  # printed "0.0", as the text output does


def test_field_grid_is_the_closed_form_and_nan_at_the_origin():
    box = ViewBox(-1.0, 1.0, -0.5, 0.5)
    X, Y, Ex, Ey = field_grid(d.dipole_model().field, box, 4, (1.5,))
    assert X.shape == (2, 4)
    assert np.allclose(np.unique(X), [-0.75, -0.25, 0.25, 0.75]) and np.allclose(np.unique(Y), [-0.25, 0.25])
    for x, y, ex, ey in zip(X.ravel(), Y.ravel(), Ex.ravel(), Ey.ravel()):
        _, cex, cey = dipole_closed_form(1.5, x, y)
        assert (ex, ey) == (pytest.approx(cex, rel=1e-12), pytest.approx(cey, rel=1e-12))
    _, _, Ex, Ey = field_grid(d.dipole_model().field, ViewBox(-1.0, 1.0, -1.0, 1.0), 1, (1.0,))
    assert np.isnan(Ex).all() and np.isnan(Ey).all()  # the one point is the origin


def test_the_origin_is_read_where_u_is_regular_there_and_refused_where_it_is_not():
    """Closed forms at (0, 0): two charges ±q at (±a, 0), U = q/|r − a x̂| − q/|r + a x̂|, give V = 0 and
    E = −∇U = (−2q/a², 0) there (both charges push and pull towards −x); a uniform field U = −E0 x − k y gives
    (E0, k). The point dipole, a point charge and a charge typed at the origin are singular there and refused."""
    def typed(text):
        return d.lambdify_equations(d.derive_equations(d.DEFAULT_T, parse_expression(text, kind="U")))

    pair = typed("k/sqrt((x - 0.05)^2 + y^2) - k/sqrt((x + 0.05)^2 + y^2)")
    got = read_probe(pair, 0.0, 0.0, (2.0,))
    assert pytest.approx(0.0, abs=1e-9) == got.V
    assert got.Ex == pytest.approx(-2 * 2.0 / 0.05**2, rel=1e-6) and got.Ey == pytest.approx(0.0, abs=1e-6)
    uniform = read_probe(typed("-E0*x - k*y"), 0.0, 0.0, (0.25, 1.5))
    assert (uniform.V, uniform.Ex, uniform.Ey) == (pytest.approx(0.0, abs=1e-12), pytest.approx(1.5), pytest.approx(0.25))
    for model in (d.dipole_model(), typed("-k/r"), typed("-k/sqrt(x^2 + y^2)"), typed("k*cos(2*theta)/r^3")):
        with pytest.raises(ValueError, match="origin, a singularity"):
            read_probe(model, 0.0, 0.0, (1.0,))
