"""Classroom mode in the window: keys without the mouse, undo keys, presentation fonts, predict-then-reveal, the test-charge map."""

import pytest
from PySide6 import QtCore, QtWidgets
from PySide6.QtTest import QTest

from app.presets import PRESET_NAMES, get_preset
from physics.launch import LaunchState
from ui.classroom import PRESENTATION_FONT_SCALE, charge_grid

Key = QtCore.Qt.Key
SHIFT = QtCore.Qt.KeyboardModifier.ShiftModifier
CTRL = QtCore.Qt.KeyboardModifier.ControlModifier
FALLS = LaunchState.from_cartesian(1.5, 0.8, -0.5, -0.3)  # falls in at t ≈ 1.25
ESCAPES = LaunchState.from_cartesian(2.0, 0.5, 0.9, 0.0)


pytestmark = pytest.mark.usefixtures("fresh_settings")


@pytest.fixture
def window(qtbot, window):
    """The shared window (tests/ui/conftest.py), active, with the keyboard on the plot."""
    qtbot.waitActive(window)
    window.canvas.setFocus()
    yield window
    window.player.pause()


def press(window, key, modifier=QtCore.Qt.KeyboardModifier.NoModifier, widget=None):
    QTest.keyClick(widget or window.canvas, key, modifier)


def test_keys_change_k_play_step_restart_and_layers(window, state):
    window.load_preset("semicircle")
    press(window, Key.Key_Up)
    assert state.k == 1.1
    press(window, Key.Key_Up, SHIFT)
    assert state.k == 2.1
    press(window, Key.Key_Down)
    press(window, Key.Key_Minus)
    assert state.k == 1.9
    press(window, Key.Key_Down, SHIFT)
    assert state.k == 0.9

    press(window, Key.Key_Space)
    assert window.player.playing
    press(window, Key.Key_Space)
    assert not window.player.playing
    press(window, Key.Key_Right)
    press(window, Key.Key_Period)
    assert state.time == pytest.approx(2 * state.settings.t_max / (state.settings.samples - 1))
    press(window, Key.Key_R)
    assert state.time == 0.0

    before = state.display
    for key, name in ((Key.Key_F, "field_lines"), (Key.Key_E, "equipotentials"), (Key.Key_C, "colormap"),
                      (Key.Key_G, "dipole_glyph"), (Key.Key_X, "exact_overlay")):
        press(window, key)
        assert getattr(state.display, name) is not getattr(before, name), name
        assert window.controls.layer_boxes[name].isChecked() is getattr(state.display, name)


def test_a_focused_text_field_keeps_its_keys(window, state):
    spin = window.controls.trail_length
    spin.setEnabled(True)
    spin.setFocus()
    editor = spin.lineEdit()
    value = spin.value()
    press(window, Key.Key_Up, widget=editor)  # the spin box steps, k does not
    assert spin.value() == value + spin.singleStep() and state.k == 1.0
    display = state.display
    for key in (Key.Key_F, Key.Key_E, Key.Key_Space, Key.Key_Minus, Key.Key_1):
        press(window, key, widget=editor)
    assert state.display.field_lines == display.field_lines and state.display.equipotentials == display.equipotentials
    assert state.k == 1.0 and not window.player.playing
    window.canvas.setFocus()
    press(window, Key.Key_Up)
    assert state.k == 1.1


def test_undo_and_redo_keys_for_launches_deletions_and_k(window, state):
    pid = state.add_launch(LaunchState(1.5, 0.3, 0.0, 0.2))
    state.select(pid)
    press(window, Key.Key_Delete)
    assert state.particles == ()
    press(window, Key.Key_Z, CTRL)
    assert [p.id for p in state.particles] == [pid]
    press(window, Key.Key_Z, CTRL | SHIFT)
    assert state.particles == ()
    press(window, Key.Key_Z, CTRL)
    press(window, Key.Key_Up)
    assert state.k == 1.1
    press(window, Key.Key_Z, CTRL)
    assert state.k == 1.0 and len(state.particles) == 1
    press(window, Key.Key_Z, CTRL)  # the launch itself
    assert state.particles == ()


