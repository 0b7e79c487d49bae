"""The 3-D view: a window of its own (View ▸ 3-D view) showing charges in space near the dipole.

A matplotlib 3-D Axes (app/figures/space.py draws it) turned with the mouse (drag) or the keyboard (arrows turn,
T looks down on the x–y plane, Home resets, P shows the paths' shadows on the x–y plane, Space plays); a side panel
with k, the presets, launching (numbers, or the plane's launches with an out-of-plane speed), the readouts of E, C,
L_axis and their drift, and the hidden spherical pendulum. Integration and exports run on workers (ui/workers.py).
"""

from __future__ import annotations

import threading

import numpy as np
from matplotlib.figure import Figure
from PySide6 import QtCore, QtGui, QtWidgets

from app.space.scene import PRESETS, SpaceScene, SpaceSetup, preset_setup
from physics import pace
from physics.space.launch import SpaceLaunch
from ui.i18n import translate
from ui.language import localise
from ui.panels.common import QtCanvas, float_spin
from ui.workers import BusyIndicator, Worker

HOME = (22.0, -60.0)
TURN_STEP = 5.0
PLAY_SECONDS = 10.0  # a whole run plays in this long
TICK_MS = 33
DEFAULT_PRESET = "space-winds-in"  # what the view shows when the session holds no 3-D launches


