"""Start-up safety for the window: readable settings, no stray temporaries, recovery after a crash, and autosave.

    notice = check_settings(settings)                # before MainWindow reads them
    window.show()
    recovery = offer_recovery(window, state, notice)  # once, after the window is shown

`offer_recovery` removes temporary files that killed saves left behind (in the data folder and the
folders of sessions and exports), asks whether to restore the newest autosave of a run that did not
exit cleanly, and then autosaves the session (app/files/autosave.py) AUTOSAVE_SECONDS apart and DEBOUNCE_MS
after the last change. A clean exit (QApplication.aboutToQuit) removes the autosave.

An autosave with a potential of its own is derived in a worker thread (ui/workers.py) while the window
goes on, with a busy indicator and Cancel in the status bar; the session changes only once that has
succeeded (`Recovery.restoring` is the worker meanwhile, `restore_finished` says when it is over).
"""

from __future__ import annotations

import contextlib
import os
import time

import shiboken6
from PySide6 import QtCore, QtWidgets

from app.files.autosave import Autosaver, clean_start, data_dir, discard, leftovers, session_signals
from app.files.session import SessionError, apply_session, prepare_session_potential
from ui.i18n import translate
from ui.language import localise
from ui.workers import Worker, busy_indicator

AUTOSAVE_SECONDS = 60
DEBOUNCE_MS = 3000
STATUS_MS = 15000
SETTINGS_TYPES = {
    "window/geometry": (QtCore.QByteArray, bytes),
    "window/state": (QtCore.QByteArray, bytes),
    "files/recent": (str, list),
    "files/directory": (str,),
    "files/export_directory": (str,),
}


def check_settings(settings: QtCore.QSettings | None) -> str:
    """Drop settings that cannot be read or have the wrong type, so the window starts from its defaults; returns a notice."""
    if settings is None:
        return ""
    status = settings.status()
    if status != QtCore.QSettings.Status.NoError:
        settings.clear()
        return translate("Recovery", "The settings file could not be read ({status}): starting with the default settings.").format(status=status.name)
    bad = []
    for key, kinds in SETTINGS_TYPES.items():
        if not settings.contains(key):
            continue
        try:
            value = settings.value(key)
        except Exception:  # a value PySide cannot convert
            value = None
        if value is None and key == "files/recent":
            continue  # an INI file stores an empty list as @Invalid()
        if not isinstance(value, kinds):
            bad.append(key)
    for key in bad:
        settings.remove(key)
    if bad:
        settings.sync()
        return translate("Recovery", "Some settings could not be read and are back to their defaults: {keys}.").format(keys=", ".join(sorted(bad)))
    return ""


