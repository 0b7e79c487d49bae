"""The main window: creates the model's views and controls, connects them, and lays them out.

The plot is the heart of the window: k in a bar above it, the player below it, and everything else on
the pages of one side area (ui/side_area.py) that can be hidden (F9) or detached. The commands live
beside it: sessions (ui/session_files.py), exports (ui/exports.py), the classroom keys and the
test-charge map (ui/classroom.py), "predict, then reveal" (ui/predict.py) and the analysis panels
(ui/panels/__init__.py). The start-up is ui/startup.py.
"""

from __future__ import annotations

import atexit
import html
import os
import shutil
import tempfile

import shiboken6
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import QT_TRANSLATE_NOOP
from app.presets import PRESET_NAMES, get_preset, load_preset
from app.themes import THEME_NAMES
from physics import pace
from ui.accessibility import name_controls
from ui.canvas import PlotCanvas
from ui.challenge import install_play
from ui.classroom import ClassroomKeys, KeyGuard, WidgetFonts
from ui.compute import BackgroundCompute
from ui.controls import DipoleControls
from ui.dialogs.about import AboutDialog, ShortcutsDialog
from ui.dialogs.launch import LaunchDialog
from ui.exports import ExportActions
from ui.i18n import translate
from ui.language import LanguageMenu, localise, preset_description, preset_title, theme_title, translate_toolbar
from ui.measure import install_measure
from ui.panels import make_panels
from ui.particles import ParticleList
from ui.player import Player, PlayerBar
from ui.predict import PredictMode
from ui.qt_theme import apply_qt_theme
from ui.readouts import PlotsPanel, ReadoutPanel
from ui.session_files import SessionFiles
from ui.share_setup import SetupSharing
from ui.side_area import SideArea, page_shortcut, page_title
from ui.subscriptions import Subscriptions

ORGANISATION = "DipoleLab"
APPLICATION = "Dipole Lab"
DEFAULT_SIZE = (1500, 950)
LAYOUT_VERSION = 2  # saved dock layouts of another version (the docks of the first window) are not restored
HINT = QT_TRANSLATE_NOOP("MainWindow", "Press and drag on the plot to launch a charge (the arrow is its velocity); Space plays and pauses.")
STATUS_MS = 10000
COMPUTE_SECONDS = 3.0  # all the runs of one change together (ui/compute.py runs them off the GUI thread)


def side_width(screen_width: int, font_scale: float = 1.0) -> int:
    """The side area's default width: a quarter of the screen (more with larger type), from 300 to 460 pixels."""
    return max(300, min(460, round(screen_width / 4 * font_scale)))

_test_settings_dir: str | None = None


def app_settings() -> QtCore.QSettings:
    """The user's settings; under DIPOLE_LAB_TEST=1 an INI file in a temporary folder instead."""
    global _test_settings_dir
    if os.environ.get("DIPOLE_LAB_TEST") == "1":
        if _test_settings_dir is None:
            _test_settings_dir = tempfile.mkdtemp(prefix="dipolelab-settings-")
            atexit.register(shutil.rmtree, _test_settings_dir, True)
        return QtCore.QSettings(os.path.join(_test_settings_dir, "settings.ini"), QtCore.QSettings.Format.IniFormat)
    return QtCore.QSettings(ORGANISATION, APPLICATION)


