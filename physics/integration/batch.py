"""Integrate many launches with the same k, settings and stopping events, all at once.

The point dipole (or any model from physics.derivation) in Sundman time τ, dτ = dt / r², with the
state (r, θ, u = r ṙ, w = r² θ̇, t): the same equations, events and samples as
`scipy_engine.simulate`; this is what the app's fans, beams and test-charge maps call.

Engines, fastest first:
* "numba": the DOP853 kernel of numba_kernel.py, printed with the model into a generated module
  (generated.py) and compiled by numba with cache=True, each launch integrated to its own stop;
  the launches are shared among threads, one per core, in blocks taken in turn (the kernel releases the GIL). It counts evaluations but
  cannot read a clock, so only the evaluations bound its runs.
* "numpy": the same DOP853 step by step, vectorised over the launches with numpy
  (numpy_engine.py), used when numba is missing or DIPOLE_LAB_NO_NUMBA=1.
* "loop": one `simulate` per launch, for solve_ivp methods other than DOP853.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from physics.integration import contract
from physics.integration.contract import (
    N_OUT,
    N_STATE,
    OUT_ROWS,
    OUT_T,
    IntegrationSettings,
    NumericModel,
    Trajectory,
    budget_message,
    config,
    initial_state,
    param_values,
    stall_message,
)
from physics.integration.fall import MAX_SWINGS, complete_fall, plan_fall
from physics.integration.scipy_engine import simulate
from physics.launch import MAX_SIZE, LaunchState

LAUNCHES_PER_THREAD = 8  # fewer would cost more in thread start-up (about 0.1 ms) than they save (a launch: 0.03-0.3 ms)
BLOCK = 64  # launches a thread takes at a time, at most (see _run_shared)
SWEEP_CHUNK_VALUES = 1 << 18  # launches × samples in one chunk of a sweep: 12 rows of 2 MB each (ChunkArrays keeps a few)
SWEEP_CHUNK_LAUNCHES = 4096  # and launches: a chunk is done (shown, stopped after) in a fraction of a second


def simulate_batch(
    launches: list[LaunchState],
    k: float,
    settings: IntegrationSettings | None = None,
    model: NumericModel | None = None,
    params: dict | None = None,
    compile_kernel: bool = True,
) -> list[Trajectory]:
    """One Trajectory per launch, each stopped by its own r_min, r_max or t_max event.

    compile_kernel=False never compiles (nor loads) the compiled kernel here: the numpy engine runs until another
    thread has loaded it. The window's paths ask for that: on a fresh install the first compile takes 10-20 s,
    which the first paths waited for when their worker came to it before the warm-up thread (app/state.py).
    """
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
    plans = _fall_plans(launches, _polar(launches), k, settings, generated, p)
    if any(plans):
        # falls whose end follows the exact r² law (see fall.py): each is integrated to its own
        # switch time, then completed; the others go through the engine together
        done = iter(simulate_batch([launch for launch, plan in zip(launches, plans) if plan is None], k, settings, model, params,
                                   compile_kernel))
        return [next(done) if plan is None else
                complete_fall(simulate_batch([launch], k, plan.partial_settings(settings), model, params, compile_kernel)[0], plan,
                              settings, generated, tuple(p))
                for launch, plan in zip(launches, plans)]
    # while another thread compiles the kernel (the first run on a cold cache), use the numpy engine
    if engine == "numba" and generated.kernel(wait=False, compile=compile_kernel) is not None:
        out, codes, evaluations = _integrate_numba(generated, launches, p, settings)
        timed = False
    else:
        from physics.integration.numpy_engine import integrate_numpy

        out, codes, evaluations = integrate_numpy(generated, _initial_states(launches), p, _config(settings), settings.samples)
        timed = True
    trajectories = _trajectories(launches, k, settings, params, out, codes, evaluations, timed)
    if model is None:
        return trajectories
    from physics.integration.regularised import redo_close_passes

    # near a Coulomb point off the origin only simulate is right (Levi-Civita coordinates): it takes those runs again
    return redo_close_passes(trajectories, model, k, settings, params, simulate)


@dataclass(frozen=True, eq=False)
class SweepChunk:
    """Launches first, first + 1, ... of a sweep: `out`, shape (N_OUT, n, samples), holds the rows OUT_ROWS of
    contract.py (the Trajectory columns, then τ) and `codes` each one's stop code (contract.CODE_REASONS)."""

    first: int
    out: np.ndarray
    codes: np.ndarray
    t_end: np.ndarray  # each launch's stop time (Trajectory.t_end)
    pool: ChunkArrays | None = field(default=None, repr=False)

    def release(self) -> None:
        """The caller is done with `out`: a later chunk of the same sweep may be written into it (sweep's `reuse`)."""
        if self.pool is not None:
            self.pool.give(self.out)


