"""The analysis figures (app/figures): drawn on a Figure they are given, in every theme, legible at small sizes."""

import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex

from app.figures import export as figures
from app.figures.scattering import scatter_state
from app.figures.style import panel_style
from app.state import SimulationState
from app.themes import THEME_NAMES, get_theme
from physics.launch import LaunchState
from physics.scattering import Beam

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(250, 180), (360, 260), (640, 420), (1600, 1000), (300, 520)]


@pytest.fixture(scope="module")
def state():
    st = SimulationState()
    st.add_launches([LaunchState(1.0, 0.0, 0.0, 1.3), LaunchState(1.0, 0.0, 0.0, 2.1), LaunchState(1.5, 2.0, -0.3, 0.2)])
    st.set_time(1.0)
    return st


@pytest.fixture(scope="module")
def beam(state):
    return scatter_state(state, Beam(n=15, start=12.0))


def render(state, name, size, theme, beam, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a constrained-layout collapse is a warning: here it fails the test
        fig, lines = figures.render_panel(state, name, size=size, theme=theme, scattering=beam if name == "scattering" else None,
                                          **options)
        fig.canvas.draw()
    return fig, lines


def boxes_overlap(a, b, slack: float = 0.5) -> bool:
    return a.x0 < b.x1 - slack and b.x0 < a.x1 - slack and a.y0 < b.y1 - slack and b.y0 < a.y1 - slack


def tick_label_boxes(axis):
    renderer = axis.figure.canvas.get_renderer()
    lo, hi = sorted(axis.get_view_interval())
    return [t.get_window_extent(renderer) for tick, t in zip(axis.get_major_ticks(), axis.get_ticklabels())
            if t.get_visible() and t.get_text() and lo - 1e-9 * abs(hi - lo) <= tick.get_loc() <= hi + 1e-9 * abs(hi - lo)]


@pytest.mark.parametrize("theme", THEME_NAMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", figures.PANEL_NAMES)
def test_every_figure_is_legible_at_every_size_and_theme(state, beam, name, size, theme):
    fig, _ = render(state, name, size, theme, beam)
    t = get_theme(theme)
    assert to_hex(fig.get_facecolor()) == to_hex(t.background)
    renderer = fig.canvas.get_renderer()
    figure_box = fig.bbox
    for ax in fig.axes:
        assert ax.bbox.width > 20 and ax.bbox.height > 20, "an axes collapsed"
        assert to_hex(ax.get_facecolor()) == to_hex(t.background)
        for axis in (ax.xaxis, ax.yaxis):
            boxes = tick_label_boxes(axis)
            assert all(to_hex(label.get_color()) == to_hex(t.foreground) for label in axis.get_ticklabels())
            for a, b in zip(boxes, boxes[1:]):
                assert not boxes_overlap(a, b), f"{name}: tick labels run together on {axis.axis_name}"
    for legend in fig.legends:
        box = legend.get_window_extent(renderer)
        assert box.x0 >= figure_box.x0 - 1 and box.x1 <= figure_box.x1 + 1, "the legend is wider than the figure"
        for ax in fig.axes:
            # the figure's legend sits outside every axes, so it never covers a curve
            assert not boxes_overlap(box, ax.bbox), f"{name}: the legend is on top of an axes"


def test_the_theme_sets_type_and_line_weights(state, beam):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 4))
    default, presentation = panel_style("default", fig), panel_style("presentation", fig)
    assert presentation.font > default.font and presentation.line > default.line
    small, large = Figure(figsize=(3.6, 2.6)), Figure(figsize=(10.7, 6.7))
    assert panel_style("default", small).font < panel_style("default", large).font
    assert panel_style("default", small).font >= 7.0  # never below legible
    fig, _ = render(state, "pendulum", (800, 500), "presentation", beam)
    widths = [line.get_linewidth() for ax in fig.axes for line in ax.lines]
    assert max(widths) >= 3.0
    fig, _ = render(state, "invariants", (800, 500), "print", beam)
    colors = {to_hex(line.get_color()) for ax in fig.axes for line in ax.lines if line.get_visible()}
    assert colors <= {"#000000", "#555555", "#444444"}  # black on white


def test_the_regime_map_places_each_visible_launch(state, beam):
    fig, lines = render(state, "regime", (640, 420), "default", beam)
    points = fig.axes[0].collections
    offsets = [c.get_offsets() for c in points if len(c.get_offsets())]
    assert any(len(o) == 3 for o in offsets)
    assert "regime map" in lines[0]


