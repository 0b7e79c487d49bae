"""Readouts of the selected particle: numbers now (t, r, θ, speed, E, C, drifts, fate) and a plots panel.

The plots show the drift of E and C against t, and r² against t beside the exact quadratic
r(t)² = 2E t² + 2 r₀ ṙ₀ t + r₀², so anyone can see that the integrator is right.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6 import QtCore, QtGui, QtWidgets

from app.themes import get_theme
from physics.exact import r_squared
from ui.subscriptions import Subscriptions

STOP_TEXT = {
    "r_min": "fell into the dipole (r = r_min) at t = {t:.6g}",
    "r_max": "left the view for good (r = r_max) at t = {t:.6g}",
    "t_max": "ran to t_max = {t:.6g}",
    "failed": "the integration failed at t = {t:.6g}",
}
CURSOR_MS = 50
REPLOT_MS = 120
ROWS = (
    ("particle", "Particle"),
    ("t", "t"),
    ("r", "r"),
    ("theta", "θ"),
    ("speed", "speed |v|"),
    ("energy", "E"),
    ("C", "C"),
    ("fate", "Predicted"),
    ("status", "Status"),
)


class ReadoutPanel(QtWidgets.QWidget):
    """The selected particle at the clock's time, from SimulationState.readout()."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self._state = state
        form = QtWidgets.QFormLayout(self)
        form.setContentsMargins(6, 4, 6, 4)
        form.setLabelAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
        fixed = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        self.labels: dict[str, QtWidgets.QLabel] = {}
        for key, title in ROWS:
            label = QtWidgets.QLabel()
            label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            if key in ("fate", "status", "particle"):
                label.setWordWrap(True)
            else:
                label.setFont(fixed)
            form.addRow(title, label)
            self.labels[key] = label
        self._subs = Subscriptions()
        for signal in (state.clock_changed, state.selection_changed, state.trajectories_changed, state.particles_changed):
            self._subs.connect(signal, self._refresh)
        self._refresh()

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()

    def _refresh(self, *_) -> None:
        data = self._state.readout()
        if data is None:
            for label in self.labels.values():
                label.setText("—")
            self.labels["particle"].setText("none selected: press and drag on the plot to launch one")
            return
        p = self._state.particle(data["id"])
        name = f"#{p.id}" + (f"  {p.label}" if p.label else "")
        self.labels["particle"].setText(f'<span style="color:{p.color}">●</span> {name}')
        self.labels["t"].setText(f"{data['t']:.4f}")
        self.labels["r"].setText(f"{data['r']:.6g}")
        self.labels["theta"].setText(f"{math.degrees(data['theta']):.3f}°")
        self.labels["speed"].setText(f"{data['speed']:.6g}")
        self.labels["energy"].setText(f"{data['energy']:.10g}   (drift {data['energy_drift']:+.1e})")
        if math.isfinite(data["C"]):
            self.labels["C"].setText(f"{data['C']:.10g}   (drift {data['C_drift']:+.1e})")
        else:
            self.labels["C"].setText("—   (this U has no second invariant)")
        self.labels["fate"].setText(data["fate"])
        if data["stopped"]:
            self.labels["status"].setText(STOP_TEXT[data["stop_reason"]].format(t=data["t_end"]))
        else:
            self.labels["status"].setText("in flight")


