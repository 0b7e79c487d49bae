"""The instruments in the window: probes (add, drag, remove, hidden in predict mode), the field-arrow toggles,
the any-against-any page and Simulation ▸ Accuracy…."""

from types import SimpleNamespace

import numpy as np
import pytest

from app.files.session import load_session, save_session
from app.state import SimulationState
from physics.launch import LaunchState

pytestmark = pytest.mark.usefixtures("fresh_settings")


def mouse(canvas, x, y, button=1):
    """A matplotlib-like mouse event at data point (x, y) of the canvas's axes."""
    px, py = canvas.ax.transData.transform((x, y))
    return SimpleNamespace(x=px, y=py, xdata=x, ydata=y, button=button, inaxes=canvas.ax, key=None)


def test_add_drag_and_remove_a_probe(window, state):
    tool = window.measure.probes
    said = []
    tool.notice.connect(said.append)
    canvas = window.canvas
    canvas.draw()
    assert window.measure.probes.add_action in window.actions() and not tool.remove_all_action.isEnabled()
    tool.add_action.trigger()
    (x, y), = state.display.probes
    assert tool.remove_all_action.isEnabled()
    ring, arrow, label = canvas.layers.probes.artists
    assert ring in canvas.moving_artists and label.get_text().startswith("P1  V = ")
    canvas._on_press(mouse(canvas, x, y))
    canvas._on_motion(mouse(canvas, 1.0, 0.5))
    assert state.display.probes == ((x, y),)  # the state hears of it on release
    assert canvas.layers.probes.positions == ((1.0, 0.5),)
    canvas._on_release(mouse(canvas, 1.0, 0.5))
    assert state.display.probes == ((1.0, 0.5),) and state.particles == ()  # a drag of a probe launches nothing
    assert said[-1].startswith("Probe P1 at (1, 0.5): V = −0.7155".replace("−", "-"))
    # V = −k cosθ / r² at (1, 0.5), worked out by hand: −(1/√1.25)/1.25
    assert label.get_text().startswith(f"P1  V = {-(1 / 1.25**0.5) / 1.25:.3g}".replace("-", "\u2212"))
    canvas._on_press(mouse(canvas, 1.0, 0.5, button=3))
    assert state.display.probes == ()


def test_a_press_beside_a_probe_still_launches(window, state):
    state.set_display(probes=((1.0, 1.0),))
    window.canvas.draw()
    canvas = window.canvas
    canvas._on_press(mouse(canvas, -1.5, -1.0))
    canvas._on_release(mouse(canvas, -1.2, -1.0))
    assert len(state.particles) == 1 and state.display.probes == ((1.0, 1.0),)


def test_probes_follow_k_and_hide_in_predict_mode(window, state):
    state.set_display(probes=((2.0, 0.0),))
    label = window.canvas.layers.probes.artists[2]
    assert label.get_text().startswith("P1  V = \u22120.25")
    state.set_k(2.0)
    assert label.get_text().startswith("P1  V = \u22120.5")
    window.predict.action.setChecked(True)
    assert not any(a.get_visible() for a in window.canvas.layers.probes.artists)
    assert not window.measure.probes.add_action.isEnabled()
    window.predict.action.setChecked(False)
    assert all(a.get_visible() for a in window.canvas.layers.probes.artists)


def test_layer_toggles_for_field_arrows(window, state):
    boxes = window.controls.layer_boxes
    assert not boxes["arrows_direction_only"].isEnabled()
    boxes["field_arrows"].setChecked(True)
    assert state.display.field_arrows and boxes["arrows_direction_only"].isEnabled()
    window.controls.layer_actions["arrows_direction_only"].trigger()
    assert state.display.arrows_direction_only
    assert any(c.get_label() == "field arrows" for c in window.canvas.ax.collections)


def test_any_against_any_page(window, state, tmp_path):
    state.add_launch(LaunchState(1.3, 0.8, 0.0, 0.4))
    state.add_launch(LaunchState(1.6, 2.2, 0.1, -0.3))
    window.show_page("versus")
    panel = window.panels["versus"]
    panel.set_quantities("theta", "theta_dot", every=True)
    panel.refresh()
    curves = [line for line in panel.graph.ax.lines if len(line.get_xdata()) > 1]
    for curve, p in zip(curves, state.particles):
        tr = state.trajectory(p.id)
        assert np.array_equal(curve.get_xdata(), tr.theta) and np.array_equal(curve.get_ydata(), tr.omega)
    assert len(curves) == 2
    title, (name, options) = window.panel_in_front()
    assert name == "graph" and options == {"graph": ("theta", "theta_dot"), "every": True}
    from app.figures.export import export_panel

    out = tmp_path / "phase.png"
    export_panel(state, name, out, size=(400, 300), **options)
    assert out.stat().st_size > 1000


def test_accuracy_dialog_changes_the_run_and_the_session_keeps_it(window, state, tmp_path):
    state.add_launch(LaunchState(1.2, 0.5, 0.0, 0.6))
    dialog = window.measure.open_accuracy()
    assert dialog.method.currentData() == state.settings.method == "DOP853"
    tight = dialog.drift()[0]
    dialog.method.setCurrentIndex(dialog.method.findData("RK23"))
    dialog.rtol.setCurrentText("1e-3")
    dialog.atol.setCurrentText("1e-6")
    assert dialog.apply()
    s = state.settings
    assert (s.method, s.rtol, s.atol) == ("RK23", 1e-3, 1e-6)
    assert state.trajectory(state.particles[0].id).settings.method == "RK23"
    assert dialog.last_seconds is not None and "RK23" in dialog.result.text()
    assert dialog.drift()[0] > 100 * tight  # a class sees the looser tolerance in E
    path = tmp_path / "loose.json"
    save_session(path, state)
    again = SimulationState(k=1.0)
    load_session(path, again)
    assert (again.settings.method, again.settings.rtol, again.settings.atol) == ("RK23", 1e-3, 1e-6)
    dialog.rtol.setCurrentText("2")
    assert not dialog.apply()
    assert "rtol" in dialog.error.text() and dialog.error.isVisible() and state.settings.rtol == 1e-3
    dialog.restore_defaults()
    assert (state.settings.method, state.settings.rtol, state.settings.atol) == ("DOP853", 1e-10, 1e-12)
