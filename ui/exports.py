"""File ▸ Export figure…, Export animation… and Export data… (the writing is app/export.py's).

Every failure is shown in a message box with one line; a cancelled export leaves no file (the export
writes to a temporary file that is renamed only when it is complete). Figures, data and animations are
made on a worker from a frozen copy of the state, under a window-modal progress dialog with Cancel, while
the event loop goes on turning (a figure held the GUI thread 0.1-0.5 s, more under load, and an animation
drew its frames there). matplotlib draws one figure at a time in a process, so a draw of the window's is
put off while the export draws a frame or a figure (ui/panels/common.QtCanvas).
"""

from __future__ import annotations

import os
import threading

from PySide6 import QtCore, QtGui, QtWidgets

from app import export
from app.i18n import QT_TRANSLATE_NOOP
from physics.messages import one_line
from ui.dialogs.export import AnimationExportDialog, FigureExportDialog, default_name, suffix_of_filter
from ui.i18n import translate
from ui.language import localise
from ui.session_files import show_error
from ui.workers import Worker, call_on_gui_thread, make_courier

DATA_FORMATS = (".csv", ".json", ".npz")
DATA_FILTER = QT_TRANSLATE_NOOP("Exports", "CSV table (*.csv);;JSON (*.json);;NumPy arrays (*.npz)")
EXPORT_DIRECTORY_KEY = "files/export_directory"


