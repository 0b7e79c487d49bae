"""The regime map on a matplotlib Figure: every launch as a point (C/|k|, E r0²/|k|) over the regions of its fate.

    RegimeMap(fig).draw(state, "default")          # or draw_regime(fig, state, theme)

The regions (physics.regime.region_bands) are redrawn only when the range or the theme changes; the
points, the selection ring and the point of a launch being aimed are updated in place.
"""

from __future__ import annotations

import numpy as np

from app.figures.style import figure_points, panel_style, style_axes, style_figure
from app.i18n import QT_TRANSLATE_NOOP, translate
from physics.regime import UNREACHABLE, fate_key, regime_point, region_bands

C_RANGE = (-1.6, 2.6)
E_RANGE = (-2.0, 3.0)
LIMIT = 50.0  # the map never zooms out beyond ±LIMIT
REGION_LABELS = {
    "falls": QT_TRANSLATE_NOOP("Figures", "falls in\n(E < 0)"),
    "depends": QT_TRANSLATE_NOOP("Figures", "moving in: falls\nout: escapes"),
    "escapes-libration": QT_TRANSLATE_NOOP("Figures", "escapes\nlibration"),
    "escapes-rotation": QT_TRANSLATE_NOOP("Figures", "escapes\nrotation"),
    UNREACHABLE: QT_TRANSLATE_NOOP("Figures", "unreachable\nE r0² < C"),
}


def map_range(points, extra=None) -> tuple[tuple[float, float], tuple[float, float]]:
    """The standard view, grown to show every point (c, e) within ±LIMIT."""
    pts = list(points) + ([extra] if extra is not None else [])
    cs, es = [c for c, _ in pts], [e for _, e in pts]
    c0, c1 = min([C_RANGE[0], *cs]), max([C_RANGE[1], *cs])
    e0, e1 = min([E_RANGE[0], *es]), max([E_RANGE[1], *es])
    pad_c, pad_e = 0.08 * (c1 - c0), 0.08 * (e1 - e0)
    cr = (max(c0 - (pad_c if c0 < C_RANGE[0] else 0), -LIMIT), min(c1 + (pad_c if c1 > C_RANGE[1] else 0), LIMIT))
    er = (max(e0 - (pad_e if e0 < E_RANGE[0] else 0), -LIMIT), min(e1 + (pad_e if e1 > E_RANGE[1] else 0), LIMIT))
    return cr, er


def _label_places(cr, er) -> dict:
    (c0, c1), (e0, e1) = cr, er
    top = e1 * 0.55
    return {
        "falls": (c0 / 2, (max(c0 / 2, e0) + min(0.0, e1)) / 2),  # between the line e = c and e = 0
        "depends": (c0 / 2, top),
        "escapes-libration": (0.5, top + 0.1),
        "escapes-rotation": ((1 + c1) / 2, top + 0.2),
        UNREACHABLE: (c0 + 0.72 * (c1 - c0), e0 + 0.2 * (e1 - e0)),
    }


