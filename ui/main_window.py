"""The main window: creates the model's views and controls, connects them, and lays them out.

The commands live beside it: sessions (ui/session_files.py), exports (ui/exports.py), the classroom
keys and the test-charge map (ui/classroom.py), "predict, then reveal" (ui/predict.py) and the docked
panels (ui/panels.py). `run(args)` is the window's entry point (from app/gui_entry.py): it opens the
window, or with `--screenshot FILE.png` renders it offscreen into a PNG and exits.
"""

from __future__ import annotations

import atexit
import html
import os
import shutil
import sys
import tempfile
import threading

from PySide6 import QtCore, QtGui, QtWidgets

from app.presets import PRESET_NAMES, get_preset, load_preset
from app.themes import THEME_NAMES
from ui.about import AboutDialog, ShortcutsDialog
from ui.canvas import PlotCanvas
from ui.classroom import ClassroomKeys, KeyGuard, WidgetFonts
from ui.controls import DipoleControls
from ui.exports import ExportActions
from ui.launch_dialog import LaunchDialog
from ui.panels import install_panels
from ui.particles import ParticleList
from ui.player import Player, PlayerBar
from ui.predict import PredictMode
from ui.readouts import PlotsPanel, ReadoutPanel
from ui.session_files import SessionFiles
from ui.subscriptions import Subscriptions