def test_next_preset_and_the_presets_charges_one_at_a_time(window, state):
    press(window, Key.Key_N)
    assert window.current_preset == PRESET_NAMES[0]
    press(window, Key.Key_PageDown)
    assert window.current_preset == PRESET_NAMES[1]
    press(window, Key.Key_N, SHIFT)
    assert window.current_preset == PRESET_NAMES[0]
    window.load_preset("fan")
    fan = get_preset("fan")
    press(window, Key.Key_L)  # clears, then the first charge
    assert [p.launch for p in state.particles] == [fan.launches[0][0]]
    press(window, Key.Key_L)
    press(window, Key.Key_L)
    assert [p.launch for p in state.particles] == [la for la, _ in fan.launches[:3]]
    state.undo()  # back to two: the next L brings the second back
    press(window, Key.Key_L)
    assert len(state.particles) == 3


def test_presentation_theme_enlarges_the_widget_fonts_and_other_themes_restore_them(window, state):
    base = window.font().pointSizeF()
    readout = window.readout.labels["t"]
    readout_base = readout.font().pointSizeF()
    state.set_theme("presentation")
    assert window.font().pointSizeF() == pytest.approx(base * PRESENTATION_FONT_SCALE)
    assert window.controls.spin.font().pointSizeF() == pytest.approx(base * PRESENTATION_FONT_SCALE)
    assert readout.font().pointSizeF() == pytest.approx(readout_base * PRESENTATION_FONT_SCALE)
    assert window.shortcuts_dialog().font().pointSizeF() == pytest.approx(base * PRESENTATION_FONT_SCALE)
    state.set_theme("print")
    assert window.font().pointSizeF() == pytest.approx(base)
    assert readout.font().pointSizeF() == pytest.approx(readout_base)


def test_shortcuts_dialog_is_read_from_the_actions(window):
    dialog = window.shortcuts_dialog()
    rows = {(dialog.table.item(i, 1).text(), dialog.table.item(i, 2).text()) for i in range(dialog.table.rowCount())}
    for expected in (("Field lines", "F"), ("Step", "., Right"), ("Restart", "Home, R"), ("Next preset", "N, PgDown"),
                     ("Launch the preset's next charge", "L"), ("Test-charge map", "M"), ("Predict: falls in", "1"),
                     ("Redo", "Ctrl+Shift+Z, Ctrl+Y"), ("Open session", "Ctrl+O"), ("Delete the selected particle", "Del")):
        assert expected in rows
    # every key the window answers to is listed
    listed = {text for _, keys in rows for text in keys.split(", ")}
    for action in window.actions():
        for key in action.shortcuts():
            assert key.toString(key.SequenceFormat.NativeText) in listed, action.text()


def test_predict_then_reveal_marks_a_right_and_a_wrong_pick(qtbot, window, state):
    from app.export import render_figure

    canvas = window.canvas
    window.predict.action.trigger()
    assert window.predict.enabled and not canvas.show_fate_preview
    pid = state.add_launch(FALLS)
    canvas.launched.emit(pid)  # as a drag on the plot does
    assert canvas.hidden_paths == {pid}
    assert len(canvas.layers.markers.get_offsets()) == 0 and canvas._question_arrow.get_visible()
    assert window.predict.spoilers_hidden and not window.particles.isEnabled()
    assert "falls" not in window.statusBar().currentMessage()
    _, layers, _ = render_figure(state, size=(320, 200))  # exports still show the path
    assert len(layers.markers.get_offsets()) + len(layers.stops.get_offsets()) == 1

    press(window, Key.Key_1)
    assert window.predict.last_truth == "falls" and window.predict.score == "1 of 1 right"
    assert canvas.hidden_paths == frozenset() and not window.predict.spoilers_hidden
    assert window.player.playing and "Right" in window.predict.overlay.title.text()
    window.player.pause()

    pid = state.add_launch(ESCAPES)
    canvas.launched.emit(pid)
    assert window.predict.pending == pid and not window.player.playing
    window.predict.overlay.buttons["marginal"].click()
    assert window.predict.last_truth == "escapes"
    assert window.predict.score == "1 of 2 right" and "Not this time" in window.predict.overlay.title.text()

    pid = state.add_launch(FALLS)
    canvas.launched.emit(pid)
    state.undo()  # the question's charge is gone: the question goes too
    assert window.predict.pending is None and canvas.hidden_paths == frozenset() and not window.predict.overlay.isVisible()
    window.predict.action.trigger()
    assert canvas.show_fate_preview


