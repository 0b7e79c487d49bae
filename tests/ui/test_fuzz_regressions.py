"""Bugs the monkey (tests/ui/test_fuzz.py) found, each pinned by the smallest test that showed it."""

from __future__ import annotations

import pytest

from app.presets import load_preset
from app.state import SimulationState
from ui.canvas import PlotCanvas
from ui.panels.potential import PotentialPanel


@pytest.fixture(autouse=True)
def numpy_engine(monkeypatch):
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")


def _raise(exc):
    raise exc


@pytest.mark.parametrize("suffix", ["pdf", "svg", "png"])
def test_saving_the_plot_through_matplotlib_draws_the_moving_artists_into_the_file(qtbot, tmp_path, suffix):
    """The toolbar's Save drew through a PDF or SVG canvas, and the blitting callback asked it for an Agg renderer."""
    state = SimulationState()
    load_preset(state, "fan")
    canvas = PlotCanvas(state)
    qtbot.addWidget(canvas)
    canvas.show()
    canvas.figure._canvas_callbacks.exception_handler = _raise  # as when no GUI runs: a callback's error propagates
    canvas.draw()
    path = tmp_path / f"plot.{suffix}"
    canvas.figure.savefig(path)
    assert path.stat().st_size > 1000
    canvas.draw()  # the Qt canvas still blits afterwards
    assert canvas._background is not None
    canvas.disconnect_state()


def test_the_customize_dialog_that_breaks_every_redraw_is_not_offered(qtbot):
    """matplotlib's figure editor took limits like 1e300 and a log scale of negative x: every later draw raised."""
    canvas = PlotCanvas(SimulationState())
    qtbot.addWidget(canvas)
    (customize,) = [a for a in canvas.toolbar.actions() if a.text() == "Customize"]
    assert not customize.isEnabled() and not customize.isVisible()
    canvas.disconnect_state()


def test_the_derive_button_derives_the_typed_text(qtbot):
    """clicked(bool) reached derive(name=False): the panel then raised on False.replace when the result came back."""
    state = SimulationState()
    panel = PotentialPanel(state)
    qtbot.addWidget(panel)
    panel.U_edit.setText("-k/r")
    with qtbot.waitSignal(panel.derived, timeout=30000):
        panel.derive_button.click()
    panel.wait()
    assert state.potential.name == "point-charge"
    assert "Using point charge" in panel.message.text()


def test_tracing_many_field_lines_of_a_typed_potential_is_bounded_in_time():
    """60 field lines of the finite dipole froze the window for 40 s on every change of k; now tracing stops at a budget."""
    import time

    from app.custom_plotting import FIELD_LINE_SECONDS, field_lines

    state = SimulationState()
    state.set_potential_preset("finite-dipole")
    state.set_display(n_field_lines=60)
    began = time.thread_time()  # this thread's CPU time (the budget is wall time, so CPU time can only be less)
    lines = field_lines(state, state.view, 60)
    assert time.thread_time() - began < FIELD_LINE_SECONDS + 1.0
    assert lines  # fewer lines, not none


def test_a_potential_that_stalls_every_run_does_not_hold_the_window(qtbot, window, state):
    """Seed 3 (the radial-fall preset with the finite dipole) and seed 2 (a session restored with it) held the
    window for 20 s per change: every launch crept into one of the dipole's two charges until its own time budget
    ran out. Runs that creep now stop as stalled (and a run into a charge reaches it in Levi-Civita coordinates and
    stops there, issue 15), and all the runs of one change share the window's few seconds."""
    import time

    from ui.main_window import COMPUTE_SECONDS

    assert state.compute_seconds == COMPUTE_SECONDS <= 5.0
    state.set_potential_preset("finite-dipole")
    began = time.process_time()  # CPU time of every thread (the engine may use two): a busy machine does not inflate it
    load_preset(state, "radial-fall")  # released at rest on the axis: straight into the charge at (d/2, 0)
    (tr,) = state.trajectories.values()
    assert time.process_time() - began < 2 * COMPUTE_SECONDS + 1.0
    assert tr.stop_reason == "failed" and tr.message.startswith("ran into the singularity of U at (x, y) = (0.2, 0)"), tr.message
