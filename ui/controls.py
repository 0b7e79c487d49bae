"""The signed dipole strength k (a bar above the plot, always in sight) and the plot's layers and trails (a page
of the side area)."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import QT_TRANSLATE_NOOP
from app.state import K_LIMIT
from ui.i18n import translate
from ui.panels.common import float_spin
from ui.subscriptions import Subscriptions

K_SLIDER_MAX = 5.0
TICKS_PER_UNIT = 100  # k steps of 0.01 on the slider; the spin box takes any value
GATHER_MS = 30  # while the slider is dragged, send at most one k per this many milliseconds

LAYERS = (
    ("field_lines", QT_TRANSLATE_NOOP("Controls", "Field lines"), QT_TRANSLATE_NOOP("Controls", "Field lines r = c sin²θ of the point dipole")),
    ("equipotentials", QT_TRANSLATE_NOOP("Controls", "Equipotentials"),
     QT_TRANSLATE_NOOP("Controls", "Curves of constant potential r² = −k cos θ / U₀ (solid U > 0, dashed U < 0)")),
    ("colormap", QT_TRANSLATE_NOOP("Controls", "Potential colour map"),
     QT_TRANSLATE_NOOP("Controls", "The potential energy U as a colour map, with a colour bar")),
    ("dipole_glyph", QT_TRANSLATE_NOOP("Controls", "Dipole glyph"),
     QT_TRANSLATE_NOOP("Controls", "The dipole at the origin, its axis and which end is + for the charge")),
    ("exact_overlay", QT_TRANSLATE_NOOP("Controls", "Exact solution"),
     QT_TRANSLATE_NOOP("Controls", "The closed-form path (dotted) beside each integrated one")),
    ("start_field_line", QT_TRANSLATE_NOOP("Controls", "Field line through start"),
     QT_TRANSLATE_NOOP("Controls", "The field line through the selected particle's starting point")),
    ("path_numbers", QT_TRANSLATE_NOOP("Controls", "Path numbers"),
     QT_TRANSLATE_NOOP("Controls", "Each path's number (#1, #2, …) beside it, in its colour: tells paths apart in print and "
                                   "for colour-blind viewers")),
    ("field_arrows", QT_TRANSLATE_NOOP("Controls", "Field arrows"),
     QT_TRANSLATE_NOOP("Controls", "Arrows of the field E = −∇U on a grid: length follows |E| (the stronger half capped)")),
    ("arrows_direction_only", QT_TRANSLATE_NOOP("Controls", "Arrows: direction only"),
     QT_TRANSLATE_NOOP("Controls", "All field arrows one length: only the direction of E")),
)
TRAIL_CHOICES = (("full", QT_TRANSLATE_NOOP("Controls", "Full path")), ("fade", QT_TRANSLATE_NOOP("Controls", "Fading tail")),
                 ("none", QT_TRANSLATE_NOOP("Controls", "No trail")))


def tick_to_k(tick: int) -> float:
    return tick / TICKS_PER_UNIT


def k_to_tick(k: float) -> int:
    return round(max(-K_SLIDER_MAX, min(K_SLIDER_MAX, k)) * TICKS_PER_UNIT)


class ExactSpinBox(QtWidgets.QDoubleSpinBox):
    """A spin box that shows the value with as many digits as it needs (1.5, not 1.500000)."""

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        return f"{value:.10g}"


class DipoleControls(QtWidgets.QWidget):
    """Layer switches, line counts and the trail style; `k_bar` holds k (slider, exact spin box, flip, zero).

    k gets a bar of its own above the plot: it is what a class watches change, so it is never on a page
    of the side area that another page could hide.
    """

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self._state = state
        self._pending_k: float | None = None
        self._k_timer = QtCore.QTimer(self, singleShot=True, interval=GATHER_MS)
        self._k_timer.timeout.connect(self._flush_k)
        self._build()
        self.layer_actions = self._make_layer_actions()

        self.slider.valueChanged.connect(self._on_slider_moved)
        self.slider.sliderReleased.connect(self._on_slider_released)
        self.spin.valueChanged.connect(self._on_spin_changed)
        self._flip.clicked.connect(self._on_flip)
        self._zero.clicked.connect(self._on_zero)
        for name, box in self.layer_boxes.items():
            box.toggled.connect(lambda on, name=name: self._state.set_display(**{name: on}))
        self.n_lines.valueChanged.connect(lambda n: self._state.set_display(n_field_lines=n))
        self.strength_spacing.toggled.connect(
            lambda on: self._state.set_display(field_line_spacing="strength" if on else "flux"))
        self.n_levels.valueChanged.connect(lambda n: self._state.set_display(n_equipotentials=n))
        self.trail.currentIndexChanged.connect(lambda i: self._state.set_display(trail=TRAIL_CHOICES[i][0]))
        self.trail_length.valueChanged.connect(lambda v: self._state.set_display(trail_length=float(v)))

        self._subs = Subscriptions()
        self._subs.connect(state.k_changed, self._on_k_changed)
        self._subs.connect(state.display_changed, self._on_display_changed)
        self._on_k_changed(state.k)
        self._on_display_changed(state.display)

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()
        self._k_timer.stop()

    def _build(self) -> None:
        self.k_bar = QtWidgets.QWidget()
        self.k_bar.setObjectName("k_bar")
        self.k_bar.setAccessibleName(translate("Controls", "dipole strength k"))
        k_row = QtWidgets.QHBoxLayout(self.k_bar)
        k_row.setContentsMargins(8, 2, 4, 2)
        k_label = QtWidgets.QLabel("<b>k</b>")
        k_label.setToolTip(translate("Controls", "The signed dipole strength k: negative flips the charge, 0 switches the field off"))
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setRange(k_to_tick(-K_SLIDER_MAX), k_to_tick(K_SLIDER_MAX))
        self.slider.setSingleStep(1)
        self.slider.setPageStep(TICKS_PER_UNIT // 4)
        self.slider.setTickPosition(QtWidgets.QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(TICKS_PER_UNIT)
        self.slider.setMinimumWidth(120)
        self.slider.setToolTip(translate("Controls", "Drag to change k from −{low} to +{high}; the field and every path follow at once")
                                .format(low=f"{K_SLIDER_MAX:g}", high=f"{K_SLIDER_MAX:g}"))
        self.slider.setAccessibleName(translate("Controls", "k slider"))
        self.spin = ExactSpinBox()
        self.spin.setLocale(QtCore.QLocale.c())
        self.spin.setDecimals(10)
        self.spin.setRange(-K_LIMIT, K_LIMIT)
        self.spin.setSingleStep(0.1)
        self.spin.setKeyboardTracking(False)
        self.spin.setToolTip(translate("Controls", "Type an exact k and press Enter (negative flips the charge; 0 is free motion)"))
        self.spin.setAccessibleName(translate("Controls", "k value"))
        self._flip = QtWidgets.QPushButton(translate("Controls", "Flip sign"))
        self._flip.setToolTip(translate("Controls", "k → −k: the same launches with the opposite charge"))
        self._flip.setAccessibleName(translate("Controls", "flip the sign of k"))
        self._zero = QtWidgets.QPushButton("k = 0")
        self._zero.setToolTip(translate("Controls", "Switch the field off: free motion in straight lines"))
        self._zero.setAccessibleName(translate("Controls", "set k to zero"))
        k_row.addWidget(k_label)
        low = QtWidgets.QLabel(f"−{K_SLIDER_MAX:g}")
        high = QtWidgets.QLabel(f"+{K_SLIDER_MAX:g}")
        for end in (low, high):
            end.setEnabled(False)
        k_row.addWidget(low)
        k_row.addWidget(self.slider, 1)
        k_row.addWidget(high)
        k_row.addWidget(self.spin)
        k_row.addWidget(self._flip)
        k_row.addWidget(self._zero)

        layout = QtWidgets.QVBoxLayout(self)
        layer_box = QtWidgets.QGroupBox(translate("Controls", "Layers"))
        grid = QtWidgets.QGridLayout(layer_box)
        self.layer_boxes: dict[str, QtWidgets.QCheckBox] = {}
        for row, (name, text, tip) in enumerate(LAYERS):
            box = QtWidgets.QCheckBox(translate("Controls", text))
            box.setToolTip(translate("Controls", tip))
            grid.addWidget(box, row, 0)
            self.layer_boxes[name] = box
        self.n_lines = QtWidgets.QSpinBox()
        self.n_lines.setRange(0, 60)
        self.n_lines.setToolTip(translate("Controls", "Number of field lines on each side of the axis"))
        self.n_lines.setAccessibleName(translate("Controls", "number of field lines"))
        self.n_levels = QtWidgets.QSpinBox()
        self.n_levels.setRange(0, 60)
        self.n_levels.setToolTip(translate("Controls", "Number of equipotential levels of each sign"))
        self.n_levels.setAccessibleName(translate("Controls", "number of equipotential levels"))
        grid.addWidget(self.n_lines, 0, 1)
        grid.addWidget(self.n_levels, 1, 1)
        self.strength_spacing = QtWidgets.QCheckBox(translate("Controls", "Line density shows |E|"))
        self.strength_spacing.setToolTip(translate(
            "Controls", "Space the point dipole's field lines so that dense lines mean a strong field in the plane "
            "(1/c² evenly spaced). Off: equal 3-D flux between lines (ψ = sin²θ/r evenly spaced), whose density in "
            "the plane follows |E|·|y| and thins towards the axis"))
        grid.addWidget(self.strength_spacing, len(LAYERS), 0, 1, 2)
        grid.setColumnStretch(0, 1)
        layout.addWidget(layer_box)

        trail_box = QtWidgets.QGroupBox(translate("Controls", "Trails"))
        form = QtWidgets.QFormLayout(trail_box)
        self.trail = QtWidgets.QComboBox()
        for _, text in TRAIL_CHOICES:
            self.trail.addItem(translate("Controls", text))
        self.trail.setAccessibleName(translate("Controls", "trail style"))
        self.trail_length = float_spin(2.0, 0.1, 1000.0, 0.5, decimals=1, tip=translate("Controls", "Length of the fading tail, in units of t"))
        form.addRow(translate("Controls", "Style"), self.trail)
        form.addRow(translate("Controls", "Tail length (t)"), self.trail_length)
        layout.addWidget(trail_box)
        layout.addStretch(1)

    def _make_layer_actions(self) -> dict[str, QtGui.QAction]:
        actions = {}
        for name, text, tip in LAYERS:
            action = QtGui.QAction(translate("Controls", text), self)
            action.setCheckable(True)
            action.setStatusTip(translate("Controls", tip))
            action.toggled.connect(lambda on, name=name: self._state.set_display(**{name: on}))
            actions[name] = action
        return actions

    def _on_slider_moved(self, tick: int) -> None:
        k = tick_to_k(tick)
        if self.slider.isSliderDown():
            # a drag: gather the ticks and send only the latest, at most every GATHER_MS
            self._pending_k = k
            if not self._k_timer.isActive():
                self._k_timer.start()
            return
        self._state.set_k(k)
        self._state.end_gesture()

    def _flush_k(self) -> None:
        if self._pending_k is not None:
            k, self._pending_k = self._pending_k, None
            self._state.set_k(k)

    def _on_slider_released(self) -> None:
        self._k_timer.stop()
        self._flush_k()
        self._state.end_gesture()

    def _on_spin_changed(self, value: float) -> None:
        self._state.set_k(value)
        self._state.end_gesture()

    def _on_flip(self) -> None:
        self._state.set_k(-self._state.k, coalesce=False)

    def _on_zero(self) -> None:
        self._state.set_k(0.0, coalesce=False)

    def _on_k_changed(self, k: float) -> None:
        if not self.slider.isSliderDown():  # the user's hand owns the slider while dragging
            was_blocked = self.slider.blockSignals(True)
            self.slider.setValue(k_to_tick(k))
            self.slider.blockSignals(was_blocked)
        was_blocked = self.spin.blockSignals(True)
        self.spin.setValue(k)
        self.spin.blockSignals(was_blocked)

    def _on_display_changed(self, opt) -> None:
        for name, box in self.layer_boxes.items():
            _set_blocked(box, box.setChecked, getattr(opt, name))
            action = self.layer_actions[name]
            _set_blocked(action, action.setChecked, getattr(opt, name))
        _set_blocked(self.n_lines, self.n_lines.setValue, opt.n_field_lines)
        _set_blocked(self.strength_spacing, self.strength_spacing.setChecked, opt.field_line_spacing == "strength")
        self.strength_spacing.setEnabled(opt.field_lines)
        _set_blocked(self.n_levels, self.n_levels.setValue, opt.n_equipotentials)
        index = [value for value, _ in TRAIL_CHOICES].index(opt.trail)
        _set_blocked(self.trail, self.trail.setCurrentIndex, index)
        _set_blocked(self.trail_length, self.trail_length.setValue, opt.trail_length)
        self.trail_length.setEnabled(opt.trail == "fade")
        self.n_lines.setEnabled(opt.field_lines)
        self.n_levels.setEnabled(opt.equipotentials)
        self.layer_boxes["arrows_direction_only"].setEnabled(opt.field_arrows)


def _set_blocked(obj, setter, value) -> None:
    was_blocked = obj.blockSignals(True)
    setter(value)
    obj.blockSignals(was_blocked)