def test_the_pendulum_shows_the_chosen_launch_and_its_level_curve(state, beam):
    fig, lines = render(state, "pendulum", (640, 420), "default", beam, particle=1)
    first = state.particles[0]
    assert f"of launch #{first.id}" in lines[0]
    phase = fig.axes[0]
    tr = state.trajectory(first.id)
    now = [line for line in phase.lines if line.get_marker() == "o"][0]
    i = state.index_at(first.id, 1.0)
    assert now.get_ydata()[0] == pytest.approx(tr.r[i] ** 2 * tr.omega[i])
    with pytest.raises(ValueError, match="no launch 9"):
        figures.render_panel(state, "pendulum", particle=9)


def test_the_invariants_figure_reports_the_r2_law(state, beam):
    fig, _ = render(state, "invariants", (640, 420), "default", beam, particle=2)
    title = fig.axes[1].get_title()
    worst = float(title.split("≤")[1])
    assert 0 <= worst < 1e-6


def test_scattering_draws_the_beam_and_the_exact_curve(state, beam):
    fig, _ = render(state, "scattering", (900, 500), "default", beam)
    orbits, deflection, _ = fig.axes
    assert len(orbits.collections[0].get_segments()) == 15
    exact = [line for line in deflection.lines if line.get_linestyle() == "-"]
    assert exact and np.isfinite(exact[0].get_ydata()).any()


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_export_panel_writes_each_format_and_nothing_on_failure(state, beam, tmp_path, suffix):
    out = tmp_path / f"regime{suffix}"
    figures.export_panel(state, "regime", out, size=(480, 320), caption=True)
    assert out.stat().st_size > 1000
    with pytest.raises(ValueError):
        figures.export_panel(state, "regime", tmp_path / "bad.txt")
    with pytest.raises(ValueError, match="unknown panel"):
        figures.export_panel(state, "nonsense", tmp_path / "x.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_the_figures_need_neither_qt_nor_pyplot():
    code = ("import sys, matplotlib; matplotlib.use('Agg'); "
            "from app.state import SimulationState; from app.figures.export import render_panel; "
            "from physics.launch import LaunchState; st = SimulationState(); st.add_launch(LaunchState(1, 0, 0, 1.3)); "
            "[render_panel(st, n, size=(320, 240)) for n in ('regime', 'pendulum', 'invariants')]; "
            "bad = [m for m in ('PySide6', 'matplotlib.pyplot') if m in sys.modules]; print(bad); sys.exit(bool(bad))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_state_other_than_the_point_dipole_says_the_map_does_not_apply(beam):
    st = SimulationState()
    st.add_launch(LaunchState(1.0, 0.5, 0.0, 1.0))
    st.set_k(0.0)
    fig, _ = render(st, "regime", (480, 320), "default", beam)
    texts = [t.get_text() for t in fig.axes[0].texts if t.get_visible()]
    assert any("k = 0" in text for text in texts)
    assert math.isfinite(fig.axes[0].get_xlim()[0])


def test_a_long_caption_stays_inside_a_narrow_figure():
    st = SimulationState()
    st.add_launches([LaunchState(2.0 + 0.01 * i, 0.3 + 0.01 * i, 0.0, 0.2 + 0.05 * i) for i in range(30)])
    fig, _ = figures.render_panel(st, "invariants", size=(330, 560), caption=True)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    caption = fig.legends[-1]
    title = caption.get_title()
    assert "all in the file's metadata" in title.get_text()
    box = title.get_window_extent(renderer)
    assert box.x0 >= fig.bbox.x0 - 1 and box.x1 <= fig.bbox.x1 + 1, "the caption's title runs past the figure's edges"


def test_redrawing_an_unchanged_map_does_not_lay_the_figure_out_again(state, monkeypatch):
    """Found in review: styling the figure on every redraw reset the cached layout, so each k step paid for a
    whole constrained layout (two thirds of the map's redraw)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    from app.figures.layout import CachedConstrainedLayout
    from app.figures.regime import RegimeMap

    fig = Figure(figsize=(4.2, 3.4), layout=CachedConstrainedLayout())
    FigureCanvasAgg(fig)
    regime_map = RegimeMap(fig)
    regime_map.draw(state, "default")
    fig.canvas.draw()
    runs = []
    real = ConstrainedLayoutEngine.execute
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", lambda self, f: (runs.append(1), real(self, f)))
    for _ in range(3):
        regime_map.draw(state, "default")
        fig.canvas.draw()
    assert runs == []
    regime_map.draw(state, "presentation")  # bigger type: the layout must be worked out again
    fig.canvas.draw()
    assert runs == [1]


def test_limits_that_show_the_same_tick_labels_are_not_laid_out_again_and_new_labels_are(monkeypatch):
    """The layout follows the tick labels, not the limits (issue 12: the main plot fitting its view to the axes' shape
    laid out three times for each change of its options). The layout it keeps is the one a fresh layout finds."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    from app.figures.layout import CachedConstrainedLayout

    def figure(xlim, ylim):
        fig = Figure(figsize=(6, 4), dpi=100, layout=CachedConstrainedLayout())
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        return fig, ax

    fig, ax = figure((-3.7, 3.8), (-2.6, 2.7))
    fig.canvas.draw()
    runs = []
    real = ConstrainedLayoutEngine.execute
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", lambda self, f: (runs.append(1), real(self, f)))
    ax.set_xlim(-3.6, 3.65)  # the same labels, -3 to 3 and -2 to 2, none near an end
    ax.set_ylim(-2.55, 2.65)
    fig.canvas.draw()
    assert runs == []
    for xlim, ylim in (((-3.0, 3.65), (-2.55, 2.65)),  # a labelled tick at the left end: half its label reaches out
                       ((-300.0, 300.0), (-2.1, 2.2)),  # wider labels
                       ((-300.0, 300.0), (-2.1e6, 2.2e6))):  # an offset text
        runs.clear()
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        fig.canvas.draw()
        assert runs == [1], (xlim, ylim)
        fresh, fresh_ax = figure(xlim, ylim)
        fresh.canvas.draw()
        assert np.abs(np.asarray(ax.get_position().bounds) - fresh_ax.get_position().bounds).max() < 2e-3, (xlim, ylim)


def test_a_kept_layout_leaves_an_end_label_where_matplotlibs_own_layout_would():
    """Found in review: the layout kept while a labelled tick moved up to the end of its axis (the same labels, 3% of
    the span from the end) let its label run 13.6 px past the figure's edge, where matplotlib's constrained layout,
    after the same two limits, keeps it inside. How far an end label stands from the axes' end counts now, in pixels,
    while half the label could reach beyond it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from app.figures.layout import END_QUANTUM_PX, CachedConstrainedLayout

    def overhang(layout, before, after):
        fig = Figure(figsize=(3, 2), dpi=100, layout=layout)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_ylabel("y")
        ax.set_xlim(0, before)
        fig.canvas.draw()
        ax.set_xlim(0, after)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        return max(t.label1.get_window_extent(renderer).x1 for t in ax.xaxis._update_ticks() if t.label1.get_text()) - fig.bbox.x1

    for before, after in ((113000, 104000), (114000, 103100), (112000, 111000), (130000, 101000)):
        kept, stock = overhang(CachedConstrainedLayout(), before, after), overhang("constrained", before, after)
        assert kept <= max(stock, 0.0) + END_QUANTUM_PX, (before, after, kept, stock)


def test_a_beam_drawn_over_earlier_ones_looks_as_drawn_afresh(state, beam):
    """The scattering lab keeps its axes and ticks from beam to beam (making them again and laying the figure out from
    scratch took 0.3-0.5 s of the window's time a beam): what it shows must not depend on what it showed before."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from app.figures.layout import CachedConstrainedLayout
    from app.figures.scattering import ScatteringFigure

    other = scatter_state(state, Beam(b_min=-1.0, b_max=4.0, n=9, speed=0.6, start=12.0))

    def picture(*drawn):
        """What the figure shows after drawing `drawn` in turn: per axes its box in pixels, limits, tick labels and the
        number of things drawn on it; and the legend's texts."""
        fig = Figure(figsize=(9, 5), dpi=100, layout=CachedConstrainedLayout())
        FigureCanvasAgg(fig)
        drawing = ScatteringFigure(fig)
        for result, theme in drawn:
            drawing.draw(result, theme, state.k, True, state.view)
            fig.canvas.draw()
        axes = [(np.asarray(ax.get_position().bounds) * [900, 500, 900, 500], ax.get_xlim() + ax.get_ylim(),
                 [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()],
                 (len(ax.lines), len(ax.collections), len(ax.patches), len(ax.texts))) for ax in fig.axes]
        return axes, [[t.get_text() for t in legend.get_texts()] for legend in fig.legends]

    for theme in ("default", "presentation"):
        fresh, fresh_legends = picture((beam, theme))
        for before in ([(None, theme)], [(other, theme)], [(None, "print"), (other, "default")]):
            again, legends = picture(*before, (beam, theme))
            assert legends == fresh_legends, (theme, before)
            for (box, limits, ticks, counts), (box0, limits0, ticks0, counts0) in zip(again, fresh):
                # constrained layout starts from where the axes were: its boxes differ in the 5th digit
                assert np.abs(box - box0).max() < 0.5 and limits == limits0, (theme, before)
                assert ticks == ticks0 and counts == counts0, (theme, before)
