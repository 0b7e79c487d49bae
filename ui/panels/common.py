"""Pieces the docked panels share: a matplotlib canvas to host an app/figures drawing, a worker thread, a one-line message."""

from __future__ import annotations

import time

import shiboken6
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6 import QtCore, QtGui, QtWidgets

from app.figures.layout import CachedConstrainedLayout, layout_key  # noqa: F401 - the window's canvas uses them too
from app.figures.text_metrics import RENDER_LOCK, WAITING_TO_DRAW, SharedMetricsCanvas
from physics import pace
from ui.workers import Worker  # noqa: F401 - the one worker thread of the panels and the window

RETRY_DRAW_MS = 15  # a draw put off because a worker is drawing is tried again after this
RETRY_WAIT_SECONDS = 0.02  # and then waits this long at most for the lock


class QtCanvas(SharedMetricsCanvas, FigureCanvasQTAgg):
    """Every canvas of the window: text sizes measured once, not again after each resize (app/figures/text_metrics.py),
    and a draw that does not wait for a worker's whole draw.

    matplotlib draws one figure at a time in a process (RENDER_LOCK). While a worker holds it (an export drawing its
    figure or a frame, About typesetting the equations), a draw on the GUI thread stood still until it was done:
    the monkey's longest gaps, 0.3-0.8 s, were such waits. Now the draw is put off and the canvas keeps its last
    picture; it tries again every RETRY_DRAW_MS, waiting up to RETRY_WAIT_SECONDS for the lock, which a worker between
    two frames leaves to it (WAITING_TO_DRAW, let_window_draw).
    """

    def __init__(self, figure=None):
        super().__init__(figure)
        self.draws_put_off = 0  # draws put off while a worker drew (tests and the monkey read it)
        self._draw_when_shown = False  # a draw was asked for while the canvas was hidden
        # called first in each draw: a page that changed its figure lazily does it here, at the size it is drawn at
        self.before_draw = None
        # matplotlib offers every press and wheel turn to every artist of the figure as a pick (Figure.pick walks them
        # all, making the axes' ticks on the way): 40-50 ms a click in the 3-D view. Nothing here uses pick events.
        for name in ("_button_pick_id", "_scroll_pick_id"):
            cid = getattr(self.figure, name, None)
            if cid is not None:
                self.mpl_disconnect(cid)
        self._retry = QtCore.QTimer(self, singleShot=True, interval=RETRY_DRAW_MS)
        self._retry.timeout.connect(self.draw_idle)

    def draw_idle(self) -> None:
        """Draw when control returns to the event loop; a hidden canvas (a page of the side area not in front, the
        side area hidden, the presentation theme's projector) draws when it is next shown, not now."""
        if not self.isVisible():
            self._draw_when_shown_instead()
            return
        super().draw_idle()

    def _draw_when_shown_instead(self) -> None:
        self._draw_when_shown = True
        WAITING_TO_DRAW.discard(self)  # a put-off draw waits for the show now, not for an export's frames

    def _draw_idle(self) -> None:
        # matplotlib's idle draw (its timer, and each paint): a canvas hidden since the draw was asked for (the side
        # area hidden by the same change of theme) draws when shown again
        if not shiboken6.isValid(self):
            return  # deleted while its draw was on its way
        if getattr(self, "_draw_pending", False) and not self.isVisible():
            self._draw_pending = False
            self._draw_when_shown_instead()
            return
        super()._draw_idle()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        with pace.urgent():  # a pending draw is made here: workers wait at their pause points (physics/pace.py)
            super().paintEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._draw_when_shown:
            self._draw_when_shown = False
            super().draw_idle()  # before its first paint (paintEvent draws a pending draw first)

    def draw(self) -> None:
        # re-entrant: a draw inside a draw of this thread goes through. A draw put off before waits a little for the
        # lock (a worker between two frames gives it up for YIELD_SECONDS when a canvas waits: let_window_draw)
        waiting = self in WAITING_TO_DRAW
        if not (RENDER_LOCK.acquire(timeout=RETRY_WAIT_SECONDS) if waiting else RENDER_LOCK.acquire(blocking=False)):
            self.draws_put_off += 1
            WAITING_TO_DRAW.add(self)
            if not self._retry.isActive():
                self._retry.start()
            return
        try:
            WAITING_TO_DRAW.discard(self)
            with pace.urgent():  # workers wait at their pause points meanwhile (physics/pace.py)
                self.draw_under_lock()
        finally:
            RENDER_LOCK.release()

    def draw_now(self) -> None:
        """Draw, waiting for a worker's draw to end if need be (screenshots, which must show the picture of now)."""
        with RENDER_LOCK, pace.urgent():
            self.draw_under_lock()

    def draw_under_lock(self) -> None:
        """The draw itself, with the lock held (PlotCanvas lays out first; `before_draw` brings the figure up to date)."""
        if self.before_draw is not None:
            self.before_draw()
            self._draw_pending = False  # a draw it asked for (matplotlib's flag) is this one
        super().draw()


