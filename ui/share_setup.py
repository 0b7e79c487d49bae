"""Edit ▸ Copy setup and Paste setup: the session as one line of text on the clipboard (app/files/share.py).

Pasting (the menu item, Ctrl+V anywhere but in a text field, or a setup's text dropped on the window) reads
the text through the checks of opening a session file and replaces the setup in one undoable step; a
setup with a potential of its own is derived in a worker first, exactly as File ▸ Open does, and a text
that is not a setup is refused in one line with the session as it was.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.files.session import SessionError, apply_session, prepare_session_potential
from app.files.share import SOURCE, looks_like_setup, setup_from_text, setup_to_text
from ui.i18n import translate
from ui.language import localise
from ui.qt_guard import guarded
from ui.session_files import show_error
from ui.workers import Worker, busy_indicator


class SetupSharing(QtCore.QObject):
    """Copy and paste the setup of one window's state as text; `files` is the window's SessionFiles."""

    pasted = QtCore.Signal()  # a pasted setup replaced the session
    paste_refused = QtCore.Signal(str)

    def __init__(self, state, window: QtWidgets.QMainWindow, files):
        super().__init__(window)
        self._state = state
        self._window = window
        self._files = files
        self.copy_action = QtGui.QAction(translate("SetupSharing", "&Copy setup"), window)
        self.copy_action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setStatusTip(translate("SetupSharing",
                                                "Copy k, the launches, the potential and the view as one line of text, to send by chat or mail"))
        self.copy_action.triggered.connect(self.copy)
        self.paste_action = QtGui.QAction(translate("SetupSharing", "&Paste setup"), window)
        self.paste_action.setShortcuts([QtGui.QKeySequence("Ctrl+Shift+V"), QtGui.QKeySequence("Ctrl+V")])
        self.paste_action.setStatusTip(translate("SetupSharing", "Replace the session with a setup copied as text (Ctrl+Z undoes it)"))
        self.paste_action.triggered.connect(self.paste)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def copy(self) -> str | None:
        """Put the setup on the clipboard; returns the text (None if it could not be made)."""
        try:
            text = setup_to_text(self._state)
        except SessionError as exc:
            show_error(self._window, translate("SetupSharing", "Cannot copy the setup"), str(exc))
            return None
        QtGui.QGuiApplication.clipboard().setText(text)
        self._files.notice.emit(translate("SetupSharing", "Copied the setup ({count} characters): paste it into Dipole Lab with Edit ▸ Paste setup")
                                .format(count=len(text)))
        return text

    def paste(self) -> bool:
        return self.paste_text(QtGui.QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Check text as a setup and replace the session with it (one undoable step); on failure say why and change nothing.

        True means it was applied, or, for a setup with a potential of its own, that its derivation has started.
        """
        try:
            session = setup_from_text(text)
        except SessionError as exc:
            self._refuse(str(exc))
            return False
        self._files.cancel_open()  # a newer choice replaces a session still deriving
        if session.potential is None:
            return self._apply(session, None)
        worker = Worker(lambda: prepare_session_potential(session, SOURCE), name="paste setup")
        worker.done.connect(lambda prepared: self._apply(session, prepared))
        worker.failed.connect(self._refuse)
        worker.cancelled.connect(lambda: self._files.notice.emit(
            translate("SetupSharing", "Pasting the setup was cancelled: the session is as it was.")))
        for signal in (worker.done, worker.failed, worker.cancelled):
            signal.connect(lambda *_, w=worker: self._forget(w))
        busy_indicator(self._window).track(worker, translate("SetupSharing", "Pasting a setup: deriving its potential…"))
        self._files.opening = worker  # File ▸ Open, closing the window and a newer paste cancel it alike
        worker.start()
        return True

    def _forget(self, worker: Worker) -> None:
        if self._files.opening is worker:
            self._files.opening = None

    def _refuse(self, message: str) -> None:
        self.paste_refused.emit(message)
        show_error(self._window, translate("SetupSharing", "Cannot paste the setup"), localise(message))

    def _apply(self, session, prepared) -> bool:
        if self._files.before_open is not None:
            self._files.before_open()
        try:
            apply_session(self._state, session, SOURCE, prepared=prepared)
        except ValueError as exc:
            self._refuse(f"{SOURCE}: {exc}")
            return False
        self._files.notice.emit(translate("SetupSharing", "Pasted a setup: k = {k:g}, {count} launches (Ctrl+Z undoes it)")
                                .format(k=session.k, count=len(session.launches)))
        self.pasted.emit()
        return True

    @guarded
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        """A setup's text dragged onto the window is taken; other drops are left to whoever wants them."""
        kind = event.type()
        if obj is self._window and kind in (QtCore.QEvent.Type.DragEnter, QtCore.QEvent.Type.DragMove, QtCore.QEvent.Type.Drop):
            mime = event.mimeData()
            if mime is not None and mime.hasText() and looks_like_setup(mime.text()):
                event.acceptProposedAction()
                if kind == QtCore.QEvent.Type.Drop:
                    text = mime.text()
                    QtCore.QTimer.singleShot(0, self, lambda: self.paste_text(text))  # not inside the drag's own event loop
                return True
        return False
