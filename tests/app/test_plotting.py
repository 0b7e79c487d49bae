"""PlotLayers.set_time: each frame draws the paths' own samples up to the clock (their x, y and t columns), and many particles stay right."""

import math
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib import colors as mcolors
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from app.plotting import FADE_PIECES, FADE_PIECES_MANY, MANY_PARTICLES, NUMBER_CLEARANCE, PlotLayers, sample_indices
from app.state import SimulationState
from physics.field import ViewBox
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

SETTINGS = IntegrationSettings(t_max=6.0, samples=241)
STOPPED = ("r_min", "r_max", "failed")


def launches(n: int) -> list[LaunchState]:
    """Orbits, escapes and falls: some paths end early (r_min, r_max), so their samples are denser."""
    return [LaunchState(0.5 + 1.5 * (i % 7) / 7, 2 * math.pi * i / n, 0.4 * ((i % 3) - 1), 0.2 + 0.5 * (i % 5) / 5)
            for i in range(n)]


def layers_for(state: SimulationState) -> PlotLayers:
    fig = Figure(figsize=(6, 4), dpi=100)
    FigureCanvasAgg(fig)
    return PlotLayers(fig.add_subplot(), state)


def last_sample(tr, t: float) -> int:
    """The path's last sample at or before time t, read from its own t column."""
    return int(np.clip(np.searchsorted(tr.t, t + 1e-9, side="right") - 1, 0, len(tr.t) - 1))


def expected_frame(state: SimulationState, t: float) -> dict:
    """What the paths say the frame at time t shows: each visible path's (x, y) samples up to t (from t - trail_length
    for a fading tail), its charge at the last of them, or a stop mark where the path ended (r_min, r_max, a failure)."""
    opt = state.display
    tails, pts, pt_colors, stop_pts, stop_colors, ring = [], [], [], [], [], []
    for p in state.particles:
        tr = state.trajectory(p.id)
        if not p.visible or tr is None:
            continue
        i = last_sample(tr, t)
        j = last_sample(tr, max(t - opt.trail_length, 0.0)) if opt.trail == "fade" else 0
        rgba = mcolors.to_rgba(p.color)
        tails.append((np.column_stack((tr.x[j : i + 1], tr.y[j : i + 1])), rgba))
        if t >= tr.t_end and tr.stop_reason in STOPPED:
            stop_pts.append((tr.x[-1], tr.y[-1]))
            stop_colors.append(rgba)
        else:
            pts.append((tr.x[i], tr.y[i]))
            pt_colors.append(rgba)
        if p.id == state.selected:
            ring.append((tr.x[i], tr.y[i]))
    return {"tails": tails, "pts": pts, "pt_colors": pt_colors, "stop_pts": stop_pts, "stop_colors": stop_colors,
            "ring": ring}


def drawn_tails(layers: PlotLayers, pieces: int) -> list:
    """Each path's drawn tail: its `pieces` rows of the trail collection joined (a piece starts where the one before
    ended; all-NaN rows are pieces not drawn), with the pieces' colours."""
    paths, colors = layers.trails.get_paths(), layers.trails.get_colors()
    tails = []
    for start in range(0, len(paths), pieces):
        joined, rgba = [], []
        for k in range(start, start + pieces):
            v = paths[k].vertices[np.isfinite(paths[k].vertices).all(axis=1)]
            if len(v):
                joined.append(v if not joined else v[1:])
                rgba.append(tuple(colors[k % len(colors)]))
        tails.append((np.concatenate(joined) if joined else np.empty((0, 2)), rgba))
    return tails


def facecolors(collection, n: int) -> list:
    return [tuple(c) for c in collection.get_facecolor()] if n else []


