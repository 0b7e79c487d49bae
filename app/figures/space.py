"""The 3-D view of the charge in space, drawn on a matplotlib 3-D Axes it is given (window, plot and animate share it).

The dipole at the origin along +x; its field lines in several planes through the axis (the planar lines r = c sin²θ
turned about the axis, physics.field); the traces of the equipotential surfaces in the x–y and x–z planes; each
launch's path up to the clock with a bold trail and its head, and optionally the path's shadow on the x–y plane.
Also the hidden spherical pendulum: the charge's direction n = x/r on the unit sphere, coloured by Sundman time.
"""

from __future__ import annotations

import math

import numpy as np

from app.i18n import translate
from app.themes import Theme, get_theme

FIELD_PLANES = 4  # planes through the axis, 45° apart
FIELD_LINES = 7  # per half-plane
EQUIPOTENTIALS = 4
TRAIL_SECONDS = 2.0
DRAWN_POINTS = 400
MAX_CHORD = 0.25  # on the unit sphere, between two samples of the pendulum's path


def _box(radius: float):
    from physics.field import ViewBox

    return ViewBox(-radius, radius, -radius, radius)


def _turned(x: np.ndarray, y: np.ndarray, phi: float):
    """The planar curve (x, y) in the plane through the axis at azimuth φ: (x, y cos φ, y sin φ)."""
    return x, y * math.cos(phi), y * math.sin(phi)


def _join(pieces):
    """Many polylines as one (nan between them): one artist draws them all, which keeps turning the view fast."""
    xs, ys, zs = [], [], []
    for x, y, z in pieces:
        xs += [x, [np.nan]]
        ys += [y, [np.nan]]
        zs += [z, [np.nan]]
    if not xs:
        return np.empty(0), np.empty(0), np.empty(0)
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(zs)


def field_geometry(k: float, radius: float):
    """(field lines, positive equipotential traces, negative ones) as joined (x, y, z) polylines within `radius`."""
    from physics.field import dipole_equipotentials, dipole_field_lines

    box = _box(radius)
    lines = []
    for j in range(FIELD_PLANES):
        phi = math.pi * j / FIELD_PLANES
        for x, y in dipole_field_lines(FIELD_LINES, box, points=240):
            inside = np.hypot(x, y) <= radius
            lines.append(_turned(np.where(inside, x, np.nan), np.where(inside, y, np.nan), phi))
    positive, negative = [], []
    for phi in (0.0, math.pi / 2):  # the x–y and x–z planes
        for U0, x, y in dipole_equipotentials(k, EQUIPOTENTIALS, box, points=240):
            (positive if U0 > 0 else negative).append(_turned(x, y, phi))
    return _join(lines), _join(positive), _join(negative)


def style_axes3d(ax, theme: Theme, radius: float, labels=("x", "y", "z"), floor: bool = True, label_scale: float = 1.0) -> None:
    """Limits, an equal-sided box, and a light frame in the theme's colours: the three axes through the origin with
    their names and the outline of the floor (z = −radius, where the shadows fall) in place of matplotlib's panes,
    grid and tick labels, which cost half of every frame while the view turns (bench/bench_space_rotate.py)."""
    ax.set_xlim(-radius, radius)
    ax.set_ylim(-radius, radius)
    ax.set_zlim(-radius, radius)
    ax.set_box_aspect((1, 1, 1))
    ax.set_facecolor(theme.background)
    ax.set_axis_off()
    r = radius
    if floor:
        corners = np.array([[-r, -r], [r, -r], [r, r], [-r, r], [-r, -r]])
        ax.plot(corners[:, 0], corners[:, 1], np.full(5, -r), color=theme.axis_color, lw=0.8)
        for x, y in ((r, -r), (-r, r), (r, r)):  # the floor's scale: its corners
            ax.text(x, y, -r, f"({x:g}, {y:g})", color=theme.axis_color, fontsize=theme.font_size * 0.7, ha="center", va="top")
    for (dx, dy, dz), name in zip(((1, 0, 0), (0, 1, 0), (0, 0, 1)), labels):
        ax.plot([-r * dx, r * dx], [-r * dy, r * dy], [-r * dz, r * dz], color=theme.axis_color, lw=0.8, ls=(0, (4, 3)))
        ax.text(1.08 * r * dx, 1.08 * r * dy, 1.08 * r * dz, name, color=theme.foreground, fontsize=theme.font_size * label_scale,
                ha="center", va="center")


