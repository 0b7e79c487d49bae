"""The hidden pendulum on a matplotlib Figure: for one particle the phase portrait (θ, dθ/dτ) in Sundman time,
and its two clocks, τ and r², against t beside their closed forms.

    fig_ = PendulumFigure(fig); fig_.draw(state, theme, pid); fig_.set_time(state, t)
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.lines import Line2D

from app.figures.style import angle_axis, figure_legend, figure_points, note, start_over, style_axes
from app.i18n import QT_TRANSLATE_NOOP, translate
from physics.exact import r_squared, sundman_time
from physics.pendulum import break_jumps, level_curve, separatrix, sundman_rate, wrap_angle

GRID = np.linspace(-np.pi, np.pi, 721)


class PendulumFigure:
    """The three axes of the hidden pendulum on one figure, and the markers of the clock's time."""

    def __init__(self, fig):
        self.fig = fig
        self.ax_phase = self.ax_tau = self.ax_r2 = None
        self._wide = None
        self.pid = None
        self.markers = []

    def wants_new_axes(self) -> bool:
        """Whether the figure's shape now asks for the other arrangement of the axes (after a resize)."""
        w, h = figure_points(self.fig)
        return (w >= 1.3 * h) != self._wide

    def _axes(self) -> None:
        """Phase portrait on the left with τ and r² stacked beside it, or on top of them when the figure is tall."""
        w, h = figure_points(self.fig)
        wide = w >= 1.3 * h
        if wide == self._wide:
            return
        for ax in (self.ax_phase, self.ax_tau, self.ax_r2):
            if ax is not None:
                ax.remove()
        if wide:
            grid = self.fig.add_gridspec(2, 2, width_ratios=(1.25, 1))
            self.ax_phase = self.fig.add_subplot(grid[:, 0])
            self.ax_tau = self.fig.add_subplot(grid[0, 1])
            self.ax_r2 = self.fig.add_subplot(grid[1, 1], sharex=self.ax_tau)
        else:
            grid = self.fig.add_gridspec(2, 2, height_ratios=(1.3, 1))
            self.ax_phase = self.fig.add_subplot(grid[0, :])
            self.ax_tau = self.fig.add_subplot(grid[1, 0])
            self.ax_r2 = self.fig.add_subplot(grid[1, 1], sharex=self.ax_tau)
        self._wide = wide

    def draw(self, state, theme: str, pid=None) -> None:
        """Draw particle pid (the selected one by default) of `state` in `theme`."""
        self._axes()
        axes = (self.ax_phase, self.ax_tau, self.ax_r2)
        style = start_over(self.fig, theme, axes, keep_axes=True)
        self.pid = state.selected if pid is None else pid
        tr = state.trajectory(self.pid) if self.pid is not None else None
        ph, ta, r2 = axes
        ph.set_xlabel("θ")
        ph.set_ylabel("dθ/dτ = r²θ̇")
        ta.set_ylabel("τ")
        r2.set_ylabel("r²")
        r2.set_xlabel("t")
        if self._wide:
            ta.tick_params(labelbottom=False)
        else:
            ta.set_xlabel("t")
        for ax in axes:
            style_axes(ax, style)
        angle_axis(ph, "x", "radians")
        self.markers = []
        if tr is None:
            note(ph, translate("Figures", "Select a particle"), style)
            ph.set_xlim(-np.pi, np.pi)
            return
        exact = state.is_point_dipole
        k = tr.k
        color = state.particle(self.pid).color
        w = sundman_rate(tr.r, tr.omega)
        handles = [Line2D([], [], color=color, lw=style.line, marker=".", ms=style.marker * 0.6)]
        labels = [translate("Figures", "integrated")]
        if exact and k != 0:
            # the pendulum's level curve C: the whole orbit in τ, which a fall runs round infinitely often
            level = level_curve(float(tr.C[0]), k, GRID)
            for sign in (1, -1):
                ph.plot(GRID, sign * level, color=color, lw=style.reference, alpha=0.45)
            sep = separatrix(k, GRID)
            for sign in (1, -1):
                ph.plot(GRID, sign * sep, color=style.muted, ls=":", lw=style.reference * 1.3)
            handles.append(Line2D([], [], color=style.muted, ls=":", lw=style.reference * 1.3))
            labels.append(translate("Figures", "separatrix C = |k|"))
        x, y = break_jumps(wrap_angle(tr.theta), w)
        ph.plot(x, y, ".", color=color, ms=style.marker * 0.5)
        ph.set_xlim(-np.pi, np.pi)
        finite = w[np.isfinite(w)]
        if finite.size:
            top = max(np.percentile(np.abs(finite), 99.5), 2.2 * math.sqrt(abs(k)) if exact else 0, 1e-3)
            ph.set_ylim(-1.1 * top, 1.1 * top)
        ring = {"mec": style.foreground, "mew": 1.0 * max(style.scale, 1.0), "zorder": 5}
        self.markers.append(ph.plot([], [], "o", color=color, ms=style.marker * 1.4, **ring)[0])

        ta.plot(tr.t, tr.tau, color=color, lw=style.line * 1.5, alpha=0.7)
        if exact:
            t_ok = tr.t[tr.t < tr.t_end] if tr.stop_reason == "r_min" else tr.t
            ta.plot(t_ok, sundman_time(t_ok, tr.launch.r0, tr.launch.vr0, float(tr.energy[0])), color=style.foreground, ls="--",
                    lw=style.reference)
            r2.plot(tr.t, r_squared(tr.t, tr.launch.r0, tr.launch.vr0, float(tr.energy[0])), color=style.foreground, ls="--",
                    lw=style.reference, zorder=3)
            handles.append(Line2D([], [], color=style.foreground, ls="--", lw=style.reference))
            labels.append(translate("Figures", "closed form"))
        self.markers.append(ta.plot([], [], "o", color=color, ms=style.marker, **ring)[0])
        r2.plot(tr.t, tr.r**2, color=color, lw=style.line * 1.5, alpha=0.7)
        self.markers.append(r2.plot([], [], "o", color=color, ms=style.marker, **ring)[0])
        for ax in (ta, r2):
            ax.relim()
            ax.autoscale_view()
        figure_legend(self.fig, handles, labels, style, loc="outside upper center")

    def set_time(self, state, t: float) -> str:
        """Move the markers to the clock's time t; returns a line saying where the particle is (t, τ, turns)."""
        if self.pid is None or state.trajectory(self.pid) is None or not self.markers:
            return QT_TRANSLATE_NOOP("Figures", "No particle selected.")
        tr = state.trajectory(self.pid)
        i = state.index_at(self.pid, t)
        self.markers[0].set_data([float(wrap_angle(tr.theta[i]))], [float(sundman_rate(tr.r[i], tr.omega[i]))])
        self.markers[1].set_data([tr.t[i]], [tr.tau[i]])
        self.markers[2].set_data([tr.t[i]], [tr.r[i] ** 2])
        swings = abs(tr.theta[i] - tr.theta[0]) / (2 * np.pi)
        falling = (QT_TRANSLATE_NOOP("Figures", "  falling in: τ → ∞, the angle swings ever faster")
                   if tr.stop_reason == "r_min" and tr.t_end - tr.t[i] < 0.2 * tr.t_end else "")
        other = "" if state.is_point_dipole else QT_TRANSLATE_NOOP("Figures", "  (not the point dipole: no exact pendulum or r² law)")
        # a template the window finds in its catalogue (ui.language.localise): the numbers are filled in here
        return QT_TRANSLATE_NOOP("Figures", "particle #{pid}: t = {t}, τ = {tau}, Δθ = {turns} turns{falling}{other}").format(
            pid=self.pid, t=f"{tr.t[i]:.3f}", tau=f"{tr.tau[i]:.4g}", turns=f"{swings:.2f}", falling=falling, other=other)


def draw_pendulum(fig, state, theme: str, pid=None, time: float | None = None) -> PendulumFigure:
    """Draw the hidden pendulum of particle pid (the selected one by default) on `fig`, with the markers at `time`."""
    figure = PendulumFigure(fig)
    figure.draw(state, theme, pid)
    figure.set_time(state, state.time if time is None else time)
    return figure
