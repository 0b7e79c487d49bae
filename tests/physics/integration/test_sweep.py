"""batch.sweep, a chunk of launches at a time, gives simulate_batch's numbers to the last bit, whatever the chunks."""

from __future__ import annotations

import dataclasses
import math
import os

import numpy as np
import pytest

from physics.integration import batch
from physics.integration.batch import LaunchRows, simulate_batch, sweep
from physics.integration.contract import CODE_REASONS, OUT_ROWS, IntegrationSettings
from physics.integration.fall import plan_fall
from physics.integration.generated import model_for
from physics.launch import LaunchState

# near C = 0 heading in: plan_fall completes these falls from the r² law (at a small r_min)
MARGINAL = LaunchState(1.0, 0.0, -0.3, math.sqrt(2.0))
NEAR_MARGINAL = LaunchState(1.0, 0.0, -0.3, math.sqrt(2.0) * (1 - 1e-7))


def spread(n: int = 14) -> list[LaunchState]:
    """Falls, escapes and runs to t_max all around the dipole, with the two near-marginal falls among them."""
    launches = []
    for i in range(n):
        angle = 2 * math.pi * i / n
        speed = (0.1, 0.8, 2.5)[i % 3]
        x0, y0 = 1.1 * math.cos(0.7 * i), 0.9 * math.sin(0.7 * i)
        launches.append(LaunchState.from_cartesian(x0, y0, speed * math.cos(angle), speed * math.sin(angle)))
    return launches[:5] + [MARGINAL] + launches[5:9] + [NEAR_MARGINAL] + launches[9:]


def gathered(chunks, n, samples):
    out = np.full((len(OUT_ROWS), n, samples), np.nan)
    codes = np.full(n, -1)
    t_end = np.full(n, np.nan)
    at = 0
    for chunk in chunks:
        assert chunk.first == at
        m = len(chunk.codes)
        out[:, at:at + m] = chunk.out
        codes[at:at + m] = chunk.codes
        t_end[at:at + m] = chunk.t_end
        at += m
    assert at == n
    return out, codes, t_end


def assert_same(trajectories, out, codes, t_end):
    for i, tr in enumerate(trajectories):
        for row, name in enumerate(OUT_ROWS):
            np.testing.assert_array_equal(out[row, i], getattr(tr, name), err_msg=f"launch {i}, {name}")
        assert CODE_REASONS[codes[i]] == tr.stop_reason
        assert t_end[i] == tr.t_end


@pytest.mark.parametrize("engine", ["numba", "numpy"])
@pytest.mark.parametrize("k", [1.0, -2.0])
def test_sweep_gives_simulate_batch_numbers_bit_for_bit_whatever_the_chunks(monkeypatch, engine, k):
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1" if engine == "numpy" else "0")
    launches = spread()
    settings = IntegrationSettings(t_max=6.0, samples=17, r_min=1e-5, r_max=8.0)
    expected = simulate_batch(launches, k, settings)
    if k == 1.0:
        assert sum(tr.message.startswith("fell into the dipole") for tr in expected) == 2  # the planned falls are in
    assert {"r_min", "t_max", "r_max"} <= {tr.stop_reason for tr in expected}
    # one launch a chunk, five, all at once; numpy's vectorised steps round differently with how many launches
    # share them (in simulate_batch too: the energy at r_min = 1e-5 by 3e-5), so its chunks hold all the launches
    for chunk in (17, 5 * 17, None) if engine == "numba" else (None,):
        rows = LaunchRows(np.array([(la.r0, la.theta0, la.vr0, la.omega0) for la in launches]))
        assert_same(expected, *gathered(sweep(rows, k, settings, chunk=chunk), len(launches), settings.samples))


@pytest.mark.parametrize("k", [1.0, -2.0])
def test_the_quick_test_for_falls_never_skips_a_plan(k):
    rng = np.random.default_rng(5)
    launches = spread(40) + [LaunchState(float(r), float(t), float(v), float(w)) for r, t, v, w in
                             zip(rng.uniform(0.3, 2.0, 400), rng.uniform(-3, 3, 400), rng.normal(0, 0.5, 400), rng.normal(0, 0.7, 400))]
    model = model_for(None)
    p = np.array([k])
    for r_min in (0.05, 1e-3, 1e-5, 1e-9):
        settings = IntegrationSettings(t_max=20.0, samples=51, r_min=r_min)
        quick = batch._fall_plans(launches, batch._polar(launches), k, settings, model, p)
        every = [plan_fall(launch, k, settings, model, (k,)) for launch in launches]
        assert quick == every
        asked = len(batch._may_have_plan(batch._polar(launches), k, settings, model, p))
        falls = sum(tr.stop_reason == "r_min" for tr in simulate_batch(launches, k, dataclasses.replace(settings, samples=2)))
        if r_min == 0.05:
            assert asked < falls / 4  # most falls are not asked
    assert k < 0 or any(plan is not None for plan in quick)


def test_a_bad_row_is_refused_with_launch_states_words():
    settings = IntegrationSettings(r_min=0.05, r_max=10.0)
    with pytest.raises(ValueError, match="launch 1: r0 = 0.01 is not outside r_min = 0.05"):
        list(sweep(np.array([[1.0, 0.0, 0.0, 0.0], [0.01, 0.0, 0.0, 0.0]]), 1.0, settings))
    with pytest.raises(ValueError, match="launch 0: vr0 must be at most 1e"):
        list(sweep(np.array([[1.0, 0.0, 2e6, 0.0]]), 1.0, settings))
    with pytest.raises(ValueError, match="launch 0: theta0 must be a finite number"):
        list(sweep(np.array([[1.0, np.nan, 0.0, 0.0]]), 1.0, settings))


def test_launch_rows_are_launch_states():
    rows = LaunchRows([[1.0, 0.5, 0.1, 0.2], [2.0, -1.0, 0.0, 0.3]])
    assert len(rows) == 2 and rows[1] == LaunchState(2.0, -1.0, 0.0, 0.3)
    assert list(rows[1:]) == [LaunchState(2.0, -1.0, 0.0, 0.3)]
    assert [la.r0 for la in rows] == [1.0, 2.0]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_a_forked_child_integrates_with_threads_of_its_own():
    """The helper threads batch keeps are not in a forked child: it must start its own, not wait on the parent's."""
    import time

    launches = spread(40)
    settings = IntegrationSettings(t_max=2.0, samples=11)
    simulate_batch(launches, 1.0, settings)  # the parent's helpers exist now
    pid = os.fork()
    if pid == 0:
        os._exit(0 if len(simulate_batch(launches, 1.0, settings)) == len(launches) else 1)
    deadline = time.monotonic() + 60
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            pytest.fail("the child waited for its parent's threads")
        time.sleep(0.02)
    assert os.waitstatus_to_exitcode(status) == 0
