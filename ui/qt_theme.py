"""The window's widgets in the theme's colours: a Qt palette for the whole application (docks, lists, menus,
dialogs, tool tips), so the presentation theme is dark end to end and the print theme black on white.

Palettes are honoured fully by the Fusion style, which main start-up selects; the default theme gives the
style's own palette back.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.themes import get_theme

_ROLES = (
    ("window", (QtGui.QPalette.ColorRole.Window,)),
    ("text", (QtGui.QPalette.ColorRole.WindowText, QtGui.QPalette.ColorRole.Text, QtGui.QPalette.ColorRole.ButtonText,
              QtGui.QPalette.ColorRole.ToolTipText, QtGui.QPalette.ColorRole.PlaceholderText)),
    ("base", (QtGui.QPalette.ColorRole.Base, QtGui.QPalette.ColorRole.ToolTipBase)),
    ("alternate_base", (QtGui.QPalette.ColorRole.AlternateBase,)),
    ("button", (QtGui.QPalette.ColorRole.Button,)),
    ("highlight", (QtGui.QPalette.ColorRole.Highlight,)),
    ("highlighted_text", (QtGui.QPalette.ColorRole.HighlightedText,)),
    ("mid", (QtGui.QPalette.ColorRole.Mid, QtGui.QPalette.ColorRole.Dark, QtGui.QPalette.ColorRole.Shadow)),
    ("link", (QtGui.QPalette.ColorRole.Link, QtGui.QPalette.ColorRole.LinkVisited)),
)


def theme_palette(name: str) -> QtGui.QPalette:
    """The palette of a theme (the style's standard palette for a theme that keeps the system's colours)."""
    app = QtWidgets.QApplication.instance()
    standard = app.style().standardPalette() if app is not None else QtGui.QPalette()
    colours = get_theme(name).ui
    if colours is None:
        return standard
    palette = QtGui.QPalette(standard)
    for field, roles in _ROLES:
        colour = QtGui.QColor(getattr(colours, field))
        for role in roles:
            palette.setColor(role, colour)
    # a light and a midlight that follow the window, so Fusion's bevels and frames stay visible on black
    window = QtGui.QColor(colours.window)
    palette.setColor(QtGui.QPalette.ColorRole.Light, window.lighter(180) if window.value() < 128 else window.darker(115))
    palette.setColor(QtGui.QPalette.ColorRole.Midlight, window.lighter(140) if window.value() < 128 else window.darker(108))
    disabled = QtGui.QColor(colours.disabled_text)
    for role in (QtGui.QPalette.ColorRole.WindowText, QtGui.QPalette.ColorRole.Text, QtGui.QPalette.ColorRole.ButtonText):
        palette.setColor(QtGui.QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_qt_theme(name: str) -> None:
    """Give every widget of the application (and every dialog opened later) the theme's colours."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        return
    palette = theme_palette(name)
    app.setPalette(palette)
    app.setStyleSheet(indicator_style(name))
    # tool tips take their palette from their own class in some styles
    QtWidgets.QToolTip.setPalette(palette)


def tinted_icon(widget: QtWidgets.QWidget, pixmap: QtWidgets.QStyle.StandardPixmap, size: int = 16) -> QtGui.QIcon:
    """A standard icon in the widget's text colour (the style's own grey ones vanish on the presentation theme's black)."""
    source = widget.style().standardIcon(pixmap).pixmap(size, size)
    tinted = QtGui.QPixmap(source.size())
    tinted.setDevicePixelRatio(source.devicePixelRatio())
    tinted.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(tinted)
    painter.drawPixmap(0, 0, source)
    painter.setCompositionMode(QtGui.QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(tinted.rect(), widget.palette().color(QtGui.QPalette.ColorRole.ButtonText))
    painter.end()
    return QtGui.QIcon(tinted)


# Fusion draws check boxes and radio buttons with an outline darker than the window: none on black
DARK_INDICATORS = """
QCheckBox::indicator, QRadioButton::indicator, QGroupBox::indicator {
    width: 0.9em; height: 0.9em; border: 2px solid %(text)s; background: %(base)s; }
QRadioButton::indicator { border-radius: 0.5em; }
QCheckBox::indicator:checked, QRadioButton::indicator:checked, QGroupBox::indicator:checked { background: %(highlight)s; }
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled { border-color: %(disabled)s; }
"""


def indicator_style(name: str) -> str:
    """The style sheet that keeps check boxes visible in a dark theme ('' for the others)."""
    colours = get_theme(name).ui
    if colours is None or QtGui.QColor(colours.window).value() >= 128:
        return ""
    return DARK_INDICATORS % {"text": colours.text, "base": colours.base, "highlight": colours.highlight,
                              "disabled": colours.disabled_text}
