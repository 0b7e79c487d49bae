"""The scattering lab: fire a parallel beam past the potential; deflection against b, dσ/dΘ, and the orbits that fall in.

The beam is integrated in a worker thread; app.figures.scattering draws the result.
"""

from __future__ import annotations

import math

from PySide6 import QtCore, QtWidgets

from app.figures.scattering import FiredBeam, ScatteringFigure
from physics.scattering import Beam, scatter
from ui.i18n import translate
from ui.language import localise
from ui.panels.common import Worker, WorkerPanel, float_spin, make_canvas, message_label, show_message
from ui.subscriptions import Subscriptions


class ScatteringPanel(WorkerPanel, QtWidgets.QDockWidget):
    """Dock: beam controls and three plots (orbits, Θ(b), dσ/dΘ); integrates in a worker thread."""

    computed = QtCore.Signal()

    def __init__(self, state, parent=None):
        super().__init__(translate("ScatteringPanel", "Scattering lab"), parent)
        self.setObjectName("scattering_dock")
        self._state = state
        self._worker: Worker | None = None
        self.result = None
        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        controls = QtWidgets.QGridLayout()
        self.b_min = float_spin(-3.0, -50, 50, 0.25, 2, translate("ScatteringPanel", "smallest impact parameter b"))
        self.b_max = float_spin(3.0, -50, 50, 0.25, 2, translate("ScatteringPanel", "largest impact parameter b"))
        self.n = QtWidgets.QSpinBox()
        self.n.setRange(3, 801)
        self.n.setValue(81)
        self.n.setToolTip(translate("ScatteringPanel", "number of launches in the beam"))
        self.speed = float_spin(1.0, 0.01, 100, 0.1, 3, translate("ScatteringPanel", "speed v of every launch"))
        self.direction = float_spin(180.0, -360, 360, 15, 1,
                                    translate("ScatteringPanel", "direction of travel, degrees from +x (180: coming in from the right)"))
        self.start = float_spin(25.0, 2, 90, 5, 1, translate(
            "ScatteringPanel", "Where the integration starts, this far behind the dipole. Point dipole: each charge starts "
            "on its exact orbit from infinity and its deflection is read at infinity, so the start changes nothing. "
            "Other potentials: the charges start on the straight line here, with the beam's velocity, and the "
            "deflection is read where they leave this radius: the pull outside it is left out (start further out to "
            "see how much it matters)"))
        for i, (text, w) in enumerate(((translate("ScatteringPanel", "b from"), self.b_min),
                                       (translate("ScatteringPanel", "to"), self.b_max),
                                       ("N", self.n),
                                       (translate("ScatteringPanel", "speed"), self.speed),
                                       (translate("ScatteringPanel", "direction°"), self.direction),
                                       (translate("ScatteringPanel", "start"), self.start))):
            # two a row, so the panel stays narrow enough for the side area in every theme
            controls.addWidget(QtWidgets.QLabel(text), i // 2, 2 * (i % 2))
            controls.addWidget(w, i // 2, 2 * (i % 2) + 1)
        controls.setColumnStretch(1, 1)
        controls.setColumnStretch(3, 1)
        layout.addLayout(controls)
        row = QtWidgets.QHBoxLayout()
        self.fire = QtWidgets.QPushButton(translate("ScatteringPanel", "Fire beam"))
        self.fire.setToolTip(translate("ScatteringPanel", "Integrate every launch of the beam (in the background) with the current potential and k"))
        self.fire.clicked.connect(self.run)
        row.addWidget(self.fire)
        self.message = message_label()
        row.addWidget(self.message, 1)
        layout.addLayout(row)
        self.figure, self.canvas = make_canvas(8.0, 2.8, 160)
        self.plots = ScatteringFigure(self.figure)  # its axes are made when first needed (the panel starts hidden)
        self._fired_with = None  # (k, point dipole?, view) of the beam on show
        layout.addWidget(self.canvas, 1)
        self.setWidget(body)
        self._subs = Subscriptions()
        self._subs.connect(state.k_changed, self._on_model_changed)
        self._subs.connect(state.potential_changed, self._on_model_changed)
        self._subs.connect(state.theme_changed, self._on_theme_changed)
        self.canvas.mpl_connect("resize_event", self._on_resized)
        self._redraw_on_show = True  # the empty plots are laid out when the panel is first shown

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._redraw_on_show:
            self._draw_empty()

    def _on_theme_changed(self, _name) -> None:
        if self.isVisible():
            self._redraw()
        else:
            self._redraw_on_show = True  # hidden: 50 ms of every change of theme for nothing

    @property
    def ax_orbits(self):
        return self.plots.ax_orbits

    def figure_for_export(self) -> tuple[str, dict]:
        """The name and options of app.figures.export.export_panel that write what this panel shows (the beam on show)."""
        if self.result is None:
            return "scattering", {}
        return "scattering", {"scattering": FiredBeam(self.result, *self._fired_with)}

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
            show_message(self.message, translate("ScatteringPanel", "Refused: {reason}").format(reason=localise(str(exc))), error=True)
            return
        st = self._state
        k, settings = st.k, st.settings
        model = None if st.is_point_dipole else st.model
        params = None if st.is_point_dipole else st.potential.param_dict
        self._pending = (k, st.is_point_dipole, st.view)
        show_message(self.message, translate("ScatteringPanel", "Integrating {count} launches…").format(count=beam.n))
        self.fire.setEnabled(False)
        # no parent: closing the window cancels it (disconnect_state) instead of waiting for it
        self._worker = Worker(lambda: scatter(beam, k, settings, model=model, params=params))
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(lambda text: show_message(
            self.message, translate("ScatteringPanel", "Failed: {reason}").format(reason=localise(text)), error=True))
        self._worker.finished.connect(self._on_finished)
        self._worker.start()

    def _on_finished(self) -> None:
        self._release_worker()
        self.fire.setEnabled(True)
        self.computed.emit()

    def _on_model_changed(self, *_) -> None:
        if self.result is not None:
            show_message(self.message, translate("ScatteringPanel", "k or the potential changed: fire again to update the plots"))

    def _draw_empty(self) -> None:
        self._redraw_on_show = False
        self._redraw()

    def _redraw(self, *_) -> None:
        """Draw the beam on show (or the empty axes) in the state's theme."""
        if self.result is None:
            self.plots.draw(None, self._state.theme, self._state.k, self._state.is_point_dipole, self._state.view)
        else:
            self.plots.draw(self.result, self._state.theme, *self._fired_with)
        self.canvas.draw_idle()

    def _on_resized(self, _event) -> None:
        # the axes are arranged by the figure's shape (side by side when wide, the curves stacked when not)
        if self.plots.ax_orbits is not None and self.plots.wants_new_axes():
            self._redraw()

    def _on_done(self, result) -> None:
        self._redraw_on_show = False
        self.result = result
        self._fired_with = self._pending
        summary = localise(self.plots.draw(result, self._state.theme, *self._fired_with))
        if not self._fired_with[1]:
            summary += translate("ScatteringPanel", " (started on straight lines {start:g} out: the pull outside that is left out)").format(
                start=result.beam.start)
        show_message(self.message, summary)
        self.canvas.draw_idle()

