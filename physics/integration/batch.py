"""Integrate many launches with the same k, settings and stopping events, all at once.

The point dipole (or any model from physics.derivation) in Sundman time τ, dτ = dt / r², with the
state (r, θ, u = r ṙ, w = r² θ̇, t): the same equations, events and samples as
`scipy_engine.simulate`; this is what the app's fans, beams and test-charge maps call.

Engines, fastest first:
* "numba": the DOP853 kernel of numba_kernel.py, printed with the model into a generated module
  (generated.py) and compiled by numba with cache=True, each launch integrated to its own stop;
  large batches are shared among threads (the kernel releases the GIL). It counts evaluations but
  cannot read a clock, so only the evaluations bound its runs.
* "numpy": the same DOP853 step by step, vectorised over the launches with numpy
  (numpy_engine.py), used when numba is missing or DIPOLE_LAB_NO_NUMBA=1.
* "loop": one `simulate` per launch, for solve_ivp methods other than DOP853.
"""

from __future__ import annotations

import os

import numpy as np

from physics.integration import contract
from physics.integration.contract import (
    N_OUT,
    N_STATE,
    OUT_ROWS,
    IntegrationSettings,
    NumericModel,
    Trajectory,
    budget_message,
    config,
    initial_state,
    param_values,
    stall_message,
)
from physics.integration.fall import complete_fall, plan_fall
from physics.integration.scipy_engine import simulate
from physics.launch import LaunchState

LAUNCHES_PER_THREAD = 64  # fewer would cost more in thread start-up than they save


def simulate_batch(
    launches: list[LaunchState],
    k: float,
    settings: IntegrationSettings | None = None,
    model: NumericModel | None = None,
    params: dict | None = None,
) -> list[Trajectory]:
    """One Trajectory per launch, each stopped by its own r_min, r_max or t_max event."""
    settings = settings or IntegrationSettings()
    launches = list(launches)
    _check(launches, k, settings)
    if not launches:
        return []
    from physics.integration.generated import model_for

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
        # falls whose end follows the exact r² law (see fall.py): each is integrated to its own
        # switch time, then completed; the others go through the engine together
        done = iter(simulate_batch([launch for launch, plan in zip(launches, plans) if plan is None], k, settings, model, params))
        return [next(done) if plan is None else
                complete_fall(simulate_batch([launch], k, plan.partial_settings(settings), model, params)[0], plan, settings, generated, tuple(p))
                for launch, plan in zip(launches, plans)]
    # while another thread compiles the kernel (the first run on a cold cache), use the numpy engine
    if engine == "numba" and generated.kernel(wait=False) is not None:
        out, codes, evaluations = _integrate_numba(generated, launches, p, settings)
        timed = False
    else:
        from physics.integration.numpy_engine import integrate_numpy

        out, codes, evaluations = integrate_numpy(generated, _initial_states(launches), p, _config(settings), settings.samples)
        timed = True
    return _trajectories(launches, k, settings, params, out, codes, evaluations, timed)


def choose_engine(settings: IntegrationSettings | None = None) -> str:
    """Which engine simulate_batch uses: "numba", "numpy" or "loop" (see the module's docstring)."""
    from physics.integration.generated import numba_enabled

    settings = settings or IntegrationSettings()
    if settings.method != "DOP853":
        return "loop"
    return "numba" if numba_enabled() else "numpy"


def preload(model=None) -> str:
    """Load (or generate and compile) the model and its kernel now, e.g. in a background thread at start.

    Returns the engine that simulate_batch will use.
    """
    from physics.integration.generated import model_for

    generated = model_for(model)
    engine = choose_engine()
    if engine == "numba" and generated.kernel() is None:
        engine = "numpy"
    return engine


def _check(launches, k, settings) -> None:
    contract.check_k(k)
    for i, launch in enumerate(launches):
        if not isinstance(launch, LaunchState):
            raise ValueError(f"launch {i} must be a LaunchState, got {type(launch).__name__}")
        contract.check_launch(launch, settings, label=f"launch {i}: ")


def _initial_states(launches) -> np.ndarray:
    """One row initial_state(launch) per launch, as simulate starts."""
    return np.array([initial_state(launch) for launch in launches], dtype=float).reshape(-1, N_STATE)


def _config(settings: IntegrationSettings) -> np.ndarray:
    return config(settings, contract.MAX_RHS_EVALUATIONS)


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


def _trajectories(launches, k, settings, params, out, codes, evaluations, timed) -> list[Trajectory]:
    """Trajectory objects from the stacked samples: rows OUT_ROWS of shape (N, samples).

    `timed`: the engine also stopped runs on the clock (numpy), which its budget message then names.
    """
    rows = dict(zip(OUT_ROWS, out))
    k = float(k)
    params = dict(params or {})
    trajectories = []
    for i, launch in enumerate(launches):
        code = int(codes[i])
        t_end, r_end = float(rows["t"][i, -1]), float(rows["r"][i, -1])
        message = ""
        if code == contract.BUDGET:
            message = budget_message(t_end, r_end, int(evaluations[i]), contract.MAX_RHS_EVALUATIONS, timed)
        elif code == contract.TOO_SMALL_STEP:
            message = contract.TOO_SMALL_STEP_MESSAGE
        elif code == contract.STALLED:
            message = stall_message(r_end, float(rows["theta"][i, -1]), t_end)
        trajectories.append(
            Trajectory(
                launch=launch,
                k=k,
                settings=settings,
                stop_reason=contract.CODE_REASONS[code],
                t_end=t_end,
                message=message,
                params=dict(params),
                **{name: row[i] for name, row in rows.items()},
            )
        )
    return trajectories
