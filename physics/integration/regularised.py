"""Runs past Coulomb singularities away from the origin: Levi-Civita coordinates in a disc around each.

A time transformation alone (singular.py) makes the steps follow a close pass, but the energy error
of a step there is still rtol × v² ~ rtol × |A|/ρ, and it sets the period of every later orbit: a
finite dipole's charge released at rest (d = 0.1, k = 2) lags by 1e-7 of its largest r at rtol 1e-13
in any time of that kind, and by 1e-4 in Sundman time. So where U has a Coulomb singularity
U = A/ρ + V (V bounded) at a point q_i off the origin, and T is the default ½|v|², the run switches
inside the disc ρ < R_i to Levi-Civita coordinates about q_i:

    q − q_i = z²  (complex),   dt = |z|² ds,   z'' = (E − V) z / 2 + |z|² z̄ F / 2,   F = −∇V,

which are regular at ρ = 0 (a harmonic oscillator for V = 0), and switches back outside 1.5 R_i.
E is the energy of the launch (conserved: U does not depend on t). V and F come from sympy with
each base of U at q_i written as (x − x_i)² + (y − y_i)², so nothing cancels near q_i. Outside the
discs the run goes on in the state (r, θ, u, w, t) of the other engines, in Sundman time (stretched
near any other kind of singular point by singular.TimeTransformation), with τ carried along.

R_i is half the distance from q_i to the origin or to the nearest other singular point, so no disc
holds another singularity. Each piece is one solve_ivp run with the engines' events, budget and stall
rule; the pieces are sampled uniformly in t together.
"""

from __future__ import annotations

import cmath
import functools
import math
from dataclasses import dataclass

import numpy as np

from physics import pace
from physics.integration import contract
from physics.integration.contract import budget_message, counts_towards_stall, run_deadline, stall_message
from physics.integration.singular import _negative_power_bases, potential_expressions
from physics.messages import one_line

EXIT_FACTOR = 1.5  # the Levi-Civita piece ends when ρ exceeds EXIT_FACTOR × R_i (it began at R_i)
# A pass closer than COLLISION × R_i is taken for a collision and ends the run there: Levi-Civita's
# continuation through ρ = 0 (a bounce straight back) is a convention, not physics, and a pericentre
# of 1e-12 R_i depends on digits the state does not hold.
COLLISION = 1e-12


@dataclass(frozen=True)
class CoulombPoint:
    """A Coulomb singularity U = A/ρ + V at (x, y), with numeric functions of the parameters."""

    where: object  # (*p) -> (x, y)
    strength: object  # (*p) -> A
    smooth: object  # (x, y, *p) -> V
    force: object  # (x, y, *p) -> (Fx, Fy) = −∇V


@dataclass(frozen=True)
class Regularisation:
    """What a potential offers: its Coulomb points, U in x and y (centred bases), and the parameter order."""

    points: tuple[CoulombPoint, ...]
    potential_xy: object  # (x, y, *p) -> U, accurate near every point
    params: tuple[str, ...]
    origin_singular: bool = True  # U is singular at r = 0 too (then no disc reaches the origin)


def regularisation_for(model) -> Regularisation | None:
    """The Levi-Civita data of a model, or None when it has no Coulomb point off the origin (or T is not ½|v|²)."""
    try:
        TU = potential_expressions(model)
        if TU is None:
            return None
        from physics import derivation as d

        if TU[0] != d.DEFAULT_T:
            return None
        return _regularisation(TU[1], tuple(model.param_names))
    except Exception:  # a potential sympy cannot take apart: the engine integrates it as before
        return None


