"""The field lines' spacing as a display setting: validated, drawn by the plot, kept in sessions."""

import numpy as np
import pytest

from app.files.session import load_session, save_session
from app.plotting import PlotLayers
from app.state import DisplayOptions, SimulationState
from tests.app.test_plotting import layers_for


def drawn_field_lines(layers: PlotLayers) -> list:
    return [a for a in layers._background if a.get_label() == "field lines"]


def top_crossings(layers: PlotLayers) -> np.ndarray:
    """The tops of the drawn loops above the axis (the loop r = c sin²θ is highest at (0, c))."""
    (lines,) = drawn_field_lines(layers)
    tops = []
    for seg in lines.get_segments():
        x, y = seg[:, 0], seg[:, 1]
        if y.max() > 0 and y.min() >= 0 and x.min() < 0 < x.max():
            tops.append(float(y.max()))  # y = c sin³θ is largest at θ = 90°: the top is (0, c)
    return np.sort(tops)


def test_the_plot_draws_the_chosen_spacing_and_redraws_on_a_change():
    s = SimulationState(k=1.0)
    s.set_display(n_field_lines=12)
    layers = layers_for(s)
    flux = top_crossings(layers)
    s.set_display(field_line_spacing="strength")
    assert layers.update_field() is True
    strength = top_crossings(layers)
    assert len(flux) >= 4 and len(strength) >= 4
    # the loops' tops (0, c) inside the view: evenly spaced 1/c for "flux", evenly spaced 1/c² for "strength"
    step = np.diff(1 / flux[::-1])
    np.testing.assert_allclose(step, step[0], rtol=1e-3)
    step = np.diff(1 / strength[::-1] ** 2)
    np.testing.assert_allclose(step, step[0], rtol=1e-3)
    assert np.ptp(np.diff(1 / strength[::-1])) > 0.1 * np.mean(np.diff(1 / strength[::-1]))


def test_the_spacing_is_validated_and_kept_in_sessions(tmp_path):
    with pytest.raises(ValueError, match="field_line_spacing"):
        DisplayOptions(field_line_spacing="even")
    s = SimulationState(k=1.0)
    s.set_display(field_line_spacing="strength")
    path = tmp_path / "s.json"
    save_session(path, s)
    fresh = SimulationState(k=2.0)
    load_session(path, fresh)
    assert fresh.display.field_line_spacing == "strength"
    assert DisplayOptions().field_line_spacing == "flux"


def test_the_api_offers_both_spacings():
    from app import api

    for spacing, power in (("flux", 1), ("strength", 2)):
        lines = api.field_lines((-40, 40, -40, 40), n=6, points=2001, spacing=spacing)
        tops = np.sort([y.max() for x, y in lines if y.max() > 0 and y.min() >= 0 and x.min() < 0 < x.max()])
        step = np.diff(1 / tops[::-1] ** power)
        np.testing.assert_allclose(step, step[0], rtol=1e-3)
