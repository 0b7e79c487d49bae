"""The invariants and r² plots on a matplotlib Figure: the drift of E and C against t, and r² against t beside the
exact quadratic r(t)² = 2E t² + 2 r₀ ṙ₀ t + r₀², so anyone can see that the integrator is right.

    plots = InvariantsFigure(fig); plots.draw(state, theme, pid); plots.set_time(t)
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.lines import Line2D

from app.figures.style import figure_legend, figure_points, start_over, style_axes
from app.i18n import translate
from physics.radial import radial_check


class InvariantsFigure:
    """Two axes (invariants, r²) and a time cursor on each; the cursors are `animated` so a canvas can blit them."""

    def __init__(self, fig, animated_cursors: bool = False):
        self.fig = fig
        self._animated = animated_cursors
        self.ax_invariants = self.ax_r2 = None
        self.cursors = []
        self._shape_drawn = None
        self._axes()

    def _shape(self) -> str:
        w, h = figure_points(self.fig)
        return "wide" if w >= 1.1 * h else "tall"

    def wants_new_axes(self) -> bool:
        """Whether the figure's shape now asks for the other arrangement of the axes (after a resize)."""
        return self._shape() != self._shape_drawn

    def _axes(self) -> None:
        """Side by side on a wide figure, one above the other on a tall one."""
        shape = self._shape()
        if shape == self._shape_drawn:
            return
        for ax in (self.ax_invariants, self.ax_r2):
            if ax is not None:
                ax.remove()
        self.ax_invariants, self.ax_r2 = self.fig.subplots(1, 2) if shape == "wide" else self.fig.subplots(2, 1)
        self.cursors = [ax.axvline(0.0, lw=1, animated=self._animated) for ax in (self.ax_invariants, self.ax_r2)]
        self._shape_drawn = shape

    def draw(self, state, theme: str, pid=None) -> None:
        """Draw particle pid (the selected one by default) of `state` in `theme`."""
        self._axes()
        ax1, ax2 = self.ax_invariants, self.ax_r2
        style = start_over(self.fig, theme)  # the axes keep their time cursors: only the curves go
        for ax in (ax1, ax2):
            for artist in list(ax.lines) + list(ax.texts):
                if artist not in self.cursors:
                    artist.remove()
        for cursor in self.cursors:
            cursor.set_color(style.muted)
            cursor.set_linewidth(style.reference)
        pid = state.selected if pid is None else pid
        tr = state.trajectory(pid) if pid is not None else None
        ax1.set_xlabel("t")
        ax2.set_xlabel("t")
        ax1.set_ylabel(translate("Figures", "drift from start"))
        ax2.set_ylabel("r²")
        if tr is None:
            ax1.set_title(translate("Figures", "E and C (select a particle)"))
            ax2.set_title(translate("Figures", "r² and the exact law"))
            for ax in (ax1, ax2):
                ax.set_xlim(0, state.settings.t_max)
                ax.set_ylim(-1, 1)
                style_axes(ax, style)
            return
        color = state.particle(pid).color
        E0, C0 = float(tr.energy[0]), float(tr.C[0])
        # C and the r² law exist only when U is homogeneous of degree −2 (the point dipole); otherwise C is nan
        has_C = math.isfinite(C0)
        ax1.plot(tr.t, tr.energy - E0, color=color, lw=style.line)
        handles = [Line2D([], [], color=color, lw=style.line)]
        labels = [f"E − E₀ (E₀ = {E0:.4g})"]
        if has_C:
            ax1.plot(tr.t, tr.C - C0, color=style.foreground, lw=style.reference, ls="--")
            handles.append(Line2D([], [], color=style.foreground, lw=style.reference, ls="--"))
            labels.append(f"C − C₀ (C₀ = {C0:.4g})")
        ax1.set_title(translate("Figures", "E and C drift") if has_C else translate("Figures", "E drift (no C for this U)"))
        ax2.plot(tr.t, tr.r**2, color=color, lw=style.line * 1.8, alpha=0.75)
        handles.append(Line2D([], [], color=color, lw=style.line * 1.8, alpha=0.75))
        labels.append(translate("Figures", "r², integrated"))
        if has_C:
            check = radial_check(tr)
            ax2.plot(tr.t, check.exact, color=style.foreground, lw=style.reference, ls=":")
            handles.append(Line2D([], [], color=style.foreground, lw=style.reference, ls=":"))
            labels.append("2Et² + 2r₀ṙ₀t + r₀²")
            ax2.set_title(translate("Figures", "r²: off by ≤ {difference}").format(difference=f"{check.largest_difference:.1e}"))
        else:
            ax2.set_title(translate("Figures", "r² (no exact quadratic for this U)"))
        for ax in (ax1, ax2):
            ax.set_autoscaley_on(True)
            ax.relim()
            ax.autoscale_view()
            ax.set_xlim(0, max(tr.t_end, 1e-9))
            style_axes(ax, style)
        ax1.ticklabel_format(axis="y", style="sci", scilimits=(-2, 3))
        drifts = np.concatenate((tr.energy - E0, tr.C - C0 if has_C else []))
        drifts = drifts[np.isfinite(drifts)]
        if not (drifts.size and np.ptp(drifts) > 0):
            ax1.set_ylim(-1e-15, 1e-15)
        figure_legend(self.fig, handles, labels, style, loc="outside upper center")
        self.set_time(state.time)

    def set_time(self, t: float) -> None:
        for cursor in self.cursors:
            cursor.set_xdata([t, t])


def draw_invariants(fig, state, theme: str, pid=None, time: float | None = None) -> InvariantsFigure:
    """Draw the invariants and r² plots of particle pid (the selected one by default) on `fig` in `theme`."""
    figure = InvariantsFigure(fig)
    figure.draw(state, theme, pid)
    figure.set_time(state.time if time is None else time)
    return figure
