"""The 3-D view's window: built around a real SpaceScene, integrated on a worker, turned with the keyboard."""

from dataclasses import replace

import pytest
from PySide6 import QtCore

from app.space.scene import SpaceScene, SpaceSetup, preset_setup
from app.state import SimulationState
from physics.launch import LaunchState
from physics.space.launch import SpaceLaunch
from ui.space.window import SpaceWindow, add_space_view_action
from ui.workers import wait_for_all


def small(name: str) -> SpaceSetup:
    setup = preset_setup(name)
    return replace(setup, settings=replace(setup.settings, samples=201))


@pytest.fixture
def view(qtbot):
    plane = SimulationState(k=1.0)
    plane.add_launch(LaunchState.from_cartesian(1.0, 0.5, 0.0, 0.4))
    w = SpaceWindow(SpaceScene(small("space-plane-breaks")), plane_state=plane)
    qtbot.addWidget(w)
    w.resize(1000, 650)
    w.show()
    qtbot.waitUntil(lambda: len(w.scene.trajectories) == 2, timeout=20000)
    yield w
    w.close()
    wait_for_all()


def test_integrates_on_a_worker_and_fills_the_readouts(view):
    assert view.readouts.rowCount() == 2
    assert view.readouts.item(0, 3).text() == "0"  # the planar launch: L_axis = 0
    assert float(view.readouts.item(1, 4).text()) <= 1e-8  # the largest drift of E, C, L_axis
    assert view._layers is not None and len(view._layers.trajectories) == 2


def test_the_keyboard_turns_the_camera(view, qtbot):
    view.reset_camera()
    elev, azim = view.camera()
    qtbot.keyClick(view, QtCore.Qt.Key.Key_Left)
    qtbot.keyClick(view, QtCore.Qt.Key.Key_Up)
    assert view.camera() == pytest.approx((elev + 5, azim - 5))
    view.look_down()
    assert view.camera() == pytest.approx((90.0, -90.0))
    assert "90" in view.camera_label.text()


def test_shadows_field_and_time(view):
    view.shadow_box.setChecked(False)
    assert not view._layers.shadows.get_visible() and view.scene.projection is False
    view.field_box.setChecked(False)
    assert not view._layers.field_lines.get_visible()
    view.time_slider.setValue(500)
    assert view.scene.time == pytest.approx(view.scene.duration / 2)


def test_a_change_of_k_integrates_again_and_the_plane_lifts_into_space(view, qtbot):
    view.k_spin.setValue(-0.5)
    assert view.scene.k == -0.5
    qtbot.waitUntil(lambda: len(view.scene.trajectories) == 2, timeout=20000)
    assert all(tr.k == -0.5 for tr in view.scene.trajectories)
    view.vz_spin.setValue(0.2)
    view.lift_button.click()
    assert view.scene.launches[-1] == SpaceLaunch(1.0, 0.5, 0.0, 0.0, 0.4, 0.2)
    assert view._plane_state.space_setup.launches == view.scene.launches  # what File ▸ Save keeps (version 4)
    qtbot.waitUntil(lambda: len(view.scene.trajectories) == 3, timeout=20000)
    assert view.readouts.rowCount() == 3


def test_lifting_more_launches_than_fit_adds_what_fits_and_says_why_once(view, monkeypatch):
    """120 launches in the plane: one box (not one for each launch beyond the 40th), one integration."""
    from app.space.scene import MAX_LAUNCHES

    boxes = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda *args: boxes.append(args[2]))
    view._plane_state.add_launches([LaunchState.from_cartesian(1.0 + 0.01 * i, 0.5, 0.0, 0.4) for i in range(119)])
    changes = []
    view.scene.launches_changed.connect(lambda: changes.append(1))
    view.lift_button.click()
    assert len(view.scene.launches) == MAX_LAUNCHES and len(changes) == 1
    assert len(boxes) == 1 and f"{MAX_LAUNCHES - 2} of the plane's 120" in boxes[0] and "at most" in boxes[0]


def test_lifting_with_no_launches_in_the_plane_says_so(view):
    view._plane_state.clear()
    view.lift_button.click()
    assert "no launches" in view.statusBar().currentMessage() and len(view.scene.launches) == 2