class PlotsPanel(QtWidgets.QWidget):
    """E and C drift against t, and r² against t beside the exact quadratic, for the selected particle."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self._state = state
        self.figure = Figure(figsize=(8, 2.4))
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(160)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.ax_invariants, self.ax_r2 = self.figure.subplots(1, 2)
        self._cursors = [ax.axvline(0.0, lw=1, animated=True) for ax in (self.ax_invariants, self.ax_r2)]
        self._background = None
        self._cursor_timer = QtCore.QTimer(self, singleShot=True, interval=CURSOR_MS)
        self._cursor_timer.timeout.connect(self._blit_cursors)
        self.canvas.mpl_connect("draw_event", self._on_draw)
        self.canvas.mpl_connect("resize_event", self._fit_margins)
        self._subs = Subscriptions()
        self._replot_timer = QtCore.QTimer(self, singleShot=True, interval=REPLOT_MS)
        self._replot_timer.timeout.connect(self.replot)
        for signal in (state.selection_changed, state.trajectories_changed, state.particles_changed, state.theme_changed):
            self._subs.connect(signal, self._schedule_replot)
        self._subs.connect(state.clock_changed, self._on_clock_changed)
        self._fit_margins()
        self.replot()

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()
        self._cursor_timer.stop()
        self._replot_timer.stop()

    def _style(self):
        theme = get_theme(self._state.theme)
        size = min(theme.font_size, 11.0)
        self.figure.set_facecolor(theme.background)
        for ax in (self.ax_invariants, self.ax_r2):
            ax.set_facecolor(theme.background)
            ax.tick_params(colors=theme.foreground, labelsize=size * 0.85)
            ax.yaxis.get_offset_text().set_color(theme.foreground)
            ax.yaxis.get_offset_text().set_fontsize(size * 0.85)
            for spine in ax.spines.values():
                spine.set_color(theme.foreground)
            ax.xaxis.label.set_color(theme.foreground)
            ax.yaxis.label.set_color(theme.foreground)
            ax.title.set_color(theme.foreground)
        for cursor in self._cursors:
            cursor.set_color(theme.foreground)
        return theme, size

    def _schedule_replot(self, *_) -> None:
        """Replot after the changes stop for REPLOT_MS: a dragged k slider keeps the main plot fluid."""
        self._replot_timer.start()

    def flush(self) -> None:
        """Replot now if a replot is waiting."""
        if self._replot_timer.isActive():
            self._replot_timer.stop()
            self.replot()

    def replot(self) -> None:
        ax1, ax2 = self.ax_invariants, self.ax_r2
        for ax in (ax1, ax2):
            for artist in list(ax.lines) + list(ax.texts):
                if artist not in self._cursors:
                    artist.remove()
            legend = ax.get_legend()
            if legend is not None:
                legend.remove()
        theme, size = self._style()
        pid = self._state.selected
        tr = self._state.trajectory(pid) if pid is not None else None
        ax1.set_xlabel("t", fontsize=size)
        ax2.set_xlabel("t", fontsize=size)
        ax1.set_ylabel("drift from start", fontsize=size)
        ax2.set_ylabel("r²", fontsize=size)
        if tr is None:
            ax1.set_title("E and C (select a particle)", fontsize=size)
            ax2.set_title("r² against the exact quadratic", fontsize=size)
            for ax in (ax1, ax2):
                ax.set_xlim(0, self._state.settings.t_max)
                ax.set_ylim(-1, 1)
            self.canvas.draw_idle()
            return
        color = self._state.particle(pid).color
        E0, C0 = float(tr.energy[0]), float(tr.C[0])
        # C and the r² law exist only when U is homogeneous of degree −2 (the point dipole); otherwise C is nan
        has_C = math.isfinite(C0)
        ax1.plot(tr.t, tr.energy - E0, color=color, lw=1.4, label=f"E − E₀  (E₀ = {E0:.6g})")
        if has_C:
            ax1.plot(tr.t, tr.C - C0, color=theme.foreground, lw=1.0, ls="--", label=f"C − C₀  (C₀ = {C0:.6g})")
        ax1.set_title("Invariants: E and C drift" if has_C else "Invariant: E drift (this U has no C)", fontsize=size)
        ax1.ticklabel_format(axis="y", style="sci", scilimits=(-2, 3))
        L = tr.launch
        ax2.plot(tr.t, tr.r**2, color=color, lw=2.4, label="integrated")
        if has_C:
            exact = r_squared(tr.t, L.r0, L.vr0, E0)
            ax2.plot(tr.t, exact, color=theme.foreground, lw=1.0, ls="--", label="exact 2Et² + 2r₀ṙ₀t + r₀²")
            worst = float(np.max(np.abs(tr.r**2 - exact)))
            ax2.set_title(f"r²: largest difference {worst:.1e}", fontsize=size)
        else:
            ax2.set_title("r² (no exact quadratic for this U)", fontsize=size)
        for ax in (ax1, ax2):
            ax.set_autoscaley_on(True)
            ax.relim()
            ax.autoscale_view()
            ax.set_xlim(0, max(tr.t_end, 1e-9))
            legend = ax.legend(fontsize=size * 0.8, loc="best", framealpha=0.8)
            legend.get_frame().set_facecolor(theme.background)
            for text in legend.get_texts():
                text.set_color(theme.foreground)
        drifts = np.concatenate((tr.energy - E0, tr.C - C0 if has_C else []))
        drifts = drifts[np.isfinite(drifts)]
        if not (drifts.size and np.ptp(drifts) > 0):
            ax1.set_ylim(-1e-15, 1e-15)
        self._move_cursors(self._state.time)
        self.canvas.draw_idle()

    def _fit_margins(self, _event=None) -> None:
        """Margins fixed in points (no layout engine): redrawing after a change of k stays cheap."""
        points = self.figure.dpi / 72.0
        w, h = self.figure.bbox.width / points, self.figure.bbox.height / points
        if w < 200 or h < 80:
            return
        left, right, bottom, top, gap = 58.0, 12.0, 36.0, 22.0, 62.0
        axes_width = (w - left - right - gap) / 2
        self.figure.subplots_adjust(left=left / w, right=1 - right / w, bottom=bottom / h, top=1 - top / h, wspace=gap / axes_width)

    def _move_cursors(self, t: float) -> None:
        for cursor in self._cursors:
            cursor.set_xdata([t, t])

    def _on_draw(self, event) -> None:
        if event.canvas is not self.canvas:
            return  # a savefig through another canvas (PDF, SVG): there is no background to keep
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        for cursor in self._cursors:
            cursor.axes.draw_artist(cursor)

    def _on_clock_changed(self, t: float) -> None:
        self._move_cursors(t)
        if not self._cursor_timer.isActive():
            self._cursor_timer.start()

    def _blit_cursors(self) -> None:
        """Move the time cursors (at most CURSOR_MS apart: the plots panel need not keep up with every frame)."""
        if self._background is None or not self.isVisible():
            return
        self.canvas.restore_region(self._background)
        for cursor in self._cursors:
            cursor.axes.draw_artist(cursor)
        for ax in (self.ax_invariants, self.ax_r2):
            self.canvas.blit(ax.bbox)