@functools.lru_cache(maxsize=32)
def _regularisation(U, param_names: tuple[str, ...]) -> Regularisation | None:
    import sympy as sp

    from physics import derivation as d
    x, y = sp.symbols("x_ y_", real=True)
    params = [next((s for s in U.free_symbols if s.name == name), sp.Symbol(name, real=True)) for name in param_names]
    radius = sp.sqrt(x**2 + y**2)
    polar_to_xy = {d.r: radius, d.theta: sp.atan2(y, x)}
    trig = {sp.cos(sp.atan2(y, x)): x / radius, sp.sin(sp.atan2(y, x)): y / radius}

    def to_xy(expr):
        return sp.expand(sp.expand(sp.expand_trig(expr).subs(polar_to_xy, simultaneous=True)).subs(trig))

    centred = {}  # a base of U -> the same polynomial written about its zero
    centres = []  # (px, py, c)
    for base in _negative_power_bases(U):
        if not base.has(d.r, d.theta):
            continue
        B = to_xy(base)
        try:
            poly = sp.Poly(B, x, y)
        except sp.PolynomialError:
            continue
        if poly.total_degree() != 2:
            continue
        c = poly.coeff_monomial(x**2)
        solution = sp.solve([sp.diff(B, x), sp.diff(B, y)], [x, y], dict=True)
        if len(solution) != 1 or x not in solution[0] or y not in solution[0]:
            continue
        px, py = sp.simplify(solution[0][x]), sp.simplify(solution[0][y])
        square = c * ((x - px) ** 2 + (y - py) ** 2)
        if sp.expand(B - square) != 0 or (px == 0 and py == 0):
            continue  # not isotropic about a point off the origin
        centred[base] = square
        centres.append((px, py, c))
    if not centres:
        return None
    U_xy = U.xreplace({sp.Pow(b, e): sp.Pow(centred[b], e) for b in centred for e in _exponents(U, b)})
    U_xy = U_xy.subs(polar_to_xy, simultaneous=True).subs(trig)
    points = []
    seen = []
    for px, py, _ in centres:
        if any(sp.simplify(px - qx) == 0 and sp.simplify(py - qy) == 0 for qx, qy in seen):
            continue
        seen.append((px, py))
        rho = sp.Symbol("rho_", positive=True)
        square = (x - px) ** 2 + (y - py) ** 2
        in_rho = U_xy.xreplace({sp.Pow(cc * square, e): sp.Pow(cc, e) * rho ** (2 * e) for (qx, qy, cc) in centres
                                if qx == px and qy == py for e in _exponents(U_xy, cc * square)})
        expanded = sp.expand(in_rho)
        A = expanded.coeff(rho, -1)
        V = sp.expand(expanded - A / rho)
        if A == 0 or A.has(x, y, rho) or _has_negative_power(V, rho):
            continue  # not a plain Coulomb singularity there: the time transformation alone serves it
        V = V.subs(rho, sp.sqrt(square))
        lam = functools.partial(sp.lambdify, modules="numpy")
        points.append(CoulombPoint(
            where=lam(params, [px, py]),
            strength=lam(params, A),
            smooth=lam([x, y, *params], V),
            force=lam([x, y, *params], [-sp.diff(V, x), -sp.diff(V, y)]),
        ))
    if not points:
        return None
    origin = any(b.has(d.r) and sp.simplify(b.subs(d.r, 0)) == 0 for b in _negative_power_bases(U))
    return Regularisation(tuple(points), sp.lambdify([x, y, *params], U_xy, modules="numpy"), param_names, origin)


def _exponents(expr, base) -> set:
    import sympy as sp

    return {node.exp for node in sp.preorder_traversal(expr) if isinstance(node, sp.Pow) and node.base == base}


def _has_negative_power(expr, symbol) -> bool:
    import sympy as sp

    return any(isinstance(node, sp.Pow) and node.base == symbol and node.exp.is_negative for node in sp.preorder_traversal(expr))


class _Disc:
    """One Coulomb point for given parameter values: centre, radii, A and the smooth part."""

    def __init__(self, point: CoulombPoint, p, radius: float):
        cx, cy = (float(v) for v in point.where(*p))
        self.centre = complex(cx, cy)
        self.enter = radius
        self.leave = EXIT_FACTOR * radius
        self.A = float(point.strength(*p))
        self._smooth, self._force, self._p = point.smooth, point.force, tuple(p)

    def V(self, q: complex) -> float:
        return float(self._smooth(q.real, q.imag, *self._p))

    def F(self, q: complex) -> complex:
        fx, fy = self._force(q.real, q.imag, *self._p)
        return complex(float(fx), float(fy))


