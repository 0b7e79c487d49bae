"""Drawing a session on a matplotlib Axes it is given (no Qt): the window's canvas and the exports share it.

Background layers (field lines, equipotentials, the potential's colour map, the dipole glyph) change
only with the view, the display options, the theme and, for the point dipole, the sign of k: its
equipotential levels are proportional to k, so the curves (and the colour map, drawn as U / |k|) are the
same for every k of one sign, and a change of k within a sign keeps the background. What moves (trails,
markers, stop marks, path numbers, the clock and the k text) are `animated=True` artists updated by
`set_time`, so a Qt canvas can blit them.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib import colors as mcolors
from matplotlib import patheffects
from matplotlib.collections import LineCollection
from matplotlib.transforms import offset_copy

from app.field_arrows import draw_field_arrows
from app.i18n import translate
from app.probes import ProbeLayer
from app.text import number
from app.themes import get_theme
from physics.field import ViewBox, clip_polyline, dipole_equipotentials, dipole_field_line_constants, dipole_field_lines

FADE_PIECES = 12  # a fading tail is drawn in this many pieces, each more opaque than the one behind it
# More than MANY_PARTICLES paths are drawn more coarsely, so that a thousand charges still animate at 30 frames
# a second: tails in FADE_PIECES_MANY pieces, and every path through samples about THIN_PIXELS apart on screen
# rather than through all of them, with at most PIECE_VERTICES_MANY vertices a tail piece and
# FULL_VERTICES_MANY a whole path (then spread evenly along it). Each path still ends exactly at its marker.
# Up to MANY_PARTICLES paths are drawn through every sample, as they always were.
MANY_PARTICLES = 200
FADE_PIECES_MANY = 4
THIN_PIXELS = 2.0
PIECE_VERTICES_MANY = 32
FULL_VERTICES_MANY = 256
GLYPH_FAR = 10.0  # the dipole glyph is not drawn when the view is more than this many of its widths away
STOP_MARKED = ("r_min", "r_max", "failed")  # stop reasons shown by a cross where the path ends
# more paths than this get no numbers: so many labels hide the picture, and each costs a frame ~1 ms with its halo
PATH_NUMBERS_MAX = 40
NUMBER_CLEARANCE = 0.15  # a path that fell in is numbered where it last was this far out (× the view's half extent × glyph size)
FIELD_SETS_KEPT = 2  # field pictures kept hidden for a quick return (the other sign of k, k = 0)
FIELD_OPTIONS = ("field_lines", "equipotentials", "colormap", "dipole_glyph", "n_field_lines", "n_equipotentials",
                 "start_field_line", "field_arrows", "arrows_direction_only", "field_line_spacing")  # the display options the background depends on


def dipole_potential(R, TH, k):
    """U = −k cos θ / r², from the model's generated function."""
    from physics.integration.generated import default_model

    return default_model().potential(R, TH, k)


def colormap_scale(half_extent: float) -> float:
    """The colour map's linear range of U / |k|: about 1 / (0.9 × the view's half extent)², taken down to 1, 2 or 5
    times a power of ten, so that the colour scale (and the colour bar's ticks) change in steps, not at every resize."""
    raw = 1.0 / (0.9 * half_extent) ** 2
    decade = 10.0 ** math.floor(math.log10(raw))
    return max(step * decade for step in (1.0, 2.0, 5.0) if step * decade <= raw * (1 + 1e-12))


