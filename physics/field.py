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

from dataclasses import dataclass

import numpy as np

from physics import pace


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
    at the pace.clock() `deadline` (physics/pace.py): a typed potential whose field flips across a line (abs(x - 0.5))
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
        pace.pause()  # the window's draw goes first (physics/pace.py)
        if evaluations > max_evaluations or (deadline is not None and pace.clock() > deadline):
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


def trace_field_lines(field, seeds, box: ViewBox, params: tuple = (), seconds: float | None = None,
                      edge_seeds=(), gap: float | None = None) -> list[Polyline]:
    """Field lines through every seed, traced both ways and joined, clipped to the box.

    With `seconds`, the seeds left when that much time has passed are skipped and the line being traced
    is cut there: a window redrawing on every change of k shows fewer lines rather than freeze (60 lines
    of a typed potential took 40 s). Each line also has its own cap of MAX_EVALUATIONS field evaluations.

    `edge_seeds` (see view_edge_seeds) are taken in turn with `seeds`, so both kinds get their share of the
    time, and each is skipped when a line already drawn passes within `gap` of it (default: a twentieth of
    the view's half diagonal): they fill the parts of the view that the lines from the charges leave empty.
    """
    lines = []
    points = []  # the drawn lines' points, for the gap test of the edge seeds
    gap = 0.05 * box.half_diagonal if gap is None else gap
    deadline = None if seconds is None else pace.clock() + seconds
    for seed, from_edge in _in_turn(list(seeds), list(edge_seeds)):
        if deadline is not None and pace.clock() > deadline:
            break
        if from_edge and points:
            near = np.concatenate(points)
            if np.min(np.hypot(near[:, 0] - seed[0], near[:, 1] - seed[1])) < gap:
                continue
        fx, fy = trace_field_line(field, seed, box, params, direction=1.0, deadline=deadline)
        bx, by = trace_field_line(field, seed, box, params, direction=-1.0, deadline=deadline)
        x = np.concatenate((bx[::-1], fx[1:]))
        y = np.concatenate((by[::-1], fy[1:]))
        pieces = clip_polyline(x, y, box)
        lines.extend(pieces)
        points.extend(np.column_stack(piece) for piece in pieces)
    return lines


def _in_turn(seeds: list, edge_seeds: list):
    """(seed, from_edge) pairs, one of each kind in turn while both last, each kind in _spread order."""
    seeds, edge_seeds = _spread(seeds), _spread(edge_seeds)
    for i in range(max(len(seeds), len(edge_seeds))):
        if i < len(seeds):
            yield seeds[i], False
        if i < len(edge_seeds):
            yield edge_seeds[i], True


def _spread(items: list) -> list:
    """items in bit-reversed (van der Corput) order of their index: every prefix is spread over the whole list,
    so lines cut short by the time limit still cover the view (and every charge) evenly."""
    n = len(items)
    bits = max(n - 1, 1).bit_length()
    keys = [int(format(i, f"0{bits}b")[::-1], 2) for i in range(n)]
    return [items[i] for i in sorted(range(n), key=keys.__getitem__)]


def view_edge_seeds(box: ViewBox, n: int) -> list[tuple[float, float]]:
    """n seeds spread evenly round the view's edge (corners left out), for lines that come in from outside it."""
    w, h = box.xmax - box.xmin, box.ymax - box.ymin
    out = []
    for s in (np.arange(n) + 0.5) * (2 * (w + h) / max(n, 1)):
        if s < w:
            out.append((box.xmin + s, box.ymin))
        elif s < w + h:
            out.append((box.xmax, box.ymin + s - w))
        elif s < 2 * w + h:
            out.append((box.xmax - (s - w - h), box.ymax))
        else:
            out.append((box.xmin, box.ymax - (s - 2 * w - h)))
    return [(float(x), float(y)) for x, y in out]


def singular_points(potential, box: ViewBox, params: tuple = (), grid: int = 161, most: int = 12) -> list[tuple[float, float]]:
    """Where U(r, θ, *params) is singular inside the view, found on a grid: points where it is not finite and
    isolated peaks of |U| far above its typical size (ten times the median). At most `most` of them, largest first.

    For seeding field lines only: a singular curve (log(r − 2)) gives a few points along it, which is harmless.
    """
    _, _, U = potential_grid(potential, box, grid, grid, params)
    xs, ys = np.linspace(box.xmin, box.xmax, grid), np.linspace(box.ymin, box.ymax, grid)
    A = np.where(np.isfinite(U), np.abs(U), np.inf)
    finite = A[np.isfinite(A)]
    if finite.size == 0:
        return []
    typical = float(np.median(finite)) or float(np.mean(finite)) or 1.0
    inner = A[1:-1, 1:-1]
    peak = inner > 10 * typical
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dx or dy:
                neighbour = A[1 + dy:grid - 1 + dy, 1 + dx:grid - 1 + dx]
                peak &= (inner >= neighbour) | ~np.isfinite(inner)
    iy, ix = np.nonzero(peak)
    order = np.argsort(-np.nan_to_num(inner[iy, ix], posinf=np.finfo(float).max))
    cell = max(xs[1] - xs[0], ys[1] - ys[0])
    out: list[tuple[float, float]] = []
    for j in order:
        x, y = float(xs[ix[j] + 1]), float(ys[iy[j] + 1])
        if all(np.hypot(x - a, y - b) > 3 * cell for a, b in out):
            out.append((x, y))
            if len(out) == most:
                break
    return out


def ring_seeds(centre: tuple[float, float], radius: float, n: int) -> list[tuple[float, float]]:
    """n seed points on a small circle around a charge."""
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False) + np.pi / n
    return [(centre[0] + radius * np.cos(a), centre[1] + radius * np.sin(a)) for a in angles]