def discs_for(regularisation: Regularisation, p, other_points: np.ndarray) -> list[_Disc]:
    """The discs for parameter values p; R_i is half the distance to the nearest other singular point (the origin
    among them when U is singular there)."""
    centres = [complex(*(float(v) for v in point.where(*p))) for point in regularisation.points]
    everything = [complex(*xy) for xy in np.asarray(other_points, dtype=float).reshape(-1, 2)] + centres
    if regularisation.origin_singular:
        everything.append(0j)
    discs = []
    for point, centre in zip(regularisation.points, centres):
        if not (math.isfinite(centre.real) and math.isfinite(centre.imag)) or centre == 0:
            continue
        distances = [abs(centre - other) for other in everything if abs(centre - other) > 0]
        nearest = min(distances) if distances else abs(centre)
        discs.append(_Disc(point, p, 0.5 * nearest))
    return discs


def polar_to_lc(y, disc: _Disc):
    """(Re z, Im z, Re z', Im z', t, τ, θ) from (r, θ, u, w, t, τ)."""
    r, theta, u, w, t, tau = (float(v) for v in y)
    q = cmath.rect(r, theta)
    vr, omega = u / r, w / r**2
    v = cmath.rect(1.0, theta) * complex(vr, r * omega)
    z = cmath.sqrt(q - disc.centre)
    zp = v * z.conjugate() / 2
    return np.array([z.real, z.imag, zp.real, zp.imag, t, tau, theta])


def lc_to_polar(Y, disc: _Disc, theta_in: float = 0.0):
    """(r, θ, u, w, t, τ) from Levi-Civita states (columns of Y); θ is the carried one, made exact modulo 2π."""
    Y = np.asarray(Y, dtype=float)
    z = Y[0] + 1j * Y[1]
    zp = Y[2] + 1j * Y[3]
    q = disc.centre + z * z
    v = 2 * zp * z / np.maximum(np.abs(z) ** 2, 1e-300)
    r = np.abs(q)
    theta = Y[6] + np.angle(q * np.exp(-1j * Y[6]))  # the carried θ, corrected by its (tiny) error modulo 2π
    u = q.real * v.real + q.imag * v.imag
    w = q.real * v.imag - q.imag * v.real
    return np.array([r, theta, u, w, Y[4], Y[5]])


def energy_xy(regularisation: Regularisation, p, y) -> float:
    """½|v|² + U at a polar state (r, θ, u, w, ...), with U from the centred expression."""
    r, theta, u, w = (float(v) for v in y[:4])
    return 0.5 * ((u / r) ** 2 + (w / r) ** 2) + float(regularisation.potential_xy(r * math.cos(theta), r * math.sin(theta), *p))


class _Abort(Exception):
    pass


@dataclass
class _Piece:
    sol: object
    disc: _Disc | None  # None: the Sundman piece
    theta_in: float
    s_end: float
    y_end: np.ndarray  # in the piece's own coordinates


