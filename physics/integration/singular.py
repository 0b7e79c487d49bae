"""Where a potential is singular away from the origin, and the time transformation that regularises runs near there.

Sundman time (dτ = dt / r²) regularises r = 0 only. A finite dipole's charges sit at (±d/2, 0); near
one of them the force is a difference of huge terms, the step control is fooled at every close pass
and the run lags in time (tighter tolerances do not help). So where U has singular points q_i away
from the origin, the engines integrate in a time s with

    dτ/ds = g(q) = Π_i ρ_i² / (ρ_i² + a_i²),     ρ_i = |q − q_i|,

a_i half the distance from q_i to the origin or to the nearest other singular point. Near q_i,
dt/ds = r² g ≈ |q_i|² ρ_i² / a_i² (second-order Sundman time about q_i, as dτ = dt/r² is about the
origin); far from all of them g → 1 and s is τ again. The path is the same; only the steps change.
A potential without such points (the point dipole, a point charge, a quadrupole at the origin) is
integrated in τ exactly as before.

The points come from U itself: every base B of a negative power in U (1/sqrt(B), 1/B, …) is written
in x and y; where B is a polynomial in x, y whose stationary point is a zero of B, that point is
singular (B = (x − x_i)² + (y − y_i)², say). The points are sympy expressions in the parameters
(d/2, say), so one derivation serves every value the sliders give.
"""

from __future__ import annotations

import functools
import math

import numpy as np

GUARD = 1e-300  # keeps g > 0 even on a singular point itself (a run stops there anyway)


def off_origin_points(model, p) -> np.ndarray:
    """The singular points of the model's U away from the origin, for parameter values p: shape (m, 2)."""
    TU = potential_expressions(model)  # never derives: the point dipole's cached model runs no sympy
    if TU is None:
        return np.empty((0, 2))
    function = points_function(TU[1], tuple(model.param_names))
    with np.errstate(all="ignore"):
        points = np.asarray(function(*p), dtype=float).reshape(-1, 2)
    finite = np.all(np.isfinite(points), axis=1) & (np.hypot(points[:, 0], points[:, 1]) > 0)
    return points[finite]


def potential_expressions(model):
    """(T, U) of a model as sympy expressions, or None for the point dipole (no sympy run for it)."""
    from physics.integration.generated import GeneratedModel

    if isinstance(model, GeneratedModel):
        # its equations are derived (sympy, seconds) on first use: read what it was made from instead
        # (generated.py is left as it is: its text keys every generated module, and an edit recompiles them all)
        if model._equations is not None:
            return model._equations.T, model._equations.U
        return model._TU  # None for the point dipole loaded from the cache
    equations = getattr(model, "equations", None)
    return None if equations is None else (equations.T, equations.U)


@functools.lru_cache(maxsize=32)
def points_function(U, param_names: tuple[str, ...]):
    """A function of the parameters (named in order) returning the off-origin singular points of U as a list of [x, y]."""
    import sympy as sp

    points = singular_points(U)
    if not points:
        return lambda *p: []
    params = [next((s for s in U.free_symbols if s.name == name), sp.Symbol(name, real=True)) for name in param_names]
    return sp.lambdify(params, [list(point) for point in points], modules="numpy")


def singular_points(U) -> list[tuple]:
    """The off-origin singular points of U(r, θ, params) as sympy (x, y) pairs (expressions in the parameters)."""
    import sympy as sp

    from physics import derivation as d

    x, y = sp.symbols("x_ y_", real=True)
    radius = sp.sqrt(x**2 + y**2)
    to_xy = {d.r: radius, d.theta: sp.atan2(y, x)}
    found = []
    for base in _negative_power_bases(U):
        if not base.has(d.r, d.theta):
            continue
        B = sp.expand(sp.expand_trig(base).subs(to_xy, simultaneous=True))
        B = sp.expand(B.subs({sp.cos(sp.atan2(y, x)): x / radius, sp.sin(sp.atan2(y, x)): y / radius}))
        try:
            poly = sp.Poly(B, x, y)
        except sp.PolynomialError:
            continue
        if poly.total_degree() != 2:
            continue
        solution = sp.solve([sp.diff(B, x), sp.diff(B, y)], [x, y], dict=True)
        for point in solution:
            if x not in point or y not in point:
                continue
            px, py = sp.simplify(point[x]), sp.simplify(point[y])
            if sp.simplify(B.subs({x: px, y: py})) != 0:
                continue  # the base does not vanish there: no singularity (e.g. B = (x − 1)² + y² + 1)
            if px == 0 and py == 0:
                continue  # the origin: Sundman time takes care of it
            if not any(sp.simplify(px - qx) == 0 and sp.simplify(py - qy) == 0 for qx, qy in found):
                found.append((px, py))
    return found


def _negative_power_bases(U):
    import sympy as sp

    bases = []
    for node in sp.preorder_traversal(U):
        if isinstance(node, sp.Pow) and node.exp.is_number and node.exp.is_negative and node.base not in bases:
            bases.append(node.base)
    return bases


class TimeTransformation:
    """g(r, θ) = dτ/ds for a set of off-origin singular points (see the module's docstring)."""

    def __init__(self, points: np.ndarray):
        self.points = np.asarray(points, dtype=float).reshape(-1, 2)
        others = [np.hypot(*self.points[i]) for i in range(len(self.points))]
        scales = []
        for i, point in enumerate(self.points):
            nearest = others[i]
            for j, other in enumerate(self.points):
                if j != i:
                    nearest = min(nearest, float(np.hypot(*(point - other))))
            scales.append(0.5 * nearest)
        self.scales_squared = np.array(scales) ** 2

    def __call__(self, r, theta):
        """g at the position (r, θ) (floats or arrays)."""
        x, y = r * np.cos(theta), r * np.sin(theta)
        g = 1.0
        for (px, py), a2 in zip(self.points, self.scales_squared):
            rho2 = (x - px) ** 2 + (y - py) ** 2
            g = g * (rho2 / (rho2 + a2))
        return np.maximum(g, GUARD)

    def scalar(self, r: float, theta: float) -> float:
        """g for one position, in plain floats (the scipy engine calls this at every evaluation)."""
        x, y = r * math.cos(theta), r * math.sin(theta)
        g = 1.0
        for (px, py), a2 in zip(self.points.tolist(), self.scales_squared.tolist()):
            rho2 = (x - px) ** 2 + (y - py) ** 2
            g *= rho2 / (rho2 + a2)
        return max(g, GUARD)


def time_transformation(model, p) -> TimeTransformation | None:
    """The transformation for a model and parameter values, or None when U has no singular point off the origin."""
    try:
        points = off_origin_points(model, p)
    except Exception:  # a potential sympy cannot take apart: integrate in τ as before
        return None
    return TimeTransformation(points) if len(points) else None
