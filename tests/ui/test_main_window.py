"""MainWindow: the player, k changes, presets, the particle list, the launch dialog, settings and --screenshot."""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.presets import PRESET_NAMES, get_preset, load_preset
from app.state import SimulationState
from physics.launch import LaunchState
from ui.dialogs.launch import LaunchDialog
from ui.main_window import MainWindow, app_settings

ROOT = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.usefixtures("fresh_settings")


def test_play_advances_the_clock(qtbot, window, state):
    window.load_preset("semicircle")
    assert state.time == 0.0
    window.player.play_action.trigger()
    assert window.player.playing
    qtbot.waitUntil(lambda: state.time > 0.05, timeout=3000)
    window.player.play_action.trigger()
    assert not window.player.playing
    paused_at = state.time
    qtbot.wait(50)
    assert state.time == paused_at
    window.player.step()
    assert state.time > paused_at
    window.player.restart()
    assert state.time == 0.0


def test_player_stops_at_the_end(qtbot, window, state):
    window.load_preset("radial-fall")
    window.player.set_speed(8.0)
    window.player.play()
    qtbot.waitUntil(lambda: not window.player.playing, timeout=5000)
    assert state.time == state.duration


def test_k_change_recomputes_trajectories(window, state):
    window.load_preset("capture-escape")
    pid = state.particles[0].id
    before = state.trajectory(pid)
    window.controls.spin.setValue(2.0)
    after = state.trajectory(pid)
    assert after is not before
    assert after.k == 2.0
    assert after.launch == before.launch
    assert window.canvas.layers.status_text.get_text() == "k = 2"


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_preset_loads(window, state, name):
    window.load_preset(name)
    preset = get_preset(name)
    assert state.k == preset.k
    assert [p.launch for p in state.particles] == [launch for launch, _ in preset.launches]
    assert all(state.trajectory(p.id) is not None for p in state.particles)
    assert window.particles.list.count() == len(preset.launches)
    assert preset.title in window.caption.text()
    assert state.view == preset.view


def test_particle_list_select_hide_delete_clear(window, state):
    window.load_preset("capture-escape")
    first, second = (p.id for p in state.particles)
    window.particles.list.setCurrentRow(0)
    assert state.selected == first
    assert "#1" in window.readout.labels["particle"].text() or str(first) in window.readout.labels["particle"].text()
    item = window.particles.list.item(1)
    item.setCheckState(QtCore.Qt.CheckState.Unchecked)
    assert state.particle(second).visible is False
    assert window.particles.list.item(1).checkState() == QtCore.Qt.CheckState.Unchecked
    window.particles.delete_selected()
    assert [p.id for p in state.particles] == [second]
    window.particles.clear_button.click()
    assert state.particles == ()
    assert window.particles.list.count() == 0


def test_readout_shows_the_selected_particle(window, state):
    window.load_preset("radial-fall")
    state.set_time(state.duration)
    labels = window.readout.labels
    assert labels["fate"].text().startswith("falls into the dipole at t =")
    assert "fell into the dipole" in labels["status"].text()
    assert float(labels["t"].text()) == pytest.approx(state.duration, abs=1e-3)


def test_theme_action_changes_state(window, state):
    window.theme_actions["presentation"].trigger()
    assert state.theme == "presentation"
    state.set_theme("print")
    assert window.theme_actions["print"].isChecked()


def test_undo_redo_actions(window, state):
    assert not window.undo_action.isEnabled()
    state.add_launch(LaunchState(1.5, 0.3, 0.0, 0.2))
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert state.particles == ()


def test_settings_stay_out_of_the_users_files(window):
    assert os.environ.get("DIPOLE_LAB_TEST") == "1"
    settings = app_settings()
    assert settings.format() == QtCore.QSettings.Format.IniFormat
    assert Path(settings.fileName()).resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())
    window.resize(900, 700)
    window.side_dock.hide()
    window.close()  # closing saves the size and the dock layout
    assert app_settings().value("window/geometry") is not None