@pytest.fixture(scope="module")
def few():
    s = SimulationState(settings=SETTINGS)
    s.add_launches(launches(21))
    s.add_launch(LaunchState(0.5, 0.0, 0.5, 0.0))  # along the axis: a straight path
    s.set_display(trail_length=1.3)
    reasons = {s.trajectory(p.id).stop_reason for p in s.particles}
    assert {"r_min", "t_max"} <= reasons  # some paths end early, with the stop mark
    s.select(s.particles[3].id)
    return s


@pytest.mark.parametrize("trail", ["full", "fade", "none"])
def test_few_particles_are_drawn_along_their_paths(few, trail):
    few.set_display(trail=trail)
    layers = layers_for(few)
    pieces = FADE_PIECES if trail == "fade" else 1
    for t in (0.0, 0.013, 0.4, 1.3, 2.71, 4.0, few.duration, few.duration + 1.0):
        layers.set_time(t)
        want = expected_frame(few, t)
        check_tails(layers, want, trail, pieces)
        np.testing.assert_array_equal(layers.markers.get_offsets(), np.array(want["pts"]).reshape(-1, 2))
        np.testing.assert_array_equal(layers.stops.get_offsets(), np.array(want["stop_pts"]).reshape(-1, 2))
        assert facecolors(layers.markers, len(want["pts"])) == want["pt_colors"]
        assert facecolors(layers.stops, len(want["stop_pts"])) == want["stop_colors"]
        np.testing.assert_array_equal(layers.selected_ring.get_offsets(), np.array(want["ring"]).reshape(-1, 2))
        assert layers.clock_text.get_text() == f"t = {t:.2f}"


def check_tails(layers: PlotLayers, want: dict, trail: str, pieces: int) -> None:
    if trail == "none":
        assert not [tail for tail, _ in drawn_tails(layers, 1) if len(tail)]
        return
    drawn = drawn_tails(layers, pieces)
    assert len(drawn) == len(want["tails"])
    for (got, rgba), (samples, colour) in zip(drawn, want["tails"]):
        if len(samples) > 1 or len(got):  # a tail of one sample may be drawn as that point or not at all
            np.testing.assert_array_equal(got, samples)
        assert {c[:3] for c in rgba} <= {colour[:3]}
        alphas = [c[3] for c in rgba]
        assert alphas == sorted(alphas) and (not alphas or alphas[-1] == 1.0)  # a fading tail is most opaque at the charge


def test_stop_marks_sit_where_the_paths_met_r_min_or_r_max(few):
    layers = layers_for(few)
    layers.set_time(few.duration)
    ends = {(tr.x[-1], tr.y[-1]): tr for tr in (few.trajectory(p.id) for p in few.particles)}
    for x, y in layers.stops.get_offsets():
        tr = ends[(x, y)]
        radius = {"r_min": SETTINGS.r_min, "r_max": SETTINGS.r_max}.get(tr.stop_reason)
        if radius is not None:
            assert math.hypot(x, y) == pytest.approx(radius, rel=1e-6)


def test_going_back_in_time_and_changing_the_trail_redraw_correctly(few):
    layers = layers_for(few)
    for trail, t in (("full", 5.0), ("fade", 0.5), ("fade", 5.5), ("full", 0.2), ("none", 3.0), ("fade", 0.0)):
        few.set_display(trail=trail)  # no update_trajectories: set_time notices the new trail by itself
        layers.set_time(t)
        want = expected_frame(few, t)
        check_tails(layers, want, trail, FADE_PIECES if trail == "fade" else 1)
        assert facecolors(layers.markers, len(want["pts"])) == want["pt_colors"]


