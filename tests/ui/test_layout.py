"""The window on classroom screens (issue 14): it fits, the plot has its share, and no text is cut.

Each case builds the window as `--screenshot --screen WxH` does (maximised on a screen of that size), in a
theme, with a page of the side area in front, and measures the widgets as laid out.
"""

import pytest
from PySide6 import QtCore, QtWidgets

from app.presets import load_preset
from app.state import SimulationState
from ui.main_window import MainWindow

SCREENS = ((1024, 768), (1280, 720))
THEMES = ("default", "presentation")


@pytest.fixture
def build(qtbot):
    windows = []

    def make(screen, theme="default", page=None, preset="fan"):
        state = SimulationState()
        window = MainWindow(state, screen_size=screen)
        qtbot.addWidget(window)
        window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        load_preset(state, preset)
        state.set_theme(theme)
        window.fit_screen(*screen)
        if page is not None:
            window.show_page(page)
        window.show()
        QtWidgets.QApplication.processEvents()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.disconnect_state()
        window.close()


def _visible(window, cls):
    return [w for w in window.findChildren(cls) if w.isVisibleTo(window) and w.window() is window]


def cut_texts(window) -> list[str]:
    """Buttons and one-line labels narrower than their text needs (an elided or clipped text)."""
    cut = []
    for button in _visible(window, QtWidgets.QAbstractButton):
        if button.text() and button.width() < button.minimumSizeHint().width():
            cut.append(f"button {button.text()!r}: {button.width()} < {button.minimumSizeHint().width()}")
    for label in _visible(window, QtWidgets.QLabel):
        if label.text() and not label.wordWrap() and label.sizePolicy().horizontalPolicy() != QtWidgets.QSizePolicy.Policy.Ignored \
                and label.width() < label.minimumSizeHint().width():
            cut.append(f"label {label.text()!r}: {label.width()} < {label.minimumSizeHint().width()}")
    return cut


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("theme", ("default", "presentation", "print"))
def test_every_page_fits_nothing_is_cut_and_every_figure_draws_without_a_layout_warning(build, screen, theme):
    """One window per screen and theme, every page of the side panel in front in turn: the window fits, the
    plot, k bar and player are on screen, no button or one-line label is narrower than its text, no page
    scrolls sideways, and no figure draws with matplotlib's "axes sizes collapsed" warning."""
    import warnings

    window = build(screen, theme)
    width, height = screen
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for page in window.side.names:
            window.show_page(page)
            QtWidgets.QApplication.processEvents()
            window.flush_views()
            hint = window.minimumSizeHint()
            assert hint.width() <= width and hint.height() <= height, (hint, page)
            assert (window.width(), window.height()) == screen
            for widget in (window.canvas, window.player_bar, window.controls.k_bar):
                assert widget.isVisible()
                geometry = QtCore.QRect(widget.mapTo(window, QtCore.QPoint(0, 0)), widget.size())
                assert window.rect().contains(geometry), (widget, geometry, page)
            assert window.canvas.width() >= 400 and window.canvas.height() >= 300, page
            assert cut_texts(window) == [], page
            area = window.side.stack.currentWidget()
            if isinstance(area, QtWidgets.QScrollArea):
                assert not area.horizontalScrollBar().isVisible(), page
    layout = [str(w.message) for w in caught if "layout" in str(w.message).lower() or "collapse" in str(w.message).lower()]
    assert layout == []


def test_the_plot_takes_most_of_the_window_at_1280x720(build):
    window = build((1280, 720))
    share = window.canvas.width() * window.canvas.height() / (1280 * 720)
    assert share >= 0.55, share


def test_hiding_the_side_area_gives_the_plot_the_width(build):
    window = build((1280, 720))
    before = window.canvas.width()
    window.side_action.trigger()
    QtWidgets.QApplication.processEvents()
    assert not window.side_dock.isVisible()
    assert window.canvas.width() > before + 200
    window.side_action.trigger()
    assert window.side_dock.isVisible()


def test_opening_a_panel_brings_it_to_the_front(build):
    window = build((1280, 720))
    window.page_actions["regime"].trigger()
    assert window.side.current == "regime" and window.panels["regime"].isVisible()
    assert window.page_actions["regime"].isChecked() and not window.page_actions["particles"].isChecked()
    window.side_dock.hide()
    window.page_actions["scattering"].trigger()
    assert window.side_dock.isVisible() and window.panels["scattering"].isVisible()


def test_the_presentation_theme_darkens_every_widget(build):
    window = build((1280, 720), "presentation")
    for widget in (window.particles, window.readout, window.side.chooser, window.player_bar, window.controls.k_bar):
        assert widget.palette().color(widget.backgroundRole()).lightness() < 60, widget
        assert widget.palette().color(widget.foregroundRole()).lightness() > 200, widget
    window.state.set_theme("default")
    QtWidgets.QApplication.processEvents()
    assert window.particles.palette().color(window.particles.backgroundRole()).lightness() > 180


