"""Launch in space with numbers: position (x₀, y₀, z₀) and velocity (vx₀, vy₀, vz₀), with the exact fate shown."""

from __future__ import annotations

from PySide6 import QtWidgets

from physics.space.launch import FIELDS, SpaceLaunch
from ui.i18n import translate
from ui.panels.common import float_spin

DEFAULTS = (1.0, 0.5, 0.3, 0.0, 0.4, 0.5)


class SpaceLaunchDialog(QtWidgets.QDialog):
    """Six numbers; OK is refused (with a message in the dialog) when they make no launch."""

    def __init__(self, k: float, parent=None, values=DEFAULTS):
        super().__init__(parent)
        self.setWindowTitle(translate("SpaceLaunchDialog", "Launch in space"))
        self._k = k
        self.setMinimumWidth(340)
        form = QtWidgets.QFormLayout(self)
        labels = (translate("SpaceLaunchDialog", "x₀"), translate("SpaceLaunchDialog", "y₀"), translate("SpaceLaunchDialog", "z₀"),
                  translate("SpaceLaunchDialog", "vx₀"), translate("SpaceLaunchDialog", "vy₀"), translate("SpaceLaunchDialog", "vz₀"))
        self.spins = {}
        for name, label, value in zip(FIELDS, labels, values):
            spin = float_spin(value, -1000.0, 1000.0, 0.05, 4)
            spin.valueChanged.connect(self._update_prediction)
            self.spins[name] = spin
            form.addRow(label, spin)
        self.prediction = QtWidgets.QLabel("")
        self.prediction.setWordWrap(True)
        form.addRow(self.prediction)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._update_prediction()

    def launch(self) -> SpaceLaunch:
        return SpaceLaunch(*(self.spins[name].value() for name in FIELDS))

    def _update_prediction(self) -> None:
        try:
            launch = self.launch()
        except ValueError as exc:
            self.prediction.setText(str(exc))
            return
        from physics.space.equations import model_ready
        from physics.space.motion import classify_space, invariants

        if not model_ready():  # sympy derives the equations on a worker when the 3-D view opens: never wait here
            self.prediction.setText(translate("SpaceLaunchDialog", "The prediction appears once the equations are derived."))
            return
        E, C, L_axis = invariants(launch, self._k)
        fate = classify_space(launch, self._k, E, C)
        self.prediction.setText(translate("SpaceLaunchDialog", "E = {E}, C = {C}, L_axis = {L}: {fate}").format(
            E=f"{E:.4g}", C=f"{C:.4g}", L=f"{L_axis:.4g}", fate=fate.describe()))

    def _accept(self) -> None:
        try:
            self.launch()
        except ValueError as exc:
            self.prediction.setText(str(exc))
            return
        self.accept()
