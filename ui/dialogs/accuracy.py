"""Simulation ▸ Accuracy…: the integrator (solve_ivp's method) and its tolerances rtol and atol.

Apply recomputes every path with the new settings (they are the session's, saved with it); the dialog
stays open and says how long that took and how far E and C drifted, so a class can loosen the tolerance
step by step and watch the energy drift and the trust meter grow. Bad numbers are refused in the dialog
with a line naming the field; nothing changes then.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

from PySide6 import QtCore, QtWidgets

from app.text import read_number
from physics.integration.contract import METHODS
from physics.trust import trust
from ui.dialogs.parts import error_label
from ui.i18n import translate
from ui.subscriptions import Subscriptions

RTOL_RANGE = (1e-14, 0.1)  # as the command line's --rtol and the session checker
ATOL_RANGE = (1e-300, 1.0)
DEFAULTS = ("DOP853", 1e-10, 1e-12)
TOLERANCE_CHOICES = ("1e-3", "1e-4", "1e-6", "1e-8", "1e-10", "1e-12")
METHOD_NOTES = {
    "DOP853": "explicit Runge–Kutta of order 8 (the default: fast and very accurate)",
    "RK45": "explicit Runge–Kutta of order 5(4)",
    "RK23": "explicit Runge–Kutta of order 3(2): cheap, needs many steps for accuracy",
    "Radau": "implicit Runge–Kutta of order 5, for stiff problems",
    "BDF": "implicit multistep (backward differentiation), for stiff problems",
    "LSODA": "switches between Adams and BDF by itself (ODEPACK)",
}


def read_tolerance(text: str, name: str, low: float, high: float) -> float:
    """The tolerance typed in a field, or ValueError naming the field and the range."""
    cleaned = text.strip().replace("−", "-").replace(",", ".")
    if not cleaned:
        raise ValueError(translate("AccuracyDialog", "{name} is empty: type a number such as 1e-8").format(name=name))
    value = read_number(cleaned, name)
    if not low <= value <= high:
        raise ValueError(translate("AccuracyDialog", "{name} must be from {low} to {high}, got {value}").format(
            name=name, low=f"{low:g}", high=f"{high:g}", value=cleaned))
    return value


def _tolerance_box(value: float, tip: str) -> QtWidgets.QComboBox:
    box = QtWidgets.QComboBox()
    box.setEditable(True)
    box.addItems(TOLERANCE_CHOICES)
    box.setCurrentText(f"{value:g}")
    box.setToolTip(tip)
    box.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
    return box


class AccuracyDialog(QtWidgets.QDialog):
    """Method, rtol and atol of the session's integration; Apply recomputes and reports time and drift."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.setWindowTitle(translate("AccuracyDialog", "Accuracy of the integration"))
        self._state = state
        self._started: float | None = None
        self.last_seconds: float | None = None
        layout = QtWidgets.QVBoxLayout(self)
        intro = QtWidgets.QLabel(translate(
            "AccuracyDialog", "How the paths are integrated. Loosen the tolerance and watch E drift (the trust meter "
                              "and the invariant graphs follow); every path is computed again."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QtWidgets.QFormLayout()
        self.method = QtWidgets.QComboBox()
        for name in METHODS:
            self.method.addItem(name, name)
            self.method.setItemData(self.method.count() - 1, translate("AccuracyDialog", METHOD_NOTES.get(name, "")),
                                    QtCore.Qt.ItemDataRole.ToolTipRole)
        self.method.setAccessibleName(translate("AccuracyDialog", "integration method"))
        self.method_note = QtWidgets.QLabel()
        self.method_note.setWordWrap(True)
        self.method_note.setMinimumWidth(300)
        self.method.currentIndexChanged.connect(self._on_method_chosen)
        s = state.settings
        self.rtol = _tolerance_box(s.rtol, translate("AccuracyDialog", "Relative tolerance of each step, from 1e-14 to 0.1"))
        self.rtol.setAccessibleName(translate("AccuracyDialog", "relative tolerance rtol"))
        self.atol = _tolerance_box(s.atol, translate("AccuracyDialog", "Absolute tolerance of each step, from 1e-300 to 1"))
        self.atol.setAccessibleName(translate("AccuracyDialog", "absolute tolerance atol"))
        form.addRow(translate("AccuracyDialog", "&Method"), self.method)
        form.addRow(self.method_note)
        form.addRow(translate("AccuracyDialog", "&Relative tolerance (rtol)"), self.rtol)
        form.addRow(translate("AccuracyDialog", "A&bsolute tolerance (atol)"), self.atol)
        layout.addLayout(form)
        self.result = QtWidgets.QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAccessibleName(translate("AccuracyDialog", "result of the last computation"))
        layout.addWidget(self.result)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QtWidgets.QDialogButtonBox()
        self.apply_button = buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText(translate("AccuracyDialog", "&Apply"))
        self.apply_button.setDefault(True)
        self.defaults_button = buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.RestoreDefaults)
        self.defaults_button.setText(translate("AccuracyDialog", "&Defaults"))
        self.defaults_button.setToolTip(translate("AccuracyDialog", "DOP853 with rtol 1e-10 and atol 1e-12"))
        close = buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.setText(translate("AccuracyDialog", "&Close"))
        self.apply_button.clicked.connect(self.apply)
        self.defaults_button.clicked.connect(self.restore_defaults)
        close.clicked.connect(self.close)
        layout.addWidget(buttons)
        self._subs = Subscriptions()
        self._subs.connect(state.settings_changed, self._on_settings_changed)
        self._subs.connect(state.trajectories_changed, self._on_trajectories_changed)
        self._on_settings_changed(s)
        self._show_result()

    def _on_method_chosen(self, _index: int) -> None:
        self.method_note.setText(translate("AccuracyDialog", METHOD_NOTES.get(self.method.currentData(), "")))

    def _on_settings_changed(self, settings) -> None:
        """Show the session's settings (a session opened, undo) unless the user is typing other ones."""
        blocked = self.method.blockSignals(True)
        self.method.setCurrentIndex(max(self.method.findData(settings.method), 0))
        self.method.blockSignals(blocked)
        self._on_method_chosen(self.method.currentIndex())
        for box, value in ((self.rtol, settings.rtol), (self.atol, settings.atol)):
            if not box.lineEdit().hasFocus():
                box.setCurrentText(f"{value:g}")

    def chosen(self):
        """The IntegrationSettings the fields ask for; ValueError naming the field when a number is refused."""
        rtol = read_tolerance(self.rtol.currentText(), "rtol", *RTOL_RANGE)
        atol = read_tolerance(self.atol.currentText(), "atol", *ATOL_RANGE)
        return replace(self._state.settings, method=self.method.currentData(), rtol=rtol, atol=atol)

    def apply(self) -> bool:
        """Recompute every path with the chosen settings; False (and the reason in the dialog) if refused."""
        try:
            settings = self.chosen()
        except ValueError as exc:
            self._refuse(str(exc))
            return False
        self.error.hide()
        if settings == self._state.settings:
            self._show_result()
            return True
        self._started = time.perf_counter()
        try:
            self._state.set_settings(settings)
        except (ValueError, ArithmeticError) as exc:
            self._started = None
            self._refuse(str(exc))
            return False
        return True

    def restore_defaults(self) -> None:
        method, rtol, atol = DEFAULTS
        self.method.setCurrentIndex(self.method.findData(method))
        self.rtol.setCurrentText(f"{rtol:g}")
        self.atol.setCurrentText(f"{atol:g}")
        self.apply()

    def _refuse(self, message: str) -> None:
        self.error.setText(message.splitlines()[0] if message else "")
        self.error.show()

    def _on_trajectories_changed(self) -> None:
        if self._started is not None:
            self.last_seconds = time.perf_counter() - self._started
            self._started = None
        self._show_result()

    def drift(self) -> tuple[float, float]:
        """The worst drift of E and of C over the visible paths (nan when there are none)."""
        st = self._state
        energy = C = math.nan
        for p in st.particles:
            tr = st.trajectory(p.id)
            if not p.visible or tr is None:
                continue
            t = trust(tr, exact=False)
            if math.isfinite(t.energy_drift) and not t.energy_drift <= energy:
                energy = t.energy_drift
            if math.isfinite(t.C_drift) and not t.C_drift <= C:
                C = t.C_drift
        return energy, C

    def _show_result(self) -> None:
        s = self._state.settings
        energy, C = self.drift()
        lines = [translate("AccuracyDialog", "Now: {method}, rtol {rtol}, atol {atol}.").format(
            method=s.method, rtol=f"{s.rtol:g}", atol=f"{s.atol:g}")]
        if self.last_seconds is not None:
            lines.append(translate("AccuracyDialog", "Every path computed again in {seconds} s.").format(
                seconds=f"{self.last_seconds:.2f}"))
        if math.isfinite(energy):
            drift = translate("AccuracyDialog", "Worst drift of E: {energy}").format(energy=f"{energy:.1e}")
            if math.isfinite(C):
                drift += translate("AccuracyDialog", ", of C: {C}").format(C=f"{C:.1e}")
            lines.append(drift + ".")
        else:
            lines.append(translate("AccuracyDialog", "No path to measure yet: launch a charge."))
        self.result.setText("\n".join(lines))
        if self.isVisible():  # a line more than before: grow, never cut the text
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._subs.disconnect_all()
        super().closeEvent(event)

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()
