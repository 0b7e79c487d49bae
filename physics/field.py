"""Field geometry: exact point-dipole field lines and equipotentials, and a numeric path for any U.

Point dipole along +x: field lines are r = c sin²θ, equipotentials U = U₀ are r² = −k cos θ / U₀.
Two spacings of the lines (SPACINGS). "flux": evenly spaced Stokes stream function ψ = sin²θ / r = 1/c puts
equal 3-D flux between the surfaces of revolution of neighbouring lines, so in the drawn plane the line
density follows |E|·|y|, not |E| (it thins towards the axis). "strength": evenly spaced 1/c², so that across
the lines on any ray from the dipole the spacing is ∝ 1/|E| (|E| ∝ 1/c³ there): dense lines mean a strong
field in the plane, as a picture is usually read. (No spacing does this along every line: the plane's
component of a 3-D field has a divergence.)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ViewBox:
    """An axis-aligned rectangle of the plane: xmin ≤ x ≤ xmax, ymin ≤ y ≤ ymax."""

    xmin: float = -3.0
    xmax: float = 3.0
    ymin: float = -2.0
    ymax: float = 2.0

    def __post_init__(self):
        values = (self.xmin, self.xmax, self.ymin, self.ymax)
        if not all(np.isfinite(values)):
            raise ValueError("the view box must have finite bounds")
        if not (self.xmin < self.xmax and self.ymin < self.ymax):
            raise ValueError("the view box must have xmin < xmax and ymin < ymax")

    @property
    def half_diagonal(self) -> float:
        return float(np.hypot(max(abs(self.xmin), abs(self.xmax)), max(abs(self.ymin), abs(self.ymax))))

    @property
    def half_extent(self) -> float:
        return float(max(abs(self.xmin), abs(self.xmax), abs(self.ymin), abs(self.ymax)))

    def contains(self, x, y):
        return (x >= self.xmin) & (x <= self.xmax) & (y >= self.ymin) & (y <= self.ymax)


Polyline = tuple[np.ndarray, np.ndarray]
MAX_VIEW_DISTANCE = 1000.0  # how many of its own widths a view may lie from the dipole (see view_side_problem)
MAX_EVALUATIONS = 20_000  # field evaluations per traced line; a dipole line across the view takes about 5,000


def view_side_problem(lo: float, hi: float) -> str | None:
    """Why lo..hi cannot be one side of a view, or None when it can.

    A side must have a width, and must lie within MAX_VIEW_DISTANCE of its widths of the dipole: x from
    1e6 − 2e−9 to 1e6 puts the dipole's glyph 10¹⁸ pixels away, and FreeType's rasteriser overflows
    drawing it (it fails from about 3·10⁷ pixels).
    """
    width = hi - lo
    if not width > 0:
        return f"needs a minimum below its maximum, got {lo:.17g} to {hi:.17g}"
    gap = max(lo, -hi, 0.0)
    if gap > MAX_VIEW_DISTANCE * width:
        return (f"from {lo:.15g} to {hi:.15g} is {width:.3g} wide and {gap:.3g} from the dipole: "
                f"a view may lie at most {MAX_VIEW_DISTANCE:g} of its widths away from it")
    return None


def clip_polyline(x: np.ndarray, y: np.ndarray, box: ViewBox) -> list[Polyline]:
    """Split a polyline into the runs of points inside the box (each run keeps one point beyond the edge)."""
    inside = box.contains(x, y) & np.isfinite(x) & np.isfinite(y)
    if not inside.any():
        return []
    pieces = []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inside.astype(np.int8), [0]))))
    for start, stop in zip(edges[::2], edges[1::2]):
        a, b = max(start - 1, 0), min(stop + 1, len(x))
        seg_x, seg_y = x[a:b], y[a:b]
        ok = np.isfinite(seg_x) & np.isfinite(seg_y)
        if ok.sum() >= 2:
            pieces.append((seg_x[ok], seg_y[ok]))
    return pieces


SPACINGS = ("flux", "strength")  # ψ = 1/c evenly spaced (3-D flux, density ∝ |E|·|y|), or 1/c² (density ∝ |E| in the plane)


def dipole_field_line_constants(n: int, box: ViewBox, spacing: str = "flux") -> np.ndarray:
    """c for n lines r = c sin²θ per half-plane, the innermost at c = 0.08 × the view's half extent.

    spacing "flux": ψ = 1/c evenly spaced (equal 3-D flux between lines, density ∝ |E|·|y| in the plane);
    "strength": 1/c² evenly spaced (density ∝ |E| across the lines on every ray from the dipole), so the lines
    reach out only to √n times the innermost: |E| falls as 1/r³.
    """
    if spacing not in SPACINGS:
        raise ValueError(f"spacing must be one of {', '.join(SPACINGS)}, got {spacing!r}")
    if n < 1:
        return np.empty(0)
    c_min = 0.08 * box.half_extent
    steps = np.arange(1, n + 1)
    return c_min * n / steps if spacing == "flux" else c_min * np.sqrt(n / steps)


def dipole_field_lines(n: int, box: ViewBox, points: int = 400, spacing: str = "flux") -> list[Polyline]:
    """Field lines r = c sin²θ of the point dipole on both sides of the axis, clipped to the box (see SPACINGS)."""
    lines = []
    theta = np.linspace(0.0, np.pi, points)
    # cluster the samples near the origin, where the curve turns fastest
    for c in dipole_field_line_constants(n, box, spacing):
        rr = c * np.sin(theta) ** 2
        x, y = rr * np.cos(theta), rr * np.sin(theta)
        lines.extend(clip_polyline(x, y, box))
        lines.extend(clip_polyline(x, -y, box))
    lines.append((np.array([box.xmin, box.xmax]), np.zeros(2)))  # the axis itself is a field line
    return lines


def dipole_equipotential_levels(k: float, n: int, box: ViewBox) -> np.ndarray:
    """n evenly spaced positive levels |U₀|; the outermost loop reaches the edge of the view."""
    if k == 0 or n < 1:
        return np.empty(0)
    reach = 0.9 * box.half_extent
    step = abs(k) / reach**2
    return step * np.arange(1, n + 1)


def dipole_equipotentials(k: float, n: int, box: ViewBox, points: int = 400) -> list[tuple[float, np.ndarray, np.ndarray]]:
    """Closed curves r² = −k cos θ / U₀ for U₀ = ±level, each as (U₀, x, y) pieces clipped to the box."""
    out = []
    if k == 0:
        return out
    phi = np.linspace(-np.pi / 2, np.pi / 2, points)
    for level in dipole_equipotential_levels(k, n, box):
        for U0 in (-level, level):
            # the loop lies on the side where −k cos θ / U₀ > 0: θ around 0 if −k/U₀ > 0, else around π
            around = 0.0 if -k / U0 > 0 else np.pi
            th = around + phi
            rr = np.sqrt(np.maximum(-k * np.cos(th) / U0, 0.0))
            for x, y in clip_polyline(rr * np.cos(th), rr * np.sin(th), box):
                out.append((float(U0), x, y))
    return out


def potential_grid(potential, box: ViewBox, nx: int = 200, ny: int = 200, params: tuple = (), clip: float | None = None):
    """U on a regular grid (X, Y, U) for contouring any potential(r, θ, *params); singular points become nan."""
    xs = np.linspace(box.xmin, box.xmax, nx)
    ys = np.linspace(box.ymin, box.ymax, ny)
    X, Y = np.meshgrid(xs, ys)
    R = np.hypot(X, Y)
    TH = np.arctan2(Y, X)
    with np.errstate(all="ignore"):
        U = np.broadcast_to(np.asarray(potential(R, TH, *params), dtype=float), R.shape).copy()
    U[~np.isfinite(U)] = np.nan
    if clip is not None:
        U[np.abs(U) > clip] = np.nan
    return X, Y, U


def trace_field_line(
    field,
    seed: tuple[float, float],
    box: ViewBox,
    params: tuple = (),
    direction: float = 1.0,
    max_length: float | None = None,
    singular_radius: float = 1e-3,
    max_field: float = 1e8,
    max_evaluations: int = MAX_EVALUATIONS,
    deadline: float | None = None,
) -> Polyline:
    """Integrate dx/ds = ±E/|E| from a seed until the edge of the box, a singularity, or the line closes.

    field(r, θ, *params) -> (E_r, E_θ), as generated from sympy. The line stops where |E| exceeds
    max_field or r < singular_radius (a charge), where it leaves the box, or when it returns to its seed.
    It also stops, keeping the part traced so far, after `max_evaluations` evaluations of the field or
    at the time.monotonic() `deadline`: a typed potential whose field flips across a line (abs(x - 0.5))
    or ends on a curve (log(r - 2)) makes the steps shrink without end.
    """
    from scipy.integrate import solve_ivp  # on first use: the window starts without importing scipy

    x0, y0 = seed
    if max_length is None:
        max_length = 8.0 * box.half_diagonal
    accepted: list[tuple[float, float]] = []  # the points of the steps taken, for a line cut short
    evaluations = 0

    def spend():
        nonlocal evaluations
        evaluations += 1
        if evaluations > max_evaluations or (deadline is not None and time.monotonic() > deadline):
            raise _OutOfBudget

    def unit_field(s, p):
        spend()
        x, y = p
        rr = np.hypot(x, y)
        th = np.arctan2(y, x)
        with np.errstate(all="ignore"):
            er, et = field(rr, th, *params)
        c, sn = np.cos(th), np.sin(th)
        ex, ey = er * c - et * sn, er * sn + et * c
        norm = np.hypot(ex, ey)
        if not np.isfinite(norm) or norm == 0:
            return (0.0, 0.0)
        return (direction * ex / norm, direction * ey / norm)

    def strength(s, p):
        spend()
        rr = np.hypot(*p)
        with np.errstate(all="ignore"):
            er, et = field(rr, np.arctan2(p[1], p[0]), *params)
        value = float(np.hypot(er, et))
        return (max_field - value) if np.isfinite(value) else -1.0

    def near_charge(s, p):
        return np.hypot(*p) - singular_radius

    margin = 0.05 * box.half_diagonal

    def leaves(s, p):
        x, y = p
        return min(x - box.xmin + margin, box.xmax + margin - x, y - box.ymin + margin, box.ymax + margin - y)

    gap = 0.02 * box.half_diagonal

    def closes(s, p):
        # only after travelling away from the seed
        return np.hypot(p[0] - x0, p[1] - y0) - gap if s > 4 * gap else 1.0

    def record(s, p):
        # solve_ivp evaluates the events once at the start and once after every step it takes
        accepted.append((float(p[0]), float(p[1])))
        return 1.0

    for ev in (strength, near_charge, leaves, closes):
        ev.terminal = True
        ev.direction = -1
    try:
        sol = solve_ivp(
            unit_field,
            (0.0, max_length),
            (x0, y0),
            events=(strength, near_charge, leaves, closes, record),
            max_step=0.01 * box.half_diagonal,
            rtol=1e-8,
            atol=1e-10,
        )
    except _OutOfBudget:
        points = np.array(accepted or [(x0, y0)], dtype=float)
        return points[:, 0], points[:, 1]
    return sol.y[0], sol.y[1]


class _OutOfBudget(Exception):
    """A traced line used up its evaluations or its time."""


def trace_field_lines(field, seeds, box: ViewBox, params: tuple = (), seconds: float | None = None) -> list[Polyline]:
    """Field lines through every seed, traced both ways and joined, clipped to the box.

    With `seconds`, the seeds left when that much time has passed are skipped and the line being traced
    is cut there: a window redrawing on every change of k shows fewer lines rather than freeze (60 lines
    of a typed potential took 40 s). Each line also has its own cap of MAX_EVALUATIONS field evaluations.
    """
    lines = []
    deadline = None if seconds is None else time.monotonic() + seconds
    for seed in seeds:
        if deadline is not None and time.monotonic() > deadline:
            break
        fx, fy = trace_field_line(field, seed, box, params, direction=1.0, deadline=deadline)
        bx, by = trace_field_line(field, seed, box, params, direction=-1.0, deadline=deadline)
        x = np.concatenate((bx[::-1], fx[1:]))
        y = np.concatenate((by[::-1], fy[1:]))
        lines.extend(clip_polyline(x, y, box))
    return lines


def ring_seeds(centre: tuple[float, float], radius: float, n: int) -> list[tuple[float, float]]:
    """n seed points on a small circle around a charge."""
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False) + np.pi / n
    return [(centre[0] + radius * np.cos(a), centre[1] + radius * np.sin(a)) for a in angles]
