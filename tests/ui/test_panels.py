"""The docked panels around a real SimulationState: they build, follow the model, and refuse bad text politely."""


import numpy as np
import pytest
from PySide6 import QtWidgets

from app.state import SimulationState
from physics.launch import LaunchState
from ui.panels import make_panels
from ui.panels.pendulum import PendulumPanel
from ui.panels.potential import PotentialPanel
from ui.panels.regime import RegimePanel
from ui.panels.scattering import ScatteringPanel
from ui.panels.trust import TrustPanel


@pytest.fixture(autouse=True)
def numpy_engine(monkeypatch):
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")


@pytest.fixture
def state():
    st = SimulationState()
    st.add_launches([LaunchState(1.0, 0.0, 0.0, 1.3), LaunchState(1.0, 0.0, 0.0, 2.1)])
    return st


def show(qtbot, panel) -> None:
    """Show a panel and let its first draw come: hidden panels defer their refresh until shown, and a shown one
    refreshes just before its canvas draws (at the size it is drawn at)."""
    panel.show()
    qtbot.waitUntil(lambda: not getattr(panel, "_refresh_when_drawn", False), timeout=10000)


def test_regime_panel_places_launches_previews_and_fans(qtbot, state):
    panel = RegimePanel(state)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    assert len(panel.map.points.get_offsets()) == 2
    state.add_launch(LaunchState(1.5, 2.0, -0.3, 0.2))
    qtbot.waitUntil(lambda: len(panel.map.points.get_offsets()) == 3)  # a shown panel refreshes when the event loop runs
    panel.set_preview(LaunchState(1.0, 0.0, 0.0, 1.5))
    (c, e), = panel.map.live.get_offsets()
    assert c == pytest.approx(0.5 * 1.5**2 - 1.0)
    assert "escapes" in panel.map.live_text.get_text()
    panel.set_preview(None)
    assert len(panel.map.live.get_offsets()) == 0
    panel.fan_n.setValue(6)
    ids = panel.launch_fan()
    assert len(ids) == 6 and len(state.particles) == 9
    colors = {state.particle(pid).color for pid in ids}
    assert colors <= {"#D55E00", "#0072B2", "#009E73", "#777777"}
    assert len(colors) >= 2  # the default fan has launches that fall in and launches that escape
    panel.fan_x.setValue(0.01)
    panel.fan_y.setValue(0.0)
    assert panel.launch_fan() == []
    assert "refused" in panel.message.text()
    state.set_k(0.0)
    qtbot.waitUntil(panel.map.note.get_visible)


def test_pendulum_panel_follows_selection_and_clock(qtbot, state):
    panel = PendulumPanel(state)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    first, second = (p.id for p in state.particles)
    assert panel._pid == second
    state.select(first)
    qtbot.waitUntil(lambda: panel._pid == first)
    state.set_time(0.8)
    tr = state.trajectory(first)
    i = state.index_at(first)
    x, y = panel.pendulum.markers[0].get_data()
    assert y[0] == pytest.approx(tr.r[i] ** 2 * tr.omega[i])
    tx, ty = panel.pendulum.markers[1].get_data()
    assert ty[0] == pytest.approx(tr.tau[i])
    assert "τ" in panel.info.text()
    state.select(None)
    qtbot.waitUntil(lambda: "No particle" in panel.info.text())


def test_trust_panel_reads_out_and_toggles_the_overlay(qtbot, state):
    panel = TrustPanel(state)
    qtbot.addWidget(panel)
    panel.show()  # hidden panels defer their redraws until shown
    value = float(panel.values["deviation"].text().split()[0])
    assert 0 <= value < 1e-6
    assert panel.values["energy"].text() != "—"
    panel.overlay.setChecked(True)
    assert state.display.exact_overlay
    state.set_display(exact_overlay=False)
    assert not panel.overlay.isChecked()
    state.add_launch(LaunchState(2.0, 1.0, 0.1, 0.2))
    qtbot.waitUntil(lambda: "3 visible paths" in panel.which.text())


def test_a_burst_of_changes_is_one_refresh(qtbot, state):
    """A slider drag or a fan sends many changes in one go; a shown panel answers them with one refresh."""
    panel = PendulumPanel(state)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    calls = []
    real = panel.refresh
    panel.refresh = lambda: (calls.append(1), real())
    for k in np.linspace(0.5, 2.0, 12):
        state.set_k(float(k))
    state.add_launch(LaunchState(2.0, 1.0, 0.1, 0.2))
    assert calls == []
    qtbot.waitUntil(lambda: len(calls) >= 1)
    QtWidgets.QApplication.processEvents()
    assert len(calls) == 1
    assert panel._state.trajectory(panel._pid).k == pytest.approx(2.0)
    panel.hide()
    state.set_k(1.0)
    QtWidgets.QApplication.processEvents()
    assert len(calls) == 1  # hidden: nothing drawn until it is shown again
    show(qtbot, panel)
    QtWidgets.QApplication.processEvents()
    assert len(calls) == 2  # once, just before its first draw


