"""Simulation ▸ Challenge…: hit the target with a launch, in a limited number of tries (the game is app/challenge/).

    window.play = install_play(window)     # after the menus are built, before their shortcuts are bound

The challenge is a dock beside the plot (never modal): the level's text, the tries left, what the last
launch did, the level chooser, Restart, Next level and Load level file…. Starting a level replaces the
launches with none (one undoable step), sets k and the view the level asks for, and draws the start
zone, the targets and the forbidden zones on the plot (app/challenge/drawing.py). The student launches
as always, by dragging on the plot or with the keyboard's launch cursor (Enter, arrows, Enter); each new
launch is judged once its path has been computed. The fewest tries each level took is remembered in the
settings. install_play also adds Help ▸ Getting started (ui/tour.py) and shows the tour on a first start.
"""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6 import QtCore, QtGui, QtWidgets

from app.challenge import LevelError, Run, builtin_levels, judge, load_level
from app.challenge.drawing import draw_level
from app.challenge.outcome import FORBIDDEN, HIT, MISSED, REFUSED, Outcome
from physics.field import ViewBox
from ui.i18n import translate
from ui.subscriptions import Subscriptions

SCORE_KEY = "challenge/best/{title}"


def k_rule(level) -> str:
    """What the level says about k, in the window's language."""
    if level.student_chooses_k:
        low, high = level.k_range
        return translate("Challenge", "You choose k: from {low} to {high}, with the k bar.").format(low=f"{low:g}", high=f"{high:g}")
    return translate("Challenge", "k = {k}, set by the level.").format(k=f"{level.k:g}")


def describe(outcome, level) -> str:
    """One line saying what a launch did."""
    if outcome.kind == HIT:
        return translate("Challenge", "Hit! The charge reached the target at t = {t}.").format(t=f"{outcome.t:.2f}")
    if outcome.kind == FORBIDDEN:
        return translate("Challenge", "Forbidden zone: the charge touched it at t = {t}.").format(t=f"{outcome.t:.2f}")
    if outcome.kind == MISSED:
        why = {"r_min": translate("Challenge", "it fell into the dipole"),
               "r_max": translate("Challenge", "it flew off"),
               "t_max": translate("Challenge", "time ran out")}.get(outcome.reason, outcome.reason)
        return translate("Challenge", "Missed by {distance}: {why}.").format(distance=f"{outcome.closest:.2f}", why=why)
    return translate("Challenge", "Not counted: {why}.").format(why=refusal(outcome, level))


def refusal(outcome, level) -> str:
    """Why a launch was refused, in the window's language (the reasons of app.challenge.outcome.launch_problem)."""
    reason = outcome.reason
    if reason.startswith("this level is played"):
        return k_rule(level)
    if reason == "point dipole":
        return translate("Challenge", "the challenge is played with the point dipole (Restart level brings it back)")
    if "start zone" in reason:
        return translate("Challenge", "launch from inside the green start zone")
    if "target" in reason:
        return translate("Challenge", "a launch may not start on a target")
    if "forbidden" in reason:
        return translate("Challenge", "a launch may not start in a forbidden zone")
    return reason


