"""The app's icon and Linux desktop entry, shipped with the package (pyproject.toml's package data).

dipole-lab.svg is drawn by make_icons.py, which also renders the PNG sizes into hicolor/SIZExSIZE/apps/;
dipole-lab.desktop is the menu entry (README: installing the menu entry and the icon).
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtGui

HERE = Path(__file__).resolve().parent
DESKTOP_ENTRY = HERE / "dipole-lab.desktop"
ICON_SVG = HERE / "dipole-lab.svg"


def icon_files() -> list[Path]:
    """The PNG sizes of the icon, smallest first."""
    return sorted(HERE.glob("hicolor/*/apps/dipole-lab.png"), key=lambda p: int(p.parts[-3].split("x")[0]))


def app_icon() -> QtGui.QIcon:
    """The window's icon, from the PNG sizes (each drawn for its size; no SVG plugin needed)."""
    icon = QtGui.QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon
