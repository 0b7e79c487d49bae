"""Field geometry (physics/field.py) against r = c sin²θ, r² = −k cos θ / U₀ and the generated field."""

import math

import numpy as np
import pytest

from physics import field as f
from physics.derivation import dipole_model

BOX = f.ViewBox()  # −3 ≤ x ≤ 3, −2 ≤ y ≤ 2
WIDE = f.ViewBox(-5.0, 4.0, -1.5, 3.0)


def polar(x, y):
    return np.hypot(x, y), np.arctan2(y, x)


def field_xy(x, y, k=1.0):
    """The model's lambdified field E = −∇U at (x, y), in Cartesian components."""
    rr, th = polar(x, y)
    er, et = dipole_model().field(rr, th, k)
    c, s = np.cos(th), np.sin(th)
    return er * c - et * s, er * s + et * c


def assert_clipped(x, y, box):
    """Every point is inside the box except the two ends, which may be one step beyond its edge."""
    assert np.all(box.contains(x[1:-1], y[1:-1]))
    step = np.max(np.hypot(np.diff(x), np.diff(y)))
    for i, j in ((0, 1), (-1, -2)):
        if not box.contains(x[i], y[i]):
            assert box.contains(x[j], y[j])
            assert x[i] >= box.xmin - step and x[i] <= box.xmax + step
            assert y[i] >= box.ymin - step and y[i] <= box.ymax + step


def is_axis(x, y):
    return np.all(y == 0)


@pytest.mark.parametrize("box", [BOX, WIDE])
def test_exact_field_lines_lie_on_r_equals_c_sin_squared(box):
    n = 6
    constants = f.dipole_field_line_constants(n, box)
    lines = f.dipole_field_lines(n, box)
    psi_seen = set()
    curved = [line for line in lines if not is_axis(*line)]
    assert len(curved) >= 2 * n
    for x, y in curved:
        rr, th = polar(x, y)
        away = rr > 1e-9 * box.half_extent
        psi = np.sin(th[away]) ** 2 / rr[away]  # Stokes stream function, constant on a line
        assert np.ptp(psi) <= 1e-12 * psi.max()
        c = 1.0 / np.median(psi)
        match = np.flatnonzero(np.isclose(constants, c, rtol=1e-12))
        assert match.size == 1
        psi_seen.add(int(match[0]))
        np.testing.assert_allclose(rr, c * np.sin(th) ** 2, rtol=0, atol=1e-13 * c)
        assert_clipped(x, y, box)
    assert psi_seen == set(range(n))
    # the axis is the field line with ψ = 0, drawn across the whole view
    axis = [line for line in lines if is_axis(*line)]
    assert len(axis) == 1
    np.testing.assert_array_equal(axis[0][0], [box.xmin, box.xmax])


def test_field_lines_lie_on_both_sides_of_the_axis():
    lines = [line for line in f.dipole_field_lines(3, BOX) if not is_axis(*line)]
    assert any(np.all(y >= 0) and np.any(y > 0) for _, y in lines)
    assert any(np.all(y <= 0) and np.any(y < 0) for _, y in lines)


@pytest.mark.parametrize("k", [1.0, -0.4])
def test_exact_field_lines_are_tangent_to_the_generated_field(k):
    lines = [line for line in f.dipole_field_lines(4, BOX, points=4000) if not is_axis(*line)]
    for x, y in lines:
        tx, ty = np.gradient(x), np.gradient(y)
        ok = (np.hypot(x, y) > 0.05) & BOX.contains(x, y)
        ok[[0, -1]] = False  # one-sided differences at the ends
        tx, ty = tx[ok], ty[ok]
        ex, ey = field_xy(x[ok], y[ok], k)
        sine = (tx * ey - ty * ex) / (np.hypot(tx, ty) * np.hypot(ex, ey))
        assert ok.sum() > 100
        assert np.max(np.abs(sine)) < 1e-4


def test_field_line_constants_give_evenly_spaced_psi():
    for n in (1, 2, 5, 9):
        c = f.dipole_field_line_constants(n, WIDE)
        assert c.shape == (n,)
        assert np.all(c > 0) and np.all(np.diff(c) < 0)
        psi = 1.0 / c
        np.testing.assert_allclose(np.diff(psi), psi[0], rtol=1e-12)
        # the innermost line, ψ = n / c_max ... the smallest loop, has c = 0.08 of the half extent
        assert c.min() == pytest.approx(0.08 * WIDE.half_extent)
    assert f.dipole_field_line_constants(0, BOX).size == 0


