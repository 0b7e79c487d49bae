"""Integrate many launches with the same k, settings and stopping events, all at once.

The point dipole (or any model from physics.derivation) in Sundman time τ, dτ = dt / r², with the
state (r, θ, u = r ṙ, w = r² θ̇, t): the same equations, events and samples as
`physics.dynamics.simulate`, which is what the app's fans, beams and test-charge maps call.

Engines, fastest first:
* "numba": the DOP853 kernel generated from sympy's derivation (physics/compiled.py), compiled by
  numba with cache=True, each launch integrated to its own stop; large batches are shared among
  threads (the kernel releases the GIL).
* "numpy": the same DOP853 step by step, vectorised over the launches with numpy
  (physics/batch_numpy.py), used when numba is missing or DIPOLE_LAB_NO_NUMBA=1.
* "loop": one `simulate` per launch, for solve_ivp methods other than DOP853.
"""

from __future__ import annotations

import math
import os

import numpy as np

from physics.dynamics import (
    COLUMNS,
    MAX_RHS_EVALUATIONS,
    IntegrationSettings,
    Trajectory,
    complete_fall,
    param_values,
    plan_fall,
    seconds_text,
    simulate,
    stall_message,
)
from physics.launch import LaunchState

STOP_CODES = ("t_max", "r_min", "r_max", "failed", "failed", "failed")  # the kernel's codes 0..5
N_OUT = len(COLUMNS) + 1  # the columns, then τ
LAUNCHES_PER_THREAD = 64  # fewer would cost more in thread start-up than they save


def simulate_batch(
    launches: list[LaunchState],
    k: float,
    settings: IntegrationSettings | None = None,
    model=None,
    params: dict | None = None,
) -> list[Trajectory]:
    """One Trajectory per launch, each stopped by its own r_min, r_max or t_max event."""
    settings = settings or IntegrationSettings()
    launches = list(launches)
    _check(launches, k, settings)
    if not launches:
        return []
    from physics.compiled import model_for

    engine = choose_engine(settings)
    try:
        generated = model_for(model)
    except Exception:
        if model is None:
            raise
        generated, engine = None, "loop"  # a model whose functions cannot be printed to a module
    if engine == "loop":
        single = generated if model is None else model  # the cached default model needs no sympy
        return [simulate(launch, k, settings, model=single, params=params) for launch in launches]
    p = np.array(param_values(generated, k, params), dtype=float)
    plans = [plan_fall(launch, k, settings, generated, tuple(p)) for launch in launches]
    if any(plans):
        # falls whose end follows the exact r² law (see physics.dynamics.FallPlan): each is integrated to its own
        # switch time, then completed; the others go through the engine together
        done = iter(simulate_batch([launch for launch, plan in zip(launches, plans) if plan is None], k, settings, model, params))
        return [next(done) if plan is None else
                complete_fall(simulate_batch([launch], k, plan.partial_settings(settings), model, params)[0], plan, settings, generated, tuple(p))
                for launch, plan in zip(launches, plans)]
    # while another thread compiles the kernel (the first run on a cold cache), use the numpy engine
    if engine == "numba" and generated.kernel(wait=False) is not None:
        out, codes, evaluations = _integrate_numba(generated, launches, p, settings)
    else:
        from physics.batch_numpy import integrate_numpy

        out, codes, evaluations = integrate_numpy(generated, _initial_states(launches), p, _config(settings), settings.samples)
    return _trajectories(launches, k, settings, params, out, codes, evaluations)


def choose_engine(settings: IntegrationSettings | None = None) -> str:
    """Which engine simulate_batch uses: "numba", "numpy" or "loop" (see the module's docstring)."""
    from physics.compiled import numba_enabled

    settings = settings or IntegrationSettings()
    if settings.method != "DOP853":
        return "loop"
    return "numba" if numba_enabled() else "numpy"


def preload(model=None) -> str:
    """Load (or generate and compile) the model and its kernel now, e.g. in a background thread at start.

    Returns the engine that simulate_batch will use.
    """
    from physics.compiled import model_for

    generated = model_for(model)
    engine = choose_engine()
    if engine == "numba" and generated.kernel() is None:
        engine = "numpy"
    return engine


def _check(launches, k, settings) -> None:
    try:
        finite = math.isfinite(k)
    except TypeError:
        finite = False
    if not finite:
        raise ValueError(f"k must be a finite number, got {k!r}")
    for i, launch in enumerate(launches):
        if not isinstance(launch, LaunchState):
            raise ValueError(f"launch {i} must be a LaunchState, got {type(launch).__name__}")
        if launch.r0 <= settings.r_min:
            raise ValueError(f"launch {i}: r0 ({launch.r0}) must be larger than r_min ({settings.r_min})")
        if launch.r0 >= settings.r_max:
            raise ValueError(f"launch {i}: r0 ({launch.r0}) must be smaller than r_max ({settings.r_max})")


def _initial_states(launches) -> np.ndarray:
    """Rows (r, θ, u = r ṙ, w = r² θ̇, t = 0), as simulate starts."""
    y0 = np.zeros((len(launches), 5))
    for i, launch in enumerate(launches):
        y0[i, :4] = (launch.r0, launch.theta0, launch.r0 * launch.vr0, launch.r0**2 * launch.omega0)
    return y0


def _config(settings: IntegrationSettings) -> np.ndarray:
    # r ≥ r_min throughout, so t_max is reached by τ = t_max / r_min² at the latest (as in simulate)
    tau_bound = settings.t_max / settings.r_min**2 * 1.01 + 1.0
    return np.array(
        [settings.t_max, settings.r_min, settings.r_max, settings.rtol, settings.atol, tau_bound, float(MAX_RHS_EVALUATIONS)],
        dtype=float,
    )


def _integrate_numba(generated, launches, p, settings):
    n = len(launches)
    y0 = _initial_states(launches)
    out = np.empty((N_OUT, n, settings.samples))
    codes = np.empty(n, dtype=np.int64)
    evaluations = np.empty(n, dtype=np.int64)
    generated.run(y0, p, _config(settings), out, codes, evaluations, threads=_threads(n))
    return out, codes, evaluations


def _threads(n: int) -> int:
    """Threads for n launches: one per core, each with at least LAUNCHES_PER_THREAD launches."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, n // LAUNCHES_PER_THREAD))


def _trajectories(launches, k, settings, params, out, codes, evaluations) -> list[Trajectory]:
    """Trajectory objects from the stacked samples: rows COLUMNS + τ of shape (N, samples)."""
    rows = dict(zip(COLUMNS + ("tau",), out))
    k = float(k)
    params = dict(params or {})
    trajectories = []
    for i, launch in enumerate(launches):
        code = int(codes[i])
        message = ""
        if code == 3:
            message = (
                f"stopped at t = {float(rows['t'][i, -1]):.6g}, r = {float(rows['r'][i, -1]):.3g} after {int(evaluations[i])} "
                f"evaluations (the limit is {MAX_RHS_EVALUATIONS} or {seconds_text()}): the path is kept up to there"
            )
        elif code == 4:
            message = "the integrator stopped: Required step size is less than spacing between numbers."
        elif code == 5:
            message = stall_message([rows["r"][i, -1], rows["theta"][i, -1], 0.0, 0.0, rows["t"][i, -1]])
        trajectories.append(
            Trajectory(
                launch=launch,
                k=k,
                settings=settings,
                stop_reason=STOP_CODES[code],
                t_end=float(rows["t"][i, -1]),
                message=message,
                params=dict(params),
                **{name: row[i] for name, row in rows.items()},
            )
        )
    return trajectories
