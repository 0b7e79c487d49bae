"""A small always-visible trust readout: deviation from the exact path, drift of E and C, and the exact-overlay switch.

Other potentials have no exact path; for them the first row says how far each visible path moves when the
run is repeated at a tolerance 100 times tighter (physics.trust.convergence), relative to the largest r:
what the run reached. Those runs go on in a worker thread, so the window keeps answering; so does the comparison
with the exact paths (OffThread: a few paths come back before the next paint, the test-charge map's later).
"""

from __future__ import annotations

import math
import threading

from PySide6 import QtCore, QtGui, QtWidgets

from physics.trust import TIGHTER, convergence, trust
from ui.compute import OffThread
from ui.i18n import translate
from ui.panels.common import RefreshWhenShown, set_text_color
from ui.subscriptions import Subscriptions
from ui.workers import Worker

CHECK_SECONDS = 10.0  # the tighter runs of one refresh stop after this long, all together
CHECK_PATHS = 12  # at most this many visible paths are checked (the first ones)


def _exact_tip() -> str:
    return translate("TrustPanel", "Largest distance between the integrated and the exact path")


def _check_tip() -> str:
    return translate("TrustPanel", "No exact path for this potential: the largest distance between each path and the same "
                     "launch run again at a {factor}× tighter tolerance, relative to the largest r (an estimate of the "
                     "path's error)").format(factor=f"{TIGHTER:g}")

GOOD, FAIR = 1e-6, 1e-3  # thresholds of the colour mark (relative to the size of the view for distances)


