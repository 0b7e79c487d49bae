"""The Trust panel says what a run of a potential without an exact path reached (issue 15): how far each path
moves when integrated again 100× more tightly, relative to the largest r, computed off the GUI thread."""

from __future__ import annotations

import math

import pytest

from physics.launch import LaunchState
from physics.trust import convergence
from ui.panels.trust import TrustPanel


def test_a_run_past_a_charge_off_the_origin_is_checked_against_a_tighter_one(qtbot, state):
    from app.potentials import Potential, PreparedPotential
    from physics import derivation
    from physics.expressions import parse_expression

    # derived here, not in the subprocess with the numba kernel of prepare_potential: these runs go through scipy.
    # A charge at (1, 0) (a finite dipole takes sympy ten times longer to derive)
    U = "-k/sqrt((x-1)**2+y**2)"
    model = derivation.lambdified_model(derivation.DEFAULT_T, parse_expression(U))
    state.apply_potential(PreparedPotential(Potential("custom", U), model.equations, model, (), False))
    state.clear()
    state.add_launch(LaunchState.from_cartesian(1.5, 0.4, 0.0, 0.3))
    panel = TrustPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    first = panel._stop
    panel.refresh()  # a newer check (a k drag sends several) ends the older one's runs early
    assert first.is_set() and not panel._stop.is_set()
    assert panel.names["deviation"].text() == "path vs 100× tighter"
    qtbot.waitUntil(lambda: panel.values["deviation"].text() not in ("checking…", "—"), timeout=30000)
    (pid,) = [p.id for p in state.particles]
    expected = convergence(state.trajectory(pid), state.model).deviation
    assert math.isfinite(expected) and expected > 0
    shown = float(panel.values["deviation"].text().split()[0])
    assert shown == pytest.approx(expected, rel=0.06)  # one decimal shown
    assert "relative to the largest r" in panel.which.text()
    panel.wait()


def test_the_point_dipole_keeps_its_exact_comparison(qtbot, state):
    state.add_launch(LaunchState(1.0, 0.3, 0.1, 0.5))
    panel = TrustPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    assert panel.names["deviation"].text() == "path vs exact"
    assert panel._worker is None  # no tighter runs: the exact path is the reference
    assert 0 <= float(panel.values["deviation"].text().split()[0]) < 1e-6


def test_the_comparison_with_the_exact_paths_is_worked_out_off_the_gui_thread(qtbot, state, monkeypatch):
    """The test-charge map's 192 paths took 80 ms of elliptic functions on the GUI thread at each refresh (issue 12)."""
    import threading

    import ui.compute
    import ui.panels.trust as trust_module

    monkeypatch.setattr(ui.compute, "WAIT_SECONDS", ui.compute.WINDOW_WAIT_SECONDS)  # as in the window
    threads = []
    real = trust_module.trust

    def recorded(tr, exact=True):
        threads.append(threading.current_thread())
        return real(tr, exact=exact)

    monkeypatch.setattr(trust_module, "trust", recorded)
    for theta in (0.3, 0.6, 0.9):
        state.add_launch(LaunchState(1.0, theta, 0.1, 0.5))
    panel = TrustPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    qtbot.waitUntil(lambda: len(threads) >= 3 and panel.values["energy"].text() != "—", timeout=30000)
    assert threading.main_thread() not in threads
    assert 0 <= float(panel.values["deviation"].text().split()[0]) < 1e-6
    assert "(#" in panel.values["energy"].text()  # which particle drifts most