def test_size_side_area_and_page_are_restored(qtbot, state):
    first = MainWindow(state, settings=app_settings())
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)  # within the offscreen screen (800 × 600)
    first.show_page("pendulum")
    size = (first.width(), first.height())
    assert size != (800, 600)  # not the size a fresh window gets on this screen
    first.close()
    second = MainWindow(SimulationState(), settings=app_settings())
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == size
    assert second.side.current == "pendulum"
    second.side_dock.hide()
    second.close()
    third = MainWindow(SimulationState(), settings=app_settings())
    qtbot.addWidget(third)
    third.show()
    assert third.side_dock.isHidden()
    third.reset_layout_action.trigger()
    assert third.side_dock.isVisible() and third.side.current == "particles"
    third.close()


def test_a_layout_larger_than_the_screen_is_not_restored(qtbot, state):
    settings = app_settings()
    big = MainWindow(state, settings=settings, screen_size=(2400, 1600))
    qtbot.addWidget(big)
    big.fit_screen(2400, 1600)
    big.save_settings()
    big.close()
    window = MainWindow(SimulationState(), settings=app_settings())  # the offscreen screen is 800 × 600
    qtbot.addWidget(window)
    window.show()
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() <= screen.height()
    window.close()


def test_a_layout_of_the_first_window_is_not_restored(qtbot, state):
    from ui.main_window import LAYOUT_VERSION

    settings = app_settings()
    window = MainWindow(state, settings=settings)
    qtbot.addWidget(window)
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState(LAYOUT_VERSION - 1))
    window.side_dock.hide()
    window.close()
    settings.setValue("window/state", window.saveState(LAYOUT_VERSION - 1))
    again = MainWindow(SimulationState(), settings=app_settings())
    qtbot.addWidget(again)
    again.show()
    assert again.side_dock.isVisible()  # the old layout was passed over: the default one stands
    again.close()


def test_about_derives_and_typesets_the_equations_off_the_gui_thread(qtbot, window, monkeypatch):
    """Opened in the first seconds (before the warm-up had derived them), About held the window 0.47 s in sympy."""
    import threading

    from physics import derivation
    from ui.dialogs import about as about_module

    real = derivation.lambdified_model
    threads = []

    def derive(*args):
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(derivation, "lambdified_model", derive)
    monkeypatch.setattr(derivation, "_dipole_derived", False)
    monkeypatch.setattr(about_module, "_typeset", {})
    dialog = about_module.AboutDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.equations == [] and dialog.waiting.text()  # the box opens at once, saying what it waits for
    qtbot.waitUntil(lambda: len(dialog.equations) == 4, timeout=20000)
    assert threads and threading.main_thread() not in threads


def test_about_and_shortcuts(qtbot, window):
    from ui.dialogs.about import AboutDialog, ShortcutsDialog

    about = AboutDialog(window)
    qtbot.addWidget(about)
    qtbot.waitUntil(lambda: len(about.equations) == 4, timeout=20000)  # derived and typeset off the GUI thread
    assert all(not label.pixmap().isNull() for label in about.equations)
    again = AboutDialog(window)  # kept: at once the next time
    qtbot.addWidget(again)
    assert len(again.equations) == 4 and not hasattr(again, "waiting")
    shortcuts = ShortcutsDialog(window.menuBar(), window)
    qtbot.addWidget(shortcuts)
    texts = {shortcuts.table.item(i, 2).text() for i in range(shortcuts.table.rowCount())}
    assert {"Space", "Ctrl+Q", "F11"} <= texts