class RegimeMap:
    """All artists of the regime map on one figure, made on the first draw and updated in place."""

    def __init__(self, fig):
        self.fig = fig
        self.ax = None
        self._background = []
        self._drawn_for = None  # (range, theme, figure size) the regions were drawn for
        self.preview_text = ""

    def _make(self) -> None:
        ax = self.ax = self.fig.add_subplot()
        self.points = ax.scatter([], [], zorder=5)
        self.ring = ax.scatter([], [], facecolors="none", zorder=6)
        self.live = ax.scatter([], [], marker="*", zorder=7)
        self.live_text = ax.text(0.99, 0.01, "", transform=ax.transAxes, ha="right", va="bottom", zorder=8, wrap=True)
        self.note = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", zorder=9, wrap=True)

    def draw(self, state, theme: str, preview=None) -> None:
        """Place every visible launch of `state` (and the launch being aimed, `preview`) on the map in `theme`."""
        style = panel_style(theme, self.fig)
        if self.ax is None:
            self._make()
        ax = self.ax
        style_figure(self.fig, style)
        style_axes(ax, style)
        self.points.set_sizes([(style.marker * 1.25) ** 2])
        self.points.set_linewidths(1.2 * max(style.scale, 1.0) * (1.6 if style.theme.name == "presentation" else 1.0))
        self.ring.set_sizes([(style.marker * 2.3) ** 2])
        self.ring.set_edgecolor(style.foreground)
        self.ring.set_linewidths(1.4 * (2 if style.theme.name == "presentation" else 1))
        self.live.set_sizes([(style.marker * 2.4) ** 2])
        self.live.set_color(style.foreground)
        for text, size in ((self.live_text, style.small), (self.note, style.font)):
            text.set_fontsize(size)
            text.set_color(style.foreground)
            text.set_bbox(style.box)
        applies = state.is_point_dipole and state.k != 0
        if not applies:
            self.note.set_text(translate("Figures", "k = 0: free motion, the map needs k ≠ 0") if state.k == 0
                               else translate("Figures", "The regime map is exact only for the point dipole"))
            self.note.set_visible(True)
            for artist in (self.points, self.ring, self.live):
                artist.set_offsets(np.empty((0, 2)))
            self.live_text.set_text("")
            self._regions(C_RANGE, E_RANGE, style)
            return
        self.note.set_visible(False)
        pts, faces, edges, ring = [], [], [], []
        for p in state.particles:
            if not p.visible:
                continue
            point = regime_point(p.launch, state.k)
            pts.append((point.c, point.e))
            faces.append(p.color)
            edges.append(style.fate(fate_key(p.launch, state.k, True, state.trajectory(p.id))))
            if p.id == state.selected:
                ring.append((point.c, point.e))
        live = regime_point(preview, state.k) if preview is not None else None
        cr, er = map_range(pts, (live.c, live.e) if live is not None else None)
        self._regions(cr, er, style)
        self.points.set_offsets(np.array(pts).reshape(-1, 2))
        self.points.set_facecolor(faces if faces else "none")
        self.points.set_edgecolor(edges if edges else "none")
        self.ring.set_offsets(np.array(ring).reshape(-1, 2))
        self.place_preview(state, preview)

    def place_preview(self, state, preview) -> None:
        """Show (or, with None, hide) the point of a launch that is being aimed."""
        if preview is None or not state.is_point_dipole or state.k == 0:
            self.live.set_offsets(np.empty((0, 2)))
            self.live_text.set_text("")
            self.live_text.set_visible(False)
            self.preview_text = ""
            return
        point = regime_point(preview, state.k)
        (x0, x1), (y0, y1) = self.ax.get_xlim(), self.ax.get_ylim()
        self.live.set_offsets([[min(max(point.c, x0), x1), min(max(point.e, y0), y1)]])
        self.preview_text = QT_TRANSLATE_NOOP("Figures", "aiming: C/|k| = {c}, E r0²/|k| = {e} — {label}").format(
            c=f"{point.c:.3g}", e=f"{point.e:.3g}", label=point.label)
        self.live_text.set_text(f"C/|k| = {point.c:.3g}, E r0²/|k| = {point.e:.3g}\n{translate('Physics', point.label)}")
        self.live_text.set_visible(True)

    def _regions(self, cr, er, style) -> None:
        key = (cr, er, style.theme.name, figure_points(self.fig), translate("Figures", REGION_LABELS["falls"]))
        if key == self._drawn_for:
            return
        self._drawn_for = key
        for artist in self._background:
            artist.remove()
        self._background = []
        ax, add = self.ax, self._background.append
        fg, muted = style.foreground, style.muted
        alpha = 0.28 if style.theme.name == "presentation" else 0.14
        for name, cs, lower, upper in region_bands(cr, er):
            if name == UNREACHABLE:
                add(ax.fill_between(cs, lower, upper, facecolor=style.background, hatch="///", edgecolor=muted, lw=0, alpha=0.6,
                                    zorder=0))
            else:
                add(ax.fill_between(cs, lower, upper, color=style.fate(name), alpha=alpha, lw=0, zorder=0))
        (c0, c1), (e0, e1) = cr, er
        ref = style.reference
        add(ax.axvline(0.0, color=fg, lw=ref * 1.4, zorder=1))
        add(ax.axvline(1.0, color=fg, lw=ref * 1.2, ls="--", zorder=1))
        add(ax.plot([c0, 0], [0, 0], color=fg, lw=ref, ls=":", zorder=1)[0])
        add(ax.plot([c0, c1], [c0, c1], color=muted, lw=ref, zorder=1)[0])
        ty = e0 + 0.97 * (e1 - e0)
        add(ax.text(0.0, ty, " C = 0", ha="left", va="top", fontsize=style.small, color=fg, zorder=2))
        add(ax.text(1.0, ty, " C = |k|", ha="left", va="top", fontsize=style.small, color=fg, zorder=2))
        for name, (x, y) in _label_places(cr, er).items():
            if c0 < x < c1 and e0 < y < e1 and (y < x) == (name == UNREACHABLE):
                add(ax.text(x, y, translate("Figures", REGION_LABELS[name]), ha="center", va="center", fontsize=style.small, color=fg, zorder=2,
                            linespacing=1.05))
        ax.set_xlim(c0, c1)
        ax.set_ylim(e0, e1)
        ax.set_xlabel(translate("Figures", "C / |k|   (pendulum energy)"))
        ax.set_ylabel("E r0² / |k|")
        style_axes(ax, style)


def draw_regime(fig, state, theme: str, preview=None) -> RegimeMap:
    """Draw the regime map of `state` on `fig` in `theme`; returns the RegimeMap for later updates."""
    regime_map = RegimeMap(fig)
    regime_map.draw(state, theme, preview)
    return regime_map