def integrate(sundman, transform, regularisation, p, y0_polar, settings):
    """Integrate from the polar state y0 (r, θ, u, w, t); returns (states (6, samples) polar with τ, stop_reason, t_end, message).

    `sundman(r, θ, u, w, *p)` is the model's right-hand side in τ; `transform` the time transformation
    for the remaining singular points (or None).
    """
    from scipy.integrate import solve_ivp

    discs = discs_for(regularisation, p, transform.points if transform is not None else np.empty((0, 2)))
    E = energy_xy(regularisation, p, y0_polar)
    evaluations = [0]
    limit = contract.MAX_RHS_EVALUATIONS
    deadline = run_deadline()
    over = [False]

    def count():
        evaluations[0] += 1
        pace.pause()  # the window's draw goes first (physics/pace.py)
        if evaluations[0] > limit or (evaluations[0] % 2000 == 0 and pace.clock() > deadline):
            over[0] = True
            if evaluations[0] > 2 * limit + 1000 or pace.clock() > deadline + contract.MAX_SECONDS:
                raise _Abort(f"no progress after {evaluations[0]} evaluations")

    def far_rhs(s, y):
        count()
        rr, th, uu, ww = y[0], y[1], y[2], y[3]
        try:
            dr, dth, du, dw = sundman(rr, th, uu, ww, *p)
        except Exception as exc:
            raise _Abort(f"the right-hand side raised {type(exc).__name__}: {one_line(exc)}") from None
        g = 1.0 if transform is None else transform.scalar(float(rr), float(th))
        return (g * dr, g * dth, g * du, g * dw, g * rr * rr, g)

    def lc_rhs_for(disc):
        def rhs(s, Y):
            count()
            z = complex(Y[0], Y[1])
            q = disc.centre + z * z
            zz = abs(z) ** 2
            try:
                V, F = disc.V(q), disc.F(q)
            except Exception as exc:
                raise _Abort(f"the right-hand side raised {type(exc).__name__}: {one_line(exc)}") from None
            zpp = (E - V) * z / 2 + zz * z.conjugate() * F / 2
            q2 = max(abs(q) ** 2, 1e-300)
            dtheta = (q.conjugate() * 2 * complex(Y[2], Y[3]) * z).imag / q2  # dθ/dt × dt/ds
            return (Y[2], Y[3], zpp.real, zpp.imag, zz, zz / q2, dtheta)
        return rhs

    def position(y, disc):
        if disc is None:
            return cmath.rect(y[0], y[1])
        return disc.centre + complex(y[0], y[1]) ** 2

    pieces: list[_Piece] = []
    y = np.array([*y0_polar[:5], 0.0], dtype=float)
    disc = next((c for c in discs if abs(position(y, None) - c.centre) < c.enter), None)
    theta_in = float(y[1])
    if disc is not None:
        y = polar_to_lc(y, disc)
    s0 = 0.0
    stop_reason, message = "t_max", ""
    while True:
        watch = _Watch(s0)
        current = disc

        def radius(s, Y, current=current):
            return abs(position(Y, current))

        events = [lambda s, Y, radius=radius: radius(s, Y) - settings.r_min, lambda s, Y, radius=radius: radius(s, Y) - settings.r_max,
                  lambda s, Y: Y[4] - settings.t_max, lambda s, Y, watch=watch: watch.event(s, Y, over[0])]
        if current is None:
            events += [functools.partial(lambda s, Y, c: abs(position(Y, None) - c.centre) - c.enter, c=c) for c in discs]
        else:
            # the second: every pericentre about the point (d|z|²/ds = 2 Re(z̄ z') turns positive), not terminal
            events += [lambda s, Y, c=current: abs(complex(Y[0], Y[1])) ** 2 - c.leave, lambda s, Y: Y[0] * Y[2] + Y[1] * Y[3]]
        directions = [-1, 1, 1, -1] + ([-1] * len(discs) if current is None else [1, 1])
        for event, direction in zip(events, directions):
            event.terminal, event.direction = True, direction
        if current is not None:
            events[-1].terminal = False
        rhs = far_rhs if current is None else lc_rhs_for(current)
        failure = ""
        with np.errstate(all="ignore"):
            try:
                sol = solve_ivp(rhs, (s0, 1e300), y, method=settings.method, rtol=settings.rtol, atol=settings.atol,
                                events=events, dense_output=True)
            except Exception as exc:
                failure = str(exc) if isinstance(exc, _Abort) else f"the {settings.method} method raised {type(exc).__name__}: {one_line(exc)}"
                sol = None
        if sol is None or not np.all(np.isfinite(sol.y)):
            stop_reason = "failed"
            message = (failure or "the right-hand side gave nan or infinity")
            break
        if sol.status == 1:
            which = next(i for i, times in enumerate(sol.t_events[:5] if current is not None else sol.t_events) if len(times))
            s_end, y_end = float(sol.t_events[which][0]), np.asarray(sol.y_events[which][0], dtype=float)
        else:
            which, s_end, y_end = None, float(sol.t[-1]), sol.y[:, -1].copy()
        if current is not None:
            collisions = [(float(se), ye) for se, ye in zip(sol.t_events[5], sol.y_events[5])
                          if ye[0] ** 2 + ye[1] ** 2 < COLLISION * current.enter and se <= s_end]
            if collisions:
                which, (s_end, y_end) = 5, collisions[0]
                y_end = np.asarray(y_end, dtype=float)
        pieces.append(_Piece(sol, current, theta_in, s_end, y_end))
        if current is not None and which == 5:
            stop_reason = "failed"
            message = (f"ran into the singularity of U at (x, y) = ({current.centre.real:.4g}, {current.centre.imag:.4g}) "
                       f"at t = {float(y_end[4]):.6g}: the path is kept up to there")
            break
        if which is not None and which >= 4:  # a switch
            polar = y_end if current is None else lc_to_polar(y_end[:, None], current, theta_in)[:, 0]
            if current is None:
                disc = discs[which - 4]
                theta_in = float(polar[1])
                y = polar_to_lc(polar, disc)
            else:
                disc, y = None, polar
            s0 = s_end
            continue
        if which is None:
            stop_reason = "t_max" if sol.status == 0 else "failed"
            message = "" if sol.status == 0 else f"the integrator stopped: {sol.message}"
        else:
            stop_reason = ("r_min", "r_max", "t_max", "failed")[which]
            if which == 3:
                t_here = float(y_end[4])
                polar = y_end if current is None else lc_to_polar(y_end[:, None], current, theta_in)[:, 0]
                message = (stall_message(float(polar[0]), float(polar[1]), t_here) if watch.stalled
                           else budget_message(t_here, float(polar[0]), evaluations[0], limit, timed=True))
        break
    return pieces, stop_reason, message


