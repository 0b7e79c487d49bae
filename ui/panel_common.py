"""Pieces the docked panels share: a matplotlib canvas, a worker thread, fate colours, a one-line message."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from PySide6 import QtCore, QtWidgets

from ui.workers import Worker  # noqa: F401 - the one worker thread of the panels and the window

# Okabe–Ito: readable with the common colour-vision deficiencies
FATE_COLORS = {
    "falls": "#D55E00",
    "escapes-libration": "#0072B2",
    "escapes-rotation": "#009E73",
    "escapes": "#0072B2",
    "marginal": "#777777",
    "unknown": "#777777",
    "stays": "#E69F00",
}


class CachedConstrainedLayout(ConstrainedLayoutEngine):
    """matplotlib's constrained layout, worked out again only when something it depends on changed.

    Constrained layout measures every tick label of every axes on each draw, which was two thirds of a
    panel's redraw. What it depends on is the figure's size, the axes, their limits (which fix the tick
    labels), scales and labels; while those stay the same the last layout still fits.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._key = None

    def invalidate(self) -> None:
        """Work the layout out again at the next draw (after a change the key cannot see, e.g. tick label sizes)."""
        self._key = None

    def execute(self, fig):
        key = layout_key(fig)
        if key != self._key:
            super().execute(fig)
            self._key = key


def layout_key(fig) -> tuple:
    """What a constrained layout of `fig` depends on (see CachedConstrainedLayout)."""
    axes = tuple(
        (id(ax), ax.get_visible(), ax.get_subplotspec() is not None and ax.get_subplotspec().get_geometry(),
         tuple(ax.get_xlim()), tuple(ax.get_ylim()), ax.get_xscale(), ax.get_yscale(),
         ax.get_xlabel(), ax.get_ylabel(), ax.get_title(),
         ax.xaxis.get_label().get_fontsize(), ax.yaxis.get_label().get_fontsize(),
         # inset axes (the main plot's colour bar) take room from the layout too
         tuple((id(child), child.get_visible(), child.get_ylabel()) for child in ax.child_axes))
        for ax in fig.axes
    )
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    return (tuple(fig.bbox.size), fig.dpi, suptitle, axes)


def make_canvas(width: float = 4.0, height: float = 3.0, min_height: int = 200) -> tuple[Figure, FigureCanvasQTAgg]:
    figure = Figure(figsize=(width, height), layout=CachedConstrainedLayout())
    canvas = FigureCanvasQTAgg(figure)
    canvas.setMinimumHeight(min_height)
    canvas.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding)
    return figure, canvas


def message_label() -> QtWidgets.QLabel:
    """A one-line label for refusals and status: elided, never grows the panel."""
    label = QtWidgets.QLabel("")
    label.setWordWrap(False)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)
    return label


def show_message(label: QtWidgets.QLabel, text: str, error: bool = False) -> None:
    label.setText(text)
    label.setToolTip(text)
    label.setStyleSheet("color: #b00020;" if error else "color: palette(text);")


class RefreshWhenShown:
    """Mixin for a panel with a refresh(): while hidden it only notes that it is stale, so it costs
    nothing while the animation runs, and it refreshes once when it is shown again. While shown, the
    changes that arrive together (a slider drag, a fan of launches, an undo) are answered by one
    refresh when control returns to the event loop, not one each."""

    def _on_changed(self, *_) -> None:
        if not self.isVisible():
            self._stale = True
            return
        timer = getattr(self, "_refresh_timer", None)
        if timer is None:
            timer = self._refresh_timer = QtCore.QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(0)
            timer.timeout.connect(self._refresh_if_shown)
        timer.start()

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._stale = False
            self.refresh()


def float_spin(value: float, low: float, high: float, step: float, decimals: int = 3, tip: str = "") -> QtWidgets.QDoubleSpinBox:
    spin = QtWidgets.QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setValue(value)
    spin.setKeyboardTracking(False)
    if tip:
        spin.setToolTip(tip)
    return spin