def test_the_equations_page_shows_what_sympy_derived(view):
    text = view.equations_text.toPlainText()
    assert "phi_ddot" in text and "phi is cyclic" in text


def test_follows_the_main_window_theme(view):
    view._plane_state.set_theme("presentation")
    assert view.theme == "presentation" and view._layers.theme.name == "presentation"


def test_a_change_of_theme_draws_the_pendulum_page_when_it_is_shown_not_behind_the_controls(view):
    """The pendulum page's 3-D Axes and colour bar were built anew at every change of theme, in front or not (issue
    12: the monkey saw 0.3-0.75 s turns there)."""
    view.side.setCurrentIndex(1)
    view.side.setCurrentIndex(0)
    drawn = view.pendulum_figure.axes[0]
    view._plane_state.set_theme("presentation")
    assert view.pendulum_figure.axes[0] is drawn  # untouched while behind
    view.side.setCurrentIndex(1)
    axes = view.pendulum_figure.axes[0]
    assert axes is not drawn and view._pendulum_shown[1] == "presentation"


def test_the_pendulum_page_draws_the_direction_on_the_sphere(view):
    view.side.setCurrentIndex(1)
    axes = view.pendulum_figure.axes
    assert axes and axes[0].name == "3d" and axes[0].collections


def test_main_window_view_menu_opens_the_3d_view(qtbot):
    from PySide6 import QtWidgets

    host = QtWidgets.QMainWindow()
    qtbot.addWidget(host)
    host.view_menu = host.menuBar().addMenu("View")
    host.state = SimulationState(k=1.0)
    action = add_space_view_action(host)
    assert action in host.view_menu.actions()
    action.trigger()
    assert host.space_window.isVisible()
    qtbot.waitUntil(lambda: len(host.space_window.scene.trajectories) == 1, timeout=30000)
    host.space_window.close()
    wait_for_all()


def test_a_mouse_drag_turns_the_view(view):
    from matplotlib.backend_bases import MouseButton, MouseEvent

    view.reset_camera()
    canvas = view.canvas
    x, y = canvas.width() * 0.3, canvas.height() * 0.5
    MouseEvent("button_press_event", canvas, x, y, MouseButton.LEFT)._process()
    for step in range(1, 6):
        MouseEvent("motion_notify_event", canvas, x + 20 * step, y, MouseButton.LEFT, buttons={MouseButton.LEFT})._process()
    MouseEvent("button_release_event", canvas, x + 100, y, MouseButton.LEFT)._process()
    canvas.draw()
    assert view.camera()[1] != pytest.approx(-60.0)
    assert view.scene.camera == pytest.approx(view.camera())  # what an export from this angle uses


@pytest.fixture
def main_with_view(qtbot, fresh_settings):
    """A main window with its 3-D view opened from View ▸ 3-D view, on the view's preset (nothing in the session)."""
    from ui.main_window import MainWindow, app_settings

    state = SimulationState(k=1.0)
    window = MainWindow(state, settings=app_settings())
    qtbot.addWidget(window)
    window.show()
    window.space_action.trigger()
    view = window.space_window
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: len(view.scene.trajectories) == 1, timeout=30000)
    assert view.scene.launches == preset_setup("space-winds-in").launches and getattr(state, "space_setup", None) is None
    yield window, view
    view.close()
    wait_for_all()
    window.disconnect_state()


def other_session(space: SpaceSetup | None) -> SimulationState:
    """A state to save or copy: one planar launch at k = 0.5, and `space` as its 3-D launches."""
    other = SimulationState(k=0.5)
    other.add_launch(LaunchState.from_cartesian(1.5, 0.0, 0.0, 0.5))
    other.space_setup = space
    return other


SPACE = SpaceSetup(-0.5, (SpaceLaunch(0.3, 1.1, 0.2, 0.1, 0.35, 0.2), SpaceLaunch(0.0, 1.4, -0.3, 0.0, 0.0, 0.1)),
                   replace(small("space-escapes").settings, t_max=12.0), elev=40.0, azim=15.0, radius=3.0, projection=False)


