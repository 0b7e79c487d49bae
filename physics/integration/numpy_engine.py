"""The batch engine without numba: DOP853 in Sundman time, vectorised over the launches with numpy.

The same method as the numba kernel (numba_kernel.py) and as scipy's DOP853 in
`scipy_engine.simulate`: each launch keeps its own step size, accepts or rejects its own steps
and stops at its own event (r_min, r_max, t_max), but the launches still running take their steps
together, so numpy's per-call cost is shared. The right-hand side, the energy and C are the
generated numpy functions of the model (printed from sympy's derivation).
"""

from __future__ import annotations

import numpy as np
from scipy.integrate._ivp import dop853_coefficients as dop

from physics import pace
from physics.integration import contract
from physics.integration.contract import N_OUT, N_STAGES, N_STAGES_DENSE, N_STATE, RECORD, columns_from_states, counts_towards_stall, run_deadline

CHUNK = 256  # launches sampled at once: bounds the memory of the gathered dense outputs


def _rhs(model, y: np.ndarray, p) -> np.ndarray:
    """dy/dτ for rows y = (r, θ, u, w, t); dt/dτ = r²."""
    r, th, u, w = y[:, 0], y[:, 1], y[:, 2], y[:, 3]
    out = np.empty_like(y)
    for c, value in enumerate(model.sundman(r, th, u, w, *p)):
        out[:, c] = value
    out[:, 4] = r * r
    return out


def _combine(weights: np.ndarray, stages: np.ndarray) -> np.ndarray:
    """Σ_j weights[j] stages[j] for stages of shape (j, m, 5), as one matrix product."""
    return (weights @ stages.reshape(len(weights), -1)).reshape(stages.shape[1:])


def _rms(x: np.ndarray) -> np.ndarray:
    return np.sqrt(np.sum(x * x, axis=1)) / np.sqrt(N_STATE)


def _initial_step(model, y0, f0, p, tau_bound, rtol, atol):
    """scipy's select_initial_step for DOP853 (order 7), row by row."""
    scale = atol + np.abs(y0) * rtol
    d0 = _rms(y0 / scale)
    d1 = _rms(f0 / scale)
    h0 = np.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / np.where(d1 > 0, d1, 1.0))
    h0 = np.minimum(h0, tau_bound)
    f1 = _rhs(model, y0 + h0[:, None] * f0, p)
    d2 = _rms((f1 - f0) / scale) / h0
    small = (d1 <= 1e-15) & (d2 <= 1e-15)
    with np.errstate(divide="ignore"):
        h1 = np.where(small, np.maximum(1e-6, h0 * 1e-3), (0.01 / np.maximum(d1, d2)) ** (1.0 / 8.0))
    return np.minimum(np.minimum(100 * h0, h1), tau_bound)