@pytest.mark.parametrize("k", [1.0, -2.5, 0.3])
@pytest.mark.parametrize("box", [BOX, WIDE])
def test_equipotentials_satisfy_r_squared_equals_minus_k_cos_over_U0(k, box):
    n = 4
    levels = f.dipole_equipotential_levels(k, n, box)
    assert levels.shape == (n,) and np.all(levels > 0)
    np.testing.assert_allclose(np.diff(levels), levels[0], rtol=1e-12)
    pieces = f.dipole_equipotentials(k, n, box)
    seen = set()
    for U0, x, y in pieces:
        assert abs(U0) in set(levels.tolist())
        seen.add(U0)
        rr, th = polar(x, y)
        scale = abs(k / U0)
        away = rr > 1e-6 * math.sqrt(scale)  # at the origin θ is undefined
        np.testing.assert_allclose(rr[away] ** 2, -k * np.cos(th[away]) / U0, rtol=0, atol=1e-12 * scale)
        # U = −k cos θ / r² really is U₀ on it
        np.testing.assert_allclose(-k * np.cos(th[away]) / rr[away] ** 2, U0, rtol=1e-9)
        assert_clipped(x, y, box)
    assert seen == set(levels.tolist()) | set((-levels).tolist())


def test_equipotential_loops_lie_on_the_side_set_by_the_sign_of_k_and_U0():
    for U0, x, _ in f.dipole_equipotentials(1.0, 3, BOX):
        # −k cos θ / U₀ > 0: for k > 0, U₀ < 0 on the +x side and U₀ > 0 on the −x side
        assert np.all(np.sign(x[np.abs(x) > 1e-9]) == -np.sign(U0))


def test_no_equipotentials_without_a_dipole():
    assert f.dipole_equipotentials(0.0, 5, BOX) == []
    assert f.dipole_equipotential_levels(0.0, 5, BOX).size == 0
    assert f.dipole_equipotential_levels(1.0, 0, BOX).size == 0


def test_potential_grid_is_nan_at_the_origin_and_the_potential_elsewhere():
    k = 1.7
    X, Y, U = f.potential_grid(dipole_model().potential, BOX, nx=61, ny=41, params=(k,))
    assert X.shape == Y.shape == U.shape == (41, 61)
    origin = (X == 0) & (Y == 0)
    assert origin.sum() == 1
    assert np.isnan(U[origin]).all()
    rr, th = polar(X[~origin], Y[~origin])
    np.testing.assert_allclose(U[~origin], -k * np.cos(th) / rr**2, rtol=1e-13)
    np.testing.assert_array_equal(X[0], np.linspace(BOX.xmin, BOX.xmax, 61))
    np.testing.assert_array_equal(Y[:, 0], np.linspace(BOX.ymin, BOX.ymax, 41))


def test_potential_grid_clip_blanks_large_values():
    X, Y, U = f.potential_grid(dipole_model().potential, BOX, nx=31, ny=21, params=(1.0,), clip=2.0)
    rr, th = polar(X, Y)
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = -np.cos(th) / rr**2
    big = ~(np.abs(exact) <= 2.0)
    assert big.any() and np.isnan(U[big]).all()
    np.testing.assert_allclose(U[~big], exact[~big], rtol=1e-13)


