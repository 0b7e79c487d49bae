"""The window's File menu: sessions saved and opened through the menu actions, Open recent, and the exports.

QFileDialog, QMessageBox and the export dialogs are monkeypatched, so nothing waits for a click.
"""

import csv
import os

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtTest import QTest

from app.files.autosave import SESSION_SIGNALS
from app.files.session import session_to_dict
from app.state import SimulationState
from physics.launch import LaunchState
from ui.dialogs import export as export_dialogs
from ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("fresh_settings")


@pytest.fixture
def boxes(monkeypatch):
    """Every message box is recorded instead of shown: (title, text)."""
    shown = []

    def record(self):
        shown.append((self.windowTitle(), self.text()))
        return QtWidgets.QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", record)
    return shown


def answer_file_dialogs(monkeypatch, path):
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def comparable(state) -> dict:
    doc = session_to_dict(state)
    doc.pop("time")
    return doc


def setup(state):
    state.set_k(-1.5)
    state.add_launches([LaunchState(1.5, 0.4, 0.0, 0.3), LaunchState(2.0, 2.5, -0.2, 0.1)], ["one", "two"])
    state.set_display(colormap=True, n_field_lines=5)
    state.set_theme("print")


def test_save_then_open_round_trip_through_the_menu(qtbot, window, state, monkeypatch, tmp_path, boxes):
    setup(state)
    saved = comparable(state)
    path = tmp_path / "lesson.json"
    answer_file_dialogs(monkeypatch, tmp_path / "lesson")  # no suffix typed: .json is added
    window.files.save_as_action.trigger()
    assert path.is_file() and not boxes
    assert "lesson.json" in window.windowTitle() and not window.isWindowModified()

    state.set_k(3.0)
    state.clear()
    qtbot.waitUntil(window.isWindowModified, timeout=1000)
    answer_file_dialogs(monkeypatch, path)
    window.files.open_action.trigger()
    assert comparable(state) == saved
    assert not window.isWindowModified()
    assert window.files.recent_files() == [str(path)]
    assert window.canvas.layers.status_text.get_text() == "k = \u22121.5"  # a real minus, as the ticks have

    # Ctrl+S writes to the same file, without asking for a name
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("asked for a name"))
    state.set_k(2.0)
    window.files.save_action.trigger()
    assert '"k": 2.0' in path.read_text()
    assert not boxes


def test_undoing_back_to_the_saved_setup_clears_the_star(qtbot, window, state, monkeypatch, tmp_path):
    answer_file_dialogs(monkeypatch, tmp_path / "s.json")
    window.files.save_as_action.trigger()
    state.set_k(2.0)
    qtbot.waitUntil(window.isWindowModified, timeout=1000)
    state.undo()
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=1000)


@pytest.mark.parametrize("content", ["{not json", '{"format": "dipole-lab-session", "version": 99, "k": 1}',
                                     '{"format": "dipole-lab-session", "version": 1, "k": "big", "launches": []}'])
def test_a_bad_session_is_refused_in_a_box_and_changes_nothing(window, state, monkeypatch, tmp_path, boxes, content):
    setup(state)
    before = comparable(state)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    answer_file_dialogs(monkeypatch, bad)
    window.files.open_action.trigger()
    assert len(boxes) == 1
    title, text = boxes[0]
    assert title == "Cannot open the session"
    assert "bad.json" in text and "\n" not in text and "Traceback" not in text
    assert comparable(state) == before
    assert window.files.path is None and window.files.recent_files() == []


def session_with_potential(folder, U: str = "-k/r", k: float = -0.7):
    """A saved session (version 2) whose potential is typed, not the point dipole; its state is returned too."""
    import json

    from app.files.session import SESSION_FORMAT

    state = SimulationState(k=k)
    state.add_launch(LaunchState(1.5, 0.4, 0.0, 0.3), "one")
    doc = session_to_dict(state)
    doc.update(version=2, potential={"name": "custom", "U": U, "T": None, "params": {}})
    assert doc["format"] == SESSION_FORMAT
    path = folder / "typed.json"
    path.write_text(json.dumps(doc))
    return path


