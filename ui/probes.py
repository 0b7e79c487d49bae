"""Probes on the plot, in the window: add them (Simulation ▸ Probes ▸ Add probe, Ctrl+Shift+P), drag them, remove them.

The probes themselves are a display option of the state (app/state.py DisplayOptions.probes, saved in
sessions) drawn by app/probes.py's ProbeLayer on the canvas's axes; this module only handles the mouse
and the menu. While a probe is dragged only its artists move (blitted); the state hears of the new place
when the button is released. In "predict, then reveal" the probes are hidden: nothing on the plot may
hint at the answer.
"""

from __future__ import annotations

import math

from PySide6 import QtCore, QtGui

from app.probes import MAX_PROBES, moved, with_probe, without
from ui.i18n import translate
from ui.subscriptions import Subscriptions


class ProbeTool(QtCore.QObject):
    """Mouse and menu handling of the probes on one PlotCanvas (the canvas asks it first about every press)."""

    notice = QtCore.Signal(str)

    def __init__(self, state, canvas, parent=None):
        super().__init__(parent)
        self._state = state
        self._canvas = canvas
        self._dragging: int | None = None
        self._subs = Subscriptions()
        canvas.probe_tool = self
        self.add_action = QtGui.QAction(translate("Probes", "&Add probe"), self)
        self.add_action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+P"))
        self.add_action.setStatusTip(translate("Probes", "Place a probe that reads the potential V and the field E where it "
                                                         "stands; drag it on the plot, right-click it to remove it"))
        self.add_action.triggered.connect(lambda _on=False: self.add_probe())
        self.remove_last_action = QtGui.QAction(translate("Probes", "Remove &last probe"), self)
        self.remove_last_action.setStatusTip(translate("Probes", "Remove the probe placed last"))
        self.remove_last_action.triggered.connect(lambda _on=False: self.remove(len(self.probes) - 1))
        self.remove_all_action = QtGui.QAction(translate("Probes", "Remove all p&robes"), self)
        self.remove_all_action.setStatusTip(translate("Probes", "Take every probe off the plot"))
        self.remove_all_action.triggered.connect(lambda _on=False: self._state.set_display(probes=()))
        self._sync_actions()

    @property
    def layer(self):
        return self._canvas.layers.probes

    @property
    def probes(self) -> tuple:
        return self._state.display.probes

    @property
    def hidden(self) -> bool:
        return self.layer.hidden

    def _sync_actions(self) -> None:
        n = len(self.probes)
        self.add_action.setEnabled(not self.hidden and n < MAX_PROBES)
        self.remove_last_action.setEnabled(not self.hidden and n > 0)
        self.remove_all_action.setEnabled(not self.hidden and n > 0)

    def free_spot(self) -> tuple[float, float]:
        """Where a new probe goes: the keyboard's launch cursor if it shows, else a spot around the view's centre."""
        cursor = self._canvas.key_cursor
        if cursor is not None:
            return cursor
        view = self._state.view
        cx, cy = (view.xmin + view.xmax) / 2, (view.ymin + view.ymax) / 2
        i = len(self.probes)
        angle = math.pi / 4 + i * math.pi / 2 + (i // 4) * math.pi / 8
        radius = 0.3 * min(view.xmax - view.xmin, view.ymax - view.ymin) * (1 + 0.25 * (i // 4))
        return cx + radius * math.cos(angle), cy + radius * math.sin(angle)

    def add_probe(self, x: float | None = None, y: float | None = None) -> bool:
        """Add a probe at (x, y) (default: free_spot); False with a notice when it cannot be added."""
        if self.hidden:
            return False
        if x is None or y is None:
            x, y = self.free_spot()
        try:
            self._state.set_display(probes=with_probe(self.probes, x, y))
        except ValueError:
            self.notice.emit(translate("Probes", "At most {count} probes: remove one first").format(count=MAX_PROBES))
            return False
        self._sync_actions()
        self.announce(len(self.probes) - 1)
        return True

    def announce(self, index: int) -> None:
        """Say what probe `index` reads (the status bar: screen readers hear it, the keyboard user sees it)."""
        readings = self.layer.readings()
        if not 0 <= index < len(readings):
            return
        x, y = self.probes[index]
        reading = readings[index]
        if reading is None:
            text = translate("Probes", "Probe P{n} at ({x}, {y}): on a singularity of U, V and E are not defined there")
            self.notice.emit(text.format(n=index + 1, x=f"{x:.3g}", y=f"{y:.3g}"))
            return
        text = translate("Probes", "Probe P{n} at ({x}, {y}): V = {V}, E = ({Ex}, {Ey}), |E| = {E}")
        self.notice.emit(text.format(n=index + 1, x=f"{x:.3g}", y=f"{y:.3g}", V=f"{reading.V:.4g}", Ex=f"{reading.Ex:.4g}",
                                     Ey=f"{reading.Ey:.4g}", E=f"{reading.E_abs:.4g}"))

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.probes):
            self._state.set_display(probes=without(self.probes, index))
        self._sync_actions()

    def set_hidden(self, hidden: bool) -> None:
        """Hide the probes (predict mode) or show them again."""
        if self._dragging is not None:
            self._end_drag(None)
        self.layer.set_hidden(hidden)
        self._sync_actions()
        self._canvas.blit_moving()

    def on_press(self, event) -> bool:
        """Take a press on a probe (left: drag it, right: remove it); False leaves the press to the canvas."""
        if event.inaxes is not self._canvas.ax or self._canvas.toolbar.mode or event.x is None:
            return False
        index = self.layer.hit(event.x, event.y)
        if index is None:
            return False
        if event.button == 3:
            self.remove(index)
            return True
        if event.button != 1:
            return False
        self._dragging = index
        return True

    def on_motion(self, event) -> bool:
        if self._dragging is None:
            return False
        if event.xdata is not None and event.ydata is not None:
            try:
                self.layer.positions = moved(self.probes, self._dragging, event.xdata, event.ydata)
            except ValueError:
                return True
            self.layer.update()
            self._canvas.blit_moving()
        return True

    def on_release(self, event) -> bool:
        if self._dragging is None:
            return False
        self._end_drag(event)
        return True

    def _end_drag(self, event) -> None:
        index, self._dragging = self._dragging, None
        placed = self.layer.positions
        self.layer.positions = None
        if event is not None and event.xdata is not None and event.ydata is not None:
            placed = moved(self.probes, index, event.xdata, event.ydata)
        if placed is not None and placed != self.probes:
            self._state.set_display(probes=placed)
            self.announce(index)
        else:
            self.layer.update()
            self._canvas.blit_moving()

    def follow_predict(self, action: QtGui.QAction) -> None:
        """Hide the probes while the checkable "predict, then reveal" action is on."""
        action.toggled.connect(self.set_hidden)
        if action.isChecked():
            self.set_hidden(True)

    def follow_display(self) -> None:
        """Keep the menu's actions enabled as the number of probes changes (undo, a session opened)."""
        self._subs.connect(self._state.display_changed, self._on_display_changed)

    def _on_display_changed(self, _options) -> None:
        self._sync_actions()

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()
