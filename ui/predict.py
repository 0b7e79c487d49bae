"""Predict, then reveal: a launch first shows only its start and velocity; the class picks what it will do,
then the path is drawn and the pick is marked right or wrong by the exact classification.

The path is held back by the canvas alone (`PlotCanvas.set_hidden_paths`): the state and every export
still have it. While a question is open the readouts that would give the answer away (the particle
list, the readout, the plots, the regime map, ...) are blurred and disabled.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.classroom import ANSWERS, PredictScore, true_answer
from app.i18n import QT_TRANSLATE_NOOP
from app.themes import get_theme
from physics.exact import ESCAPES, FALLS, MARGINAL
from ui.i18n import translate
from ui.language import localise
from ui.qt_guard import guarded
from ui.subscriptions import Subscriptions

CHOICES = (
    (FALLS, "Falls in", "1"),
    (ESCAPES, "Escapes", "2"),
    (MARGINAL, "Marginal", "3"),
)
# the choices and answers in the window's language (CHOICES and app.classroom keep the English of the command line)
CHOICE_TEXT = {
    FALLS: QT_TRANSLATE_NOOP("Predict", "Falls in"),
    ESCAPES: QT_TRANSLATE_NOOP("Predict", "Escapes"),
    MARGINAL: QT_TRANSLATE_NOOP("Predict", "Marginal"),
}
ANSWER_TEXT = {
    FALLS: QT_TRANSLATE_NOOP("Predict", "falls into the dipole"),
    ESCAPES: QT_TRANSLATE_NOOP("Predict", "escapes"),
    MARGINAL: QT_TRANSLATE_NOOP("Predict", "is marginal (C = 0, or E = 0 moving out)"),
}
BLUR_RADIUS = 16
K_LABEL_ROOM = 230  # pixels kept free for the plot's k label at the top left
OVERLAY_MARGIN = 14


def answer_text(kind: str) -> str:
    """What the charge does (ANSWERS) in the window's language."""
    return translate("Predict", ANSWER_TEXT[kind]) if kind in ANSWER_TEXT else ANSWERS.get(kind, kind)


def score_words(right: int, asked: int) -> str:
    """The class's score (app.classroom.score_text) in the window's language."""
    if not asked:
        return translate("Predict", "no predictions yet")
    return translate("Predict", "{right} of {asked} right").format(right=right, asked=asked)


def verdict_text(truth: str | None, right: bool | None, description: str) -> str:
    """What the reveal says (app.classroom.verdict) in the window's language."""
    if right is None:
        return translate("Predict", "No exact answer here: {description}").format(description=description)
    if right:
        return translate("Predict", "Right! It {answer}.").format(answer=answer_text(truth))
    return translate("Predict", "Not this time: it {answer}.").format(answer=answer_text(truth))


