"""The scattering lab on a matplotlib Figure: a beam's orbits, its deflection Θ(b) beside the exact curve, and dσ/dΘ.

    draw_scattering(fig, result, theme, k=state.k, exact=state.is_point_dipole, view=state.view)

`result` is a physics.scattering.ScatteringResult (None draws the empty axes); a FiredBeam keeps a result
with the k, potential and view it was fired at, so an export draws what the panel shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from app.figures.style import angle_axis, figure_legend, figure_points, note, start_over, style_axes
from app.i18n import QT_TRANSLATE_NOOP, translate
from physics.scattering import Beam, capture_width, exact_deflection, scatter

EXACT_SAMPLES = 1201


@dataclass(frozen=True, eq=False)
class FiredBeam:
    """A beam's result with what it was fired at: k, whether the potential was the point dipole, and the view."""

    result: object  # physics.scattering.ScatteringResult
    k: float
    exact: bool
    view: object  # physics.field.ViewBox


def beam_for_export(n: int = 81) -> Beam:
    """The beam the scattering lab starts with (b from −3 to 3, speed 1, coming in from the right)."""
    return Beam(n=n)


def scatter_state(state, beam: Beam | None = None):
    """Fire `beam` (the panel's default) past the potential and k of `state`; the ScatteringResult."""
    beam = beam or beam_for_export()
    exact = state.is_point_dipole
    return scatter(beam, state.k, state.settings, model=None if exact else state.model,
                   params=None if exact else state.potential.param_dict)


def fire(state, beam: Beam | None = None) -> FiredBeam:
    """Fire `beam` past `state` as it is now, and keep what it was fired at."""
    return FiredBeam(scatter_state(state, beam), state.k, state.is_point_dipole, state.view)


def exact_curve(beam: Beam, k: float) -> tuple[np.ndarray, np.ndarray]:
    """(b, Θ in degrees) of the exact point-dipole deflection, with nan where it jumps across ±180°."""
    fine = np.linspace(beam.b_min, beam.b_max, EXACT_SAMPLES)
    theta = np.degrees(np.asarray([exact_deflection(b, beam.speed, beam.direction, k) for b in fine]))
    cut = np.flatnonzero(np.abs(np.diff(theta)) > 90) + 1  # do not join across ±180°
    return np.insert(fine, cut, np.nan), np.insert(theta, cut, np.nan)


