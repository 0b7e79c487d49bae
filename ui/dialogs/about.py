"""The About box (with the equations sympy derived, drawn by matplotlib's mathtext) and the shortcuts list."""

from __future__ import annotations

import io
import re

from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import QT_TRANSLATE_NOOP
from ui.i18n import translate
from ui.workers import Worker

ABOUT_TEXT = QT_TRANSLATE_NOOP(
    "About",
    "<h2>Dipole Lab</h2>"
    "<p>A charged particle of unit mass in the field of an ideal electric dipole at the origin, axis along +x.<br>"
    "L = ½(ṙ² + r²θ̇²) + k cos θ / r²; the sign of k is the sign of the charge relative to the dipole, "
    "k = 0 is free motion.</p>"
    "<p>The equations of motion below were derived by sympy from T and U and are the ones the integrator runs. "
    "E and C are exact invariants; r(t)² = 2E t² + 2 r₀ṙ₀ t + r₀² exactly, and C &lt; 0 with a positive root "
    "means the charge falls in.</p>",
)


def _mathtext_png(text: str, color: str, size: float, dpi: int) -> bytes:
    """The PNG of one line (typeset_equations keeps them: typesetting took a fifth of a second each time a box opened)."""
    from matplotlib.figure import Figure

    from app.figures.text_metrics import MATHTEXT_LOCK

    figure = Figure(figsize=(0.1, 0.1))
    figure.text(0, 0, text, fontsize=size, color=color)
    buffer = io.BytesIO()
    with MATHTEXT_LOCK:  # typeset in a worker while the window draws: one mathtext parser for the whole process
        figure.savefig(buffer, dpi=dpi, format="png", bbox_inches="tight", pad_inches=0.05, transparent=True)
    return buffer.getvalue()


def equation_lines() -> list[str]:
    from app.equations import mathtext_lines
    from physics.derivation import dipole_model

    return mathtext_lines(dipole_model().equations)


_typeset: dict[str, list[tuple[str, bytes | None]]] = {}  # colour -> the equations' lines and their PNGs


def typeset_equations(color: str) -> list[tuple[str, bytes | None]]:
    """The point dipole's equations as (mathtext line, PNG or None where mathtext cannot parse it), derived and
    typeset on whatever thread calls it (sympy and matplotlib, no Qt), kept for the next call."""
    if color not in _typeset:
        rows = []
        for line in equation_lines():
            try:
                rows.append((line, _mathtext_png(line, color, 15.0, 100)))
            except ValueError:
                rows.append((line, None))
        _typeset[color] = rows
    return _typeset[color]


class AboutDialog(QtWidgets.QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(translate("About", "About Dipole Lab"))
        layout = QtWidgets.QVBoxLayout(self)
        intro = QtWidgets.QLabel(translate("About", ABOUT_TEXT))
        intro.setWordWrap(True)
        intro.setTextFormat(QtCore.Qt.TextFormat.RichText)
        layout.addWidget(intro)
        self.equations: list[QtWidgets.QLabel] = []
        self._equations_box = QtWidgets.QVBoxLayout()
        layout.addLayout(self._equations_box)
        color = self.palette().color(QtGui.QPalette.ColorRole.WindowText).name()
        if color in _typeset:
            self._show_equations(_typeset[color])
        else:
            # sympy derives them (in the window's warm-up too) and matplotlib typesets them: half a second the first
            # time, never on the GUI thread
            self.waiting = QtWidgets.QLabel(translate("About", "sympy is deriving the equations…"))
            self.waiting.setAlignment(QtCore.Qt.AlignmentFlag.AlignHCenter)
            self._equations_box.addWidget(self.waiting)
            self._worker = Worker(lambda: typeset_equations(color), self, name="about-equations")
            self._worker.done.connect(self._show_equations)
            self._worker.failed.connect(self.waiting.setText)
            self._worker.start()
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _show_equations(self, rows: list[tuple[str, bytes | None]]) -> None:
        waiting = getattr(self, "waiting", None)
        if waiting is not None:
            waiting.hide()
        for line, png in rows:
            label = QtWidgets.QLabel()
            pixmap = QtGui.QPixmap()
            if png is not None and pixmap.loadFromData(png, "PNG"):
                label.setPixmap(pixmap)
            else:  # mathtext cannot parse it: show the source instead
                label.setText(line)
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignHCenter)
            label.setToolTip(line)
            self._equations_box.addWidget(label)
            self.equations.append(label)