class ChallengePanel(QtWidgets.QDockWidget):
    """The challenge dock: one level at a time, judged from the state's paths."""

    notice = QtCore.Signal(str)

    def __init__(self, window, settings: QtCore.QSettings | None = None):
        super().__init__(translate("Challenge", "Challenge"), window)
        self.setObjectName("challenge_dock")
        self._window = window
        self._state = window.state
        self._canvas = window.canvas
        self._settings = settings
        self.levels = builtin_levels()
        self.run: Run | None = None
        self._judged: set[int] = set()
        self._artists: list = []
        self._subs = Subscriptions()
        self._listening = False

        body = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(body)
        self.chooser = QtWidgets.QComboBox()
        self.chooser.setAccessibleName(translate("Challenge", "challenge level"))
        self.chooser.activated.connect(lambda index: self.start(self.levels[index]))
        column.addWidget(self.chooser)
        self.title = QtWidgets.QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(QtCore.Qt.TextFormat.RichText)
        column.addWidget(self.title)
        self.text = QtWidgets.QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # a teacher's text is shown as written
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.text)
        self.k_label = QtWidgets.QLabel()
        self.k_label.setWordWrap(True)
        column.addWidget(self.k_label)
        self.tries = QtWidgets.QLabel()
        self.tries.setAccessibleName(translate("Challenge", "tries left"))
        column.addWidget(self.tries)
        self.result = QtWidgets.QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.result.setAccessibleName(translate("Challenge", "what the last launch did"))
        column.addWidget(self.result)
        buttons = QtWidgets.QGridLayout()
        self.restart_button = QtWidgets.QPushButton(translate("Challenge", "&Restart level"))
        self.restart_button.clicked.connect(lambda: self.start(self.run.level) if self.run else None)
        self.next_button = QtWidgets.QPushButton(translate("Challenge", "&Next level"))
        self.next_button.clicked.connect(self.next_level)
        self.load_button = QtWidgets.QPushButton(translate("Challenge", "&Load level file…"))
        self.load_button.setToolTip(translate("Challenge", "Play a level written as a JSON file (see app/challenge/levels for examples)"))
        self.load_button.clicked.connect(lambda: self.ask_level_file())
        self.end_button = QtWidgets.QPushButton(translate("Challenge", "&End challenge"))
        self.end_button.setToolTip(translate("Challenge", "Take the targets off the plot and close the challenge"))
        self.end_button.clicked.connect(self.close)
        self.aim_button = QtWidgets.QPushButton(translate("Challenge", "&Aim from the start zone"))
        self.aim_button.setToolTip(translate("Challenge", "Show the keyboard's launch cursor in the start zone: the arrows move it, "
                                                          "W/A/S/D change the velocity, Enter launches"))
        self.aim_button.clicked.connect(self.aim)
        column.addWidget(self.aim_button)
        buttons.addWidget(self.restart_button, 0, 0)
        buttons.addWidget(self.next_button, 0, 1)
        buttons.addWidget(self.load_button, 1, 0)
        buttons.addWidget(self.end_button, 1, 1)
        column.addLayout(buttons)
        column.addStretch(1)
        scroll = _VerticalScroll()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.setWidget(scroll)
        self.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self._fill_chooser()

    # levels and scores

    def best(self, level) -> int | None:
        if self._settings is None:
            return None
        value = self._settings.value(SCORE_KEY.format(title=level.title))
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def _remember_score(self, level, tries: int) -> None:
        if self._settings is None:
            return
        best = self.best(level)
        if best is None or tries < best:
            self._settings.setValue(SCORE_KEY.format(title=level.title), tries)

    def _fill_chooser(self) -> None:
        blocked = self.chooser.blockSignals(True)
        current = self.chooser.currentIndex()
        self.chooser.clear()
        for i, level in enumerate(self.levels):
            best = self.best(level)
            text = f"{i + 1}. {_localise(level.title)}"
            if best is not None:
                text += "  " + translate("Challenge", "(best: {tries} of {allowed} tries)").format(tries=best, allowed=level.tries)
            self.chooser.addItem(text)
        if self.run is not None and self.run.level in self.levels:
            self.chooser.setCurrentIndex(self.levels.index(self.run.level))
        elif current >= 0:
            self.chooser.setCurrentIndex(min(current, len(self.levels) - 1))
        self.chooser.blockSignals(blocked)

    def add_level(self, level) -> None:
        """Put a level (read from a teacher's file) in the chooser and start it."""
        self.levels.append(level)
        self._fill_chooser()
        self.start(level)

    def open_level_file(self, path: str) -> bool:
        """Read a level file and start it; a bad file is refused with one line in the panel and the status bar."""
        try:
            level = load_level(path)
        except LevelError as exc:
            message = translate("Challenge", "Level not loaded: {reason}").format(reason=str(exc))
            self.result.setText(message)
            self.notice.emit(message)
            return False
        self.add_level(level)
        return True

    def ask_level_file(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self._window, translate("Challenge", "Load a challenge level"), "",
                                                        translate("Challenge", "Challenge levels (*.json)"))
        if path:
            self.open_level_file(path)

    # playing

    def start(self, level) -> None:
        """Start (or restart) a level: no launches, its k and view, its shapes on the plot."""
        state = self._state
        settings = state.settings
        settings = replace(settings, t_max=20.0, samples=max(settings.samples, 1001), r_min=0.05, r_max=100.0)
        view = ViewBox(*level.view) if level.view is not None else None
        self.run = Run(level)
        state.challenge_run = self.run  # File ▸ Export figure, Print and animations draw the level too
        self._judged = {p.id for p in state.particles}  # launches from before the level (Ctrl+Z brings them back) are not tries
        state.replace_all(level.initial_k, [], view=view, settings=settings, potential=None)
        if not self._listening:
            self._listening = True
            self._subs.connect(state.trajectories_changed, self._on_paths)
            self._subs.connect(state.theme_changed, lambda _name: self._draw())
        self._draw()
        self._fill_chooser()
        self._show_level()
        self.result.setText(translate("Challenge", "Drag on the plot from the green zone to launch, or press Enter for the launch cursor."))

    def aim(self) -> None:
        """The keyboard's launch cursor, in the middle of the start zone (or where it was), with the plot focused."""
        start = self.run.level.start if self.run is not None else None
        point = None
        if start is not None:
            v = start.values
            point = v[:2] if start.kind == "circle" else ((v[0] + v[1]) / 2, (v[2] + v[3]) / 2)
        self._canvas.setFocus()
        self._canvas.show_key_cursor(point)

    def next_level(self) -> None:
        if not self.levels:
            return
        i = self.levels.index(self.run.level) + 1 if self.run is not None and self.run.level in self.levels else 0
        self.start(self.levels[i % len(self.levels)])

    def _show_level(self) -> None:
        run = self.run
        level = run.level
        number = self.levels.index(level) + 1 if level in self.levels else 0
        self.title.setText("<b>" + translate("Challenge", "Level {number}: {title}").format(number=number, title=_escape(_localise(level.title)))
                           + "</b>")
        self.text.setText(_localise(level.text))
        self.k_label.setText(k_rule(level))
        if run.won:
            text = translate("Challenge", "Solved in {used} of {allowed} tries.").format(used=run.score(), allowed=level.tries)
        elif run.over:
            text = translate("Challenge", "No tries left: Restart level to try again.")
        else:
            text = translate("Challenge", "Tries left: {left} of {allowed}").format(left=run.tries_left, allowed=level.tries)
        self.tries.setText(text)
        self.next_button.setDefault(run.won)

    def _draw(self) -> None:
        for artist in self._artists:
            artist.remove()
        self._artists = []
        if self.run is not None:
            self._artists = draw_level(self._canvas.ax, self.run.level, self._state.theme, won=self.run.won)
        self._canvas.redraw()

    def _on_paths(self) -> None:
        """Judge each launch whose path has just come in (once: a later change of k does not judge it again)."""
        run = self.run
        if run is None:
            return
        for particle in self._state.particles:
            if particle.id in self._judged:
                continue
            trajectory = self._state.trajectory(particle.id)
            if trajectory is None:
                continue
            self._judged.add(particle.id)
            if run.over:
                continue
            outcome = judge(run.level, trajectory) if self._state.is_point_dipole else Outcome(REFUSED, "point dipole")
            run.record(outcome)
            message = describe(outcome, run.level)
            self.result.setText(message)
            self.notice.emit(message)
            if outcome.kind == HIT:
                self._remember_score(run.level, run.score())
                self._fill_chooser()
                self._draw()
            elif outcome.kind != REFUSED and run.over:
                self.result.setText(message + " " + translate("Challenge", "No tries left."))
        self._show_level()

    def stop(self) -> None:
        """Take the level off the plot and stop judging launches."""
        self._subs.disconnect_all()
        self._listening = False
        self.run = None
        self._state.challenge_run = None
        if self._artists:
            for artist in self._artists:
                artist.remove()
            self._artists = []
            self._canvas.redraw()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.stop()
        super().closeEvent(event)

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()
        self._listening = False