@pytest.mark.parametrize("seed", [(0.5, math.sqrt(3) / 2), (0.9, 1.5), (-2.0, 1.2), (0.5, -0.2)])
@pytest.mark.parametrize("direction", [1.0, -1.0])
def test_traced_dipole_field_line_follows_r_equals_c_sin_squared(seed, direction):
    k = 1.0
    model = dipole_model()
    rr0, th0 = math.hypot(*seed), math.atan2(seed[1], seed[0])
    c = rr0 / math.sin(th0) ** 2
    x, y = f.trace_field_line(model.field, seed, BOX, params=(k,), direction=direction)
    assert (x[0], y[0]) == seed
    rr, th = polar(x, y)
    assert np.max(np.abs(rr - c * np.sin(th) ** 2)) <= 1e-6 * c
    # it moves along (or against) the field: E · step has the sign of `direction`
    ex, ey = field_xy(x[:-1], y[:-1], k)
    along = (ex * np.diff(x) + ey * np.diff(y)) * direction
    assert np.all(along > 0)
    # and stops either just beyond the box (5% of the half diagonal) or near the dipole
    end_r = rr[-1]
    beyond = max(BOX.xmin - x[-1], x[-1] - BOX.xmax, BOX.ymin - y[-1], y[-1] - BOX.ymax)
    margin = 0.05 * BOX.half_diagonal
    near_dipole = end_r < 1e-2
    at_edge = beyond == pytest.approx(margin, abs=1e-6)
    assert near_dipole != at_edge
    if near_dipole:
        assert end_r >= 1e-3 * (1 - 1e-9)  # singular_radius
    else:
        assert np.all(rr > 1e-2)
    # a loop inside the box (c sin²θ ≤ c < 2 when it fits) can only end at the dipole
    if c < BOX.ymax and c < BOX.xmax:
        assert near_dipole


def test_traced_field_lines_are_joined_and_clipped():
    k = 1.0
    seeds = f.ring_seeds((0.0, 0.0), 0.3, 8)
    assert len(seeds) == 8
    np.testing.assert_allclose([math.hypot(*s) for s in seeds], 0.3, rtol=1e-15)
    angles = sorted(math.atan2(sy, sx) % (2 * math.pi) for sx, sy in seeds)
    np.testing.assert_allclose(np.diff(angles), 2 * math.pi / 8, rtol=1e-12)
    lines = f.trace_field_lines(dipole_model().field, seeds, BOX, params=(k,))
    assert len(lines) >= 8
    for x, y in lines:
        assert_clipped(x, y, BOX)
        rr, th = polar(x, y)
        psi = np.sin(th) ** 2 / rr
        assert np.ptp(psi) <= 1e-5 * np.max(psi)


def test_trace_stops_when_the_line_closes():
    # a purely circulating field (not electrostatic): the line is the unit circle and closes on itself
    def swirl(r, theta):
        return 0.0 * r, 1.0 + 0.0 * r

    x, y = f.trace_field_line(swirl, (1.0, 0.0), BOX)
    np.testing.assert_allclose(np.hypot(x, y), 1.0, atol=1e-6)
    gap = 0.02 * BOX.half_diagonal
    assert math.hypot(x[-1] - 1.0, y[-1]) == pytest.approx(gap, rel=1e-6)
    assert np.sum(np.hypot(np.diff(x), np.diff(y))) == pytest.approx(2 * math.pi - gap, rel=1e-3)


def test_clip_polyline_splits_at_the_box_edge():
    box = f.ViewBox(-1.0, 1.0, -1.0, 1.0)
    x = np.linspace(-3.0, 3.0, 61)
    y = 0.5 * np.sin(2 * np.pi * x / 2.0) + np.where(np.abs(x) < 0.35, 2.0, 0.0)  # leaves through the top
    pieces = f.clip_polyline(x, y, box)
    assert len(pieces) == 2
    for px, py in pieces:
        assert_clipped(px, py, box)
        assert not box.contains(px[0], py[0]) and not box.contains(px[-1], py[-1])
    # together they hold every inside point once, in order
    inside = box.contains(x, y)
    joined = np.concatenate([px[1:-1] for px, _ in pieces])
    np.testing.assert_array_equal(joined, x[inside])


def test_clip_polyline_edge_cases():
    box = f.ViewBox(-1.0, 1.0, -1.0, 1.0)
    assert f.clip_polyline(np.array([2.0, 3.0]), np.array([0.0, 0.0]), box) == []
    # entirely inside: one piece, unchanged
    x, y = np.linspace(-0.5, 0.5, 5), np.zeros(5)
    ((px, py),) = f.clip_polyline(x, y, box)
    np.testing.assert_array_equal(px, x)
    # a nan splits a line and never appears in the output
    x = np.array([-0.5, -0.2, np.nan, 0.2, 0.5])
    pieces = f.clip_polyline(x, np.zeros(5), box)
    assert len(pieces) == 2
    assert all(np.all(np.isfinite(px)) for px, _ in pieces)
    # the points on the edge count as inside
    x = np.array([-1.0, 0.0, 1.0])
    ((px, _),) = f.clip_polyline(x, np.zeros(3), box)
    np.testing.assert_array_equal(px, x)


