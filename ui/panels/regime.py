"""The regime map panel: hosts app.figures.regime.RegimeMap (the drawing) with the fan launcher beside it."""

from __future__ import annotations

import math

import numpy as np
from PySide6 import QtWidgets

from app.figures.regime import RegimeMap
from app.figures.style import FATES
from app.i18n import QT_TRANSLATE_NOOP
from physics.launch import LaunchState
from physics.regime import fan_launches, fate_key
from ui.i18n import translate
from ui.language import localise
from ui.panels.common import RefreshWhenShown, float_spin, make_canvas, message_label, show_message
from ui.subscriptions import Subscriptions

# the fates of a fan's paths, as its summary names them
FATE_WORDS = {
    "falls": QT_TRANSLATE_NOOP("RegimePanel", "falls"),
    "escapes": QT_TRANSLATE_NOOP("RegimePanel", "escapes"),
    "escapes-libration": QT_TRANSLATE_NOOP("RegimePanel", "escapes (libration)"),
    "escapes-rotation": QT_TRANSLATE_NOOP("RegimePanel", "escapes (rotation)"),
    "marginal": QT_TRANSLATE_NOOP("RegimePanel", "marginal"),
    "stays": QT_TRANSLATE_NOOP("RegimePanel", "stays"),
    "unknown": QT_TRANSLATE_NOOP("RegimePanel", "unknown"),
}


def fate_words(key: str) -> str:
    """A fate key in words ("escapes-libration" → "escapes (libration)"), in the window's language."""
    if key in FATE_WORDS:
        return translate("RegimePanel", FATE_WORDS[key])
    return key.replace("-", " (") + (")" if "-" in key else "")