@pytest.fixture
def dialog(qtbot, state):
    d = LaunchDialog(state)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def press_launch(dialog):
    dialog.button_box.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("nan", "finite"), ("inf", "finite"), ("one", "must be a number"), ("", "empty"), ("0.01", "r_min"), ("-2", "positive")],
)
def test_launch_dialog_refuses_bad_r0(dialog, state, typed, message):
    dialog.fields["r0"].setText(typed)
    dialog.fields["theta0"].setText("45")
    press_launch(dialog)
    assert dialog.isVisible()
    assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted
    assert dialog.error_label.isVisible()
    assert message in dialog.error_label.text()
    # nothing typed is lost
    assert dialog.fields["r0"].text() == typed
    assert dialog.fields["theta0"].text() == "45"
    assert dialog.launch() is None
    assert state.particles == ()


def test_launch_dialog_refuses_text_in_another_field(dialog):
    dialog.fields["omega0"].setText("fast")
    press_launch(dialog)
    assert dialog.isVisible()
    assert "must be a number" in dialog.error_label.text() and "ω₀" in dialog.error_label.text()
    assert dialog.fields["omega0"].text() == "fast"


def test_the_launch_and_export_dialogs_refuse_alike(qtbot, state, tmp_path):
    """Both say what is wrong in the same red line, which screen readers call "error"."""
    from ui.dialogs.export import FigureExportDialog

    launch = LaunchDialog(state)
    export = FigureExportDialog(str(tmp_path / "a.png"), "default")
    for d in (launch, export):
        qtbot.addWidget(d)
    assert launch.error_label.styleSheet() == export.error_label.styleSheet()
    assert launch.error_label.accessibleName() == export.error_label.accessibleName() == "error"


def test_launch_dialog_accepts_polar_numbers(dialog):
    for key, text in (("r0", "2"), ("theta0", "90"), ("vr0", "-0.5"), ("omega0", "0")):
        dialog.fields[key].setText(text)
    dialog.label_edit.setText("mine")
    press_launch(dialog)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    launch = dialog.launch()
    assert (launch.r0, launch.vr0, launch.omega0) == (2.0, -0.5, 0.0)
    assert launch.theta0 == pytest.approx(1.5707963267948966)
    assert dialog.label() == "mine"


def test_launch_dialog_cartesian_and_fix_after_error(dialog):
    dialog.set_polar(False)
    for key, text in (("x0", "0"), ("y0", "0"), ("vx0", "1"), ("vy0", "0")):
        dialog.fields[key].setText(text)
    press_launch(dialog)
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert dialog.fields["x0"].text() == "0"
    dialog.fields["x0"].setText("1.25")
    press_launch(dialog)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    launch = dialog.launch()
    assert (launch.x0, launch.y0, launch.vx0, launch.vy0) == pytest.approx((1.25, 0.0, 1.0, 0.0))


def run_main(*args, tmp_path, as_user: bool = False):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DIPOLE_LAB_TEST": "1"}
    if as_user:
        # as a user runs it: no test switches, settings and data in a folder of the test's own
        env.pop("DIPOLE_LAB_TEST")
        env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), DIPOLE_LAB_DATA=str(tmp_path / "data"))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)


def test_screenshot_writes_a_non_blank_png(tmp_path):
    out = tmp_path / "window.png"
    # as a user: the preset's launches are unsaved, and closing after the grab must not wait for an answer
    result = run_main("--screenshot", str(out), "--preset", "capture-escape", tmp_path=tmp_path, as_user=True)
    assert result.returncode == 0, result.stderr
    image = QtGui.QImage(str(out))
    assert not image.isNull()
    assert image.width() >= 800 and image.height() >= 600
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dipolelab-tmp-")]