class Recovery(QtCore.QObject):
    """Keeps a window's session autosaved; `restored` is the autosave file that was brought back, if any."""

    notice = QtCore.Signal(str)
    restore_finished = QtCore.Signal(bool)  # the restoring of an autosave is over: True if the session was restored

    def __init__(self, window: QtWidgets.QMainWindow, state, interval_s: float = AUTOSAVE_SECONDS, debounce_ms: int = DEBOUNCE_MS):
        super().__init__(window)
        self._window = window
        self._state = state
        files = getattr(window, "files", None)
        self.autosaver = Autosaver(state, protected=lambda: getattr(files, "path", None))
        self.restored: str | None = None
        self.restoring: Worker | None = None
        self._reported_error = ""
        self._periodic = QtCore.QTimer(self, interval=int(interval_s * 1000))
        self._periodic.timeout.connect(self.save_now)
        self._debounce = QtCore.QTimer(self, singleShot=True, interval=debounce_ms)
        self._debounce.timeout.connect(self.save_now)
        self._signals = session_signals(state)  # the list the window's unsaved mark uses too
        for signal in self._signals:
            signal.connect(self._on_changed)
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.finish)
        self._periodic.start()

    def _on_changed(self, *_) -> None:
        with contextlib.suppress(RuntimeError):  # the window (and this timer) may be gone while the state lives on
            self._debounce.start()

    def save_now(self) -> bool:
        ok = self.autosaver.save_now()
        if not ok and self.autosaver.last_error != self._reported_error:
            # said once per problem, not every minute: the user's own saves are unaffected
            self._reported_error = self.autosaver.last_error
            self._show(translate("Recovery", "Autosave failed: {error}").format(error=localise(self.autosaver.last_error)))
        elif ok:
            self._reported_error = ""
        return ok

    def restore(self, leftover, when: str, earlier: tuple[str, ...] = ()) -> None:
        """Bring back an autosave; one with its own potential is derived in a worker first (with Cancel).

        `earlier` are notices to show with the outcome when that is known at once.
        """
        name = str(leftover.path)
        if leftover.session.potential is None:
            self._restored(leftover, when, None, earlier)
            return
        if earlier:
            self._show("  ".join(earlier))
        worker = Worker(lambda: prepare_session_potential(leftover.session, name), name="restore the autosave")
        worker.done.connect(lambda prepared: self._restored(leftover, when, prepared))
        worker.failed.connect(lambda message: self._not_restored(
            leftover, translate("Recovery", "Could not restore the autosaved session: {reason}").format(reason=localise(message))))
        worker.cancelled.connect(lambda: self._not_restored(
            leftover, translate("Recovery", "Restoring the autosaved session was cancelled: it was discarded.")))
        busy_indicator(self._window).track(
            worker, translate("Recovery", "Restoring the session autosaved at {when}: deriving its potential…").format(when=when))
        self.restoring = worker
        worker.start()

    def _restored(self, leftover, when: str, prepared, earlier: tuple[str, ...] = ()) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed meanwhile: its session is no longer there to replace
        self.restoring = None
        try:
            apply_session(self._state, leftover.session, str(leftover.path), prepared=prepared)
        except (SessionError, ValueError) as exc:
            self._not_restored(leftover, translate("Recovery", "Could not restore the autosaved session: {reason}").format(reason=localise(str(exc))),
                               earlier)
            return
        self.restored = str(leftover.path)
        discard([leftover.path])
        self._show("  ".join([*earlier, translate("Recovery", "Restored the session autosaved at {when}: save it to keep it.").format(when=when)]))
        self.save_now()
        self.restore_finished.emit(True)

    def _not_restored(self, leftover, message: str, earlier: tuple[str, ...] = ()) -> None:
        if not shiboken6.isValid(self):
            return
        self.restoring = None
        discard([leftover.path])
        self._show("  ".join([*earlier, message]))
        self.restore_finished.emit(False)

    def finish(self) -> None:
        """A clean exit: stop and remove the autosave."""
        if self.restoring is not None:
            self.restoring.cancel()
        self._periodic.stop()
        self._debounce.stop()
        for signal in self._signals:
            with contextlib.suppress(ValueError):
                signal.disconnect(self._on_changed)
        self.autosaver.finish()

    def _show(self, text: str) -> None:
        self.notice.emit(text)
        bar = self._window.statusBar() if hasattr(self._window, "statusBar") else None
        if bar is not None:
            bar.showMessage(text, STATUS_MS)


def _folders(window) -> list[str]:
    settings = getattr(window, "_settings", None)
    folders = [str(data_dir())]
    if settings is not None:
        for key in ("files/directory", "files/export_directory"):
            value = settings.value(key)
            if isinstance(value, str) and value:
                folders.append(value)
    path = getattr(getattr(window, "files", None), "path", None)
    if path:
        folders.append(os.path.dirname(path))
    return folders


def offer_recovery(window: QtWidgets.QMainWindow, state, notice: str = "", interval_s: float = AUTOSAVE_SECONDS,
                   debounce_ms: int = DEBOUNCE_MS) -> Recovery:
    """Clean up, offer the newest autosave of a crashed run, and start autosaving this one (call once, window shown)."""
    with contextlib.suppress(OSError):
        clean_start(_folders(window))
    recovery = Recovery(window, state, interval_s, debounce_ms)
    messages = [notice] if notice else []
    try:
        found = leftovers()
    except OSError as exc:
        found = []
        messages.append(translate("Recovery", "Cannot look for autosaved sessions: {reason}").format(reason=localise(str(exc))))
    readable = [leftover for leftover in found if leftover.session is not None]
    restoring = None
    if readable:
        newest = readable[0]
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(newest.mtime))
        count = len(newest.session.launches)
        answer = QtWidgets.QMessageBox.question(
            window,
            translate("Recovery", "Restore unsaved work?"),
            translate("Recovery", "Dipole Lab did not close normally last time. Restore the session autosaved at {when} "
                                  "(k = {k}, {particles})?\n\nNo discards it.").format(
                when=when, k=f"{newest.session.k:g}",
                particles=translate("Recovery", "1 particle") if count == 1 else
                translate("Recovery", "{count} particles").format(count=count)),
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.Yes,
        )
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            restoring = newest  # its file goes once it is restored (or refused): a crash meanwhile keeps it
        else:
            messages.append(translate("Recovery", "The autosaved session was discarded."))
    unreadable = [leftover for leftover in found if leftover.session is None]
    if unreadable:
        messages.append(translate("Recovery", "An autosave could not be read and was removed: {problem}")
                        .format(problem=localise(unreadable[0].problem)))
    discard(leftover.path for leftover in found if leftover is not restoring)
    if restoring is not None:
        recovery.restore(restoring, when, tuple(messages))
    elif messages:
        recovery._show("  ".join(messages))
    return recovery
