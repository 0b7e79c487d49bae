"""DOP853 in Sundman time for many launches at once: the source of the generated, compiled kernel.

State (r, θ, u = r ṙ, w = r² θ̇, t) in τ, dτ = dt / r²; the right-hand side (dr/dτ, dθ/dτ, du/dτ,
dw/dτ) comes from sympy's derivation and dt/dτ = r². This file is not imported by the app: its text
is copied into a module under the cache folder (generated.py), with the block between the
`<generated>` markers replaced by the sympy-printed right-hand side, scipy's DOP853 tables, and the
constants and the stall rule of contract.py printed as they stand there (here they are imported, so
the file reads as what it becomes); the functions named in JIT_FUNCTIONS are then compiled by numba
with cache=True.

Each launch follows scipy's DOP853 step by step (same initial step, error norm, step control,
dense output and event location by Brent's method on the dense output), so it matches
`scipy_engine.simulate` at the same tolerances. Every accepted step's dense output is kept
until the stop is known, then the samples uniform in t are found by Newton's method on t(τ).
"""

import math

import numpy as np

# <generated>
from physics.integration.contract import (  # printed as values into the generated module
    BUDGET,
    CFG_ATOL,
    CFG_MAX_EVALUATIONS,
    CFG_R_MAX,
    CFG_R_MIN,
    CFG_RTOL,
    CFG_T_MAX,
    CFG_TAU_BOUND,
    EPS,
    ERROR_EXPONENT,
    MAX_FACTOR,
    MIN_FACTOR,
    N_STAGES,
    N_STAGES_DENSE,
    N_STATE,
    OUT_C,
    OUT_ENERGY,
    OUT_OMEGA,
    OUT_R,
    OUT_T,
    OUT_TAU,
    OUT_THETA,
    OUT_VR,
    OUT_VX,
    OUT_VY,
    OUT_X,
    OUT_Y,
    R_MAX,
    R_MIN,
    RECORD,
    SAFETY,
    STALL_STEPS,
    STALLED,
    T_MAX,
    TOO_SMALL_STEP,
    counts_towards_stall,
)

PARAMS = ()
_A = np.zeros((16, 16))
_B = np.zeros(12)
_E3 = np.zeros(13)
_E5 = np.zeros(13)
_D = np.zeros((4, 16))


def _sundman_p(r, theta, u, w, p):
    raise NotImplementedError("replaced by the right-hand side printed from sympy's derivation")


def _energy_p(r, theta, r_dot, theta_dot, p):
    raise NotImplementedError("replaced by the energy printed from sympy's derivation")


def _C_p(r, theta, r_dot, theta_dot, p):
    raise NotImplementedError("replaced by the second invariant printed from sympy's derivation (nan if none)")


# </generated>

JIT_FUNCTIONS = (
    "_sundman_p",
    "_energy_p",
    "_C_p",
    "counts_towards_stall",
    "_rhs",
    "_stage",
    "_initial_step",
    "_interpolate",
    "_interpolate_one",
    "_interpolate_t_r",
    "_event_root",
    "_store",
    "_sample",
    "_integrate_one",
    "integrate_range",
)

def _rhs(y, p, out):
    dr, dth, du, dw = _sundman_p(y[0], y[1], y[2], y[3], p)
    out[0] = dr
    out[1] = dth
    out[2] = du
    out[3] = dw
    out[4] = y[0] * y[0]


def _stage(K, y, h, s, out):
    """The state at which stage s evaluates the right-hand side: y + h Σ_j<s A[s, j] K[j]."""
    for c in range(N_STATE):
        acc = 0.0
        for j in range(s):
            acc += K[j, c] * _A[s, j]
        out[c] = y[c] + acc * h


def _initial_step(y0, f0, p, tau_bound, rtol, atol, work, f1):
    """scipy's select_initial_step for DOP853 (order 7, no max_step), from τ = 0."""
    d0 = 0.0
    d1 = 0.0
    for c in range(N_STATE):
        scale = atol + abs(y0[c]) * rtol
        d0 += (y0[c] / scale) ** 2
        d1 += (f0[c] / scale) ** 2
    d0 = math.sqrt(d0) / math.sqrt(N_STATE)
    d1 = math.sqrt(d1) / math.sqrt(N_STATE)
    if d0 < 1e-5 or d1 < 1e-5:
        h0 = 1e-6
    else:
        h0 = 0.01 * d0 / d1
    h0 = min(h0, tau_bound)
    for c in range(N_STATE):
        work[c] = y0[c] + h0 * f0[c]
    _rhs(work, p, f1)
    d2 = 0.0
    for c in range(N_STATE):
        scale = atol + abs(y0[c]) * rtol
        d2 += ((f1[c] - f0[c]) / scale) ** 2
    d2 = math.sqrt(d2) / math.sqrt(N_STATE) / h0
    if d1 <= 1e-15 and d2 <= 1e-15:
        h1 = max(1e-6, h0 * 1e-3)
    else:
        h1 = (0.01 / max(d1, d2)) ** (1.0 / 8.0)
    return min(100 * h0, h1, tau_bound)