def _dense(columns: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """Dense output (scipy's Dop853DenseOutput) of each step at its own τ; rows of 5 values.

    columns: the step records transposed, shape (RECORD, m), so that each field is contiguous.
    """
    return np.column_stack([_dense_component(columns, tau, c) for c in range(N_STATE)])


def _dense_component(columns: np.ndarray, tau: np.ndarray, c: int) -> np.ndarray:
    x = (tau - columns[0]) / columns[1]
    y = np.zeros(len(tau))
    for i in range(7):
        y += columns[2 + N_STATE + (6 - i) * N_STATE + c]
        y *= x if i % 2 == 0 else 1.0 - x
    return y + columns[2 + c]


def _event_roots(records, c, level, a, b):
    """τ in [a, b] where component c of each record's dense output equals level (Illinois' method)."""
    records = np.ascontiguousarray(records.T)
    fa = _dense_component(records, a, c) - level
    fb = _dense_component(records, b, c) - level
    root = np.where(np.abs(fb) <= np.abs(fa), b, a)  # for a step whose interpolant does not cross
    todo = (fa != 0) & (fb != 0) & ((fa < 0) != (fb < 0))
    root[fa == 0] = a[fa == 0]
    root[fb == 0] = b[fb == 0]
    a, b, fa, fb = a.copy(), b.copy(), fa.copy(), fb.copy()
    for _ in range(200):
        if not todo.any():
            break
        idx = np.nonzero(todo)[0]
        ai, bi, fai, fbi = a[idx], b[idx], fa[idx], fb[idx]
        with np.errstate(all="ignore"):
            x = (ai * fbi - bi * fai) / (fbi - fai)
        lo, hi = np.minimum(ai, bi), np.maximum(ai, bi)
        bad = ~((x > lo) & (x < hi))
        x[bad] = 0.5 * (ai[bad] + bi[bad])
        fx = _dense_component(records[:, idx], x, c) - level
        same = (fx < 0) == (fbi < 0)
        # Illinois: keep the old end point and halve its value when the new one falls on b's side
        new_a = np.where(same, ai, bi)
        new_fa = np.where(same, 0.5 * fai, fbi)
        a[idx], fa[idx], b[idx], fb[idx] = new_a, new_fa, x, fx
        done = (fx == 0) | (np.abs(x - new_a) <= 4 * contract.EPS * np.abs(x) + 4 * contract.EPS)
        root[idx[done]] = x[done]
        todo[idx[done]] = False
    root[todo] = b[todo]
    return root


def integrate_numpy(model, y0s: np.ndarray, p, cfg: np.ndarray, samples: int):
    """Integrate every row of y0s; returns (out, stop codes, evaluations) like the numba kernel.

    out has shape (N_OUT, N, samples): the rows OUT_ROWS (the Trajectory columns, then τ).
    """
    p = tuple(float(v) for v in p)
    t_max, r_min, r_max = float(cfg[contract.CFG_T_MAX]), float(cfg[contract.CFG_R_MIN]), float(cfg[contract.CFG_R_MAX])
    rtol, atol, tau_bound = float(cfg[contract.CFG_RTOL]), float(cfg[contract.CFG_ATOL]), float(cfg[contract.CFG_TAU_BOUND])
    max_evaluations = float(cfg[contract.CFG_MAX_EVALUATIONS])
    n = len(y0s)
    A, B, E3, E5, D = dop.A, dop.B, dop.E3, dop.E5, dop.D
    codes = np.full(n, -1, dtype=np.int64)
    evaluations = np.full(n, 2, dtype=np.int64)
    tau_end = np.zeros(n)
    y_end = np.zeros((n, N_STATE))
    # launches still running, by their index in y0s
    idx = np.arange(n)
    y = np.array(y0s, dtype=float)
    f = _rhs(model, y, p)
    with np.errstate(all="ignore"):
        h_abs = _initial_step(model, y, f, p, tau_bound, rtol, atol)
    tau = np.zeros(n)
    fresh = np.ones(n, dtype=bool)  # about to start a new step (not retrying a rejected one)
    rejected = np.zeros(n, dtype=bool)
    small_steps = np.zeros(n, dtype=np.int64)  # accepted steps in a row that count towards a stall (see contract.STALL_STEPS)
    largest_step = np.zeros(n)  # in τ
    largest_dt = np.zeros(n)
    g = np.column_stack([y[:, 0] - r_min, y[:, 0] - r_max, y[:, 4] - t_max])
    record_chunks, owner_chunks = [], []
    # bounded in seconds as well as evaluations, as simulate is: vectorised steps cost far more than the kernel's
    deadline = run_deadline()
    while len(idx):
        pace.pause()  # the window's draw goes first (physics/pace.py)
        m = len(idx)
        late = pace.clock() > deadline
        min_step = 10 * np.abs(np.nextafter(tau, np.inf) - tau)
        h_abs = np.where(fresh & (h_abs < min_step), min_step, h_abs)
        rejected &= ~fresh
        too_small = h_abs < min_step
        if too_small.any():
            stop = np.nonzero(too_small)[0]
            codes[idx[stop]] = contract.TOO_SMALL_STEP
            tau_end[idx[stop]] = tau[stop]
            y_end[idx[stop]] = y[stop]
        tau_new = np.minimum(tau + h_abs, tau_bound)
        h = tau_new - tau
        h_abs = np.abs(h)
        Km = np.empty((N_STAGES_DENSE, m, N_STATE))
        Km[0] = f
        with np.errstate(all="ignore"):
            for s in range(1, N_STAGES):
                Km[s] = _rhs(model, y + _combine(A[s, :s], Km[:s]) * h[:, None], p)
            y_new = y + h[:, None] * _combine(B, Km[:N_STAGES])
            Km[N_STAGES] = _rhs(model, y_new, p)
            scale = atol + np.maximum(np.abs(y), np.abs(y_new)) * rtol
            err5 = np.sum((_combine(E5, Km[: N_STAGES + 1]) / scale) ** 2, axis=1)
            err3 = np.sum((_combine(E3, Km[: N_STAGES + 1]) / scale) ** 2, axis=1)
            zero = (err5 == 0) & (err3 == 0)
            error_norm = np.where(zero, 0.0, h_abs * err5 / np.sqrt((err5 + 0.01 * err3) * N_STATE))
            shrink = contract.SAFETY * error_norm**contract.ERROR_EXPONENT
            grow = np.where(error_norm == 0, contract.MAX_FACTOR, np.minimum(contract.MAX_FACTOR, shrink))
        evaluations[idx] += N_STAGES
        grow = np.where(rejected, np.minimum(1.0, grow), grow)
        shrink = np.where(shrink > contract.MIN_FACTOR, shrink, contract.MIN_FACTOR)  # also when the error is nan
        accepted = (error_norm < 1) & ~too_small
        h_abs = np.where(accepted, h_abs * grow, h_abs * shrink)
        rejected |= ~accepted
        fresh = accepted.copy()
        acc = np.nonzero(accepted)[0]
        if len(acc):
            Ka = Km[:, acc] if len(acc) < m else Km
            ya, ha = y[acc], h[acc, None]
            with np.errstate(all="ignore"):
                for s in range(N_STAGES + 1, N_STAGES_DENSE):
                    Ka[s] = _rhs(model, ya + _combine(A[s, :s], Ka[:s]) * ha, p)
            evaluations[idx[acc]] += 3
            dy = y_new[acc] - ya
            rows = np.empty((len(acc), 8, N_STATE))  # y, then the 7 rows of scipy's Dop853DenseOutput
            rows[:, 0] = ya
            rows[:, 1] = dy
            rows[:, 2] = ha * Ka[0] - dy
            rows[:, 3] = 2 * dy - ha * (Ka[N_STAGES] + Ka[0])
            rows[:, 4:] = (ha[None] * (D @ Ka.reshape(N_STAGES_DENSE, -1)).reshape(4, len(acc), N_STATE)).transpose(1, 0, 2)
            rec = np.empty((len(acc), RECORD))
            rec[:, 0] = tau[acc]
            rec[:, 1] = h[acc]
            rec[:, 2:] = rows.reshape(len(acc), -1)
            record_chunks.append(rec)
            owner_chunks.append(idx[acc])
            g_new = np.column_stack([y_new[acc, 0] - r_min, y_new[acc, 0] - r_max, y_new[acc, 4] - t_max])
            g_old = g[acc]
            crossed = np.column_stack(
                [
                    (g_old[:, 0] >= 0) & (g_new[:, 0] <= 0),
                    (g_old[:, 1] <= 0) & (g_new[:, 1] >= 0),
                    (g_old[:, 2] <= 0) & (g_new[:, 2] >= 0),
                ]
            )
            roots = np.full((len(acc), 3), np.inf)
            for e, (c, level) in enumerate(((0, r_min), (0, r_max), (4, t_max))):
                hit = np.nonzero(crossed[:, e])[0]
                if len(hit):
                    roots[hit, e] = _event_roots(rec[hit], c, level, tau[acc][hit], tau_new[acc][hit])
            first = np.argmin(roots, axis=1)  # the earliest event; ties go to the lower code, as in the kernel
            has_event = crossed.any(axis=1)
            event_code = np.array([contract.R_MIN, contract.R_MAX, contract.T_MAX])[first]
            ev = np.nonzero(has_event)[0]
            if len(ev):
                root = roots[ev, first[ev]]
                codes[idx[acc[ev]]] = event_code[ev]
                tau_end[idx[acc[ev]]] = root
                y_end[idx[acc[ev]]] = _dense(np.ascontiguousarray(rec[ev].T), root)
            step, dt = np.abs(h[acc]), np.abs(y_new[acc, 4] - y[acc, 4])
            largest_step[acc] = np.maximum(largest_step[acc], step)
            largest_dt[acc] = np.maximum(largest_dt[acc], dt)
            small = counts_towards_stall(step, tau_new[acc], dt, largest_step[acc], largest_dt[acc])
            small_steps[acc] = np.where(small, small_steps[acc] + 1, 0)
            over = ~has_event & ((evaluations[idx[acc]] > max_evaluations) | late)
            at_bound = ~has_event & ~over & (tau_new[acc] == tau_bound)
            stalled = ~has_event & ~over & ~at_bound & (small_steps[acc] >= contract.STALL_STEPS)
            for mask, code in ((over, contract.BUDGET), (at_bound, contract.T_MAX), (stalled, contract.STALLED)):
                sel = np.nonzero(mask)[0]
                if len(sel):
                    codes[idx[acc[sel]]] = code
                    tau_end[idx[acc[sel]]] = tau_new[acc[sel]]
                    y_end[idx[acc[sel]]] = y_new[acc[sel]]
            tau[acc] = tau_new[acc]
            y[acc] = y_new[acc]
            f[acc] = Km[N_STAGES, acc]
            g[acc] = g_new
        keep = codes[idx] < 0
        idx, y, f, tau, h_abs, g = idx[keep], y[keep], f[keep], tau[keep], h_abs[keep], g[keep]
        small_steps, largest_step, largest_dt = small_steps[keep], largest_step[keep], largest_dt[keep]
        fresh, rejected = fresh[keep], rejected[keep]
    y_end[codes == contract.T_MAX, 4] = t_max
    y_end[codes == contract.R_MIN, 0] = r_min
    y_end[codes == contract.R_MAX, 0] = r_max
    if record_chunks:
        records = np.concatenate(record_chunks)
        owners = np.concatenate(owner_chunks)
    else:
        records, owners = np.empty((0, RECORD)), np.empty(0, dtype=np.int64)
    out = _sample(model, p, records, owners, np.asarray(y0s, dtype=float), y_end, tau_end, samples)
    return out, codes, evaluations


def _sample(model, p, records, owners, y0s, y_end, tau_end, samples):
    """Samples at t = linspace(0, t_end, samples) by Newton's method on t(τ) (dt/dτ = r²), chunk by chunk."""
    n = len(y0s)
    out = np.empty((N_OUT, n, samples))
    order = np.argsort(owners, kind="stable")  # by launch, each in step order
    records = records[order]
    owners = owners[order]
    starts = np.searchsorted(owners, np.arange(n + 1))
    # each step's end node: the next step's start, or the stop for a launch's last step
    last = np.zeros(len(records), dtype=bool)
    last[starts[1:][starts[1:] > starts[:-1]] - 1] = True
    end_tau = np.append(records[1:, 0], 0.0)
    end_t = np.append(records[1:, 2 + 4], 0.0)
    end_r = np.append(records[1:, 2], 0.0)
    end_tau[last] = tau_end[owners[last]]
    end_t[last] = y_end[owners[last], 4]
    end_r[last] = y_end[owners[last], 0]
    columns = np.ascontiguousarray(records.T)
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        t_grid = np.linspace(0.0, y_end[lo:hi, 4], samples, axis=1)
        states = np.repeat(y0s[lo:hi, None, :], samples, axis=1)
        taus = np.zeros((hi - lo, samples))
        # the step of each sample: the last one that starts at or before its time
        segment = np.full((hi - lo, samples), -1)
        for i in range(lo, hi):
            a, b = starts[i], starts[i + 1]
            if b > a:
                local = np.searchsorted(records[a:b, 2 + 4], t_grid[i - lo], side="right") - 1
                segment[i - lo] = a + np.clip(local, 0, b - a - 1)
        found = segment >= 0
        if found.any():
            k = segment[found]
            taus[found], states[found] = _newton(columns[:, k], end_tau[k], end_t[k], end_r[k], t_grid[found])
        states[:, 0] = y0s[lo:hi]
        taus[:, 0] = 0.0
        states[:, -1] = y_end[lo:hi]
        taus[:, -1] = tau_end[lo:hi]
        states[:, :, 4] = t_grid
        _columns(model, p, states, taus, out[:, lo:hi])
    return out


def _newton(seg, hi_tau, hi_t, hi_r, t_target):
    """τ and states where the dense output of each step reaches t_target (as scipy_engine._uniform_in_t).

    seg: the steps' records transposed, shape (RECORD, m).
    """
    lo_tau, lo_t, lo_r = seg[0], seg[2 + 4], seg[2]
    hi_t = np.maximum(hi_t, lo_t)
    span = np.where(hi_t > lo_t, hi_t - lo_t, 1.0)
    q = np.clip((t_target - lo_t) / span, 0.0, 1.0)
    q2, q3 = q * q, q * q * q
    # cubic Hermite guess for τ(t), whose slopes are 1/r² at both ends
    tau = (2 * q3 - 3 * q2 + 1) * lo_tau + (q3 - 2 * q2 + q) * span / lo_r**2 + (3 * q2 - 2 * q3) * hi_tau + (q3 - q2) * span / hi_r**2
    tau = np.clip(tau, lo_tau, hi_tau)
    for _ in range(12):
        t_here = _dense_component(seg, tau, 4)
        r_here = _dense_component(seg, tau, 0)
        tau_next = np.clip(tau - (t_here - t_target) / np.maximum(r_here**2, 1e-300), lo_tau, hi_tau)
        done = np.all(np.abs(tau_next - tau) <= 1e-7 * (hi_tau - lo_tau))
        tau = tau_next
        if done:
            break
    return tau, _dense(seg, tau)


def _columns(model, p, states, taus, out):
    """The rows OUT_ROWS from states (r, θ, u, w, t) of shape (launches, samples, 5) and their τ."""
    with np.errstate(all="ignore"):
        values = columns_from_states(model, p, *(states[:, :, c] for c in range(N_STATE)))
    for row, value in enumerate((*values, taus)):
        out[row] = value
