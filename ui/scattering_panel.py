"""The scattering lab: fire a parallel beam past the potential; deflection against b, dσ/dΘ, and the orbits that fall in."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from PySide6 import QtCore, QtWidgets

from physics.scattering import Beam, capture_width, exact_deflection, scatter
from ui.panel_common import FATE_COLORS, Worker, float_spin, make_canvas, message_label, show_message
from ui.subscriptions import Subscriptions


class ScatteringPanel(QtWidgets.QDockWidget):
    """Dock: beam controls and three plots (orbits, Θ(b), dσ/dΘ); integrates in a worker thread."""

    computed = QtCore.Signal()

    def __init__(self, state, parent=None):
        super().__init__("Scattering lab", parent)
        self.setObjectName("scattering_dock")
        self._state = state
        self._worker: Worker | None = None
        self.result = None
        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        controls = QtWidgets.QGridLayout()
        self.b_min = float_spin(-3.0, -50, 50, 0.25, 2, "smallest impact parameter b")
        self.b_max = float_spin(3.0, -50, 50, 0.25, 2, "largest impact parameter b")
        self.n = QtWidgets.QSpinBox()
        self.n.setRange(3, 801)
        self.n.setValue(81)
        self.n.setToolTip("number of launches in the beam")
        self.speed = float_spin(1.0, 0.01, 100, 0.1, 3, "speed v of every launch")
        self.direction = float_spin(180.0, -360, 360, 15, 1, "direction of travel, degrees from +x (180: coming in from the right)")
        self.start = float_spin(25.0, 2, 90, 5, 1, "the beam starts this far behind the dipole")
        for i, (text, w) in enumerate((("b from", self.b_min), ("to", self.b_max), ("N", self.n),
                                       ("speed", self.speed), ("direction°", self.direction), ("start", self.start))):
            controls.addWidget(QtWidgets.QLabel(text), i // 3, 2 * (i % 3))
            controls.addWidget(w, i // 3, 2 * (i % 3) + 1)
        layout.addLayout(controls)
        row = QtWidgets.QHBoxLayout()
        self.fire = QtWidgets.QPushButton("Fire beam")
        self.fire.setToolTip("Integrate every launch of the beam (in the background) with the current potential and k")
        self.fire.clicked.connect(self.run)
        row.addWidget(self.fire)
        self.message = message_label()
        row.addWidget(self.message, 1)
        layout.addLayout(row)
        self.figure, self.canvas = make_canvas(8.0, 2.8, 160)
        self.ax_orbits = self.ax_defl = self.ax_sigma = None  # made when first needed (the panel starts hidden)
        layout.addWidget(self.canvas, 1)
        self.setWidget(body)
        self._subs = Subscriptions()
        self._subs.connect(state.k_changed, self._on_model_changed)
        self._subs.connect(state.potential_changed, self._on_model_changed)
        self._empty_pending = True  # the empty plots are laid out when the panel is first shown

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._empty_pending:
            self._draw_empty()

    def _make_axes(self) -> None:
        if self.ax_orbits is None:
            self.ax_orbits, self.ax_defl, self.ax_sigma = self.figure.subplots(1, 3, width_ratios=(1.1, 1, 1))

    def beam(self) -> Beam:
        return Beam(self.b_min.value(), self.b_max.value(), self.n.value(), self.speed.value(),
                    math.radians(self.direction.value()), self.start.value())

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def run(self) -> None:
        """Integrate the beam in a worker thread; the plots update when it is done."""
        if self.busy:
            return
        try:
            beam = self.beam()
        except ValueError as exc:
            show_message(self.message, f"Refused: {exc}", error=True)
            return
        st = self._state
        k, settings = st.k, st.settings
        model = None if st.is_point_dipole else st.model
        params = None if st.is_point_dipole else st.potential.param_dict
        show_message(self.message, f"Integrating {beam.n} launches…")
        self.fire.setEnabled(False)
        self._worker = Worker(lambda: scatter(beam, k, settings, model=model, params=params), self)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(lambda text: show_message(self.message, f"Failed: {text}", error=True))
        self._worker.finished.connect(self._on_finished)
        self._worker.start()

    def _on_finished(self) -> None:
        if self._worker is not None:
            self._worker.deleteLater()
        self._worker = None
        self.fire.setEnabled(True)
        self.computed.emit()

    def _on_model_changed(self, *_) -> None:
        if self.result is not None:
            show_message(self.message, "k or the potential changed: fire again to update the plots")

    def _draw_empty(self) -> None:
        self._empty_pending = False
        self._make_axes()
        for ax, title in ((self.ax_orbits, "orbits"), (self.ax_defl, "deflection Θ(b)"), (self.ax_sigma, "cross-section")):
            ax.clear()
            ax.set_title(title, fontsize=9)
            ax.tick_params(labelsize=8)
        self.ax_orbits.text(0.5, 0.5, "Fire a beam", transform=self.ax_orbits.transAxes, ha="center", va="center")
        self.canvas.draw_idle()

    def _on_done(self, result) -> None:
        self._empty_pending = False
        self._make_axes()
        self.result = result
        st = self._state
        beam = result.beam
        for ax in (self.ax_orbits, self.ax_defl, self.ax_sigma):
            ax.clear()
            ax.tick_params(labelsize=8)
        ax = self.ax_orbits
        box = st.view
        # one collection for the whole beam: a line per orbit made each redraw of the panel take 150 ms
        colors = [to_rgba(FATE_COLORS["falls"], 0.8) if fell else to_rgba(FATE_COLORS["escapes"], 0.45) for fell in result.falls]
        ax.add_collection(LineCollection([np.column_stack((tr.x, tr.y)) for tr in result.trajectories], colors=colors, linewidths=0.7))
        ax.plot([0], [0], "o", color="#222222", ms=4)
        ax.set_xlim(box.xmin, box.xmax)
        ax.set_ylim(box.ymin, box.ymax)
        ax.set_aspect("equal", adjustable="box")
        ax.set_title("orbits (red: fall in)", fontsize=9)

        ax = self.ax_defl
        ax.plot(result.b, np.degrees(result.deflection), ".", color=FATE_COLORS["escapes"], ms=3.5, label="integrated")
        if st.is_point_dipole:
            fine = np.linspace(beam.b_min, beam.b_max, 1201)
            exact = [exact_deflection(b, beam.speed, beam.direction, st.k) for b in fine]
            exact = np.degrees(np.asarray(exact))
            cut = np.flatnonzero(np.abs(np.diff(exact)) > 90) + 1  # do not join across ±180°
            ax.plot(np.insert(fine, cut, np.nan), np.insert(exact, cut, np.nan), color="#222222", lw=0.8, label="exact")
            w = capture_width(beam.speed, beam.direction, st.k)
            if w > 0:
                ax.axvspan(-w, w, color=FATE_COLORS["falls"], alpha=0.12, lw=0)
        fell = result.falls
        if fell.any():
            ax.plot(result.b[fell], np.full(fell.sum(), -170.0), "x", color=FATE_COLORS["falls"], ms=5, label="falls in")
        ax.set_ylim(-185, 185)
        ax.set_yticks([-180, -90, 0, 90, 180])
        ax.set_xlabel("impact parameter b", fontsize=9)
        ax.set_ylabel("Θ (degrees)", fontsize=9)
        ax.legend(fontsize=7, loc="upper left", framealpha=0.8)
        ax.set_title("deflection", fontsize=9)

        ax = self.ax_sigma
        theta, sigma = result.cross_section()
        ok = np.isfinite(theta) & np.isfinite(sigma) & (sigma > 0)
        if ok.any():
            ax.semilogy(np.degrees(theta[ok]), sigma[ok], ".", color=FATE_COLORS["escapes"], ms=3.5)
        ax.set_xlim(-185, 185)
        ax.set_xticks([-180, -90, 0, 90, 180])
        ax.set_xlabel("Θ (degrees)", fontsize=9)
        ax.set_ylabel("dσ/dΘ = |db/dΘ|", fontsize=9)
        ax.set_title("differential cross-section", fontsize=9)
        n_fall = int(fell.sum())
        exact_note = "" if st.is_point_dipole else " (no exact curve: not the point dipole)"
        show_message(self.message, f"{beam.n} launches: {n_fall} fell in, {int(result.escaped.sum())} scattered{exact_note}")
        self.canvas.draw_idle()

    def wait(self, ms: int = 60000) -> None:
        if self._worker is not None:
            self._worker.wait(ms)

    def disconnect_state(self) -> None:
        """Stop listening to the model (the window calls this as it closes; closing the dock only hides it)."""
        self.wait()
        self._subs.disconnect_all()