def _interpolate_one(rec, k, tau, c):
    """Component c of the dense output of step k at τ (scipy's Dop853DenseOutput)."""
    x = (tau - rec[k, 0]) / rec[k, 1]
    y = 0.0
    for i in range(7):
        y += rec[k, 2 + N_STATE + (6 - i) * N_STATE + c]
        if i % 2 == 0:
            y *= x
        else:
            y *= 1.0 - x
    return y + rec[k, 2 + c]


def _interpolate(rec, k, tau, out):
    for c in range(N_STATE):
        out[c] = _interpolate_one(rec, k, tau, c)


def _event_root(rec, k, c, level, a, b):
    """The τ in [a, b] where component c of step k's dense output equals level (scipy's brentq)."""
    xtol = 4 * EPS
    rtol = 4 * EPS
    xpre, xcur = a, b
    fpre = _interpolate_one(rec, k, xpre, c) - level
    fcur = _interpolate_one(rec, k, xcur, c) - level
    if fpre == 0.0:
        return xpre
    if fcur == 0.0:
        return xcur
    if (fpre < 0.0) == (fcur < 0.0):
        # the step's end values crossed the level but the interpolant rounds to one side
        return b if abs(fcur) <= abs(fpre) else a
    xblk = 0.0
    fblk = 0.0
    spre = 0.0
    scur = 0.0
    for _ in range(100):
        if fpre != 0.0 and fcur != 0.0 and (fpre < 0.0) != (fcur < 0.0):
            xblk = xpre
            fblk = fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre = xcur
            xcur = xblk
            xblk = xpre
            fpre = fcur
            fcur = fblk
            fblk = fpre
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0.0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            else:
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):
                spre = scur
                scur = stry
            else:
                spre = sbis
                scur = sbis
        else:
            spre = sbis
            scur = sbis
        xpre = xcur
        fpre = fcur
        if abs(scur) > delta:
            xcur += scur
        elif sbis > 0:
            xcur += delta
        else:
            xcur -= delta
        fcur = _interpolate_one(rec, k, xcur, c) - level
    return xcur