# issue 12: opening a session with a potential of its own never blocks the window
def test_opening_a_session_with_a_potential_derives_off_the_gui_thread(qtbot, window, state, tmp_path, boxes, gated_derivation):
    path = session_with_potential(tmp_path)
    before = comparable(state)
    ticks = []
    timer = QtCore.QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    assert window.files.open_path(str(path))  # on its way
    qtbot.waitUntil(lambda: bool(gated_derivation.on_gui_thread), timeout=5000)
    assert gated_derivation.on_gui_thread == [False]
    busy = window.findChild(QtWidgets.QWidget, "busy_indicator")
    assert busy is not None and busy.isVisible() and "typed.json" in busy.label.text()
    qtbot.wait(100)
    assert len(ticks) >= 3  # the event loop turns (and the window repaints) meanwhile
    assert comparable(state) == before and window.files.path is None  # nothing changes before the derivation succeeded
    with qtbot.waitSignal(window.files.opened, timeout=60000):
        gated_derivation.set()
    timer.stop()
    assert state.potential.U_text == "-k/r" and state.k == -0.7 and [p.label for p in state.particles] == ["one"]
    assert window.files.path == str(path) and not window.isWindowModified() and not busy.isVisible() and not boxes


def test_cancelling_the_opening_of_a_session_changes_nothing(qtbot, window, state, tmp_path, boxes, gated_derivation):
    setup(state)
    before = comparable(state)
    path = session_with_potential(tmp_path)
    assert window.files.open_path(str(path))
    busy = window.findChild(QtWidgets.QWidget, "busy_indicator")
    qtbot.mouseClick(busy.cancel_button, QtCore.Qt.MouseButton.LeftButton)
    assert not busy.isVisible() and "cancelled" in window.statusBar().currentMessage()
    gated_derivation.set()
    from ui.workers import wait_for_all

    assert wait_for_all(30000)
    qtbot.wait(20)
    assert comparable(state) == before and window.files.path is None and not boxes


def test_a_potential_that_cannot_be_derived_is_refused_naming_the_field(qtbot, window, state, monkeypatch, tmp_path, boxes):
    from app import potentials

    def refuse(*args, **kwargs):
        raise ValueError("the derivation took longer than 10 s and was stopped")

    monkeypatch.setattr(potentials, "prepare_potential", refuse)
    setup(state)
    before = comparable(state)
    path = session_with_potential(tmp_path)
    with qtbot.waitSignal(window.files.open_refused, timeout=10000) as refused:
        window.files.open_path(str(path))
    assert refused.args[0] == f"{path}: potential: the derivation took longer than 10 s and was stopped"
    assert boxes == [("Cannot open the session", refused.args[0])]
    assert comparable(state) == before and window.files.path is None


# issue 12: the unsaved mark and the autosave follow the same list of changes
def test_a_change_of_the_potential_marks_the_title_unsaved(qtbot, window, state):
    assert not window.isWindowModified()
    state.set_potential_preset("dipole-charge", q=-0.4)
    qtbot.waitUntil(window.isWindowModified, timeout=2000)


def test_the_unsaved_mark_and_the_autosave_listen_to_the_same_signals(window, state):
    from ui.recovery import Recovery

    recovery = Recovery(window, state)
    try:
        for name in dir(state):
            signal = getattr(state, name)
            if name.endswith("_changed") and hasattr(signal, "_slots"):
                heard_by_title = window.files._on_changed in signal._slots
                heard_by_autosave = recovery._on_changed in signal._slots
                assert heard_by_title == heard_by_autosave == (name in SESSION_SIGNALS), name
    finally:
        recovery.finish()


