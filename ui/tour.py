"""Help ▸ Getting started: a short guided tour of the five things a newcomer needs, shown once on a first start.

A callout (a framed bubble, a child of the main window, never modal) stands beside the part of the window
it explains, with a frame around that part: k (the k bar), launching by dragging on the plot, playing the
paths (the player bar), the side panel and exporting (File ▸ Export). Back, Next and Skip are buttons
(Alt+B, Alt+N, Escape skips); the rest of the window keeps working while it shows. ui/challenge.py's
install_play adds the Help entry and shows the tour once (remembered in the settings under SEEN_KEY;
never under DIPOLE_LAB_TEST=1 or in --screenshot runs, which have no settings).
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from ui.i18n import translate
from ui.qt_guard import guarded

SEEN_KEY = "tour/seen"
MARGIN = 10


def steps(window) -> list[tuple[str, str, object]]:
    """(title, text, where) per step; where is a widget or a function giving a rectangle in the window's coordinates."""
    def file_menu_rect() -> QtCore.QRect:
        bar = window.menuBar()
        rect = bar.actionGeometry(window.file_menu.menuAction())
        return QtCore.QRect(bar.mapTo(window, rect.topLeft()), rect.size())

    return [
        (translate("Tour", "1 of 5 · The dipole strength k"),
         translate("Tour", "Drag the k bar (or type a value) to change the dipole's strength. Its sign is the sign of the "
                           "charge: with k < 0 the sides of the dipole swap pushing and pulling. Every path follows at once."),
         window.controls.k_bar),
        (translate("Tour", "2 of 5 · Launch a charge"),
         translate("Tour", "Press on the plot where the charge should start and drag: the arrow is its velocity. Let go to "
                           "launch. On the keyboard: click the plot, press Enter, move the cursor with the arrows, Enter again."),
         window.canvas),
        (translate("Tour", "3 of 5 · Play the motion"),
         translate("Tour", "Play, pause and step the charges along their paths here; Space plays and pauses from anywhere."),
         window.player_bar),
        (translate("Tour", "4 of 5 · The panels"),
         translate("Tour", "The side panel shows one page at a time: the particles and their readout, the layers, graphs "
                           "of E and C, the regime map, the hidden pendulum… Choose the page at its top (View ▸ Panels); F9 hides it."),
         window.side_dock),
        (translate("Tour", "5 of 5 · Export"),
         translate("Tour", "File ▸ Export saves the plot as a figure (PNG, SVG, PDF), the motion as a video or GIF, and the "
                           "paths as data. Help ▸ Getting started shows this tour again."),
         file_menu_rect),
    ]


class Callout(QtWidgets.QFrame):
    """The tour's bubble: a title, a text, Back / Next / Skip."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setObjectName("tour_callout")
        self.setFrameShape(QtWidgets.QFrame.Shape.Box)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(translate("Tour", "Getting started"))
        column = QtWidgets.QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 10)
        self.title = QtWidgets.QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.text = QtWidgets.QLabel()
        self.text.setWordWrap(True)
        column.addWidget(self.title)
        column.addWidget(self.text)
        row = QtWidgets.QHBoxLayout()
        self.skip_button = QtWidgets.QPushButton(translate("Tour", "&Skip tour"))
        self.back_button = QtWidgets.QPushButton(translate("Tour", "&Back"))
        self.next_button = QtWidgets.QPushButton(translate("Tour", "&Next"))
        for button in (self.skip_button, self.back_button, self.next_button):
            button.setAutoDefault(True)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        column.addLayout(row)


class Highlight(QtWidgets.QWidget):
    """A frame drawn round the part of the window a step explains; clicks go through it."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_NoSystemBackground, True)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QtGui.QPainter(self)
        pen = QtGui.QPen(QtGui.QColor("#e0a100"), 3)
        painter.setPen(pen)
        painter.drawRect(self.rect().adjusted(2, 2, -2, -2))


class Tour(QtCore.QObject):
    """The steps of the getting-started tour over one main window."""

    finished = QtCore.Signal()

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self.index = -1
        self.callout = Callout(window)
        self.highlight = Highlight(window)
        self.callout.hide()
        self.highlight.hide()
        self.callout.next_button.clicked.connect(self.next)
        self.callout.back_button.clicked.connect(self.back)
        self.callout.skip_button.clicked.connect(self.finish)
        self._escape = QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), self.callout)
        self._escape.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._escape.activated.connect(self.finish)
        window.installEventFilter(self)

    @property
    def active(self) -> bool:
        return self.index >= 0

    def start(self) -> None:
        self.show_step(0)

    def next(self) -> None:
        if self.index + 1 >= len(steps(self._window)):
            self.finish()
        else:
            self.show_step(self.index + 1)

    def back(self) -> None:
        if self.index > 0:
            self.show_step(self.index - 1)

    def finish(self) -> None:
        if not self.active:
            return
        self.index = -1
        self.callout.hide()
        self.highlight.hide()
        self.finished.emit()

    def show_step(self, index: int) -> None:
        all_steps = steps(self._window)
        self.index = max(0, min(index, len(all_steps) - 1))
        title, text, _where = all_steps[self.index]
        self.callout.title.setText(title)
        self.callout.text.setText(text)
        self.callout.back_button.setEnabled(self.index > 0)
        last = self.index == len(all_steps) - 1
        self.callout.next_button.setText(translate("Tour", "&Done") if last else translate("Tour", "&Next"))
        self.place()
        self.callout.show()
        self.callout.raise_()
        self.callout.next_button.setFocus()

    def target_rect(self) -> QtCore.QRect:
        """Where the current step's part of the window is, in the window's coordinates (the window's middle if it is hidden)."""
        where = steps(self._window)[self.index][2]
        if callable(where):
            return where()
        if isinstance(where, QtWidgets.QWidget) and where.isVisible() and where.window() is self._window:  # not a floating panel
            return QtCore.QRect(where.mapTo(self._window, QtCore.QPoint(0, 0)), where.size())
        centre = self._window.rect().center()
        return QtCore.QRect(centre, QtCore.QSize(1, 1))

    def place(self) -> None:
        """Put the callout beside the step's part of the window: below it, else above, else inside its top-left corner."""
        if not self.active:
            return
        window = self._window.rect()
        target = self.target_rect()
        width = min(420, max(260, window.width() // 3))
        self.callout.setFixedWidth(min(width, window.width() - 2 * MARGIN))
        self.callout.adjustSize()
        size = self.callout.size()
        if target.height() > 1 and target.width() > 1:
            self.highlight.setGeometry(target.adjusted(-3, -3, 3, 3).intersected(window))
            self.highlight.show()
            self.highlight.raise_()
        else:
            self.highlight.hide()
        if target.bottom() + MARGIN + size.height() <= window.bottom() - MARGIN:
            y = target.bottom() + MARGIN
        elif target.top() - MARGIN - size.height() >= MARGIN:
            y = target.top() - MARGIN - size.height()
        else:
            y = target.top() + 3 * MARGIN
        x = target.left() + 3 * MARGIN if target.width() > size.width() else target.left()
        x = max(MARGIN, min(x, window.right() - MARGIN - size.width()))
        y = max(MARGIN, min(y, window.bottom() - MARGIN - size.height()))
        self.callout.move(x, y)
        self.callout.raise_()

    @guarded
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self._window and event.type() in (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.LayoutRequest) and self.active:
            QtCore.QTimer.singleShot(0, self.place)
        return False
