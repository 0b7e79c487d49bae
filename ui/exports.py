"""File ▸ Export figure…, Export animation… and Export data… (the writing is app/export.py's).

Every failure is shown in a message box with one line; a cancelled animation leaves no file (the
export writes to a temporary file that is renamed only when it is complete).
"""

from __future__ import annotations

import os

from PySide6 import QtCore, QtGui, QtWidgets

from app import export
from app.i18n import QT_TRANSLATE_NOOP
from physics.messages import one_line
from ui.dialogs.export import AnimationExportDialog, FigureExportDialog, default_name, suffix_of_filter
from ui.i18n import translate
from ui.language import localise
from ui.session_files import show_error

DATA_FORMATS = (".csv", ".json", ".npz")
DATA_FILTER = QT_TRANSLATE_NOOP("Exports", "CSV table (*.csv);;JSON (*.json);;NumPy arrays (*.npz)")
EXPORT_DIRECTORY_KEY = "files/export_directory"


class ExportActions(QtCore.QObject):
    """The window's export commands; `stem()` names the default files (the session's name)."""

    notice = QtCore.Signal(str)

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
        QtWidgets.QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        try:
            if dialog.panel() is not None:
                from app.figures.export import export_panel

                name, panel_options = self._panel_options
                export_panel(self._state, name, **options, **panel_options)
            else:
                export.export_figure(self._state, **options)
        except Exception as exc:  # any failure of matplotlib or the disk: shown, never a traceback
            QtWidgets.QApplication.restoreOverrideCursor()
            show_error(self._window, translate("Exports", "Cannot export the figure"), f"{options['path']}: {localise(one_line(exc))}")
            return False
        QtWidgets.QApplication.restoreOverrideCursor()
        self._remember(options["path"])
        self.notice.emit(translate("Exports", "Exported {path}").format(path=options["path"]))
        return True

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
        """Ask for the options, then write frame by frame under a progress dialog whose Cancel leaves no file."""
        options, dialog = self._ask(self.animation_dialog, "last_animation_options")
        if options is None:
            return False
        total = dialog.frames()
        progress = QtWidgets.QProgressDialog(translate("Exports", "Writing {name}…").format(name=os.path.basename(options["path"])),
                                             translate("Exports", "Cancel"), 0, total, self._window)
        progress.setWindowTitle(translate("Exports", "Export animation"))
        progress.setAttribute(QtCore.Qt.WidgetAttribute.WA_WindowPropagation, True)
        progress.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)

        def report(frame: int, frames: int) -> bool:
            # drawing happens on this thread: let Qt paint the dialog and hear Cancel between frames
            if progress.maximum() != frames:
                progress.setMaximum(frames)
            progress.setValue(frame)
            QtWidgets.QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            finished = export.export_animation(self._state, progress=report, **options)
        except Exception as exc:  # ffmpeg, Pillow or the disk: shown, never a traceback
            progress.close()
            show_error(self._window, translate("Exports", "Cannot export the animation"), f"{options['path']}: {localise(one_line(exc))}")
            return False
        progress.close()
        if not finished:
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
        try:
            export.export_data(self._state, path)
        except Exception as exc:  # the disk, or a format refused: shown, never a traceback
            show_error(self._window, translate("Exports", "Cannot export the data"), f"{path}: {localise(one_line(exc))}")
            return False
        self._remember(path)
        self.notice.emit(translate("Exports", "Exported {count} particles' samples to {path}").format(count=len(self._state.particles), path=path))
        return True

