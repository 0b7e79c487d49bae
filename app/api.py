"""Dipole Lab from Python, for notebooks and scripts: the app's physics and figures without its window.

    import math
    import app.api as dl

    eq = dl.derive()                                    # the point dipole: eq.r_ddot, eq.theta_ddot, eq.energy, eq.C
    swing = dl.simulate(dl.polar(1.0, math.pi / 2), k=1.0)   # one launch: a Trajectory of arrays t, x, y, ..., energy, C
    dl.classify(dl.polar(1.0, 0.0, omega0=1.3), k=1.0).kind   # 'falls': the exact prediction, before integrating

    setup = dl.setup(k=1.0, preset="fan")               # what the window shows, as a SimulationState
    dl.draw(ax, setup)                                   # the main plot on a matplotlib Axes you own
    dl.draw_panel(fig, setup, "regime")                  # an analysis figure on a Figure (or SubFigure) you own

Typed potentials go through the same whitelist parser as the window's fields, and sympy derives them in a
separate process stopped after `timeout` seconds, so this works the same in a plain script (no
`if __name__ == "__main__":` guard needed) and in Jupyter. Importing this module imports neither Qt nor
matplotlib; the drawing functions import matplotlib when they are called, never pyplot. docs/api.md has
worked examples (they run in the tests).

Units are the app's: a unit charge of unit mass, T = ½(ṙ² + r²θ̇²), U = −k cos θ / r² for the point dipole
along +x, angles in radians, omega = dθ/dt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from physics.field import ViewBox
from physics.integration.contract import IntegrationSettings, Trajectory
from physics.launch import LaunchState

__all__ = [
    "IntegrationSettings", "LaunchState", "Trajectory", "ViewBox", "PANELS",
    "polar", "cartesian", "derive", "equations_text", "potential",
    "simulate", "simulate_many", "classify", "invariants", "outcome", "regime_point",
    "field_lines", "equipotentials", "potential_grid", "scatter",
    "setup", "load", "setup_text", "draw", "draw_panel",
]

PANELS = ("regime", "pendulum", "invariants", "scattering")  # the analysis figures draw_panel draws


def polar(r0: float, theta0: float, vr0: float = 0.0, omega0: float = 0.0) -> LaunchState:
    """A launch in polar form: r₀, θ₀ (radians), ṙ₀ and θ̇₀.

    >>> polar(1.0, 0.0, omega0=1.3).r0
    1.0
    """
    return LaunchState(float(r0), float(theta0), float(vr0), float(omega0))


def cartesian(x0: float, y0: float, vx0: float = 0.0, vy0: float = 0.0) -> LaunchState:
    """A launch in Cartesian form: position and velocity.

    >>> round(cartesian(0.0, 2.0).theta0, 6)
    1.570796
    """
    return LaunchState.from_cartesian(float(x0), float(y0), float(vx0), float(vy0))


def derive(U: str | None = None, T: str | None = None, timeout: float = 10.0):
    """The equations of motion sympy derives for U and T, typed as in the window (None: the point dipole's).

    Returns physics.derivation.Equations: sympy expressions r_ddot, theta_ddot, energy, C (None unless U
    is homogeneous of degree −2) and the momenta of cyclic coordinates in `conserved`. ValueError, with
    one line, for a text the parser refuses or a derivation over its time limit.

    >>> print(derive(U="-k/r").r_ddot)
    -k/r**2 + r*theta_dot**2
    """
    from app.equations import derive_from_text

    return derive_from_text(T, U, timeout=timeout)[0]


def equations_text(equations=None, fmt: str = "text") -> str:
    """The equations as `python main.py equations` prints them: fmt "text", "sympy" or "latex".

    >>> equations_text(fmt="sympy").splitlines()[0]
    'r_ddot = -2*k*cos(theta)/r**3 + r*theta_dot**2'
    """
    from app.equations import findings, format_equations

    equations = derive() if equations is None else equations
    return format_equations(equations, fmt, findings(equations) if fmt == "text" else None)


def potential(U: str | None = None, T: str | None = None, params: dict | None = None, name: str = "custom",
              timeout: float = 10.0):
    """A typed potential parsed, derived and compiled once, to pass to simulate, simulate_many and setup.

    `params` gives the parameters U uses besides k (q, d, E0, a, b, c, m); missing ones are 1.

    >>> uniform = potential("-k*cos(theta)/r^2 - E0*r*cos(theta)", params={"E0": 0.1})
    >>> uniform.potential.param_dict
    {'E0': 0.1}
    """
    from app.potentials import prepare_potential

    return prepare_potential(U, T, params, name=name, timeout=timeout)


def _settings(t_max: float, samples: int, options: dict) -> IntegrationSettings:
    return IntegrationSettings(t_max=float(t_max), samples=int(samples), **options)


def _model(pot) -> tuple:
    """(model, params) for the integrators: the point dipole for None, a potential() result, or a U text."""
    if pot is None:
        return None, None
    if isinstance(pot, str):
        pot = potential(pot)
    if pot.is_point_dipole:
        return None, None
    return pot.model, pot.potential.param_dict


def simulate(launch: LaunchState, k: float = 1.0, potential=None, t_max: float = 20.0, samples: int = 1001,
             **options) -> Trajectory:
    """Integrate one launch (scipy's solve_ivp in Sundman time) until t_max, a fall (r_min) or an escape (r_max).

    `potential` is None (the point dipole), a U text or what potential() returned. `options` are the other
    IntegrationSettings: r_min, r_max, rtol, atol, method. The Trajectory holds arrays t, x, y, vx, vy, r,
    theta, vr, omega, energy, C (uniform in t), and stop_reason ("t_max", "r_min" or "r_max") and t_end.

    >>> path = simulate(polar(1.5, 0.0), k=1.0)          # released on the axis: falls straight in,
    >>> path.stop_reason                                    # r² = r₀² − 2k t²/r₀², to r_min = 0.05
    'r_min'
    >>> math.isclose(path.t_end, 1.5 * math.sqrt((1.5**2 - 0.05**2) / 2), rel_tol=1e-8)
    True
    """
    from physics.integration.scipy_engine import simulate as one

    model, params = _model(potential)
    return one(launch, float(k), _settings(t_max, samples, options), model=model, params=params)


def simulate_many(launches: Iterable[LaunchState], k: float = 1.0, potential=None, t_max: float = 20.0, samples: int = 201,
                  **options) -> list[Trajectory]:
    """Integrate many launches at once with the batch engine (numba when present): one Trajectory each.

    The same equations, stops and columns as simulate, much faster per launch (the app's fans and beams).

    >>> starts = [polar(2.0, a) for a in (0.0, 1.0, 2.0)]      # at rest, at three angles
    >>> [p.stop_reason for p in simulate_many(starts, k=1.0, t_max=5.0)]
    ['r_min', 'r_min', 't_max']
    >>> [classify(s, k=1.0).kind for s in starts]
    ['falls', 'falls', 'escapes']
    """
    from physics.integration.batch import simulate_batch

    model, params = _model(potential)
    return simulate_batch(list(launches), float(k), _settings(t_max, samples, options), model=model, params=params)


def invariants(launch: LaunchState, k: float = 1.0) -> tuple[float, float]:
    """(E, C) of a point-dipole launch: the energy and C = ½(r²θ̇)² − k cos θ.

    >>> [round(v, 12) for v in invariants(polar(1.0, math.pi / 2, omega0=1.0), k=1.0)]   # on the equator
    [0.5, 0.5]
    """
    from physics.integration.scipy_engine import invariants as both

    E, C = both(launch, float(k))
    return float(E), float(C)


def classify(launch: LaunchState, k: float = 1.0):
    """The exact fate of a point-dipole launch, before integrating (physics.exact.Fate).

    .kind is "falls", "escapes" or "marginal"; .fall_time, .closest_approach, .swing (the pendulum in
    Sundman time: "libration", "rotation", ...), .E, .C; .describe() says it in words.

    >>> classify(polar(1.0, 0.0, omega0=1.3), k=1.0).describe()
    'falls into the dipole at t = 1.79605'
    """
    from physics.exact import classify as exact

    E, C = invariants(launch, k)
    return exact(launch, E, C, float(k))


def outcome(trajectory: Trajectory) -> str:
    """What an integrated launch did, for any potential: "falls", "escapes" or "stays" (ran to t_max)."""
    from physics.outcome import integrated_outcome

    return integrated_outcome(trajectory)


def regime_point(launch: LaunchState, k: float = 1.0):
    """Where a point-dipole launch sits on the regime map: .c = C/|k|, .e = E r₀²/|k|, .region, .fate.

    >>> point = regime_point(polar(1.0, 0.0, omega0=1.5), k=1.0)
    >>> round(point.c, 3), point.fate
    (0.125, 'escapes')
    """
    from physics.regime import regime_point as where

    return where(launch, float(k))


def _box(view) -> ViewBox:
    if view is None:
        return ViewBox(-3.0, 3.0, -2.0, 2.0)
    return view if isinstance(view, ViewBox) else ViewBox(*map(float, view))


def field_lines(view: ViewBox | Sequence[float] | None = None, n: int = 8, points: int = 400, spacing: str = "flux") -> list:
    """The point dipole's field lines r = c sin²θ in view (xmin, xmax, ymin, ymax): (x, y) arrays.

    spacing "flux" (equal 3-D flux between lines: density ∝ |E|·|y| in the plane) or "strength" (density ∝ |E|).

    >>> lines = field_lines((-3, 3, -2, 2), n=4)
    >>> all(len(x) == len(y) for x, y in lines)
    True
    """
    from physics.field import dipole_field_lines

    return dipole_field_lines(int(n), _box(view), points, spacing)


def equipotentials(k: float = 1.0, view: ViewBox | Sequence[float] | None = None, n: int = 8, points: int = 400) -> list:
    """The point dipole's equipotentials r² = −k cos θ / U₀ in view: (U₀, x, y) for each level."""
    from physics.field import dipole_equipotentials

    return dipole_equipotentials(float(k), int(n), _box(view), points)


def potential_grid(pot=None, k: float = 1.0, view: ViewBox | Sequence[float] | None = None, nx: int = 200, ny: int = 200):
    """U on a grid (X, Y, U) for any potential (None: the point dipole), to contour; singular points are nan.

    >>> X, Y, U = potential_grid(k=1.0, nx=50, ny=40)
    >>> U.shape
    (40, 50)
    """
    import numpy as np

    from physics.field import potential_grid as grid

    if isinstance(pot, str):
        pot = potential(pot)
    if pot is None or pot.is_point_dipole:
        return grid(lambda R, TH: -float(k) * np.cos(TH) / R**2, _box(view), nx, ny)
    model = pot.model
    values = {"k": float(k), **pot.potential.param_dict}
    return grid(model.potential, _box(view), nx, ny, params=tuple(values.get(name, 1.0) for name in model.param_names))


def scatter(k: float = 1.0, speed: float = 1.0, b_min: float = -3.0, b_max: float = 3.0, n: int = 41,
            direction: float = math.pi, potential=None):
    """Fire a parallel beam (impact parameters b_min..b_max, n launches) at the dipole and measure the deflections.

    Returns physics.scattering.ScatteringResult: .b, .deflection (radians, nan for charges that fell in),
    .falls, and .cross_section() → (Θ, dσ/dΘ).
    """
    from physics.scattering import Beam
    from physics.scattering import scatter as fire

    model, params = _model(potential)
    return fire(Beam(float(b_min), float(b_max), int(n), float(speed), float(direction)), float(k), model=model, params=params)


def setup(k: float | None = None, launches: Iterable[LaunchState] = (), preset: str | None = None, potential=None,
          view: ViewBox | Sequence[float] | None = None, theme: str = "default", t_max: float = 20.0,
          samples: int = 1001, labels: Sequence[str] | None = None, **display):
    """What the window shows, headless: an app.state.SimulationState with k, launches, a potential and a view.

    k defaults to the preset's, else 1. `preset` starts from one of the window's presets (its k, launches and
    view; launches given here are added to its own, k and view override it). `display` sets the plot's layers (colormap=True, n_field_lines=12,
    path_numbers=True, trail="fade", ...). The launches are integrated at once; state.trajectories has them.

    >>> s = setup(k=-1.0, launches=[polar(1.2, 0.5, omega0=0.8)], colormap=True)
    >>> len(s.trajectories), s.display.colormap
    (1, True)
    """
    from app.potentials import prepare_potential
    from app.presets import load_preset
    from app.state import SimulationState

    state = SimulationState(k=1.0 if k is None else float(k), settings=IntegrationSettings(t_max=float(t_max), samples=int(samples)))
    if preset is not None:
        load_preset(state, preset)
        if k is not None:
            state.set_k(float(k))
    if potential is not None:
        state.apply_potential(prepare_potential(potential) if isinstance(potential, str) else potential)
    if view is not None:
        state.set_view(_box(view))
    state.set_theme(theme)
    if display:
        state.set_display(**display)
    launches = list(launches)
    if launches:
        state.add_launches(launches, list(labels) if labels is not None else None)
    return state


def load(path_or_text: str):
    """A session file (saved from the window), or a setup copied as text with Edit ▸ Copy setup, as a state.

    It is read through the same checks as File ▸ Open; a typed potential in it is derived.
    """
    import os

    from app.files.session import apply_session, read_session
    from app.files.share import looks_like_setup, setup_from_text
    from app.state import SimulationState

    text = str(path_or_text)
    session = setup_from_text(text) if looks_like_setup(text) and not os.path.isfile(text) else read_session(text)
    state = SimulationState(k=session.k, settings=session.settings)
    apply_session(state, session)
    return state


def setup_text(state) -> str:
    """A state's setup as one line of text, for Edit ▸ Paste setup in the window (or load)."""
    from app.files.share import setup_to_text

    return setup_to_text(state)


def draw(ax, state, time: float | None = None, theme: str | None = None):
    """Draw the main plot of a state on your matplotlib Axes: field, equipotentials, paths, as the window does.

    `time` is the clock of the paths' ends (default: the end of the longest path); `theme` overrides the
    state's ("default", "presentation" or "print"); the theme colours the Axes and its Figure. Returns the
    app.plotting.PlotLayers that drew it (its artists: .trails, .markers, ...).
    """
    from app.export import _ExportView
    from app.plotting import PlotLayers

    view = _ExportView(state, theme, state.duration if time is None else time)
    layers = PlotLayers(ax, view)
    layers.selected_ring.set_visible(False)
    layers.set_animated(False)
    layers.set_time(view.time)
    return layers


def draw_panel(fig, state, name: str, theme: str | None = None, particle: int | None = None, time: float | None = None) -> str:
    """Draw one of the window's analysis figures (PANELS: regime, pendulum, invariants, scattering) on fig.

    fig is a matplotlib Figure, or a SubFigure (fig.subfigures(...)) to keep it beside your own axes: the
    panel lays out its own axes in it. `particle` (1-based, as the window numbers paths) picks the launch the
    pendulum and invariants show (default: the last). Returns a line that says what it shows.
    """
    from app.figures.export import draw_panel as draw_one
    from app.figures.export import particle_id

    if name not in PANELS:
        raise ValueError(f"unknown panel {name!r}: use one of {', '.join(PANELS)}")
    return draw_one(fig, state, name, theme or state.theme, particle_id(state, particle), time)
