"""Names for screen readers: every control of a window gets an accessible name.

A control that was given none is named after the label that is its buddy, else after the first clause of
its tool tip, else after its placeholder text, so a screen reader never announces a bare "spin box".
"""

from __future__ import annotations

import re

from PySide6 import QtCore, QtWidgets

INTERACTIVE = (QtWidgets.QAbstractButton, QtWidgets.QAbstractSlider, QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox,
               QtWidgets.QLineEdit, QtWidgets.QAbstractItemView, QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)


def needs_name(widget: QtWidgets.QWidget) -> bool:
    """A control a screen reader would announce without a name (its text, if any, names a button)."""
    if not isinstance(widget, INTERACTIVE) or widget.accessibleName():
        return False
    if isinstance(widget, QtWidgets.QScrollBar) or widget.objectName() == "qt_spinbox_lineedit":
        return False  # a scroll area's bar; a spin box's own line edit is named by its spin box
    return not (isinstance(widget, QtWidgets.QAbstractButton) and widget.text().replace("&", "").strip())


def plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text).replace("&", "")
    return " ".join(text.split())


def name_controls(root: QtWidgets.QWidget) -> int:
    """Give every unnamed control under `root` a name; returns how many were named."""
    buddies = {}
    for label in root.findChildren(QtWidgets.QLabel):
        if label.buddy() is not None and label.text():
            buddies[label.buddy()] = plain(label.text()).rstrip(":")
    named = 0
    for widget in root.findChildren(QtWidgets.QWidget):
        if not needs_name(widget):
            continue
        name = buddies.get(widget) or re.split(r"[;.(]|: ", plain(widget.toolTip()))[0].strip() or _label_before(widget)
        if not name and isinstance(widget, QtWidgets.QLineEdit):
            name = widget.placeholderText()
        if name:
            widget.setAccessibleName(name)
            named += 1
    return named


def _label_before(widget: QtWidgets.QWidget) -> str:
    """The text of the label just before `widget` in its layout ("N" before the count of a fan), if any."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    if layout is None:
        return ""
    # by indexOf, never itemAt: PySide keeps every layout item it hands out, and Qt may delete the item behind it
    for holder in [layout, *layout.findChildren(QtWidgets.QLayout)]:
        index = holder.indexOf(widget)
        if index > 0:
            for label in parent.findChildren(QtWidgets.QLabel, options=QtCore.Qt.FindChildOption.FindDirectChildrenOnly):
                if holder.indexOf(label) == index - 1:
                    return plain(label.text()).rstrip(":")
            return ""
    return ""
