"""Probes of V and E on the plot: where they stand (a display option) and their artists on a matplotlib Axes.

A probe reads the potential V (U of a unit charge) and the field E = −∇U at its point with
physics.probe.read_probe, from the state's model (so it follows k, the potential and its parameters).
It is drawn as a ring, an arrow along E (all arrows one length: a probe shows E's direction, its
label the size) and a label `P1  V = …  |E| = …`. The canvas and the figure export draw the same layer.
"""

from __future__ import annotations

import math

from app.text import number

MAX_PROBES = 12
MAX_COORD = 1e6


def check_probes(probes) -> None:
    """ValueError naming the problem unless probes is a tuple of at most MAX_PROBES (x, y) pairs of finite numbers."""
    if not isinstance(probes, tuple):
        raise ValueError(f"probes must be a tuple of (x, y) points, got {type(probes).__name__}")
    if len(probes) > MAX_PROBES:
        raise ValueError(f"at most {MAX_PROBES} probes, got {len(probes)}")
    for i, point in enumerate(probes):
        if not (isinstance(point, tuple) and len(point) == 2):
            raise ValueError(f"probe {i + 1} must be an (x, y) pair, got {point!r}")
        for value in point:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                    or abs(value) > MAX_COORD:
                raise ValueError(f"probe {i + 1} must have finite coordinates of size at most {MAX_COORD:g}, got {point!r}")


def probes_from_json(value) -> tuple:
    """A session's list of [x, y] pairs as DisplayOptions.probes; ValueError naming the problem."""
    if not isinstance(value, list):
        raise ValueError(f"must be a list of [x, y] points, got {type(value).__name__}")
    out = []
    for i, point in enumerate(value):
        if not (isinstance(point, list) and len(point) == 2):
            raise ValueError(f"probe {i + 1} must be a list [x, y], got {point!r}"[:120])
        out.append(tuple(float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in point))
    probes = tuple(out)
    check_probes(probes)
    return probes


def field_model(state):
    """(model, parameter values in its order) whose potential and field the probes and arrows read.

    For the point dipole that is the generated module (physics.integration.generated), the same expressions
    without importing sympy: a window opening on a session with probes starts as fast as one without.
    """
    if getattr(state, "is_point_dipole", True):
        from physics.integration.generated import default_model

        model = default_model()
    else:
        model = state.model
    values = state.potential_params
    return model, tuple(float(values.get(n, 1.0)) for n in model.param_names)


def reading_text(index: int, reading) -> str:
    return f"P{index + 1}  V = {number(reading.V, '.3g')}\n|E| = {number(reading.E_abs, '.3g')}"


class ProbeLayer:
    """The probes' artists on one Axes, created and removed as probes come and go, updated in place.

    positions (while a probe is dragged) overrides the state's display.probes; hidden hides them all
    (predict mode: nothing on the plot may hint at a path).
    """

    ARROW_FRACTION = 0.09  # an arrow's length as a fraction of the view's larger side

    def __init__(self, ax, state):
        self.ax = ax
        self.state = state
        self.animated = True
        self.hidden = False
        self.positions: tuple | None = None
        self._items: list = []  # (ring, arrow, label) per probe

    @property
    def artists(self) -> list:
        return [a for item in self._items for a in item]

    @property
    def points(self) -> tuple:
        return self.positions if self.positions is not None else self.state.display.probes

    def readings(self) -> list:
        """physics.probe.ProbeReading per probe, None where it stands on a singularity."""
        from physics.probe import read_probe

        if not self.points:
            return []
        model, args = field_model(self.state)
        out = []
        for x, y in self.points:
            try:
                out.append(read_probe(model, x, y, args))
            except ValueError:
                out.append(None)
        return out

    def update(self) -> None:
        from matplotlib.patches import FancyArrowPatch

        from app.themes import get_theme

        points = self.points
        while len(self._items) > len(points):
            for a in self._items.pop():
                a.remove()
        theme = get_theme(self.state.theme)
        while len(self._items) < len(points):
            ring, = self.ax.plot([], [], marker="o", linestyle="none", zorder=11, animated=self.animated)
            arrow = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", zorder=11, animated=self.animated)
            self.ax.add_patch(arrow)
            label = self.ax.annotate("", (0, 0), xytext=(9, 9), textcoords="offset points", va="bottom", ha="left",
                                     zorder=12, animated=self.animated, annotation_clip=True)
            self._items.append((ring, arrow, label))
        view = self.state.view
        length = self.ARROW_FRACTION * max(view.xmax - view.xmin, view.ymax - view.ymin)
        for i, ((x, y), reading, (ring, arrow, label)) in enumerate(zip(points, self.readings(), self._items)):
            ring.set_data([x], [y])
            ring.set_markersize(theme.marker_size * 1.6)
            ring.set_markerfacecolor("none")
            ring.set_markeredgecolor(theme.foreground)
            ring.set_markeredgewidth(2.5 if theme.name == "presentation" else 1.5)
            label.xy = (x, y)
            label.set_fontsize(theme.font_size * 0.85)
            label.set_color(theme.foreground)
            label.set_bbox({"boxstyle": "round,pad=0.25", "facecolor": theme.background, "edgecolor": theme.foreground,
                            "alpha": 0.85, "linewidth": 0.6})
            if reading is None:
                label.set_text(f"P{i + 1}  on a singularity")
                arrow.set_visible(False)
            else:
                label.set_text(reading_text(i, reading))
                e = reading.E_abs
                # the label in the quarter away from the arrow, which it would otherwise cover (E up and to the right)
                right, up = reading.Ex > 0, reading.Ey > 0
                label.set_position((-9 if right else 9, -9 if up else 9))
                label.set_horizontalalignment("right" if right else "left")
                label.set_verticalalignment("top" if up else "bottom")
                arrow.set_visible(e > 0 and not self.hidden)
                if e > 0:
                    arrow.set_positions((x, y), (x + length * reading.Ex / e, y + length * reading.Ey / e))
                arrow.set_color(theme.foreground)
                arrow.set_linewidth(theme.trail_width * 0.8)
                arrow.set_mutation_scale(8 + 2 * theme.trail_width)
            ring.set_visible(not self.hidden)
            label.set_visible(not self.hidden)

    def set_animated(self, animated: bool) -> None:
        self.animated = animated
        for a in self.artists:
            a.set_animated(animated)

    def set_hidden(self, hidden: bool) -> None:
        self.hidden = bool(hidden)
        self.update()

    def hit(self, x_pixels: float, y_pixels: float, radius: float = 10.0) -> int | None:
        """The index of the probe whose ring is within radius pixels of a display point, else None."""
        if self.hidden:
            return None
        best, best_d = None, radius
        for i, (x, y) in enumerate(self.points):
            px, py = self.ax.transData.transform((x, y))
            d = math.hypot(px - x_pixels, py - y_pixels)
            if d <= best_d:
                best, best_d = i, d
        return best


def with_probe(probes: tuple, x: float, y: float) -> tuple:
    """probes with one more at (x, y); ValueError when there are MAX_PROBES already."""
    new = (*probes, (float(x), float(y)))
    check_probes(new)
    return new


def moved(probes: tuple, index: int, x: float, y: float) -> tuple:
    new = tuple((float(x), float(y)) if i == index else p for i, p in enumerate(probes))
    check_probes(new)
    return new


def without(probes: tuple, index: int) -> tuple:
    return tuple(p for i, p in enumerate(probes) if i != index)