class RegimePanel(RefreshWhenShown, QtWidgets.QDockWidget):
    """Dock: the regime map of the launches, a live point for the arrow being dragged, and the fan launcher."""

    def __init__(self, state, parent=None):
        super().__init__(translate("RegimePanel", "Regime map"), parent)
        self.setObjectName("regime_dock")
        self._state = state
        self._preview: LaunchState | None = None
        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.figure, self.canvas = make_canvas(4.2, 3.4, 160)
        self.map = RegimeMap(self.figure)  # its axes are made by the first refresh, when the panel is first shown
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self._build_fan())
        self.message = message_label()
        layout.addWidget(self.message)
        self.setWidget(body)
        self._subs = Subscriptions()
        for signal in (state.trajectories_changed, state.particles_changed, state.k_changed, state.selection_changed,
                       state.potential_changed):
            self._subs.connect(signal, self._on_changed)
        self._subs.connect(state.theme_changed, self._on_theme_changed)
        self._stale = True

    def figure_for_export(self) -> tuple[str, dict]:
        """The name and options of app.figures.export.export_panel that write what this panel shows."""
        return "regime", {}

    def _build_fan(self) -> QtWidgets.QWidget:
        box = QtWidgets.QGroupBox(translate("RegimePanel", "Fan: N launches from one point"))
        grid = QtWidgets.QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 4)
        self.fan_x = float_spin(2.0, -50, 50, 0.1, 2, translate("RegimePanel", "x of the launch point"))
        self.fan_y = float_spin(0.5, -50, 50, 0.1, 2, translate("RegimePanel", "y of the launch point"))
        self.fan_mode = QtWidgets.QComboBox()
        self.fan_mode.addItems([translate("RegimePanel", "angles"), translate("RegimePanel", "speeds")])
        self.fan_mode.setToolTip(translate("RegimePanel", "Spread the launches over directions (at one speed) or over speeds (in one direction)"))
        self.fan_n = QtWidgets.QSpinBox()
        self.fan_n.setRange(2, 100)
        self.fan_n.setValue(12)
        self.fan_from = float_spin(90.0, -720, 720, 5, 1, translate("RegimePanel", "first angle (degrees) or speed"))
        self.fan_to = float_spin(270.0, -720, 720, 5, 1, translate("RegimePanel", "last angle (degrees) or speed"))
        self.fan_fixed = float_spin(0.9, -1e3, 1e3, 0.1, 3,
                                    translate("RegimePanel", "the speed (when spreading angles) or the angle in degrees (when spreading speeds)"))
        self.fan_button = QtWidgets.QPushButton(translate("RegimePanel", "Launch fan"))
        self.fan_button.setToolTip(translate("RegimePanel", "Add the fan to the session; each path is coloured by its fate"))
        self.fan_button.clicked.connect(self.launch_fan)
        self.fan_mode.currentIndexChanged.connect(self._on_mode_changed)
        self._fixed_label = QtWidgets.QLabel(translate("RegimePanel", "speed"))
        # two controls a row, so the panel stays narrow enough for the side area in every theme
        rows = (
            (("x", self.fan_x), ("y", self.fan_y)),
            (("N", self.fan_n), (translate("RegimePanel", "spread"), self.fan_mode)),
            ((translate("RegimePanel", "from"), self.fan_from), (translate("RegimePanel", "to"), self.fan_to)),
            ((self._fixed_label, self.fan_fixed), (None, self.fan_button)),
        )
        for row, pairs in enumerate(rows):
            for col, (text, widget) in enumerate(pairs):
                if text is not None:
                    grid.addWidget(text if isinstance(text, QtWidgets.QLabel) else QtWidgets.QLabel(text), row, 2 * col)
                    grid.addWidget(widget, row, 2 * col + 1)
                else:
                    grid.addWidget(widget, row, 2 * col, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _on_mode_changed(self, index: int) -> None:
        if index == 0:
            self._fixed_label.setText(translate("RegimePanel", "speed"))
            self.fan_from.setValue(90.0)
            self.fan_to.setValue(270.0)
            self.fan_fixed.setValue(0.9)
        else:
            self._fixed_label.setText(translate("RegimePanel", "angle°"))
            self.fan_from.setValue(0.2)
            self.fan_to.setValue(2.0)
            self.fan_fixed.setValue(180.0)

    def refresh(self) -> None:
        """Place every visible launch on the map (or say why the map does not apply)."""
        self.fan_button.setEnabled(True)
        self.map.draw(self._state, self._state.theme, self._preview)
        self.canvas.draw_idle()

    @property
    def preview(self) -> LaunchState | None:
        return self._preview

    def set_preview(self, launch: LaunchState | None) -> None:
        """Show (or, with None, hide) the point of a launch that is being aimed, e.g. while the arrow is dragged."""
        self._preview = launch
        if self.map.ax is None:
            return  # not shown yet: the first refresh places it
        self.map.place_preview(self._state, launch)
        self.canvas.setToolTip(localise(self.map.preview_text))
        self.canvas.draw_idle()

    def fan(self) -> list[LaunchState]:
        """The launches the fan controls describe."""
        n = self.fan_n.value()
        lo, hi = self.fan_from.value(), self.fan_to.value()
        if self.fan_mode.currentIndex() == 0:
            angles = np.radians(np.linspace(lo, hi, n))
            return fan_launches(self.fan_x.value(), self.fan_y.value(), [self.fan_fixed.value()], angles)
        speeds = np.linspace(lo, hi, n)
        return fan_launches(self.fan_x.value(), self.fan_y.value(), speeds, [math.radians(self.fan_fixed.value())])

    def launch_fan(self) -> list[int]:
        """Add the fan with state.add_launches and colour each path by its fate; a refusal shows here."""
        st = self._state
        try:
            launches = self.fan()
            labels = [f"fan {i + 1}" for i in range(len(launches))]
            ids = st.add_launches(launches, labels)
        except ValueError as exc:
            show_message(self.message, translate("RegimePanel", "Fan refused: {reason}").format(reason=localise(str(exc))), error=True)
            return []
        counts: dict[str, int] = {}
        colors = FATES.get(st.theme, FATES["default"])
        for pid in ids:
            key = fate_key(st.particle(pid).launch, st.k, st.is_point_dipole, st.trajectory(pid))
            counts[key] = counts.get(key, 0) + 1
            st.set_color(pid, colors.get(key, colors["unknown"]))
        summary = translate("RegimePanel", ", ").join(f"{n} {fate_words(key)}" for key, n in sorted(counts.items()))
        show_message(self.message, translate("RegimePanel", "Fan of {count}: {summary}").format(count=len(ids), summary=summary))
        return ids

    def disconnect_state(self) -> None:
        """Stop listening to the model (the window calls this as it closes; closing the dock only hides it)."""
        self._subs.disconnect_all()
