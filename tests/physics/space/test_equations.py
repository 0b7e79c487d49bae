"""sympy's equations for the charge in space against those typed from PHYSICS.md."""

import math

import numpy as np
import pytest
import sympy as sp

from physics.derivation import derive_equations, k, r, r_dot, theta, theta_dot
from physics.space.equations import derive_space_equations, phi_dot, space_model


@pytest.fixture(scope="module")
def eq():
    return derive_space_equations()


def test_three_euler_lagrange_equations(eq):
    s, c = sp.sin(theta), sp.cos(theta)
    expected = (
        r * theta_dot**2 + r * s**2 * phi_dot**2 - 2 * k * c / r**3,
        -2 * r_dot * theta_dot / r + s * c * phi_dot**2 - k * s / r**4,
        -2 * r_dot * phi_dot / r - 2 * c / s * theta_dot * phi_dot,
    )
    for got, want in zip((eq.r_ddot, eq.theta_ddot, eq.phi_ddot), expected):
        assert sp.simplify(got - want) == 0


def test_phi_is_cyclic_and_its_momentum_is_L_axis(eq):
    assert [name for name, _ in eq.cyclic] == ["phi"]
    assert sp.simplify(eq.cyclic[0][1] - r**2 * sp.sin(theta) ** 2 * phi_dot) == 0
    assert sp.simplify(eq.C - (r**4 * (theta_dot**2 + sp.sin(theta) ** 2 * phi_dot**2) / 2 - k * sp.cos(theta))) == 0


def test_in_the_plane_the_equations_are_the_planar_ones(eq):
    planar = derive_equations()
    assert sp.simplify(eq.r_ddot.subs(phi_dot, 0) - planar.r_ddot) == 0
    assert sp.simplify(eq.theta_ddot.subs(phi_dot, 0) - planar.theta_ddot) == 0
    assert sp.simplify(eq.C.subs(phi_dot, 0) - planar.C) == 0


@pytest.mark.parametrize("n", [(1.0, 0.0, 0.0), (-1.0, 0.0, 0.0), (0.6, 0.8, 0.0), (0.0, 0.6, -0.8), (0.48, -0.6, 0.64),
                               (math.cos(1e-9), math.sin(1e-9), 0.0)])
def test_acceleration_at_unit_radius_is_minus_grad_U_also_on_the_axis(n):
    kk = -1.7
    n = np.array(n) / np.linalg.norm(n)
    # −∇U at r = 1 for U = −k x / r³: k (e_x − 3 n_x n)
    want = kk * (np.array([1.0, 0.0, 0.0]) - 3 * n[0] * n)
    got = np.array(space_model().accel_unit(*n, kk), dtype=float)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-14)


def test_regular_right_hand_side_is_finite_on_the_axis_and_at_the_origin():
    d = np.array(space_model().sundman(0.0, 1.0, 0.0, 0.0, -0.3, 0.0, 0.5, 0.2, 2.0), dtype=float)
    assert np.all(np.isfinite(d))
    # dm/dτ = a − (n·a) n − |m|² n: on the +x axis a = −2k n, so dm/dτ = −|m|² n
    np.testing.assert_allclose(d[5:], [-(0.5**2 + 0.2**2), 0.0, 0.0], atol=1e-14)


def test_a_worker_thread_has_the_derivation_process_derive_and_the_main_thread_derives_in_place(monkeypatch, eq):
    """A window's 3-D view derived on a worker thread, and that second of sympy held the GIL from the window's
    drawing (issue 12): off the main thread the derivation process derives, and the result is the same."""
    import threading

    from physics.space import equations

    real = equations.derive_space_equations
    here = []
    monkeypatch.setattr(equations, "derive_space_equations", lambda *a: here.append(threading.current_thread()) or real(*a))
    out = []
    worker = threading.Thread(target=lambda: out.append(equations._derived_space_equations()), daemon=True)
    worker.start()
    worker.join(120)
    assert out and here == []  # not on the worker
    for name in ("r_ddot", "theta_ddot", "phi_ddot", "energy", "C", "accel_unit", "cyclic"):
        assert getattr(out[0], name) == getattr(eq, name), name
    equations._derived_space_equations()  # the command line, a script: in place
    assert here == [threading.main_thread()]