def shortcut_text(action: QtGui.QAction) -> str:
    """Every key of an action, e.g. "., Right" (the platform's extra names such as the Undo key are left out)."""
    keys = [k.toString(QtGui.QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    keys = [k for k in keys if k and k not in ("Undo", "Redo")]
    return ", ".join(dict.fromkeys(keys))


def plain(text: str) -> str:
    """A menu text without its mnemonic: "&File" → "File", "文件(&F)" → "文件"."""
    return re.sub(r"\(&[^)]\)", "", text).replace("&", "")


def collect_shortcuts(menu_bar: QtWidgets.QMenuBar, actions=()) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action with a shortcut: those in the menus, then `actions` as (group, action)."""
    rows = []
    seen = set()

    def add(path: str, action: QtGui.QAction) -> None:
        keys = shortcut_text(action)
        if keys and id(action) not in seen:
            seen.add(id(action))
            rows.append((path, plain(action.text()).replace("…", ""), keys))

    def walk(menu: QtWidgets.QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {plain(action.text())}")
            else:
                add(path, action)

    for action in menu_bar.actions():
        if action.menu() is not None:
            walk(action.menu(), plain(action.text()))
    for group, action in actions:
        add(group, action)
    return rows


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class ShortcutsDialog(QtWidgets.QDialog):
    """The keys of the window's actions, read from the actions themselves (so the list cannot go stale), and the mouse gestures."""

    EXTRA = (
        (QT_TRANSLATE_NOOP("Shortcuts", "Plot"), QT_TRANSLATE_NOOP("Shortcuts", "Launch a charge"),
         QT_TRANSLATE_NOOP("Shortcuts", "press, drag, release")),
        (QT_TRANSLATE_NOOP("Shortcuts", "Plot"), QT_TRANSLATE_NOOP("Shortcuts", "Cancel a launch while dragging"), "Esc"),
        (QT_TRANSLATE_NOOP("Shortcuts", "Plot"), QT_TRANSLATE_NOOP("Shortcuts", "Pan / zoom"),
         QT_TRANSLATE_NOOP("Shortcuts", "toolbar buttons, then drag")),
    )

    def __init__(self, menu_bar: QtWidgets.QMenuBar, parent=None, actions=()):
        super().__init__(parent)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_WindowPropagation, True)  # the window's font, before measuring
        self.setWindowTitle(translate("Shortcuts", "Keyboard shortcuts"))
        from ui.canvas import KEYBOARD_HELP

        plot = translate("Shortcuts", "Plot")
        keyboard_launch = [(plot, _capitalised(translate("Canvas", what)), translate("Canvas", keys)) for keys, what in KEYBOARD_HELP]
        extra = [tuple(translate("Shortcuts", text) for text in row) for row in self.EXTRA]
        rows = collect_shortcuts(menu_bar, actions) + extra + keyboard_launch
        table = QtWidgets.QTableWidget(len(rows), 3, self)  # parented first: measured in the dialog's font
        table.setHorizontalHeaderLabels([translate("Shortcuts", "Menu"), translate("Shortcuts", "Action"), translate("Shortcuts", "Shortcut")])
        table.verticalHeader().hide()
        table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.setItem(i, j, QtWidgets.QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(table)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table = table
        # wide enough for every column, as tall as fits
        width = table.horizontalHeader().length() + table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth() + 30
        height = table.verticalHeader().length() + table.horizontalHeader().height() + 90
        screen = (parent.screen() if parent is not None else None) or QtGui.QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else QtCore.QRect(0, 0, 1280, 720)
        room_width, room_height = room.width(), room.height()
        if parent is not None and hasattr(parent, "available_size"):
            room_width, room_height = parent.available_size()
        # never taller or wider than the screen (a 720-pixel projector hid the Close button); the table scrolls
        self.resize(min(max(520, width), room_width - 40), min(max(480, height), 760, room_height - 60))
