"""Any quantity against any other, for one particle or all of them: `plot --graph X,Y` and the window's graph page.

The values are the trajectory's own columns (t, x, y, r, θ, ṙ, θ̇, vx, vy, E, C, τ), and |v| = √(vx² + vy²);
r against ṙ and θ against θ̇ are the phase portraits.

    GraphFigure(fig).draw(state, theme, "r", "vr", pid)      # pid None: every shown particle
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.figures.style import note, start_over, style_axes
from app.i18n import QT_TRANSLATE_NOOP, translate


@dataclass(frozen=True)
class Quantity:
    name: str  # the name the command line and sessions use
    label: str  # the axis label
    column: str  # the Trajectory attribute ("" for |v|, computed)


QUANTITIES = {
    q.name: q
    for q in (
        Quantity("t", "t", "t"),
        Quantity("x", "x", "x"),
        Quantity("y", "y", "y"),
        Quantity("r", "r", "r"),
        Quantity("theta", "θ (rad)", "theta"),
        Quantity("r_dot", "ṙ", "vr"),
        Quantity("theta_dot", "θ̇", "omega"),
        Quantity("vx", "vx", "vx"),
        Quantity("vy", "vy", "vy"),
        Quantity("speed", "|v|", ""),
        Quantity("E", "E", "energy"),
        Quantity("C", "C", "C"),
        Quantity("tau", "τ", "tau"),
    )
}
QUANTITY_NAMES = tuple(QUANTITIES)
ALIASES = {"θ": "theta", "ṙ": "r_dot", "vr": "r_dot", "θ̇": "theta_dot", "omega": "theta_dot", "|v|": "speed", "v": "speed",
           "energy": "E", "τ": "tau"}
DEFAULT_GRAPH = ("r", "r_dot")


def quantity(name: str) -> Quantity:
    """The quantity called name (or one of its aliases: θ, ṙ, vr, θ̇, omega, |v|, v, energy, τ); ValueError otherwise."""
    key = ALIASES.get(name.strip(), name.strip())
    if key not in QUANTITIES:
        raise ValueError(f"unknown quantity {name!r}: use one of {', '.join(QUANTITY_NAMES)}")
    return QUANTITIES[key]


def parse_graph(text: str) -> tuple[str, str]:
    """'X,Y' (e.g. 'r,r_dot') as the two quantities' names; ValueError naming the problem."""
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError(f"{text!r} must be two quantities separated by a comma, e.g. r,r_dot")
    return quantity(parts[0]).name, quantity(parts[1]).name


def values(trajectory, name: str) -> np.ndarray:
    """The samples of quantity `name` along a trajectory."""
    q = quantity(name)
    if not q.column:
        return np.hypot(trajectory.vx, trajectory.vy)
    return np.asarray(getattr(trajectory, q.column), dtype=float)


def shown_particles(state, pid=None) -> list:
    """(particle, trajectory) pairs to draw: particle pid, or every visible one when pid is None."""
    if pid is not None:
        p, tr = state.particle(pid), state.trajectory(pid)
        return [(p, tr)] if p is not None and tr is not None else []
    pairs = [(p, state.trajectory(p.id)) for p in state.particles if p.visible]
    return [(p, tr) for p, tr in pairs if tr is not None]


class GraphFigure:
    """One axes: quantity y against quantity x; `markers` show where each particle is at the clock's time."""

    def __init__(self, fig, animated_markers: bool = False):
        self.fig = fig
        self.ax = fig.add_subplot()
        self.markers = []
        self._animated = animated_markers
        self._shown: list = []
        self._xy = DEFAULT_GRAPH

    def draw(self, state, theme: str, x: str, y: str, pid=None) -> str:
        """Draw y against x for particle pid (None: every visible particle); returns a line saying what it shows."""
        qx, qy = quantity(x), quantity(y)
        self._xy = (qx.name, qy.name)
        ax = self.ax
        # the axes keep their ticks (clearing them made new Tick objects at every refresh: 0.15-0.3 s of the window's
        # time for a change of the particle shown); only what was drawn goes, and the limits are worked out again
        style = start_over(self.fig, theme, [ax], keep_axes=True)
        ax.set_autoscale_on(True)
        ax.set_xlabel(qx.label)
        ax.set_ylabel(qy.label)
        self._shown = shown_particles(state, pid)
        self.markers = []
        if not self._shown:
            ax.set_xlim(0.0, 1.0)  # (as a cleared axes)
            ax.set_ylim(0.0, 1.0)
            ax.set_title(translate("Figures", "{y} against {x}").format(y=qy.label, x=qx.label))
            style_axes(ax, style)
            note(ax, translate("Figures", "Launch a charge to plot its path's quantities") if not state.particles
                 else translate("Figures", "No particle to show"), style)
            return ""
        for p, tr in self._shown:
            X, Y = values(tr, qx.name), values(tr, qy.name)
            ax.plot(X, Y, color=p.color, lw=style.line, label=f"#{p.id}")
            ax.plot(X[:1], Y[:1], "o", color=p.color, ms=style.marker * 0.7, mfc="none")  # the start
            (marker,) = ax.plot([], [], "o", color=p.color, ms=style.marker, mec=style.background, animated=self._animated,
                                zorder=5)
            self.markers.append(marker)
        ax.relim()  # from what is drawn now, not from the drawing before
        ax.autoscale_view()
        # the line returned is English built from templates the window finds in its catalogue (ui.language.localise);
        # the title is in the figures' language
        if pid is not None:
            which, shown = (text.format(id=self._shown[0][0].id) for text in (QT_TRANSLATE_NOOP("Figures", "particle #{id}"),
                                                                             translate("Figures", "particle #{id}")))
        else:
            which, shown = (text.format(count=len(self._shown)) for text in (QT_TRANSLATE_NOOP("Figures", "{count} particles"),
                                                                             translate("Figures", "{count} particles")))
        ax.set_title(translate("Figures", "{y} against {x}: {which}").format(y=qy.label, x=qx.label, which=shown))
        style_axes(ax, style)
        self.set_time(state.time)
        return QT_TRANSLATE_NOOP("Figures", "{y} against {x} for {which}").format(y=qy.label, x=qx.label, which=which)

    def set_time(self, t: float) -> None:
        """Move each particle's marker to where it is at time t (its last sample once it has stopped)."""
        for marker, (_, tr) in zip(self.markers, self._shown):
            i = int(np.clip(np.searchsorted(tr.t, t), 0, len(tr.t) - 1))
            X, Y = values(tr, self._xy[0]), values(tr, self._xy[1])
            marker.set_data([X[i]], [Y[i]])


def draw_graph(fig, state, theme: str, x: str, y: str, pid=None, time: float | None = None) -> GraphFigure:
    """A GraphFigure of state on fig, its markers at `time` (default: the state's clock)."""
    graph = GraphFigure(fig)
    graph.draw(state, theme, x, y, pid)
    graph.set_time(state.time if time is None else time)
    return graph