class _Watch:
    """The budget and stall rule of scipy_engine, for one piece (see contract.STALL_STEPS)."""

    def __init__(self, s0: float):
        self.last_step, self.last_t = s0, None
        self.small_steps, self.largest_step, self.largest_dt = 0, 0.0, 0.0
        self.stop_at = math.inf
        self.stalled = False

    def event(self, s, Y, over: bool) -> float:
        if over and self.stop_at == math.inf:
            self.stop_at = s
        if s > self.last_step:
            if self.last_t is not None:
                h, dt = s - self.last_step, abs(Y[4] - self.last_t)
                self.largest_step, self.largest_dt = max(self.largest_step, h), max(self.largest_dt, dt)
                self.small_steps = self.small_steps + 1 if counts_towards_stall(h, s, dt, self.largest_step, self.largest_dt) else 0
                if self.small_steps >= contract.STALL_STEPS and self.stop_at == math.inf:
                    self.stalled, self.stop_at = True, s
            self.last_t = Y[4]
            self.last_step = s
        return 1.0 if self.stop_at == math.inf else self.stop_at - s


def sample(pieces, stop_reason, settings, transform):
    """(states (6, samples): r, θ, u, w, t, τ uniform in t, t_end) from the pieces."""
    last = pieces[-1]
    end_polar = last.y_end if last.disc is None else lc_to_polar(last.y_end[:, None], last.disc, last.theta_in)[:, 0]
    if stop_reason == "t_max":
        end_polar[4] = settings.t_max
    elif stop_reason == "r_min":
        end_polar[0] = settings.r_min
    elif stop_reason == "r_max":
        end_polar[0] = settings.r_max
    t_end = float(end_polar[4])
    t_grid = np.linspace(0.0, t_end, settings.samples)
    states = np.empty((6, settings.samples))
    starts = np.array([float(piece.sol.y[4][0]) for piece in pieces])
    which = np.clip(np.searchsorted(starts, t_grid, side="right") - 1, 0, len(pieces) - 1)
    for i, piece in enumerate(pieces):
        chosen = np.flatnonzero(which == i)
        if chosen.size == 0:
            continue
        sol = piece.sol
        nodes_s = np.append(sol.t[sol.t < piece.s_end], piece.s_end)
        nodes_t = np.maximum.accumulate(np.append(sol.y[4][: len(nodes_s) - 1], piece.y_end[4]))
        tg = t_grid[chosen]
        j = np.clip(np.searchsorted(nodes_t, tg, side="right") - 1, 0, max(len(nodes_t) - 2, 0))
        if len(nodes_t) < 2:
            Y = np.repeat(sol.y[:, :1], tg.size, axis=1)
        else:
            lo_s, hi_s, lo_t, hi_t = nodes_s[j], nodes_s[j + 1], nodes_t[j], nodes_t[j + 1]
            span = np.where(hi_t > lo_t, hi_t - lo_t, 1.0)
            s = lo_s + (hi_s - lo_s) * np.clip((tg - lo_t) / span, 0.0, 1.0)
            for _ in range(8):
                Y = sol.sol(s)
                if piece.disc is None:
                    rate = Y[0] ** 2 * (1.0 if transform is None else transform(Y[0], Y[1]))
                else:
                    rate = Y[0] ** 2 + Y[1] ** 2
                s = np.clip(s - (Y[4] - tg) / np.maximum(rate, 1e-300), lo_s, hi_s)
            Y = sol.sol(s)
        states[:, chosen] = Y if piece.disc is None else lc_to_polar(Y, piece.disc, piece.theta_in)
    first = pieces[0]
    states[:, 0] = first.sol.y[:, 0] if first.disc is None else lc_to_polar(first.sol.y[:, :1], first.disc, first.theta_in)[:, 0]
    states[:, -1] = end_polar
    states[4] = t_grid
    return states, t_end


