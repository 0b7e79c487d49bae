"""Any against any: the graph's curves are the trajectory's own columns; `plot --graph X,Y` writes it headless."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from app.cli import main
from app.figures.export import render_panel
from app.figures.graph import QUANTITY_NAMES, GraphFigure, parse_graph, values
from app.state import SimulationState
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

FAST = IntegrationSettings(t_max=3.0, samples=61)


@pytest.fixture(scope="module")
def state():
    st = SimulationState(k=1.0, settings=FAST)
    st.add_launch(LaunchState(1.2, 0.6, 0.1, 0.4))
    st.add_launch(LaunchState(1.5, 2.0, -0.2, 0.3))
    return st


def test_every_quantity_is_a_column_of_the_trajectory(state):
    tr = state.trajectory(state.particles[0].id)
    columns = {"t": tr.t, "x": tr.x, "y": tr.y, "r": tr.r, "theta": tr.theta, "r_dot": tr.vr, "theta_dot": tr.omega,
               "vx": tr.vx, "vy": tr.vy, "E": tr.energy, "C": tr.C, "tau": tr.tau}
    for name in QUANTITY_NAMES:
        if name == "speed":
            assert np.allclose(values(tr, name), np.sqrt(tr.vx**2 + tr.vy**2), rtol=1e-15, atol=0)
        else:
            assert np.array_equal(values(tr, name), columns[name]), name


def test_names_and_aliases():
    assert parse_graph("r,r_dot") == ("r", "r_dot")
    assert parse_graph("θ, θ̇") == ("theta", "theta_dot")
    assert parse_graph("t,|v|") == ("t", "speed") and parse_graph("omega,vr") == ("theta_dot", "r_dot")
    for bad in ("r", "r,r,r", "r,nope"):
        with pytest.raises(ValueError):
            parse_graph(bad)


def test_one_particle_and_all_of_them(state):
    fig = Figure(figsize=(6, 4))
    graph = GraphFigure(fig)
    first, second = state.particles
    text = graph.draw(state, "default", "r", "r_dot", first.id)
    curves = [line for line in graph.ax.lines if len(line.get_xdata()) > 1]
    tr = state.trajectory(first.id)
    assert len(curves) == 1 and "#1" in text
    assert np.array_equal(curves[0].get_xdata(), tr.r) and np.array_equal(curves[0].get_ydata(), tr.vr)
    graph.draw(state, "presentation", "theta", "theta_dot")
    curves = [line for line in graph.ax.lines if len(line.get_xdata()) > 1]
    assert [c.get_color() for c in curves] == [first.color, second.color]
    assert np.array_equal(curves[1].get_ydata(), state.trajectory(second.id).omega)
    graph.set_time(tr.t[20])
    marker = graph.markers[0]
    assert marker.get_xdata()[0] == tr.theta[20] and marker.get_ydata()[0] == tr.omega[20]
    graph.set_time(1e3)  # after the stop: the last sample
    assert marker.get_xdata()[0] == tr.theta[-1]


def test_empty_session_says_so():
    fig = Figure(figsize=(6, 4))
    graph = GraphFigure(fig)
    assert graph.draw(SimulationState(k=1.0, settings=FAST), "default", "t", "E") == ""
    assert any("Launch" in t.get_text() for t in graph.ax.texts)


def test_render_panel_graph_every_or_one(state):
    fig, lines = render_panel(state, "graph", size=(500, 400), graph=("t", "E"), every=True)
    assert len([line for line in fig.axes[0].lines if len(line.get_xdata()) > 1]) == 2
    fig, lines = render_panel(state, "graph", size=(500, 400), graph=("t", "E"), particle=2)
    assert "launch #2" in lines[0]


def test_plot_graph_on_the_command_line(tmp_path, capsys):
    out = tmp_path / "phase.svg"
    code = main(["plot", "--k", "1", "--launch", "1.2,0.6,0.1,0.4", "--t-max", "2", "--samples", "41", "--graph", "r,r_dot",
                 "--out", str(out)])
    assert code == 0 and out.stat().st_size > 1000
    assert "ṙ against r" in out.read_text()
    capsys.readouterr()
    with pytest.raises(SystemExit) as refused:  # argparse refuses the flag itself
        main(["plot", "--k", "1", "--launch", "1.2,0.6,0.1,0.4", "--graph", "r,what", "--out", str(tmp_path / "x.png")])
    assert refused.value.code == 2
    assert "unknown quantity" in capsys.readouterr().err
    assert main(["plot", "--k", "1", "--launch", "1.2,0.6,0.1,0.4", "--graph", "r,t", "--panel", "regime",
                 "--out", str(tmp_path / "x.png")]) == 2
    assert not (tmp_path / "x.png").exists()


def test_the_note_of_an_empty_graph_stays_inside_its_axes():
    """matplotlib wraps text to the figure's width: in a narrow panel (the graph page at 1024×768, presentation
    theme) "Launch a charge to plot its path's quantities" ran over the axes' tick labels and spine."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from app.figures.style import note, panel_style

    fig = Figure(figsize=(8, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.6, 0.1, 0.25, 0.8))  # a narrow axes in a wide figure
    text = note(ax, "Launch a charge to plot its path's quantities", panel_style("presentation", fig))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box, axes_box = text.get_bbox_patch().get_window_extent(renderer), ax.get_window_extent(renderer)
    assert axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1
    assert text in ax.texts


def test_a_graph_drawn_over_earlier_ones_looks_as_drawn_afresh(state):
    """The graph keeps its axes and ticks from one drawing to the next (clearing them took 0.15-0.3 s of the window's
    time for each change of the particle shown, issue 12): what it shows must not depend on what it showed before."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from app.figures.layout import CachedConstrainedLayout

    first = state.particles[0].id
    empty = SimulationState(k=1.0, settings=FAST)

    def picture(*drawn):
        fig = Figure(figsize=(5, 4), dpi=100, layout=CachedConstrainedLayout())
        FigureCanvasAgg(fig)
        graph = GraphFigure(fig)
        for st, theme, x, y, pid in drawn:
            graph.draw(st, theme, x, y, pid)
            fig.canvas.draw()
        ax = graph.ax
        return (np.asarray(ax.get_position().bounds), ax.get_xlim() + ax.get_ylim(), ax.get_title(),
                [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()],
                (len(ax.lines), len(ax.texts)), ax.get_autoscale_on())

    for last in ((state, "default", "r", "r_dot", first), (state, "presentation", "t", "E", None), (empty, "default", "x", "y", None)):
        box0, *rest0 = picture(last)
        for before in ([(state, "default", "x", "y", None)], [(empty, "print", "r", "r_dot", None)],
                       [(state, "default", "t", "theta_dot", first), (state, "presentation", "r", "C", None)]):
            box, *rest = picture(*before, last)
            assert np.abs(box - box0).max() < 2e-3 and rest == rest0, (last[1:], before)


def test_drawing_the_graph_again_makes_no_new_ticks(state):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(5, 4), dpi=100)
    FigureCanvasAgg(fig)
    graph = GraphFigure(fig)
    graph.draw(state, "default", "r", "r_dot", None)
    fig.canvas.draw()
    ticks = graph.ax.xaxis.get_major_ticks()[0], graph.ax.yaxis.get_major_ticks()[0]
    graph.draw(state, "default", "r", "r_dot", state.particles[0].id)
    fig.canvas.draw()
    assert (graph.ax.xaxis.get_major_ticks()[0], graph.ax.yaxis.get_major_ticks()[0]) == ticks