ORGANISATION = "DipoleLab"
APPLICATION = "Dipole Lab"
DEFAULT_SIZE = (1500, 950)
SCREENSHOT_SIZE = (1600, 1000)
HINT = "Press and drag on the plot to launch a charge (the arrow is its velocity); Space plays and pauses."
STATUS_MS = 10000
COMPUTE_SECONDS = 3.0  # all the runs of one change together: the window computes on the thread that answers the user
WARM_UP_FALLBACK_MS = 2000  # start loading what the first launch needs by then even if no paint was seen
WARM_UP_JOIN_S = 3.0  # at exit, wait this long for a warm-up still loading (a first compile is left behind)

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
    """Plot in the middle, k and layers on the left, particles and readouts on the right, plots below."""

    def __init__(self, state, settings: QtCore.QSettings | None = None, parent=None):
        super().__init__(parent)
        self.state = state
        if state.compute_seconds is None:
            state.compute_seconds = COMPUTE_SECONDS
        self._settings = settings
        # ask before closing with unsaved launches; test runs (DIPOLE_LAB_TEST=1) close windows unasked
        self.confirm_close = os.environ.get("DIPOLE_LAB_TEST") != "1"
        self.current_preset: str | None = None
        self.setWindowTitle(APPLICATION)
        self.setDockOptions(QtWidgets.QMainWindow.DockOption.AnimatedDocks | QtWidgets.QMainWindow.DockOption.AllowNestedDocks)

        self.canvas = PlotCanvas(state)
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

        self.caption = QtWidgets.QLabel(HINT)
        self.caption.setWordWrap(True)
        self.caption.setContentsMargins(8, 4, 8, 2)
        self.map_button = QtWidgets.QToolButton()
        self.map_button.setDefaultAction(self.classroom.test_map_action)
        self.map_button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.player_bar.layout().insertWidget(3, self.map_button)
        central = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.caption)
        column.addWidget(self.canvas.toolbar)
        column.addWidget(self.canvas, 1)
        column.addWidget(self.player_bar)
        self.setCentralWidget(central)

        self._controls_area = _scrolled(self.controls)
        self.controls_dock = self._dock("Dipole and layers", "controls", self._controls_area, QtCore.Qt.DockWidgetArea.LeftDockWidgetArea)
        self.particles_dock = self._dock("Particles", "particles", self.particles, QtCore.Qt.DockWidgetArea.RightDockWidgetArea)
        self.readout_dock = self._dock("Readout", "readout", self.readout, QtCore.Qt.DockWidgetArea.RightDockWidgetArea)
        self.plots_dock = self._dock("Plots: invariants and r²", "plots", self.plots, QtCore.Qt.DockWidgetArea.BottomDockWidgetArea)
        self.resizeDocks([self.controls_dock, self.particles_dock], [270, 330], QtCore.Qt.Orientation.Horizontal)
        self.resizeDocks([self.plots_dock], [230], QtCore.Qt.Orientation.Vertical)

        # what would tell the class the answer before it has predicted (the clock's end is the fall time)
        spoilers = [dock.widget() for dock in (self.particles_dock, self.readout_dock, self.plots_dock)] + [self.player_bar]
        self.predict = PredictMode(state, self.canvas, self.player, spoilers, self)
        self._build_menus()
        self.panels = install_panels(self, state)  # after the menus: it adds View ▸ Panels
        self.predict.add_spoilers([dock.widget() for dock in self.panels.values()])
        self._bind_menu_shortcuts()

        self.statusBar().showMessage(HINT)
        self.canvas.launch_refused.connect(lambda message: self.statusBar().showMessage(f"Not launched: {message}", STATUS_MS))
        self.canvas.launched.connect(self._on_launched)
        self.classroom.launched.connect(self._on_launched)
        for source in (self.files, self.exports, self.classroom, self.predict):
            source.notice.connect(self._show_notice)
        self.files.before_open = self.player.pause
        self.files.opened.connect(self._on_session_opened)
        self.exports.before_export = self.player.pause
        self._key_guard = KeyGuard(self)
        QtWidgets.QApplication.instance().installEventFilter(self._key_guard)
        self._subs = Subscriptions()
        self._subs.connect(state.theme_changed, self._on_theme_changed)
        self._subs.connect(state.history_changed, self._on_history_changed)
        self._on_theme_changed(state.theme)
        self._on_history_changed()
        self._fit_to_screen(*DEFAULT_SIZE)
        self._restore_settings()

    def _fit_to_screen(self, width: int, height: int) -> None:
        screen = self.screen() or QtGui.QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width, height = min(width, available.width()), min(height, available.height())
        self.resize(width, height)

    def _dock(self, title: str, name: str, widget: QtWidgets.QWidget, area) -> QtWidgets.QDockWidget:
        dock = QtWidgets.QDockWidget(title, self)
        dock.setObjectName(f"{name}_dock")  # saveState needs a name for every dock
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # --- menus -----------------------------------------------------------------------------------------
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
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(self.files.open_action)
        self.file_menu.addMenu(self.files.recent_menu)
        self.file_menu.addAction(self.files.save_action)
        self.file_menu.addAction(self.files.save_as_action)
        self.file_menu.addSeparator()
        for action in (self.exports.figure_action, self.exports.animation_action, self.exports.data_action):
            self.file_menu.addAction(action)
        self.file_separator = self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, "&Quit", self.close, None, "Close the window")
        self.quit_action.setShortcut(QtGui.QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QtGui.QAction.MenuRole.QuitRole)

        self.edit_menu = bar.addMenu("&Edit")
        self.undo_action = self._action(self.edit_menu, "&Undo", self.state.undo, None,
                                        "Undo the last change of k or of the launches")
        self.undo_action.setShortcuts([QtGui.QKeySequence("Ctrl+Z")])
        self.redo_action = self._action(self.edit_menu, "&Redo", self.state.redo, None, "Redo what was undone")
        self.redo_action.setShortcuts([QtGui.QKeySequence("Ctrl+Shift+Z"), QtGui.QKeySequence("Ctrl+Y")])
        self.edit_menu.addSeparator()
        # the particle list's Delete works from anywhere in the window (text fields keep their own Delete)
        self.delete_action = self.particles.delete_action
        self.delete_action.setText("&Delete the selected particle")
        self.delete_action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        self.edit_menu.addAction(self.delete_action)

        self.view_menu = bar.addMenu("&View")
        layers = self.view_menu.addMenu("&Layers")
        for action in self.controls.layer_actions.values():
            layers.addAction(action)
        themes = self.view_menu.addMenu("&Theme")
        self.theme_actions = {}
        group = QtGui.QActionGroup(self)
        for name in THEME_NAMES:
            action = QtGui.QAction(name.capitalize(), self, checkable=True)
            action.triggered.connect(lambda _on=False, name=name: self.state.set_theme(name))
            group.addAction(action)
            themes.addAction(action)
            self.theme_actions[name] = action
        self.view_menu.addSeparator()
        for dock in (self.controls_dock, self.particles_dock, self.readout_dock, self.plots_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.fullscreen_action = self._action(self.view_menu, "&Full screen", self.toggle_full_screen, "F11")
        self.fullscreen_action.setCheckable(True)

        sim = bar.addMenu("&Simulation")
        self.simulation_menu = sim
        for action in (self.player.play_action, self.player.step_action, self.player.restart_action,
                       self.player.slower_action, self.player.faster_action):
            sim.addAction(action)
        k_menu = sim.addMenu("Dipole strength &k")
        for action in self.classroom.k_actions:
            k_menu.addAction(action)
        sim.addSeparator()
        presets = sim.addMenu("&Presets")
        self.preset_actions = {}
        for name in PRESET_NAMES:
            preset = get_preset(name)
            action = self._action(presets, preset.title, lambda _on=False, name=name: self.load_preset(name), tip=preset.description)
            self.preset_actions[name] = action
        presets.addSeparator()
        presets.addAction(self.classroom.next_preset_action)
        presets.addAction(self.classroom.previous_preset_action)
        self.launch_action = self._action(sim, "&Launch with numbers…", self.open_launch_dialog, "Ctrl+L",
                                          "Launch a charge from exact initial conditions")
        sim.addAction(self.classroom.launch_next_action)
        sim.addAction(self.classroom.test_map_action)
        sim.addSeparator()
        sim.addAction(self.predict.action)
        prediction = sim.addMenu("Pre&diction")
        for action in self.predict.choice_actions.values():
            prediction.addAction(action)
        prediction.addSeparator()
        prediction.addAction(self.predict.reset_action)
        sim.addSeparator()
        self.clear_action = self._action(sim, "&Clear all particles", self.clear, "Ctrl+Shift+Backspace")

        self.help_menu = bar.addMenu("&Help")
        self._action(self.help_menu, "&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/")
        self.about_action = self._action(self.help_menu, "&About Dipole Lab", self.show_about)
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

    # --- commands ----------------------------------------------------------------------------------------
    def load_preset(self, name: str) -> None:
        self.player.pause()
        preset = load_preset(self.state, name)
        self.current_preset = name
        self.caption.setText(f"<b>{html.escape(preset.title)}.</b> {html.escape(preset.description)}")

    def clear(self) -> None:
        self.player.pause()
        self.state.clear()
        self.caption.setText(HINT)

    def open_launch_dialog(self) -> None:
        dialog = WidgetFonts.follow(LaunchDialog(self.state, self))
        if self.predict.enabled:
            dialog.preview_label.hide()  # the dialog would give the answer away
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted and dialog.launch() is not None:
            try:
                pid = self.state.add_launch(dialog.launch(), dialog.label())
            except ValueError as exc:
                self.statusBar().showMessage(f"Not launched: {exc}", STATUS_MS)
                return
            self._on_launched(pid)

    def _on_launched(self, pid: int) -> None:
        if self.predict.ask(pid):
            self.statusBar().showMessage(f"Particle #{pid}: what will it do? Press 1, 2 or 3", STATUS_MS)
            return
        particle = self.state.particle(pid)
        if particle is not None:
            self.statusBar().showMessage(f"Particle #{pid}: {self.state.fate(particle.launch).describe()}", STATUS_MS)

    def _on_session_opened(self, path: str) -> None:
        self.current_preset = None
        self.caption.setText(f"<b>Session</b> {html.escape(os.path.basename(path))}")

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
        extra = [("Window", a) for a in self.actions()]
        return WidgetFonts.follow(ShortcutsDialog(self.menuBar(), self, actions=extra))

    def show_shortcuts(self) -> None:
        self.shortcuts_dialog().exec()

    def _on_theme_changed(self, name: str) -> None:
        self.theme_actions[name].setChecked(True)
        self.fonts.apply(name)
        # the side panel never narrower than its controls in the new font: no sideways scrolling
        bar = self.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_ScrollBarExtent)
        self._controls_area.setMinimumWidth(self.controls.minimumSizeHint().width() + bar + 4)

    def _on_history_changed(self) -> None:
        self.undo_action.setEnabled(self.state.can_undo)
        self.redo_action.setEnabled(self.state.can_redo)

    # --- settings and closing ----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        if self._settings is None:
            return
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        layout = self._settings.value("window/state")
        if layout is not None:
            self.restoreState(layout)

    def save_settings(self) -> None:
        if self._settings is None:
            return
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        self._settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.player.pause()
        # unsaved launches are never lost on quit: Save, Discard or Cancel (tests close windows unasked)
        if self.confirm_close and not self.files.maybe_save():
            event.ignore()
            return
        self.save_settings()
        self.disconnect_state()
        super().closeEvent(event)

    def disconnect_state(self) -> None:
        """Stop listening to the model, so a closed window is never asked to draw."""
        for view in (self.canvas, self.controls, self.particles, self.readout, self.plots, self.player_bar, self.files,
                     self.predict, *self.panels.values()):
            view.disconnect_state()
        self._subs.disconnect_all()
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._key_guard)