def test_sample_indices_agree_with_index_at():
    rng = np.random.default_rng(3)
    t_end = np.array([0.0, 1e-3, 0.37, 1.0, 2.5, 20.0, 7.3])
    counts = np.array([5, 1001, 11, 2, 1001, 1001, 97])
    trajectories = {k: SimpleNamespace(t=np.zeros(n), t_end=te) for k, (te, n) in enumerate(zip(t_end, counts))}
    fake = SimpleNamespace(_trajectories=trajectories, _time=0.0)
    times = np.concatenate(([-1.0, 0.0, 1e-3, 0.37, 1.0, 2.5, 20.0, 25.0], rng.uniform(0, 21, 300)))
    # the sample times themselves, where rounding matters most
    times = np.concatenate((times, np.linspace(0, 2.5, 1001), np.linspace(0, 7.3, 97)))
    for t in times:
        want = [SimulationState.index_at(fake, k, float(t)) for k in trajectories]
        assert sample_indices(float(t), t_end, counts).tolist() == want, t


@pytest.fixture(scope="module")
def many():
    s = SimulationState(settings=SETTINGS)
    s.add_launches(launches(MANY_PARTICLES + 50))
    s.select(s.particles[7].id)
    return s


@pytest.mark.parametrize("trail", ["full", "fade"])
def test_many_particles_trails_end_at_the_markers(many, trail):
    many.set_display(trail=trail, trail_length=1.5)
    layers = layers_for(many)
    n = len(many.particles)
    pieces = 1 if trail == "full" else FADE_PIECES_MANY
    assert len(layers.trails.get_paths()) == n * pieces
    alphas = layers.trails.get_colors()[:, 3]
    assert np.allclose(alphas[:pieces], [1.0] if trail == "full" else np.arange(1, pieces + 1) / pieces)
    samples = {p.id: np.column_stack((many.trajectory(p.id).x, many.trajectory(p.id).y)) for p in many.particles}
    for t in (0.05, 0.9, 2.2, 5.9):
        layers.set_time(t)
        want = expected_frame(many, t)
        markers = iter(layers.markers.get_offsets())
        paths = layers.trails.get_paths()
        for k, p in enumerate(many.particles):
            tr = many.trajectory(p.id)
            i = last_sample(tr, t)
            here = samples[p.id][i]
            stopped = t >= tr.t_end and tr.stop_reason in STOPPED
            if not stopped:
                np.testing.assert_array_equal(next(markers), here)
            own = [path.vertices[np.isfinite(path.vertices).all(axis=1)] for path in paths[k * pieces : (k + 1) * pieces]]
            drawn = [v for v in own if len(v) > 1]
            if drawn:
                np.testing.assert_array_equal(drawn[-1][-1], here)  # the trail ends exactly at the marker
                for v in drawn:  # every vertex is one of the path's samples, in order
                    rows = [int(np.flatnonzero((samples[p.id] == xy).all(axis=1))[0]) for xy in v]
                    assert rows == sorted(rows)
            if trail == "full":
                np.testing.assert_array_equal(own[0][0], samples[p.id][0])  # and starts at the launch
        np.testing.assert_array_equal(layers.stops.get_offsets(), np.array(want["stop_pts"]).reshape(-1, 2))
        assert facecolors(layers.stops, len(want["stop_pts"])) == want["stop_colors"]
        assert facecolors(layers.markers, len(want["pts"])) == want["pt_colors"]
        np.testing.assert_array_equal(layers.selected_ring.get_offsets(), np.array(want["ring"]).reshape(-1, 2))


def test_many_particles_zoomed_in_are_thinned_for_the_new_scale(many):
    many.set_display(trail="full")
    layers = layers_for(many)
    layers.set_time(3.0)
    coarse = layers._slots.kept.size
    layers.ax.set_xlim(-0.3, 0.3)
    layers.ax.set_ylim(-0.2, 0.2)
    layers.set_time(3.0)
    assert layers._slots.kept.size > coarse  # ten times closer: more of the samples are vertices
    markers = iter(layers.markers.get_offsets())
    for k, p in enumerate(many.particles):
        tr = many.trajectory(p.id)
        if tr.t_end <= 3.0 and tr.stop_reason in STOPPED:
            continue
        v = layers.trails.get_paths()[k].vertices
        v = v[np.isfinite(v).all(axis=1)]
        np.testing.assert_array_equal(v[-1], next(markers))