class PlotLayers:
    """All artists of one plot, created once and updated in place."""

    def __init__(self, ax, state, trace_later=None):
        self.ax = ax
        self.fig = ax.figure
        self.state = state
        self._background = []
        self._colorbar = None
        self._cax = None
        self._image = None
        self._particle_ids: list[int] = []
        self._tracks = _Tracks([], [])
        self._trail_key = None  # (trail, trail_length) the trail's slots were laid out for
        self._slots = None
        self._stopped = None  # which particles' markers were last coloured as stopped
        self._field_key = None  # what the field artists were drawn for (field_key); None: not drawn yet
        self._kept: dict = {}  # field_key -> hidden artists of a point-dipole picture without a colour map, oldest first
        self.still = False  # a still picture (set_animated(False)): fading tails are drawn as whole paths
        self.trace_later = trace_later  # traces another potential's field lines off this thread (custom_plotting.field_lines)
        self.numbers: list = []  # one text per numbered path, reused from frame to frame
        self.trails = LineCollection([], animated=True, capstyle="round", joinstyle="round", zorder=5)
        self.ghosts = LineCollection([], animated=False, linestyles="dotted", zorder=4)
        self.markers = ax.scatter([], [], animated=True, zorder=7)
        self.stops = ax.scatter([], [], marker="X", animated=True, zorder=8)
        self.selected_ring = ax.scatter([], [], facecolors="none", animated=True, zorder=9)
        self.clock_text = ax.text(0.99, 0.01, "", transform=ax.transAxes, ha="right", va="bottom", animated=True, zorder=10)
        # animated: it shows k, which changes while the field behind it stays (see field_key)
        self.status_text = ax.text(0.01, 0.99, "", transform=ax.transAxes, ha="left", va="top", animated=True, zorder=10)
        ax.add_collection(self.trails)
        ax.add_collection(self.ghosts)
        self.caption = None
        self.probes = ProbeLayer(ax, state)
        self.redraw_all()

    @property
    def animated_artists(self):
        return [self.trails, self.markers, self.stops, self.selected_ring, self.clock_text, self.status_text, *self.numbers,
                *self.probes.artists]

    def set_animated(self, animated: bool) -> None:
        """Blitting canvases keep the moving artists out of the background; exports draw them normally.

        Not animated means a still picture (a figure export): it shows whole paths even where the session
        animates fading tails, which at a still's clock would leave little or nothing of the paths.
        """
        self.still = not animated
        self.probes.animated = animated
        for a in self.animated_artists:
            a.set_animated(animated)

    def redraw_all(self) -> None:
        self.apply_theme()
        self.update_view()
        self.update_field()
        self.update_trajectories()

    def apply_theme(self) -> None:
        theme = get_theme(self.state.theme)
        ax, fig = self.ax, self.fig
        fig.set_facecolor(theme.background)
        ax.set_facecolor(theme.background)
        for spine in ax.spines.values():
            spine.set_color(theme.foreground)
            spine.set_linewidth(1.5 if theme.name == "presentation" else 0.8)
        ax.tick_params(colors=theme.foreground, labelsize=theme.font_size * 0.9)
        ax.xaxis.label.set_color(theme.foreground)
        ax.yaxis.label.set_color(theme.foreground)
        ax.set_xlabel("x", fontsize=theme.font_size)
        ax.set_ylabel("y", fontsize=theme.font_size)
        self.clock_text.set_color(theme.foreground)
        self.clock_text.set_fontsize(theme.font_size)
        self.status_text.set_color(theme.foreground)
        self.status_text.set_fontsize(theme.font_size)
        self.trails.set_linewidth(theme.trail_width)
        self.ghosts.set_linewidth(theme.trail_width * 0.6)
        self.markers.set_sizes([theme.marker_size**2])
        self.markers.set_edgecolor(theme.background)
        self.stops.set_sizes([(theme.marker_size * 1.3) ** 2])
        self.stops.set_edgecolor(theme.background)
        self.selected_ring.set_sizes([(theme.marker_size * 2.2) ** 2])
        self.selected_ring.set_edgecolor(theme.foreground)
        self.selected_ring.set_linewidth(1.5 if theme.name != "presentation" else 3)
        for text in self.numbers:
            self._style_number(text, theme)

    def update_view(self) -> None:
        box = self.state.view
        self.ax.set_xlim(box.xmin, box.xmax)
        self.ax.set_ylim(box.ymin, box.ymax)
        self.ax.set_aspect("equal", adjustable="box")

    def view_from_axes(self) -> ViewBox:
        (x0, x1), (y0, y1) = self.ax.get_xlim(), self.ax.get_ylim()
        return ViewBox(min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1))

    def _put_away_background(self, keep_colormap: bool = False) -> None:
        """Hide the current field artists for a quick return (a point dipole without colour map), else remove them.

        Only the sign of k distinguishes the pictures kept, so flipping k back and forth (a slider dragged
        through zero) shows a picture again instead of computing it again. keep_colormap: see _clear_background.
        """
        key = self._field_key
        if key is not None and key[0] == "dipole" and self._image is None and self._colorbar is None:
            for a in self._background:
                a.set_visible(False)
            for a in self._kept.pop(key, ()):
                a.remove()
            self._kept[key] = self._background
            self._background = []
            while len(self._kept) > FIELD_SETS_KEPT:
                for a in self._kept.pop(next(iter(self._kept))):
                    a.remove()
        self._clear_background(keep_colormap)

    def _clear_background(self, keep_colormap: bool = False) -> None:
        """Remove the field artists; with keep_colormap the colour map's image and colour bar stay, for _draw_colormap
        to update in place (a new colour bar is a new axes: the plot's whole layout was worked out again each time)."""
        for a in self._background:
            a.remove()
        self._background = []
        if keep_colormap:
            return
        if self._colorbar is not None:
            # before the image: Colorbar.remove() needs its mappable's axes, and it removes its own axes too
            self._colorbar.remove()
            self._colorbar = None
            self._cax = None
        if self._image is not None:
            self._image.remove()
            self._image = None
        if self._cax is not None:
            self._cax.remove()
            self._cax = None

    @property
    def drawn_field_key(self):
        """The field_key the field artists on the axes were drawn for (None before the first update_field)."""
        return self._field_key

    def field_key(self) -> tuple:
        """Everything the field artists depend on: equal keys draw the same background.

        For the point dipole that is the sign of k, not k: the equipotential levels are proportional to k, so
        r² = −k cos θ / U₀ gives the same curves for every k of one sign (PHYSICS.md), the field lines
        r = c sin²θ do not depend on k, and the glyph and the arrows only on its sign. Another potential's
        field is computed for its k and parameters, so k itself is part of its key.
        """
        st = self.state
        opt = st.display
        layers = tuple(getattr(opt, name) for name in FIELD_OPTIONS)
        common = (get_theme(st.theme), st.view, layers)
        if not getattr(st, "is_point_dipole", True):
            return ("numeric", st.k, st.potential, st.model, *common)
        start = None
        if opt.start_field_line and st.k != 0 and st.selected is not None:
            p = st.particle(st.selected)
            start = (p.launch.r0, p.launch.theta0) if p is not None else None
        return ("dipole", (st.k > 0) - (st.k < 0), start, *common)

    def update_status(self) -> None:
        """The corner text: k (and another potential's parameters)."""
        st, k = self.state, self.state.k
        if not getattr(st, "is_point_dipole", True):
            from app.custom_plotting import status_text

            self.status_text.set_text(status_text(st))
        elif k == 0:
            self.status_text.set_text(translate("Figures", "k = 0: free motion, no field"))
        else:
            self.status_text.set_text(f"k = {number(k)}")

    def update_field(self, force: bool = False) -> bool:
        """Field lines, equipotentials, colour map and glyph for the current k, view and options.

        Returns whether the background changed (a canvas must then draw in full); when it did not (k moved
        within its sign, see field_key) only the animated status text was updated. force rebuilds anyway.
        """
        self.update_status()
        self.probes.update()
        key = self.field_key()
        if key == self._field_key and not force:
            return False
        st = self.state
        # the colour map stays if it is drawn again (updated in place by _draw_colormap)
        keep_colormap = self._shows_colormap()
        if force:
            self._clear_background(keep_colormap)
        else:
            self._put_away_background(keep_colormap)
        self._field_key = key
        if not force and key in self._kept:
            self._background = self._kept.pop(key)
            for a in self._background:
                a.set_visible(True)
            return True
        st, ax = self.state, self.ax
        k, box, opt = st.k, st.view, st.display
        theme = get_theme(st.theme)
        # draw on a box larger than the view so panning a little does not reveal empty edges
        big = ViewBox(box.xmin - 0.5 * (box.xmax - box.xmin), box.xmax + 0.5 * (box.xmax - box.xmin),
                      box.ymin - 0.5 * (box.ymax - box.ymin), box.ymax + 0.5 * (box.ymax - box.ymin))
        if opt.field_arrows:
            self._background.extend(draw_field_arrows(ax, st, box, theme))
        if not getattr(st, "is_point_dipole", True):
            from app.custom_plotting import draw_custom_field

            # the charges in the dipole glyph's colours: + like its + end, − like its − end
            ends = {sign: glyph_style(theme, sign)[1::2] for sign in (1, -1)}
            self._background.extend(draw_custom_field(ax, st, box, theme, source_colors=ends, later=self.trace_later))
            return True
        if self._shows_colormap():
            self._draw_colormap(k, box, theme)
        if opt.equipotentials and k != 0 and opt.n_equipotentials > 0:
            pos, neg = [], []
            for U0, x, y in dipole_equipotentials(k, opt.n_equipotentials, box):
                (pos if U0 > 0 else neg).append(np.column_stack((x, y)))
            for segs, color, style in ((pos, theme.equipotential_positive, "solid"), (neg, theme.equipotential_negative, "dashed")):
                if segs:
                    lc = LineCollection(segs, colors=color, linewidths=theme.equipotential_width, linestyles=style, zorder=2,
                                        label="equipotentials")
                    ax.add_collection(lc)
                    self._background.append(lc)
        if opt.field_lines and k != 0 and opt.n_field_lines > 0:
            lines = dipole_field_lines(opt.n_field_lines, big, spacing=opt.field_line_spacing)
            segs = [np.column_stack(line) for line in lines]
            lc = LineCollection(segs, colors=theme.field_line, linewidths=theme.field_width, zorder=1, label="field lines")
            ax.add_collection(lc)
            self._background.append(lc)
            self._draw_field_arrows(k, opt.n_field_lines, big, theme, opt.field_line_spacing)
        if opt.start_field_line and k != 0:
            self._draw_start_field_line(box, theme)
        if opt.dipole_glyph:
            self._draw_glyph(k, box, theme)
        return True

    def _draw_field_arrows(self, k: float, n: int, box: ViewBox, theme, spacing: str = "flux") -> None:
        """Arrowheads at the top of each loop showing the force on the charge, −∇U."""
        cs = dipole_field_line_constants(n, box, spacing)
        xs, ys, us, vs = [], [], [], []
        view = self.state.view
        for c in cs:
            for sgn in (1, -1):
                if view.ymin < sgn * c < view.ymax and view.xmin < 0 < view.xmax:
                    # at θ = ±90°, −∇U = (k / c³, 0): along +x for k > 0
                    xs.append(0.0)
                    ys.append(sgn * c)
                    us.append(math.copysign(1.0, k))
                    vs.append(0.0)
        if xs:
            q = self.ax.quiver(xs, ys, us, vs, color=theme.field_line, pivot="mid", scale=40 / theme.glyph_size,
                               width=0.004 * theme.glyph_size, headwidth=5, headlength=5, headaxislength=4.5, zorder=1)
            self._background.append(q)

    def _shows_colormap(self) -> bool:
        """Whether update_field draws the colour map (the point dipole's, for k other than 0)."""
        st = self.state
        return st.display.colormap and st.k != 0 and getattr(st, "is_point_dipole", True)

    def _draw_colormap(self, k: float, box: ViewBox, theme) -> None:
        """U / |k| (it depends on the sign of k only, like the rest of the field picture): k scales the values, not the map.

        The image and its colour bar are made once and updated in place. The colour scale follows the view's size
        in steps (colormap_scale), so a resize or a small zoom changes the picture, not the colour bar's ticks.
        """
        nx = 240
        ny = max(int(nx * (box.ymax - box.ymin) / (box.xmax - box.xmin)), 2)
        xs = np.linspace(box.xmin, box.xmax, nx)
        ys = np.linspace(box.ymin, box.ymax, ny)
        X, Y = np.meshgrid(xs, ys)
        with np.errstate(all="ignore"):
            U = dipole_potential(np.hypot(X, Y), np.arctan2(Y, X), math.copysign(1.0, k))
        scale = colormap_scale(box.half_extent)
        vmax = scale * 40
        values, extent = np.clip(U, -vmax, vmax), (box.xmin, box.xmax, box.ymin, box.ymax)
        if self._image is None or self._colorbar is None:
            self._clear_background()  # (one without the other: start again)
            norm = mcolors.SymLogNorm(linthresh=scale, vmin=-vmax, vmax=vmax, base=10)
            self._image = self.ax.imshow(values, extent=extent, origin="lower", cmap=theme.colormap, norm=norm, alpha=0.55,
                                         zorder=0, interpolation="bilinear", interpolation_stage="rgba")
            self._cax = self.ax.inset_axes([1.02, 0.0, 0.03, 1.0])
            self._colorbar = self.fig.colorbar(self._image, cax=self._cax)
        else:
            self._image.set_data(values)
            self._image.set_extent(extent)
            self._image.set_cmap(theme.colormap)
            norm = self._image.norm
            if (norm.linthresh, norm.vmax) != (scale, vmax):
                self._image.set_norm(mcolors.SymLogNorm(linthresh=scale, vmin=-vmax, vmax=vmax, base=10))  # the bar follows
        self._colorbar.set_label(translate("Figures", "potential energy U / |k|"), color=theme.foreground, fontsize=theme.font_size)
        self._colorbar.ax.tick_params(colors=theme.foreground, labelsize=theme.font_size * 0.8)

    def _draw_start_field_line(self, box: ViewBox, theme) -> None:
        pid = self.state.selected
        p = self.state.particle(pid) if pid is not None else None
        if p is None:
            return
        s2 = math.sin(p.launch.theta0) ** 2
        if s2 < 1e-12:
            x, y = np.array([box.xmin, box.xmax]), np.zeros(2)  # on the axis the field line is the axis
        else:
            c = p.launch.r0 / s2
            th = np.linspace(0, math.pi, 600)
            rr = c * np.sin(th) ** 2
            sgn = 1.0 if math.sin(p.launch.theta0) >= 0 else -1.0
            x, y = rr * np.cos(th), sgn * rr * np.sin(th)
        segs = [np.column_stack(piece) for piece in clip_polyline(x, y, box)]
        lc = LineCollection(segs, colors=theme.foreground, linewidths=theme.field_width * 2.2, linestyles=(0, (6, 3)), zorder=3,
                            label="field line through the start")
        self.ax.add_collection(lc)
        self._background.append(lc)

    def _draw_glyph(self, k: float, box: ViewBox, theme) -> None:
        """The dipole at the origin: its axis and which end is + for a positive test charge (p = −k x̂)."""
        width = max(box.xmax - box.xmin, box.ymax - box.ymin)
        if max(box.xmin, -box.xmax, box.ymin, -box.ymax) > GLYPH_FAR * width:
            return  # far out of view; its text placed millions of pixels away crashes FreeType
        size = 0.06 * box.half_extent * theme.glyph_size
        ax = self.ax
        body = ax.plot([-size, size], [0, 0], color=theme.foreground, lw=2.5 * theme.glyph_size, solid_capstyle="round", zorder=6)[0]
        self._background.append(body)
        if k == 0:
            dot = ax.plot([0], [0], "o", color=theme.foreground, ms=4 * theme.glyph_size, zorder=6)[0]
            self._background.append(dot)
            return
        plus_x = -size if k > 0 else size
        for x, (sign, fill, ink, edge) in ((plus_x, glyph_style(theme, +1)), (-plus_x, glyph_style(theme, -1))):
            t = ax.text(x, 0, sign, ha="center", va="center", fontsize=theme.font_size * 1.3, fontweight="bold", color=ink,
                        zorder=7, bbox={"boxstyle": "circle,pad=0.15", "fc": fill, "ec": edge, "lw": 1.2 * theme.glyph_size})
            self._background.append(t)

    def update_trajectories(self) -> None:
        """Particles whose paths are drawn, in order; then place everything at the clock.

        Call it whenever the particles, their colours or their trajectories change: `set_time` works from
        the arrays gathered here, so a frame costs a few numpy operations whatever the number of particles.
        """
        st = self.state
        shown = [(p, st.trajectory(p.id)) for p in st.particles if p.visible]
        shown = [(p, tr) for p, tr in shown if tr is not None]
        self._particle_ids = [p.id for p, _ in shown]
        if not self._tracks.holds(shown):  # (a change of particles and one of paths often come one after the other)
            self._tracks = _Tracks([p for p, _ in shown], [tr for _, tr in shown])
            self._trail_key = None  # the trail's pieces are laid out again by set_time
            self._stopped = None
            # round (matplotlib's default) and mitred joins of the markers' outlines differ by a 1/100 of a pixel;
            # mitred ones are drawn faster, which counts with a thousand markers
            self.markers.set_joinstyle("miter" if len(shown) > MANY_PARTICLES else "round")
        if st.display.exact_overlay and getattr(st, "is_point_dipole", True):
            self.ghosts.set_segments(self._exact_segments())
            self.ghosts.set_color([p.color for p, _ in shown])
        else:
            self.ghosts.set_segments([])
        self.set_time(st.time)

    def _exact_segments(self):
        from physics.exact import exact_trajectory

        segs = []
        for pid in self._particle_ids:
            tr = self.state.trajectory(pid)
            t = tr.t
            if tr.stop_reason == "r_min":
                t = t[t < tr.t_end * 0.999]
            x, y, _, _ = exact_trajectory(t, tr.launch, tr.k, float(tr.energy[0]))
            segs.append(np.column_stack((x, y)))
        return segs

    def _layout_trail(self, trail: str, trail_length: float) -> None:
        """Slots of the trail collection for this trail mode: one per particle (full) or per piece (fade).

        Each slot is a row of one buffer and the collection's paths are views of those rows, so `set_time`
        only refills the buffer: no Path objects, no colours and no Python loop per frame.
        """
        tk = self._tracks
        self._trail_key = (trail, trail_length)
        self._slots = None
        many = tk.n > MANY_PARTICLES
        if trail == "none" or tk.n == 0:
            self.trails.set_segments([])
            self.trails.set_color("none")
            return
        if trail == "full":
            pieces = 1
            limit = int(tk.counts.max())  # vertices of the longest path
            if many:
                limit = min(limit, FULL_VERTICES_MANY)
            colors = tk.rgba
        else:
            pieces = FADE_PIECES_MANY if many else FADE_PIECES
            # samples a tail can span, so that every sample of a piece fits in its row
            with np.errstate(divide="ignore", invalid="ignore"):
                span = np.where(tk.t_end > 0, np.ceil(trail_length / tk.t_end * (tk.counts - 1)) + 2, 0)
            span = int(np.minimum(span, tk.counts - 1).max())
            limit = -(-span // pieces) + 2
            if many:
                limit = min(limit, PIECE_VERTICES_MANY)
            colors = np.repeat(tk.rgba, pieces, axis=0)
            colors[:, 3] = np.tile(np.arange(1, pieces + 1) / pieces, tk.n)
        self._slots = _Slots(tk.n * pieces, pieces, max(limit, 2))  # its rows are made by the first frame
        self.trails.set_color(colors)
        if many:
            self._thin()

    def _attach_rows(self) -> None:
        """Make the slots' rows the trail collection's paths (as views, so that refilling them is enough)."""
        slots = self._slots
        self.trails.set_segments(slots.buf)
        slots.shared = all(np.shares_memory(path.vertices, slots.buf) for path in self.trails.get_paths()[:1])

    def _pixel(self) -> float:
        """The data length of a screen pixel along x (the axes are equal-aspect)."""
        (x0, x1), width = self.ax.get_xlim(), self.ax.bbox.width
        return abs(x1 - x0) / width if width > 0 else 0.0

    def _thin(self) -> None:
        """Draw many paths through samples about THIN_PIXELS apart on screen rather than through all of them."""
        pixel = self._pixel()
        if pixel > 0 and math.isfinite(pixel):
            self._slots.set_kept(self._tracks.thinned(THIN_PIXELS * pixel), pixel)

    def _place_trail(self, t: float, i: np.ndarray, trail_length: float) -> None:
        slots, tk = self._slots, self._tracks
        if slots is None:
            return
        if slots.pieces == 1:
            # the whole path so far, from the first sample to the marker's
            first, last = tk.start, tk.start + i
            drawn = None
        else:
            # edges as np.linspace(j, i, pieces + 1).astype(int) for each particle, the last edge at the marker
            j = tk.indices(max(t - trail_length, 0.0))
            edges = j[:, None] + slots.steps[None, :] * ((i - j) / slots.pieces)[:, None]
            edges[:, -1] = i
            edges = edges.astype(np.intp)
            first = (tk.start[:, None] + edges[:, :-1]).ravel()
            last = (tk.start[:, None] + edges[:, 1:]).ravel()
            drawn = last > first  # an empty piece is not drawn
        if slots.kept is not None and not 0.8 < self._pixel() / slots.pixel < 1.25:
            self._thin()  # zoomed or resized: thin for the new scale
        lo, inner = slots.stretches(first, last)
        need = min(int(inner.max()) + 2, slots.limit)
        if slots.buf is None or need > slots.width:
            # rows long enough for this frame, with room to grow: longer rows cost time even where they are NaN
            slots.resize(min(slots.limit, max(need, 2 * slots.width, _Slots.FIRST_WIDTH)))
            self._attach_rows()
        slots.fill(tk.xy, first, last, drawn, lo, inner)
        if not slots.shared:  # a matplotlib that copied the rows: hand it the new vertices
            self.trails.set_segments(slots.buf)
        self.trails.stale = True

    def set_time(self, t: float) -> None:
        """Move every trail and marker to time t (the animated artists only)."""
        st = self.state
        theme = get_theme(st.theme)
        opt = st.display
        tk = self._tracks
        trail = "full" if self.still and opt.trail == "fade" else opt.trail
        if self._trail_key != (trail, opt.trail_length):
            self._layout_trail(trail, opt.trail_length)
        i = tk.indices(t)
        self._place_trail(t, i, opt.trail_length)
        here = tk.xy[tk.start + i]
        stopped = tk.stoppable & (t >= tk.t_end)
        moving = ~stopped
        self.markers.set_offsets(here[moving])
        self.stops.set_offsets(tk.xy[tk.start[stopped] + tk.counts[stopped] - 1])
        if self._stopped is None or not np.array_equal(stopped, self._stopped):
            # the colours change only when a particle stops (or starts again, going back in time)
            self._stopped = stopped
            self.markers.set_facecolor(tk.rgba[moving] if moving.any() else "none")
            self.stops.set_facecolor(tk.rgba[stopped] if stopped.any() else "none")
        row = tk.row.get(st.selected)
        self.selected_ring.set_offsets(here[row : row + 1] if row is not None else np.empty((0, 2)))
        self.clock_text.set_text(f"t = {t:.2f}" if tk.n else "")
        if self.clock_text.get_fontsize() != theme.font_size:
            self.clock_text.set_fontsize(theme.font_size)
        spots = None
        if opt.path_numbers and tk.n <= PATH_NUMBERS_MAX:
            spots = here
            fell = stopped & tk.fell
            if fell.any():
                # paths that fell in all end at the dipole: number them where they went past the glyph instead
                spots = here.copy()
                clearance = NUMBER_CLEARANCE * st.view.half_extent * theme.glyph_size
                spots[fell] = tk.xy[tk.last_outside(clearance)[fell]]
            box = self._number_box()
            gone = ~((spots[:, 0] >= box[0]) & (spots[:, 0] <= box[1]) & (spots[:, 1] >= box[2]) & (spots[:, 1] <= box[3]))
            if gone.any():
                # a path that left the view is numbered where it was last in it
                spots = spots.copy()
                spots[gone] = tk.xy[tk.last_inside(box, np.flatnonzero(gone), tk.start[gone] + i[gone])]
        self._place_numbers(spots, theme)

    def _number_box(self) -> tuple[float, float, float, float]:
        """The part of the axes a number may be placed in: the view less a margin, so that it is not cut at the edge."""
        (x0, x1), (y0, y1) = sorted(self.ax.get_xlim()), sorted(self.ax.get_ylim())
        mx, my = 0.04 * (x1 - x0), 0.06 * (y1 - y0)
        return (x0 + mx, x1 - mx, y0 + my, y1 - my)

    def _place_numbers(self, spots: np.ndarray | None, theme) -> None:
        """Each path's particle number (the window's #1, #2, ...) beside its end, in its colour, with a halo."""
        tk = self._tracks
        count = tk.n if spots is not None and tk.n <= PATH_NUMBERS_MAX else 0
        while len(self.numbers) < count:
            text = self.ax.text(0, 0, "", ha="left", va="bottom", animated=not self.still, zorder=11, clip_on=True,
                                transform=offset_copy(self.ax.transData, fig=self.fig, x=4, y=4, units="points"))
            self._style_number(text, theme)
            self.numbers.append(text)
        for k, text in enumerate(self.numbers):
            if k >= count:
                text.set_visible(False)
                continue
            label = str(self._particle_ids[k])
            if text.get_text() != label:
                text.set_text(label)
            text.set_color(tk.rgba[k])
            text.set_position(spots[k])
            text.set_visible(True)

    def _style_number(self, text, theme) -> None:
        text.set_fontsize(theme.font_size * 0.9)
        text.set_fontweight("bold")
        text.set_path_effects([patheffects.withStroke(linewidth=max(2.5, theme.trail_width * 1.2), foreground=theme.background)])

    def draw_moving(self) -> None:
        """Draw the animated artists onto the canvas renderer (for blitting)."""
        for a in self.animated_artists:
            self.ax.draw_artist(a)


def glyph_style(theme, sign: int) -> tuple[str, str, str, str]:
    """The dipole glyph's + (sign > 0) or − end: (symbol, fill, text colour, edge), all from the theme.

    The ends take the colours of the equipotentials around them (U > 0 near the + end); a theme that draws
    both alike (print) gets a solid + and a hollow −. The symbol is whichever of the theme's foreground and
    background contrasts more with its fill.
    """
    positive = getattr(theme, "glyph_positive", None) or theme.equipotential_positive
    negative = getattr(theme, "glyph_negative", None) or theme.equipotential_negative
    symbol = "+" if sign > 0 else "\u2212"
    if mcolors.same_color(positive, negative):
        fill = theme.foreground if sign > 0 else theme.background
    else:
        fill = positive if sign > 0 else negative
    ink = max((theme.foreground, theme.background), key=lambda c: contrast_ratio(c, fill))
    return symbol, fill, ink, theme.foreground


def contrast_ratio(a, b) -> float:
    """WCAG contrast ratio of two colours, from 1 (equal) to 21 (black on white)."""
    def luminance(color) -> float:
        rgb = np.array(mcolors.to_rgb(color))
        rgb = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        return float(rgb @ (0.2126, 0.7152, 0.0722))

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def sample_indices(t: float, t_end: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """`SimulationState.index_at` for many paths at once: each path's last sample at or before time t.

    Paths are sampled uniformly from 0 to t_end with counts samples; the arithmetic is index_at's, in the
    same order, so both give the same index.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        i = np.floor(np.minimum(t, t_end) / t_end * (counts - 1) + 1e-9)
    i = np.where(t_end > 0, i, 0.0)
    return np.clip(i, 0, counts - 1).astype(np.intp)


class _Tracks:
    """The drawn particles' samples in flat arrays, gathered once per change of the paths."""

    def __init__(self, particles, trajectories):
        self.n = n = len(trajectories)
        self.counts = np.array([len(tr.t) for tr in trajectories], dtype=np.intp)
        self.start = np.zeros(n, dtype=np.intp)
        np.cumsum(self.counts[:-1], out=self.start[1:])
        self.xy = np.empty((int(self.counts.sum()) + 1, 2))  # the samples, then a NaN row for gaps
        self.xy[-1] = np.nan
        if n:
            np.concatenate([tr.x[: len(tr.t)] for tr in trajectories], out=self.xy[:-1, 0])
            np.concatenate([tr.y[: len(tr.t)] for tr in trajectories], out=self.xy[:-1, 1])
        self.t_end = np.array([tr.t_end for tr in trajectories], dtype=float)
        self.stoppable = np.array([tr.stop_reason in STOP_MARKED for tr in trajectories], dtype=bool)
        self.fell = np.array([tr.stop_reason == "r_min" for tr in trajectories], dtype=bool)
        self._outside = (None, None)  # (radius, last_outside(radius))
        self._inside = (None, None)  # (box, last_inside(box))
        self.rgba = mcolors.to_rgba_array([p.color for p in particles]) if n else np.empty((0, 4))
        self.row = {p.id: k for k, p in enumerate(particles)}
        self._shown = list(zip(particles, trajectories))

    def holds(self, shown: list) -> bool:
        """Whether these are the very (particle, trajectory) pairs the arrays were gathered from."""
        return len(shown) == len(self._shown) and all(
            p is q and tr is tq for (p, tr), (q, tq) in zip(shown, self._shown))

    def indices(self, t: float) -> np.ndarray:
        return sample_indices(t, self.t_end, self.counts)

    def last_outside(self, radius: float) -> np.ndarray:
        """Each path's last sample (a row of xy) at least radius from the origin; its first if none is."""
        if self._outside[0] != radius:
            with np.errstate(invalid="ignore"):
                far = np.hypot(self.xy[:-1, 0], self.xy[:-1, 1]) >= radius
            self._outside = (radius, self._last(far))
        return self._outside[1]

    def last_inside(self, box: tuple[float, float, float, float], paths: np.ndarray, upto: np.ndarray) -> np.ndarray:
        """For these paths, the last sample (a row of xy) up to row `upto` inside box = (xmin, xmax, ymin, ymax);
        the path's first sample if none is."""
        if self._inside[0] != box:
            x, y = self.xy[:-1, 0], self.xy[:-1, 1]
            with np.errstate(invalid="ignore"):
                self._inside = (box, (x >= box[0]) & (x <= box[1]) & (y >= box[2]) & (y <= box[3]))
        inside = self._inside[1]
        out = np.empty(len(paths), dtype=np.intp)
        for n, (k, last) in enumerate(zip(paths, upto)):  # a few paths, and only while their ends are out of view
            first = self.start[k]
            rows = np.flatnonzero(inside[first : last + 1])
            out[n] = first + rows[-1] if rows.size else first
        return out

    def _last(self, mask: np.ndarray) -> np.ndarray:
        """Each path's last sample where mask (over all samples) is true, else its first."""
        if not self.n:
            return np.empty(0, dtype=np.intp)
        last = np.maximum.reduceat(np.where(mask, np.arange(len(mask)), -1), self.start)
        return np.where(last >= self.start, last, self.start)

    def thinned(self, spacing: float) -> np.ndarray:
        """Which samples start each `spacing` of arc length along their path, with each path's first and last
        sample (a mask): a polyline through them is within a fraction of `spacing` of the one through all."""
        n = len(self.xy) - 1
        keep = np.ones(n, dtype=bool)
        if n < 3:
            return keep
        x, y = self.xy[:-1, 0], self.xy[:-1, 1]
        arc = np.hypot(np.diff(x), np.diff(y))
        gaps = None
        if not np.isfinite(arc).all():
            gaps = ~(np.isfinite(x) & np.isfinite(y))
            arc[~np.isfinite(arc)] = 0.0
        arc[self.start[1:] - 1] = 0.0  # from one path to the next
        np.cumsum(arc, out=arc)
        arc /= spacing
        np.floor(arc, out=arc)  # which stretch of `spacing` each sample after the first is in
        keep[1] = arc[0] != 0.0
        np.not_equal(arc[1:], arc[:-1], out=keep[2:])
        keep[self.start] = True
        keep[self.start + self.counts - 1] = True
        if gaps is not None:  # a gap in a path stays exactly where it is
            keep |= gaps
            keep[:-1] |= gaps[1:]
            keep[1:] |= gaps[:-1]
        return keep


class _Slots:
    """The trail's vertices: rows of one (rows, width, 2) buffer, each the stretch of a path from sample
    `first` to sample `last` (a whole path so far, or one piece of a tail). A row holds every sample from
    the first to the last when they fit, the rest of it NaN (which matplotlib leaves out); else `width`
    vertices, the first, the last and samples evenly spread between. Once `set_kept` has been called, only
    the kept samples are candidates for the vertices between the two ends. Rows start short and are made
    longer, up to `limit`, when a frame needs it."""

    FIRST_WIDTH = 8  # the shortest rows made

    def __init__(self, rows: int, pieces: int, limit: int):
        self.pieces = pieces
        self.limit = limit
        self.shared = False  # whether the collection's paths are views of buf's rows
        self.kept = self.is_kept = self.rank = None
        self.pixel = 0.0  # the data length of a screen pixel that kept was chosen for
        self.steps = np.arange(pieces + 1, dtype=float)
        self._rows = np.arange(rows)
        self.buf, self.width = None, 0

    def resize(self, width: int) -> None:
        self.width = width
        self.buf = np.full((len(self._rows), width, 2), np.nan)
        self._k = np.arange(width, dtype=float)[None, :]
        self._pos = np.empty(self.buf.shape[:2])

    def stretches(self, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each row, where its candidate vertices between the ends start, and how many there are."""
        if self.kept is None:
            return first + 1, np.maximum(last - first - 1, 0)
        lo = self.rank[first]  # the first kept sample after `first`
        return lo, np.maximum(self.rank[last] - self.is_kept[last] - lo, 0)

    def fill(self, xy: np.ndarray, first: np.ndarray, last: np.ndarray, drawn: np.ndarray | None,
             lo: np.ndarray, inner: np.ndarray) -> None:
        """xy: the samples, then one row of NaN (for the gaps); lo and inner from `stretches`."""
        kept = self.kept
        shown = np.minimum(inner, self.width - 2)  # vertices between the ends
        step = (inner - 1) / np.maximum(shown - 1, 1)  # 1 when they all fit
        pos = np.multiply(self._k - 1, step[:, None], out=self._pos)
        np.rint(pos, out=pos)
        pos += lo[:, None]
        np.clip(pos, 0, (len(xy) - 2 if kept is None else len(kept) - 1), out=pos)
        idx = pos.astype(np.intp)
        if kept is not None:
            idx = kept[idx]
        end = shown + 1
        idx[:, 0] = first
        idx[self._rows, end] = last
        gap = self._k > end[:, None]  # past the stretch's last vertex
        gap |= (self._k > 0) & (last == first)[:, None]  # a single sample is a single vertex
        if drawn is not None:
            gap |= ~drawn[:, None]
        idx[gap] = len(xy) - 1
        np.take(xy, idx, axis=0, out=self.buf, mode="clip")

    def set_kept(self, keep: np.ndarray, pixel: float) -> None:
        """Draw through the samples where keep is true (a mask over all samples), chosen for this pixel size."""
        self.kept, self.is_kept, self.pixel = np.flatnonzero(keep), keep, pixel
        self.rank = np.cumsum(keep, dtype=np.intp)  # kept samples up to and including each sample
