"""Dialogs that gather the options of a figure or an animation export (app/export.py does the writing).

Each dialog holds the file name (its suffix picks the format), the size in pixels, the theme and the
caption; it refuses a name with the wrong suffix or in a folder that does not exist, inline, and
keeps what the user typed.
"""

from __future__ import annotations

import os

from PySide6 import QtCore, QtWidgets

from app.export import ANIMATION_FORMATS, DEFAULT_FIGURE_SIZE, DEFAULT_GIF_SIZE, DEFAULT_VIDEO_SIZE, FIGURE_FORMATS
from app.i18n import QT_TRANSLATE_NOOP
from app.themes import THEME_NAMES
from ui.dialogs.parts import add_error_and_buttons
from ui.i18n import translate
from ui.language import theme_title
from ui.panels.common import float_spin

FORMAT_NAMES = {".png": QT_TRANSLATE_NOOP("ExportDialog", "PNG image"), ".svg": QT_TRANSLATE_NOOP("ExportDialog", "SVG drawing"),
                ".pdf": QT_TRANSLATE_NOOP("ExportDialog", "PDF document"), ".mp4": QT_TRANSLATE_NOOP("ExportDialog", "MP4 video (H.264)"),
                ".gif": QT_TRANSLATE_NOOP("ExportDialog", "GIF animation")}


def file_filter(suffixes: tuple[str, ...]) -> str:
    """A QFileDialog filter with one entry per format, e.g. 'PNG image (*.png);;SVG drawing (*.svg)'."""
    return ";;".join(f"{format_name(s)} (*{s})" for s in suffixes)


def format_name(suffix: str) -> str:
    """The format's name in the window's language ('.png' -> 'PNG image')."""
    return translate("ExportDialog", FORMAT_NAMES[suffix]) if suffix in FORMAT_NAMES else suffix[1:].upper()


def suffix_of_filter(selected: str) -> str:
    """The suffix a QFileDialog filter entry names ('CSV table (*.csv)' -> '.csv'), or ''."""
    start = selected.rfind("(*")
    return selected[start + 2 : selected.find(")", start)].strip() if start >= 0 else ""


