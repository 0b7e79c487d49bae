"""The hidden pendulum panel: hosts app.figures.pendulum.PendulumFigure for the selected particle and moves its
markers with the clock."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.figures.pendulum import PendulumFigure
from ui.i18n import translate
from ui.language import localise
from ui.panels.common import RefreshWhenShown, make_canvas, message_label, show_message
from ui.subscriptions import Subscriptions


class PendulumPanel(RefreshWhenShown, QtWidgets.QDockWidget):
    """Dock: the selected particle's two clocks (t and τ) and its pendulum in Sundman time."""

    def __init__(self, state, parent=None):
        super().__init__(translate("PendulumPanel", "Hidden pendulum (Sundman time)"), parent)
        self.setObjectName("pendulum_dock")
        self._state = state
        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.figure, self.canvas = make_canvas(7.5, 3.0, 160)
        self.pendulum = PendulumFigure(self.figure)  # its axes are made by the first refresh (the panel starts hidden)
        layout.addWidget(self.canvas, 1)
        self.info = message_label()
        layout.addWidget(self.info)
        self.setWidget(body)
        self._draw_timer = QtCore.QTimer(self)
        self._draw_timer.setSingleShot(True)
        self._draw_timer.setInterval(120)
        self._draw_timer.timeout.connect(self.canvas.draw_idle)
        self._subs = Subscriptions()
        for signal in (state.selection_changed, state.trajectories_changed, state.particles_changed, state.potential_changed,
                       state.k_changed):
            self._subs.connect(signal, self._on_changed)
        self._subs.connect(state.theme_changed, self._on_theme_changed)
        self._subs.connect(state.clock_changed, self._on_clock_changed)
        self.canvas.mpl_connect("resize_event", self._on_resized)
        self._stale = True  # drawn when first shown

    @property
    def _pid(self):
        return self.pendulum.pid

    def figure_for_export(self) -> tuple[str, dict]:
        """The name and options of app.figures.export.export_panel that write what this panel shows."""
        return "pendulum", {"pid": self._pid}

    def refresh(self) -> None:
        """Redraw the three plots for the selected particle."""
        self.pendulum.draw(self._state, self._state.theme)
        if self._pid is None or self._state.trajectory(self._pid) is None:
            show_message(self.info, translate("PendulumPanel", "No particle selected."))
            self.canvas.draw_idle()
            return
        self._show_time(self._state.time)
        self._draw_timer.stop()  # this draw shows the time too: the clock's own draw 120 ms later drew it all again
        self.canvas.draw_idle()

    def _on_resized(self, _event) -> None:
        # the axes are arranged by the figure's shape (side by side when wide, stacked when tall)
        if self.pendulum.ax_phase is not None and self.pendulum.wants_new_axes():
            self._on_changed()

    def _on_clock_changed(self, t: float) -> None:
        # a full redraw of this figure takes tens of ms: follow the clock at a few frames a second so the
        # main plot's animation keeps its frame rate
        if self._show_time(t) and not self._draw_timer.isActive():
            self._draw_timer.start()

    def _show_time(self, t: float) -> bool:
        """Move the markers and the message to time t (drawn by the next draw); False if there is nothing to move."""
        st = self._state
        if not self.isVisible() or self._pid is None or st.trajectory(self._pid) is None or not self.pendulum.markers:
            return False
        show_message(self.info, localise(self.pendulum.set_time(st, t)))
        return True

    def disconnect_state(self) -> None:
        """Stop listening to the model (the window calls this as it closes; closing the dock only hides it)."""
        self._subs.disconnect_all()
