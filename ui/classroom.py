"""Classroom controls: the keyboard for everything needed in front of a class, larger widget fonts in the
presentation theme, and the test-charge map (a grid of charges released from rest, integrated together).

Single keys (F, E, Up, Space, ...) are window shortcuts, but `KeyGuard` hands them to a text field, a
spin box or a list that has the focus, so typing "-1.5" into the k box never toggles anything.
"""

from __future__ import annotations

import math

from PySide6 import QtCore, QtGui, QtWidgets

from app.classroom import preset_progress, step_preset
from app.presets import PRESET_NAMES, get_preset
from app.state import K_LIMIT
from physics.launch import LaunchState
from ui.i18n import translate
from ui.language import localise
from ui.qt_guard import guarded

K_STEP = 0.1
K_BIG_STEP = 1.0
PRESENTATION_FONT_SCALE = 1.4
MAP_COLUMNS, MAP_ROWS = 12, 8
MAP_KEEP_OUT = 3.0  # grid points closer to the dipole than this many r_min are skipped: they would fall in at once
MAP_TRAIL_LENGTH = 1.5  # the fading tail of a test-charge map, in units of t: short, so 96 paths stay readable

LAYER_KEYS = {"field_lines": "F", "equipotentials": "E", "colormap": "C", "dipole_glyph": "G", "exact_overlay": "X",
              "path_numbers": "P"}

# keys a focused text field or list uses itself (without Ctrl, Alt or Meta)
_NAVIGATION = {QtCore.Qt.Key.Key_Up, QtCore.Qt.Key.Key_Down, QtCore.Qt.Key.Key_Left, QtCore.Qt.Key.Key_Right,
               QtCore.Qt.Key.Key_Home, QtCore.Qt.Key.Key_End, QtCore.Qt.Key.Key_PageUp, QtCore.Qt.Key.Key_PageDown}
_EDITING = _NAVIGATION | {QtCore.Qt.Key.Key_Space, QtCore.Qt.Key.Key_Backspace, QtCore.Qt.Key.Key_Delete}
_COMMAND_MODIFIERS = (QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.AltModifier
                      | QtCore.Qt.KeyboardModifier.MetaModifier)


def charge_grid(view, r_min: float, r_max: float, columns: int = MAP_COLUMNS, rows: int = MAP_ROWS,
                keep_out: float = MAP_KEEP_OUT) -> list[LaunchState]:
    """Charges at rest at the centres of a columns × rows grid over the view, none within keep_out·r_min of the dipole."""
    launches = []
    for j in range(rows):
        y = view.ymin + (j + 0.5) * (view.ymax - view.ymin) / rows
        for i in range(columns):
            x = view.xmin + (i + 0.5) * (view.xmax - view.xmin) / columns
            r = math.hypot(x, y)
            if keep_out * r_min < r < r_max:
                launches.append(LaunchState.from_cartesian(x, y, 0.0, 0.0))
    return launches


class KeyGuard(QtCore.QObject):
    """Lets text fields, spin boxes and lists of one window keep the plain keys they use, ahead of the window's shortcuts."""

    def __init__(self, window: QtWidgets.QWidget):
        super().__init__(window)
        self._window = window

    @guarded
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QtCore.QEvent.Type.ShortcutOverride or not isinstance(obj, QtWidgets.QWidget):
            return False
        if obj.window() is not self._window or event.modifiers() & _COMMAND_MODIFIERS:
            return False
        if wants_key(obj, event):
            event.accept()  # the key goes to the widget as a key press, not to a shortcut
            return True
        return False


def wants_key(widget: QtWidgets.QWidget, event: QtGui.QKeyEvent) -> bool:
    """True if the focused widget uses this plain key itself (typing, moving the cursor, choosing a row)."""
    key = event.key()
    typing = (isinstance(widget, (QtWidgets.QLineEdit, QtWidgets.QAbstractSpinBox, QtWidgets.QTextEdit,
                                  QtWidgets.QPlainTextEdit, QtWidgets.QKeySequenceEdit))
              or (isinstance(widget, QtWidgets.QComboBox) and widget.isEditable()))
    if typing:
        return key in _EDITING or bool(event.text()) and event.text().isprintable()
    if isinstance(widget, (QtWidgets.QAbstractItemView, QtWidgets.QComboBox)):
        return key in _NAVIGATION
    return False


