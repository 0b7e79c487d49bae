"""The analysis figures written to PNG, SVG or PDF, headless: `python main.py plot --panel NAME`.

They are drawn by the same functions as the window's panels, on a fresh Figure (never pyplot), with
the theme, size, dpi and caption options of app.export.export_figure, and written through a temporary
file that is renamed only on success.
"""

from __future__ import annotations

import os

from app.export import (
    DEFAULT_FIGURE_SIZE,
    FIGURE_FORMATS,
    Cancelled,
    _caption_lines,
    _check_dpi,
    _check_size,
    _draw_caption,
    _ExportView,
    _format_of,
    stop_if,
    write_figure,
)

PANEL_TITLES = {
    "regime": "regime map",
    "pendulum": "hidden pendulum",
    "scattering": "scattering lab",
    "invariants": "invariants and r²",
    "graph": "graph",
}
PANEL_NAMES = tuple(PANEL_TITLES)


def particle_id(state, number: int | None = None):
    """The id of launch `number` (1-based, in the session's order); by default the selected particle, else the last."""
    particles = state.particles
    if number is None:
        if state.selected is not None:
            return state.selected
        return particles[-1].id if particles else None
    if not 1 <= number <= len(particles):
        raise ValueError(f"there is no launch {number}: the session has {len(particles)}")
    return particles[number - 1].id


def draw_panel(fig, state, name: str, theme: str, pid=None, time: float | None = None, scattering=None, graph=None) -> str:
    """Draw analysis figure `name` of `state` on `fig` in `theme`; returns a line that says what it shows.

    graph is the (x, y) quantities of the graph figure (app/figures/graph.py); its pid None draws every particle.
    """
    if name == "graph":
        from app.figures.graph import DEFAULT_GRAPH, GraphFigure

        shown = GraphFigure(fig)
        text = shown.draw(state, theme, *(graph or DEFAULT_GRAPH), pid)
        shown.set_time(state.time if time is None else time)
        return text
    if name == "regime":
        from app.figures.regime import draw_regime

        draw_regime(fig, state, theme)
        return ""
    if name == "pendulum":
        from app.figures.pendulum import draw_pendulum

        return draw_pendulum(fig, state, theme, pid, time).set_time(state, state.time if time is None else time)
    if name == "invariants":
        from app.figures.invariants import draw_invariants

        draw_invariants(fig, state, theme, pid, time)
        return ""
    if name == "scattering":
        from app.figures.scattering import FiredBeam, ScatteringFigure, fire

        shot = scattering if isinstance(scattering, FiredBeam) else None
        if shot is None:
            shot = fire(state) if scattering is None else FiredBeam(scattering, state.k, state.is_point_dipole, state.view)
        return ScatteringFigure(fig).draw(shot.result, theme, shot.k, shot.exact, shot.view)
    raise ValueError(f"unknown panel {name!r}: use one of {', '.join(PANEL_NAMES)}")


def render_panel(
    state,
    name: str,
    size: tuple[int, int] = DEFAULT_FIGURE_SIZE,
    dpi: float | None = None,
    theme: str | None = None,
    caption: bool = False,
    time: float | None = None,
    particle: int | None = None,
    scattering=None,
    pid=None,
    graph=None,
    every: bool = False,
):
    """A fresh Figure (on an Agg canvas) of analysis figure `name`; returns (figure, caption lines).

    particle is the launch shown by the pendulum and invariants figures (1-based; default the selected one), or
    pid its id as the window knows it;
    scattering a FiredBeam (or a ScatteringResult, taken as fired at the state's k) to draw (default: the
    scattering lab's beam, fired now); graph the (x, y) quantities of the graph figure, every to draw all its
    particles instead of one.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from app.figures.layout import CachedConstrainedLayout

    if name not in PANEL_TITLES:
        raise ValueError(f"unknown panel {name!r}: use one of {', '.join(PANEL_NAMES)}")
    size = _check_size(size)
    dpi = _check_dpi(dpi, size)
    view = _ExportView(state, theme, time)
    if name not in ("pendulum", "invariants", "graph") or (name == "graph" and every):
        pid = None
    elif pid is None or view.particle(pid) is None:
        pid = particle_id(view, particle)
    fig = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi, layout=CachedConstrainedLayout())
    FigureCanvasAgg(fig)
    draw_panel(fig, view, name, view.theme, pid, view.time, scattering, graph)
    lines = _caption_lines(view)
    shows = PANEL_TITLES[name] + (f" of launch #{pid}" if pid is not None else "")
    if caption:
        _draw_caption(fig, view, f"{lines[0]}\n{shows}", size, dpi)
    lines[0] += f" \u00b7 {shows}"
    return fig, lines


def export_panel(state, name: str, path: str | os.PathLike, cancelled: Cancelled | None = None, **options) -> None:
    """Write analysis figure `name` of state as PNG, SVG or PDF (by the file's suffix); options as render_panel,
    cancelled as app.export.export_figure."""
    fmt = _format_of(path, FIGURE_FORMATS)
    stop_if(cancelled)
    fig, lines = render_panel(state, name, **options)
    write_figure(fig, path, fmt, lines, cancelled)
