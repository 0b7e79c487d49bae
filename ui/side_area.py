"""The side area: one dock beside the plot whose pages are the particles, the layers, the graphs and the
analysis panels, one at a time, so the plot keeps most of the window on any screen.

The page chooser is the dock's title bar (a list that shows every page's whole name), with buttons to
detach the area into a window of its own and to hide it. Each page sits in a scroll area, so a page
that needs more room than a small screen has scrolls instead of pushing the window past the screen,
and the stack asks for the room of the page it shows, not of the largest page.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import QT_TRANSLATE_NOOP
from ui.i18n import translate
from ui.qt_theme import tinted_icon

# every page of the side area, in the chooser's order: name, title
PAGES = (
    ("particles", QT_TRANSLATE_NOOP("SideArea", "Particles and readout")),
    ("layers", QT_TRANSLATE_NOOP("SideArea", "Layers and trails")),
    ("graphs", QT_TRANSLATE_NOOP("SideArea", "Graphs: E, C and r²")),
    ("regime", QT_TRANSLATE_NOOP("SideArea", "Regime map")),
    ("pendulum", QT_TRANSLATE_NOOP("SideArea", "Hidden pendulum")),
    ("trust", QT_TRANSLATE_NOOP("SideArea", "Trust meter")),
    ("potential", QT_TRANSLATE_NOOP("SideArea", "Custom potential")),
    ("scattering", QT_TRANSLATE_NOOP("SideArea", "Scattering lab")),
    ("versus", QT_TRANSLATE_NOOP("SideArea", "Any against any")),
)
PAGE_TITLES = dict(PAGES)  # in English: page_title(name) gives a page's title in the window's language
# the analysis panels (`--panel NAME`, View ▸ Panels)
PANEL_PAGES = ("graphs", "regime", "pendulum", "trust", "potential", "scattering", "versus")


def page_title(name: str) -> str:
    """A page's title in the window's language."""
    return translate("SideArea", PAGE_TITLES[name]) if name in PAGE_TITLES else name


class CurrentPageStack(QtWidgets.QStackedWidget):
    """A stacked widget that asks for the room of the page it shows (QStackedWidget asks for its largest page's)."""

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt's name
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt's name
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class SideArea(QtWidgets.QWidget):
    """Pages shown one at a time, chosen by name; `page_changed(name)` follows the choice."""

    page_changed = QtCore.Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._names: list[str] = []
        self._pages: dict[str, QtWidgets.QWidget] = {}
        self.stack = CurrentPageStack()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.header = QtWidgets.QWidget()
        row = QtWidgets.QHBoxLayout(self.header)
        row.setContentsMargins(4, 3, 2, 3)
        row.setSpacing(2)
        self.chooser = QtWidgets.QComboBox()
        self.chooser.setAccessibleName(translate("SideArea", "side panel page"))
        self.chooser.setToolTip(translate("SideArea", "Choose what the side panel shows (View ▸ Panels, Ctrl+1 … Ctrl+9)"))
        self.chooser.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chooser.currentIndexChanged.connect(self._on_chosen)
        row.addWidget(self.chooser, 1)
        self.detach_button = _tool_button(tinted_icon(self, QtWidgets.QStyle.StandardPixmap.SP_TitleBarNormalButton),
                                          translate("SideArea", "Detach the side panel into a window of its own (again to dock it back)"),
                                          translate("SideArea", "Detach the side panel"))
        self.close_button = _tool_button(tinted_icon(self, QtWidgets.QStyle.StandardPixmap.SP_TitleBarCloseButton),
                                         translate("SideArea", "Hide the side panel: the plot takes the whole width (F9 shows it again)"),
                                         translate("SideArea", "Hide the side panel"))
        row.addWidget(self.detach_button)
        row.addWidget(self.close_button)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.PaletteChange:  # the buttons' icons in the theme's text colour
            self.detach_button.setIcon(tinted_icon(self, QtWidgets.QStyle.StandardPixmap.SP_TitleBarNormalButton))
            self.close_button.setIcon(tinted_icon(self, QtWidgets.QStyle.StandardPixmap.SP_TitleBarCloseButton))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._names)

    def add_page(self, name: str, widget: QtWidgets.QWidget, scroll: bool = True) -> None:
        """Add a page under its title from PAGES; `scroll` wraps it in a scroll area (not for pages that scroll themselves)."""
        if isinstance(widget, QtWidgets.QDockWidget):
            # a panel written as a dock lives here as a plain page: no title bar of its own, never floats alone
            widget.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
            widget.setTitleBarWidget(QtWidgets.QWidget())
        page = _scrolled(widget) if scroll else widget
        page.setObjectName(f"{name}_page")
        self._names.append(name)
        self._pages[name] = widget
        self.stack.addWidget(page)
        blocked = self.chooser.blockSignals(True)
        self.chooser.addItem(page_title(name), name)
        self.chooser.blockSignals(blocked)
        if page is not widget:
            # a dock that was hidden before it came here is shown with its page (inside the scroll area, which the
            # stack shows and hides); a page of its own is left to the stack: shown here it counted as visible behind
            # the page in front, and the graphs page drew itself at every change of the paths (100 ms each)
            widget.show()

    def needed_width(self) -> int:
        """The width that shows every page without sideways scrolling (with room for a vertical scroll bar)."""
        bar = self.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_ScrollBarExtent)
        return max((page.minimumSizeHint().width() for page in self._pages.values()), default=0) + bar + 4

    def page(self, name: str) -> QtWidgets.QWidget:
        return self._pages[name]

    @property
    def current(self) -> str:
        index = self.stack.currentIndex()
        return self._names[index] if index >= 0 else ""

    def show_page(self, name: str) -> None:
        if name not in self._pages:
            raise ValueError(f"no side panel page {name!r}: use one of {', '.join(self._names)}")
        self.chooser.setCurrentIndex(self._names.index(name))

    def _on_chosen(self, index: int) -> None:
        if 0 <= index < len(self._names):
            self.stack.setCurrentIndex(index)
            self.stack.updateGeometry()
            self.page_changed.emit(self._names[index])


def _tool_button(icon: QtGui.QIcon, tip: str, name: str) -> QtWidgets.QToolButton:
    button = QtWidgets.QToolButton()
    button.setIcon(icon)
    button.setToolTip(tip)
    button.setAccessibleName(name)
    button.setAutoRaise(True)
    return button


def _scrolled(widget: QtWidgets.QWidget) -> QtWidgets.QScrollArea:
    area = QtWidgets.QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    return area


def page_shortcut(index: int) -> QtGui.QKeySequence:
    """Ctrl+1 … Ctrl+9 for the pages in order."""
    return QtGui.QKeySequence(f"Ctrl+{index + 1}")