class WidgetFonts:
    """The presentation theme enlarges the window's fonts (menus, docks, dialogs, readouts); other themes put them back.

    Widgets that chose their own font (a fixed-width readout) are scaled from the size they chose; a widget
    marked with the property `scales_own_fonts` (and everything in it) sizes its fonts itself, from its parent's.
    """

    BASE_SIZE = "dipolelab_base_point_size"

    def __init__(self, window: QtWidgets.QWidget):
        self._window = window
        self.base_size = window.font().pointSizeF()
        self.scale = 1.0

    @staticmethod
    def follow(widget: QtWidgets.QWidget) -> QtWidgets.QWidget:
        """Let a dialog or menu of the window take the window's font (top-level widgets do not by default)."""
        widget.setAttribute(QtCore.Qt.WidgetAttribute.WA_WindowPropagation, True)
        return widget

    def apply(self, theme: str) -> None:
        self.scale = PRESENTATION_FONT_SCALE if theme == "presentation" else 1.0
        window = self._window
        for menu in window.findChildren(QtWidgets.QMenu):
            self.follow(menu)
        if self.scale != 1.0:
            font = QtGui.QFont()  # only the size is set: the family and the rest still come from the application
            font.setPointSizeF(self.base_size * self.scale)
            window.setFont(font)
        else:
            window.setFont(QtGui.QFont())  # nothing set: the application's font again
        for widget in window.findChildren(QtWidgets.QWidget):
            if widget.testAttribute(QtCore.Qt.WidgetAttribute.WA_SetFont) and not _scales_itself(widget):
                base = widget.property(self.BASE_SIZE)
                if base is None:
                    base = widget.font().pointSizeF()
                    widget.setProperty(self.BASE_SIZE, base)
                if base > 0:
                    font = QtGui.QFont(widget.font())
                    font.setPointSizeF(float(base) * self.scale)
                    widget.setFont(font)
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """Larger fonts must not push the window past the screen: shrink it back to the available area."""
        window = self._window
        if window.isFullScreen() or window.isMaximized():
            return
        available = getattr(window, "available_size", None)  # the main window knows its screen (or the one it renders for)
        if available is not None:
            room_width, room_height = available()
        else:
            screen = window.screen() if window.isVisible() else QtGui.QGuiApplication.primaryScreen()
            if screen is None:
                return
            room_width, room_height = screen.availableGeometry().width(), screen.availableGeometry().height()
        width, height = min(window.width(), room_width), min(window.height(), room_height)
        if (width, height) != (window.width(), window.height()):
            window.resize(width, height)


def _scales_itself(widget: QtWidgets.QWidget) -> bool:
    while widget is not None:
        if widget.property("scales_own_fonts"):
            return True
        widget = widget.parentWidget()
    return False