class MainWindow(QtWidgets.QMainWindow):
    """k above the plot, the player below it, and the side area's pages (particles, layers, graphs, panels) beside it."""

    def __init__(self, state, settings: QtCore.QSettings | None = None, parent=None, screen_size: tuple[int, int] | None = None):
        super().__init__(parent)
        self.state = state
        if state.compute_seconds is None:
            state.compute_seconds = COMPUTE_SECONDS
        self.compute = BackgroundCompute(self, state)  # the paths are integrated off this thread
        self._settings = settings
        self._screen_size = screen_size  # the screen to fit (screenshots); None: the screen the window is on
        # ask before closing with unsaved launches; test runs (DIPOLE_LAB_TEST=1) close windows unasked
        self.confirm_close = os.environ.get("DIPOLE_LAB_TEST") != "1"
        self.current_preset: str | None = None
        self.setWindowTitle(APPLICATION)
        self.setDockOptions(QtWidgets.QMainWindow.DockOption.AnimatedDocks)

        self.canvas = PlotCanvas(state)  # it names itself for screen readers, with a summary of what it shows
        self.player = Player(state, self)
        self.player_bar = PlayerBar(state, self.player)
        self.controls = DipoleControls(state)
        self.particles = ParticleList(state)
        self.readout = ReadoutPanel(state)
        self.plots = PlotsPanel(state)
        self.files = SessionFiles(state, self, settings, APPLICATION)
        self.exports = ExportActions(state, self, settings, stem=self._file_stem)
        self.classroom = ClassroomKeys(self)
        self.fonts = WidgetFonts(self)

        self.caption = QtWidgets.QLabel(translate("MainWindow", HINT))
        self.caption.setWordWrap(True)
        self.caption.setContentsMargins(8, 2, 8, 2)
        self.caption.setAccessibleName(translate("MainWindow", "what the plot shows"))
        # the plot's navigation (home, pan, zoom, save) is a column of icons beside the plot: it never overflows,
        # whatever the type size and screen width; the cursor's coordinates go to the status bar
        self.canvas.toolbar.setOrientation(QtCore.Qt.Orientation.Vertical)
        self.canvas.toolbar.setIconSize(QtCore.QSize(20, 20))
        translate_toolbar(self.canvas.toolbar)  # matplotlib's own English buttons
        plot_row = QtWidgets.QHBoxLayout()
        plot_row.setContentsMargins(0, 0, 0, 0)
        plot_row.setSpacing(0)
        plot_row.addWidget(self.canvas.toolbar)
        plot_row.addWidget(self.canvas, 1)
        central = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.controls.k_bar)
        column.addWidget(self.caption)
        column.addLayout(plot_row, 1)
        column.addWidget(self.player_bar)
        self.setCentralWidget(central)

        # the side area: one page at a time
        self.side = SideArea()
        self.side_dock = QtWidgets.QDockWidget(translate("MainWindow", "Side panel"), self)
        self.side_dock.setObjectName("side_dock")  # saveState needs a name for every dock
        self.side_dock.setWidget(self.side)
        self.side_dock.setTitleBarWidget(self.side.header)
        self.side_dock.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable
                                   | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.side_dock.setAllowedAreas(QtCore.Qt.DockWidgetArea.LeftDockWidgetArea | QtCore.Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, self.side_dock)
        self.side.close_button.clicked.connect(self.side_dock.hide)
        self.side.detach_button.clicked.connect(lambda: self.side_dock.setFloating(not self.side_dock.isFloating()))
        self.side.add_page("particles", _particles_page(self.particles, self.readout))
        self.side.add_page("layers", self.controls)
        self.side.add_page("graphs", self.plots, scroll=False)

        # what would tell the class the answer before it has predicted (the clock's end is the fall time)
        spoilers = [self.particles, self.readout, self.plots, self.player_bar]
        self.predict = PredictMode(state, self.canvas, self.player, spoilers, self)
        self.panels = make_panels(self, state)
        for name, panel in self.panels.items():
            self.side.add_page(name, panel)
        self.predict.add_spoilers([_content(panel) for panel in self.panels.values()])
        self._build_menus()
        self.measure = install_measure(self)  # probes and Simulation ▸ Accuracy… (ui/measure.py)
        self.play = install_play(self)  # Simulation ▸ Challenge…, Help ▸ Getting started (ui/challenge.py, ui/tour.py)
        self._bind_menu_shortcuts()

        self.statusBar().showMessage(translate("MainWindow", HINT))
        _coordinates_to(self.canvas.toolbar, self._on_toolbar_message)
        self.canvas.launch_refused.connect(lambda message: self.statusBar().showMessage(
            translate("MainWindow", "Not launched: {reason}").format(reason=localise(message)), STATUS_MS))
        self.canvas.launched.connect(self._on_launched)
        self.classroom.launched.connect(self._on_launched)
        for source in (self.files, self.exports, self.classroom, self.predict):
            source.notice.connect(self._show_notice)
        self.files.before_open = self.player.pause
        self.files.opened.connect(self._on_session_opened)
        self.exports.before_export = self.player.pause
        self.exports.panel_in_front = self.panel_in_front
        self.side.page_changed.connect(self._on_page_changed)
        self.side_dock.visibilityChanged.connect(lambda _shown: self._sync_page_actions())
        self._widen_side_pending = False  # the type changed: the side area widens to its pages when next seen
        self.side_dock.visibilityChanged.connect(lambda shown: shown and self._widen_side_if_pending())
        from ui.space.window import add_space_view_action

        self.space_action = add_space_view_action(self)  # View ▸ 3-D view: charges that leave the plane (ui/space/)
        self._key_guard = KeyGuard(self)
        QtWidgets.QApplication.instance().installEventFilter(self._key_guard)
        self._subs = Subscriptions()
        self._subs.connect(state.compute_failed, lambda message: self.statusBar().showMessage(message, STATUS_MS))
        self._subs.connect(state.theme_changed, self._on_theme_changed)
        self._subs.connect(state.history_changed, self._on_history_changed)
        self._on_theme_changed(state.theme)
        self._on_history_changed()
        name_controls(self)  # every control has a name for screen readers, the panels' too
        self.reset_layout()
        self._restore_settings()

    def available_size(self) -> tuple[int, int]:
        """The room the window has: the given screen size (screenshots), else the screen's available area."""
        if self._screen_size is not None:
            return self._screen_size
        screen = self.screen() or QtGui.QGuiApplication.primaryScreen()
        if screen is None:
            return DEFAULT_SIZE
        area = screen.availableGeometry()
        return area.width(), area.height()

    def fit_screen(self, width: int, height: int) -> None:
        """Take the whole of a screen of this size (as maximised), with the default layout's proportions."""
        self._screen_size = (width, height)
        self._size_to(width, height)

    def _size_to(self, width: int, height: int) -> None:
        """This size, with the side area at its default width for it."""
        self.resize(width, height)
        self.resizeDocks([self.side_dock], [self._side_width(width)], QtCore.Qt.Orientation.Horizontal)

    def _side_width(self, screen_width: int) -> int:
        """The side area's width for this screen and type size, never less than its pages need."""
        return min(max(side_width(screen_width, self.fonts.scale), self.side.needed_width()), screen_width // 2)

    def widen_side_area(self) -> None:
        """Make the docked side area as wide as its pages need (up to half the window), if it is narrower."""
        if self.side_dock.isFloating() or self.side_dock.isHidden():
            return
        target = min(self.side.needed_width(), self.width() // 2)
        if self.side_dock.width() < target:
            self.resizeDocks([self.side_dock], [target], QtCore.Qt.Orientation.Horizontal)

    def _widen_side_if_pending(self) -> None:
        """After a change of type, widen the side area to its pages once, now or when it is next shown.

        Its width stays as the user left it otherwise; but the presentation theme's bigger type made its pages wider
        than it, and the scattering lab opened by Ctrl+8 on the projector showed cut fields and a sideways scroll bar.
        """
        if self._widen_side_pending and not self.side_dock.isHidden():
            self._widen_side_pending = False
            self.widen_side_area()

    def reset_layout(self) -> None:
        """View ▸ Reset layout: the side area docked on the right at its default width, showing the particles."""
        if self.isFullScreen():
            self.showNormal()
        self.side_dock.setFloating(False)
        self.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, self.side_dock)
        self.side_dock.show()
        self.side.show_page("particles")
        width, height = self.available_size()
        if self._screen_size is None:
            width, height = min(DEFAULT_SIZE[0], width), min(DEFAULT_SIZE[1], height)
        self._size_to(width, height)

    def show_page(self, name: str) -> None:
        """Bring a page of the side area to the front (and the side area into view)."""
        self.side.show_page(name)
        self.side_dock.show()
        self.side_dock.raise_()

    def panel_in_front(self):
        """(title, (figure name, options)) of the page the side area shows, if it has a figure to export, else None."""
        name = self.side.current
        panel = self.side.page(name) if name and self.side_dock.isVisible() else None
        figure = panel.figure_for_export() if hasattr(panel, "figure_for_export") else None
        return (page_title(name), figure) if figure is not None else None

    def toggle_side_area(self) -> None:
        self.side_dock.setVisible(not self.side_dock.isVisible())

    def _on_page_changed(self, name: str) -> None:
        self._sync_page_actions()

    def _sync_page_actions(self) -> None:
        current = self.side.current if self.side_dock.isVisible() else ""
        for name, action in self.page_actions.items():
            with QtCore.QSignalBlocker(action):  # showing the state, not changing it
                action.setChecked(name == current)
        with QtCore.QSignalBlocker(self.side_action):
            self.side_action.setChecked(self.side_dock.isVisible())

    def flush_views(self) -> None:
        """Draw everything that waits for the event loop now (screenshots)."""
        self.plots.flush()
        for canvas in self.findChildren(FigureCanvasQTAgg):  # the plot's own canvas among them
            if canvas.isVisible():
                canvas.draw_now() if hasattr(canvas, "draw_now") else canvas.draw()

    def _on_toolbar_message(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text.replace("\n", "  "), 3000)

    def _action(self, menu: QtWidgets.QMenu, text: str, slot, shortcut=None, tip: str = "") -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(translate("MainWindow", "&File"))
        self.file_menu.addAction(self.files.open_action)
        self.file_menu.addMenu(self.files.recent_menu)
        self.file_menu.addAction(self.files.save_action)
        self.file_menu.addAction(self.files.save_as_action)
        self.file_menu.addSeparator()
        for action in (self.exports.figure_action, self.exports.animation_action, self.exports.data_action):
            self.file_menu.addAction(action)
        self.file_separator = self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, translate("MainWindow", "&Quit"), self.close, None,
                                        translate("MainWindow", "Close the window"))
        self.quit_action.setShortcut(QtGui.QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QtGui.QAction.MenuRole.QuitRole)

        self.edit_menu = bar.addMenu(translate("MainWindow", "&Edit"))
        self.undo_action = self._action(self.edit_menu, translate("MainWindow", "&Undo"), self.state.undo, None,
                                        translate("MainWindow", "Undo the last change of k or of the launches"))
        self.undo_action.setShortcuts([QtGui.QKeySequence("Ctrl+Z")])
        self.redo_action = self._action(self.edit_menu, translate("MainWindow", "&Redo"), self.state.redo, None,
                                        translate("MainWindow", "Redo what was undone"))
        self.redo_action.setShortcuts([QtGui.QKeySequence("Ctrl+Shift+Z"), QtGui.QKeySequence("Ctrl+Y")])
        self.edit_menu.addSeparator()
        self.sharing = SetupSharing(self.state, self, self.files)  # Copy setup / Paste setup (and a dropped setup)
        self.edit_menu.addActions([self.sharing.copy_action, self.sharing.paste_action])
        self.edit_menu.addSeparator()
        # the particle list's Delete works from anywhere in the window (text fields keep their own Delete)
        self.delete_action = self.particles.delete_action
        self.delete_action.setText(translate("MainWindow", "&Delete the selected particle"))
        self.delete_action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        self.edit_menu.addAction(self.delete_action)

        self.view_menu = bar.addMenu(translate("MainWindow", "&View"))
        layers = self.view_menu.addMenu(translate("MainWindow", "&Layers"))
        for action in self.controls.layer_actions.values():
            layers.addAction(action)
        themes = self.view_menu.addMenu(translate("MainWindow", "&Theme"))
        self.theme_actions = {}
        group = QtGui.QActionGroup(self)
        for name in THEME_NAMES:
            action = QtGui.QAction(theme_title(name), self, checkable=True)
            action.triggered.connect(lambda _on=False, name=name: self.state.set_theme(name))
            group.addAction(action)
            themes.addAction(action)
            self.theme_actions[name] = action
        self.view_menu.addSeparator()
        self.side_action = self._action(self.view_menu, translate("MainWindow", "&Side panel"), self.toggle_side_area, "F9",
                                        translate("MainWindow", "Show or hide the side panel: hidden, the plot takes the whole width"))
        self.side_action.setCheckable(True)
        self.panels_menu = self.view_menu.addMenu(translate("MainWindow", "&Panels"))
        self.page_actions: dict[str, QtGui.QAction] = {}
        for index, name in enumerate(self.side.names):
            action = self._action(self.panels_menu, page_title(name), lambda _on=False, name=name: self.show_page(name),
                                  page_shortcut(index), translate("MainWindow", "Show {page} in the side panel").format(
                                      page=page_title(name)[:1].lower() + page_title(name)[1:]))
            action.setCheckable(True)
            self.page_actions[name] = action
        self.reset_layout_action = self._action(self.view_menu, translate("MainWindow", "&Reset layout"), self.reset_layout, None,
                                                translate("MainWindow", "Put the side panel back on the right, at its default width, "
                                                                        "and fit the window to the screen"))
        self.view_menu.addSeparator()
        self.fullscreen_action = self._action(self.view_menu, translate("MainWindow", "&Full screen"), self.toggle_full_screen, "F11")
        self.fullscreen_action.setCheckable(True)
        self.language = LanguageMenu(self, self.view_menu, self._settings)  # View ▸ Language (ui/language.py)

        sim = bar.addMenu(translate("MainWindow", "&Simulation"))
        self.simulation_menu = sim
        for action in (self.player.play_action, self.player.step_action, self.player.restart_action,
                       self.player.slower_action, self.player.faster_action):
            sim.addAction(action)
        k_menu = sim.addMenu(translate("MainWindow", "Dipole strength &k"))
        for action in self.classroom.k_actions:
            k_menu.addAction(action)
        sim.addSeparator()
        presets = sim.addMenu(translate("MainWindow", "&Presets"))
        self.preset_actions = {}
        for name in PRESET_NAMES:
            preset = get_preset(name)
            action = self._action(presets, preset_title(preset), lambda _on=False, name=name: self.load_preset(name),
                                  tip=preset_description(preset))
            self.preset_actions[name] = action
        presets.addSeparator()
        presets.addAction(self.classroom.next_preset_action)
        presets.addAction(self.classroom.previous_preset_action)
        self.launch_action = self._action(sim, translate("MainWindow", "&Launch with numbers…"), self.open_launch_dialog, "Ctrl+L",
                                          translate("MainWindow", "Launch a charge from exact initial conditions"))
        sim.addAction(self.classroom.launch_next_action)
        sim.addAction(self.classroom.test_map_action)
        sim.addSeparator()
        sim.addAction(self.predict.action)
        prediction = sim.addMenu(translate("MainWindow", "Pre&diction"))
        for action in self.predict.choice_actions.values():
            prediction.addAction(action)
        prediction.addSeparator()
        prediction.addAction(self.predict.reset_action)
        sim.addSeparator()
        self.clear_action = self._action(sim, translate("MainWindow", "&Clear all particles"), self.clear, "Ctrl+Shift+Backspace")

        self.help_menu = bar.addMenu(translate("MainWindow", "&Help"))
        self._action(self.help_menu, translate("MainWindow", "&Keyboard shortcuts"), self.show_shortcuts, "Ctrl+/")
        self.about_action = self._action(self.help_menu, translate("MainWindow", "&About Dipole Lab"), self.show_about)
        self.about_action.setMenuRole(QtGui.QAction.MenuRole.AboutRole)

    def _bind_menu_shortcuts(self) -> None:
        """Add every menu action to the window, so shortcuts work while the menu bar is hidden (full screen)."""
        def walk(menu: QtWidgets.QMenu):
            for action in menu.actions():
                if action.menu() is not None:
                    yield from walk(action.menu())
                elif not action.isSeparator():
                    yield action

        for top in self.menuBar().actions():
            if top.menu() is not None:
                self.addActions([a for a in walk(top.menu()) if a not in self.actions()])

    def load_preset(self, name: str) -> None:
        self.player.pause()
        preset = load_preset(self.state, name)
        self.current_preset = name
        self.caption.setText(translate("MainWindow", "<b>{title}.</b> {description}").format(
            title=html.escape(preset_title(preset), quote=False), description=html.escape(preset_description(preset), quote=False)))

    def clear(self) -> None:
        self.player.pause()
        self.state.clear()
        self.caption.setText(translate("MainWindow", HINT))

    def open_launch_dialog(self) -> None:
        dialog = WidgetFonts.follow(LaunchDialog(self.state, self))
        name_controls(dialog)
        if self.predict.enabled:
            dialog.preview_label.hide()  # the dialog would give the answer away
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted and dialog.launch() is not None:
            try:
                pid = self.state.add_launch(dialog.launch(), dialog.label())
            except ValueError as exc:
                self.statusBar().showMessage(translate("MainWindow", "Not launched: {reason}").format(reason=localise(str(exc))), STATUS_MS)
                return
            self._on_launched(pid)

    def _on_launched(self, pid: int) -> None:
        if self.predict.ask(pid):
            self.statusBar().showMessage(translate("MainWindow", "Particle #{pid}: what will it do? Press 1, 2 or 3").format(pid=pid), STATUS_MS)
            return
        particle = self.state.particle(pid)
        if particle is not None:
            self.statusBar().showMessage(translate("MainWindow", "Particle #{pid}: {fate}").format(
                pid=pid, fate=localise(self.state.fate(particle.launch).describe())), STATUS_MS)

    def _on_session_opened(self, path: str) -> None:
        self.current_preset = None
        self.caption.setText(translate("MainWindow", "<b>Session</b> {name}").format(name=html.escape(os.path.basename(path))))

    def _show_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    def _file_stem(self) -> str:
        if self.files.path:
            return os.path.splitext(os.path.basename(self.files.path))[0]
        return self.current_preset or "dipole-lab"

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.fullscreen_action.setChecked(self.isFullScreen())

    def show_about(self) -> None:
        WidgetFonts.follow(AboutDialog(self)).exec()

    def shortcuts_dialog(self) -> ShortcutsDialog:
        """The list of keys, read from the window's actions (menus first, then those only on the window)."""
        extra = [(translate("MainWindow", "Window"), a) for a in self.actions()]
        return WidgetFonts.follow(ShortcutsDialog(self.menuBar(), self, actions=extra))

    def show_shortcuts(self) -> None:
        self.shortcuts_dialog().exec()

    @pace.urgent()
    def _on_theme_changed(self, name: str) -> None:
        self.theme_actions[name].setChecked(True)
        apply_qt_theme(name)  # every widget, dock, list and dialog, not only the plot
        self.fonts.apply(name)
        # on the projector the plot takes the whole window (the side panel is too small to read from the back);
        # F9 brings it back, and leaving the theme puts it back as it was
        projecting = name == "presentation"
        if projecting != getattr(self, "_projecting", False):
            self._projecting = projecting
            if projecting:
                self._side_before_projector = not self.side_dock.isHidden()
                self.side_dock.hide()
                self.statusBar().showMessage(
                    translate("MainWindow", "Presentation: the plot takes the whole window; F9 shows the side panel"), STATUS_MS)
            elif getattr(self, "_side_before_projector", True):
                self.side_dock.show()
        self._widen_side_pending = True  # the new type may need more room than the side area has
        self._widen_side_if_pending()
        # the new fonts and docks resize the plot in steps, each its own turn of the event loop, and each step was
        # painted (laid out and drawn) in turn: settle the layouts now, so that the plot is laid out and drawn once
        for _ in range(3):
            QtWidgets.QApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)

    def _on_history_changed(self) -> None:
        self.undo_action.setEnabled(self.state.can_undo)
        self.redo_action.setEnabled(self.state.can_redo)

    def _restore_settings(self) -> None:
        """The last size and layout, unless they no longer fit this screen (then the default layout stays)."""
        if self._settings is None:
            return
        geometry = self._settings.value("window/geometry")
        layout = self._settings.value("window/state")
        if geometry is None or layout is None:
            return
        page = self._settings.value("window/page")
        if not (self.restoreGeometry(geometry) and self.restoreState(layout, LAYOUT_VERSION)):
            self.reset_layout()
            return
        width, height = self.available_size()
        # a layout saved on a larger screen (or one that a font made larger) is never restored as is
        if self.width() > width or self.height() > height or self.minimumSizeHint().width() > width \
                or self.minimumSizeHint().height() > height:
            self.reset_layout()
            return
        if isinstance(page, str) and page in self.side.names:
            self.side.show_page(page)

    def save_settings(self) -> None:
        if self._settings is None:
            return
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        self._settings.setValue("window/page", self.side.current)
        self._settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.player.pause()
        # an edit under way (k typed in its box, Enter not yet pressed) takes effect now, while the window still
        # computes for the state off the GUI thread, so "Save changes?" knows of it; it took effect as the window
        # hid (a spin box takes its text when hidden, with the focus or not), after the window had let go of the
        # state, and its paths were computed on the GUI thread (2.6 s)
        for box in self.findChildren(QtWidgets.QAbstractSpinBox):
            box.interpretText()  # nothing happens to a box whose text is its value
        # unsaved launches are never lost on quit: Save, Discard or Cancel (tests close windows unasked)
        if self.confirm_close and not self.files.maybe_save():
            event.ignore()
            return
        self.save_settings()
        # Quit ends the application: the 3-D view (a window of its own) kept the process running after it, and
        # changes made there reached a state the closed window no longer computed off the GUI thread (3 s frozen)
        space = getattr(self, "space_window", None)
        if space is not None and shiboken6.isValid(space):
            space.close()
        self.disconnect_state()
        super().closeEvent(event)

    def disconnect_state(self) -> None:
        """Stop listening to the model, so a closed window is never asked to draw."""
        for view in (self.canvas, self.controls, self.particles, self.readout, self.plots, self.player_bar, self.files,
                     self.predict, self.measure, self.play, *self.panels.values()):
            view.disconnect_state()
        self._subs.disconnect_all()
        self.compute.detach()
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._key_guard)


def _particles_page(particles: QtWidgets.QWidget, readout: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """The particle list above the selected particle's readout."""
    page = QtWidgets.QWidget()
    column = QtWidgets.QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(particles, 1)
    title = QtWidgets.QLabel(translate("MainWindow", "<b>Readout</b>"))
    title.setContentsMargins(6, 4, 6, 0)
    column.addWidget(title)
    column.addWidget(readout)
    return page


def _content(panel: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """What a panel shows (a dock's widget, or the panel itself)."""
    if isinstance(panel, QtWidgets.QDockWidget) and panel.widget() is not None:
        return panel.widget()
    return panel


def _coordinates_to(toolbar, show) -> None:
    """Send the navigation toolbar's cursor coordinates to `show` (the status bar) instead of a label that
    would take the k bar's room."""
    label = getattr(toolbar, "locLabel", None)
    if label is not None:
        for action in toolbar.actions():
            if toolbar.widgetForAction(action) is label:
                action.setVisible(False)
    toolbar.set_message = show
