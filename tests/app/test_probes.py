"""Probes on the plot: saved in sessions (version 3, old files still open), drawn in exports, following k."""

import json
import math

import pytest
from matplotlib.figure import Figure

from app.export import render_figure
from app.files.session import SessionError, load_session, save_session
from app.plotting import PlotLayers
from app.probes import MAX_PROBES, moved, with_probe, without
from app.state import DisplayOptions, SimulationState
from physics.integration.contract import IntegrationSettings

FAST = IntegrationSettings(t_max=2.0, samples=51)


def test_session_round_trip_and_version(tmp_path):
    state = SimulationState(k=1.0, settings=FAST)
    state.set_display(probes=((1.0, 0.5), (-2.0, 1.25)), field_arrows=True, arrows_direction_only=True)
    path = tmp_path / "probes.json"
    save_session(path, state)
    doc = json.loads(path.read_text())
    assert doc["version"] == 3 and doc["display"]["probes"] == [[1.0, 0.5], [-2.0, 1.25]]
    again = SimulationState(k=2.0, settings=FAST)
    load_session(path, again)
    assert again.display == state.display


def test_old_files_still_open_and_probes_need_version_3(tmp_path):
    old = tmp_path / "old.json"
    old.write_text('{"format": "dipole-lab-session", "version": 1, "k": 1, "launches": [], '
                   '"display": {"field_lines": false}}')
    state = SimulationState(k=1.0, settings=FAST)
    load_session(old, state)
    assert state.display.probes == () and state.display.field_arrows is False and not state.display.field_lines
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "dipole-lab-session", "version": 2, "k": 1, "launches": [], "display": {"probes": [[1, 2]]}}')
    with pytest.raises(SessionError, match="display.probes.*version 3"):
        load_session(bad, state)


@pytest.mark.parametrize("probes", ['[[1, "2"]]', "[[1]]", '"here"', "[[1e400, 0]]", "[[true, 0]]",
                                    "[" + ", ".join(["[1, 1]"] * (MAX_PROBES + 1)) + "]"])
def test_bad_probes_in_a_file_are_refused_in_one_line(tmp_path, probes):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "dipole-lab-session", "version": 3, "k": 1, "launches": [], "display": {"probes": ' + probes + "}}")
    state = SimulationState(k=1.0, settings=FAST)
    with pytest.raises(SessionError, match="display.probes") as info:
        load_session(path, state)
    assert "\n" not in str(info.value)
    assert state.display.probes == ()


def test_display_options_refuse_bad_probes():
    with pytest.raises(ValueError, match="probe 1"):
        DisplayOptions(probes=((math.nan, 0.0),))
    with pytest.raises(ValueError, match="tuple"):
        DisplayOptions(probes=[(0.0, 1.0)])
    probes = with_probe((), 1.0, 2.0)
    assert moved(probes, 0, 3.0, 4.0) == ((3.0, 4.0),) and without(probes, 0) == ()
    with pytest.raises(ValueError, match="at most"):
        with_probe(((0.0, 1.0),) * MAX_PROBES, 1.0, 1.0)


def test_export_shows_each_probe_reading_against_the_closed_form():
    k, x, y = 2.0, 1.0, 1.0
    state = SimulationState(k=k, settings=FAST)
    state.set_display(probes=((x, y), (0.0, 0.0)))
    _, layers, _ = render_figure(state, size=(640, 400), theme="presentation")
    texts = [t.get_text() for t in layers.ax.texts]
    r = math.hypot(x, y)
    V = -k * x / r**3  # −k cos θ / r²
    E = math.hypot(k * (r * r - 3 * x * x) / r**5, -3 * k * x * y / r**5)
    assert f"P1  V = {V:.3g}\n|E| = {E:.3g}".replace("-", "\u2212") in texts
    assert "P2  on a singularity" in texts
    assert all(not a.get_animated() for a in layers.probes.artists)  # drawn into the file


def test_layer_follows_k_and_hides():
    state = SimulationState(k=1.0, settings=FAST)
    state.set_display(probes=((2.0, 0.0),))
    layers = PlotLayers(Figure().add_subplot(), state)
    ring, arrow, label = layers.probes.artists
    assert ring in layers.animated_artists and label.get_text().startswith("P1  V = \u22120.25")
    tail, head = arrow._posA_posB
    assert head[0] < tail[0]  # E = (−2k/x³, 0) on the +x axis for k > 0: towards the dipole
    state.set_k(-3.0)
    layers.update_field()
    assert label.get_text().startswith("P1  V = 0.75")
    tail, head = arrow._posA_posB
    assert head[0] > tail[0]
    layers.probes.set_hidden(True)
    assert not any(a.get_visible() for a in layers.probes.artists)
    state.set_display(probes=())
    layers.update_field()
    assert layers.probes.artists == []


def test_the_label_sits_in_the_quarter_away_from_the_arrow():
    """A label drawn over its own arrow hid it (E up and to the right, e.g. P at (0.3, −1.2) with k = 1): the label
    goes to the opposite quarter, so the arrow's box and the label's never overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    state = SimulationState(k=1.0, settings=FAST)
    state.set_display(probes=((0.3, -1.2), (-0.8, 0.9), (1.5, 0.4)))
    fig = Figure(figsize=(8, 5), dpi=100)
    FigureCanvasAgg(fig)
    layers = PlotLayers(fig.add_subplot(), state)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for (_ring, arrow, label), reading in zip(layers.probes._items, layers.probes.readings()):
        tail, head = arrow._posA_posB
        assert (head[0] > tail[0]) == (reading.Ex > 0) and (head[1] > tail[1]) == (reading.Ey > 0)
        box = label.get_window_extent(renderer)
        tip = layers.ax.transData.transform(head)
        mid = layers.ax.transData.transform(((tail[0] + head[0]) / 2, (tail[1] + head[1]) / 2))
        assert not box.contains(*tip) and not box.contains(*mid)