def test_panel_layout_is_worked_out_again_only_when_it_can_change(qtbot):
    from ui.panels.common import make_canvas

    figure, canvas = make_canvas(5, 3)
    qtbot.addWidget(canvas)
    ax = figure.add_subplot()
    ax.plot([0, 1], [0, 1])
    engine = figure.get_layout_engine()
    runs = []
    real = type(engine).__mro__[1].execute
    type(engine).__mro__[1].execute = lambda self, fig: (runs.append(1), real(self, fig))
    try:
        canvas.draw()
        canvas.draw()
        assert len(runs) == 1
        before = ax.get_position().bounds
        ax.set_ylabel("a long label that needs room\non two lines")
        canvas.draw()
        assert len(runs) == 2 and ax.get_position().bounds != before  # the label got its room
        ax.set_ylim(0, 1e6)
        canvas.draw()
        figure.set_size_inches(6, 3)
        canvas.draw()
        assert len(runs) == 4
    finally:
        type(engine).__mro__[1].execute = real


def test_potential_panel_refuses_bad_text_and_keeps_it(qtbot, state, tmp_path):
    panel = PotentialPanel(state)
    qtbot.addWidget(panel)
    before = (state.potential, dict(state.trajectories))
    bad = f"__import__('os').system('touch {tmp_path / 'ran'}')"
    panel.U_edit.setText(bad)
    with qtbot.waitSignal(panel.derived, timeout=10000):
        panel.derive()
    panel.wait()
    qtbot.waitUntil(lambda: not panel.busy, timeout=5000)  # the worker's `finished` arrives after `derived`
    assert panel.message.text().startswith("Refused:")
    assert "\n" not in panel.message.text()
    assert panel.U_edit.text() == bad
    assert (state.potential, dict(state.trajectories)) == before
    assert not (tmp_path / "ran").exists()
    with qtbot.waitSignal(panel.derived, timeout=30000):
        panel.choose_preset("dipole-uniform-field")
    panel.wait()
    qtbot.waitUntil(lambda: not panel.busy, timeout=5000)
    assert state.potential.name == "dipole-uniform-field"
    assert set(panel.sliders) == {"E0"}
    panel.sliders["E0"].spin.setValue(0.5)
    qtbot.waitUntil(lambda: state.potential.param_dict["E0"] == 0.5, timeout=3000)
    assert "Not the point dipole" in panel.findings.text()
    state.set_potential_preset("point-dipole")
    assert panel.preset.currentData() == "point-dipole"


def test_scattering_panel_fires_a_beam(qtbot, state):
    panel = ScatteringPanel(state)
    qtbot.addWidget(panel)
    panel.n.setValue(9)
    panel.start.setValue(12.0)
    with qtbot.waitSignal(panel.computed, timeout=30000):
        panel.run()
    assert panel.result is not None and len(panel.result.b) == 9
    assert panel.result.falls.any() and panel.result.escaped.any()
    assert "fell in" in panel.message.text()
    panel.b_min.setValue(5.0)  # b_min > b_max
    panel.run()
    assert "Refused" in panel.message.text()


def test_make_panels_builds_every_panel_hidden(qtbot, state):
    window = QtWidgets.QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QtWidgets.QLabel("plot"))
    panels = make_panels(window, state)
    assert set(panels) == {"trust", "regime", "pendulum", "potential", "scattering", "versus"}
    window.show()
    assert not any(panel.isVisible() for panel in panels.values())  # the side area shows them, one at a time
    panels["regime"].show()
    qtbot.wait(50)  # let the canvases' pending draws run before the window goes
    assert panels["regime"].isVisible()


def test_hidden_panels_defer_work_until_shown(qtbot, state):
    panel = PendulumPanel(state)
    qtbot.addWidget(panel)
    calls = []
    panel.refresh = lambda: calls.append(1)
    state.set_k(state.k + 0.5)
    assert calls == []  # hidden: nothing drawn while the animation runs
    panel.show()
    qtbot.waitUntil(lambda: calls == [1])