def make_canvas(width: float = 4.0, height: float = 3.0, min_height: int = 200) -> tuple[Figure, FigureCanvasQTAgg]:
    figure = Figure(figsize=(width, height), layout=CachedConstrainedLayout())
    canvas = QtCanvas(figure)
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
    # vermillion reads on white and on the presentation theme's black alike
    set_text_color(label, "#D55E00" if error else None)


def set_text_color(label: QtWidgets.QLabel, color: str | None) -> None:
    """Colour a label's text (None: the theme's text colour) through its palette, so it keeps the window's font."""
    label.setForegroundRole(QtGui.QPalette.ColorRole.WindowText)
    if color is None:
        label.setPalette(QtGui.QPalette())
        return
    palette = label.palette()
    palette.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor(color))
    label.setPalette(palette)


class WorkerPanel:
    """Mixin for a panel that computes in a ui.workers worker held in `self._worker` and listens through `self._subs`."""

    _worker = None

    def _release_worker(self) -> None:
        """The worker has delivered: take a new one next time. Never deleteLater: its thread may still be ending
        (`done` comes before `finished`), and a QThread deleted while it runs ends the process; the worker lets
        itself go once its thread has ended (ui.workers)."""
        self._worker = None

    def wait(self, ms: int = 60000) -> None:
        """Block until a running computation has finished (for tests and for closing)."""
        if self._worker is not None:
            self._worker.wait(ms)

    def disconnect_state(self) -> None:
        """Stop listening to the model (the window calls this as it closes; closing the dock only hides it).

        A computation still running is cancelled, not waited for: its thread ends on its own, its result unused.
        """
        if self._worker is not None:
            self._worker.cancel()
        self._subs.disconnect_all()


class RefreshWhenShown:
    """Mixin for a panel with a refresh(): while hidden it only notes that it is stale, so it costs
    nothing while the animation runs, and it refreshes once when it is shown again. While shown, the
    changes that arrive together (a slider drag, a fan of launches, an undo) are answered by one
    refresh when control returns to the event loop, not one each; and while changes keep coming (k
    being dragged) it refreshes at most every REFRESH_GAP_MS, so the plot keeps its frame rate. The
    last change is always drawn."""

    REFRESH_GAP_MS = 200

    def _on_changed(self, *_) -> None:
        if not self.isVisible():
            self._stale = True
            return
        timer = getattr(self, "_refresh_timer", None)
        if timer is None:
            timer = self._refresh_timer = QtCore.QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(self._refresh_if_shown)
        if timer.isActive():
            return  # the refresh already waiting will read the model as it is then
        since = getattr(self, "_refreshed_at", None)
        waited = self.REFRESH_GAP_MS if since is None else (time.monotonic() - since) * 1000
        timer.start(int(max(self.REFRESH_GAP_MS - waited, 0)))

    def _on_theme_changed(self, *_) -> None:
        """A change of theme is answered at the next draw, not after the gap: the window's resize that comes with it
        (the presentation theme's fonts) drew the page in the old fonts first, then again in the new (90 ms wasted)."""
        timer = getattr(self, "_refresh_timer", None)
        if timer is not None:
            timer.stop()
        if not self.isVisible():
            self._stale = True
        elif not self._refresh_at_next_draw():
            self._refresh_if_shown()

    def _refresh_at_next_draw(self) -> bool:
        """Refresh just before the canvas next draws, once the window has settled its sizes (a figure's type follows
        its size: refreshed as the side area came back from the presentation theme, still narrow, it stayed small).
        False for a panel without a canvas of the window's kind."""
        canvas = getattr(self, "canvas", None)
        if not isinstance(canvas, QtCanvas):
            return False
        self._refresh_when_drawn = True
        canvas.before_draw = self._refresh_before_draw
        canvas.draw_idle()
        return True

    def _refresh_before_draw(self) -> None:
        if getattr(self, "_refresh_when_drawn", False):
            self._refresh_when_drawn = False
            self._refresh_if_shown()

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self._refreshed_at = time.monotonic()
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._stale = False
            if not self._refresh_at_next_draw():
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
