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


class ThemeStyle(QtWidgets.QProxyStyle):
    """Fusion, with check boxes and radio buttons outlined in the text colour on a dark window (Fusion draws
    their outline darker than the window: none at all on the presentation theme's black). A style, not a
    style sheet: style sheets stop the presentation theme's larger type from reaching some widgets."""

    OUTLINED = (QtWidgets.QStyle.PrimitiveElement.PE_IndicatorCheckBox, QtWidgets.QStyle.PrimitiveElement.PE_IndicatorRadioButton,
                QtWidgets.QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)

    def __init__(self):
        super().__init__("Fusion")

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802 - Qt's name
        super().drawPrimitive(element, option, painter, widget)
        if element in self.OUTLINED and option.palette.color(QtGui.QPalette.ColorRole.Window).value() < 128:
            painter.save()
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            painter.setPen(QtGui.QPen(option.palette.color(QtGui.QPalette.ColorRole.Text), 1.5))
            painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
            box = QtCore.QRectF(option.rect).adjusted(1, 1, -1, -1)
            if element == QtWidgets.QStyle.PrimitiveElement.PE_IndicatorRadioButton:
                painter.drawEllipse(box)
            else:
                painter.drawRect(box)
            painter.restore()