def _integrate_one(y0, p, cfg, out, i):
    """Integrate launch i from y0 until its first event; write its samples into out[:, i, :].

    Returns (stop code, number of right-hand side evaluations).
    """
    t_max, r_min, r_max = cfg[CFG_T_MAX], cfg[CFG_R_MIN], cfg[CFG_R_MAX]
    rtol, atol, tau_bound = cfg[CFG_RTOL], cfg[CFG_ATOL], cfg[CFG_TAU_BOUND]
    max_evaluations = cfg[CFG_MAX_EVALUATIONS]
    K = np.empty((N_STAGES_DENSE, N_STATE))
    y = np.empty(N_STATE)
    y_new = np.empty(N_STATE)
    stage = np.empty(N_STATE)
    y_end = np.empty(N_STATE)
    scale = np.empty(N_STATE)
    for c in range(N_STATE):
        y[c] = y0[c]
    f = np.empty(N_STATE)
    _rhs(y, p, f)
    h_abs = _initial_step(y, f, p, tau_bound, rtol, atol, stage, K[1])
    evaluations = 2
    records = np.empty((64, RECORD))
    n_records = 0
    tau = 0.0
    g_min = y[0] - r_min
    g_max = y[0] - r_max
    g_t = y[4] - t_max
    code = -1
    tau_end = 0.0
    small_steps = 0
    largest_step = 0.0
    largest_dt = 0.0
    while code < 0:
        min_step = 10 * abs(np.nextafter(tau, np.inf) - tau)
        if h_abs < min_step:
            h_abs = min_step
        rejected = False
        h = 0.0
        tau_new = tau
        while True:
            if h_abs < min_step:
                code = TOO_SMALL_STEP
                break
            tau_new = tau + h_abs
            if tau_new - tau_bound > 0:
                tau_new = tau_bound
            h = tau_new - tau
            h_abs = abs(h)
            for c in range(N_STATE):
                K[0, c] = f[c]
            for s in range(1, N_STAGES):
                _stage(K, y, h, s, stage)
                _rhs(stage, p, K[s])
            for c in range(N_STATE):
                acc = 0.0
                for j in range(N_STAGES):
                    acc += K[j, c] * _B[j]
                y_new[c] = y[c] + h * acc
            _rhs(y_new, p, K[N_STAGES])
            evaluations += N_STAGES
            err5 = 0.0
            err3 = 0.0
            for c in range(N_STATE):
                scale[c] = atol + max(abs(y[c]), abs(y_new[c])) * rtol
                e5 = 0.0
                e3 = 0.0
                for j in range(N_STAGES + 1):
                    e5 += K[j, c] * _E5[j]
                    e3 += K[j, c] * _E3[j]
                err5 += (e5 / scale[c]) ** 2
                err3 += (e3 / scale[c]) ** 2
            if err5 == 0.0 and err3 == 0.0:
                error_norm = 0.0
            else:
                error_norm = h_abs * err5 / math.sqrt((err5 + 0.01 * err3) * N_STATE)
            if error_norm < 1:
                if error_norm == 0:
                    factor = MAX_FACTOR
                else:
                    factor = min(MAX_FACTOR, SAFETY * error_norm**ERROR_EXPONENT)
                if rejected:
                    factor = min(1.0, factor)
                h_abs *= factor
                break
            factor = SAFETY * error_norm**ERROR_EXPONENT
            if not factor > MIN_FACTOR:  # also when the error is nan
                factor = MIN_FACTOR
            h_abs *= factor
            rejected = True
        if code >= 0:
            # failed before taking a step: stop where we are
            tau_end = tau
            for c in range(N_STATE):
                y_end[c] = y[c]
            break
        # the dense output of the accepted step, as in scipy's DOP853._dense_output_impl
        for s in range(N_STAGES + 1, N_STAGES_DENSE):
            _stage(K, y, h, s, stage)
            _rhs(stage, p, K[s])
        evaluations += 3
        if n_records == records.shape[0]:
            grown = np.empty((2 * n_records, RECORD))
            for row in range(n_records):  # element by element: a slice copy costs seconds of compilation
                for col in range(RECORD):
                    grown[row, col] = records[row, col]
            records = grown
        rec = records[n_records]
        rec[0] = tau
        rec[1] = h
        for c in range(N_STATE):
            dy = y_new[c] - y[c]
            rec[2 + c] = y[c]
            rec[2 + N_STATE + c] = dy
            rec[2 + 2 * N_STATE + c] = h * K[0, c] - dy
            rec[2 + 3 * N_STATE + c] = 2 * dy - h * (K[N_STAGES, c] + K[0, c])
            for row in range(4):
                acc = 0.0
                for j in range(N_STAGES_DENSE):
                    acc += _D[row, j] * K[j, c]
                rec[2 + N_STATE + (3 + row) * N_STATE + c] = h * acc
        n_records += 1
        k = n_records - 1
        # terminal events, each with its direction: r falls to r_min, r grows to r_max, t grows to t_max
        g_min_new = y_new[0] - r_min
        g_max_new = y_new[0] - r_max
        g_t_new = y_new[4] - t_max
        root = np.inf
        if g_min >= 0 and g_min_new <= 0:
            root = _event_root(records, k, 0, r_min, tau, tau_new)
            code = R_MIN
        if g_max <= 0 and g_max_new >= 0:
            candidate = _event_root(records, k, 0, r_max, tau, tau_new)
            if candidate < root:
                root = candidate
                code = R_MAX
        if g_t <= 0 and g_t_new >= 0:
            candidate = _event_root(records, k, 4, t_max, tau, tau_new)
            if candidate < root:
                root = candidate
                code = T_MAX
        if code >= 0:
            tau_end = root
            _interpolate(records, k, root, y_end)
        else:
            dt = abs(y_new[4] - y[4])
            if abs(h) > largest_step:
                largest_step = abs(h)
            if dt > largest_dt:
                largest_dt = dt
            if counts_towards_stall(abs(h), tau_new, dt, largest_step, largest_dt):
                small_steps += 1
            else:
                small_steps = 0
            if evaluations > max_evaluations or tau_new == tau_bound or small_steps >= STALL_STEPS:
                # out of budget, at the end of the τ range (solve_ivp's status 0, a t_max stop in simulate), or stalled
                if evaluations > max_evaluations:
                    code = BUDGET
                elif tau_new == tau_bound:
                    code = T_MAX
                else:
                    code = STALLED
                tau_end = tau_new
                for c in range(N_STATE):
                    y_end[c] = y_new[c]
        tau = tau_new
        for c in range(N_STATE):
            y[c] = y_new[c]
            f[c] = K[N_STAGES, c]
        g_min = g_min_new
        g_max = g_max_new
        g_t = g_t_new
    if code == T_MAX:
        y_end[4] = t_max
    elif code == R_MIN:
        y_end[0] = r_min
    elif code == R_MAX:
        y_end[0] = r_max
    _sample(records, n_records, y0, y_end, tau_end, p, out, i)
    return code, evaluations