def test_the_potential_panel_typesets_the_equations_when_first_shown(qtbot, state):
    """sympy's equations cost seconds: a hidden panel (as at start) leaves them until it is shown."""
    panel = PotentialPanel(state)
    qtbot.addWidget(panel)
    assert panel.figure.texts == [] and panel.findings.text() == ""
    with qtbot.waitSignal(panel.typeset, timeout=20000):  # sympy and the layout of the mathtext: in a worker
        panel.show()
    assert len(panel.figure.texts) == 4  # r̈, θ̈, E and C of the point dipole
    assert "energy" in panel.findings.text()
    with qtbot.waitSignal(panel.typeset, timeout=20000):
        state.set_potential_preset("point-charge")  # shown: follows
    assert len(panel.figure.texts) == 3 and "theta is cyclic" in panel.findings.text()


def test_the_potential_panel_does_no_sympy_on_the_gui_thread(qtbot, state, monkeypatch):
    """The first look at Custom potential held the window 0.3-0.5 s: deriving the point dipole, LaTeX, findings."""
    import threading

    from app import equations

    threads = []
    real = equations.mathtext_lines

    def lines(eq):
        threads.append(threading.current_thread())
        return real(eq)

    monkeypatch.setattr(equations, "mathtext_lines", lines)
    panel = PotentialPanel(state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.typeset, timeout=20000):
        panel.show()
    with qtbot.waitSignal(panel.typeset, timeout=20000):
        state.set_theme("presentation")
    assert len(threads) == 2 and threading.main_thread() not in threads


def test_parameter_changes_apart_are_undone_one_at_a_time(qtbot, state):
    """Found in review: parameter changes were merged into one undo step like a k drag, but nothing ended the
    'drag', so two separate changes of q were undone together."""
    panel = PotentialPanel(state)
    qtbot.addWidget(panel)
    state.set_potential_preset("dipole-charge", q=0.3)
    qtbot.waitUntil(lambda: "q" in panel.sliders, timeout=5000)
    for value in (1.0, 1.5):
        panel.sliders["q"].spin.setValue(value)
        qtbot.waitUntil(lambda value=value: state.potential.param_dict["q"] == value, timeout=3000)
    assert state.undo() and state.potential.param_dict["q"] == 1.0
    assert state.undo() and state.potential.param_dict["q"] == 0.3


def test_a_trust_summary_for_paths_no_longer_shown_is_dropped(qtbot, state, monkeypatch):
    """The exact comparison runs off the GUI thread: one still running when the potential changed came back later and
    wrote the point dipole's deviation into the row of the tighter runs. And a failure's message, shown as the values'
    tooltip, stayed there after the next good summary."""
    import threading

    import ui.compute
    import ui.panels.trust as trust_module

    monkeypatch.setattr(ui.compute, "WAIT_SECONDS", ui.compute.WINDOW_WAIT_SECONDS)  # as in the window
    real = trust_module.worst_of
    monkeypatch.setattr(trust_module, "worst_of", lambda paths, exact: 1 / 0)
    state.add_launch(LaunchState(1.0, 0.3, 0.1, 0.5))
    panel = TrustPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: "division" in panel.values["energy"].toolTip(), timeout=10000)
    release = threading.Event()

    def held(paths, exact):
        if exact:
            release.wait(30)
        return real(paths, exact)

    monkeypatch.setattr(trust_module, "worst_of", held)
    panel.refresh()  # the exact comparison, held
    state.set_potential_preset("dipole-uniform-field", E0=0.3)
    panel.refresh()  # no exact path now: the tighter runs fill the first row
    assert panel.names["deviation"].text() == "path vs 100× tighter"
    qtbot.waitUntil(lambda: panel._worker is None and panel.values["deviation"].text() not in ("checking…", "—"), timeout=30000)
    checked = panel.values["deviation"].text()
    release.set()
    qtbot.waitUntil(lambda: panel._summaries.finished >= 3, timeout=30000)  # the held one and the newer one came back
    QtWidgets.QApplication.processEvents()
    assert panel.values["deviation"].text() == checked
    assert "division" not in panel.values["energy"].toolTip() and panel.values["energy"].text() != "—"


def test_a_canvas_deleted_while_its_draw_is_on_its_way_draws_nothing(qtbot):
    """Its idle draw asked whether the deleted widget was visible, and raised in the event loop."""
    import shiboken6

    from ui.panels.common import make_canvas

    holder = QtWidgets.QWidget()
    _figure, canvas = make_canvas()
    QtWidgets.QVBoxLayout(holder).addWidget(canvas)
    holder.show()
    qtbot.waitExposed(holder)
    canvas.draw_idle()
    shiboken6.delete(holder)
    qtbot.wait(100)  # pytest-qt fails the test if the event loop's draw raises
    assert not shiboken6.isValid(canvas)