class ClassroomKeys(QtCore.QObject):
    """k up and down, the next preset, the preset's next charge one at a time, and the test-charge map.

    `window` provides state, player, controls, current_preset and load_preset(name).
    """

    launched = QtCore.Signal(int)  # a charge launched from the keyboard (L), like PlotCanvas.launched
    map_released = QtCore.Signal(int)  # the number of charges in a test-charge map
    notice = QtCore.Signal(str)

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self._state = window.state
        self.k_up_action = self._make(translate("Classroom", "Increase k by 0.1"), lambda: self.step_k(K_STEP), ["Up", "+", "="])
        self.k_down_action = self._make(translate("Classroom", "Decrease k by 0.1"), lambda: self.step_k(-K_STEP), ["Down", "-"])
        self.k_up_big_action = self._make(translate("Classroom", "Increase k by 1"), lambda: self.step_k(K_BIG_STEP), ["Shift+Up"])
        self.k_down_big_action = self._make(translate("Classroom", "Decrease k by 1"), lambda: self.step_k(-K_BIG_STEP), ["Shift+Down"])
        self.next_preset_action = self._make(translate("Classroom", "Next preset"), lambda: self.cycle_preset(1), ["N", "PgDown"],
                                             translate("Classroom", "Load the next preset (N or Page Down)"))
        self.previous_preset_action = self._make(translate("Classroom", "Previous preset"), lambda: self.cycle_preset(-1), ["Shift+N", "PgUp"])
        self.launch_next_action = self._make(translate("Classroom", "Launch the preset's next charge"), self.launch_next, ["L"],
                                             translate("Classroom", "Launch the current preset's charges one per key press "
                                                                    "(the first press clears)"))
        self.test_map_action = self._make(translate("Classroom", "Test-charge &map"), self.release_test_charges, ["M"],
                                          translate("Classroom", "Release a {columns}×{rows} grid of charges from rest over the view, "
                                                                 "integrated together, with short fading trails")
                                          .format(columns=MAP_COLUMNS, rows=MAP_ROWS))
        player = window.player
        player.step_action.setShortcuts([QtGui.QKeySequence("."), QtGui.QKeySequence("Right")])
        player.restart_action.setShortcuts([QtGui.QKeySequence("Home"), QtGui.QKeySequence("R")])
        for name, key in LAYER_KEYS.items():
            window.controls.layer_actions[name].setShortcut(QtGui.QKeySequence(key))

    @property
    def k_actions(self) -> list[QtGui.QAction]:
        return [self.k_up_action, self.k_down_action, self.k_up_big_action, self.k_down_big_action]

    def _make(self, text: str, slot, keys: list[str], tip: str = "") -> QtGui.QAction:
        action = QtGui.QAction(text, self._window)
        action.setShortcuts([QtGui.QKeySequence(k) for k in keys])
        action.setStatusTip(tip or text)
        action.triggered.connect(slot)
        return action

    def step_k(self, step: float) -> None:
        """k ± step, rounded to the step's decimals (1.1, not 1.1000000000000001); each press is one undo step."""
        k = round(self._state.k + step, 10)
        self._state.set_k(max(-K_LIMIT, min(K_LIMIT, k)), coalesce=False)

    def cycle_preset(self, step: int) -> str:
        name = step_preset(self._window.current_preset, step)
        self._window.load_preset(name)
        return name

    def launch_next(self) -> int | None:
        """Launch the current preset's next charge; the first press (or one after the last) clears and starts again."""
        st = self._state
        name = self._window.current_preset
        fresh = name not in PRESET_NAMES
        if fresh:
            name = PRESET_NAMES[0]
            self._window.load_preset(name)
        preset = get_preset(name)
        launches = list(preset.launches)
        done = preset_progress([la for la, _ in launches], [p.launch for p in st.particles])
        launch, label = launches[done]
        self._window.player.pause()
        if done == 0:
            st.replace_all(st.k, [(launch, label, True)])
            pid = st.particles[-1].id
        else:
            pid = st.add_launch(launch, label)
        self.notice.emit(translate("Classroom", "{preset}: charge {number} of {count} (L for the next)")
                         .format(preset=translate("Presets", preset.title), number=done + 1, count=len(launches)))
        self.launched.emit(pid)
        return pid

    def release_test_charges(self) -> list[int]:
        """A grid of charges at rest over the view, added in one batch (physics.integration.batch) and animated together."""
        st = self._state
        s = st.settings
        launches = charge_grid(st.view, s.r_min, s.r_max)
        if not launches:
            self.notice.emit(translate("Classroom", "Test-charge map: no grid point of this view is outside r_min and inside r_max"))
            return []
        self._window.player.pause()
        try:
            ids = st.add_launches(launches, [f"map {i + 1}" for i in range(len(launches))])
        except ValueError as exc:
            self.notice.emit(translate("Classroom", "Test-charge map refused: {reason}").format(reason=localise(str(exc))))
            return []
        if st.display.trail == "full":
            st.set_display(trail="fade", trail_length=MAP_TRAIL_LENGTH)
        st.restart()
        self._window.player.play()
        self.notice.emit(translate("Classroom", "Test-charge map: {count} charges released from rest (one batch); Ctrl+Z removes them")
                         .format(count=len(ids)))
        self.map_released.emit(len(ids))
        return ids