def _scrolled(widget: QtWidgets.QWidget) -> QtWidgets.QScrollArea:
    area = QtWidgets.QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    return area


# --- entry point -------------------------------------------------------------------------------------------
def _fail(message: str) -> int:
    """One line naming the problem on stderr, and the command line's usage status."""
    sys.stderr.write(f"main.py: error: {message}\n")
    return 2


def _quiet_offscreen(mode, context, message: str) -> None:
    """Pass Qt's messages on, except the offscreen platform's notice that it cannot propagate size hints."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class AfterFirstPaint(QtCore.QObject):
    """Call `function` once, as soon as `widget` has first been painted (or after `fallback_ms`, whichever is first)."""

    def __init__(self, widget: QtWidgets.QWidget, function, fallback_ms: int = WARM_UP_FALLBACK_MS):
        super().__init__(widget)
        self._widget = widget
        self._function = function
        widget.installEventFilter(self)
        self._fallback = QtCore.QTimer(self, singleShot=True, interval=fallback_ms)
        self._fallback.timeout.connect(self._run)
        self._fallback.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self._widget and event.type() == QtCore.QEvent.Type.Paint and self._function is not None:
            QtCore.QTimer.singleShot(0, self._run)  # once this paint is over
        return False

    def _run(self) -> None:
        function, self._function = self._function, None
        if function is None:
            return
        self._fallback.stop()
        self._widget.removeEventFilter(self)
        function()


def warm_up() -> None:
    """Load what the first launch needs (the compiled kernel, scipy's elliptic functions, the numpy engine if
    numba is off): run in a background thread once the window is on screen, so that neither the start nor
    the first launch waits for it. A launch made meanwhile uses the numpy engine (see physics.batch)."""
    try:
        from physics.batch import preload

        engine = preload()
        import scipy.special  # noqa: F401 - the trust readout's exact paths

        if engine != "numba":
            import physics.batch_numpy  # noqa: F401
    except Exception:  # the first launch then loads (and reports) it itself
        pass


def start_warm_up() -> threading.Thread:
    thread = threading.Thread(target=warm_up, name="dipole-lab-warm-up", daemon=True)
    thread.start()
    return thread


def _session_loader():
    """app.session.load_session if another part of the project provides it, else None."""
    try:
        from app.session import load_session
    except ImportError:
        return None
    return load_session if callable(load_session) else None


def run(args) -> int:
    """Open the window, or render it into a PNG when args.screenshot is set; returns the exit status."""
    screenshot = getattr(args, "screenshot", None)
    preset = getattr(args, "preset", None)
    session = getattr(args, "session", None)
    if preset is not None and preset not in PRESET_NAMES:
        return _fail(f"--preset {preset!r}: unknown preset; use one of {', '.join(PRESET_NAMES)}")
    if screenshot is not None:
        from app.cli import CliError, check_output_path

        try:
            check_output_path(screenshot, (".png",), "--screenshot")
        except CliError as exc:
            return _fail(str(exc))
    loader = None
    if session is not None:
        loader = _session_loader()
        if loader is None:
            return _fail(f"--session {session!r}: opening saved sessions is not available yet")
    if "QT_QPA_PLATFORM" not in os.environ and sys.platform.startswith("linux") and not _has_display():
        if screenshot is None:
            # Qt would abort with a long message: say what to do instead
            return _fail("no display to open the window on (DISPLAY is not set): use --screenshot FILE.png to render it offscreen")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from app.state import SimulationState

    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        QtCore.qInstallMessageHandler(_quiet_offscreen)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    from ui.recovery import check_settings, offer_recovery

    state = SimulationState()
    settings = None if screenshot else app_settings()
    settings_notice = check_settings(settings)  # unreadable settings fall back to the defaults, with a notice
    window = MainWindow(state, settings=settings)
    if preset is not None:
        window.load_preset(preset)
    if loader is not None:
        try:
            loader(session, state)
        except (OSError, ValueError) as exc:
            window.disconnect_state()
            return _fail(f"--session: {exc}")
        window.caption.setText(f"<b>Session</b> {html.escape(os.path.basename(session))}")
        window.files.mark_saved(session)
        if screenshot is None:
            window.files.add_recent(session)
    if screenshot is not None:
        return save_screenshot(app, window, screenshot)
    window.show()
    window.recovery = offer_recovery(window, state, settings_notice)  # clean up, offer a crashed run's autosave, autosave
    warming: list[threading.Thread] = []
    window.warm_up = AfterFirstPaint(window.canvas, lambda: warming.append(start_warm_up()))
    status = app.exec()
    for thread in warming:
        thread.join(WARM_UP_JOIN_S)
    return status


def save_screenshot(app: QtWidgets.QApplication, window: MainWindow, path: str) -> int:
    """Run the setup to its end, grab the whole window into a PNG (written atomically) and close it."""
    from app.files import atomic_path

    window.confirm_close = False  # nobody is there to answer "Save changes?": closing must not wait
    window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    app.processEvents()
    window.state.set_time(window.state.duration)
    window.plots.flush()
    window.canvas.draw()
    window.plots.canvas.draw()
    app.processEvents()
    pixmap = window.grab()
    try:
        with atomic_path(path) as tmp:
            if not pixmap.save(str(tmp), "PNG"):
                raise OSError("Qt could not write the image")
    except OSError as exc:
        window.close()
        return _fail(f"--screenshot {path!r}: cannot write: {exc}")
    window.close()
    return 0
