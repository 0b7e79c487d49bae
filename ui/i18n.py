"""The window's text goes through Qt's translation system here.

Write every user-visible string of the window as ``translate("Context", "text")``, with a literal context (the
widget's or module's name, e.g. "MainWindow", "Canvas", "ProbePanel") and a literal text: ``pyside6-lupdate`` finds
such pairs in the source and writes them to the Qt Linguist ``.ts`` files. Build text that holds numbers with a
placeholder, ``translate("Readouts", "E = {value}").format(value=...)``, never by joining translated pieces.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """The text in the window's language (the text itself when no translation is loaded or it has none)."""
    return QCoreApplication.translate(context, text, disambiguation, n)
