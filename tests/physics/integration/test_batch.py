"""The batch engine against simulate, the exact solution, its own numpy fallback, and its disk cache."""

import math
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from physics.exact import classify, exact_trajectory, time_to_radius
from physics.files import TEMP_PREFIX
from physics.integration import contract, generated
from physics.integration.batch import choose_engine, simulate_batch
from physics.integration.contract import COLUMNS, IntegrationSettings
from physics.integration.scipy_engine import invariants, simulate
from physics.launch import LaunchState

K = 1.0
SETTINGS = IntegrationSettings(samples=201)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
needs_numba = pytest.mark.skipif(not generated.numba_enabled(), reason="numba is not installed or DIPOLE_LAB_NO_NUMBA is set")


def spread(n: int, seed: int) -> list[LaunchState]:
    """Launches all around the dipole with speeds from almost rest to escape: falls, escapes and t_max runs."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        r0, theta0 = rng.uniform(0.5, 3.0), rng.uniform(-math.pi, math.pi)
        speed, direction = rng.uniform(0.05, 4.0), rng.uniform(-math.pi, math.pi)
        x0, y0 = r0 * math.cos(theta0), r0 * math.sin(theta0)
        out.append(LaunchState.from_cartesian(x0, y0, speed * math.cos(direction), speed * math.sin(direction)))
    return out


@pytest.fixture(scope="module")
def launches():
    return spread(40, 7)


@pytest.fixture(scope="module")
def batch(launches):
    return simulate_batch(launches, K, SETTINGS)


def position_error(launch, tr) -> float:
    """Largest distance from the closed form relative to the largest r, up to the last 2% before a fall."""
    E, C = invariants(launch, K)
    fate = classify(launch, E, C, K)
    keep = np.ones(len(tr.t), dtype=bool) if fate.fall_time is None else tr.t <= 0.98 * fate.fall_time
    xe, ye, _, _ = exact_trajectory(tr.t[keep], launch, K, E)
    return float(np.max(np.hypot(tr.x[keep] - xe, tr.y[keep] - ye), initial=0.0)) / float(np.max(tr.r))


def assert_same(a, b, rel=1e-8):
    assert a.stop_reason == b.stop_reason
    assert a.t_end == pytest.approx(b.t_end, rel=1e-10, abs=1e-10)
    for name in COLUMNS + ("tau",):
        x, y = getattr(a, name), getattr(b, name)
        assert x.shape == y.shape == (a.settings.samples,)
        assert np.array_equal(np.isnan(x), np.isnan(y)), name
        x, y = np.nan_to_num(x), np.nan_to_num(y)
        assert np.max(np.abs(x - y)) <= rel * max(1.0, float(np.max(np.abs(y)))), name


def test_batch_matches_simulate(launches, batch):
    for launch, tr in list(zip(launches, batch))[::4]:
        assert_same(tr, simulate(launch, K, SETTINGS))
        assert tr.launch is launch and tr.k == K and tr.settings is SETTINGS


def test_batch_matches_exact_solution(launches, batch):
    reasons = {tr.stop_reason for tr in batch}
    assert {"r_min", "t_max"} <= reasons  # the spread has falls and runs to t_max
    assert max(position_error(launch, tr) for launch, tr in zip(launches, batch)) <= 1e-8


def test_samples_are_uniform_in_t_and_conserve_the_invariants(launches, batch):
    for tr in batch:
        assert tr.t[0] == 0.0 and tr.t[-1] == tr.t_end
        np.testing.assert_allclose(np.diff(tr.t), tr.t_end / (SETTINGS.samples - 1), rtol=1e-9)
        assert np.all(np.diff(tr.tau) > 0)
        np.testing.assert_allclose(np.hypot(tr.x, tr.y), tr.r, rtol=1e-13)
        # C is exact for the pendulum in τ; E is a difference of large terms near r_min
        assert np.max(np.abs(tr.C - tr.C[0])) <= 1e-8 * max(1.0, abs(tr.C[0]))


def test_each_launch_stops_on_its_own():
    settings = IntegrationSettings(t_max=6.0, samples=51, r_min=0.05, r_max=4.0)
    falls = LaunchState(1.0, 0.3, 0.0, 0.0)  # from rest near the axis: falls in
    escapes = LaunchState(1.0, 1.2, 2.0, 0.5)  # fast outward: reaches r_max = 4
    runs = LaunchState(1.5, math.pi / 2, 0.2, 0.2)  # slow, C > 0: still out there at t_max
    trs = simulate_batch([falls, escapes, runs, falls], K, settings)
    assert [tr.stop_reason for tr in trs] == ["r_min", "r_max", "t_max", "r_min"]
    for launch, tr in zip([falls, escapes], trs):
        E, _ = invariants(launch, K)
        radius = settings.r_min if tr.stop_reason == "r_min" else settings.r_max
        assert tr.t_end == pytest.approx(time_to_radius(radius, launch.r0, launch.vr0, E), rel=1e-9)
        assert tr.r[-1] == radius
    assert trs[2].t_end == settings.t_max
    assert trs[0].t_end == trs[3].t_end
    assert len({tr.t_end for tr in trs[:3]}) == 3


def test_one_launch_and_a_thousand():
    one = simulate_batch([LaunchState(1.3, 0.4, 0.1, 0.3)], K, SETTINGS)
    assert len(one) == 1
    assert_same(one[0], simulate(LaunchState(1.3, 0.4, 0.1, 0.3), K, SETTINGS))
    # a test-charge map: a 40 × 25 grid released from rest
    xs, ys = np.meshgrid(np.linspace(-3, 3, 40), np.linspace(-2, 2, 25))
    grid = [LaunchState.from_cartesian(float(x), float(y), 0.0, 0.0) for x, y in zip(xs.ravel(), ys.ravel())]
    settings = IntegrationSettings(samples=101)
    trs = simulate_batch(grid, -1.0, settings)
    assert len(trs) == 1000
    assert all(tr.t.shape == (101,) and tr.t[-1] == tr.t_end for tr in trs)
    # from rest E = −k cos θ / r² < 0 where k cos θ > 0: those fall in; the others are pushed out
    for tr, launch in list(zip(trs, grid))[::37]:
        E, _ = invariants(launch, -1.0)
        assert (tr.stop_reason == "r_min") == (E < 0)


@pytest.mark.parametrize("numba", [True, False])
def test_every_launch_has_a_budget_of_evaluations(monkeypatch, numba):
    if numba and not generated.numba_enabled():
        pytest.skip("numba is not installed or DIPOLE_LAB_NO_NUMBA is set")
    if not numba:
        monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    monkeypatch.setattr(contract, "MAX_RHS_EVALUATIONS", 300)
    launch = LaunchState(1.5, math.pi / 2, 0.2, 0.2)
    short, long = simulate_batch([launch], K, IntegrationSettings(samples=21, t_max=0.05)) + simulate_batch([launch], K)
    assert short.stop_reason == "t_max"  # a short run needs fewer than 300 evaluations
    assert long.stop_reason == "failed" and "the limit is 300" in long.message
    # the numba kernel counts evaluations but reads no clock: its message must not quote seconds
    assert ("the limit is 300 evaluations" in long.message) == numba
    assert (f"or {contract.seconds_text()})" in long.message) == (not numba)
    assert 0 < long.t_end < 20 and long.t[-1] == long.t_end


def test_empty_and_invalid_batches():
    assert simulate_batch([], K) == []
    with pytest.raises(ValueError, match="launch 1"):
        simulate_batch([LaunchState(1.0, 0.0, 0.0, 0.0), LaunchState(0.01, 0.0, 0.0, 0.0)], K)
    with pytest.raises(ValueError, match="k must be a finite number"):
        simulate_batch([LaunchState(1.0, 0.0, 0.0, 0.0)], math.nan)


def test_other_solve_ivp_methods_loop_over_simulate():
    settings = IntegrationSettings(samples=21, t_max=2.0, method="RK45")
    assert choose_engine(settings) == "loop"
    launch = LaunchState(1.2, 0.5, 0.0, 0.2)
    assert_same(simulate_batch([launch], K, settings)[0], simulate(launch, K, settings), rel=1e-12)


@needs_numba
def test_numba_path_and_numpy_fallback_agree(launches, batch, monkeypatch):
    assert choose_engine(SETTINGS) == "numba"
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    assert choose_engine(SETTINGS) == "numpy"
    fallback = simulate_batch(launches, K, SETTINGS)
    for a, b in zip(batch, fallback):
        assert_same(a, b, rel=1e-9)


def test_model_with_a_second_parameter_matches_simulate(monkeypatch):
    import sympy as sp

    # the numpy engine runs the same generated code; compiling a second kernel would double the cold-cache time
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")

    from physics import derivation as d

    E0 = sp.Symbol("E0", real=True)
    model = d.lambdified_model(d.DEFAULT_T, d.DEFAULT_U - E0 * d.r * sp.cos(d.theta))
    launch = LaunchState(1.5, 2.0, 0.1, 0.1)
    settings = IntegrationSettings(samples=31, t_max=3.0)
    got = simulate_batch([launch, launch], K, settings, model=model, params={"E0": 0.3})
    assert_same(got[0], simulate(launch, K, settings, model=model, params={"E0": 0.3}))
    assert np.all(np.isnan(got[1].C))
    with pytest.raises(ValueError, match="E0"):
        simulate_batch([launch], K, settings, model=model)


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache folder and no models loaded in this process; numba off, so nothing is generated."""
    monkeypatch.setenv("DIPOLE_LAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    monkeypatch.setattr(generated, "_models", {})
    return tmp_path / "cache"


def test_cache_key_changes_with_T_U_and_the_code_version(monkeypatch):
    import sympy as sp

    from physics import derivation as d

    default = generated.model_key()
    assert generated.model_key(d.DEFAULT_T, d.DEFAULT_U) == default == generated.model_key()
    quadrupole = generated.model_key(d.DEFAULT_T, -d.k * sp.cos(2 * d.theta) / d.r**2)
    assert len({default, quadrupole, generated.model_key(d.DEFAULT_T, -d.k * sp.cos(d.theta) / d.r**3)}) == 3
    assert generated.model_key(d.DEFAULT_T / 2, d.DEFAULT_U) not in (default, quadrupole)
    monkeypatch.setattr(generated, "CODE_VERSION", generated.CODE_VERSION + 1)
    generated._code_fingerprint.cache_clear()
    try:
        assert generated.model_key() != default
    finally:
        monkeypatch.undo()
        generated._code_fingerprint.cache_clear()
    assert generated.model_key() == default


def test_generated_module_is_written_then_loaded_without_sympy(fresh_cache):
    model = generated.default_model()
    assert model.path == generated.module_path(generated.model_key()) and model.path.parent == fresh_cache
    assert not [p for p in fresh_cache.iterdir() if p.name.startswith(TEMP_PREFIX)]
    code = (
        "import sys\n"
        "from physics.integration.batch import simulate_batch\n"
        "from physics.launch import LaunchState\n"
        "tr = simulate_batch([LaunchState(1.0, 0.5, 0.0, 0.1)], 1.0)[0]\n"
        "assert 'sympy' not in sys.modules, 'sympy was imported'\n"
        "print(tr.stop_reason, repr(tr.t_end))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    reason, t_end = done.stdout.split()
    expected = simulate(LaunchState(1.0, 0.5, 0.0, 0.1), 1.0)
    assert reason == expected.stop_reason and float(t_end) == pytest.approx(expected.t_end, rel=1e-10)


@pytest.mark.parametrize("content", ["def accel(:\n", "KEY = 'someone else'\n", "\x00\x01 not python"])
def test_corrupt_cache_file_is_regenerated(fresh_cache, monkeypatch, content):
    path = generated.module_path(generated.model_key())
    fresh_cache.mkdir(parents=True)
    path.write_text(content)
    model = generated.default_model()
    key = generated.model_key()
    loaded_key = model.module.KEY
    assert model.path == path and loaded_key == key
    assert "_sundman_p" in path.read_text()
    launch = LaunchState(1.4, 0.7, 0.0, 0.2)
    assert_same(simulate_batch([launch], K, SETTINGS)[0], simulate(launch, K, SETTINGS))


def test_modules_of_other_versions_are_removed_after_a_month(fresh_cache):
    fresh_cache.mkdir(parents=True)
    (fresh_cache / "__pycache__").mkdir()
    old, recent = (fresh_cache / f"{generated.MODULE_PREFIX}{name}.py" for name in ("old", "recent"))
    old_numba = fresh_cache / "__pycache__" / f"{old.stem}._rhs-1.py311.nbi"
    for path in (old, recent, old_numba):
        path.write_text("# an earlier version\n")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    generated.default_model()
    assert not old.exists() and not old_numba.exists()
    assert recent.exists() and generated.module_path(generated.model_key()).exists()


def test_unwritable_cache_falls_back_to_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DIPOLE_LAB_CACHE", str(blocker / "cache"))
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    monkeypatch.setattr(generated, "_models", {})
    model = generated.default_model()
    assert model.path is None
    launch = LaunchState(1.4, 0.7, 0.0, 0.2)
    assert_same(simulate_batch([launch], K, SETTINGS)[0], simulate(launch, K, SETTINGS))


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DIPOLE_LAB_CACHE", str(tmp_path / "here"))
    assert generated.cache_dir() == tmp_path / "here"
    monkeypatch.delenv("DIPOLE_LAB_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("DIPOLE_LAB_TEST", raising=False)
    assert generated.cache_dir() == tmp_path / "xdg" / "dipole-lab"
    monkeypatch.setenv("DIPOLE_LAB_TEST", "1")
    assert generated.cache_dir() == tmp_path / "xdg" / "dipole-lab-test"


def test_generated_functions_agree_with_lambdify():
    from physics.derivation import dipole_model

    printed, lambdified = generated.default_model(), dipole_model()
    rng = np.random.default_rng(5)
    r, th, a, b = rng.uniform(0.2, 3, 50), rng.uniform(-3, 3, 50), rng.normal(size=50), rng.normal(size=50)
    for name in ("accel", "sundman", "energy", "C"):
        np.testing.assert_allclose(getattr(printed, name)(r, th, a, b, 1.3), getattr(lambdified, name)(r, th, a, b, 1.3), rtol=1e-14)
    for name in ("potential", "field"):
        np.testing.assert_allclose(getattr(printed, name)(r, th, 1.3), getattr(lambdified, name)(r, th, 1.3), rtol=1e-14)
    assert printed.param_names == ("k",)
    assert printed.equations.C is not None


def test_models_of_other_potentials_are_loaded_from_their_own_modules(fresh_cache):
    import sympy as sp

    from physics import derivation as d

    U = -d.k * sp.cos(2 * d.theta) / d.r**2
    first = generated.load_model(U=U)
    assert first.path.exists() and first.path != generated.default_model().path
    generated._models.clear()
    again = generated.load_model(U=U)  # from the file this time
    assert again is not first and again.path == first.path
    assert sp.simplify(again.equations.U - U) == 0
    assert again.sundman(1.0, 0.3, 0.0, 0.0, 2.0)[3] == pytest.approx(-2 * 2.0 * math.sin(0.6))
