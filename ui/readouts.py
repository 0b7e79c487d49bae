"""Readouts of the selected particle: numbers now (t, r, θ, speed, E, C, drifts, fate) and a plots panel.

The plots (drawn by app.figures.invariants) show the drift of E and C against t, and r² against t beside
the exact quadratic r(t)² = 2E t² + 2 r₀ ṙ₀ t + r₀², so anyone can see that the integrator is right.
"""

from __future__ import annotations

import math

from PySide6 import QtCore, QtGui, QtWidgets

from app.figures.invariants import InvariantsFigure
from app.i18n import QT_TRANSLATE_NOOP
from physics.pendulum import wrap_angle
from ui.i18n import translate
from ui.language import localise
from ui.panels.common import make_canvas
from ui.subscriptions import Subscriptions

STOP_TEXT = {
    "r_min": QT_TRANSLATE_NOOP("Readouts", "fell into the dipole (r = r_min) at t = {t:.6g}"),
    "r_max": QT_TRANSLATE_NOOP("Readouts", "left the view for good (r = r_max) at t = {t:.6g}"),
    "t_max": QT_TRANSLATE_NOOP("Readouts", "ran to t_max = {t:.6g}"),
    "failed": QT_TRANSLATE_NOOP("Readouts", "the integration failed at t = {t:.6g}"),
}
CURSOR_MS = 50
REPLOT_MS = 120
ROWS = (
    ("particle", QT_TRANSLATE_NOOP("Readouts", "Particle")),
    ("t", "t"),
    ("r", "r"),
    ("theta", "θ"),
    ("speed", QT_TRANSLATE_NOOP("Readouts", "speed |v|")),
    ("energy", "E"),
    ("C", "C"),
    ("fate", QT_TRANSLATE_NOOP("Readouts", "Predicted")),
    ("status", QT_TRANSLATE_NOOP("Readouts", "Status")),
)


