"""The charge in space, derived with sympy: spherical coordinates r, θ (from the dipole's axis +x), φ (around it).

L = ½(ṙ² + r²θ̇² + r² sin²θ φ̇²) + k cosθ / r². physics.derivation.euler_lagrange (the plane's own solve, with a
third coordinate) gives r̈, θ̈, φ̈; φ is cyclic, so p_φ = r² sin²θ φ̇ = L_axis = y v_z − z v_y is conserved; so are
E = T + U and C = ½|L|² − k cosθ = r²(T − ½ṙ²) + r²U (U is homogeneous of degree −2).

Spherical coordinates are singular on the axis (φ̈ has cot θ; p_φ / sin²θ), and the dipole's axis is where
a charge with L_axis = 0 goes. So the integration uses a regular form in Sundman time τ (dτ = dt/r²): the unit
direction n = x/r, m = dn/dτ = r² ṅ, u = r ṙ, with
    dr/dτ = r u,  dn/dτ = m,  du/dτ = u² + |m|² + n·a(n),  dm/dτ = a(n) − (n·a(n)) n − |m|² n,  dt/dτ = r²,
where a(n) = r³ ẍ is the acceleration at unit radius (U homogeneous of degree −2 makes r³ a(r n) = a(n)). a(n) is
generated from sympy's r̈, θ̈, φ̈ at rest: ẍ = Σ ∂x/∂q q̈ + (terms in q̇ q̇, zero at rest), and the acceleration of a
conservative force does not depend on the velocity. θ and φ are read from n by atan2, which is smooth on the
axis because a(n) is (sin θ multiplies every φ term). The direction moves as a spherical pendulum in τ.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from physics import pace
from physics.derivation import DEFAULT_U, euler_lagrange, k, r, r_dot, theta, theta_dot

phi, phi_dot = sp.symbols("phi phi_dot", real=True)
SPACE_T = (r_dot**2 + r**2 * theta_dot**2 + r**2 * sp.sin(theta) ** 2 * phi_dot**2) / 2
COORDINATES = ((r, r_dot), (theta, theta_dot), (phi, phi_dot))
n1, n2, n3, u, m1, m2, m3 = sp.symbols("n1 n2 n3 u m1 m2 m3", real=True)


@dataclass(frozen=True)
class SpaceEquations:
    """sympy's result for the charge in space, in r, theta, phi, r_dot, theta_dot, phi_dot and k."""

    T: sp.Expr
    U: sp.Expr
    r_ddot: sp.Expr
    theta_ddot: sp.Expr
    phi_ddot: sp.Expr
    energy: sp.Expr
    C: sp.Expr
    cyclic: tuple[tuple[str, sp.Expr], ...]  # (coordinate, its conserved momentum)
    accel_unit: tuple[sp.Expr, sp.Expr, sp.Expr]  # a(n) = r³ ẍ at r = 1, in theta and phi

    def text(self) -> str:
        lines = [f"r_ddot = {self.r_ddot}", f"theta_ddot = {self.theta_ddot}", f"phi_ddot = {self.phi_ddot}",
                 f"E = {self.energy}", f"C = {self.C}"]
        lines += [f"{q} is cyclic: p_{q} = {p} is conserved (L_axis = y*v_z - z*v_y)" for q, p in self.cyclic]
        return "\n".join(lines)


