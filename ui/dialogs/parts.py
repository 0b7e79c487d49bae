"""The parts the window's dialogs share: the line that says what is wrong, and the buttons that accept or cancel."""

from __future__ import annotations

from PySide6 import QtWidgets

from ui.i18n import translate

ERROR_TEXT_STYLE = "color: #c62828; font-weight: bold;"


def error_label() -> QtWidgets.QLabel:
    """A hidden, word-wrapped label for the dialog's refusal in one line (screen readers call it "error")."""
    label = QtWidgets.QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_TEXT_STYLE)
    label.setAccessibleName(translate("Dialogs", "error"))
    label.hide()
    return label


def accept_buttons(dialog: QtWidgets.QDialog, ok: QtWidgets.QDialogButtonBox.StandardButton, text: str) -> QtWidgets.QDialogButtonBox:
    """`ok` (labelled `text`) and Cancel, wired to the dialog's accept and reject."""
    box = QtWidgets.QDialogButtonBox(ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
    box.button(ok).setText(text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def add_error_and_buttons(layout: QtWidgets.QBoxLayout, dialog: QtWidgets.QDialog, ok: QtWidgets.QDialogButtonBox.StandardButton,
                          text: str) -> tuple[QtWidgets.QLabel, QtWidgets.QDialogButtonBox]:
    """The error line and the accept/cancel buttons at the foot of a dialog's `layout`."""
    label, box = error_label(), accept_buttons(dialog, ok, text)
    layout.addWidget(label)
    layout.addWidget(box)
    return label, box