def test_a_screenshot_of_the_custom_potential_page_shows_its_equations_and_ends_cleanly(tmp_path):
    """The page typesets its equations in a worker: the screenshot waits for it (Qt aborted the process, exit 134,
    when the process ended with that worker still running)."""
    out = tmp_path / "potential.png"
    result = run_main("--screenshot", str(out), "--panel", "potential", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "QThread" not in result.stderr and QtGui.QImage(str(out)).width() >= 800


def run_in_process(**args):
    from ui.startup import run

    return run(argparse.Namespace(**{"screenshot": None, "preset": None, "session": None, **args}))


def test_screenshot_refuses_bad_arguments(tmp_path, capsys):
    assert run_in_process(screenshot=str(tmp_path / "x.png"), preset="nonesuch") == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "nonesuch" in err
    assert run_in_process(screenshot=str(tmp_path / "x.jpg")) == 2
    assert ".png" in capsys.readouterr().err
    assert run_in_process(screenshot=str(tmp_path / "missing" / "x.png")) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_screenshot_of_a_saved_session(tmp_path, capsys):
    from app.files.session import save_session

    saved = SimulationState(k=-1.5)
    saved.add_launch(LaunchState(1.5, 0.4, 0.0, 0.3))
    save_session(tmp_path / "s.json", saved)
    assert run_in_process(screenshot=str(tmp_path / "x.png"), session=str(tmp_path / "s.json")) == 0
    assert not QtGui.QImage(str(tmp_path / "x.png")).isNull()
    (tmp_path / "bad.json").write_text("{not json")
    assert run_in_process(screenshot=str(tmp_path / "y.png"), session=str(tmp_path / "bad.json")) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--session" in err
    assert not (tmp_path / "y.png").exists()


# start-up: what the first launch needs is loaded once the window is painted (issue 8)
def test_after_first_paint_calls_once_after_a_paint_or_the_fallback(qtbot):
    from ui.startup import AfterFirstPaint

    widget = QtWidgets.QLabel("painted")
    qtbot.addWidget(widget)
    calls = []
    AfterFirstPaint(widget, lambda: calls.append("paint"), fallback_ms=60000)
    qtbot.wait(20)
    assert calls == []  # not shown, not painted
    widget.show()
    widget.repaint()
    qtbot.waitUntil(lambda: calls == ["paint"], timeout=3000)
    widget.repaint()
    qtbot.wait(20)
    assert calls == ["paint"]
    hidden = QtWidgets.QLabel("never shown")
    qtbot.addWidget(hidden)
    AfterFirstPaint(hidden, lambda: calls.append("fallback"), fallback_ms=30)
    qtbot.waitUntil(lambda: calls == ["paint", "fallback"], timeout=3000)


def test_warm_up_loads_the_engine_of_the_first_launch(monkeypatch):
    from ui.startup import warm_up

    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    from physics import derivation

    derivation._lambdified_model.cache_clear()
    from matplotlib.mathtext import MathTextParser

    monkeypatch.setattr(MathTextParser, "_parser", None)  # as in a new process: no formula parsed yet
    warm_up()  # what the window's WarmUp runs in its daemon thread
    assert "physics.integration.numpy_engine" in sys.modules and "scipy.special" in sys.modules
    # matplotlib's mathtext parser is built: the first formula the GUI thread draws spent 0.12-0.15 s building it
    assert MathTextParser._parser is not None
    # the point dipole's equations are derived too: the Custom potential page and About showed them after 0.4-0.55 s
    assert derivation._lambdified_model.cache_info().currsize == 1


def test_another_potential_shows_what_the_integration_found_not_the_dipoles_prediction(qtbot, window, state, monkeypatch):
    """With the uniform field added there is no C and no r² law: the list said 'marginal (C = 0)' for every
    charge and the plots squeezed E's drift into ±1e-15 around a nan C; now they show the integrated outcome."""
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    load_preset(state, "fan")
    state.set_potential_preset("dipole-uniform-field", E0=0.3)
    state.set_time(state.duration)
    QtWidgets.QApplication.processEvents()
    window.show_page("graphs")  # drawn when shown
    window.plots.replot()
    window.show_page("particles")
    texts = [window.particles.list.item(row).text() for row in range(window.particles.list.count())]
    assert texts and not any("marginal" in text for text in texts)
    for text, pid in zip(texts, (p.id for p in state.particles)):
        tr = state.trajectory(pid)
        expected = {"r_min": "fell in at t = ", "t_max": "ran to t = ", "r_max": "reached r_max"}.get(tr.stop_reason, "")
        assert expected and expected in text, (text, tr.stop_reason)
    assert "no C" in window.plots.ax_invariants.get_title()
    assert "no exact quadratic" in window.plots.ax_r2.get_title()
    low, high = window.plots.ax_invariants.get_ylim()
    assert high - low > 1e-14  # E's real drift is in view
    assert window.readout.labels["C"].text().startswith("—")


def test_a_change_of_theme_lays_the_plot_out_once_and_leaves_hidden_panels_alone(qtbot, window, state, monkeypatch):
    """The window follows a theme in steps (its fonts, the side panel hidden on the projector), each resizing the plot
    in a turn of its own: the plot was laid out three times (10 constrained layouts, 250-470 ms a change), and the
    hidden scattering lab drew itself again."""
    canvas = window.canvas
    laid_out = []
    real = canvas.relayout
    monkeypatch.setattr(canvas, "relayout", lambda: (laid_out.append(canvas.size().toTuple()), real())[1])
    scattering = window.panels["scattering"]
    drawn = []
    monkeypatch.setattr(scattering.plots, "draw", lambda *args: drawn.append(args))
    for theme in ("presentation", "default"):
        laid_out.clear()
        state.set_theme(theme)
        qtbot.waitUntil(lambda: bool(laid_out), timeout=5000)
        qtbot.wait(200)  # every resize and paint of this change has come
        assert laid_out == [canvas.size().toTuple()]  # once, at the size the plot ends with
        xlim, ylim = canvas.ax.get_xlim(), canvas.ax.get_ylim()
        canvas.relayout()  # laid out again from scratch: nothing moves
        assert (canvas.ax.get_xlim(), canvas.ax.get_ylim()) == (xlim, ylim)
    assert drawn == []


@pytest.mark.parametrize("page", ["graphs", "pendulum", "versus"])
def test_a_change_of_theme_draws_the_shown_page_once_and_a_hidden_one_not_at_all(qtbot, window, state, page):
    """The window's resize that comes with a theme drew the side panel's figure in the old fonts, and its restyle,
    which waited for the gap between refreshes, drew it again (90 ms of a change wasted on the graphs page); and the
    graphs page drew itself at every change of the paths while hidden (the presentation theme hides the side panel)."""
    state.add_launch(LaunchState(1.5, 0.7, 0.0, 0.4))
    window.resize(1280, 720)
    window.show_page(page)
    canvas = window.plots.canvas if page == "graphs" else window.panels[page].canvas
    drawn = []
    canvas.mpl_connect("draw_event", lambda event: drawn.append(event))
    qtbot.waitUntil(lambda: bool(drawn), timeout=5000)
    for theme, shown in (("print", True), ("presentation", False), ("default", True)):
        qtbot.wait(400)  # past the gap between two refreshes
        drawn.clear()
        state.set_theme(theme)
        qtbot.wait(600)  # every resize, refresh and paint of this change has come
        assert canvas.isVisible() == shown  # the projector's theme gives the plot the whole window
        assert len(drawn) == (1 if shown else 0), theme
    window.show_page("layers")  # the page goes behind another
    qtbot.wait(400)
    drawn.clear()
    for k in (1.5, -1.0):
        state.set_k(k)
        qtbot.wait(400)
    assert drawn == []
    window.show_page(page)
    qtbot.waitUntil(lambda: bool(drawn), timeout=5000)
    qtbot.wait(400)
    assert len(drawn) == 1


def test_the_plots_toolbar_offers_no_tools_that_fight_the_windows_own_layout(window):
    """The figure editor accepted limits every redraw then failed on, and the subplot tool's margins were undone at the
    next resize (the window fits the plot's labels itself); neither is offered."""
    offered = {action.text() for action in window.canvas.toolbar.actions() if action.isVisible() and action.isEnabled()}
    assert {"Home", "Pan", "Zoom", "Save"} <= offered
    assert not offered & {"Customize", "Subplots"}


@pytest.mark.parametrize("focused", [True, False])
def test_a_k_typed_but_not_entered_takes_effect_before_the_window_closes(qtbot, window, state, monkeypatch, focused):
    """It took effect as the window hid, after the window had let go of the state: "Save changes?" did not know of it,
    and its paths were computed on the GUI thread (the monkey: 2.6 s frozen)."""
    from PySide6.QtTest import QTest

    state.add_launch(LaunchState(1.5, 0.7, 0.0, 0.4))
    window.files.mark_saved(None)  # nothing unsaved yet
    spin = window.controls.spin
    if focused:
        spin.setFocus()
        qtbot.waitUntil(spin.hasFocus, timeout=5000)
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin.lineEdit(), "2.5")  # without the focus: another window was active
    assert state.k == 1.0  # not yet: Enter was not pressed
    computed_by = []
    state.k_changed.connect(lambda k: computed_by.append(state.background))
    asked = []
    Button = QtWidgets.QMessageBox.StandardButton
    monkeypatch.setattr(QtWidgets.QMessageBox, "question", lambda *a, **k: asked.append(a) or Button.Cancel)
    window.confirm_close = True
    assert not window.close()  # "Save changes?" knows of the typed k: Cancel keeps the window
    assert asked and state.k == 2.5 and computed_by and computed_by[0] is not None