def background_pixels(k: float, **display) -> np.ndarray:
    """The plot drawn without its moving artists (as a blitting canvas saves its background)."""
    s = SimulationState(k=k, settings=SETTINGS)
    s.set_display(**display)
    layers = layers_for(s)
    layers.fig.canvas.draw()
    return np.asarray(layers.fig.canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("display", [{}, {"colormap": True}, {"n_equipotentials": 20, "n_field_lines": 3}])
def test_the_point_dipoles_field_picture_depends_on_the_sign_of_k_only(display):
    """Equipotential levels proportional to k give r² = −k cos θ / U₀ the same curves for every k of one sign
    (the field lines r = c sin²θ have no k at all): a k change within its sign can keep the background."""
    picture = background_pixels(1.0, **display)
    np.testing.assert_array_equal(background_pixels(3.7, **display), picture)
    np.testing.assert_array_equal(background_pixels(0.02, **display), picture)
    assert not np.array_equal(background_pixels(-1.0, **display), picture)


def test_update_field_rebuilds_only_when_the_picture_changes():
    s = SimulationState(k=1.0, settings=SETTINGS)
    layers = layers_for(s)
    field = list(layers._background)
    s.set_k(2.5)
    assert layers.update_field() is False
    assert layers._background == field and layers.status_text.get_text() == "k = 2.5"
    for change in (lambda: s.set_k(-2.5), lambda: s.set_display(n_field_lines=4), lambda: s.set_theme("print"),
                   lambda: s.set_view(ViewBox(-2.0, 2.0, -1.5, 1.5)), lambda: s.set_k(0.0)):
        change()
        assert layers.update_field() is True
        assert layers.update_field() is False
    # another potential's field is computed for its k: every change of k draws it again
    s.set_k(1.0)
    s.set_potential_preset("finite-dipole")
    layers.update_field()
    s.set_k(1.5)
    assert layers.update_field() is True
    assert "k = 1.5" in layers.status_text.get_text()


@pytest.mark.parametrize("theme", ["default", "presentation", "print"])
def test_the_dipole_glyphs_signs_are_readable_in_every_theme(theme):
    """Issue 14: in the print theme the − was grey on grey. Each sign must stand out from its circle (WCAG AA,
    4.5:1) and each circle from the plot's background or by its outline."""
    from app.plotting import contrast_ratio
    from app.themes import get_theme

    s = SimulationState(k=1.0, settings=SETTINGS)
    s.set_theme(theme)
    layers = layers_for(s)
    background = get_theme(theme).background
    glyphs = {a.get_text(): a for a in layers._background if hasattr(a, "get_bbox_patch") and a.get_text() in ("+", "\u2212")}
    assert set(glyphs) == {"+", "\u2212"}
    for text in glyphs.values():
        circle = text.get_bbox_patch()
        assert contrast_ratio(text.get_color(), circle.get_facecolor()) >= 4.5, (theme, text.get_text())
        assert max(contrast_ratio(circle.get_facecolor(), background), contrast_ratio(circle.get_edgecolor(), background)) >= 3


def test_a_still_figure_of_fading_tails_shows_whole_paths(few):
    """Issue 14: `plot --session` of a session animated with fading tails gave an empty slide (every tail had
    faded by the end of the run); a still shows each path from its launch to where it is at the clock."""
    from app.export import render_figure

    few.set_display(trail="fade", trail_length=0.5)
    few.set_time(few.duration)
    _, layers, _ = render_figure(few, size=(400, 300))
    segs = [tail for tail, _ in drawn_tails(layers, 1)]
    shown = [p for p in few.particles if p.visible]
    assert len(segs) == len(shown)
    for seg, p in zip(segs, shown):
        tr = few.trajectory(p.id)
        np.testing.assert_array_equal(seg, np.column_stack((tr.x, tr.y)))
    few.set_display(trail="full", trail_length=1.3)


def test_path_numbers_are_the_particle_numbers_beside_each_path(few):
    """The window's #1, #2, ... at each path's end, in its colour with a halo of the background; in exports too."""
    from app.export import render_figure
    from app.themes import get_theme

    few.set_display(trail="full", path_numbers=False)
    layers = layers_for(few)
    layers.set_time(1.3)
    assert not any(t.get_visible() for t in layers.numbers)
    few.set_display(path_numbers=True)
    layers.set_time(1.3)
    shown = [t for t in layers.numbers if t.get_visible()]
    assert [t.get_text() for t in shown] == [str(p.id) for p in few.particles]
    assert all(t in layers.animated_artists for t in shown)  # blitted like the markers
    clearance = NUMBER_CLEARANCE * few.view.half_extent * get_theme(few.theme).glyph_size
    fell = 0
    for text, p in zip(shown, few.particles):
        tr = few.trajectory(p.id)
        i = few.index_at(p.id, 1.3)
        if tr.stop_reason == "r_min" and tr.t_end <= 1.3:
            # all such paths end in the dipole: the number sits where the path last was outside the glyph
            fell += 1
            i = np.flatnonzero(np.hypot(tr.x, tr.y) >= clearance)[-1]
        x0, x1, y0, y1 = layers._number_box()
        if not (x0 <= tr.x[i] <= x1 and y0 <= tr.y[i] <= y1):
            # at the edge of the view: the number sits where the path was last well inside it
            i = np.flatnonzero((tr.x[: i + 1] >= x0) & (tr.x[: i + 1] <= x1) & (tr.y[: i + 1] >= y0) & (tr.y[: i + 1] <= y1))[-1]
        assert text.get_position() == (tr.x[i], tr.y[i])
        assert mcolors.same_color(text.get_color(), p.color)
        (halo,) = text.get_path_effects()
        assert mcolors.same_color(halo._gc["foreground"], get_theme(few.theme).background)
    assert fell
    fig, layers, _ = render_figure(few, size=(400, 300), time=few.duration)
    fig.canvas.draw()
    drawn = [t for t in layers.numbers if t.get_visible() and not t.get_animated()]
    assert [t.get_text() for t in drawn] == [str(p.id) for p in few.particles]
    (x0, x1), (y0, y1) = layers.ax.get_xlim(), layers.ax.get_ylim()
    assert any(abs(tr.x[-1]) > x1 or abs(tr.y[-1]) > y1 for tr in map(few.trajectory, [p.id for p in few.particles]))
    for text in drawn:  # a path that left the view is numbered where it was last in it
        x, y = text.get_position()
        assert x0 < x < x1 and y0 < y < y1, text.get_text()
    few.set_display(path_numbers=False)


@pytest.mark.parametrize("theme", ["default", "presentation", "print"])
def test_another_potentials_charges_take_the_glyphs_colours_from_the_theme(theme):
    """The finite dipole's +k/d and −k/d charges are marked like the point dipole's + and − ends, in the theme's colours."""
    from app.plotting import glyph_style
    from app.themes import get_theme

    s = SimulationState(k=1.0, settings=SETTINGS)
    s.set_theme(theme)
    s.set_potential_preset("finite-dipole")
    layers = layers_for(s)
    marks = [a for a in layers._background if getattr(a, "get_marker", lambda: None)() == "o"]
    assert len(marks) == 2
    left, right = sorted(marks, key=lambda a: a.get_xdata()[0])
    # +k/d sits at x = −d/2: the force on the test charge points away from it
    for mark, sign in ((left, 1), (right, -1)):
        _, fill, _, edge = glyph_style(get_theme(theme), sign)
        assert mcolors.same_color(mark.get_color(), fill) and mcolors.same_color(mark.get_markeredgecolor(), edge)


def test_flipping_k_back_shows_the_kept_field_artists_and_nothing_piles_up():
    from app.plotting import FIELD_SETS_KEPT

    s = SimulationState(k=1.0, settings=SETTINGS)
    layers = layers_for(s)
    positive = list(layers._background)
    s.set_k(-1.0)
    assert layers.update_field() is True
    negative = list(layers._background)
    assert not set(map(id, negative)) & set(map(id, positive))
    assert not any(a.get_visible() for a in positive)
    s.set_k(2.0)
    assert layers.update_field() is True
    assert layers._background == positive and all(a.get_visible() for a in positive)
    assert not any(a.get_visible() for a in negative)
    count = len(layers.ax.get_children())
    for i in range(12):  # signs, k = 0 and views: at most FIELD_SETS_KEPT pictures stay hidden on the axes
        s.set_k((-1.0, 0.0, 1.0)[i % 3])
        s.set_view(ViewBox(-3.0 - i % 4, 3.0, -2.0, 2.0))
        layers.update_field()
    kept = [a for a in layers.ax.get_children() if not a.get_visible()]
    assert len(layers.ax.get_children()) <= count + FIELD_SETS_KEPT * len(positive)
    assert len(layers._kept) <= FIELD_SETS_KEPT and sum(map(len, layers._kept.values())) <= len(kept)


def test_more_paths_than_can_be_read_get_no_numbers(many):
    from app.plotting import PATH_NUMBERS_MAX

    assert len(many.particles) > PATH_NUMBERS_MAX
    many.set_display(path_numbers=True)
    layers = layers_for(many)
    layers.set_time(1.0)
    assert not any(t.get_visible() for t in layers.numbers)
    many.set_display(path_numbers=False)


def test_a_view_far_from_the_dipole_draws_without_the_glyph():
    """Issue 12: a view whose dipole glyph would sit ~3e7 pixels away crashed FreeType (views panned there in the window)."""
    from matplotlib.figure import Figure

    from app.plotting import PlotLayers
    from app.state import SimulationState
    from physics.field import ViewBox

    state = SimulationState()
    state.set_view(ViewBox(50000.0, 50002.0, -1.0, 1.0))
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    PlotLayers(ax, state)
    fig.canvas.draw()
    assert not [t for t in ax.texts if t.get_text() in ("+", "\u2212")]


def test_the_colour_map_is_updated_in_place_and_matches_one_drawn_afresh():
    """A colour bar is an axes: making a new one at each change of the field (a k flip, a zoom) made the plot's whole
    layout be worked out again. It is made once now; the image and the scale follow, as if drawn afresh."""
    from app.plotting import colormap_scale

    state = SimulationState()
    state.set_display(colormap=True)
    layers = layers_for(state)
    layers.update_field()
    cax, image = layers._cax, layers._image
    axes_before = list(layers.fig.axes)
    state.set_k(-state.k)
    layers.update_field()
    state.set_view(ViewBox(-7.0, 7.0, -5.0, 5.0))
    layers.update_view()
    layers.update_field()
    assert layers._cax is cax and layers._image is image and list(layers.fig.axes) == axes_before
    fresh = layers_for(state)
    fresh.update_field()
    assert np.array_equal(np.asarray(image.get_array()), np.asarray(fresh._image.get_array()))
    assert image.get_extent() == fresh._image.get_extent()
    assert (image.norm.linthresh, image.norm.vmin, image.norm.vmax) == (fresh._image.norm.linthresh, fresh._image.norm.vmin,
                                                                        fresh._image.norm.vmax)
    assert image.norm.linthresh == colormap_scale(7.0) == 0.02  # 1 / (0.9 × 7)² = 0.0252, taken down to 2 × 10⁻²
    # the colour bar's ticks follow the new scale (its limits are the norm's)
    assert tuple(cax.get_ylim()) == pytest.approx((image.norm.vmin, image.norm.vmax))
    state.set_display(colormap=False)
    layers.update_field()
    assert layers._cax is None and cax not in layers.fig.axes
