"""The animation: a QTimer moves the shared clock on; the trajectories were integrated once beforehand."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from ui.i18n import translate
from ui.qt_theme import tinted_icon
from ui.subscriptions import Subscriptions

FRAME_MS = 16  # about 60 frames per second
MAX_FRAME_GAP = 0.1  # seconds: after a stall the clock moves on by at most this much real time
SPEEDS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
SCRUB_TICKS = 1000
MIN_SCRUB = 160  # pixels: a narrower time slider is moved to a row of its own


class Player(QtCore.QObject):
    """Play, pause, step and restart the simulation clock; one unit of t per second at speed 1."""

    playing_changed = QtCore.Signal(bool)
    speed_changed = QtCore.Signal(float)

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self._state = state
        self._speed = 1.0
        self._timer = QtCore.QTimer(self)
        self._timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_tick)
        self._elapsed = QtCore.QElapsedTimer()
        self.frames = 0

        self.play_action = QtGui.QAction(translate("Player", "Play"), self)
        self.play_action.setCheckable(True)
        self.play_action.setShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Space))
        self.play_action.setStatusTip(translate("Player", "Play or pause the animation (Space)"))
        self.play_action.toggled.connect(self._on_play_toggled)
        self.step_action = QtGui.QAction(translate("Player", "Step"), self)
        self.step_action.setShortcut(QtGui.QKeySequence("."))
        self.step_action.setStatusTip(translate("Player", "Pause and move the clock on by one sample (.)"))
        self.step_action.triggered.connect(self.step)
        self.restart_action = QtGui.QAction(translate("Player", "Restart"), self)
        self.restart_action.setShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Home))
        self.restart_action.setStatusTip(translate("Player", "Set the clock back to t = 0 (Home)"))
        self.restart_action.triggered.connect(self.restart)
        self.faster_action = QtGui.QAction(translate("Player", "Faster"), self)
        self.faster_action.setShortcut(QtGui.QKeySequence("]"))
        self.faster_action.triggered.connect(lambda: self._shift_speed(1))
        self.slower_action = QtGui.QAction(translate("Player", "Slower"), self)
        self.slower_action.setShortcut(QtGui.QKeySequence("["))
        self.slower_action.triggered.connect(lambda: self._shift_speed(-1))

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def speed(self) -> float:
        return self._speed

    def set_speed(self, speed: float) -> None:
        speed = float(speed)
        if not speed > 0:
            raise ValueError(f"the speed must be positive, got {speed!r}")
        if speed != self._speed:
            self._speed = speed
            self.speed_changed.emit(speed)

    def _shift_speed(self, step: int) -> None:
        nearest = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self._speed))
        self.set_speed(SPEEDS[max(0, min(len(SPEEDS) - 1, nearest + step))])

    def play(self) -> None:
        if self.playing:
            return
        if self._state.time >= self._state.duration:
            self._state.restart()
        self._elapsed.start()
        self._timer.start()
        self._sync_action(True)
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if not self.playing:
            return
        self._timer.stop()
        self._sync_action(False)
        self.playing_changed.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def step(self) -> None:
        """Pause and move the clock on by one sample interval."""
        self.pause()
        s = self._state.settings
        self._state.advance(s.t_max / (s.samples - 1))

    def restart(self) -> None:
        self._state.restart()

    def _on_play_toggled(self, on: bool) -> None:
        self.play() if on else self.pause()

    def _sync_action(self, on: bool) -> None:
        was_blocked = self.play_action.blockSignals(True)
        self.play_action.setChecked(on)
        self.play_action.setText(translate("Player", "Pause") if on else translate("Player", "Play"))
        self.play_action.blockSignals(was_blocked)

    def _on_tick(self) -> None:
        dt = min(self._elapsed.restart() / 1000.0, MAX_FRAME_GAP)
        self.frames += 1
        if not self._state.advance(dt * self._speed):
            self.pause()


class PlayerBar(QtWidgets.QWidget):
    """Buttons for the player, its speed, and a slider that scrubs the clock."""

    def __init__(self, state, player: Player, parent=None):
        super().__init__(parent)
        self._state = state
        self._player = player
        column = QtWidgets.QVBoxLayout(self)
        column.setContentsMargins(4, 2, 4, 2)
        column.setSpacing(2)
        layout = self._row = QtWidgets.QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        # the slider takes a row of its own when the buttons, the speed and the time leave it less than MIN_SCRUB
        # pixels (a 1024-pixel projector in the presentation theme with the side panel open left it 10)
        self._scrub_row = QtWidgets.QHBoxLayout()
        self._scrub_row.setContentsMargins(0, 0, 0, 0)
        column.addLayout(layout)
        column.addLayout(self._scrub_row)
        self._icons = {
            player.play_action: QtWidgets.QStyle.StandardPixmap.SP_MediaPlay,
            player.step_action: QtWidgets.QStyle.StandardPixmap.SP_MediaSeekForward,
            player.restart_action: QtWidgets.QStyle.StandardPixmap.SP_MediaSkipBackward,
        }
        self._tint_icons()
        for action in (player.restart_action, player.play_action, player.step_action):
            button = QtWidgets.QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            layout.addWidget(button)
        player.playing_changed.connect(self._on_playing_changed)
        layout.addWidget(QtWidgets.QLabel(translate("Player", "Speed")))
        self._speed = QtWidgets.QComboBox()
        for s in SPEEDS:
            self._speed.addItem(f"{s:g}×", s)
        self._speed.setToolTip(translate("Player", "Units of t per second of animation ([ slower, ] faster)"))
        self._speed.setAccessibleName(translate("Player", "speed"))
        self._speed.currentIndexChanged.connect(lambda i: player.set_speed(self._speed.itemData(i)))
        player.speed_changed.connect(self._on_speed_changed)
        layout.addWidget(self._speed)
        self._scrub = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self._scrub.setRange(0, SCRUB_TICKS)
        self._scrub.setToolTip(translate("Player", "Drag to move the clock"))
        self._scrub.setAccessibleName(translate("Player", "time"))
        self._scrub.valueChanged.connect(self._on_scrubbed)
        layout.addWidget(self._scrub, 1)
        self._time = QtWidgets.QLabel()
        self._time.setMinimumWidth(self.fontMetrics().horizontalAdvance("t = 0000.00 / 0000.00") + 8)
        self._time.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        # stands in for the slider while it has its own row, so that the time stays at the right end; shown and
        # hidden, never added and taken: PySide keeps the wrapper of every layout item it has handed out, and Qt
        # deletes a taken item behind it (a stale wrapper that a later object at the same address was read as)
        self._stand_in = QtWidgets.QWidget()
        self._stand_in.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred)
        self._stand_in.hide()
        layout.addWidget(self._stand_in, 1)
        layout.addWidget(self._time)

        self._subs = Subscriptions()
        self._subs.connect(state.clock_changed, self._on_clock_changed)
        self._subs.connect(state.trajectories_changed, self._on_duration_changed)
        self._on_speed_changed(player.speed)
        self._on_clock_changed(state.time)

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()

    @property
    def scrub_has_own_row(self) -> bool:
        return self._scrub_row.indexOf(self._scrub) >= 0

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_scrub()

    def _place_scrub(self) -> None:
        row = self._row
        others = [w for w in self.findChildren(QtWidgets.QWidget, options=QtCore.Qt.FindChildOption.FindDirectChildrenOnly)
                  if w not in (self._scrub, self._stand_in) and row.indexOf(w) >= 0]
        needed = sum(max(w.sizeHint().width(), w.minimumWidth()) for w in others) + row.spacing() * len(others)
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right() - needed
        if room >= MIN_SCRUB and self.scrub_has_own_row:
            self._scrub_row.removeWidget(self._scrub)
            row.insertWidget(row.indexOf(self._stand_in), self._scrub, 1)
            self._stand_in.hide()
        elif room < MIN_SCRUB and not self.scrub_has_own_row:
            row.removeWidget(self._scrub)
            self._scrub_row.addWidget(self._scrub)
            self._stand_in.show()

    def _on_playing_changed(self, playing: bool) -> None:
        pixmap = QtWidgets.QStyle.StandardPixmap.SP_MediaPause if playing else QtWidgets.QStyle.StandardPixmap.SP_MediaPlay
        self._icons[self._player.play_action] = pixmap
        self._player.play_action.setIcon(tinted_icon(self, pixmap))

    def _tint_icons(self) -> None:
        """The icons in the text's colour, so they show in every theme."""
        for action, pixmap in self._icons.items():
            action.setIcon(tinted_icon(self, pixmap))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self._tint_icons()
        elif event.type() == QtCore.QEvent.Type.FontChange:
            # the clock's label is as wide as its longest text in the current type size (never cut)
            self._time.setMinimumWidth(self.fontMetrics().horizontalAdvance("t = 0000.00 / 0000.00") + 8)

    def _on_speed_changed(self, speed: float) -> None:
        index = self._speed.findData(speed)
        if index < 0:
            self._speed.addItem(f"{speed:g}×", speed)
            index = self._speed.count() - 1
        was_blocked = self._speed.blockSignals(True)
        self._speed.setCurrentIndex(index)
        self._speed.blockSignals(was_blocked)

    def _on_scrubbed(self, tick: int) -> None:
        self._state.set_time(tick / SCRUB_TICKS * self._state.duration)

    def _on_duration_changed(self) -> None:
        self._on_clock_changed(self._state.time)

    def _on_clock_changed(self, t: float) -> None:
        end = self._state.duration
        was_blocked = self._scrub.blockSignals(True)
        self._scrub.setValue(round(t / end * SCRUB_TICKS) if end > 0 else 0)
        self._scrub.blockSignals(was_blocked)
        self._time.setText(f"t = {t:.2f} / {end:.2f}")
