"""Equations of motion for a unit charge in a planar potential, derived with sympy.

L = T − U with T = ½(ṙ² + r²θ̇²) and, by default, the point dipole U = −k cosθ / r².
The Euler–Lagrange equations are solved for r̈ and θ̈; the numerical right-hand sides (in t and
in the Sundman time τ, dτ = dt / r²), the energy and, when U is homogeneous of degree −2, the
second invariant C = ½(r²θ̇)² + r²U are all generated from sympy's expressions with lambdify.
Nothing here is typed in by hand a second time.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp

from physics import pace

t = sp.Symbol("t", real=True)
r, theta = sp.symbols("r theta", real=True)
r_dot, theta_dot = sp.symbols("r_dot theta_dot", real=True)
k = sp.Symbol("k", real=True)
# Regularised velocities for Sundman time: u = r ṙ = ½ d(r²)/dt and w = r² θ̇ = dθ/dτ.
u, w = sp.symbols("u w", real=True)

DEFAULT_T = (r_dot**2 + r**2 * theta_dot**2) / 2
DEFAULT_U = -k * sp.cos(theta) / r**2


@dataclass(frozen=True)
class Equations:
    """The symbolic result of a derivation, in the symbols r, theta, r_dot, theta_dot and the parameters."""

    T: sp.Expr
    U: sp.Expr
    params: tuple[sp.Symbol, ...]
    r_ddot: sp.Expr
    theta_ddot: sp.Expr
    energy: sp.Expr
    C: sp.Expr | None  # second invariant, present when U is homogeneous of degree −2 in r
    conserved: tuple[tuple[str, sp.Expr], ...] = field(default=())  # momenta of cyclic coordinates

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)


def _tidy(expr: sp.Expr, limit: int = 40) -> sp.Expr:
    """simplify small expressions; leave large ones (a finite dipole's) as they are: simplify would take seconds and gain nothing."""
    return sp.simplify(expr) if sp.count_ops(expr) <= limit else expr


def _homogeneous_degree_minus_two(U: sp.Expr) -> bool:
    lam = sp.Symbol("lambda_", positive=True)
    scaled = U.subs(r, lam * r)
    return sp.simplify(scaled - U / lam**2) == 0


def plane_polar(expr: sp.Expr) -> sp.Expr:
    """expr with r > 0 and sin²θ + cos²θ = 1 used, as a text in x and y needs: x² + y² = r², √(r²) = r, not |r|.

    r is a distance, so it is positive; the module's r is only real (the generated code passes it as a float), so
    the assumption is put on for the tidying and taken off again. A sum is rewritten with sin²θ = 1 − cos²θ only
    where that makes it shorter, and only when it is small (a finite dipole's stays as it is, quickly).
    """
    positive = sp.Symbol("r", positive=True)
    sin2 = sp.sin(theta) ** 2

    def shorter(a: sp.Expr) -> sp.Expr:
        b = sp.expand(sp.expand(a).subs(sin2, 1 - sp.cos(theta) ** 2))
        return b if sp.count_ops(b) < sp.count_ops(a) else a

    def pythagorean(a: sp.Expr) -> bool:
        return a.is_Add and a.has(sp.sin(theta)) and a.has(sp.cos(theta)) and sp.count_ops(a) <= 60

    tidy = expr.subs(r, positive).replace(pythagorean, shorter)
    return tidy.subs(positive, r)


def derive_equations(T: sp.Expr = DEFAULT_T, U: sp.Expr = DEFAULT_U, params: tuple[sp.Symbol, ...] | None = None) -> Equations:
    """Derive r̈ and θ̈ from T(r, θ, ṙ, θ̇) and U(r, θ) by the Euler–Lagrange equations (r > 0: see plane_polar)."""
    T, U = plane_polar(T), plane_polar(U)
    if params is None:
        coords = {r, theta, r_dot, theta_dot}
        params = tuple(sorted((T.free_symbols | U.free_symbols) - coords, key=lambda s: (s.name != "k", s.name)))
    r_ddot, theta_ddot = (_tidy(a) for a in euler_lagrange(T, U, ((r, r_dot), (theta, theta_dot))))
    energy = sp.expand(_energy(T, U))
    C = None
    if T == DEFAULT_T and _homogeneous_degree_minus_two(U):
        C = sp.simplify((r**2 * theta_dot) ** 2 / 2 + r**2 * U)
    conserved = []
    L = T - U
    for q, qd, name in ((r, r_dot, "r"), (theta, theta_dot, "theta")):
        if not L.has(q):
            conserved.append((f"p_{name}", _tidy(sp.diff(L, qd))))
    return Equations(T, U, tuple(params), r_ddot, theta_ddot, energy, C, tuple(conserved))


def euler_lagrange(T: sp.Expr, U: sp.Expr, coordinates: tuple[tuple[sp.Symbol, sp.Symbol], ...]) -> tuple[sp.Expr, ...]:
    """The accelerations q̈ solved from the Euler–Lagrange equations of L = T − U, one per (q, q̇) in `coordinates`.

    The plane uses (r, θ); physics/space/ passes (r, θ, φ) for the charge in space.
    """
    funs = [sp.Function(q.name)(t) for q, _ in coordinates]
    to_fun = {}
    for (q, qd), f in zip(coordinates, funs):
        to_fun[q], to_fun[qd] = f, f.diff(t)
    lagrangian = (T - U).subs(to_fun, simultaneous=True)
    eqs = sp.euler_equations(lagrangian, funs, t)
    accels = sp.symbols(" ".join(f"a_{q.name}" for q, _ in coordinates), seq=True)
    plain = [eq.lhs.subs({f.diff(t, 2): a for f, a in zip(funs, accels)}) for eq in eqs]
    back1 = {f.diff(t): qd for (_, qd), f in zip(coordinates, funs)}
    plain = [e.subs(back1).subs({f: q for (q, _), f in zip(coordinates, funs)}) for e in plain]
    sol = sp.solve(plain, list(accels), dict=True)
    if len(sol) != 1 or any(a not in sol[0] for a in accels):
        which = "both accelerations" if len(coordinates) == 2 else "every acceleration"
        names = " and ".join(qd.name for _, qd in coordinates)
        raise ValueError(f"the Euler–Lagrange equations cannot be solved for {which} (is T quadratic in {names}?)")
    return tuple(sol[0][a] for a in accels)


def _energy(T: sp.Expr, U: sp.Expr) -> sp.Expr:
    """Jacobi's energy function h = Σ q̇ ∂L/∂q̇ − L (equal to T + U for a quadratic T)."""
    L = T - U
    return _tidy(r_dot * sp.diff(L, r_dot) + theta_dot * sp.diff(L, theta_dot) - L)


@dataclass(frozen=True)
class LambdifiedModel:
    """A NumericModel (physics/integration/contract.py) lambdified from an `Equations`; parameters follow the state.

    accel(r, theta, r_dot, theta_dot, *params) -> (r_ddot, theta_ddot)
    sundman(r, theta, u, w, *params) -> (dr/dτ, dθ/dτ, du/dτ, dw/dτ)    with u = r ṙ, w = r² θ̇
    energy(r, theta, r_dot, theta_dot, *params); C(...) is None when there is no second invariant
    potential(r, theta, *params); field(r, theta, *params) -> (E_r, E_theta), E = −∇U
    """

    equations: Equations
    accel: Callable
    sundman: Callable
    energy: Callable
    C: Callable | None
    potential: Callable
    field: Callable

    @property
    def param_names(self) -> tuple[str, ...]:
        return self.equations.param_names


def sundman_expressions(eq: Equations) -> tuple[sp.Expr, sp.Expr, sp.Expr, sp.Expr]:
    """Right-hand side in Sundman time τ for the state (r, θ, u = r ṙ, w = r² θ̇); dt/dτ = r²."""
    sub = {r_dot: u / r, theta_dot: w / r**2}
    du = _tidy(sp.expand(((r_dot**2 + r * eq.r_ddot) * r**2).subs(sub, simultaneous=True)))
    dw = _tidy(sp.expand(((2 * r * r_dot * theta_dot + r**2 * eq.theta_ddot) * r**2).subs(sub, simultaneous=True)))
    return (r * u, w, du, dw)


def lambdify_equations(eq: Equations) -> LambdifiedModel:
    """Lambdify an `Equations` (with common-subexpression elimination) into numpy functions."""
    state = (r, theta, r_dot, theta_dot) + eq.params
    sstate = (r, theta, u, w) + eq.params
    pos = (r, theta) + eq.params

    def lam(args, expr):
        return sp.lambdify(args, expr, modules="numpy", cse=True)

    accel = lam(state, [eq.r_ddot, eq.theta_ddot])
    sundman = lam(sstate, list(sundman_expressions(eq)))
    energy = lam(state, eq.energy)
    C = lam(state, eq.C) if eq.C is not None else None
    potential = lam(pos, eq.U)
    E_r = -sp.diff(eq.U, r)
    E_th = -sp.diff(eq.U, theta) / r
    fieldf = lam(pos, [E_r, E_th])
    return LambdifiedModel(eq, accel, sundman, energy, C, potential, fieldf)


def lambdified_model(T: sp.Expr = DEFAULT_T, U: sp.Expr = DEFAULT_U) -> LambdifiedModel:
    """Derive and lambdify once per (T, U); later calls reuse the cached functions."""
    return _lambdified_model(T, U)


@functools.lru_cache(maxsize=32)
def _lambdified_model(T: sp.Expr, U: sp.Expr) -> LambdifiedModel:
    return lambdify_equations(derive_equations(T, U))


_dipole_lock = threading.Lock()
_dipole_derived = False


def dipole_model() -> LambdifiedModel:
    """The default model: the point dipole U = −k cos θ / r². Derived once: a thread that asks while another
    derives it waits for that one (the window's warm-up and a panel's worker may ask together)."""
    global _dipole_derived
    with pace.waiting():  # (a drawing thread waiting here for a worker's derivation lets it go on: physics/pace.py)
        _dipole_lock.acquire()
    try:
        # on a worker (the window's warm-up, a panel's), sympy pauses for the window's drawing: physics/pace.py
        model = pace.run_paced(lambdified_model, DEFAULT_T, DEFAULT_U)
        _dipole_derived = True
    finally:
        _dipole_lock.release()
    return model


def dipole_model_ready() -> bool:
    """True once dipole_model() has been derived: a call returns at once (the window asks before calling it on its
    GUI thread, which must not spend half a second in sympy)."""
    return _dipole_derived