def test_every_change_a_session_file_holds_sends_a_session_signal(state):
    """What makes session_to_dict differ is announced by one of SESSION_SIGNALS (one list for both)."""
    heard = []
    for name in SESSION_SIGNALS:
        getattr(state, name).connect(lambda *_, name=name: heard.append(name))
    state.add_launch(LaunchState(1.5, 0.4, 0.0, 0.3), "one")
    pid = state.particles[0].id
    changes = [
        lambda: state.set_k(-2.0),
        lambda: state.add_launch(LaunchState(2.0, 1.0, 0.0, 0.2), "two"),
        lambda: state.set_color(pid, "#123456"),
        lambda: state.set_display(colormap=True),
        lambda: state.set_view(state.view.__class__(-5.0, 5.0, -3.0, 3.0)),
        lambda: state.set_theme("print"),
        lambda: state.set_settings(state.settings.__class__(t_max=7.0, samples=301)),
        lambda: state.set_potential_preset("dipole-charge", q=-0.4),
        lambda: state.set_potential_params(q=-0.6),
    ]
    for change in changes:
        before, heard[:] = comparable(state), []
        change()
        assert comparable(state) != before and heard, change


def test_recent_files_keep_eight_and_drop_missing_ones_with_a_notice(window, tmp_path, boxes):
    files = window.files
    paths = []
    for i in range(10):
        path = tmp_path / f"s{i}.json"
        path.write_text("{}")
        paths.append(str(path))
        files.add_recent(str(path))
    assert files.recent_files() == paths[::-1][:8]
    os.remove(paths[9])
    files.rebuild_recent_menu()
    assert paths[9] not in files.recent_files()
    assert "no longer there" in window.statusBar().currentMessage()
    entries = [a.data() for a in files.recent_menu.actions() if a.data()]
    assert entries == files.recent_files()
    os.remove(paths[8])
    assert not files.open_recent(paths[8])
    assert boxes and "no longer there" in boxes[-1][1]
    assert paths[8] not in files.recent_files()


def accept_with(monkeypatch, cls, **values):
    """Make cls.exec fill in the dialog and press Export."""

    def fake_exec(dialog):
        for name, value in values.items():
            widget = getattr(dialog, name)
            widget.setText(value) if isinstance(widget, QtWidgets.QLineEdit) else widget.setValue(value)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(cls, "exec", fake_exec)


def test_export_figure_and_data_from_the_window(window, state, monkeypatch, tmp_path, boxes):
    window.load_preset("capture-escape")
    out = tmp_path / "view.png"
    accept_with(monkeypatch, export_dialogs.FigureExportDialog, path_edit=str(out), width_spin=480, height_spin=300)
    assert window.exports.export_figure()
    image = QtGui.QImage(str(out))
    assert (image.width(), image.height()) == (480, 300)
    assert len({image.pixel(x, y) for x in range(0, 480, 9) for y in range(0, 300, 9)}) > 8

    answer_file_dialogs(monkeypatch, tmp_path / "samples.csv")
    window.exports.data_action.trigger()
    with open(tmp_path / "samples.csv", newline="") as handle:
        rows = list(csv.reader(row for row in handle if not row.startswith("#")))
    assert "particle" in rows[0] and len(rows) > 2
    assert not boxes


def test_figures_and_data_are_made_on_a_worker_while_the_window_turns(window, state, monkeypatch, tmp_path, boxes):
    """An export of the plot held the GUI thread 0.1-0.5 s (more under load): a worker makes figures and data from
    a frozen copy of the state, and the event loop goes on turning meanwhile."""
    import threading

    from app import export

    window.load_preset("capture-escape")
    gui = threading.current_thread()
    turned = threading.Event()
    ticker = QtCore.QTimer(interval=5)
    ticker.timeout.connect(turned.set)
    ticker.start()
    seen = []

    def on_a_worker(real):
        def run(frozen, *args, **kwargs):
            turned.clear()
            # True only if the GUI thread's timer fires while this runs: never, if this ran on that thread
            seen.append((threading.current_thread() is not gui, frozen is not state, turned.wait(60)))
            return real(frozen, *args, **kwargs)

        return run

    monkeypatch.setattr(export, "export_figure", on_a_worker(export.export_figure))
    monkeypatch.setattr(export, "export_data", on_a_worker(export.export_data))
    out = tmp_path / "view.png"
    accept_with(monkeypatch, export_dialogs.FigureExportDialog, path_edit=str(out), width_spin=480, height_spin=300)
    assert window.exports.export_figure()
    answer_file_dialogs(monkeypatch, tmp_path / "samples.npz")
    assert window.exports.export_data()
    ticker.stop()
    assert seen == [(True, True, True)] * 2
    assert QtGui.QImage(str(out)).width() == 480 and (tmp_path / "samples.npz").stat().st_size > 0 and not boxes