class ExportActions(QtCore.QObject):
    """The window's export commands; `stem()` names the default files (the session's name)."""

    notice = QtCore.Signal(str)
    running = 0  # exports under way in the process (their progress dialogs up, their workers started): the GUI monkey sets their turns apart

    def __init__(self, state, window: QtWidgets.QMainWindow, settings: QtCore.QSettings | None = None, stem=None):
        super().__init__(window)
        self._state = state
        self._window = window
        self._settings = settings
        self._stem = stem or (lambda: "dipole-lab")
        self.before_export = None  # called first (e.g. to pause the player, so the clock does not move)
        # the analysis panel in front, as (title, its figure_for_export() name and options), or None: offered by Export figure
        self.panel_in_front = lambda: None
        self.figure_action = self._make(translate("Exports", "Export &figure…"), self.export_figure, "Ctrl+E",
                                        translate("Exports", "Save the current view as PNG, SVG or PDF, optionally with a caption"))
        self.animation_action = self._make(translate("Exports", "Export &animation…"), self.export_animation, "Ctrl+Shift+E",
                                           translate("Exports", "Save the paths being traced as an MP4 video or a GIF"))
        self.data_action = self._make(translate("Exports", "Export &data…"), self.export_data, None,
                                      translate("Exports", "Save every particle's samples as CSV, JSON or NPZ"))
        self.last_figure_options: dict | None = None
        self.last_animation_options: dict | None = None

    def _make(self, text: str, slot, shortcut: str | None, tip: str) -> QtGui.QAction:
        action = QtGui.QAction(text, self._window)
        if shortcut:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _directory(self) -> str:
        remembered = self._settings.value(EXPORT_DIRECTORY_KEY) if self._settings is not None else None
        if isinstance(remembered, str) and os.path.isdir(remembered):
            return remembered
        # the user's pictures (or home) folder, not wherever the program happened to be started from
        for kind in (QtCore.QStandardPaths.StandardLocation.PicturesLocation, QtCore.QStandardPaths.StandardLocation.HomeLocation):
            folder = QtCore.QStandardPaths.writableLocation(kind)
            if folder and os.path.isdir(folder) and os.access(folder, os.W_OK):
                return folder
        return os.getcwd()

    def _remember(self, path: str) -> None:
        if self._settings is not None:
            self._settings.setValue(EXPORT_DIRECTORY_KEY, os.path.dirname(os.path.abspath(path)))

    def _start(self) -> None:
        if self.before_export is not None:
            self.before_export()

    def _ask(self, make_dialog, remembered: str):
        """Pause, then show the dialog: (its options, kept as the next one's defaults, or None if cancelled; the dialog)."""
        self._start()
        dialog = make_dialog()
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None, dialog
        options = dialog.options()
        setattr(self, remembered, options)
        return options, dialog

    def _last(self, remembered: str, suffix: str) -> tuple[dict, str]:
        """The options of the last export of this kind, and the file name to offer now."""
        last = getattr(self, remembered) or {}
        suffix = os.path.splitext(last.get("path", ""))[1] or suffix
        return last, default_name(self._directory(), self._stem(), suffix)

    def figure_dialog(self) -> FigureExportDialog:
        last, name = self._last("last_figure_options", ".png")
        front = self.panel_in_front()
        self._panel_options = front[1] if front is not None else None
        offered = (front[0], front[1][0]) if front is not None else None
        dialog = FigureExportDialog(name, last.get("theme", self._state.theme),
                                    last.get("size", export.DEFAULT_FIGURE_SIZE), self._window, panel=offered)
        if last:
            dialog.dpi_spin.setValue(int(last["dpi"] or 0))
            dialog.caption_box.setChecked(last["caption"])
        return dialog

    def export_figure(self) -> bool:
        options, dialog = self._ask(self.figure_dialog, "last_figure_options")
        if options is None:
            return False
        frozen = self._state.frozen()  # what is on show now; the window may change while the worker draws
        if dialog.panel() is not None:
            from app.figures.export import export_panel

            name, panel_options = self._panel_options

            def job(cancelled):
                export_panel(frozen, name, cancelled=cancelled, **options, **panel_options)
        else:
            def job(cancelled):
                export.export_figure(frozen, cancelled=cancelled, **options)
        outcome, message = self.in_worker(translate("Exports", "Drawing {name}…").format(name=os.path.basename(options["path"])), job)
        if outcome == "failed":  # any failure of matplotlib or the disk: shown, never a traceback
            show_error(self._window, translate("Exports", "Cannot export the figure"), f"{options['path']}: {localise(message)}")
            return False
        if outcome == "cancelled":
            self.notice.emit(translate("Exports", "Figure export cancelled: no file was written"))
            return False
        self._remember(options["path"])
        self.notice.emit(translate("Exports", "Exported {path}").format(path=options["path"]))
        return True

    def in_worker(self, text: str, job, total: int = 0, title: str = "") -> tuple[str, str]:
        """Run job(cancelled) on a worker under a window-modal progress dialog saying `text`, with Cancel, while the
        event loop turns; returns ("done", ""), ("cancelled", "") or ("failed", one line saying why).

        With `total` (frames), the job is job(cancelled, report), and report(frame, frames) moves the bar. Cancel
        sets what cancelled() returns; the job stops at its next check (app.export.stop_if) and writes nothing, and
        this returns once it has stopped, so "no file was written" is true when it is said.
        """
        make_courier()
        stop = threading.Event()
        progress = _ExportProgress(text, translate("Exports", "Cancel"), 0, total, self._window)
        progress.setWindowTitle(title or translate("Exports", "Export"))
        progress.setAttribute(QtCore.Qt.WidgetAttribute.WA_WindowPropagation, True)
        progress.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(stop.set)  # the button, Escape or closing the dialog (_ExportProgress)
        progress.canceled.connect(lambda: progress.cancelling(translate("Exports", "Cancelling…")))

        def move_bar(frame: int, frames: int) -> None:
            if progress.maximum() != frames:
                progress.setMaximum(frames)
            progress.setValue(frame)
            if progress.wasCanceled():  # cancelled some other way than by its signals (cancel() called, or a test)
                stop.set()

        def report(frame: int, frames: int) -> None:  # on the worker: the bar moves on the GUI thread
            call_on_gui_thread(progress, move_bar, frame, frames)

        def run() -> tuple[str, str]:
            try:
                job(stop.is_set, report) if total else job(stop.is_set)
            except export.ExportCancelled:
                return "cancelled", ""
            except Exception as exc:  # noqa: BLE001 - matplotlib, ffmpeg, Pillow or the disk: one line for the box
                return "failed", one_line(exc)
            return "done", ""

        outcome: list[tuple[str, str]] = []
        loop = QtCore.QEventLoop()
        worker = Worker(run, self, name="export")
        worker.done.connect(outcome.append)  # (run() turns every failure into an outcome: no `failed` to hear)
        worker.finished.connect(loop.quit)
        ExportActions.running += 1
        try:
            # the dialog first: started first, the worker's drawing (pure Python: it holds the GIL) kept the dialog from
            # showing for 0.3-0.5 s (the monkey's longest turns left in CI, after an export's file dialog returned)
            progress.show()
            worker.start()
            loop.exec()  # the window repaints and answers meanwhile; the modal dialog keeps its menus from a second export
        finally:
            ExportActions.running -= 1
        if not outcome:
            stop.set()  # the loop was ended from outside (the application quits): the job stops at its next check
        worker.wait()
        QtCore.QCoreApplication.sendPostedEvents(worker)  # its outcome, if it is still on the way
        progress.hide()  # (close() would count as Cancel, see _ExportProgress)
        progress.deleteLater()
        return outcome[0] if outcome else ("failed", translate("Exports", "the export ended without a result"))

    def animation_dialog(self) -> AnimationExportDialog:
        last, name = self._last("last_animation_options", ".mp4")
        dialog = AnimationExportDialog(name, last.get("theme", self._state.theme),
                                       last.get("size"), self._window)
        if last:
            dialog.fps_spin.setValue(int(last["fps"]))
            dialog.duration_spin.setValue(float(last["duration"]))
            dialog.caption_box.setChecked(last["caption"])
        return dialog

    def export_animation(self) -> bool:
        """Ask for the options, then draw and write the frames on a worker, under a progress dialog whose Cancel
        leaves no file (the frames held the GUI thread 0.4-0.8 s at a time between two looks at Cancel before)."""
        options, dialog = self._ask(self.animation_dialog, "last_animation_options")
        if options is None:
            return False
        total = dialog.frames()
        frozen = self._state.frozen()

        def job(cancelled, report):
            def progress(frame: int, frames: int) -> bool:
                report(frame, frames)
                return not cancelled()

            if not export.export_animation(frozen, progress=progress, **options):
                raise export.ExportCancelled

        outcome, message = self.in_worker(translate("Exports", "Writing {name}…").format(name=os.path.basename(options["path"])),
                                          job, total, translate("Exports", "Export animation"))
        if outcome == "failed":  # ffmpeg, Pillow or the disk: shown, never a traceback
            show_error(self._window, translate("Exports", "Cannot export the animation"), f"{options['path']}: {localise(message)}")
            return False
        if outcome == "cancelled":
            self.notice.emit(translate("Exports", "Animation export cancelled: no file was written"))
            return False
        self._remember(options["path"])
        self.notice.emit(translate("Exports", "Exported {path} ({count} frames)").format(path=options["path"], count=total))
        return True

    def export_data(self) -> bool:
        self._start()
        if not self._state.particles:
            show_error(self._window, translate("Exports", "Nothing to export"), translate("Exports", "There are no particles yet: launch one first."))
            return False
        start = default_name(self._directory(), self._stem(), ".csv")
        path, selected = QtWidgets.QFileDialog.getSaveFileName(self._window, translate("Exports", "Export data"), start,
                                                                translate("Exports", DATA_FILTER))
        if not path:
            return False
        if os.path.splitext(path)[1].lower() not in DATA_FORMATS:
            path += suffix_of_filter(selected) if suffix_of_filter(selected) in DATA_FORMATS else ".csv"
        frozen = self._state.frozen()
        outcome, message = self.in_worker(translate("Exports", "Writing {name}…").format(name=os.path.basename(path)),
                                          lambda cancelled: export.export_data(frozen, path, cancelled=cancelled))
        if outcome == "failed":  # the disk, or a format refused: shown, never a traceback
            show_error(self._window, translate("Exports", "Cannot export the data"), f"{path}: {localise(message)}")
            return False
        if outcome == "cancelled":
            self.notice.emit(translate("Exports", "Data export cancelled: no file was written"))
            return False
        self._remember(path)
        self.notice.emit(translate("Exports", "Exported {count} particles' samples to {path}").format(count=len(self._state.particles), path=path))
        return True


class _ExportProgress(QtWidgets.QProgressDialog):
    """The progress dialog of an export on a worker: Escape and the close button cancel like the Cancel button, and
    the dialog stays up until the worker has stopped (a plain one hides on Cancel, which let a second export start
    while the first was still drawing)."""

    def reject(self) -> None:
        self.canceled.emit()

    def cancelling(self, text: str) -> None:
        """After Cancel (which hides a QProgressDialog): up again, saying so, until the worker has stopped."""
        self.setLabelText(text)
        self.show()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        event.ignore()
        self.canceled.emit()