def test_view_box_validation():
    for args in ((1.0, -1.0, -1.0, 1.0), (-1.0, 1.0, 1.0, 1.0), (-np.inf, 1.0, -1.0, 1.0), (np.nan, 1.0, -1.0, 1.0)):
        with pytest.raises(ValueError):
            f.ViewBox(*args)
    assert WIDE.half_extent == 5.0
    assert WIDE.half_diagonal == pytest.approx(math.hypot(5.0, 3.0))


def _converging_field(calls):
    """E points at the line x = 0.5 from both sides (U = |x − 0.5|): a traced line stalls there with ever smaller steps."""

    def field(r, theta):
        calls.append(1)
        if len(calls) > 200_000:
            raise AssertionError("the trace does not stop: it would hang")
        x = r * np.cos(theta)
        ex, ey = -np.sign(x - 0.5), 0.0 * x
        return ex * np.cos(theta) + ey * np.sin(theta), -ex * np.sin(theta) + ey * np.cos(theta)

    return field


def test_a_line_that_stalls_stops_after_its_evaluations_and_keeps_its_start():
    calls = []
    x, y = f.trace_field_line(_converging_field(calls), (0.0, 0.3), BOX, max_evaluations=5_000)
    assert len(calls) <= 5_001
    assert (x[0], y[0]) == (0.0, 0.3)
    # what was traced lies on the way from the seed to x = 0.5
    assert np.all(np.abs(y - 0.3) < 1e-9) and np.all(x <= 0.5 + 1e-6) and x[-1] == pytest.approx(0.5, abs=1e-3)


def test_a_line_stops_at_its_deadline():
    import time

    calls = []
    x, y = f.trace_field_line(_converging_field(calls), (0.0, 0.3), BOX, deadline=time.monotonic() - 1.0)
    assert len(calls) <= 1 and len(x) >= 1
    lines = f.trace_field_lines(_converging_field(calls), f.ring_seeds((0.0, 0.0), 0.3, 40), BOX, seconds=0.0)
    assert lines == []


def test_every_line_has_an_evaluation_cap_by_default():
    calls = []
    f.trace_field_line(_converging_field(calls), (0.0, 0.3), BOX)
    assert len(calls) <= f.MAX_EVALUATIONS + 1


def hand_field_strength(x, y, k=1.0, h=1e-6):
    """|E| = |∇U| of U = −k cos θ / r² = −k x / r³ (PHYSICS.md), by central differences."""
    U = lambda x, y: -k * x / np.hypot(x, y) ** 3  # noqa: E731
    return np.hypot((U(x + h, y) - U(x - h, y)) / (2 * h), (U(x, y + h) - U(x, y - h)) / (2 * h))


def spacing_times_strength(spacing: str, theta0: float, n: int = 12) -> np.ndarray:
    """Along the ray θ = θ0: the gap between neighbouring drawn lines times |E| at its middle, line by line."""
    box = f.ViewBox(-40.0, 40.0, -40.0, 40.0)  # the outermost loop, c ≤ 0.08 × 12 × 40, stays inside
    radii = []
    for x, y in f.dipole_field_lines(n, box, points=4001, spacing=spacing):
        if np.all(y == 0) or not np.all(y >= 0):
            continue
        r, th = np.hypot(x, y), np.arctan2(y, x)
        # each loop r = c sin²θ crosses the ray once; θ runs monotonically along it
        if th.min() < theta0 < th.max():
            order = np.argsort(th)
            radii.append(float(np.interp(theta0, th[order], r[order])))
    radii = np.sort(radii)
    assert len(radii) == n
    mid = 0.5 * (radii[1:] + radii[:-1])
    # the perpendicular gap is the radial one times sin of the angle between line and ray, the same for every
    # line of this self-similar family at a given θ0, so the radial gap shows the variation across lines
    return np.diff(radii) * hand_field_strength(mid * math.cos(theta0), mid * math.sin(theta0))


