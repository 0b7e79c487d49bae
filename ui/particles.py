"""The list of launched charges: select one, hide it (check box), delete it, or clear them all."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from physics.outcome import outcome_text
from ui.i18n import translate
from ui.language import localise
from ui.subscriptions import Subscriptions

PID_ROLE = QtCore.Qt.ItemDataRole.UserRole


def swatch(color: str, size: int = 14) -> QtGui.QIcon:
    pixmap = QtGui.QPixmap(size, size)
    pixmap.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setBrush(QtGui.QColor(color))
    painter.setPen(QtGui.QPen(QtGui.QColor("#444444"), 1))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QtGui.QIcon(pixmap)


class ParticleList(QtWidgets.QWidget):
    """One row per particle: its colour, label and predicted fate; the check box shows or hides it."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self._state = state
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QtWidgets.QListWidget()
        self.list.setAccessibleName(translate("Particles", "particles"))
        self.list.setToolTip(translate("Particles", "Select a particle to read it out; untick to hide it"))
        self.list.setMinimumHeight(120)
        self.list.setWordWrap(True)  # a long row takes two lines rather than losing its end
        self.list.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)
        layout.addWidget(self.list, 1)
        buttons = QtWidgets.QHBoxLayout()
        self.delete_button = QtWidgets.QPushButton(translate("Particles", "Delete"))
        self.delete_button.setToolTip(translate("Particles", "Delete the selected particle (Delete)"))
        self.clear_button = QtWidgets.QPushButton(translate("Particles", "Clear all"))
        self.clear_button.setToolTip(translate("Particles", "Delete every particle"))
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.delete_action = QtGui.QAction(translate("Particles", "Delete particle"), self)
        self.delete_action.setShortcut(QtGui.QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.addAction(self.delete_action)

        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.delete_button.clicked.connect(self.delete_selected)
        self.clear_button.clicked.connect(state.clear)

        self._subs = Subscriptions()
        self._subs.connect(state.particles_changed, self._rebuild)
        self._subs.connect(state.theme_changed, lambda _name: self._rebuild())  # the palette's colours follow the theme
        self._subs.connect(state.trajectories_changed, self._rebuild)
        self._subs.connect(state.selection_changed, self._on_selection_changed)
        self._rebuild()

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()

    def delete_selected(self) -> None:
        if self._state.selected is not None:
            self._state.remove(self._state.selected)

    def _rebuild(self) -> None:
        """Refresh the rows; rows are updated in place when the particles are the same, so a row is
        never deleted from inside its own itemChanged signal (hiding a particle)."""
        was_blocked = self.list.blockSignals(True)
        particles = self._state.particles
        same = [self.list.item(row).data(PID_ROLE) for row in range(self.list.count())] == [p.id for p in particles]
        if not same:
            self.list.clear()
        for row, p in enumerate(particles):
            item = self.list.item(row) if same else QtWidgets.QListWidgetItem()
            fate = self._state.fate(p.launch)
            name = f"#{p.id}" + (f"  {localise(p.label)}" if p.label else "")
            item.setIcon(swatch(p.color))
            trajectory = self._state.trajectory(p.id)
            item.setText(f"{name}  —  {localise(outcome_text(fate, trajectory))}")
            item.setData(PID_ROLE, p.id)
            item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(QtCore.Qt.CheckState.Checked if p.visible else QtCore.Qt.CheckState.Unchecked)
            L = p.launch
            note = f"\n{localise(trajectory.message)}" if trajectory is not None and trajectory.message else ""
            start = translate("Particles", "start x = {x}, y = {y}, vx = {vx}, vy = {vy}").format(
                x=f"{L.x0:.4g}", y=f"{L.y0:.4g}", vx=f"{L.vx0:.4g}", vy=f"{L.vy0:.4g}")
            item.setToolTip(f"{item.text()}\n{localise(fate.describe())}{note}\n{start}\nE = {fate.E:.6g}, C = {fate.C:.6g}")
            if not same:
                self.list.addItem(item)
            if p.id == self._state.selected:
                self.list.setCurrentItem(item)
        self.list.blockSignals(was_blocked)
        self.clear_button.setEnabled(bool(particles))
        self.delete_button.setEnabled(self._state.selected is not None)

    def _on_item_changed(self, item: QtWidgets.QListWidgetItem) -> None:
        self._state.set_visible(item.data(PID_ROLE), item.checkState() == QtCore.Qt.CheckState.Checked)

    def _on_current_changed(self, current, _previous) -> None:
        self._state.select(current.data(PID_ROLE) if current is not None else None)

    def _on_selection_changed(self, pid) -> None:
        was_blocked = self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(PID_ROLE) == pid:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)  # a charge just launched is the last row: show it whole
                break
        else:
            self.list.setCurrentItem(None)
        self.list.blockSignals(was_blocked)
        self.delete_button.setEnabled(pid is not None)