def fmt(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{value:.1e}"


def grade(value: float, scale: float = 1.0) -> str:
    if not math.isfinite(value):
        return "#777777"
    v = value / max(scale, 1e-300)
    return "#009E73" if v < GOOD else ("#E69F00" if v < FAIR else "#D55E00")


def worst_of(paths: list, exact: bool) -> dict:
    """The worst value of each measure over `paths` ((particle id, trajectory) pairs), and which particle has it."""
    out = {"deviation": (math.nan, None), "energy": (math.nan, None), "C": (math.nan, None)}
    for pid, tr in paths:
        t = trust(tr, exact=exact)
        for key, value in (("deviation", t.max_deviation), ("energy", t.energy_drift), ("C", t.C_drift)):
            if math.isfinite(value) and not value <= out[key][0]:
                out[key] = (value, pid)
    return out


class TrustPanel(RefreshWhenShown, QtWidgets.QDockWidget):
    """Dock: the worst deviation of any visible path from the exact one and the drift of E and C."""

    def __init__(self, state, parent=None):
        super().__init__(translate("TrustPanel", "Trust"), parent)
        self.setObjectName("trust_dock")
        self._state = state
        body = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(body)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.values = {}
        self.names = {}
        self._worker: Worker | None = None
        self._stop = threading.Event()  # set to end the worker's runs early
        self._check_generation = 0
        self._summary_generation = 0  # a summary that comes back after a newer refresh is dropped
        self._tips: dict[str, str] = {}
        self._summaries = OffThread(self)
        self._summaries.thread_name = "dipole-lab trust"
        rows = (
            ("deviation", translate("TrustPanel", "path vs exact"), _exact_tip()),
            ("energy", translate("TrustPanel", "E drift"), translate("TrustPanel", "Largest change of the energy E along the path")),
            ("C", translate("TrustPanel", "C drift"),
             translate("TrustPanel", "Largest change of the second invariant C (potentials homogeneous of degree −2)")),
        )
        for i, (key, text, tip) in enumerate(rows):
            name = QtWidgets.QLabel(text)
            name.setToolTip(tip)
            value = QtWidgets.QLabel("—")
            value.setToolTip(tip)
            self._tips[key] = tip
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setMinimumWidth(70)
            bold = value.font()
            bold.setBold(True)
            value.setFont(bold)
            grid.addWidget(name, i, 0)
            grid.addWidget(value, i, 1)
            self.values[key] = value
            self.names[key] = name
        self.which = QtWidgets.QLabel("")
        # secondary text in the theme's own colours (grey on white, light grey on black), not a fixed grey
        self.which.setForegroundRole(QtGui.QPalette.ColorRole.PlaceholderText)
        self.which.setWordWrap(True)
        grid.addWidget(self.which, 3, 0, 1, 2)
        self.overlay = QtWidgets.QCheckBox(translate("TrustPanel", "Show the exact path (dotted)"))
        self.overlay.setToolTip(translate("TrustPanel", "Draw the closed-form path beside each integrated one (point dipole only)"))
        self.overlay.toggled.connect(self._on_overlay_toggled)
        grid.addWidget(self.overlay, 4, 0, 1, 2)
        grid.setRowStretch(5, 1)
        self.setWidget(body)
        self._subs = Subscriptions()
        # a k change always ends with trajectories_changed, so k_changed itself is not needed here
        for signal in (state.trajectories_changed, state.particles_changed, state.potential_changed, state.selection_changed):
            self._subs.connect(signal, self._on_changed)
        self._subs.connect(state.display_changed, self._on_display_changed)
        self._on_display_changed(state.display)
        self.refresh()

    def figure_for_export(self) -> None:
        """None: this panel has no figure of its own to export (File ▸ Export figure then writes the plot)."""
        return None

    def _on_overlay_toggled(self, on: bool) -> None:
        self._state.set_display(exact_overlay=bool(on))

    def _on_display_changed(self, options) -> None:
        was = self.overlay.blockSignals(True)
        self.overlay.setChecked(options.exact_overlay)
        self.overlay.blockSignals(was)

    def _visible_paths(self) -> list:
        st = self._state
        return [(p.id, tr) for p in st.particles if p.visible and (tr := st.trajectory(p.id)) is not None]

    def refresh(self) -> None:
        st = self._state
        exact = st.is_point_dipole
        # the comparison with the exact paths off the GUI thread: the test-charge map's 192 paths took 80 ms of
        # elliptic functions (0.8 s beside busy workers); a few paths come back within the wait, before any paint
        paths, scale = self._visible_paths(), st.view.half_extent
        self._summary_generation += 1
        generation = self._summary_generation
        self._summaries.submit(lambda: worst_of(paths, exact),
                               lambda summary: self._show_summary(generation, summary, scale, exact),
                               lambda message: self._summary_failed(generation, message))
        self.names["deviation"].setText(translate("TrustPanel", "path vs exact") if exact else
                                        translate("TrustPanel", "path vs {factor}× tighter").format(factor=f"{TIGHTER:g}"))
        for widget in (self.names["deviation"], self.values["deviation"]):
            widget.setToolTip(_exact_tip() if exact else _check_tip())
        self.overlay.setEnabled(exact)
        n = sum(1 for p in st.particles if p.visible)
        s = st.settings
        which = (translate("TrustPanel", "worst of 1 visible path; {method}, rtol {rtol}") if n == 1 else
                 translate("TrustPanel", "worst of {count} visible paths; {method}, rtol {rtol}"))
        which = which.format(count=n, method=s.method, rtol=f"{s.rtol:.0e}")
        if not exact:
            which = translate("TrustPanel", "{text}; no exact path for this potential: the first row is relative to the "
                              "largest r").format(text=which)
        self.which.setText(which)
        self._check_generation += 1
        self._stop_check()  # its answer would be for paths no longer shown
        if not exact:
            self._check()

    def _show_summary(self, generation: int, summary: dict, scale: float, exact: bool) -> None:
        if generation != self._summary_generation:
            return  # for paths (or a potential) no longer shown: its deviation would land in the tighter runs' row
        for key, (value, pid) in summary.items():
            if key == "deviation" and not exact:
                continue  # filled in by the tighter runs (_check)
            label = self.values[key]
            label.setText(fmt(value) + (f"  (#{pid})" if pid is not None else ""))
            label.setToolTip(_exact_tip() if key == "deviation" else self._tips[key])  # not a failure's message
            # palette and font, not a style sheet: a style sheet kept the label at the default size in the presentation theme
            set_text_color(label, grade(value, scale if key == 'deviation' else 1.0))

    def _summary_failed(self, generation: int, message: str) -> None:
        if generation != self._summary_generation:
            return
        for key, label in self.values.items():
            if key != "deviation" or self._state.is_point_dipole:
                label.setText(fmt(math.nan))
                label.setToolTip(message)
                set_text_color(label, grade(math.nan))

    def _check(self) -> None:
        """Run the visible paths again more tightly, in a worker; the first row shows the worst relative distance."""
        from physics.integration.contract import seconds_limit

        st = self._state
        paths = [(p.id, st.trajectory(p.id)) for p in st.particles if p.visible and st.trajectory(p.id) is not None][:CHECK_PATHS]
        label = self.values["deviation"]
        set_text_color(label, grade(math.nan))
        if not paths:
            label.setText(fmt(math.nan))
            return
        label.setText(translate("TrustPanel", "checking…"))
        model, generation = st.model, self._check_generation
        self._stop = stop = threading.Event()

        def work():
            worst, which, notes = math.nan, None, []
            with seconds_limit(CHECK_SECONDS):
                for pid, tr in paths:
                    if stop.is_set():  # a newer check has begun (a k drag sends several): leave the core to it
                        break
                    result = convergence(tr, model)
                    if result.note:
                        notes.append(f"#{pid}: {result.note}")
                    if math.isfinite(result.deviation) and not result.deviation <= worst:
                        worst, which = result.deviation, pid
            return worst, which, notes

        self._worker = Worker(work, name="Checking the paths")
        self._worker.done.connect(lambda result, generation=generation: self._on_checked(generation, *result))
        self._worker.failed.connect(lambda text, generation=generation: self._on_checked(generation, math.nan, None, [text]))
        self._worker.start()

    def _stop_check(self) -> None:
        if self._worker is not None:
            self._stop.set()
            self._worker.cancel()
            self._worker = None

    def wait(self, ms: int = 60000) -> None:
        """Block until the tighter runs have finished (for tests)."""
        if self._worker is not None:
            self._worker.wait(ms)

    def _on_checked(self, generation: int, worst: float, pid, notes: list) -> None:
        if generation != self._check_generation:
            return
        self._worker = None
        label = self.values["deviation"]
        label.setText(fmt(worst) + (f"  (#{pid})" if pid is not None else ""))
        label.setToolTip(_check_tip() + ("\n" + "\n".join(notes) if notes else ""))
        set_text_color(label, grade(worst))

    def disconnect_state(self) -> None:
        """Stop listening to the model (the window calls this as it closes; closing the dock only hides it)."""
        self._subs.disconnect_all()
        self._summaries.drop()
        self._stop_check()  # its thread ends after the run under way (CHECK_SECONDS bounds it), its answer unused
