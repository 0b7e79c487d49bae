"""A dialog that launches a charge from exact numbers, in polar or Cartesian form.

Bad numbers are refused inside the dialog with a message naming the field; the dialog stays open
and keeps every character the user typed.
"""

from __future__ import annotations

import math

from PySide6 import QtWidgets

from app.text import read_number
from physics.launch import LaunchState
from ui.dialogs.parts import add_error_and_buttons
from ui.i18n import translate
from ui.language import localise

POLAR_FIELDS = (("r0", "r₀"), ("theta0", "θ₀"), ("vr0", "v_r₀ = dr/dt"), ("omega0", "ω₀ = dθ/dt"))
CARTESIAN_FIELDS = (("x0", "x₀"), ("y0", "y₀"), ("vx0", "vx₀"), ("vy0", "vy₀"))
ERROR_STYLE = "QLineEdit { border: 2px solid #c62828; }"


def parse_number(text: str, name: str) -> float:
    """A finite float from what the user typed, or ValueError naming the field."""
    cleaned = text.strip().replace("−", "-").replace(",", ".")
    if not cleaned:
        raise ValueError(translate("LaunchDialog", "{name} is empty: type a number").format(name=name))
    return read_number(cleaned, name)


class LaunchDialog(QtWidgets.QDialog):
    """Exact initial conditions; accept() refuses anything that cannot be launched."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.setWindowTitle(translate("LaunchDialog", "Launch a charge"))
        self._state = state
        self._launch: LaunchState | None = None
        layout = QtWidgets.QVBoxLayout(self)

        mode_row = QtWidgets.QHBoxLayout()
        self.polar_button = QtWidgets.QRadioButton(translate("LaunchDialog", "Polar (r, θ)"))
        self.cartesian_button = QtWidgets.QRadioButton(translate("LaunchDialog", "Cartesian (x, y)"))
        self.polar_button.setChecked(True)
        mode_row.addWidget(self.polar_button)
        mode_row.addWidget(self.cartesian_button)
        mode_row.addStretch(1)
        layout.addLayout(mode_row)

        self.pages = QtWidgets.QStackedWidget()
        self.fields: dict[str, QtWidgets.QLineEdit] = {}
        self._names: dict[str, str] = {}
        polar_page = QtWidgets.QWidget()
        polar_form = QtWidgets.QFormLayout(polar_page)
        self.angle_unit = QtWidgets.QComboBox()
        self.angle_unit.addItems([translate("LaunchDialog", "degrees"), translate("LaunchDialog", "radians")])
        self.angle_unit.setToolTip(translate("LaunchDialog", "Unit of θ₀, and of ω₀ (per unit of t)"))
        for key, label in POLAR_FIELDS:
            polar_form.addRow(label, self._field(key, label))
        polar_form.addRow(translate("LaunchDialog", "Angles in"), self.angle_unit)
        cart_page = QtWidgets.QWidget()
        cart_form = QtWidgets.QFormLayout(cart_page)
        for key, label in CARTESIAN_FIELDS:
            cart_form.addRow(label, self._field(key, label))
        self.pages.addWidget(polar_page)
        self.pages.addWidget(cart_page)
        layout.addWidget(self.pages)

        name_form = QtWidgets.QFormLayout()
        self.label_edit = QtWidgets.QLineEdit()
        self.label_edit.setPlaceholderText(translate("LaunchDialog", "optional"))
        name_form.addRow(translate("LaunchDialog", "Label"), self.label_edit)
        layout.addLayout(name_form)

        self.preview_label = QtWidgets.QLabel()
        self.preview_label.setWordWrap(True)
        layout.addWidget(self.preview_label)
        self.error_label, self.button_box = add_error_and_buttons(layout, self, QtWidgets.QDialogButtonBox.StandardButton.Ok,
                                                                  translate("LaunchDialog", "Launch"))

        self.polar_button.toggled.connect(self._on_mode_changed)
        self.angle_unit.currentIndexChanged.connect(self._on_edited)
        for edit in self.fields.values():
            edit.textEdited.connect(self._on_edited)
        self._fill_defaults()
        self._on_edited()

    def _field(self, key: str, label: str) -> QtWidgets.QLineEdit:
        edit = QtWidgets.QLineEdit()
        edit.setAccessibleName(key)
        edit.setMinimumWidth(160)
        self.fields[key] = edit
        self._names[key] = f"{label} ({key})"
        return edit

    def _fill_defaults(self) -> None:
        pid = self._state.selected
        p = self._state.particle(pid) if pid is not None else None
        L = p.launch if p is not None else LaunchState(1.5, math.pi / 3, 0.0, 0.0)
        values = {"r0": L.r0, "theta0": math.degrees(L.theta0), "vr0": L.vr0, "omega0": math.degrees(L.omega0),
                  "x0": L.x0, "y0": L.y0, "vx0": L.vx0, "vy0": L.vy0}
        for key, value in values.items():
            self.fields[key].setText(f"{value:.10g}")

    @property
    def polar(self) -> bool:
        return self.polar_button.isChecked()

    def set_polar(self, polar: bool) -> None:
        (self.polar_button if polar else self.cartesian_button).setChecked(True)

    def _on_mode_changed(self, _on: bool) -> None:
        self.pages.setCurrentIndex(0 if self.polar else 1)
        self._on_edited()

    def _read(self) -> LaunchState:
        """The launch the fields describe, or ValueError naming the field at fault (its key in .args[1])."""
        keys = [k for k, _ in (POLAR_FIELDS if self.polar else CARTESIAN_FIELDS)]
        values = {}
        for key in keys:
            try:
                values[key] = parse_number(self.fields[key].text(), self._names[key])
            except ValueError as exc:
                raise ValueError(localise(str(exc)), key) from None
        if self.polar:
            scale = math.pi / 180 if self.angle_unit.currentIndex() == 0 else 1.0
            if values["r0"] <= 0:
                raise ValueError(translate("LaunchDialog", "{name} must be positive, got {value}")
                                 .format(name=self._names["r0"], value=f"{values['r0']:g}"),
                                 "r0")
            launch = LaunchState(values["r0"], values["theta0"] * scale, values["vr0"], values["omega0"] * scale)
        else:
            try:
                launch = LaunchState.from_cartesian(values["x0"], values["y0"], values["vx0"], values["vy0"])
            except ValueError as exc:
                raise ValueError(localise(str(exc)), "x0") from None
        try:
            self._state.check_launch(launch)
        except ValueError as exc:
            raise ValueError(localise(str(exc)), "r0" if self.polar else "x0") from None
        return launch

    def _on_edited(self, *_) -> None:
        """Show the predicted fate as the user types; mark nothing until they press Launch."""
        try:
            launch = self._read()
        except ValueError as exc:
            self.preview_label.setText(translate("LaunchDialog", "Not launchable yet: {reason}").format(reason=exc.args[0]))
            return
        self.preview_label.setText(translate("LaunchDialog", "Predicted at k = {k}: {fate}").format(
            k=f"{self._state.k:g}", fate=localise(self._state.fate(launch).describe())))
        self._clear_error()

    def _clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
        for edit in self.fields.values():
            edit.setStyleSheet("")

    def accept(self) -> None:
        self._clear_error()
        try:
            launch = self._read()
        except ValueError as exc:
            message, key = exc.args[0], exc.args[1] if len(exc.args) > 1 else None
            self.preview_label.clear()
            self.error_label.setText(translate("LaunchDialog", "Cannot launch: {reason}").format(reason=message))
            self.error_label.show()
            if key in self.fields:
                self.fields[key].setStyleSheet(ERROR_STYLE)
                self.fields[key].setFocus()
            return
        self._launch = launch
        super().accept()

    def launch(self) -> LaunchState | None:
        """The accepted launch (None until the user pressed Launch with good numbers)."""
        return self._launch

    def label(self) -> str:
        return self.label_edit.text().strip()