class _ExportDialog(QtWidgets.QDialog):
    """The parts both exports share: file, size, theme, caption, and an inline error line."""

    def __init__(self, title: str, suffixes: tuple[str, ...], path: str, size: tuple[int, int], theme: str, parent=None):
        super().__init__(parent)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_WindowPropagation, True)  # the window's font (presentation)
        self.setWindowTitle(title)
        self._suffixes = suffixes
        self.form = QtWidgets.QFormLayout()
        self.path_edit = QtWidgets.QLineEdit(path)
        self.path_edit.setAccessibleName(translate("ExportDialog", "file name"))
        self.path_edit.setToolTip(translate("ExportDialog", "The file to write; its ending ({suffixes}) picks the format")
                                  .format(suffixes=", ".join(suffixes)))
        browse = QtWidgets.QPushButton(translate("ExportDialog", "Browse…"))
        browse.clicked.connect(self._browse)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.form.addRow(translate("ExportDialog", "File"), row)
        self.format_label = QtWidgets.QLabel()
        self.form.addRow(translate("ExportDialog", "Format"), self.format_label)
        self.width_spin = self._pixels(size[0], translate("ExportDialog", "width"))
        self.height_spin = self._pixels(size[1], translate("ExportDialog", "height"))
        size_row = QtWidgets.QHBoxLayout()
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QtWidgets.QLabel("×"))
        size_row.addWidget(self.height_spin)
        size_row.addWidget(QtWidgets.QLabel(translate("ExportDialog", "pixels")))
        size_row.addStretch(1)
        self.form.addRow(translate("ExportDialog", "Size"), size_row)
        self.theme_combo = QtWidgets.QComboBox()
        for name in THEME_NAMES:
            self.theme_combo.addItem(theme_title(name), name)
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(theme), 0))
        self.theme_combo.setToolTip(translate("ExportDialog", "Presentation: large and high-contrast for a projector; print: black on white"))
        self.caption_box = QtWidgets.QCheckBox(translate("ExportDialog", "Stamp k, the time and each launch under the plot"))
        self.caption_box.setToolTip(translate("ExportDialog", "The same text always goes into the file's metadata"))

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.form)
        self.error_label, self.button_box = add_error_and_buttons(layout, self, QtWidgets.QDialogButtonBox.StandardButton.Save,
                                                                  translate("ExportDialog", "Export"))
        self.path_edit.textChanged.connect(self._on_path_changed)
        self._on_path_changed(path)
        self.setMinimumWidth(520)

    def _add_common_rows(self) -> None:
        self.form.addRow(translate("ExportDialog", "Theme"), self.theme_combo)
        self.form.addRow("", self.caption_box)

    @staticmethod
    def _pixels(value: int, name: str) -> QtWidgets.QSpinBox:
        spin = QtWidgets.QSpinBox()
        spin.setRange(16, 10000)
        spin.setValue(int(value))
        spin.setAccessibleName(name)
        spin.setToolTip(translate("ExportDialog", "The image {name} in pixels").format(name=name))
        return spin

    def _browse(self) -> None:
        current = self.path_edit.text().strip()
        path, selected = QtWidgets.QFileDialog.getSaveFileName(self, self.windowTitle(), current, file_filter(self._suffixes))
        if path:
            if not os.path.splitext(path)[1]:
                path += suffix_of_filter(selected) or self._suffixes[0]
            self.path_edit.setText(path)

    def suffix(self) -> str:
        return os.path.splitext(self.path_edit.text().strip())[1].lower()

    def _on_path_changed(self, _text: str) -> None:
        suffix = self.suffix()
        self.format_label.setText(format_name(suffix) if suffix in self._suffixes else
                                  translate("ExportDialog", "end the file name in {suffixes}").format(suffixes=", ".join(self._suffixes)))

    def path(self) -> str:
        return os.path.abspath(os.path.expanduser(self.path_edit.text().strip()))

    def image_size(self) -> tuple[int, int]:
        return self.width_spin.value(), self.height_spin.value()

    def theme(self) -> str:
        return self.theme_combo.currentData()

    def caption(self) -> bool:
        return self.caption_box.isChecked()

    def problem(self) -> str | None:
        """What is wrong with the options, or None."""
        text = self.path_edit.text().strip()
        if not text:
            return translate("ExportDialog", "type a file name, or choose one with Browse…")
        if self.suffix() not in self._suffixes:
            return translate("ExportDialog", "the file name must end in {suffixes}").format(suffixes=", ".join(self._suffixes))
        folder = os.path.dirname(self.path())
        if not os.path.isdir(folder):
            return translate("ExportDialog", "the folder {folder} does not exist").format(folder=folder)
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error_label.setText(translate("ExportDialog", "Cannot export: {problem}").format(problem=problem))
            self.error_label.show()
            self.path_edit.setFocus()
            return
        self.error_label.hide()
        super().accept()


class FigureExportDialog(_ExportDialog):
    """PNG, SVG or PDF of the current view: size, dpi (automatic by default), theme and caption."""

    def __init__(self, path: str, theme: str, size: tuple[int, int] = DEFAULT_FIGURE_SIZE, parent=None,
                 panel: tuple[str, str] | None = None):
        """`panel`: (title, name) of the analysis panel in front, offered beside the plot (and chosen at first)."""
        super().__init__(translate("ExportDialog", "Export figure"), FIGURE_FORMATS, path, size, theme, parent)
        self.figure_choice = QtWidgets.QComboBox()
        self.figure_choice.setAccessibleName(translate("ExportDialog", "figure to export"))
        self.figure_choice.setToolTip(translate("ExportDialog", "The plot, or the analysis panel in front of the side panel"))
        self.figure_choice.addItem(translate("ExportDialog", "The plot"), None)
        if panel is not None:
            self.figure_choice.addItem(panel[0], panel[1])
            self.figure_choice.setCurrentIndex(1)
        self.form.insertRow(0, translate("ExportDialog", "Figure"), self.figure_choice)
        self.dpi_spin = QtWidgets.QSpinBox()
        self.dpi_spin.setRange(0, 1200)
        self.dpi_spin.setSingleStep(10)
        self.dpi_spin.setSpecialValueText(translate("ExportDialog", "automatic"))
        self.dpi_spin.setValue(0)
        self.dpi_spin.setAccessibleName(translate("ExportDialog", "dots per inch"))
        self.dpi_spin.setToolTip(translate("ExportDialog", "Dots per inch (10 to 1200); automatic keeps the text in proportion to the image"))
        self.form.addRow("DPI", self.dpi_spin)
        self._add_common_rows()

    def dpi(self) -> float | None:
        return float(self.dpi_spin.value()) if self.dpi_spin.value() else None

    def problem(self) -> str | None:
        if 0 < self.dpi_spin.value() < 10:
            return translate("ExportDialog", "the DPI must be from 10 to 1200 (or automatic)")
        return super().problem()

    def options(self) -> dict:
        """Keyword arguments of app.export.export_figure (besides the state)."""
        return {"path": self.path(), "size": self.image_size(), "dpi": self.dpi(), "theme": self.theme(), "caption": self.caption()}

    def panel(self) -> str | None:
        """The analysis panel chosen (its app.figures name), or None for the plot."""
        return self.figure_choice.currentData()