class _VerticalScroll(QtWidgets.QScrollArea):
    """Scrolls up and down only: as wide as its page needs at least (the buttons' width in any type size), so the
    dock never cuts the text or hides the buttons behind a sideways scroll bar."""

    def __init__(self):
        super().__init__()
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        page = self.widget()
        if page is not None:
            hint.setWidth(page.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth())
        return hint


def _localise(text: str) -> str:
    """A shipped level's title or text in the window's language (ui/physics_text.py lists them); a teacher's as written."""
    from ui.language import localise

    return localise(text)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


class Play(QtCore.QObject):
    """The challenge dock and the getting-started tour of one window."""

    def __init__(self, window, settings: QtCore.QSettings | None):
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.panel: ChallengePanel | None = None
        self.tour = None
        self.challenge_action = QtGui.QAction(translate("Challenge", "C&hallenge…"), self)
        self.challenge_action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+H"))
        self.challenge_action.setStatusTip(translate("Challenge", "Hit targets on the plot with a launch, in a few tries: "
                                                                  "levels that use the dipole's real dynamics"))
        self.challenge_action.triggered.connect(lambda _on=False: self.open_challenge())
        self.level_action = QtGui.QAction(translate("Challenge", "Load challenge &level…"), self)
        self.level_action.setStatusTip(translate("Challenge", "Play a challenge level from a JSON file (a teacher's own)"))
        self.level_action.triggered.connect(lambda _on=False: self.open_challenge().ask_level_file())
        self.tour_action = QtGui.QAction(translate("Tour", "&Getting started"), self)
        self.tour_action.setStatusTip(translate("Tour", "A short tour of the five things to know: k, launching, play, the panels, exporting"))
        self.tour_action.triggered.connect(lambda _on=False: self.start_tour())

    def open_challenge(self, level_index: int = 0) -> ChallengePanel:
        """Show the challenge dock (made on first use) with the first level, or the level it was showing."""
        if self.panel is None:
            self.panel = ChallengePanel(self._window, self._settings)
            self.panel.notice.connect(lambda text: self._window.statusBar().showMessage(text, 10000))
            self._window.addDockWidget(QtCore.Qt.DockWidgetArea.LeftDockWidgetArea, self.panel)
            from ui.accessibility import name_controls

            name_controls(self.panel)
        if self.panel.run is None or not self.panel.isVisible():
            self.panel.start(self.panel.levels[level_index])
        self.panel.show()
        self.panel.raise_()
        self.panel.chooser.setFocus()
        return self.panel

    def start_tour(self):
        from ui.tour import Tour

        if self.tour is None:
            self.tour = Tour(self._window)
        self.tour.start()
        return self.tour

    def show_tour_once(self) -> None:
        """On a first start: the tour, once (never in tests, never in screenshots: both run without these settings)."""
        from ui.tour import SEEN_KEY

        if self._settings is None or os.environ.get("DIPOLE_LAB_TEST") == "1" or self._settings.value(SEEN_KEY, False) in (True, "true"):
            return
        self._settings.setValue(SEEN_KEY, True)
        QtCore.QTimer.singleShot(800, lambda: self._window.isVisible() and self.start_tour())

    def disconnect_state(self) -> None:
        if self.panel is not None:
            self.panel.stop()
        if self.tour is not None:
            self.tour.finish()


def install_play(window) -> Play:
    """Add Simulation ▸ Challenge…, Load challenge level… and Help ▸ Getting started to `window` (menus built)."""
    play = Play(window, getattr(window, "_settings", None))
    window.simulation_menu.addSeparator()
    window.simulation_menu.addAction(play.challenge_action)
    window.simulation_menu.addAction(play.level_action)
    first = window.help_menu.actions()[0] if window.help_menu.actions() else None
    window.help_menu.insertAction(first, play.tour_action)
    play.show_tour_once()
    return play
