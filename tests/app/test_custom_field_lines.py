"""Field lines of potentials other than the point dipole (app.custom_plotting.field_lines) cover the view."""

import pytest

from app import custom_plotting
from app.state import SimulationState
from tests.physics.test_field import covered_cells, reach_the_edge


@pytest.fixture
def untimed(monkeypatch):
    # the window's time limit makes the count depend on the machine; each line keeps its evaluation cap
    monkeypatch.setattr(custom_plotting, "FIELD_LINE_SECONDS", None)
    custom_plotting._CACHE.clear()


def test_the_quadrupole_gets_lines_over_the_whole_view(untimed):
    """Seeded only on a ring round its charges, the quadrupole's lines made a cluster within r = 0.24."""
    s = SimulationState(k=1.0)
    s.set_potential_preset("quadrupole")
    lines = custom_plotting.field_lines(s, s.view, s.display.n_field_lines)
    assert reach_the_edge(lines, s.view) >= 8
    assert covered_cells(lines, s.view) >= 40
