"""Custom potentials: type U and T or pick a preset, derive in the background, see the equations and what sympy finds."""

from __future__ import annotations

import math

from matplotlib.colors import to_hex
from PySide6 import QtCore, QtWidgets

from app.figures.equations import draw_equations, typesettable
from app.potentials import PRESETS, ParamRange, prepare_potential
from ui.i18n import translate
from ui.language import localise
from ui.panels.common import Worker, WorkerPanel, make_canvas, message_label, show_message
from ui.subscriptions import Subscriptions

SLIDER_TICKS = 1000
class ParamSlider(QtWidgets.QWidget):
    """A slider and a spin box for one parameter; `changed(name, value)` once the user moves either."""

    changed = QtCore.Signal(str, float)

    def __init__(self, spec: ParamRange, value: float, parent=None):
        super().__init__(parent)
        self.spec = spec
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QtWidgets.QLabel(translate("Potentials", spec.label) if spec.label else spec.name)
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_TICKS)
        self.spin = QtWidgets.QDoubleSpinBox()
        self.spin.setDecimals(4)
        self.spin.setRange(spec.low, spec.high)
        self.spin.setSingleStep((spec.high - spec.low) / 100)
        self.spin.setKeyboardTracking(False)
        row.addWidget(self.label)
        row.addWidget(self.slider, 1)
        row.addWidget(self.spin)
        self.set_value(value)
        self.slider.valueChanged.connect(self._on_slider)
        self.spin.valueChanged.connect(self._on_spin)

    def tick_to_value(self, tick: int) -> float:
        s, f = self.spec, tick / SLIDER_TICKS
        if s.log:
            return 10 ** (math.log10(s.low) + f * (math.log10(s.high) - math.log10(s.low)))
        return s.low + f * (s.high - s.low)

    def value_to_tick(self, value: float) -> int:
        s = self.spec
        value = min(max(value, s.low), s.high)
        if s.log:
            f = (math.log10(value) - math.log10(s.low)) / (math.log10(s.high) - math.log10(s.low))
        else:
            f = (value - s.low) / (s.high - s.low)
        return round(f * SLIDER_TICKS)

    def set_value(self, value: float) -> None:
        for w, v in ((self.slider, self.value_to_tick(value)), (self.spin, value)):
            was = w.blockSignals(True)
            w.setValue(v)
            w.blockSignals(was)

    def _on_slider(self, tick: int) -> None:
        value = self.tick_to_value(tick)
        was = self.spin.blockSignals(True)
        self.spin.setValue(value)
        self.spin.blockSignals(was)
        self.changed.emit(self.spec.name, value)

    def _on_spin(self, value: float) -> None:
        was = self.slider.blockSignals(True)
        self.slider.setValue(self.value_to_tick(value))
        self.slider.blockSignals(was)
        self.changed.emit(self.spec.name, float(value))


def potential_title(name: str) -> str:
    """A potential's name as the window shows it: its name in words ("point charge"), or in another language
    its preset's title there."""
    if name in PRESETS:
        title = translate("Potentials", PRESETS[name].title)
        if title != PRESETS[name].title:
            return title
    return name.replace("-", " ")


