"""The field-arrow layer: along E = −∇U (checked against the point dipole's closed form), under the paths, in exports."""

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from app.export import export_figure, render_figure
from app.field_arrows import ZORDER, arrow_vectors
from app.state import SimulationState
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

FAST = IntegrationSettings(t_max=2.0, samples=51)


def arrows_of(layers):
    return [c for c in layers.ax.collections if c.get_label() == "field arrows"]


@pytest.mark.parametrize("theme", ["default", "presentation", "print"])
def test_arrows_point_along_the_closed_form_field_in_every_theme(theme):
    k = -1.3
    state = SimulationState(k=k, settings=FAST)
    state.add_launch(LaunchState(1.5, 0.7, 0.0, 0.2))
    state.set_display(field_arrows=True)
    _, layers, _ = render_figure(state, size=(640, 400), theme=theme)
    (q,) = arrows_of(layers)
    trails = layers.trails
    assert q.get_zorder() == ZORDER < trails.get_zorder()  # under the paths
    for (x, y), u, v in zip(q.get_offsets(), q.U, q.V):
        r2 = x * x + y * y
        ex, ey = k * (r2 - 3 * x * x) / r2**2.5, -3 * k * x * y / r2**2.5  # −∇(−k x / r³), by hand
        cos = (u * ex + v * ey) / (math.hypot(u, v) * math.hypot(ex, ey))
        assert cos == pytest.approx(1.0, abs=1e-9)


def test_direction_only_gives_one_length_and_off_removes_the_layer():
    state = SimulationState(k=1.0, settings=FAST)
    state.set_display(field_arrows=True, arrows_direction_only=True)
    _, layers, _ = render_figure(state, size=(640, 400))
    (q,) = arrows_of(layers)
    lengths = np.hypot(q.U, q.V)
    assert np.ptp(lengths) < 1e-12 * lengths.max()
    state.set_display(field_arrows=False)
    _, layers, _ = render_figure(state, size=(640, 400))
    assert arrows_of(layers) == []


def test_lengths_follow_the_field_strength_and_the_strong_half_is_capped():
    Ex = np.array([[1.0, 2.0, 4.0, 8.0]])
    U, V = arrow_vectors(Ex, np.zeros_like(Ex), step=1.0, direction_only=False)
    assert np.allclose(V, 0) and np.allclose(U, [[0.85 / 3, 0.85 * 2 / 3, 0.85, 0.85]])  # cap: the median, 3
    U, _ = arrow_vectors(np.array([[np.nan, 0.0, 1.0]]), np.zeros((1, 3)), step=1.0, direction_only=True)
    assert np.isnan(U[0, 0]) and np.isnan(U[0, 1]) and U[0, 2] == pytest.approx(0.85)


def test_other_potentials_get_arrows_and_free_motion_none(tmp_path):
    state = SimulationState(k=0.0, settings=FAST)
    state.set_display(field_arrows=True)
    _, layers, _ = render_figure(state, size=(400, 300))
    assert arrows_of(layers) == []  # k = 0: no field
    state.set_potential("-E0*x")  # a uniform field along +x, even with k = 0
    _, layers, _ = render_figure(state, size=(400, 300))
    (q,) = arrows_of(layers)
    assert np.all(q.U > 0) and np.allclose(q.V, 0, atol=1e-12)


def test_arrows_are_in_svg_exports(tmp_path):
    state = SimulationState(k=1.0, settings=FAST)
    state.set_display(field_arrows=True, field_lines=False, equipotentials=False)
    without = tmp_path / "without.svg"
    state.set_display(field_arrows=False)
    export_figure(state, without, size=(400, 300))
    state.set_display(field_arrows=True)
    path = tmp_path / "with.svg"
    export_figure(state, path, size=(400, 300))
    assert path.stat().st_size > without.stat().st_size + 5000  # a few hundred arrows' paths
    assert "PolyCollection" in path.read_text() or path.read_text().count("<path") > without.read_text().count("<path")


def test_layer_follows_k_sign_in_the_window_layers():
    from app.plotting import PlotLayers

    state = SimulationState(k=1.0, settings=FAST)
    state.set_display(field_arrows=True, arrows_direction_only=True)
    layers = PlotLayers(Figure().add_subplot(), state)
    before = arrows_of(layers)[0].U.copy()
    state.set_k(-1.0)
    layers.update_field()
    after = [q for q in arrows_of(layers) if q.get_visible()][0].U
    assert np.allclose(after, -before)