def _interpolate_t_r(rec, k, tau):
    """(t, r) from the dense output of step k at τ, in one pass."""
    x = (tau - rec[k, 0]) / rec[k, 1]
    t = 0.0
    r = 0.0
    for i in range(7):
        row = 2 + N_STATE + (6 - i) * N_STATE
        t += rec[k, row + 4]
        r += rec[k, row]
        if i % 2 == 0:
            t *= x
            r *= x
        else:
            t *= 1.0 - x
            r *= 1.0 - x
    return t + rec[k, 2 + 4], r + rec[k, 2]


def _store(out, i, j, r, theta, u, w, t, tau, p):
    """Sample j of launch i: the rows OUT_ROWS from (r, θ, u, w, t), as contract.columns_from_states."""
    vr = u / r
    omega = w / (r * r)
    c = math.cos(theta)
    s = math.sin(theta)
    out[OUT_T, i, j] = t
    out[OUT_X, i, j] = r * c
    out[OUT_Y, i, j] = r * s
    out[OUT_VX, i, j] = vr * c - r * omega * s
    out[OUT_VY, i, j] = vr * s + r * omega * c
    out[OUT_R, i, j] = r
    out[OUT_THETA, i, j] = theta
    out[OUT_VR, i, j] = vr
    out[OUT_OMEGA, i, j] = omega
    out[OUT_ENERGY, i, j] = _energy_p(r, theta, vr, omega, p)
    out[OUT_C, i, j] = _C_p(r, theta, vr, omega, p)
    out[OUT_TAU, i, j] = tau


def _sample(records, n_records, y0, y_end, tau_end, p, out, i):
    """Samples at t = linspace(0, t_end, samples), by Newton's method on t(τ) with dt/dτ = r²."""
    samples = out.shape[2]
    t_end = y_end[4]
    step = t_end / (samples - 1)
    _store(out, i, 0, y0[0], y0[1], y0[2], y0[3], 0.0, 0.0, p)
    _store(out, i, samples - 1, y_end[0], y_end[1], y_end[2], y_end[3], t_end, tau_end, p)
    if n_records == 0:
        for j in range(1, samples - 1):
            _store(out, i, j, y0[0], y0[1], y0[2], y0[3], j * step, 0.0, p)
        return
    k = 0
    for j in range(1, samples - 1):
        t_s = j * step
        # the last step that starts at or before t_s (t grows with τ: dt/dτ = r² > 0)
        while k + 1 < n_records and records[k + 1, 2 + 4] <= t_s:
            k += 1
        lo_tau = records[k, 0]
        lo_t = records[k, 2 + 4]
        lo_r = records[k, 2]
        if k + 1 < n_records:
            hi_tau = records[k + 1, 0]
            hi_t = records[k + 1, 2 + 4]
            hi_r = records[k + 1, 2]
        else:
            hi_tau = tau_end
            hi_t = t_end
            hi_r = y_end[0]
        span = hi_t - lo_t
        if span > 0:
            # cubic Hermite guess for τ(t), whose slopes are 1/r² at both ends
            q = min(max((t_s - lo_t) / span, 0.0), 1.0)
            q2 = q * q
            q3 = q2 * q
            tau = (
                (2 * q3 - 3 * q2 + 1) * lo_tau
                + (q3 - 2 * q2 + q) * span / (lo_r * lo_r)
                + (3 * q2 - 2 * q3) * hi_tau
                + (q3 - q2) * span / (hi_r * hi_r)
            )
            tau = min(max(tau, lo_tau), hi_tau)
        else:
            tau = lo_tau
        for _ in range(12):
            t_here, r_here = _interpolate_t_r(records, k, tau)
            delta = (t_here - t_s) / max(r_here * r_here, 1e-300)
            tau_next = min(max(tau - delta, lo_tau), hi_tau)
            # Newton converges quadratically: after a step this small the next would be below rounding
            done = abs(tau_next - tau) <= 1e-7 * (hi_tau - lo_tau)
            tau = tau_next
            if done:
                break
        _store(
            out,
            i,
            j,
            _interpolate_one(records, k, tau, 0),
            _interpolate_one(records, k, tau, 1),
            _interpolate_one(records, k, tau, 2),
            _interpolate_one(records, k, tau, 3),
            t_s,
            tau,
            p,
        )


def integrate_range(y0s, p, cfg, out, stop, evaluations, first, last):
    """Integrate launches first..last-1 (rows of y0s), each to its own stop; see _integrate_one.

    out has shape (N_OUT, N, samples): the rows OUT_ROWS of contract.py, the Trajectory columns, then τ.
    Released from the GIL (nogil), so threads can share the launches.
    """
    for i in range(first, last):
        code, n = _integrate_one(y0s[i], p, cfg, out, i)
        stop[i] = code
        evaluations[i] = n
