"""Make the analysis panels (regime, pendulum, trust, potential, scattering) for the window's side area.

    panels = make_panels(window, state)

The window shows them as pages of its side area (ui/side_area.py), one at a time. A panel draws only
while it is shown. If the window has a `canvas` with a `preview_changed` signal (ui/canvas.PlotCanvas),
the regime map follows the arrow being dragged on it.
"""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6 import QtWidgets

from ui.panels.graph import GraphPanel
from ui.panels.pendulum import PendulumPanel
from ui.panels.potential import PotentialPanel
from ui.panels.regime import RegimePanel
from ui.panels.scattering import ScatteringPanel
from ui.panels.trust import TrustPanel

PANELS = (
    ("regime", RegimePanel),
    ("pendulum", PendulumPanel),
    ("trust", TrustPanel),
    ("potential", PotentialPanel),
    ("scattering", ScatteringPanel),
    ("versus", GraphPanel),
)


def make_panels(window: QtWidgets.QWidget, state) -> dict[str, QtWidgets.QWidget]:
    """Create every panel around `state` (children of `window`), and return them by name."""
    panels: dict[str, QtWidgets.QWidget] = {}
    for name, cls in PANELS:
        panel = cls(state, window)
        panel.hide()
        panels[name] = panel
    for panel in panels.values():
        for canvas in panel.findChildren(FigureCanvasQTAgg):
            _draw_when_seen(canvas)
    _follow_canvas(window, panels)
    return panels


def _draw_when_seen(canvas: FigureCanvasQTAgg) -> None:
    """Hold a hidden panel's pending draw until it is shown (its paintEvent draws it then).

    The panels follow every change of the model; drawing the ones nobody can see (docks not chosen
    yet, tabs behind others) cost most of the window's start-up. This wraps matplotlib's
    FigureCanvasQT._draw_idle (run by draw_idle and paintEvent), and does nothing if it is missing.
    """
    real = getattr(canvas, "_draw_idle", None)
    if real is None or not hasattr(canvas, "_draw_pending"):
        return
    held = {"draw": False}

    def draw_if_seen() -> None:
        try:
            seen = canvas.isVisible()
        except RuntimeError:  # the widget is already deleted
            return
        if seen:
            if held["draw"]:
                held["draw"], canvas._draw_pending = False, True
            real()
        elif canvas._draw_pending:
            held["draw"], canvas._draw_pending = True, False

    canvas._draw_idle = draw_if_seen
    draw_if_seen()  # a draw asked for while the panel was built waits too (the queued call then finds nothing pending)


def _follow_canvas(window, docks) -> None:
    """Feed the regime map the arrow being dragged on the window's canvas (ui/canvas.PlotCanvas.preview_changed)."""
    canvas = getattr(window, "canvas", None)
    preview_changed = getattr(canvas, "preview_changed", None)
    if preview_changed is None:
        return
    regime = docks["regime"]

    def on_preview_changed(launch) -> None:
        # in "predict, then reveal" the canvas keeps the fate to itself, and so does the map
        regime.set_preview(launch if getattr(canvas, "show_fate_preview", True) else None)

    preview_changed.connect(on_preview_changed)