def test_opening_a_session_shows_its_3d_launches_and_a_planar_one_the_preset(main_with_view, qtbot, tmp_path):
    """The open view follows the session: File ▸ Open of a version-4 file shows its 3-D launches; a session
    without any shows the preset again, which stays out of the session (no unsaved mark); k changed afterwards
    keeps the preset's launches, not the first file's."""
    from app.files.session import save_session

    window, view = main_with_view
    state = window.state
    path = tmp_path / "space.json"
    save_session(path, other_session(SPACE))
    assert window.files.open_path(str(path))
    qtbot.waitUntil(lambda: view.scene.launches == SPACE.launches, timeout=5000)
    assert view.setup() == SPACE and view.k_spin.value() == -0.5
    assert view.camera() == pytest.approx((40.0, 15.0)) and not view.shadow_box.isChecked()
    assert state.space_setup == SPACE and not window.files.modified
    qtbot.waitUntil(lambda: len(view.scene.trajectories) == 2, timeout=30000)
    assert all(tr.k == -0.5 for tr in view.scene.trajectories) and view.readouts.rowCount() == 2

    planar = tmp_path / "planar.json"
    save_session(planar, other_session(None))
    assert window.files.open_path(str(planar))
    preset = preset_setup("space-winds-in")
    qtbot.waitUntil(lambda: view.scene.launches == preset.launches, timeout=5000)
    assert view.scene.k == preset.k and view.scene.settings == preset.settings and view.k_spin.value() == preset.k
    assert state.space_setup is None and not window.files.modified and not window.isWindowModified()
    qtbot.waitUntil(lambda: len(view.scene.trajectories) == 1, timeout=30000)

    view.k_spin.setValue(2.0)
    assert state.space_setup.launches == preset.launches and state.space_setup.k == 2.0
    assert window.files.modified


def test_pasting_a_setup_moves_the_open_view_with_it(main_with_view, qtbot):
    """Edit ▸ Paste setup applies a session too: its 3-D launches are shown; a planar one puts the preset back
    without writing it into the session, so Save writes no 3-D launches and the pasted ones do not come back."""
    from app.files.share import setup_to_text

    window, view = main_with_view
    state = window.state
    assert window.sharing.paste_text(setup_to_text(other_session(SPACE)))
    qtbot.waitUntil(lambda: view.scene.launches == SPACE.launches, timeout=5000)
    assert state.space_setup == SPACE
    view.k_spin.setValue(-0.25)  # a change made in the view is the session's
    assert state.space_setup.k == -0.25 and state.space_setup.launches == SPACE.launches

    assert window.sharing.paste_text(setup_to_text(other_session(None)))
    preset = preset_setup("space-winds-in")
    qtbot.waitUntil(lambda: view.scene.launches == preset.launches, timeout=5000)
    assert state.space_setup is None and view.scene.k == preset.k
    view.k_spin.setValue(0.75)
    assert state.space_setup.launches == preset.launches and state.space_setup.k == 0.75


def test_undoing_a_paste_brings_the_views_own_launches_back(main_with_view, qtbot):
    """Edit ▸ Undo after a paste (or File ▸ Open) put the plane's launches back but left the pasted 3-D ones: the
    launches made in the view were lost. The view now shows them again, and redo shows the pasted ones."""
    from app.files.share import setup_to_text

    window, view = main_with_view
    state = window.state
    view.k_spin.setValue(1.5)
    mine = state.space_setup
    assert window.sharing.paste_text(setup_to_text(other_session(SPACE)))
    qtbot.waitUntil(lambda: view.scene.launches == SPACE.launches, timeout=5000)
    state.undo()
    qtbot.waitUntil(lambda: view.scene.launches == mine.launches, timeout=5000)
    assert state.space_setup is mine and view.scene.k == 1.5
    state.redo()
    qtbot.waitUntil(lambda: view.scene.launches == SPACE.launches, timeout=5000)
    assert state.space_setup == SPACE


def test_a_change_of_the_plane_alone_leaves_the_view_as_it_is(main_with_view, qtbot):
    """Only an applied session moves the view: the plane's own launches, k and undo do not."""
    window, view = main_with_view
    state = window.state
    view.k_spin.setValue(1.5)
    mine = state.space_setup
    state.add_launch(LaunchState.from_cartesian(1.2, 0.3, 0.0, 0.4))
    state.set_k(-1.0)
    state.undo()
    qtbot.wait(50)
    assert state.space_setup is mine and view.scene.k == 1.5