class SpaceWindow(QtWidgets.QMainWindow):
    """The 3-D view around a SpaceScene."""

    def __init__(self, scene: SpaceScene | None = None, theme: str = "default", plane_state=None, parent=None):
        super().__init__(parent)
        saved = getattr(plane_state, "space_setup", None)  # a session's 3-D launches (app/files/session.py, version 4)
        self.scene = scene or SpaceScene(saved or preset_setup(DEFAULT_PRESET))
        self._session_setup = saved  # the session's space_setup as this view last read or wrote it
        self._following = False  # True while the view takes the session's setup, which it must not write back
        self.theme = theme
        self._plane_state = plane_state  # the main window's state: its launches can be lifted into space
        self._worker: Worker | None = None
        self._stop = threading.Event()  # set: the running worker skips the launches it has not begun
        self._recompute_pending = False
        self._layers = None
        self._layers_for: tuple | None = None  # (theme, radius) the layers were made for
        self._pendulum_shown: tuple | None = None  # (trajectory, theme) the pendulum page shows
        self._equations_body: str | None = None  # the equations as sympy printed them
        self.setWindowTitle(translate("SpaceWindow", "Dipole Lab: 3-D view"))
        self.figure = Figure(dpi=100)
        self.canvas = QtCanvas(self.figure)
        self.canvas.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.canvas.setAccessibleName(translate("SpaceWindow", "3-D view of the paths"))
        # after each draw, so a turn by the mouse (matplotlib's own handler) is read once it is made
        self.canvas.mpl_connect("draw_event", lambda event: self._show_camera())
        self.side = QtWidgets.QTabWidget()
        self.side.addTab(self._build_controls(), translate("SpaceWindow", "Launches"))
        self.side.addTab(self._build_pendulum(), translate("SpaceWindow", "Spherical pendulum"))
        self.equations_text = QtWidgets.QPlainTextEdit()
        self.equations_text.setReadOnly(True)
        self.equations_text.setPlainText(translate("SpaceWindow", "sympy derives the equations when the integration first runs…"))
        self.side.addTab(self.equations_text, translate("SpaceWindow", "Equations"))
        splitter = QtWidgets.QSplitter()
        splitter.addWidget(self.canvas)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.busy = BusyIndicator(self)
        self.statusBar().addPermanentWidget(self.busy)
        self._build_menus()
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.scene.trajectories_changed.connect(self._on_trajectories_changed)
        self.scene.time_changed.connect(self._on_time_changed)
        self.scene.k_changed.connect(self._on_k_changed)
        # the session keeps the launches the user makes here; opening the view on its preset changes nothing
        self.scene.launches_changed.connect(self._keep_in_session)
        if plane_state is not None and hasattr(plane_state, "theme_changed"):
            plane_state.theme_changed.connect(self.set_theme)  # the main window's View ▸ Theme
        # a session applied to the state (File ▸ Open, Edit ▸ Paste setup, a recovered autosave) replaces its launches,
        # then its space_setup: looked at once the change is over, so the view shows the session's 3-D launches
        self._session_check = QtCore.QTimer(self, singleShot=True, interval=0)
        self._session_check.timeout.connect(self._follow_session)
        if plane_state is not None and hasattr(plane_state, "particles_changed"):
            plane_state.particles_changed.connect(self._on_particles_changed)
        self._redraw()
        self.recompute()

    def _build_controls(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(page)
        form = QtWidgets.QFormLayout()
        self.k_spin = float_spin(self.scene.k, -100.0, 100.0, 0.1, 3, translate("SpaceWindow", "Signed dipole strength k"))
        self.k_spin.valueChanged.connect(self._on_k_spin)
        form.addRow(translate("SpaceWindow", "k"), self.k_spin)
        self.preset_box = QtWidgets.QComboBox()
        self.preset_box.addItem(translate("SpaceWindow", "Choose a preset…"), "")
        titles = {"space-winds-in": translate("SpaceWindow", "Winds around the axis and falls in"),
                  "space-escapes": translate("SpaceWindow", "Escapes after several turns"),
                  "space-plane-breaks": translate("SpaceWindow", "The plane breaks: small v_z")}
        for name in PRESETS:
            self.preset_box.addItem(titles.get(name, name), name)
        self.preset_box.activated.connect(self._on_preset)
        form.addRow(translate("SpaceWindow", "Preset"), self.preset_box)
        column.addLayout(form)
        row = QtWidgets.QHBoxLayout()
        self.launch_button = QtWidgets.QPushButton(translate("SpaceWindow", "Launch with numbers…"))
        self.launch_button.clicked.connect(self.launch_with_numbers)
        self.clear_button = QtWidgets.QPushButton(translate("SpaceWindow", "Clear"))
        self.clear_button.clicked.connect(self.scene.clear)
        row.addWidget(self.launch_button)
        row.addWidget(self.clear_button)
        column.addLayout(row)
        row = QtWidgets.QHBoxLayout()
        self.vz_spin = float_spin(0.1, -100.0, 100.0, 0.05, 3, translate("SpaceWindow", "The out-of-plane speed given to the plane's launches"))
        self.lift_button = QtWidgets.QPushButton(translate("SpaceWindow", "Plane's launches + v_z"))
        self.lift_button.setToolTip(translate("SpaceWindow", "Drag launches in the main window's plane, then bring them here with this v_z"))
        self.lift_button.clicked.connect(self.lift_plane_launches)
        self.lift_button.setEnabled(self._plane_state is not None)
        row.addWidget(QtWidgets.QLabel(translate("SpaceWindow", "v_z")))
        row.addWidget(self.vz_spin)
        row.addWidget(self.lift_button)
        column.addLayout(row)
        view = QtWidgets.QGridLayout()
        self.field_box = QtWidgets.QCheckBox(translate("SpaceWindow", "Field lines and equipotentials"))
        self.field_box.setChecked(True)
        self.field_box.toggled.connect(self._on_field_toggled)
        self.shadow_box = QtWidgets.QCheckBox(translate("SpaceWindow", "Shadows on the x–y plane"))
        self.shadow_box.setChecked(self.scene.projection)
        self.shadow_box.toggled.connect(self._on_shadows_toggled)
        self.top_button = QtWidgets.QPushButton(translate("SpaceWindow", "Look down on x–y"))
        self.top_button.clicked.connect(self.look_down)
        self.home_button = QtWidgets.QPushButton(translate("SpaceWindow", "Reset camera"))
        self.home_button.clicked.connect(self.reset_camera)
        view.addWidget(self.field_box, 0, 0, 1, 2)
        view.addWidget(self.shadow_box, 1, 0, 1, 2)
        view.addWidget(self.top_button, 2, 0)
        view.addWidget(self.home_button, 2, 1)
        column.addLayout(view)
        self.camera_label = QtWidgets.QLabel("")
        column.addWidget(self.camera_label)
        row = QtWidgets.QHBoxLayout()
        self.play_button = QtWidgets.QPushButton(translate("SpaceWindow", "Play"))
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play)
        self.time_slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.time_slider.setRange(0, 1000)
        self.time_slider.valueChanged.connect(self._on_slider)
        self.time_slider.setAccessibleName(translate("SpaceWindow", "Time"))
        row.addWidget(self.play_button)
        row.addWidget(self.time_slider)
        column.addLayout(row)
        self.time_label = QtWidgets.QLabel("")
        column.addWidget(self.time_label)
        self.readouts = QtWidgets.QTableWidget(0, 5)
        self.readouts.setHorizontalHeaderLabels([translate("SpaceWindow", "fate"), translate("SpaceWindow", "E"),
                                                 translate("SpaceWindow", "C"), translate("SpaceWindow", "L_axis"),
                                                 translate("SpaceWindow", "drift")])
        self.readouts.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.readouts.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.readouts.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.readouts.itemSelectionChanged.connect(self._on_row_selected)
        column.addWidget(self.readouts, 1)
        return page

    def _build_pendulum(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(page)
        note = QtWidgets.QLabel(translate("SpaceWindow", "In Sundman time (dτ = dt / r²) the direction of the charge moves as "
                                                         "a spherical pendulum with its “gravity” along the dipole's axis; "
                                                         "C is its energy, L_axis its angular momentum about the axis."))
        note.setWordWrap(True)
        column.addWidget(note)
        self.pendulum_figure = Figure(dpi=100)
        self.pendulum_canvas = QtCanvas(self.pendulum_figure)
        self.pendulum_canvas.setMinimumHeight(200)
        column.addWidget(self.pendulum_canvas, 1)
        return page

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(translate("SpaceWindow", "&File"))
        self.figure_action = self._action(menu, translate("SpaceWindow", "Export &figure of this view…"), self.export_figure)
        self.animation_action = self._action(menu, translate("SpaceWindow", "Export &animation, the camera turning…"), self.export_animation)
        self.data_action = self._action(menu, translate("SpaceWindow", "Export &data with z…"), self.export_data)
        menu.addSeparator()
        self._action(menu, translate("SpaceWindow", "&Close"), self.close, "Ctrl+W")
        view = self.menuBar().addMenu(translate("SpaceWindow", "&View"))
        self._action(view, translate("SpaceWindow", "Look &down on the x–y plane"), self.look_down, "T")
        self._action(view, translate("SpaceWindow", "&Reset camera"), self.reset_camera, "Home")
        self._action(view, translate("SpaceWindow", "&Shadows on the x–y plane"), self.shadow_box.toggle, "P")
        self._action(view, translate("SpaceWindow", "&Play or pause"), self.play_button.toggle, "Space")
        self.side.currentChanged.connect(lambda _index: self._draw_pendulum())

    def _action(self, menu, text: str, slot, shortcut: str | None = None) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        if shortcut:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        turns = {QtCore.Qt.Key.Key_Left: (0.0, -TURN_STEP), QtCore.Qt.Key.Key_Right: (0.0, TURN_STEP),
                 QtCore.Qt.Key.Key_Up: (TURN_STEP, 0.0), QtCore.Qt.Key.Key_Down: (-TURN_STEP, 0.0)}
        if event.key() in turns:
            d_elev, d_azim = turns[event.key()]
            elev, azim = self.camera()
            self.set_camera(max(-90.0, min(90.0, elev + d_elev)), azim + d_azim)
            return
        super().keyPressEvent(event)

    def camera(self) -> tuple[float, float]:
        if self._layers is None:
            return self.scene.camera
        return float(self._layers.ax.elev), float(self._layers.ax.azim)

    def set_camera(self, elev: float, azim: float) -> None:
        self.scene.camera = (elev, azim)
        if self._layers is not None:
            self._layers.set_camera(elev, azim)
            self.canvas.draw_idle()
        self._show_camera()

    def look_down(self) -> None:
        self.set_camera(90.0, -90.0)

    def reset_camera(self) -> None:
        self.set_camera(*HOME)

    def _show_camera(self) -> None:
        elev, azim = self.camera()
        self.scene.camera = (elev, azim)
        self.camera_label.setText(translate("SpaceWindow", "Camera: elevation {elev}°, azimuth {azim}° (drag or arrow keys)").format(
            elev=f"{elev:.0f}", azim=f"{azim:.0f}"))

    @pace.urgent()
    def _redraw(self) -> None:
        """The scene's paths and k on the 3-D Axes: the same Axes and field while the theme and the radius stay (a new
        Axes and its field cost most of a redraw; the monkey saw a change of preset or k hold the window 0.4-0.55 s)."""
        from app.figures.space import draw_space

        drawn_for = (self.theme, float(self.scene.radius))
        if self._layers is not None and self._layers_for == drawn_for and self._layers.ax.figure is self.figure:
            self._layers.set_k(self.scene.k)
            self._layers.set_trajectories(self.scene.trajectories, self.scene.time)
            self._layers.set_projection(self.shadow_box.isChecked())
        else:
            elev, azim = self.camera()
            self.figure.clear()
            self._layers = draw_space(self.figure, self.scene.k, self.scene.trajectories, self.theme, self.scene.radius,
                                      elev, azim, self.scene.time, self.shadow_box.isChecked())
            self._layers_for = drawn_for
        self._layers.set_field_visible(self.field_box.isChecked())
        self.canvas.draw_idle()
        self._show_camera()

    def recompute(self) -> None:
        """Integrate the launches on a worker (the first time sympy derives the equations there too), one worker at
        a time: a request while one runs stops it after its current launch, and runs once it has ended. (Each was
        left running before: a held arrow key on k piled up a hundred threads integrating in Python, and the
        window stood still for seconds.)"""
        running = self._worker
        if running is not None and running.isRunning():
            self._stop.set()
            running.cancel()
            self._recompute_pending = True
            return
        self._recompute_pending = False
        work, generation = self.scene.job()
        stop = self._stop = threading.Event()

        def job():
            from physics.space.equations import space_model

            space_model()
            return work(stop)

        self._show_equations_when_ready()

        worker = Worker(job, self, name="space")
        worker.done.connect(lambda result, generation=generation: self.scene.set_trajectories(result, generation))
        worker.failed.connect(lambda message: self.statusBar().showMessage(message, 8000))
        worker.finished.connect(self._after_worker)
        self.busy.track(worker, translate("SpaceWindow", "Integrating the launches in space"))
        self._worker = worker
        worker.start()

    def _after_worker(self) -> None:
        """A worker's thread has ended: the request that waited for it runs now."""
        if self._recompute_pending and self._worker is not None:
            self._worker.wait()  # `finished` comes just before the thread ends
            self.recompute()

    def _show_equations_when_ready(self) -> None:
        from physics.space.equations import model_ready, space_model

        if not model_ready():
            return
        if self._equations_body is None:  # sympy prints them once (10 ms each time, on every change of k before)
            self._equations_body = space_model().equations.text()
        text = translate("SpaceWindow", "Euler–Lagrange equations sympy derives from "
                         "T = ½(ṙ² + r²θ̇² + r² sin²θ φ̇²) and U = −k cos θ / r²:") + "\n\n" + self._equations_body
        if text != self.equations_text.toPlainText():
            self.equations_text.setPlainText(text)

    def _on_trajectories_changed(self) -> None:
        self._show_equations_when_ready()
        if not self.scene.trajectories and self.scene.launches:
            self.recompute()
            if self._layers is not None:
                # the paths of before stay on show until the new ones come, as in the plane: drawing the view without
                # them first doubled the work of every change of k or of the launches
                return
        self._redraw()
        self._fill_readouts()
        self._draw_pendulum()
        self._on_time_changed(self.scene.time)

    @pace.urgent()
    def set_theme(self, name: str) -> None:
        if name != self.theme:
            self.theme = name
            self._redraw()
            self._draw_pendulum()  # only if its page is in front: otherwise when it is shown (it was drawn anyway)

    def _keep_in_session(self) -> None:
        """The main window's session keeps the 3-D launches (File ▸ Save writes them as version 4)."""
        if self._plane_state is not None and not self._following:
            self._plane_state.space_setup = self.scene.setup() if self.scene.launches else None
            self._session_setup = self._plane_state.space_setup

    def _on_particles_changed(self) -> None:
        self._session_check.start()

    def _follow_session(self) -> None:
        """Show the session's 3-D launches if a session was applied since this view last read or wrote them.

        Only apply_session sets space_setup besides this view, so a different object means a new session. Without
        3-D launches the view shows its preset again and leaves the session as it is (nothing to save, no unsaved mark).
        """
        saved = getattr(self._plane_state, "space_setup", None)
        if saved is self._session_setup:
            return
        self._session_setup = saved
        setup = saved or preset_setup(DEFAULT_PRESET)
        self._following = True
        try:
            self.scene.load(setup)
        finally:
            self._following = False
        self.scene.set_time(0.0)
        self.preset_box.setCurrentIndex(0)
        self.shadow_box.setChecked(setup.projection)
        self.set_camera(setup.elev, setup.azim)

    def _on_time_changed(self, t: float) -> None:
        if self._layers is not None:
            self._layers.set_time(t)
            self.canvas.draw_idle()
        duration = self.scene.duration
        blocked = self.time_slider.blockSignals(True)
        self.time_slider.setValue(int(round(1000 * t / duration)) if duration > 0 else 0)
        self.time_slider.blockSignals(blocked)
        self.time_label.setText(translate("SpaceWindow", "t = {t} of {end}").format(t=f"{t:.3g}", end=f"{duration:.3g}"))

    def _on_k_spin(self, value: float) -> None:
        self.scene.set_k(value)

    def _on_k_changed(self, k: float) -> None:
        blocked = self.k_spin.blockSignals(True)
        self.k_spin.setValue(k)
        self.k_spin.blockSignals(blocked)

    def _on_preset(self, index: int) -> None:
        name = self.preset_box.itemData(index)
        if name:
            self.scene.load(preset_setup(name))
            self.scene.set_time(0.0)

    def _on_field_toggled(self, shown: bool) -> None:
        if self._layers is not None:
            self._layers.set_field_visible(shown)
            self.canvas.draw_idle()

    def _on_shadows_toggled(self, shown: bool) -> None:
        self.scene.projection = shown
        if self._layers is not None:
            self._layers.set_projection(shown)
            self.canvas.draw_idle()

    def _on_play(self, playing: bool) -> None:
        self.play_button.setText(translate("SpaceWindow", "Pause") if playing else translate("SpaceWindow", "Play"))
        if playing:
            if self.scene.time >= self.scene.duration:
                self.scene.set_time(0.0)
            self.timer.start()
        else:
            self.timer.stop()

    def _tick(self) -> None:
        duration = self.scene.duration
        if duration <= 0:
            self.play_button.setChecked(False)
            return
        t = self.scene.time + duration * TICK_MS / 1000.0 / PLAY_SECONDS
        self.scene.set_time(min(t, duration))
        if t >= duration:
            self.play_button.setChecked(False)

    def _on_slider(self, value: int) -> None:
        self.scene.set_time(self.scene.duration * value / 1000.0)

    def launch_with_numbers(self) -> None:
        from ui.space.launch import SpaceLaunchDialog

        dialog = SpaceLaunchDialog(self.scene.k, self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.add_launch(dialog.launch())

    def add_launch(self, launch: SpaceLaunch) -> None:
        try:
            self.scene.add_launch(launch)
        except ValueError as exc:
            QtWidgets.QMessageBox.warning(self, translate("SpaceWindow", "Launch in space"), str(exc))

    def lift_plane_launches(self) -> None:
        """The main window's launches, each with the out-of-plane speed v_z, in one change; those that do not fit
        are named in one box (a box for each, before: 80 boxes to close after lifting 120 launches)."""
        if self._plane_state is None:
            return
        vz = self.vz_spin.value()
        launches = [SpaceLaunch.from_planar(particle.launch, vz) for particle in self._plane_state.particles]
        if not launches:
            self.statusBar().showMessage(
                translate("SpaceWindow", "The main window has no launches to bring here: launch some in its plane first"), 8000)
            return
        added, refused = self.scene.add_launches(launches)
        if added < len(launches):
            QtWidgets.QMessageBox.warning(self, translate("SpaceWindow", "Launch in space"), translate(
                "SpaceWindow", "Brought {added} of the plane's {total} launches here: {reason}").format(
                added=added, total=len(launches), reason="; ".join(localise(reason) for reason in refused)))

    def _fill_readouts(self) -> None:
        from physics.outcome import outcome_text
        from physics.space.motion import classify_space

        trajectories = self.scene.trajectories
        self.readouts.setRowCount(len(trajectories))
        for row, tr in enumerate(trajectories):
            fate = classify_space(tr.launch, tr.k, float(tr.energy[0]), float(tr.C[0]))
            drift = max(_relative_drift(tr))
            cells = (localise(outcome_text(fate, tr)), f"{tr.energy[0]:.4g}", f"{tr.C[0]:.4g}", f"{tr.L_axis[0]:.4g}", f"{drift:.0e}")
            for column, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                if column == 4:
                    item.setToolTip(translate("SpaceWindow",
                                              "The largest change of E, C and L_axis along the path, each relative to the size of its terms"))
                if column == 0:
                    item.setToolTip(localise(fate.describe()))
                self.readouts.setItem(row, column, item)
        self.readouts.setVerticalHeaderLabels([f"#{i + 1}" for i in range(len(trajectories))])
        if trajectories and not self.readouts.selectedItems():
            self.readouts.selectRow(len(trajectories) - 1)

    def _on_row_selected(self) -> None:
        self._draw_pendulum()

    def selected_trajectory(self):
        trajectories = self.scene.trajectories
        rows = sorted({index.row() for index in self.readouts.selectedIndexes()})
        if rows and rows[0] < len(trajectories):
            return trajectories[rows[0]]
        return trajectories[-1] if trajectories else None

    @pace.urgent()
    def _draw_pendulum(self) -> None:
        from app.figures.space import pendulum_figure

        if self.side.currentIndex() != 1:
            return  # drawn when its page is shown (a change of theme drew its 3-D Axes and colour bar unseen)
        trajectory = self.selected_trajectory()
        shown = self._pendulum_shown
        if shown is not None and shown[0] is trajectory and shown[1] == self.theme and self.pendulum_figure.axes:
            return  # the same picture: a change of page or a click on the same row draws nothing again
        self.pendulum_figure.clear()
        pendulum_figure(self.pendulum_figure, trajectory, self.theme)
        self._pendulum_shown = (trajectory, self.theme)
        self.pendulum_canvas.draw_idle()

    def _save_path(self, title: str, filters: str) -> str:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, title, "", filters)
        return path

    def _run_export(self, text: str, function) -> None:
        worker = Worker(function, self, name="space export")
        worker.done.connect(lambda _result: self.statusBar().showMessage(translate("SpaceWindow", "Exported."), 5000))
        worker.failed.connect(lambda message: QtWidgets.QMessageBox.warning(self, translate("SpaceWindow", "Export"), message))
        self.busy.track(worker, text)
        worker.start()

    def export_figure(self) -> None:
        from app.space.export import export_space_figure

        path = self._save_path(translate("SpaceWindow", "Export the 3-D view"), "PNG (*.png);;SVG (*.svg);;PDF (*.pdf)")
        if path:
            scene, theme, (elev, azim) = self.scene, self.theme, self.camera()
            self._run_export(translate("SpaceWindow", "Writing the figure"),
                             lambda: export_space_figure(scene, path, theme=theme, elev=elev, azim=azim, time=scene.time))

    def export_animation(self) -> None:
        from app.space.export import export_space_animation

        path = self._save_path(translate("SpaceWindow", "Export an animation of the 3-D view"), "MP4 (*.mp4);;GIF (*.gif)")
        if path:
            scene, theme, (elev, azim) = self.scene, self.theme, self.camera()
            fps = 20 if path.lower().endswith(".gif") else 30
            self._run_export(translate("SpaceWindow", "Writing the animation"),
                             lambda: export_space_animation(scene, path, fps=fps, duration=8.0, theme=theme, elev=elev, azim=azim))

    def export_data(self) -> None:
        from app.space.export import export_space_data

        path = self._save_path(translate("SpaceWindow", "Export the data with z columns"), "CSV (*.csv);;JSON (*.json);;NPZ (*.npz)")
        if path:
            scene = self.scene
            self._run_export(translate("SpaceWindow", "Writing the data"), lambda: export_space_data(scene, path))

    def setup(self) -> SpaceSetup:
        return self.scene.setup()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.timer.stop()
        self._stop.set()
        self._recompute_pending = False
        self._session_check.stop()
        for signal, slot in ((self.scene.trajectories_changed, self._on_trajectories_changed),
                             (self.scene.time_changed, self._on_time_changed), (self.scene.k_changed, self._on_k_changed),
                             (self.scene.launches_changed, self._keep_in_session),
                             (getattr(self._plane_state, "theme_changed", None), self.set_theme),
                             (getattr(self._plane_state, "particles_changed", None), self._on_particles_changed)):
            if signal is not None and slot in signal._slots:  # noqa: SLF001
                signal.disconnect(slot)
        super().closeEvent(event)


def _relative_drift(tr) -> tuple[float, float, float]:
    """The largest change of E, C and L_axis along a path, each relative to the size of its terms: at each sample for
    E (½ṙ², ½|L|²/r², |k|/r²) and C (½|L|², |k|), along the whole path for L_axis (|y v_z|, |z v_y|, zero in the plane)."""
    m2 = np.maximum(2 * (tr.C + tr.k * tr.x / tr.r), 0.0)
    e_terms = np.maximum.reduce([0.5 * tr.vr**2, 0.5 * m2 / tr.r**2, np.full(tr.r.shape, abs(tr.k)) / tr.r**2])
    c_terms = np.maximum(0.5 * m2, abs(tr.k))
    l_scale = float(np.max(np.maximum(np.abs(tr.y * tr.vz), np.abs(tr.z * tr.vy)), initial=0.0))
    l_scale = max(l_scale, 1e-6 * float(np.sqrt(np.max(m2, initial=0.0))))  # in the plane L_axis and its terms are rounding
    with np.errstate(all="ignore"):
        parts = (np.abs(tr.energy - tr.energy[0]) / e_terms, np.abs(tr.C - tr.C[0]) / c_terms,
                 np.abs(tr.L_axis - tr.L_axis[0]) / l_scale if l_scale > 0 else np.zeros(1))
    return tuple(float(np.nanmax(p)) if np.isfinite(p).any() else 0.0 for p in parts)


def add_space_view_action(window) -> QtGui.QAction:
    """View ▸ 3-D view in the main window: opens (or raises) the 3-D view, in the window's theme, with its launches at hand."""
    action = QtGui.QAction(translate("MainWindow", "&3-D view"), window)
    action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+3"))
    action.setStatusTip(translate("MainWindow", "Open the 3-D view: charges that leave the plane"))

    def open_view() -> None:
        view = getattr(window, "space_window", None)
        if view is None or not view.isVisible():
            state = getattr(window, "state", None)
            view = SpaceWindow(theme=getattr(state, "theme", "default"), plane_state=state)
            view.resize(1100, 700)
            window.space_window = view
        view.show()
        view.raise_()
        view.activateWindow()

    action.triggered.connect(lambda _checked=False: open_view())
    window.view_menu.addAction(action)
    window.addAction(action)  # its shortcut works while the menu bar is hidden (full screen)
    return action


def screenshot(path: str, size=(1280, 720), theme: str = "default", preset: str = "space-winds-in", page: int = 0) -> None:
    """Render the 3-D view's window offscreen into a PNG, as the window looks at `size`."""
    from ui.workers import wait_for_all

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    from ui.qt_theme import apply_qt_theme

    apply_qt_theme(theme)
    view = SpaceWindow(SpaceScene(preset_setup(preset)), theme=theme)
    view.resize(*size)
    view.show()
    wait_for_all()
    app.processEvents()
    view.scene.set_time(view.scene.duration * 0.85)
    view.side.setCurrentIndex(page)
    app.processEvents()
    view.canvas.draw_now()
    view.pendulum_canvas.draw_now()
    view.grab().save(path)
    view.close()