def derive_space_equations(U: sp.Expr = DEFAULT_U) -> SpaceEquations:
    """Derive the three Euler–Lagrange equations from SPACE_T and U(r, θ) (axially symmetric) and what is conserved."""
    accels = tuple(sp.simplify(a) for a in euler_lagrange(SPACE_T, U, COORDINATES))
    lagrangian = SPACE_T - U
    energy = sp.simplify(sum(qd * sp.diff(lagrangian, qd) for _, qd in COORDINATES) - lagrangian)
    C = sp.simplify(r**2 * (SPACE_T - r_dot**2 / 2) + r**2 * U)
    cyclic = tuple((q.name, sp.simplify(sp.diff(lagrangian, qd))) for q, qd in COORDINATES if not lagrangian.has(q))
    position = sp.Matrix([r * sp.cos(theta), r * sp.sin(theta) * sp.cos(phi), r * sp.sin(theta) * sp.sin(phi)])
    at_rest = {r_dot: 0, theta_dot: 0, phi_dot: 0}
    qdd = [a.subs(at_rest) for a in accels]
    accel = sum((position.diff(q) * a for (q, _), a in zip(COORDINATES, qdd)), sp.zeros(3, 1))
    accel_unit = tuple(sp.simplify((r**3 * component).subs(r, 1)) for component in accel)
    if any(component.has(r) for component in accel_unit):
        raise ValueError("U must be homogeneous of degree -2 in r for the regular form in Sundman time")
    return SpaceEquations(SPACE_T, U, *accels, energy, C, cyclic, accel_unit)


@dataclass(frozen=True)
class SpaceModel:
    """The numpy functions made from SpaceEquations.

    sundman(r, n1, n2, n3, u, m1, m2, m3, k) -> the derivatives of (r, n, u, m) in τ (dt/dτ = r² is the engine's)
    energy, C (r, theta, phi, r_dot, theta_dot, phi_dot, k); accel_unit(n1, n2, n3, k) -> a(n)
    """

    equations: SpaceEquations
    sundman: Callable
    accel_unit: Callable
    energy: Callable
    C: Callable


def sundman_expressions(eq: SpaceEquations) -> list[sp.Expr]:
    """The regular right-hand side in τ for (r, n, u, m), with a(n) from sympy's equations (θ, φ read from n)."""
    on_n = {theta: sp.atan2(sp.sqrt(n2**2 + n3**2), n1), phi: sp.atan2(n3, n2)}
    a = [component.subs(on_n) for component in eq.accel_unit]
    n, m = (n1, n2, n3), (m1, m2, m3)
    radial = sum(ni * ai for ni, ai in zip(n, a))
    m2sum = sum(mi**2 for mi in m)
    return [r * u, *m, u**2 + m2sum + radial, *(ai - radial * ni - m2sum * ni for ai, ni in zip(a, n))]


def _derived_space_equations() -> SpaceEquations:
    """derive_space_equations(), in the derivation process (physics/safe_derive.py) when called off the main thread:
    a window's 3-D view derived it on a worker thread, and its second of sympy held the GIL from the window's drawing.
    Here on the main thread (the command line, a script), or when the derivation process cannot be had. (Python's
    thread count does not see the window's QThread workers: it is 1 once the warm-up thread has ended.)"""
    if threading.current_thread() is not threading.main_thread():
        from physics.safe_derive import DerivationError, call_with_timeout

        try:
            return call_with_timeout(__name__, "derive_space_equations")
        except DerivationError:
            pass
    return derive_space_equations()


def model_ready() -> bool:
    """Whether space_model() has been derived in this process (so calling it costs nothing)."""
    return space_model.cache_info().currsize > 0


@functools.cache
def space_model() -> SpaceModel:
    """Derive and lambdify once per process (about a second of sympy; on a worker, its lambdify pauses for the
    window's drawing: physics/pace.py)."""
    return pace.run_paced(_lambdified, _derived_space_equations())


def _lambdified(eq: SpaceEquations) -> SpaceModel:
    lam = functools.partial(sp.lambdify, modules="numpy", cse=True)
    sundman = lam((r, n1, n2, n3, u, m1, m2, m3, k), sundman_expressions(eq))
    on_n = {theta: sp.atan2(sp.sqrt(n2**2 + n3**2), n1), phi: sp.atan2(n3, n2)}
    accel = lam((n1, n2, n3, k), [c.subs(on_n) for c in eq.accel_unit])
    state = (r, theta, phi, r_dot, theta_dot, phi_dot, k)
    return SpaceModel(eq, sundman, accel, lam(state, eq.energy), lam(state, eq.C))