# The batch engines (numba, numpy) integrate in Sundman time alone. Their runs are kept where they stay
# clear of every disc; the others are integrated again by simulate. "Clear" is judged from the samples,
# generously: the run stopped on t_max, r_min or r_max; no sample and no chord between two samples comes
# within SCREEN_FACTOR × R_i of a Coulomb point; and no sample near enough for a pass before the next one has
# a two-body orbit about it (its energy and angular momentum about that point alone) with its pericentre there.
SCREEN_FACTOR = 3.0


def needs_simulate(trajectory, regularisation: Regularisation, p, other_points: np.ndarray) -> bool:
    """Whether a batch engine's run may have come near a Coulomb point (so that simulate must integrate it again)."""
    tr = trajectory
    if tr.stop_reason not in ("t_max", "r_min", "r_max"):
        return True
    discs = discs_for(regularisation, p, other_points)
    q = tr.x + 1j * tr.y
    v = tr.vx + 1j * tr.vy
    if not (np.all(np.isfinite(q)) and np.all(np.isfinite(v))):
        return True
    for disc in discs:
        near = SCREEN_FACTOR * disc.leave
        d = q - disc.centre
        rho = np.abs(d)
        if np.min(rho) < near:
            return True
        # chords between consecutive samples
        a, b = d[:-1], d[1:]
        chord = b - a
        length2 = np.abs(chord) ** 2
        along = np.clip(-(a.conjugate() * chord).real / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
        if np.min(np.abs(a + along * chord)) < near:
            return True
        # osculating pericentre about the point (A < 0 attracts: μ = −A)
        mu = -disc.A
        h = (d.conjugate() * v).imag
        energy = 0.5 * np.abs(v) ** 2 + disc.A / rho
        with np.errstate(all="ignore"):
            if mu > 0:
                e = np.sqrt(np.maximum(1.0 + 2.0 * energy * h**2 / mu**2, 0.0))
                pericentre = h**2 / (mu * (1.0 + e))
            else:  # a repelling point: the closest approach of the hyperbola
                e = np.sqrt(1.0 + 2.0 * energy * h**2 / mu**2)
                pericentre = h**2 / (-mu * (e - 1.0))
            heading_in = (d.conjugate() * v).real < 0
        # only where the next sample is far enough off for a pass to hide between them: a far sample's
        # two-body orbit about one charge of a pair means nothing (the pair's other charge shields it)
        speed = np.abs(v)
        step = float(tr.t[1] - tr.t[0]) if len(tr.t) > 1 else 0.0
        reach = near + 2.0 * np.maximum(speed, np.append(speed[1:], speed[-1])) * step
        if np.any(heading_in & (rho < reach) & ~(pericentre >= near)):
            return True
    return False


def redo_close_passes(trajectories, model, k, settings, params, simulate) -> list:
    """The batch engine's trajectories, with those that may have come near a Coulomb point integrated again by `simulate`."""
    from physics.integration.contract import param_values
    from physics.integration.singular import off_origin_points

    regularisation = regularisation_for(model)
    if regularisation is None:
        return list(trajectories)
    p = param_values(model, k, params)
    centres = np.array([[float(v) for v in point.where(*p)] for point in regularisation.points]).reshape(-1, 2)
    others = np.array([q for q in off_origin_points(model, p)
                       if not np.any(np.hypot(*(centres - q).T) <= 1e-12 * max(1.0, float(np.hypot(*q))))]).reshape(-1, 2)
    return [simulate(tr.launch, k, settings, model=model, params=params) if needs_simulate(tr, regularisation, p, others) else tr
            for tr in trajectories]
