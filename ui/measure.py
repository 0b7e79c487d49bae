"""The window's measuring instruments: the probes (ui/probes.py) and Simulation ▸ Accuracy… (ui/dialogs/accuracy.py).

    window.measure = install_measure(window)     # after the menus are built, before their shortcuts are bound

It adds Simulation ▸ Probes (Add probe Ctrl+Shift+P, Remove last probe, Remove all probes) and
Simulation ▸ Accuracy…, lets the canvas hand presses on a probe to the probe tool, and hides the probes
while "predict, then reveal" is on.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from ui.i18n import translate
from ui.probes import ProbeTool


class Measure(QtCore.QObject):
    """The probe tool and the accuracy dialog of one window."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self._state = window.state
        self.probes = ProbeTool(window.state, window.canvas, self)
        self.probes.follow_display()
        self.accuracy_action = QtGui.QAction(translate("Measure", "&Accuracy…"), self)
        self.accuracy_action.setStatusTip(translate("Measure", "Choose the integrator and its tolerances; see how long the "
                                                               "paths take and how far E drifts"))
        self.accuracy_action.triggered.connect(lambda _on=False: self.open_accuracy())
        self.dialog = None

    def add_to_menu(self, menu: QtWidgets.QMenu) -> None:
        menu.addSeparator()
        probes = menu.addMenu(translate("Measure", "Pro&bes"))
        for action in (self.probes.add_action, self.probes.remove_last_action, self.probes.remove_all_action):
            probes.addAction(action)
        menu.addAction(self.accuracy_action)

    def open_accuracy(self):
        """Show the accuracy dialog (one at a time; it stays open beside the plot)."""
        from ui.dialogs.accuracy import AccuracyDialog

        if self.dialog is None or not self.dialog.isVisible():
            if self.dialog is not None:
                self.dialog.disconnect_state()
                self.dialog.deleteLater()
            from ui.accessibility import name_controls
            from ui.classroom import WidgetFonts

            self.dialog = WidgetFonts.follow(AccuracyDialog(self._state, self._window))  # the window's type size
            name_controls(self.dialog)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def disconnect_state(self) -> None:
        self.probes.disconnect_state()
        if self.dialog is not None:
            self.dialog.disconnect_state()


def install_measure(window) -> Measure:
    """Add the instruments to `window` (a ui.main_window.MainWindow with its menus built)."""
    measure = Measure(window)
    measure.add_to_menu(window.simulation_menu)
    measure.probes.notice.connect(lambda text: window.statusBar().showMessage(text, 10000))
    predict = getattr(window, "predict", None)
    if predict is not None:
        measure.probes.follow_predict(predict.action)
    return measure
