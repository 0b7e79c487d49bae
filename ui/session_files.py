"""File ▸ Open, Save, Save As and Open Recent for a window's state (app/files/session.py reads and writes the files).

The window's title names the session's file and shows a * while the setup differs from what was last
opened or saved (undoing back to it clears the *): it listens to every signal of
app.files.autosave.SESSION_SIGNALS, the list the autosave uses too. A file that cannot be read is refused
in a message box with the one-line SessionError, and the current session is left as it was.

A session with a potential of its own is derived (and its fast engine compiled) in a worker thread
(ui/workers.py) while the window goes on; the status bar shows it with Cancel, and nothing changes
until the derivation has succeeded.
"""

from __future__ import annotations

import os

from PySide6 import QtCore, QtGui, QtWidgets

from app.files.autosave import session_signals
from app.files.session import SessionError, apply_session, prepare_session_potential, read_session, save_session, session_to_dict
from app.i18n import QT_TRANSLATE_NOOP
from ui.i18n import translate
from ui.language import localise
from ui.subscriptions import Subscriptions
from ui.workers import Worker, busy_indicator

SESSION_FILTER = QT_TRANSLATE_NOOP("SessionFiles", "Dipole Lab session (*.json);;All files (*)")
SESSION_SUFFIX = ".json"
MAX_RECENT = 8
RECENT_KEY = "files/recent"
DIRECTORY_KEY = "files/directory"
UNTITLED = QT_TRANSLATE_NOOP("SessionFiles", "Untitled")


def show_error(parent, title: str, message: str) -> None:
    """A modal error box with one line saying what went wrong (never a traceback), in the window's font."""
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Critical, title, message, QtWidgets.QMessageBox.StandardButton.Ok,
                                parent)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_WindowPropagation, True)
    box.exec()


def show_notice(parent, title: str, message: str) -> None:
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, title, message, QtWidgets.QMessageBox.StandardButton.Ok,
                                parent)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_WindowPropagation, True)
    box.exec()


def _comparable(state) -> dict:
    """What a saved file holds, without the clock: playing the animation does not change the session."""
    doc = session_to_dict(state)
    doc.pop("time", None)
    return doc