def test_test_charge_map_adds_the_grid_in_one_batch(window, state, monkeypatch):
    import physics.integration.batch

    calls = []
    real = physics.integration.batch.simulate_batch

    def counting(launches, *args, **kwargs):
        calls.append(len(launches))
        return real(launches, *args, **kwargs)

    monkeypatch.setattr(physics.integration.batch, "simulate_batch", counting)
    window.load_preset("semicircle")
    calls.clear()
    window.classroom.test_map_action.trigger()
    expected = charge_grid(state.view, state.settings.r_min, state.settings.r_max)
    assert len(expected) == 96
    assert calls == [96]
    assert len(state.particles) == 97
    assert all(p.launch.vr0 == 0 and p.launch.omega0 == 0 for p in state.particles[1:])
    assert state.display.trail == "fade" and window.player.playing
    window.player.pause()
    state.undo()  # one step takes the whole map away
    assert len(state.particles) == 1


def test_the_regime_map_follows_the_drag_unless_predicting(window, state):
    regime = window.panels["regime"]
    launch = LaunchState(1.5, 0.3, 0.0, 0.4)
    window.canvas.preview_changed.emit(launch)
    assert regime.preview == launch
    window.canvas.preview_changed.emit(None)
    assert regime.preview is None
    window.predict.set_enabled(True)
    window.canvas.preview_changed.emit(launch)
    assert regime.preview is None


def test_a_drag_in_predict_mode_keeps_the_answer_to_itself(qtbot, window, state):
    canvas = window.canvas
    window.predict.set_enabled(True)
    canvas.draw()

    def at(x, y):
        px, py = canvas.ax.transData.transform((x, y))
        dpr = canvas.device_pixel_ratio
        return QtCore.QPoint(round(px / dpr), round(canvas.height() - py / dpr))

    left = QtCore.Qt.MouseButton.LeftButton
    none = QtCore.Qt.KeyboardModifier.NoModifier
    QTest.mousePress(canvas, left, none, at(1.5, 0.8))
    QTest.mouseMove(canvas, at(1.0, 0.5))
    assert canvas.preview_text.startswith("speed") and "falls" not in canvas.preview_text
    assert window.panels["regime"].preview is None
    QTest.mouseRelease(canvas, left, none, at(1.0, 0.5))
    (particle,) = state.particles
    assert window.predict.pending == particle.id and canvas.hidden_paths == {particle.id}
    assert window.predict.overlay.isVisible() and window.predict.overlay.geometry().top() >= 0


def test_a_page_opened_on_the_projector_is_not_cut_the_side_area_widens_to_it(qtbot, window, state):
    """Seen as a teacher would at 1280x720: presentation theme, then Ctrl+8. The side area came back at its width of
    before, narrower than the lab's fields and figures in the bigger type: cut fields and a sideways scroll bar."""
    window.fit_screen(1280, 720)  # (the offscreen platform's own screen is smaller)
    qtbot.wait(50)
    state.set_theme("presentation")  # the side area hides
    qtbot.wait(50)
    window.page_actions["scattering"].trigger()  # Ctrl+8
    qtbot.waitUntil(lambda: window.side_dock.isVisible())
    qtbot.wait(100)
    page = window.side.stack.currentWidget()
    assert isinstance(page, QtWidgets.QScrollArea)
    qtbot.waitUntil(lambda: not page.horizontalScrollBar().isVisible(), timeout=2000)
    assert page.viewport().width() >= page.widget().minimumSizeHint().width()
    assert window.side_dock.width() <= window.width() // 2 + 10
    # a width the user chose stays: hidden and shown again (F9), the side area is not widened once more
    window.resizeDocks([window.side_dock], [250], QtCore.Qt.Orientation.Horizontal)
    qtbot.wait(50)
    narrow = window.side_dock.width()
    window.toggle_side_area()
    window.toggle_side_area()
    qtbot.waitUntil(lambda: window.side_dock.isVisible())
    qtbot.wait(50)
    assert window.side_dock.width() == narrow
