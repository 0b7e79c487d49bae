"""The icon and the Linux desktop entry (ui/desktop/): every size is there and drawn for its size, the entry runs the
installed command, and the window carries the icon."""

import argparse
import configparser
import tomllib
from pathlib import Path

from PySide6 import QtGui, QtWidgets

from ui.desktop import DESKTOP_ENTRY, ICON_SVG, app_icon, icon_files
from ui.desktop.make_icons import SIZES, png_path, svg_text

ROOT = Path(__file__).resolve().parents[2]


def test_every_size_is_a_png_of_that_size():
    assert [p for p in icon_files()] == [png_path(size) for size in SIZES]
    for size in SIZES:
        image = QtGui.QImage(str(png_path(size)))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel() and QtGui.QColor.fromRgba(image.pixel(0, 0)).alpha() == 0  # a rounded tile on transparency
        centre = QtGui.QColor.fromRgba(image.pixel(size // 2, size // 2))
        assert centre.alpha() == 255  # the dipole in the middle is opaque


def test_the_svg_is_what_make_icons_draws():
    assert ICON_SVG.read_text(encoding="utf-8") == svg_text()


def test_the_desktop_entry_runs_the_installed_command_with_the_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DESKTOP_ENTRY, encoding="utf-8")
    section = entry["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert section["Type"] == "Application" and section["Name"] == "Dipole Lab"
    assert section["Exec"] in scripts and section["TryExec"] in scripts
    assert section["Icon"] == png_path(16).stem  # the icon theme finds it by that name
    assert section["Categories"].endswith(";") and "Education" in section["Categories"]
    # a Chinese desktop's menu describes it in Chinese (the name "Dipole Lab" stays, as in the window)
    for key in ("GenericName[zh_CN]", "Comment[zh_CN]", "Keywords[zh_CN]"):
        assert "电偶极子" in section[key]


def test_the_icon_has_every_size_and_the_window_carries_it(qapp, tmp_path):
    icon = app_icon()
    assert {s.width() for s in icon.availableSizes()} >= set(SIZES)
    from ui.startup import run

    assert run(argparse.Namespace(screenshot=str(tmp_path / "shot.png"), preset=None, session=None)) == 0
    assert not QtWidgets.QApplication.windowIcon().isNull()
    assert {s.width() for s in QtWidgets.QApplication.windowIcon().availableSizes()} >= set(SIZES)