def export_figure_while(window, monkeypatch, tmp_path, export_figure, tick) -> bool:
    """File ▸ Export figure (480×300 PNG) with app.export.export_figure replaced, tick() called every 20 ms meanwhile."""
    from app import export

    monkeypatch.setattr(export, "export_figure", export_figure)
    ticker = QtCore.QTimer(interval=20)
    ticker.timeout.connect(tick)
    ticker.start()
    accept_with(monkeypatch, export_dialogs.FigureExportDialog, path_edit=str(tmp_path / "view.png"), width_spin=480, height_spin=300)
    try:
        return window.exports.export_figure()
    finally:
        ticker.stop()


def test_cancel_stops_a_figure_export_on_its_worker_and_no_file_is_written(window, state, monkeypatch, tmp_path, boxes):
    from app import export

    window.load_preset("capture-escape")
    real = export.export_figure

    def slow(frozen, *args, cancelled, **kwargs):
        for _ in range(6000):  # until Cancel is pressed (a minute at most)
            if cancelled():
                break
            QtCore.QThread.msleep(10)
        return real(frozen, *args, cancelled=cancelled, **kwargs)

    def press_cancel():
        for dialog in window.findChildren(QtWidgets.QProgressDialog):
            if dialog.isVisible():
                dialog.findChild(QtWidgets.QPushButton).click()  # as a user does (cancel() alone sends no signal)

    assert not export_figure_while(window, monkeypatch, tmp_path, slow, press_cancel)
    assert list(tmp_path.iterdir()) == [] and not boxes
    assert "cancelled" in window.statusBar().currentMessage()


def test_escape_cancels_an_export_and_its_dialog_stays_up_until_the_worker_stops(window, state, monkeypatch, tmp_path, boxes):
    """Escape hid a plain progress dialog while the worker went on drawing, and the window took a second export
    meanwhile; now Escape cancels like the button and the dialog stays until the worker has stopped."""
    import threading

    from app import export

    window.load_preset("capture-escape")
    real = export.export_figure
    checked = threading.Event()
    seen = []

    def slow(frozen, *args, cancelled, **kwargs):
        for _ in range(6000):  # until Escape is pressed (a minute at most)
            if cancelled():
                break
            QtCore.QThread.msleep(10)
        checked.wait(60)  # the worker is still running while the test looks at the dialog
        return real(frozen, *args, cancelled=cancelled, **kwargs)

    def press_escape():
        dialogs = [d for d in window.findChildren(QtWidgets.QProgressDialog) if d.isVisible()]
        if not seen and dialogs:
            QTest.keyClick(dialogs[0], QtCore.Qt.Key.Key_Escape)
            seen.append("pressed")
        elif seen == ["pressed"]:
            seen.append(bool(dialogs))
            checked.set()

    assert not export_figure_while(window, monkeypatch, tmp_path, slow, press_escape)
    assert seen == ["pressed", True] and list(tmp_path.iterdir()) == [] and not boxes


def test_export_failures_are_shown_in_a_box(window, state, monkeypatch, tmp_path, boxes):
    window.load_preset("semicircle")
    answer_file_dialogs(monkeypatch, tmp_path / "missing" / "samples.csv")
    assert not window.exports.export_data()
    assert len(boxes) == 1 and boxes[0][0] == "Cannot export the data" and "\n" not in boxes[0][1]
    accept_with(monkeypatch, export_dialogs.FigureExportDialog, path_edit=str(tmp_path / "x.jpg"))
    assert not window.exports.export_figure()  # refused inside the dialog: wrong suffix
    assert not (tmp_path / "x.jpg").exists()


def test_animation_export_runs_and_a_cancelled_one_leaves_no_file(window, state, monkeypatch, tmp_path, boxes):
    window.load_preset("radial-fall")
    gif = tmp_path / "fall.gif"
    accept_with(monkeypatch, export_dialogs.AnimationExportDialog, path_edit=str(gif), width_spin=160, height_spin=100,
                fps_spin=10, duration_spin=0.5)
    assert window.exports.export_animation()
    from PIL import Image

    with Image.open(gif) as image:
        assert image.n_frames == 5

    cancelled = tmp_path / "cancelled.gif"
    accept_with(monkeypatch, export_dialogs.AnimationExportDialog, path_edit=str(cancelled), width_spin=160, height_spin=100,
                fps_spin=10, duration_spin=2.0)
    frames = []
    real_set_value = QtWidgets.QProgressDialog.setValue

    def set_value(dialog, value):
        frames.append(value)
        real_set_value(dialog, value)
        if len(frames) == 4:  # Cancel, as a user presses it, once the bar has moved a few frames
            dialog.findChild(QtWidgets.QPushButton).click()

    monkeypatch.setattr(QtWidgets.QProgressDialog, "setValue", set_value)
    assert not window.exports.export_animation()
    assert 4 <= len(frames) < 20
    assert not cancelled.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fall.gif"]  # no temporary left either
    assert "cancelled" in window.statusBar().currentMessage()
    assert not boxes


def test_an_animation_export_hears_a_cancel_that_sent_no_signal(window, state, monkeypatch, tmp_path, boxes):
    """QProgressDialog.cancel() called directly sends no signal, but the dialog says it was cancelled: the bar
    asks it at every frame (the GUI monkey cancels long exports that way; without this one ran past 120 s)."""
    window.load_preset("radial-fall")
    out = tmp_path / "long.gif"
    accept_with(monkeypatch, export_dialogs.AnimationExportDialog, path_edit=str(out), width_spin=160, height_spin=100,
                fps_spin=10, duration_spin=3.0)
    asked = []
    monkeypatch.setattr(QtWidgets.QProgressDialog, "wasCanceled", lambda self: asked.append(1) or len(asked) > 3)
    assert not window.exports.export_animation()
    assert not out.exists() and 4 <= len(asked) < 30 and not boxes


def test_closing_with_unsaved_launches_asks_first(qtbot, monkeypatch):
    from PySide6 import QtWidgets

    from physics.launch import LaunchState

    state = SimulationState()
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.confirm_close = True
    window.show()
    state.add_launch(LaunchState(1.0, 0.5, 0.0, 0.3))
    asked = []
    Button = QtWidgets.QMessageBox.StandardButton

    def answer_cancel(*args, **kwargs):
        asked.append(args[2] if len(args) > 2 else "")
        return Button.Cancel

    monkeypatch.setattr(QtWidgets.QMessageBox, "question", answer_cancel)
    assert not window.close()  # cancelled: the window stays, nothing is lost
    assert asked and window.isVisible()
    monkeypatch.setattr(QtWidgets.QMessageBox, "question", lambda *a, **k: Button.Discard)
    assert window.close()


def test_only_3d_launches_unsaved_ask_too_and_opening_the_3d_view_changes_nothing(qtbot, monkeypatch):
    """The 3-D view's launches live in the session (version 4): closing with only those unsaved asks first,
    while opening the view on its preset leaves the session as it was (no unsaved mark, nothing to save)."""
    from PySide6 import QtWidgets

    from physics.space.launch import SpaceLaunch
    from ui.workers import wait_for_all

    state = SimulationState()
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.confirm_close = True
    window.show()
    window.space_action.trigger()
    view = window.space_window
    qtbot.addWidget(view)
    assert not window.files.modified and getattr(state, "space_setup", None) is None
    view.scene.add_launch(SpaceLaunch(1.0, 0.5, 0.2, 0.0, 0.3, 0.1))
    assert state.space_setup is not None and window.files.modified and not state.particles
    asked = []
    Button = QtWidgets.QMessageBox.StandardButton
    monkeypatch.setattr(QtWidgets.QMessageBox, "question", lambda *a, **k: asked.append(a) or Button.Cancel)
    assert not window.close() and asked  # the 3-D launches are not lost without a word
    monkeypatch.setattr(QtWidgets.QMessageBox, "question", lambda *a, **k: Button.Discard)
    view.close()
    wait_for_all()
    assert window.close()