@pytest.mark.parametrize("theta0", [math.pi / 2, math.pi / 3, 2.5])
def test_strength_spacing_makes_the_plane_density_follow_the_field_strength(theta0):
    density = spacing_times_strength("strength", theta0)
    assert density.max() / density.min() < 1.1  # only the discreteness of the lines (1/c² steps) is left
    flux = spacing_times_strength("flux", theta0)
    assert flux.max() / flux.min() > 5  # evenly spaced ψ: density ∝ |E|·|y|, not |E|


def test_strength_spacing_constants_have_evenly_spaced_inverse_squares():
    c = f.dipole_field_line_constants(9, WIDE, spacing="strength")
    np.testing.assert_allclose(np.diff(1 / c**2), 1 / c[0] ** 2, rtol=1e-12)
    assert c.min() == pytest.approx(f.dipole_field_line_constants(9, WIDE).min())  # the same innermost line
    with pytest.raises(ValueError):
        f.dipole_field_line_constants(3, WIDE, spacing="even")


def charge_and_dipole(k=1.0, q=1.0):
    """U = −k/r − q cos θ / r² and its field E = −∇U, typed by hand: (potential, field)."""
    potential = lambda r, th, *p: -k / r - q * np.cos(th) / r**2  # noqa: E731
    field = lambda r, th, *p: (-k / r**2 - 2 * q * np.cos(th) / r**3, -q * np.sin(th) / r**3)  # noqa: E731
    return potential, field


def linear_quadrupole(k=1.0):
    """U = k cos 2θ / r³ and E = −∇U = (3k cos 2θ / r⁴, 2k sin 2θ / r⁴)."""
    potential = lambda r, th, *p: k * np.cos(2 * th) / r**3  # noqa: E731
    field = lambda r, th, *p: (3 * k * np.cos(2 * th) / r**4, 2 * k * np.sin(2 * th) / r**4)  # noqa: E731
    return potential, field


def covered_cells(lines, box, nx=8, ny=6) -> int:
    pts = np.concatenate([np.column_stack(line) for line in lines])
    gx = np.clip(((pts[:, 0] - box.xmin) / (box.xmax - box.xmin) * nx).astype(int), 0, nx - 1)
    gy = np.clip(((pts[:, 1] - box.ymin) / (box.ymax - box.ymin) * ny).astype(int), 0, ny - 1)
    return len(set(zip(gx.tolist(), gy.tolist())))


def reach_the_edge(lines, box) -> int:
    edge = 0.01 * box.half_extent
    return sum(1 for x, y in lines if np.any((x <= box.xmin + edge) | (x >= box.xmax - edge) | (y <= box.ymin + edge)
                                             | (y >= box.ymax - edge)))


@pytest.mark.parametrize("make", [charge_and_dipole, linear_quadrupole])
def test_lines_seeded_round_the_singular_points_and_from_the_edge_cover_the_view(make):
    """From a ring at the origin alone, the lines of −k/r − q cos θ/r² stayed within r ≤ 1.36 (none reached the
    edge) and the quadrupole's made a small cluster; with the view's edge seeded too they cover it."""
    potential, field = make()
    points = f.singular_points(potential, BOX)
    assert len(points) == 1 and np.hypot(*points[0]) < 0.05
    seeds = [s for p in points for s in f.ring_seeds(p, 0.12, 16)]
    lines = f.trace_field_lines(field, seeds, BOX, edge_seeds=f.view_edge_seeds(BOX, 16))
    assert reach_the_edge(lines, BOX) >= 8
    assert covered_cells(lines, BOX) >= 40  # of 48 (from the ring alone: 12 and 4)


def test_singular_points_are_found_where_U_blows_up_and_nowhere_else():
    d, k = 1.0, 1.0
    finite_dipole = lambda r, th: (-k / np.hypot(r * np.cos(th) - d / 2, r * np.sin(th))  # noqa: E731
                                   + k / np.hypot(r * np.cos(th) + d / 2, r * np.sin(th)))
    found = sorted(f.singular_points(finite_dipole, BOX))
    assert len(found) == 2
    np.testing.assert_allclose(found, [(-d / 2, 0.0), (d / 2, 0.0)], atol=0.04)
    assert f.singular_points(lambda r, th: -2.0 * r * np.cos(th), BOX) == []  # a uniform field
    seeds = f.view_edge_seeds(BOX, 20)
    assert len(seeds) == 20 and all(x in (BOX.xmin, BOX.xmax) or y in (BOX.ymin, BOX.ymax) for x, y in seeds)