class SpaceLayers:
    """The artists of the 3-D view on one Axes: the field once, the paths moved by set_time."""

    def __init__(self, ax, k: float, trajectories, theme: str = "default", radius: float = 2.0, projection: bool = True,
                 field: bool = True):
        self.ax = ax
        self.theme = get_theme(theme)
        self.radius = float(radius)
        self.field = field
        th = self.theme
        style_axes3d(ax, th, self.radius)
        (lines, positive, negative) = field_geometry(k, self.radius) if field else ((np.empty(0),) * 3,) * 3
        self.field_lines = ax.plot(*lines, color=th.field_line, lw=th.field_width * 0.8, zorder=1)[0]
        self.equipotentials = [ax.plot(*positive, color=th.equipotential_positive, lw=th.equipotential_width, ls="--")[0],
                               ax.plot(*negative, color=th.equipotential_negative, lw=th.equipotential_width, ls="--")[0]]
        self.k = float(k)
        self.dipole = self._draw_dipole(k)
        # one collection each for the paths, the trails, the heads and the shadows (not four artists per path):
        # a 3-D Axes projects and draws every artist again on each turn of the camera
        from mpl_toolkits.mplot3d.art3d import Line3DCollection

        self.paths = Line3DCollection([], linewidths=th.trail_width * 0.5, alpha=0.55)
        self.trails = Line3DCollection([], linewidths=th.trail_width * 1.2)
        self.shadows = Line3DCollection([], colors=th.axis_color, linewidths=th.trail_width * 0.4, alpha=0.6)
        for collection in (self.shadows, self.paths, self.trails):
            ax.add_collection3d(collection, autolim=False)
        self.shadows.set_visible(projection)
        self.floor = -self.radius
        self.heads = None
        self.set_trajectories(trajectories)

    def set_trajectories(self, trajectories, time: float | None = None) -> None:
        """Show these paths at `time` (default: their end) on the same Axes: a new set of launches costs no new Axes
        and no field."""
        th = self.theme
        self.trajectories = list(trajectories)
        self.colours = [th.particle_colors[i % len(th.particle_colors)] for i in range(len(self.trajectories))]
        for collection in (self.paths, self.trails):
            collection.set_color(self.colours or th.foreground)
        if self.heads is not None:
            self.heads.remove()
        # made with one point per path in its colour (a 3-D scatter keeps the colours it was made with)
        starts = np.array([[tr.x[0], tr.y[0], tr.z[0]] for tr in self.trajectories]).reshape(-1, 3)
        self.heads = self.ax.scatter(starts[:, 0], starts[:, 1], starts[:, 2], s=(th.marker_size * 0.8) ** 2,
                                     c=self.colours or None, edgecolors=th.background, linewidths=0.8, depthshade=False)
        self.set_time(max((tr.t_end for tr in self.trajectories), default=0.0) if time is None else time)

    def set_k(self, k: float) -> None:
        """Another k on the same Axes: the equipotentials and the dipole's glyph follow (the field lines r = c sin²θ
        do not depend on k)."""
        if float(k) == self.k:
            return
        self.k = float(k)
        if self.field:
            _, positive, negative = field_geometry(k, self.radius)
            for line, (x, y, z) in zip(self.equipotentials, (positive, negative)):
                line.set_data_3d(x, y, z)
        for artist in self.dipole:
            artist.remove()
        self.dipole = self._draw_dipole(k)

    def _draw_dipole(self, k: float):
        th = self.theme
        plus = th.glyph_positive or th.equipotential_positive
        minus = th.glyph_negative or th.equipotential_negative
        size = 0.06 * self.radius
        # as the plane's glyph (app.plotting.glyph_style): the + end is where U = −k cos θ / r² > 0, −x for k > 0
        ends = ((-size, plus), (size, minus)) if k >= 0 else ((size, plus), (-size, minus))
        artists = [self.ax.plot([-size, size], [0, 0], [0, 0], color=th.foreground, lw=2.0)[0]]
        for x, colour in ends:
            artists.append(self.ax.plot([x], [0], [0], "o", color=colour, ms=th.marker_size * 0.9)[0])
        return artists

    def set_projection(self, shown: bool) -> None:
        self.shadows.set_visible(shown)

    def set_field_visible(self, shown: bool) -> None:
        self.field_lines.set_visible(shown)
        for artist in self.equipotentials:
            artist.set_visible(shown)

    def set_time(self, t: float) -> None:
        paths, trails, shadows, heads = [], [], [], []
        for tr in self.trajectories:
            end = max(int(np.searchsorted(tr.t, t, side="right")), 1)
            start = int(np.searchsorted(tr.t, t - TRAIL_SECONDS))
            xyz = np.column_stack([tr.x[:end], tr.y[:end], tr.z[:end]])
            trails.append(xyz[start:])
            heads.append(xyz[-1])
            # the faint whole path and its shadow at most DRAWN_POINTS points each (the last one kept): turning the
            # camera redraws them every frame, and the bold trail shows the recent part in full
            stride = max(1, len(xyz) // DRAWN_POINTS)
            thin = np.vstack([xyz[:-1:stride], xyz[-1:]]) if stride > 1 else xyz
            paths.append(thin)
            shadows.append(np.column_stack([thin[:, 0], thin[:, 1], np.full(len(thin), self.floor)]))
        self.paths.set_segments(paths)
        self.trails.set_segments(trails)
        self.shadows.set_segments(shadows)
        if heads:
            heads = np.array(heads)
            self.heads._offsets3d = (heads[:, 0], heads[:, 1], heads[:, 2])  # noqa: SLF001 (scatter has no 3-D setter)
        self.heads.set_visible(len(heads) > 0)

    def set_camera(self, elev: float, azim: float) -> None:
        self.ax.view_init(elev=elev, azim=azim)


def new_space_axes(fig, rect=None):
    """A 3-D Axes filling the figure (or `rect`), with matplotlib's own mouse rotation."""
    if rect is None:
        return fig.add_subplot(projection="3d")
    return fig.add_axes(rect, projection="3d")


def draw_space(fig, k: float, trajectories, theme: str = "default", radius: float = 2.0, elev: float = 22.0,
               azim: float = -60.0, time: float | None = None, projection: bool = True) -> SpaceLayers:
    """The whole 3-D view on a figure: one Axes, the layers at `time` (default: the end), the camera at (elev, azim)."""
    th = get_theme(theme)
    fig.set_facecolor(th.background)
    ax = new_space_axes(fig, (0.0, 0.0, 1.0, 1.0))
    layers = SpaceLayers(ax, k, trajectories, theme, radius, projection)
    if time is not None:
        layers.set_time(time)
    layers.set_camera(elev, azim)
    return layers


def draw_sphere_pendulum(ax, trajectory, theme: str = "default") -> None:
    """The hidden spherical pendulum: the direction n = x/r on the unit sphere, coloured by Sundman time τ."""
    from mpl_toolkits.mplot3d.art3d import Line3DCollection

    th = get_theme(theme)
    style_axes3d(ax, th, 1.05, labels=("n_x", "n_y", "n_z"), floor=False, label_scale=0.75)
    ax.set_box_aspect((1, 1, 1), zoom=1.4)  # no floor here: the sphere may fill the panel
    u, v = np.linspace(0, 2 * np.pi, 25), np.linspace(0, np.pi, 13)
    ax.plot_wireframe(np.outer(np.cos(v), np.ones_like(u)), np.outer(np.sin(v), np.cos(u)), np.outer(np.sin(v), np.sin(u)),
                      color=th.field_line, lw=0.4, alpha=0.6)
    ax.plot([-1.1, 1.1], [0, 0], [0, 0], color=th.foreground, lw=1.2)  # the axis: the pendulum's "gravity" is along it
    if trajectory is None or len(trajectory.t) < 2:
        return
    n = trajectory.direction
    tau = trajectory.tau
    finite = np.isfinite(tau)
    points = n[:, finite].T
    segments = np.stack([points[:-1], points[1:]], axis=1)
    # samples are uniform in t, and near a fall the direction turns between two of them: leave out such chords
    # rather than draw straight lines through the sphere
    shown = np.linalg.norm(points[1:] - points[:-1], axis=1) < MAX_CHORD
    collection = Line3DCollection(segments[shown], cmap="viridis", lw=2.0)
    collection.set_array(tau[finite][:-1][shown])
    ax.add_collection3d(collection)
    ax.plot(*points[:1].T, "o", color=th.foreground, ms=5)


def pendulum_figure(fig, trajectory, theme: str = "default", elev: float = 22.0, azim: float = -60.0):
    """A figure of the spherical pendulum with a colour bar for τ."""
    th = get_theme(theme)
    fig.set_facecolor(th.background)
    ax = fig.add_subplot(projection="3d")
    draw_sphere_pendulum(ax, trajectory, theme)
    ax.view_init(elev=elev, azim=azim)
    if trajectory is not None and ax.collections:
        bar = fig.colorbar(ax.collections[-1], ax=ax, shrink=0.7, pad=0.08, location="bottom", fraction=0.05)
        bar.set_label(translate("Figures", "Sundman time τ"), color=th.foreground)
        bar.ax.tick_params(colors=th.foreground)
    return ax