class ReadoutPanel(QtWidgets.QWidget):
    """The selected particle at the clock's time, from SimulationState.readout()."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self._state = state
        form = QtWidgets.QFormLayout(self)
        form.setContentsMargins(6, 4, 6, 4)
        form.setLabelAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
        # text is never cut: every value wraps onto more lines when the panel is narrow (a number breaks
        # before its drift), and a narrow panel puts the row's name above its value
        form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fixed = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        self.labels: dict[str, QtWidgets.QLabel] = {}
        for key, title in ROWS:
            label = QtWidgets.QLabel()
            label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            title = translate("Readouts", title)
            label.setAccessibleName(title)
            if key not in ("fate", "status", "particle"):
                label.setFont(fixed)
            label.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(60)
            form.addRow(title, label)
            self.labels[key] = label
        self._subs = Subscriptions()
        for signal in (state.clock_changed, state.selection_changed, state.trajectories_changed, state.particles_changed,
                       state.theme_changed):
            self._subs.connect(signal, self._refresh)
        self._refresh()

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()

    def _set(self, key: str, text: str) -> None:
        label = self.labels[key]
        label.setText(text)
        label.setToolTip(text if "<" not in text else "")

    def _refresh(self, *_) -> None:
        data = self._state.readout()
        if data is None:
            for key in self.labels:
                self._set(key, "—")
            self._set("particle", translate("Readouts", "none selected: press and drag on the plot to launch one"))
            return
        p = self._state.particle(data["id"])
        name = f"#{p.id}" + (f"  {localise(p.label)}" if p.label else "")
        self._set("particle", f'<span style="color:{p.color}">●</span> {name}')
        self._set("t", f"{data['t']:.4f}")
        self._set("r", f"{data['r']:.6g}")
        self._set("theta", f"{math.degrees(float(wrap_angle(data['theta']))):.3f}°".replace("-", "−"))
        self._set("speed", f"{data['speed']:.6g}")
        drift = translate("Readouts", "{value}   (drift {drift})")
        self._set("energy", drift.format(value=f"{data['energy']:.10g}", drift=f"{data['energy_drift']:+.1e}"))
        if math.isfinite(data["C"]):
            self._set("C", drift.format(value=f"{data['C']:.10g}", drift=f"{data['C_drift']:+.1e}"))
        else:
            self._set("C", translate("Readouts", "—   (this U has no second invariant)"))
        self._set("fate", localise(data["fate"]))
        if data["stopped"]:
            self._set("status", translate("Readouts", STOP_TEXT[data["stop_reason"]]).format(t=data["t_end"]))
        else:
            self._set("status", translate("Readouts", "in flight"))


class PlotsPanel(QtWidgets.QWidget):
    """E and C drift against t, and r² against t beside the exact quadratic, for the selected particle."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self._state = state
        self.figure, self.canvas = make_canvas(8, 2.4, 160)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.plots = InvariantsFigure(self.figure, animated_cursors=True)
        self._background = None
        self._cursor_timer = QtCore.QTimer(self, singleShot=True, interval=CURSOR_MS)
        self._cursor_timer.timeout.connect(self._blit_cursors)
        self.canvas.mpl_connect("draw_event", self._on_draw)
        self.canvas.mpl_connect("resize_event", self._on_resized)
        self._subs = Subscriptions()
        self._replot_timer = QtCore.QTimer(self, singleShot=True, interval=REPLOT_MS)
        self._replot_timer.timeout.connect(self.replot)
        for signal in (state.selection_changed, state.trajectories_changed, state.particles_changed):
            self._subs.connect(signal, self._schedule_replot)
        self._subs.connect(state.theme_changed, self._on_theme_changed)
        self._stale = False  # a replot was asked for while hidden: it comes when the panel is shown
        self.canvas.before_draw = self._replot_if_stale
        self._subs.connect(state.clock_changed, self._on_clock_changed)
        self.replot()

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()
        self._cursor_timer.stop()
        self._replot_timer.stop()

    @property
    def ax_invariants(self):
        return self.plots.ax_invariants

    @property
    def ax_r2(self):
        return self.plots.ax_r2

    def figure_for_export(self) -> tuple[str, dict]:
        """The name and options of app.figures.export.export_panel that write what this panel shows."""
        return "invariants", {"pid": self._state.selected}

    def _on_resized(self, _event) -> None:
        # side by side when wide, one above the other when tall
        if self.plots.wants_new_axes():
            self._background = None
            self._schedule_replot()

    def _schedule_replot(self, *_) -> None:
        """Replot after the changes stop for REPLOT_MS: a dragged k slider keeps the main plot fluid. Hidden (another
        page in front, the side area hidden), it replots when next shown: it drew 100 ms for nothing at each change."""
        if not self.isVisible():
            self._stale = True
            return
        self._replot_timer.start(REPLOT_MS)

    def _on_theme_changed(self, *_) -> None:
        """Replotted just before the canvas next draws, once the window has settled its sizes (the plots' type follows
        the figure's size), not after REPLOT_MS: the resize that comes with a theme drew the old plots first."""
        self._replot_timer.stop()
        self._stale = True
        if self.isVisible():
            self.canvas.draw_idle()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            # replotted just before the canvas draws, not now: shown by the presentation theme's end, the side area is
            # still at its old width here, and the plots' type (sized to the figure) kept the size of that narrow figure
            self.canvas.draw_idle()
        else:
            self._cursor_timer.start()  # the time went on while hidden: the cursors follow it

    def flush(self) -> None:
        """Replot now if a replot is waiting."""
        if self._replot_timer.isActive():
            self._replot_timer.stop()
            self.replot()

    def replot(self) -> None:
        if not self.isVisible():
            self._stale = True
            return
        self._plot()
        self.canvas.draw_idle()

    def _replot_if_stale(self) -> None:
        """The canvas is about to draw (its before_draw): a replot put off while hidden is done now, at this size."""
        if self._stale and self.isVisible():
            self._plot()

    def _plot(self) -> None:
        self._stale = False
        self.plots.draw(self._state, self._state.theme)
        self.plots.set_time(self._state.time)

    def _on_draw(self, event) -> None:
        if event.canvas is not self.canvas:
            return  # a savefig through another canvas (PDF, SVG): there is no background to keep
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        for cursor in self.plots.cursors:
            cursor.axes.draw_artist(cursor)

    def _on_clock_changed(self, t: float) -> None:
        self.plots.set_time(t)
        if not self._cursor_timer.isActive():
            self._cursor_timer.start()

    def _blit_cursors(self) -> None:
        """Move the time cursors (at most CURSOR_MS apart: the plots panel need not keep up with every frame)."""
        if self._background is None or not self.isVisible():
            return
        self.canvas.restore_region(self._background)
        for cursor in self.plots.cursors:
            cursor.axes.draw_artist(cursor)
        for ax in (self.ax_invariants, self.ax_r2):
            self.canvas.blit(ax.bbox)