class SessionFiles(QtCore.QObject):
    """Open, save and remember session files for one window and its state."""

    opened = QtCore.Signal(str)  # the path of a session that was just opened
    open_refused = QtCore.Signal(str)  # why a session was not opened (also shown in a box)
    saved = QtCore.Signal(str)
    notice = QtCore.Signal(str)  # a one-line message for the status bar

    def __init__(self, state, window: QtWidgets.QMainWindow, settings: QtCore.QSettings | None = None, app_name: str = "Dipole Lab"):
        super().__init__(window)
        self._state = state
        self._window = window
        self._settings = settings
        self._app_name = app_name
        self._recent_memory: list[str] = []  # without settings (screenshots, tests): kept for this run only
        self.path: str | None = None
        self._saved = _comparable(state)
        self.before_open = None  # called before a session replaces the state (e.g. to pause the player)
        self.opening: Worker | None = None  # the derivation of a session's potential, while it runs

        self.open_action = self._make(translate("SessionFiles", "&Open session…"), self.open, "Ctrl+O",
                                      translate("SessionFiles", "Open a saved session (k, launches, view, layers, theme)"))
        self.save_action = self._make(translate("SessionFiles", "&Save session"), self.save, "Ctrl+S",
                                      translate("SessionFiles", "Save the session to its file"))
        self.save_as_action = self._make(translate("SessionFiles", "Save session &as…"), self.save_as, "Ctrl+Shift+S",
                                         translate("SessionFiles", "Save the session to a new file"))
        self.recent_menu = QtWidgets.QMenu(translate("SessionFiles", "Open &recent"), window)
        self.recent_menu.aboutToShow.connect(self.rebuild_recent_menu)

        self._check_timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._check_timer.timeout.connect(self.refresh_title)
        self._subs = Subscriptions()
        for signal in session_signals(state):  # the list the autosave uses too
            self._subs.connect(signal, self._on_changed)
        self.rebuild_recent_menu()
        self.refresh_title()

    def _make(self, text: str, slot, key: str, tip: str) -> QtGui.QAction:
        action = QtGui.QAction(text, self._window)
        action.setShortcut(QtGui.QKeySequence(key))  # Ctrl is Cmd on macOS
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def disconnect_state(self) -> None:
        self.cancel_open()
        self._subs.disconnect_all()
        self._check_timer.stop()

    @property
    def modified(self) -> bool:
        return _comparable(self._state) != self._saved

    @property
    def display_name(self) -> str:
        return os.path.basename(self.path) if self.path else translate("SessionFiles", UNTITLED)

    def _on_changed(self, *_) -> None:
        self._check_timer.start()  # once per turn of the event loop, however many signals a change sent

    def refresh_texts(self) -> None:
        """The title again in the window's language (View ▸ Language)."""
        self.refresh_title()

    def refresh_title(self) -> None:
        self._window.setWindowTitle(f"{self.display_name}[*] — {self._app_name}")
        self._window.setWindowModified(self.modified)
        self.save_action.setToolTip(translate("SessionFiles", "Save to {path}").format(path=self.path) if self.path
                                    else translate("SessionFiles", "Save to a new file"))

    def mark_saved(self, path: str | None) -> None:
        """Take the state as it is now as the contents of path (after opening or saving it)."""
        self.path = os.path.abspath(path) if path else None
        self._saved = _comparable(self._state)
        self.refresh_title()

    def _directory(self) -> str:
        if self.path:
            return os.path.dirname(self.path)
        remembered = self._settings.value(DIRECTORY_KEY) if self._settings is not None else None
        return remembered if isinstance(remembered, str) and os.path.isdir(remembered) else os.getcwd()

    def _remember_directory(self, path: str) -> None:
        if self._settings is not None:
            self._settings.setValue(DIRECTORY_KEY, os.path.dirname(os.path.abspath(path)))

    def open(self) -> bool:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self._window, translate("SessionFiles", "Open session"), self._directory(),
                                                        translate("SessionFiles", SESSION_FILTER))
        return self.open_path(path) if path else False

    def open_path(self, path: str) -> bool:
        """Read and check the whole file, then replace the session (one undoable step); on failure show why.

        A session with its own potential is derived in a worker first: True then means it is on its way
        (`opened` or `open_refused` follows, or nothing if the user cancels).
        """
        try:
            session = read_session(path)
        except SessionError as exc:
            self._refuse(str(exc))
            return False
        self.cancel_open()  # a newer choice replaces one still deriving
        if session.potential is None:
            return self._apply(path, session, None)
        name = os.path.basename(path)
        worker = Worker(lambda: prepare_session_potential(session, path), name=f"open {name}")
        worker.done.connect(lambda prepared: self._apply(path, session, prepared))
        worker.failed.connect(self._refuse)
        worker.cancelled.connect(lambda: self.notice.emit(
            translate("SessionFiles", "Opening {name} was cancelled: the session is as it was.").format(name=name)))
        for signal in (worker.done, worker.failed, worker.cancelled):
            signal.connect(lambda *_, w=worker: self._forget_open(w))
        busy_indicator(self._window).track(worker, translate("SessionFiles", "Opening {name}: deriving its potential…").format(name=name))
        self.opening = worker
        worker.start()
        return True

    def cancel_open(self) -> None:
        """Give up a session still deriving its potential; the current session stays."""
        if self.opening is not None:
            self.opening.cancel()

    def _forget_open(self, worker: Worker) -> None:
        if self.opening is worker:
            self.opening = None

    def _refuse(self, message: str) -> None:
        self.open_refused.emit(message)
        show_error(self._window, translate("SessionFiles", "Cannot open the session"), localise(message))

    def _apply(self, path: str, session, prepared) -> bool:
        if self.before_open is not None:
            self.before_open()
        try:
            apply_session(self._state, session, path, prepared=prepared)
        except ValueError as exc:  # checked above, so this is rare: the state refuses before it changes
            self._refuse(f"{path}: {exc}")
            return False
        self._now_at(path, self.opened, translate("SessionFiles", "Opened {path}"))
        return True

    def _now_at(self, path: str, signal, verb: str) -> None:
        """The session is the file at `path` now (opened or saved): title, recent files, folder, and who is told."""
        self.mark_saved(path)
        self.add_recent(path)
        self._remember_directory(path)
        signal.emit(self.path)
        self.notice.emit(verb.format(path=self.path))

    def maybe_save(self) -> bool:
        """Before quitting: ask to save unsaved launches (the plane's or the 3-D view's). True means go on (saved or discarded)."""
        if not self.modified or not (self._state.particles or getattr(self._state, "space_setup", None) is not None):
            return True
        Button = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self._window,
            translate("SessionFiles", "Save changes?"),
            translate("SessionFiles", "{name} has changes that are not saved. Save them before closing?").format(name=self.display_name),
            Button.Save | Button.Discard | Button.Cancel,
            Button.Save,
        )
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    def save(self) -> bool:
        return self.save_to(self.path) if self.path else self.save_as()

    def save_as(self) -> bool:
        start = self.path or os.path.join(self._directory(), "session" + SESSION_SUFFIX)
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self._window, translate("SessionFiles", "Save session as"), start,
                                                        translate("SessionFiles", SESSION_FILTER))
        if not path:
            return False
        if not os.path.splitext(path)[1]:
            path += SESSION_SUFFIX
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        try:
            save_session(path, self._state)
        except SessionError as exc:
            show_error(self._window, translate("SessionFiles", "Cannot save the session"), localise(str(exc)))
            return False
        self._now_at(path, self.saved, translate("SessionFiles", "Saved {path}"))
        return True

    def recent_files(self) -> list[str]:
        if self._settings is None:
            return list(self._recent_memory)
        value = self._settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # an INI file gives back a one-item list as a plain string
            value = [value] if value else []
        return [str(p) for p in (value or []) if isinstance(p, str) and p][:MAX_RECENT]

    def _store_recent(self, paths: list[str]) -> None:
        paths = paths[:MAX_RECENT]
        if self._settings is None:
            self._recent_memory = paths
        else:
            self._settings.setValue(RECENT_KEY, paths)
        self.rebuild_recent_menu()

    def add_recent(self, path: str) -> None:
        path = os.path.abspath(path)
        self._store_recent([path, *(p for p in self.recent_files() if p != path)])

    def clear_recent(self) -> None:
        self._store_recent([])

    def prune_recent(self) -> list[str]:
        """Drop files that no longer exist from the list; returns the ones dropped (with a notice)."""
        paths = self.recent_files()
        missing = [p for p in paths if not os.path.isfile(p)]
        if missing:
            self._store_recent([p for p in paths if p not in missing])
            names = ", ".join(os.path.basename(p) for p in missing)
            self.notice.emit(translate("SessionFiles", "Removed from Open recent (no longer there): {names}").format(names=names))
        return missing

    def rebuild_recent_menu(self) -> None:
        menu = self.recent_menu
        if menu.isVisible():
            return  # never rebuild a menu while it is open
        paths = [p for p in self.recent_files() if os.path.isfile(p)]
        if len(paths) != len(self.recent_files()):
            self.prune_recent()
            return  # prune_recent stored the shorter list, which rebuilt the menu
        menu.clear()
        for i, path in enumerate(paths, 1):
            action = menu.addAction(f"&{i}  {os.path.basename(path)}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
            action.triggered.connect(lambda _on=False, path=path: self.open_recent(path))
        if paths:
            menu.addSeparator()
            menu.addAction(translate("SessionFiles", "&Clear the list"), self.clear_recent)
        else:
            menu.addAction(translate("SessionFiles", "(no recent sessions)")).setEnabled(False)
        menu.setEnabled(True)

    def open_recent(self, path: str) -> bool:
        if not os.path.isfile(path):
            self._store_recent([p for p in self.recent_files() if p != path])
            show_notice(self._window, translate("SessionFiles", "Session not found"),
                        translate("SessionFiles", "{path} is no longer there; it was removed from Open recent.").format(path=path))
            return False
        return self.open_path(path)
