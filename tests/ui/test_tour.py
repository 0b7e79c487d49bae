"""Help ▸ Getting started: the five steps beside the parts they explain, Back / Next / Skip by keyboard, never modal,
shown once on a first start and never in tests or screenshots."""

import pytest
from PySide6 import QtCore, QtWidgets

from physics.launch import LaunchState

pytestmark = pytest.mark.usefixtures("fresh_settings")


def window_rect(window, widget):
    return QtCore.QRect(widget.mapTo(window, QtCore.QPoint(0, 0)), widget.size())


def test_the_tour_walks_the_five_steps_beside_their_widgets(window, qtbot):
    assert window.play.tour_action in window.help_menu.actions()
    assert window.play.tour is None  # never shown by itself in tests
    window.play.tour_action.trigger()
    tour = window.play.tour
    callout = tour.callout
    assert callout.isVisible() and callout.title.text().startswith("1 of 5")
    assert tour.highlight.geometry().contains(window_rect(window, window.controls.k_bar))
    assert window.rect().contains(callout.geometry())
    assert not callout.geometry().intersects(window_rect(window, window.controls.k_bar))  # beside it, not over it
    assert QtWidgets.QApplication.activeModalWidget() is None
    titles = [callout.title.text()]
    for _ in range(4):
        qtbot.keyClick(callout.next_button, QtCore.Qt.Key.Key_Return)  # the focused Next (Space plays the paths)
        titles.append(callout.title.text())
        assert window.rect().contains(callout.geometry())
    assert [t.split(" · ")[0] for t in titles] == [f"{i} of 5" for i in range(1, 6)]
    assert tour.highlight.geometry().top() < window.menuBar().geometry().bottom()  # the last step is the File menu
    assert callout.next_button.text() == "&Done"
    callout.back_button.click()
    assert callout.title.text().startswith("4 of 5")
    assert tour.highlight.geometry().contains(window_rect(window, window.side_dock))
    callout.next_button.click()
    callout.next_button.click()
    assert not callout.isVisible() and not tour.highlight.isVisible() and not tour.active


def test_escape_skips_and_the_window_keeps_working_while_the_tour_shows(window, state, qtbot):
    tour = window.play.start_tour()
    state.add_launch(LaunchState(1.5, 0.5, 0.0, 0.5))  # the window is not blocked
    assert len(state.particles) == 1
    qtbot.keyClick(tour.callout.next_button, QtCore.Qt.Key.Key_Escape)
    assert not tour.callout.isVisible()


def test_the_tour_shows_once_on_a_first_start_and_never_without_settings(qtbot, state, monkeypatch):
    from ui.main_window import MainWindow, app_settings

    settings = app_settings()
    monkeypatch.delenv("DIPOLE_LAB_TEST")
    windows = []
    for chosen in (settings, settings, None):  # a first start, a second start, a screenshot run (no settings)
        w = MainWindow(state, settings=chosen)
        w.confirm_close = False
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        windows.append(w)
        if chosen is settings and len(windows) == 1:
            qtbot.waitUntil(lambda w=w: w.play.tour is not None and w.play.tour.callout.isVisible(), timeout=3000)
        w.disconnect_state()
    monkeypatch.setenv("DIPOLE_LAB_TEST", "1")
    qtbot.wait(1000)  # longer than the first start's delay
    assert windows[1].play.tour is None and windows[2].play.tour is None
    assert settings.value("tour/seen") in (True, "true")


def test_a_detached_side_panel_gets_the_callout_in_the_middle_of_the_window(window):
    window.side_dock.setFloating(True)
    tour = window.play.start_tour()
    tour.show_step(3)
    assert tour.callout.isVisible() and not tour.highlight.isVisible()
    assert window.rect().contains(tour.callout.geometry())
    window.side_dock.setFloating(False)