def test_the_graphs_page_is_styled_for_its_final_size_and_its_cursors_follow_the_time_while_hidden(qtbot, window, state):
    """Shown again as the presentation theme ended, the page replotted while the side area was still narrow, and its
    type (sized to the figure) stayed that small; and the time cursors kept the time the page was hidden at."""
    import numpy as np

    from app.figures.style import figure_points

    state.add_launch(LaunchState(1.5, 0.7, 0.0, 0.4))
    window.resize(1280, 720)
    window.show_page("graphs")
    qtbot.wait(600)
    plots = window.plots
    styled_for = []
    real = plots.plots.draw
    plots.plots.draw = lambda *args, **kwargs: (styled_for.append(figure_points(plots.figure)), real(*args, **kwargs))[1]
    state.set_theme("presentation")
    qtbot.wait(300)
    state.set_theme("default")
    qtbot.waitUntil(lambda: bool(styled_for), timeout=5000)
    qtbot.wait(600)
    assert styled_for[-1] == figure_points(plots.figure)
    window.show_page("particles")
    qtbot.wait(300)
    state.set_time(state.duration * 0.6)
    qtbot.wait(400)
    window.show_page("graphs")
    qtbot.wait(600)
    shown = np.array(plots.canvas.buffer_rgba()).copy()
    plots.canvas.draw_now()
    assert (shown == np.array(plots.canvas.buffer_rgba())).all()  # as drawn afresh at this time


@pytest.mark.parametrize("page", ["graphs", "pendulum", "regime", "versus"])
def test_a_page_shown_through_a_change_of_theme_is_styled_for_the_size_it_ends_at(qtbot, window, state, page):
    """A page's type follows its figure's size. Refreshed as the theme changed, or as the side area came back from the
    presentation theme while still narrow, a page kept type sized for a figure it no longer had."""
    from app.figures.style import figure_points

    state.add_launch(LaunchState(1.5, 0.7, 0.0, 0.4))
    state.select(state.particles[0].id)
    window.resize(1280, 720)
    window.show_page(page)
    qtbot.wait(600)
    panel = window.plots if page == "graphs" else window.panels[page]
    drawing = getattr(panel, {"graphs": "plots", "pendulum": "pendulum", "regime": "map", "versus": "graph"}[page])
    styled_for = []
    real = drawing.draw

    def draw(*args, **kwargs):
        styled_for.append(figure_points(panel.figure))
        return real(*args, **kwargs)

    drawing.draw = draw
    for theme in ("print", "presentation", "default"):
        styled_for.clear()
        state.set_theme(theme)
        qtbot.wait(700)
        if panel.canvas.isVisible():
            assert styled_for and styled_for[-1] == figure_points(panel.figure), theme