class ChunkArrays:
    """The `out` arrays of a sweep's chunks, each filled again once its chunk is released.

    Fresh memory is dear: the system zeroes each new page on first touch, and on this 2-core VM that took 1.7 s
    of the 2.8 s of processor time of a 20,000-launch sweep (perf: clear_page_erms), more than the launches
    themselves. The kernel writes every row of every launch of a chunk, so what an array held before is never read.
    """

    KEEP = 4  # the chunks alive at once in write_sweep: the one written, one queued, one computed, and a spare

    def __init__(self) -> None:
        self._free: list[np.ndarray] = []
        self._lock = threading.Lock()

    def take(self, shape: tuple[int, ...]) -> np.ndarray:
        with self._lock:
            for i, array in enumerate(self._free):
                if array.shape == shape:
                    return self._free.pop(i)
        return np.empty(shape)

    def give(self, array: np.ndarray) -> None:
        with self._lock:
            if len(self._free) < self.KEEP:
                self._free.append(array)


def sweep(polar: LaunchRows | np.ndarray, k: float, settings: IntegrationSettings | None = None, model: NumericModel | None = None,
          params: dict | None = None, chunk: int | None = None, stop: threading.Event | None = None,
          reuse: bool = False) -> Iterator[SweepChunk]:
    """simulate_batch's samples of launches given as rows (r0, θ0, vr0, omega0), a chunk at a time, in order.

    The same numbers as simulate_batch (each launch is integrated on its own, whatever else is in its
    chunk), with no Trajectory per launch: the kernel writes into the chunk's arrays, which a caller can
    write out as they stand, so a sweep of 10⁶ launches holds one chunk of samples at a time. `chunk`
    bounds launches × samples in one chunk (SWEEP_CHUNK_VALUES when None), SWEEP_CHUNK_LAUNCHES its launches.
    Once `stop` is set (the caller gave up: an error, Ctrl-C) the kernel's threads end after their block and
    no more chunks come. With `reuse`, a chunk's `out` may be filled again for a later chunk once the caller
    calls its release() (write_sweep does, once the chunk is in the file).
    """
    settings = settings or IntegrationSettings()
    polar = polar.polar if isinstance(polar, LaunchRows) else np.asarray(polar, dtype=float).reshape(-1, 4)
    contract.check_k(k)
    _check_polar(polar, settings)
    per_chunk = max(1, min(int(SWEEP_CHUNK_VALUES if chunk is None else chunk) // settings.samples, SWEEP_CHUNK_LAUNCHES))
    pool = ChunkArrays() if reuse else None
    from physics.integration.generated import model_for

    engine = choose_engine(settings)
    generated = None
    if engine == "numba":
        try:
            generated = model_for(model)
        except Exception:
            if model is None:
                raise
        if generated is not None and generated.kernel(wait=False) is None:
            generated = None
        from physics.integration.regularised import regularisation_for

        if generated is not None and model is not None and regularisation_for(model) is not None:
            generated = None  # simulate_batch integrates these one by one (see there)
    for first in range(0, len(polar), per_chunk):
        if stop is not None and stop.is_set():
            return
        part = polar[first:first + per_chunk]
        if generated is None:
            # numpy or the loop: simulate_batch's Trajectories, copied into the chunk's arrays
            yield _pack(first, simulate_batch(_launch_list(part), k, settings, model, params), settings, pool)
        else:
            yield _numba_chunk(first, part, k, settings, generated, model, params, stop, pool)


def _numba_chunk(first, part, k, settings, generated, model, params, stop=None, pool=None) -> SweepChunk:
    """One chunk by the compiled kernel; the falls that plan_fall completes from the r² law as simulate_batch does."""
    n = len(part)
    p = np.array(param_values(generated, k, params), dtype=float)
    plans = _fall_plans(LaunchRows(part), part, k, settings, generated, p)
    out = _new_out((N_OUT, n, settings.samples), pool)
    codes = np.empty(n, dtype=np.int64)
    planned = [i for i, plan in enumerate(plans) if plan is not None]
    rest = np.ones(n, dtype=bool)
    rest[planned] = False
    y0 = _initial_rows(part[rest])
    if len(planned) == 0:
        _run_shared(generated, y0, p, _config(settings), out, codes, stop)
    elif len(y0):
        m = len(y0)
        sub, sub_codes = np.empty((N_OUT, m, settings.samples)), np.empty(m, dtype=np.int64)
        _run_shared(generated, y0, p, _config(settings), sub, sub_codes, stop)
        out[:, rest] = sub
        codes[rest] = sub_codes
    for i in planned:
        launch = LaunchState(*(float(v) for v in part[i]))
        partial = simulate_batch([launch], k, plans[i].partial_settings(settings), model, params)[0]
        _put(out, codes, i, complete_fall(partial, plans[i], settings, generated, tuple(p)))
    t_end = out[OUT_T, :, -1].copy()  # as _trajectories reads it; complete_fall's t_end is its last t too
    return SweepChunk(first, out, codes, t_end, pool)


def _new_out(shape, pool: ChunkArrays | None) -> np.ndarray:
    return np.empty(shape) if pool is None else pool.take(shape)


def _run_shared(generated, y0, p, cfg, out, codes, stop: threading.Event | None = None) -> np.ndarray:
    """The compiled kernel over the rows of y0, in blocks that the threads (one per core) take in turn: a thread
    slowed by other work (the sweep's writing) or given the slower launches leaves the rest to the others, where
    halves fixed in advance would wait for the slower one. Returns each launch's count of evaluations; once
    `stop` is set the threads take no more blocks (what they leave is not computed)."""
    n = len(y0)
    evaluations = np.empty(n, dtype=np.int64)
    threads = _threads(n)
    mod = generated.kernel()
    if threads == 1 or mod is None:
        generated.run(y0, p, cfg, out, codes, evaluations, threads=threads)
        return evaluations
    import itertools

    block = min(BLOCK, max(1, n // (4 * threads)))  # at least four blocks a thread, to even out the ends
    starts = itertools.count(0, block)
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                first = next(starts)
            if first >= n or (stop is not None and stop.is_set()):
                return
            mod.integrate_range(y0, p, cfg, out, codes, evaluations, first, min(first + block, n))

    # the calling thread works too; a helper that starts late finds the blocks taken and returns
    jobs = [_helpers().submit(work) for _ in range(threads - 1)]
    try:
        work()
    finally:
        for job in jobs:
            job.result()
    return evaluations


_helper_pool = None
_helper_lock = threading.Lock()


def _forget_helpers() -> None:
    global _helper_pool, _helper_lock
    _helper_pool, _helper_lock = None, threading.Lock()  # a forked child has none of its parent's threads


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_helpers)


def _helpers():
    """Threads kept for _run_shared (one fewer than the cores): starting threads on every call cost up to
    milliseconds on a busy machine, as much as a fan's whole integration."""
    global _helper_pool
    with _helper_lock:
        if _helper_pool is None:
            from concurrent.futures import ThreadPoolExecutor

            _helper_pool = ThreadPoolExecutor(max_workers=max(1, _cores() - 1), thread_name_prefix="batch-helper")
        return _helper_pool


def _pack(first, trajectories, settings, pool=None) -> SweepChunk:
    out = _new_out((N_OUT, len(trajectories), settings.samples), pool)
    codes = np.empty(len(trajectories), dtype=np.int64)
    for i, tr in enumerate(trajectories):
        _put(out, codes, i, tr)
    return SweepChunk(first, out, codes, np.array([tr.t_end for tr in trajectories], dtype=float), pool)


_REASON_CODES = {reason: contract.CODE_REASONS.index(reason) for reason in contract.CODE_REASONS}  # "failed": the first such code


def _put(out, codes, i, trajectory) -> None:
    for row, name in enumerate(OUT_ROWS):
        out[row, i] = getattr(trajectory, name)
    codes[i] = _REASON_CODES[trajectory.stop_reason]


class LaunchRows(Sequence):
    """Launches held as rows (r0, θ0, vr0, omega0) of a float array (`polar`, shape (N, 4)): 32 bytes a launch
    where a list of LaunchStates takes ten times that. Item i is made into a LaunchState when asked."""

    def __init__(self, polar):
        self.polar = np.asarray(polar, dtype=float).reshape(-1, 4)

    def __len__(self) -> int:
        return len(self.polar)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return LaunchRows(self.polar[i])
        return LaunchState(*(float(v) for v in self.polar[i]))


def _launch_list(polar) -> list[LaunchState]:
    return list(LaunchRows(polar))


def _check_polar(polar, settings) -> None:
    """Every row must make a LaunchState that starts strictly between r_min and r_max (checked row by row only
    where the quick test fails, so the first bad row is refused with LaunchState's own words)."""
    with np.errstate(invalid="ignore"):
        fine = np.isfinite(polar).all(axis=1) & (polar[:, 0] > settings.r_min) & (polar[:, 0] < settings.r_max)
        fine &= (np.abs(polar[:, :3]) <= MAX_SIZE).all(axis=1) & (np.abs(polar[:, 0] * polar[:, 3]) <= MAX_SIZE)
    for i in np.flatnonzero(~fine):
        values = [float(v) for v in polar[i]]
        try:
            launch = LaunchState(*values)
        except ValueError as exc:
            raise ValueError(f"launch {i}: {exc}") from None
        contract.check_launch(launch, settings, label=f"launch {i}: ")


def _fall_plans(launches, polar, k, settings, generated, p) -> list:
    """plan_fall of each launch (None for most), asked only of the launches _may_have_plan picks: those whose
    exact r² law brings them to r_min by t_max with more than a quarter of fall.MAX_SWINGS swings on the way."""
    plans = [None] * len(polar)
    if getattr(generated, "C", None) is None:
        return plans  # plan_fall plans only where the r² law holds, which C's existence stands for
    for i in _may_have_plan(polar, k, settings, generated, p):
        plans[i] = plan_fall(launches[i], k, settings, generated, tuple(p))
    return plans


def _may_have_plan(polar, k, settings, generated, p) -> np.ndarray:
    """Indices of a superset of the launches plan_fall gives a plan, found with numpy: the others do not reach
    r_min on [0, t_max] by the r² law (with a margin), or reach it with less than half the swings plan_fall
    allows (the pendulum's phase by the closed form of τ at the fall, bounded as plan_fall bounds it). C near 0
    (read as 0 by plan_fall), values that are not finite and r_min too small for the closed form keep a launch in."""
    r0, theta0, vr0, omega0 = polar.T
    t_max, r_min = settings.t_max, settings.r_min
    with np.errstate(all="ignore"):
        E = np.broadcast_to(np.asarray(generated.energy(r0, theta0, vr0, omega0, *p), dtype=float), r0.shape)
        C = np.broadcast_to(np.asarray(generated.C(r0, theta0, vr0, omega0, *p), dtype=float), r0.shape)
        a, b, c = 2.0 * E, 2.0 * r0 * vr0, r0 * r0
        # the lowest r² on [0, t_max]: at an end, or at the vertex of the parabola
        vertex = np.clip(np.where(a > 0, -b / (2.0 * a), 0.0), 0.0, t_max)
        lowest = np.minimum(np.minimum(c, (a * t_max + b) * t_max + c), (a * vertex + b) * vertex + c)
        slack = 1e-9 * (c + np.abs(b) * t_max + np.abs(a) * t_max**2)
        scale = np.maximum(np.maximum(np.abs(C), (r0 * r0 * omega0) ** 2), max(abs(float(k)), 1e-300))
        skip = (lowest > r_min**2 + slack) & (np.abs(C) > 1e-9 * scale)
        # the first t > 0 with r² = r_min², then τ there (physics.exact.sundman_time's closed form)
        c_fall = c - r_min**2
        disc = b * b - 4.0 * a * c_fall
        q = -0.5 * (b + np.copysign(np.sqrt(disc), b))
        roots = np.stack([np.where(a != 0, q / a, -c_fall / b), np.where(a != 0, c_fall / q, np.nan)])
        t_fall = np.min(np.where(roots > 0, roots, np.inf), axis=0)
        D = b * b - 4.0 * a * c
        den = 2.0 * c + b * t_fall
        root_d = np.sqrt(np.abs(D))
        tau = np.where(D < 0, 2.0 / root_d * np.arctan2(root_d * t_fall, den),
                       np.where(D > 0, 2.0 / root_d * np.arctanh(root_d * t_fall / den), t_fall / (c + b * t_fall / 2)))
        theta = np.linspace(-math.pi, math.pi, 73)
        f = np.broadcast_to(np.asarray(generated.C(1.0, theta, 0.0, 0.0, *p), dtype=float), theta.shape)
        spread = float(np.nanmax(f) - np.nanmin(f)) if np.isfinite(f).any() else 0.0
        phase = np.sqrt(2.0 * spread + 2.0 * np.abs(C)) * tau
        few_swings = (phase <= 0.5 * 2.0 * math.pi * MAX_SWINGS) & (r_min**2 >= 1e-8 * c) & (np.abs(C) > 1e-9 * scale)
    return np.flatnonzero(~(skip | few_swings))


def _initial_rows(polar) -> np.ndarray:
    """initial_state of each polar row, (r, θ, u = r ṙ, w = r² θ̇, t = 0), as simulate starts."""
    y0 = np.zeros((len(polar), N_STATE))
    r0 = polar[:, 0]
    y0[:, 0] = r0
    y0[:, 1] = polar[:, 1]
    y0[:, 2] = r0 * polar[:, 2]
    # Python's r0**2 (libm's pow, not always the correctly rounded r0 * r0 that numpy's square is), as initial_state has it
    y0[:, 3] = np.fromiter((r**2 for r in r0.tolist()), dtype=float, count=len(r0)) * polar[:, 3]
    return y0


def _polar(launches) -> np.ndarray:
    return np.array([(launch.r0, launch.theta0, launch.vr0, launch.omega0) for launch in launches], dtype=float).reshape(-1, 4)


def choose_engine(settings: IntegrationSettings | None = None) -> str:
    """Which engine simulate_batch uses: "numba", "numpy" or "loop" (see the module's docstring)."""
    from physics.integration.generated import numba_enabled

    settings = settings or IntegrationSettings()
    if settings.method != "DOP853":
        return "loop"
    return "numba" if numba_enabled() else "numpy"


def runs_compiled(settings: IntegrationSettings | None = None, model: NumericModel | None = None) -> bool:
    """True if simulate_batch would run the compiled kernel at once: it is loaded, so a few launches take
    milliseconds (the numpy engine or the loop take a tenth of a second and more each, in Python). Never loads,
    compiles or derives anything: False while that is still to do or under way."""
    from physics.integration.generated import loaded_model

    try:
        found = loaded_model(model)
    except Exception:  # a model whose key cannot be made: simulate_batch takes the loop
        return False
    # a loaded kernel means numba is imported: choose_engine's check of it is quick then
    return found is not None and found.kernel_loaded and choose_engine(settings) == "numba"


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
    evaluations = _run_shared(generated, y0, p, _config(settings), out, codes)
    return out, codes, evaluations


def _threads(n: int) -> int:
    """Threads for n launches: one per core, each with at least LAUNCHES_PER_THREAD launches."""
    return max(1, min(_cores(), n // LAUNCHES_PER_THREAD))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


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