class PotentialPanel(WorkerPanel, QtWidgets.QDockWidget):
    """Dock: choose the potential. Bad text is refused with one line here; the session and the typed text stay."""

    derived = QtCore.Signal()  # a derivation finished (applied or refused): for tests and status bars
    typeset = QtCore.Signal()  # the equations and findings on show are those of the current potential and theme

    def __init__(self, state, parent=None, timeout: float = 10.0):
        super().__init__(translate("PotentialPanel", "Potential"), parent)
        self.setObjectName("potential_dock")
        self._state = state
        self._timeout = timeout
        self._worker: Worker | None = None
        self._pending: dict[str, float] = {}
        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        form = QtWidgets.QFormLayout()
        self.preset = QtWidgets.QComboBox()
        for p in PRESETS.values():
            self.preset.addItem(translate("Potentials", p.title), p.name)
        self.preset.addItem(translate("PotentialPanel", "Custom (typed below)"), "custom")
        self.preset.setToolTip(translate("PotentialPanel", "Pick a potential; its U appears below and is derived at once"))
        self.preset.activated.connect(self._on_preset_chosen)
        form.addRow(translate("PotentialPanel", "Preset"), self.preset)
        self.U_edit = QtWidgets.QLineEdit()
        self.U_edit.setPlaceholderText(translate("PotentialPanel", "-k*cos(theta)/r^2   (r, theta, x, y; k, q, d, E0; sin, cos, exp, sqrt, ...)"))
        self.U_edit.setToolTip(translate("PotentialPanel", "Potential energy U(r, θ). Press Enter or Derive."))
        self.T_edit = QtWidgets.QLineEdit()
        self.T_edit.setPlaceholderText(translate("PotentialPanel", "default: (r_dot^2 + r^2*theta_dot^2)/2"))
        self.T_edit.setToolTip(translate("PotentialPanel", "Kinetic energy T(r, θ, r_dot, theta_dot); leave empty for the usual one"))
        for edit in (self.U_edit, self.T_edit):
            edit.returnPressed.connect(self.derive)
            edit.setMaxLength(1000)  # the parser refuses beyond its own limit with a message
        form.addRow("U =", self.U_edit)
        form.addRow("T =", self.T_edit)
        layout.addLayout(form)
        buttons = QtWidgets.QHBoxLayout()
        self.derive_button = QtWidgets.QPushButton(translate("PotentialPanel", "Derive and use"))
        self.derive_button.setToolTip(translate("PotentialPanel", "Derive the Euler–Lagrange equations with sympy and integrate "
                                                                 "every launch with them"))
        self.derive_button.clicked.connect(lambda: self.derive())  # clicked(bool) would arrive as the name
        self.dipole_button = QtWidgets.QPushButton(translate("PotentialPanel", "Point dipole"))
        self.dipole_button.setToolTip(translate("PotentialPanel", "Back to the exactly solvable point dipole"))
        self.dipole_button.clicked.connect(lambda: self.choose_preset("point-dipole"))
        buttons.addWidget(self.derive_button)
        buttons.addWidget(self.dipole_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = message_label()
        layout.addWidget(self.message)
        self.params_box = QtWidgets.QGroupBox(translate("PotentialPanel", "Parameters"))
        self.params_layout = QtWidgets.QVBoxLayout(self.params_box)
        self.params_layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.params_box)
        self.sliders: dict[str, ParamSlider] = {}
        self.figure, self.canvas = make_canvas(5.0, 1.6, 110)
        self.canvas.setSizePolicy(QtWidgets.QSizePolicy.Policy.Fixed, QtWidgets.QSizePolicy.Policy.Fixed)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(False)
        scroll.setMinimumHeight(120)
        scroll.setMaximumHeight(230)
        self._scroll = scroll
        layout.addWidget(scroll)
        self.findings = QtWidgets.QLabel("")
        self.findings.setWordWrap(True)
        self.findings.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.findings)
        layout.addStretch(1)
        self.setWidget(body)
        self._param_timer = QtCore.QTimer(self, singleShot=True, interval=80)
        self._param_timer.timeout.connect(self._send_params)
        self._subs = Subscriptions()
        self._subs.connect(state.potential_changed, self._on_potential_changed)
        self._subs.connect(state.theme_changed, self._on_theme_changed)
        # the equations and findings need sympy (a derivation, LaTeX): a hidden panel shows them when first shown
        self._equations_stale = True
        self._typeset_serial = 0
        self._show_potential(state.potential)

    def figure_for_export(self) -> None:
        """None: this panel has no figure of its own to export (File ▸ Export figure then writes the plot)."""
        return None

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset.itemData(index)
        if name != "custom":
            self.choose_preset(name)

    def choose_preset(self, name: str) -> None:
        """Put a preset's U in the editor (T back to the default) and derive it."""
        preset = PRESETS[name]
        self.U_edit.setText(preset.U_text)
        self.T_edit.setText("")
        self.derive(name=name, params=dict(preset.params))

    def derive(self, name: str | None = None, params: dict | None = None) -> None:
        """Parse and derive the typed U and T in a worker thread, then switch the session to them."""
        if self.busy:
            show_message(self.message, translate("PotentialPanel", "Still deriving the previous potential…"))
            return
        U_text = self.U_edit.text().strip() or None
        T_text = self.T_edit.text().strip() or None
        if name is None:
            name = next((p.name for p in PRESETS.values() if p.U_text == U_text and T_text is None), "custom")
        if params is None:
            preset = PRESETS.get(name)
            params = {**(dict(preset.params) if preset else {}), **self._state.potential.param_dict}
        show_message(self.message, translate("PotentialPanel", "Deriving with sympy and compiling (a new potential takes a while the first time)…"))
        self.derive_button.setEnabled(False)
        timeout = self._timeout
        # no parent: closing the window cancels it (disconnect_state) instead of waiting for it
        self._worker = Worker(lambda: prepare_potential(U_text, T_text, params, name=name, timeout=timeout))
        self._worker.done.connect(self._on_prepared)
        self._worker.failed.connect(self._on_refused)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.start()

    def _on_prepared(self, prepared) -> None:
        try:
            self._state.apply_potential(prepared)
        except ValueError as exc:
            self._on_refused(str(exc))
            return
        show_message(self.message, translate("PotentialPanel", "Using {name}: every launch was integrated again.").format(
            name=potential_title(prepared.potential.name)))
        self.derived.emit()

    def _on_refused(self, text: str) -> None:
        show_message(self.message, translate("PotentialPanel", "Refused: {reason}").format(reason=localise(text)), error=True)
        self.derived.emit()

    def _on_worker_finished(self) -> None:
        self._release_worker()
        self.derive_button.setEnabled(True)

    def _on_slider(self, name: str, value: float) -> None:
        self._pending[name] = value
        self._param_timer.start()

    def _send_params(self) -> None:
        values, self._pending = self._pending, {}
        try:
            self._state.set_potential_params(**values)
        except ValueError as exc:
            show_message(self.message, translate("PotentialPanel", "Refused: {reason}").format(reason=localise(str(exc))), error=True)
        if not any(p.slider.isSliderDown() for p in self.sliders.values()):
            self._state.end_gesture()  # a whole drag is one undo step; a click or a typed value is a step of its own

    def _on_potential_changed(self, potential) -> None:
        self._show_potential(potential)
        if self.isVisible():
            self._show_equations()
        else:
            # a prepared potential carries its findings: keep them current; the typeset equations wait until shown
            self._equations_stale = True
            if self._state.prepared_if_ready is not None:
                self._show_findings(self._state.prepared_if_ready)

    def _on_theme_changed(self, _name) -> None:
        if self.isVisible() and not self._equations_stale:
            self._show_equations()
        else:
            self._equations_stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._equations_stale:
            self._show_equations()

    def _show_potential(self, potential) -> None:
        """The preset, the texts of U and T and the parameter sliders (no sympy)."""
        index = self.preset.findData(potential.name if potential.name in PRESETS else "custom")
        self.preset.setCurrentIndex(index)
        if not self.U_edit.hasFocus() and not self.busy:
            preset = PRESETS.get(potential.name)
            self.U_edit.setText(potential.U_text or (preset.U_text if preset else ""))
            self.T_edit.setText(potential.T_text or "")
        self._build_sliders(potential)

    def _build_sliders(self, potential) -> None:
        values = potential.param_dict
        self.params_box.setVisible(bool(values))
        if set(self.sliders) == set(values):
            for name, slider in self.sliders.items():
                slider.set_value(values[name])
            return
        for slider in self.sliders.values():
            slider.setParent(None)
            slider.deleteLater()
        self.sliders = {}
        preset = PRESETS.get(potential.name)
        ranges = {r.name: r for r in (preset.ranges if preset else ())}
        for name, value in sorted(values.items()):
            spec = ranges.get(name) or ParamRange(name, min(-5.0, value), max(5.0, value), label=name)
            slider = ParamSlider(spec, value)
            slider.changed.connect(self._on_slider)
            self.params_layout.addWidget(slider)
            self.sliders[name] = slider
        self.params_box.setVisible(bool(self.sliders))

    def _show_equations(self) -> None:
        """Typeset the equations and list the findings. sympy (deriving the point dipole the first time, printing
        LaTeX, the findings) and laying out the mathtext run in a worker, 0.3-0.5 s the first time; this thread only
        draws what it made. The newest request wins."""
        self._equations_stale = False
        st = self._state
        prepared, theme = st.prepared_if_ready, st.theme
        dpi = self.figure.dpi * self.canvas.device_pixel_ratio
        self._typeset_serial += 1
        serial = self._typeset_serial

        def job():
            from app.equations import mathtext_lines
            from app.figures.equations import prepare_typesetting

            ready = prepared or prepare_potential()
            lines = mathtext_lines(ready.equations)
            fitting = {line for line in lines if typesettable(line)}
            prepare_typesetting(lines, theme, dpi, fitting.__contains__)
            return ready, lines, fitting

        worker = Worker(job, self, name="potential-equations")
        worker.done.connect(lambda result: self._typeset(serial, theme, *result))
        worker.failed.connect(lambda message: show_message(self.message, message, error=True))
        worker.start()

    def _typeset(self, serial: int, theme: str, prepared, lines: list[str], fitting: set[str]) -> None:
        if serial != self._typeset_serial:
            return  # a newer request is on its way
        self.figure.set_size_inches(6.0, self.figure.get_size_inches()[1])
        texts = draw_equations(self.figure, lines, theme, fitting.__contains__)
        height = self.figure.get_size_inches()[1]
        self._scroll.setStyleSheet(f"QScrollArea {{ background: {to_hex(self.figure.get_facecolor())}; }}")
        self.canvas.draw()
        renderer = self.canvas.get_renderer()
        width = max(t.get_window_extent(renderer).x1 for t in texts) + 12
        dpi = self.figure.dpi
        self.figure.set_size_inches(max(width / dpi, 3.0), height)
        self.canvas.resize(int(max(width, 3.0 * dpi)), int(height * dpi))
        self.canvas.draw_idle()
        self._show_findings(prepared)
        self.typeset.emit()

    def _show_findings(self, prepared) -> None:
        found = [f"• {localise(item)}" for item in prepared.findings]
        if not prepared.is_point_dipole:
            found.append("• " + translate("PotentialPanel", "Not the point dipole: the fate, the regime map, the pendulum and the exact "
                                                     "overlay do not apply."))
        self.findings.setText("\n".join(found))