def test_every_control_has_a_name_for_screen_readers(build):
    from ui.accessibility import needs_name

    window = build((1280, 720))
    unnamed = []
    for page in window.side.names:
        window.show_page(page)
        QtWidgets.QApplication.processEvents()
        unnamed += [f"{page}: {type(w).__name__} {w.toolTip()[:40]!r}" for w in window.findChildren(QtWidgets.QWidget)
                    if w.isVisibleTo(window) and needs_name(w)]
    assert unnamed == []
    assert window.canvas.accessibleName()


def test_particle_colours_follow_the_theme_everywhere(build):
    from app.themes import get_theme

    window = build((1280, 720))
    state = window.state
    state.set_theme("presentation")
    QtWidgets.QApplication.processEvents()
    palette = get_theme("presentation").particle_colors
    assert [p.color for p in state.particles] == [palette[(p.id - 1) % len(palette)] for p in state.particles]
    row = window.particles.list.item(0)
    assert row.icon().pixmap(8, 8).toImage().pixelColor(4, 4).name() == palette[0].lower()  # the list's colour dot


def test_path_numbers_are_a_layer_with_a_key_and_the_keyboard_launch_is_listed(build):
    window = build((1280, 720))
    window.controls.layer_boxes["path_numbers"].setChecked(True)
    assert window.state.display.path_numbers
    window.controls.layer_actions["path_numbers"].trigger()
    assert not window.state.display.path_numbers
    assert window.controls.layer_actions["path_numbers"].shortcut().toString() == "P"
    rows = [tuple(window.shortcuts_dialog().table.item(i, j).text() for j in range(3))
            for i in range(window.shortcuts_dialog().table.rowCount())]
    assert any("launch cursor" in action.lower() for _menu, action, _keys in rows)


def test_export_figure_offers_the_panel_in_front(build, tmp_path, monkeypatch):
    from ui.dialogs.export import FigureExportDialog

    window = build((1280, 720))
    assert window.exports.figure_dialog().figure_choice.count() == 1  # the particles page has no figure: the plot only
    window.show_page("regime")
    dialog_seen = []

    def accept(dialog):
        dialog_seen.append(dialog.figure_choice.currentText())
        dialog.path_edit.setText(str(tmp_path / "regime.png"))
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(FigureExportDialog, "exec", accept)
    assert window.exports.export_figure()
    assert dialog_seen == ["Regime map"]
    from PySide6 import QtGui

    image = QtGui.QImage(str(tmp_path / "regime.png"))
    assert not image.isNull()
    window.side_dock.hide()  # the side panel hidden: the plot is what there is to export
    assert window.exports.figure_dialog().figure_choice.count() == 1


def test_the_presentation_theme_gives_the_plot_the_whole_window(qtbot, build):
    window = build((1280, 720))
    default_width = window.canvas.width()
    window.state.set_theme("presentation")
    assert window.side_dock.isHidden()
    qtbot.waitUntil(lambda: window.canvas.width() * window.canvas.height() / (1280 * 720) >= 0.75, timeout=3000)
    assert window.canvas.width() > default_width
    window.side_action.trigger()  # F9: the teacher wants the particle list after all
    assert window.side_dock.isVisible()
    window.side_action.trigger()
    window.state.set_theme("default")
    QtWidgets.QApplication.processEvents()
    assert window.side_dock.isVisible()  # back as it was before the projector


@pytest.mark.parametrize("theme", THEMES)
def test_the_plots_labels_stay_inside_and_it_fills_its_room_when_the_side_panel_comes_and_goes(qtbot, build, theme):
    """Found trying the window as a teacher: after F9 hid and showed the side panel the x label was cut."""
    window = build((1280, 720), theme)

    def check():
        QtWidgets.QApplication.processEvents()
        canvas = window.canvas
        canvas.draw()
        box = canvas.ax.get_tightbbox(canvas.get_renderer())
        width, height = canvas.figure.bbox.width, canvas.figure.bbox.height
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, box  # nothing cut
        assert box.width >= 0.97 * width or box.height >= 0.97 * height  # and no blank band
    check()
    for _ in range(2):
        window.side_action.trigger()
        check()
    window.reset_layout_action.trigger()
    check()


def test_the_prediction_question_leaves_the_k_label_in_sight(qtbot, build):
    from physics.launch import LaunchState

    window = build((1024, 768), "presentation")
    window.predict.action.trigger()
    pid = window.state.add_launch(LaunchState(1.5, 0.8, 0.0, 0.4))
    window._on_launched(pid)
    overlay = window.predict.overlay
    qtbot.waitUntil(overlay.isVisible, timeout=2000)
    canvas = window.canvas
    canvas.draw()
    label = canvas.layers.status_text.get_window_extent(canvas.get_renderer())
    right_of_label = label.x1 / canvas.devicePixelRatioF()
    assert overlay.x() > right_of_label  # the class still sees k
    assert overlay.geometry().right() <= canvas.width()
