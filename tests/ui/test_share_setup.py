"""Edit ▸ Copy setup / Paste setup in the window: through the clipboard, by Ctrl+V, by a drop; undo; one line for a bad text."""

import base64
import json
import zlib

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.files.session import session_to_dict
from app.files.share import PREFIX, setup_to_text
from app.state import SimulationState
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

pytestmark = pytest.mark.usefixtures("fresh_settings")
FAST = IntegrationSettings(t_max=4.0, samples=61)


@pytest.fixture
def boxes(monkeypatch):
    """Every message box is recorded instead of shown: (title, text)."""
    shown = []

    def record(self):
        shown.append((self.windowTitle(), self.text()))
        return QtWidgets.QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", record)
    return shown


def comparable(state) -> dict:
    doc = session_to_dict(state)
    doc.pop("time")
    return doc


def teacher_setup() -> SimulationState:
    s = SimulationState(k=-1.25, settings=FAST)
    s.add_launches([LaunchState(1.5, 0.4, 0.0, 0.3), LaunchState(2.0, 2.5, -0.2, 0.1)], ["one", "two"])
    s.set_display(colormap=True, n_field_lines=5)
    return s


def test_copy_then_paste_round_trips_and_undo_restores(qtbot, window, state, boxes):
    teacher = teacher_setup()
    state.add_launch(LaunchState(1.0, 0.0, 0.0, 1.3), "mine")
    mine = comparable(state)
    QtGui.QGuiApplication.clipboard().setText(setup_to_text(teacher))
    assert window.sharing.paste_action in window.edit_menu.actions()
    window.sharing.paste_action.trigger()
    assert not boxes
    assert comparable(state) == comparable(teacher)
    assert "Pasted a setup" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert comparable(state)["launches"] == mine["launches"] and state.k == mine["k"]

    QtGui.QGuiApplication.clipboard().clear()
    window.sharing.copy_action.trigger()
    copied = QtGui.QGuiApplication.clipboard().text()
    assert copied == setup_to_text(state)
    assert "Copied the setup" in window.statusBar().currentMessage()


def test_ctrl_v_on_the_window_pastes_but_a_text_field_keeps_its_own(qtbot, window, state, boxes):
    QtGui.QGuiApplication.clipboard().setText(setup_to_text(teacher_setup()))
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, QtCore.Qt.Key.Key_V, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert state.k == -1.25 and len(state.particles) == 2
    field = next(f for f in window.findChildren(QtWidgets.QLineEdit) if f.isVisible() and f.isEnabled() and not f.isReadOnly())
    state.clear()
    field.setFocus()
    qtbot.keyClick(field, QtCore.Qt.Key.Key_V, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert not state.particles  # the text went into the field, not into the session


def test_a_bad_text_is_refused_in_one_line_and_nothing_changes(qtbot, window, state, boxes):
    state.add_launch(LaunchState(1.0, 0.0, 0.0, 1.3), "mine")
    before = comparable(state)
    QtGui.QGuiApplication.clipboard().setText("see you at 10 in room 4")
    window.sharing.paste_action.trigger()
    assert boxes == [("Cannot paste the setup",
                      "pasted setup: is not a Dipole Lab setup (it should start with 'dipole-lab-setup:1:'; copy one with Edit ▸ Copy setup)")]
    assert comparable(state) == before and not state.can_redo


def test_a_dropped_setup_is_pasted(qtbot, window, state, boxes):
    mime = QtCore.QMimeData()
    mime.setText(setup_to_text(teacher_setup()))
    point = QtCore.QPointF(window.rect().center())
    actions = QtCore.Qt.DropAction.CopyAction
    enter = QtGui.QDragEnterEvent(point.toPoint(), actions, mime, QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QtGui.QDropEvent(point, actions, mime, QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(window, drop)
    qtbot.waitUntil(lambda: len(state.particles) == 2, timeout=2000)
    assert state.k == -1.25 and not boxes

    other = QtCore.QMimeData()
    other.setText("just some words")
    enter = QtGui.QDragEnterEvent(point.toPoint(), actions, other, QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QtWidgets.QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()  # other text is not taken


def test_a_setup_with_a_potential_is_derived_off_the_gui_thread_and_undone(qtbot, window, state, boxes, gated_derivation):
    state.add_launch(LaunchState(1.0, 0.0, 0.0, 1.3), "mine")
    before = comparable(state)
    doc = {"format": "dipole-lab-session", "version": 2, "k": -0.7,
           "launches": [{"r0": 1.5, "theta0": 0.4, "vr0": 0.0, "omega0": 0.3, "label": "one", "visible": True}],
           "potential": {"name": "custom", "U": "-k/r", "T": None, "params": {}}}
    text = PREFIX + base64.urlsafe_b64encode(zlib.compress(json.dumps(doc).encode())).decode()
    assert window.sharing.paste_text(text)  # on its way
    qtbot.waitUntil(lambda: bool(gated_derivation.on_gui_thread), timeout=5000)
    assert gated_derivation.on_gui_thread == [False]
    assert comparable(state) == before  # nothing changes before the derivation succeeded
    with qtbot.waitSignal(window.sharing.pasted, timeout=60000):
        gated_derivation.set()
    assert state.potential.U_text == "-k/r" and state.k == -0.7 and [p.label for p in state.particles] == ["one"]
    assert window.files.opening is None and not boxes
    window.undo_action.trigger()
    assert state.is_point_dipole and comparable(state)["launches"] == before["launches"] and state.k == before["k"]