class AnimationExportDialog(_ExportDialog):
    """MP4 or GIF of the clock running over the paths: frame rate, duration, size, theme and caption."""

    def __init__(self, path: str, theme: str, size: tuple[int, int] | None = None, parent=None):
        gif = path.lower().endswith(".gif")
        super().__init__(translate("ExportDialog", "Export animation"), ANIMATION_FORMATS, path,
                         size or (DEFAULT_GIF_SIZE if gif else DEFAULT_VIDEO_SIZE),
                         theme, parent)
        self._size_touched = size is not None
        self.fps_spin = QtWidgets.QSpinBox()
        self.fps_spin.setRange(1, 120)
        self.fps_spin.setValue(30 if not gif else 25)
        self.fps_spin.setSuffix(translate("ExportDialog", " frames/s"))
        self.fps_spin.setAccessibleName(translate("ExportDialog", "frame rate"))
        self.fps_spin.setToolTip(translate("ExportDialog", "Frames per second (a GIF plays at most 50)"))
        self.duration_spin = float_spin(8.0, 0.5, 600.0, 1.0, decimals=1)
        self.duration_spin.setKeyboardTracking(True)  # the frame count follows each key typed
        self.duration_spin.setSuffix(translate("ExportDialog", " s"))
        self.duration_spin.setAccessibleName(translate("ExportDialog", "duration"))
        self.duration_spin.setToolTip(translate("ExportDialog", "Seconds of video; the clock runs from 0 to the end of the longest "
                                                                "path in that time"))
        self.frames_label = QtWidgets.QLabel()
        self.form.addRow(translate("ExportDialog", "Frame rate"), self.fps_spin)
        self.form.addRow(translate("ExportDialog", "Duration"), self.duration_spin)
        self.form.addRow("", self.frames_label)
        self._add_common_rows()
        for spin in (self.width_spin, self.height_spin):
            spin.valueChanged.connect(self._on_size_edited)
        self.fps_spin.valueChanged.connect(self._show_frames)
        self.duration_spin.valueChanged.connect(self._show_frames)
        self._show_frames()

    def _on_size_edited(self, _value: int) -> None:
        self._size_touched = True

    def _on_path_changed(self, text: str) -> None:
        super()._on_path_changed(text)
        if getattr(self, "_size_touched", True):
            return
        # an untouched size follows the format: smaller for GIF, whose frames are held in memory
        size = DEFAULT_GIF_SIZE if self.suffix() == ".gif" else DEFAULT_VIDEO_SIZE
        for spin, value in zip((self.width_spin, self.height_spin), size):
            was_blocked = spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(was_blocked)

    def _show_frames(self, *_) -> None:
        self.frames_label.setText(translate("ExportDialog", "{count} frames").format(count=self.frames()))

    def fps(self) -> int:
        return self.fps_spin.value()

    def duration(self) -> float:
        return self.duration_spin.value()

    def frames(self) -> int:
        return int(round(self.fps() * self.duration()))

    def problem(self) -> str | None:
        if self.suffix() == ".gif" and self.fps() > 50:
            return translate("ExportDialog", "a GIF plays at most 50 frames per second: lower the frame rate or choose MP4")
        return super().problem()

    def options(self) -> dict:
        """Keyword arguments of app.export.export_animation (besides the state and progress)."""
        return {"path": self.path(), "fps": self.fps(), "duration": self.duration(), "size": self.image_size(),
                "theme": self.theme(), "caption": self.caption()}


def default_name(directory: str, stem: str, suffix: str) -> str:
    """directory/stem+suffix, numbered (stem-2, stem-3, ...) so that an existing file is not offered."""
    candidate = os.path.join(directory, stem + suffix)
    n = 2
    while os.path.exists(candidate) and n < 1000:
        candidate = os.path.join(directory, f"{stem}-{n}{suffix}")
        n += 1
    return candidate