class ScatteringFigure:
    """The three axes of the scattering lab on one figure."""

    def __init__(self, fig):
        self.fig = fig
        self.ax_orbits = self.ax_defl = self.ax_sigma = None
        self._shape_drawn = None

    def _shape(self) -> str:
        w, h = figure_points(self.fig)
        return "wide" if w >= 2.4 * h else ("square" if w >= h else "tall")

    def wants_new_axes(self) -> bool:
        """Whether the figure's shape now asks for another arrangement of the axes (after a resize)."""
        return self._shape() != self._shape_drawn

    def _axes(self) -> None:
        """Three side by side on a wide figure, three stacked on a tall one; otherwise the orbits on the left and
        the two curves stacked beside them."""
        shape = self._shape()
        if shape == self._shape_drawn:
            return
        for ax in (self.ax_orbits, self.ax_defl, self.ax_sigma):
            if ax is not None:
                ax.remove()
        if shape == "wide":
            self.ax_orbits, self.ax_defl, self.ax_sigma = self.fig.subplots(1, 3, width_ratios=(1.1, 1, 1))
        elif shape == "tall":
            self.ax_orbits, self.ax_defl, self.ax_sigma = self.fig.subplots(3, 1, height_ratios=(1.2, 1, 1))
        else:
            grid = self.fig.add_gridspec(2, 2, width_ratios=(1, 1.1))
            self.ax_orbits = self.fig.add_subplot(grid[:, 0])
            self.ax_defl = self.fig.add_subplot(grid[0, 1])
            self.ax_sigma = self.fig.add_subplot(grid[1, 1])
        self._shape_drawn = shape

    def draw(self, result, theme: str, k: float, exact: bool, view) -> str:
        """Draw `result` (None: empty axes) in `theme`; returns a line that sums it up."""
        self._axes()
        axes = (self.ax_orbits, self.ax_defl, self.ax_sigma)
        # the axes keep their ticks (a beam's draw made 89 new Tick objects and laid the figure out from scratch: 0.3-0.5 s
        # of the window's time a beam); only what was drawn on them goes, and the autoscaled limits are worked out again
        style = start_over(self.fig, theme, axes, keep_axes=True)
        orb, defl, sig = axes
        for ax in (defl, sig):
            ax.set_autoscale_on(True)
        orb.set_title(translate("Figures", "orbits"))
        defl.set_title(translate("Figures", "deflection Θ(b)"))
        sig.set_title(translate("Figures", "cross-section"))
        defl.set_xlabel(translate("Figures", "impact parameter b"))
        defl.set_ylabel("Θ (°)")
        sig.set_xlabel("Θ (°)")
        sig.set_ylabel("dσ/dΘ")
        if result is None:
            orb.set_xlim(view.xmin, view.xmax)
            orb.set_ylim(view.ymin, view.ymax)
            orb.set_aspect("equal", adjustable="box")
            defl.set_ylim(-195, 195)
            defl.set_xlim(-3, 3)
            sig.set_xlim(-195, 195)
            sig.set_yscale("log")
            sig.set_ylim(1e-2, 1e2)
            for ax in axes:
                style_axes(ax, style)
            angle_axis(defl, "y")
            angle_axis(sig, "x")
            note(orb, translate("Figures", "Fire a beam"), style)
            return ""
        beam = result.beam
        falls, out = style.fate("falls"), style.fate("escapes")
        # one collection for the whole beam: a line per orbit made each redraw of the panel take 150 ms
        colors = [to_rgba(falls, 0.85) if fell else to_rgba(out, 0.5) for fell in result.falls]
        orb.add_collection(LineCollection([np.column_stack((tr.x, tr.y)) for tr in result.trajectories], colors=colors,
                                          linewidths=style.line * 0.5))
        orb.plot([0], [0], "o", color=style.foreground, ms=style.marker * 0.8)
        orb.set_xlim(view.xmin, view.xmax)
        orb.set_ylim(view.ymin, view.ymax)
        orb.set_aspect("equal", adjustable="box")

        defl.plot(result.b, np.degrees(result.deflection), ".", color=out, ms=style.marker * 0.7)
        handles = [Line2D([], [], color=out, lw=style.line), Line2D([], [], color=falls, lw=style.line, marker="x", ms=style.marker)]
        labels = [translate("Figures", "scattered"), translate("Figures", "falls in")]
        if exact:
            bb, theta = exact_curve(beam, k)
            defl.plot(bb, theta, color=style.foreground, lw=style.reference)
            handles.append(Line2D([], [], color=style.foreground, lw=style.reference))
            labels.append(translate("Figures", "exact"))
            width = capture_width(beam.speed, beam.direction, k)
            if width > 0:
                defl.axvspan(-width, width, color=falls, alpha=0.15, lw=0)
                handles.append(Patch(color=falls, alpha=0.15))
                labels.append(translate("Figures", "capture band"))
        fell = result.falls
        if fell.any():
            defl.plot(result.b[fell], np.full(fell.sum(), -170.0), "x", color=falls, ms=style.marker)
        defl.set_ylim(-195, 195)

        theta, sigma = result.cross_section()
        ok = np.isfinite(theta) & np.isfinite(sigma) & (sigma > 0)
        if ok.any():
            sig.semilogy(np.degrees(theta[ok]), sigma[ok], ".", color=out, ms=style.marker * 0.7)
        sig.set_xlim(-195, 195)
        for ax in (defl, sig):
            ax.relim()  # from what is drawn now, not from the beam before
            ax.autoscale_view(scalex=ax is defl, scaley=ax is sig)
        for ax in axes:
            style_axes(ax, style)
        angle_axis(defl, "y")
        angle_axis(sig, "x")
        figure_legend(self.fig, handles, labels, style, loc="outside upper center")
        n_fall = int(fell.sum())
        other = "" if exact else QT_TRANSLATE_NOOP("Figures", " (no exact curve: not the point dipole)")
        return QT_TRANSLATE_NOOP("Figures", "{n} launches: {fell} fell in, {scattered} scattered{other}").format(
            n=beam.n, fell=n_fall, scattered=int(result.escaped.sum()), other=other)


def draw_scattering(fig, result, theme: str, k: float, exact: bool, view) -> ScatteringFigure:
    """Draw a ScatteringResult (or, with None, the empty axes) on `fig` in `theme`."""
    figure = ScatteringFigure(fig)
    figure.draw(result, theme, k, exact, view)
    return figure