def test_a_closed_view_no_longer_listens_to_the_session(qtbot):
    plane = SimulationState(k=1.0)
    w = SpaceWindow(SpaceScene(small("space-plane-breaks")), plane_state=plane)
    qtbot.addWidget(w)
    w.show()
    listeners = len(plane.particles_changed._slots)  # noqa: SLF001
    w.close()
    wait_for_all()
    assert len(plane.particles_changed._slots) == listeners - 1  # noqa: SLF001


def test_rapid_changes_run_one_integration_at_a_time_and_end_on_the_last(view, qtbot):
    """A held arrow key on k started a worker per step, each left integrating in Python: the GUI monkey found
    over a hundred such threads and the window standing still for seconds. Now one runs; the newest waits."""
    from ui.workers import running

    most = 0
    for i in range(12):
        view.k_spin.setValue(0.5 + 0.1 * i)
        most = max(most, sum(1 for w in running() if w.name == "space" and w.isRunning()))
    assert most <= 1
    qtbot.waitUntil(lambda: len(view.scene.trajectories) == 2 and not view._recompute_pending
                    and not any(w.name == "space" for w in running()), timeout=30000)
    assert all(tr.k == pytest.approx(0.5 + 0.1 * 11) for tr in view.scene.trajectories)


def test_a_change_of_k_keeps_the_axes_and_prints_the_equations_no_more(view, qtbot, monkeypatch):
    """A change of k (an arrow key held on the spin box) rebuilt the 3-D Axes and its field, and had sympy print the
    equations again (10 ms each time): the monkey saw 0.4-0.55 s of the GUI thread's time for one change."""
    from physics.space import equations

    printed = []
    real = equations.SpaceEquations.text
    monkeypatch.setattr(equations.SpaceEquations, "text", lambda self: (printed.append(1), real(self))[1])
    axes = view._layers.ax
    for k in (-0.5, 0.7):
        view.k_spin.setValue(k)
        qtbot.waitUntil(lambda k=k: [tr.k for tr in view.scene.trajectories] == [k, k], timeout=20000)
    assert view.figure.axes == [axes] and view._layers.k == 0.7
    assert printed == []
    assert "phi_ddot" in view.equations_text.toPlainText()
    view._plane_state.set_theme("presentation")  # another theme: new Axes in its colours
    assert view.figure.axes != [axes]


def test_a_change_of_k_draws_the_view_once_when_its_paths_come(view, qtbot, monkeypatch):
    """The view was drawn without paths at once, then again with them: twice the work for every change."""
    drawn = []
    real = view._redraw
    monkeypatch.setattr(view, "_redraw", lambda: (drawn.append([tr.k for tr in view.scene.trajectories]), real())[1])
    view.k_spin.setValue(-0.5)
    qtbot.waitUntil(lambda: len(view.scene.trajectories) == 2, timeout=20000)
    assert drawn == [[-0.5, -0.5]]
    view.scene.clear()  # no launches: the empty view at once
    assert drawn[-1] == [] and view._layers.trajectories == []


def test_closing_the_main_window_closes_its_3d_view(main_with_view, qtbot):
    """File ▸ Quit left the 3-D view open and the process running; and what was changed there then reached a state
    that the closed window no longer computed off the GUI thread (the monkey saw the window frozen 3 s)."""
    window, view = main_with_view
    window.confirm_close = False
    assert view.isVisible()
    window.quit_action.trigger()
    assert not window.isVisible() and not view.isVisible()


def test_a_qthread_worker_has_the_derivation_process_derive_the_equations(qtbot, monkeypatch):
    """The window's workers are QThreads, which Python's thread count does not see (it was 1 once the warm-up had
    ended, and the 3-D view derived on its worker, holding the GIL from the drawing for a second)."""
    from physics.space import equations
    from ui.workers import Worker

    def in_place(*_args):
        raise AssertionError("derived on the window's worker")  # (the worker reports it: failed)

    monkeypatch.setattr(equations, "derive_space_equations", in_place)
    worker = Worker(equations._derived_space_equations)
    got = []
    worker.done.connect(got.append)
    worker.failed.connect(got.append)
    worker.start()
    qtbot.waitUntil(lambda: bool(got), timeout=120_000)
    assert isinstance(got[0], equations.SpaceEquations)
