"""The "any against any" page: pick the horizontal and the vertical quantity, for the selected particle or all.

Hosts app.figures.graph.GraphFigure (the same drawing as `plot --graph X,Y`); File ▸ Export figure writes
what it shows while it is in front. r against ṙ and θ against θ̇ are one click away (the phase portraits).
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.figures.graph import DEFAULT_GRAPH, QUANTITIES, QUANTITY_NAMES, GraphFigure
from ui.i18n import translate
from ui.language import localise
from ui.panels.common import RefreshWhenShown, make_canvas, message_label, show_message
from ui.subscriptions import Subscriptions

PHASE_PORTRAITS = (("r", "r_dot"), ("theta", "theta_dot"))


def widget_label(name: str) -> str:
    """A quantity's name for a Qt widget: θ̇ is written dθ/dt (a combining dot over θ is lost in many UI fonts)."""
    return QUANTITIES[name].label.replace("θ̇", "dθ/dt").split(" (")[0]


class GraphPanel(RefreshWhenShown, QtWidgets.QDockWidget):
    """Dock: quantity Y against quantity X along the paths, with a marker at the clock's time."""

    def __init__(self, state, parent=None):
        super().__init__(translate("GraphPanel", "Any against any"), parent)
        self.setObjectName("graph_dock")
        self._state = state
        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QtWidgets.QHBoxLayout()
        self.y_box = self._quantity_box(DEFAULT_GRAPH[1], translate("GraphPanel", "vertical quantity"))
        self.x_box = self._quantity_box(DEFAULT_GRAPH[0], translate("GraphPanel", "horizontal quantity"))
        against = QtWidgets.QLabel(translate("GraphPanel", "against"))
        row.addWidget(self.y_box)
        row.addWidget(against)
        row.addWidget(self.x_box)
        row.addStretch(1)
        layout.addLayout(row)
        row2 = QtWidgets.QHBoxLayout()
        self.which = QtWidgets.QComboBox()
        self.which.addItem(translate("GraphPanel", "Selected particle"), "selected")
        self.which.addItem(translate("GraphPanel", "All particles"), "all")
        self.which.setAccessibleName(translate("GraphPanel", "which particles"))
        self.which.setToolTip(translate("GraphPanel", "Draw the selected particle only, or every visible one"))
        row2.addWidget(self.which)
        row2.addStretch(1)
        layout.addLayout(row2)
        # the phase portraits on a row of their own: beside the particle choice they cut its text ("Selected par")
        # in the presentation theme at 1024x768
        row2 = QtWidgets.QHBoxLayout()
        self.phase_buttons = []
        for x, y in PHASE_PORTRAITS:
            button = QtWidgets.QPushButton(translate("GraphPanel", "Phase {x}, {y}").format(x=widget_label(x), y=widget_label(y)))
            button.setToolTip(translate("GraphPanel", "Phase portrait: {y} against {x}").format(y=widget_label(y), x=widget_label(x)))
            button.setAccessibleName(translate("GraphPanel", "phase portrait {y} against {x}").format(
                y=widget_label(y), x=widget_label(x)))
            button.clicked.connect(lambda _on=False, x=x, y=y: self.set_quantities(x, y))
            row2.addWidget(button)
            self.phase_buttons.append(button)
        row2.addStretch(1)
        layout.addLayout(row2)
        self.figure, self.canvas = make_canvas(6.0, 4.0, 180)
        self.graph = GraphFigure(self.figure)
        layout.addWidget(self.canvas, 1)
        self.info = message_label()
        layout.addWidget(self.info)
        self.setWidget(body)
        for box in (self.x_box, self.y_box, self.which):
            box.currentIndexChanged.connect(self._on_changed)
        self._draw_timer = QtCore.QTimer(self, singleShot=True, interval=120)
        self._draw_timer.timeout.connect(self.canvas.draw_idle)
        self._subs = Subscriptions()
        for signal in (state.selection_changed, state.trajectories_changed, state.particles_changed, state.potential_changed):
            self._subs.connect(signal, self._on_changed)
        self._subs.connect(state.theme_changed, self._on_theme_changed)
        self._subs.connect(state.clock_changed, self._on_clock_changed)
        self._stale = True  # drawn when first shown

    @staticmethod
    def _quantity_box(current: str, name: str) -> QtWidgets.QComboBox:
        box = QtWidgets.QComboBox()
        for key in QUANTITY_NAMES:
            box.addItem(widget_label(key), key)
        box.setCurrentIndex(box.findData(current))
        box.setAccessibleName(name)
        return box

    @property
    def quantities(self) -> tuple[str, str]:
        return self.x_box.currentData(), self.y_box.currentData()

    @property
    def every(self) -> bool:
        return self.which.currentData() == "all"

    def set_quantities(self, x: str, y: str, every: bool | None = None) -> None:
        """Show y against x (names of app.figures.graph.QUANTITIES); every: all particles (None: as it is)."""
        for box, name in ((self.x_box, x), (self.y_box, y)):
            blocked = box.blockSignals(True)
            box.setCurrentIndex(box.findData(name))
            box.blockSignals(blocked)
        if every is not None:
            blocked = self.which.blockSignals(True)
            self.which.setCurrentIndex(self.which.findData("all" if every else "selected"))
            self.which.blockSignals(blocked)
        self._on_changed()

    def _pid(self):
        return None if self.every else self._state.selected

    def figure_for_export(self) -> tuple[str, dict]:
        """The name and options of app.figures.export.export_panel that write what this panel shows."""
        pid = self._pid()
        return "graph", {"graph": self.quantities, "every": self.every, **({"pid": pid} if pid is not None else {})}

    def refresh(self) -> None:
        st = self._state
        if not self.every and st.selected is None:
            self.graph.draw(st, st.theme, *self.quantities, pid=-1)  # nothing: the note says what to do
            show_message(self.info, translate("GraphPanel", "Select a particle, or choose All particles."))
        else:
            text = self.graph.draw(st, st.theme, *self.quantities, pid=self._pid())
            show_message(self.info, localise(text))
        self.canvas.draw_idle()

    def _on_clock_changed(self, t: float) -> None:
        if not self.isVisible() or not self.graph.markers:
            return
        self.graph.set_time(t)
        if not self._draw_timer.isActive():
            self._draw_timer.start()

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()