class PredictOverlay(QtWidgets.QFrame):
    """The panel over the plot: the question with three big buttons, then the answer and the class's score."""

    picked = QtCore.Signal(str)
    closed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget):
        super().__init__(parent)
        self.setObjectName("predict_overlay")
        self.setProperty("scales_own_fonts", True)  # its fonts follow its own, which follows the window's
        self.setAutoFillBackground(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 10)
        top = QtWidgets.QHBoxLayout()
        self.title = QtWidgets.QLabel()
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        self.score = QtWidgets.QLabel()
        self.score.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.score)
        self.close_button = QtWidgets.QPushButton(translate("Predict", "Hide"))
        self.close_button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.closed.emit)
        top.addWidget(self.close_button)
        layout.addLayout(top)
        row = QtWidgets.QHBoxLayout()
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        for kind, _text, _key in CHOICES:
            button = QtWidgets.QPushButton()
            button.setMinimumHeight(52)
            button.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # keys stay with the plot: 1, 2, 3, Space
            button.clicked.connect(lambda _on=False, kind=kind: self.picked.emit(kind))
            row.addWidget(button)
            self.buttons[kind] = button
        layout.addLayout(row)
        self._row = row
        self.refresh_texts()
        self._scale_fonts()
        self.hide()

    def refresh_texts(self) -> None:
        """The buttons' texts and tips in the window's language (again after View ▸ Language)."""
        for kind, english, key in CHOICES:
            text = translate("Predict", CHOICE_TEXT.get(kind, english))
            button = self.buttons[kind]
            button.setText(f"{key}   {text}")
            button.setAccessibleName(text)
            tip = translate("Predict", "Predict: the charge {answer} (key {key})").format(answer=answer_text(kind), key=key)
            if kind == MARGINAL:
                tip = translate("Predict", "{tip}; marginal: it swings on a circle, just reaches the dipole, or escapes as r ∝ √t").format(tip=tip)
            button.setToolTip(tip)

    def style_for(self, theme_name: str) -> None:
        """The plot's colours; the fonts follow the window's (larger in the presentation theme)."""
        theme = get_theme(theme_name)
        palette = self.palette()
        background, foreground = QtGui.QColor(theme.background), QtGui.QColor(theme.foreground)
        background.setAlpha(238)
        palette.setColor(QtGui.QPalette.ColorRole.Window, background)
        palette.setColor(QtGui.QPalette.ColorRole.WindowText, foreground)
        self.setPalette(palette)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._scale_fonts()

    def _scale_fonts(self) -> None:
        base = self.font()
        big = QtGui.QFont(base)
        big.setPointSizeF(base.pointSizeF() * 1.35)
        big.setBold(True)
        self.title.setFont(big)
        button_font = QtGui.QFont(base)
        button_font.setPointSizeF(base.pointSizeF() * 1.25)
        for button in self.buttons.values():
            button.setFont(button_font)
        score_font = QtGui.QFont(base)
        score_font.setPointSizeF(base.pointSizeF() * 1.1)
        self.score.setFont(score_font)

    def ask(self, text: str, score: str) -> None:
        self.title.setText(text)
        self.score.setText(score)
        for button in self.buttons.values():
            button.show()
            button.setEnabled(True)
        self.close_button.hide()
        self.show()
        self.raise_()

    def tell(self, text: str, score: str, right: bool | None) -> None:
        color = {True: "#009E73", False: "#D55E00", None: self.palette().color(QtGui.QPalette.ColorRole.WindowText).name()}[right]
        self.title.setText(f'<span style="color:{color}">{text}</span>')
        self.score.setText(score)
        for button in self.buttons.values():
            button.hide()
        self.close_button.show()
        self.show()
        self.raise_()

    def place(self) -> None:
        """Across the top of the parent, as wide as about 70 characters of its font."""
        parent = self.parentWidget()
        if parent is None:
            return
        # the top left corner is the plot's "k = …" label, which the class must still see: keep right of it
        k_corner = min(K_LABEL_ROOM, parent.width() // 4)
        width = max(min(parent.width() - k_corner - 2 * OVERLAY_MARGIN, 70 * self.fontMetrics().averageCharWidth()), 100)
        # a button is never squeezed below its text: when the three do not fit side by side they stack
        needed = self.layout().contentsMargins().left() + self.layout().contentsMargins().right()
        for button in self.buttons.values():
            button.setMinimumWidth(button.sizeHint().width())
            needed += button.sizeHint().width() + self._row.spacing()
        direction = QtWidgets.QBoxLayout.Direction
        self._row.setDirection(direction.LeftToRight if needed <= width else direction.TopToBottom)
        width = min(max(width, max(b.sizeHint().width() for b in self.buttons.values()) + 40), max(parent.width(), 100))
        layout = self.layout()
        layout.activate()
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        self.setGeometry(max(parent.width() - width - OVERLAY_MARGIN, 0), OVERLAY_MARGIN, width, height)


class PredictMode(QtCore.QObject):
    """The mode, the open question, the reveal and the running score."""

    score_changed = QtCore.Signal(int, int)  # right, asked
    revealed = QtCore.Signal(bool)  # whether the pick was right
    notice = QtCore.Signal(str)

    def __init__(self, state, canvas, player, spoilers=(), parent=None):
        super().__init__(parent)
        self._state = state
        self._canvas = canvas
        self._player = player
        self._spoilers = list(spoilers)  # widgets that show a particle's fate; blurred while a question is open
        self._player_actions = [a for a in (getattr(player, "play_action", None), getattr(player, "step_action", None)) if a]
        self.pending: int | None = None
        self._score = PredictScore()
        self.last_pick: str | None = None
        self.last_truth: str | None = None
        self.overlay = PredictOverlay(canvas)
        self.overlay.picked.connect(self.pick)
        self.overlay.closed.connect(self.overlay.hide)
        canvas.installEventFilter(self)

        owner = parent if parent is not None else canvas
        self.action = QtGui.QAction(translate("Predict", "&Predict, then reveal"), owner)
        self.action.setCheckable(True)
        self.action.setShortcut(QtGui.QKeySequence("Ctrl+P"))
        self.action.setStatusTip(translate("Predict", "After a launch show only its start and velocity; "
                                                      "the class predicts, then the path is revealed"))
        self.action.toggled.connect(self.set_enabled)
        self.choice_actions: dict[str, QtGui.QAction] = {}
        for kind, text, key in CHOICES:
            choice = translate("Predict", CHOICE_TEXT.get(kind, text))
            action = QtGui.QAction(translate("Predict", "Predict: {choice}").format(choice=choice[:1].lower() + choice[1:]), owner)
            action.setShortcut(QtGui.QKeySequence(key))
            action.setEnabled(False)
            action.triggered.connect(lambda _on=False, kind=kind: self.pick(kind))
            self.choice_actions[kind] = action
        self.reset_action = QtGui.QAction(translate("Predict", "Reset the class's score"), owner)
        self.reset_action.triggered.connect(self.reset_score)

        self._subs = Subscriptions()
        self._subs.connect(state.particles_changed, self._on_particles_changed)
        self._subs.connect(state.theme_changed, self._on_theme_changed)
        self._on_theme_changed(state.theme)

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()

    def add_spoilers(self, widgets) -> None:
        """More widgets that show a particle's fate (blurred while a question is open)."""
        self._spoilers.extend(w for w in widgets if w is not None and w not in self._spoilers)

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def set_enabled(self, on: bool) -> None:
        if self.action.isChecked() != on:
            self.action.setChecked(on)  # comes back here through toggled
            return
        self._canvas.show_fate_preview = not on
        if not on:
            if self.pending is not None:
                self._reveal(None)
            self.overlay.hide()
        else:
            self.notice.emit(translate("Predict", "Predict, then reveal: launch a charge; the class picks 1, 2 or 3 before the path is shown"))

    def ask(self, pid: int) -> bool:
        """Hold back particle pid's path and ask; returns False (nothing asked) when the mode is off."""
        p = self._state.particle(pid)
        if not self.enabled or p is None:
            return False
        if self.pending is not None:
            self._reveal(None)  # a new launch before a pick: show the old one, unscored
        self.pending = pid
        self._player.pause()
        self._canvas.set_hidden_paths({pid})
        self._canvas.show_question(p.launch)
        self._state.restart()
        self._set_spoilers_hidden(True)
        for action in self.choice_actions.values():
            action.setEnabled(True)
        for action in self._player_actions:
            action.setEnabled(False)  # playing would run the hidden clock to the fall time
        self.overlay.ask(translate("Predict", "What will this charge do?"), self.score)
        self.overlay.place()
        return True

    @property
    def right(self) -> int:
        return self._score.right

    @property
    def asked(self) -> int:
        return self._score.asked

    def truth(self, pid: int) -> str | None:
        """The exact classification (falls, escapes, marginal); for other potentials, what the integration did."""
        p = self._state.particle(pid)
        if p is None:
            return None
        return true_answer(self._state.fate(p.launch), self._state.trajectory(pid))

    def pick(self, kind: str) -> bool | None:
        """Mark the pick, reveal the path and animate it; returns whether it was right (None: no question open)."""
        if self.pending is None or kind not in ANSWERS:
            return None
        return self._reveal(kind)

    def _reveal(self, kind: str | None) -> bool | None:
        pid, self.pending = self.pending, None
        truth = self.truth(pid)
        right = self._score.record(kind, truth)
        if right is not None:
            self.score_changed.emit(self.right, self.asked)
        self.last_pick, self.last_truth = kind, truth
        self._close_question()
        if kind is None:
            self.overlay.hide()
            return None
        p = self._state.particle(pid)
        fate = localise(self._state.fate(p.launch).describe()) if p is not None else ""
        said = verdict_text(truth, right, fate)
        self.overlay.tell(said, self.score, right)
        self.overlay.place()
        self.notice.emit(translate("Predict", "{verdict}  ({fate}; the class: {score})").format(verdict=said, fate=fate, score=self.score))
        self.revealed.emit(bool(right))
        self._state.restart()
        self._player.play()
        return right

    def _close_question(self) -> None:
        for action in self.choice_actions.values():
            action.setEnabled(False)
        for action in self._player_actions:
            action.setEnabled(True)
        self._canvas.set_hidden_paths(())
        self._canvas.show_question(None)
        self._set_spoilers_hidden(False)

    def reset_score(self) -> None:
        self._score.reset()
        self.score_changed.emit(0, 0)
        if self.overlay.isVisible():
            self.overlay.score.setText(score_words(0, 0))

    @property
    def score(self) -> str:
        return score_words(self._score.right, self._score.asked)

    def _set_spoilers_hidden(self, hidden: bool) -> None:
        for widget in self._spoilers:
            if hidden:
                widget.setGraphicsEffect(QtWidgets.QGraphicsBlurEffect(widget, blurRadius=BLUR_RADIUS))
            elif widget.graphicsEffect() is not None:
                widget.setGraphicsEffect(None)
            widget.setEnabled(not hidden)

    @property
    def spoilers_hidden(self) -> bool:
        return any(w.graphicsEffect() is not None for w in self._spoilers)

    def _on_particles_changed(self) -> None:
        if self.pending is not None and self._state.particle(self.pending) is None:
            # the question's charge was undone or deleted: nothing left to ask about
            self.pending = None
            self._close_question()
            self.overlay.hide()

    def _on_theme_changed(self, name: str) -> None:
        self.overlay.style_for(name)
        if self.overlay.isVisible():
            self.overlay.place()

    @guarded
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self._canvas and event.type() in (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.FontChange) \
                and self.overlay.isVisible():
            self.overlay.place()
        return False
