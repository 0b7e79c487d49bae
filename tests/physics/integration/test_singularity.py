"""The fall into the dipole ends cleanly, whatever r_min, tolerance, method or engine; failures keep the path and say why.

The marginal launch C = 0 heading inwards is the hard case: its Sundman time grows like 1/r, so the
angle swings about 1/r_min times before r_min. With the r² law the end of the fall is known exactly,
so the run integrates at most fall.MAX_SWINGS swings and takes the rest from the law (physics/integration/fall.py).
"""

from __future__ import annotations

import math
import re
import time

import numpy as np
import pytest
import scipy.integrate

from physics.derivation import dipole_model
from physics.exact import classify, time_to_radius
from physics.integration import contract, fall, generated
from physics.integration.batch import simulate_batch
from physics.integration.contract import METHODS, IntegrationSettings
from physics.integration.scipy_engine import invariants, simulate
from physics.launch import LaunchState

MARGINAL = LaunchState(1.0, 0.0, -0.3, math.sqrt(2.0))  # k = 1: C = ½(r²θ̇)² − k cos θ = 0, moving inwards
NEAR_MARGINAL = LaunchState(1.0, 0.0, -0.3, math.sqrt(2.0) * (1 - 1e-7))  # C ≈ −3e-7 < 0: a fall, τ ~ log/√|C|
ORDINARY = LaunchState(1.0, 0.4, -0.2, 0.3)  # E < 0 and C < 0
RADIAL = LaunchState(1.5, 0.0, 0.0, 0.0)  # from rest on the axis, straight in
R_MINS = (1e-2, 1e-5, 1e-8, 1e-12)
SECONDS = 10.0  # a bound per run, far above what each takes (a few tenths of a second at most, RK23 a few seconds)


def expected_fall_time(launch: LaunchState, k: float, r_min: float) -> float:
    E, C = invariants(launch, k)
    t = fall.exact_fall_time(launch, E, C, k, r_min)
    assert t is not None
    return t


def check_clean_fall(tr, launch, k, r_min, rel=1e-6):
    assert tr.stop_reason == "r_min", (tr.stop_reason, tr.message)
    assert tr.t_end == pytest.approx(expected_fall_time(launch, k, r_min), rel=rel)
    assert tr.r[-1] == r_min
    assert tr.t[-1] == tr.t_end
    for column in (tr.t, tr.x, tr.y, tr.r, tr.theta, tr.tau):
        assert np.all(np.isfinite(column))
    assert np.all(np.diff(tr.t) > 0)
    assert np.all(np.diff(tr.tau) >= 0)
    assert tr.message == "" or tr.message.startswith(f"fell into the dipole at t = {tr.t_end:.6g}")


def timed(function, *args, **kwargs):
    began = time.perf_counter()
    result = function(*args, **kwargs)
    spent = time.perf_counter() - began
    assert spent < SECONDS, f"took {spent:.1f} s"
    return result


def test_the_marginal_launch_is_predicted_to_reach_the_dipole():
    E, C = invariants(MARGINAL, 1.0)
    fate = classify(MARGINAL, E, C, 1.0)
    assert fate.kind == "marginal" and fate.fall_time == pytest.approx(1 / 0.3)


@pytest.mark.parametrize("r_min", R_MINS)
@pytest.mark.parametrize("launch", [MARGINAL, NEAR_MARGINAL, ORDINARY, RADIAL], ids=["marginal", "near-marginal", "ordinary", "radial"])
def test_a_fall_ends_at_the_exact_time_for_any_r_min(launch, r_min):
    tr = timed(simulate, launch, 1.0, IntegrationSettings(t_max=20.0, r_min=r_min))
    check_clean_fall(tr, launch, 1.0, r_min)


@pytest.mark.parametrize("engine", ["numba", "numpy"])
@pytest.mark.parametrize("r_min", [1e-5, 1e-12])
def test_the_batch_engines_end_the_same_falls_the_same_way(monkeypatch, engine, r_min):
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1" if engine == "numpy" else "0")
    launches = [MARGINAL, NEAR_MARGINAL, ORDINARY, RADIAL]
    settings = IntegrationSettings(t_max=20.0, r_min=r_min)
    results = timed(simulate_batch, launches, 1.0, settings)
    for launch, tr in zip(launches, results):
        check_clean_fall(tr, launch, 1.0, r_min)
    single = simulate(MARGINAL, 1.0, settings)
    assert results[0].t_end == single.t_end
    assert results[0].message == single.message
    assert np.allclose(results[0].r, single.r, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_ends_the_marginal_fall(method):
    # at rtol 1e-6: the implicit methods and RK23 cost seconds per hundred swings at the default 1e-10
    settings = IntegrationSettings(t_max=20.0, r_min=1e-12, rtol=1e-6, atol=1e-9, method=method)
    tr = timed(simulate, MARGINAL, 1.0, settings)
    # at this tolerance the integrated C drifts by ~1e-6, which can bring r to r_min a little early: still a clean fall
    check_clean_fall(tr, MARGINAL, 1.0, 1e-12, rel=0.05)


@pytest.mark.parametrize("rtol, atol", [(1e-4, 1e-6), (1e-8, 1e-10), (1e-12, 1e-14), (1e-13, 1e-16)])
def test_any_tolerance_ends_the_marginal_fall(rtol, atol):
    tr = timed(simulate, MARGINAL, 1.0, IntegrationSettings(t_max=20.0, r_min=1e-9, rtol=rtol, atol=atol))
    check_clean_fall(tr, MARGINAL, 1.0, 1e-9, rel=max(100 * rtol, 1e-9))


@pytest.mark.parametrize("k", [-2.0, 0.5, 3.0])
def test_marginal_launches_for_other_k_and_angles(k):
    # C = ½(r0² ω0)² − k cos θ0 = 0: pick θ0 with k cos θ0 > 0 and ω0 to match, moving inwards
    theta0 = 0.3 if k > 0 else math.pi - 0.3
    omega0 = math.sqrt(2 * k * math.cos(theta0)) / 1.2**2
    launch = LaunchState(1.2, theta0, -0.5, omega0)
    tr = timed(simulate, launch, k, IntegrationSettings(t_max=20.0, r_min=1e-10))
    check_clean_fall(tr, launch, k, 1e-10)


def test_the_last_samples_follow_the_r2_law_exactly():
    settings = IntegrationSettings(t_max=20.0, r_min=1e-6, samples=2001)
    tr = simulate(MARGINAL, 1.0, settings)
    E, _ = invariants(MARGINAL, 1.0)
    r2 = 2 * E * tr.t**2 + 2 * MARGINAL.r0 * MARGINAL.vr0 * tr.t + MARGINAL.r0**2
    assert np.allclose(tr.r[:-1] ** 2, r2[:-1], rtol=1e-6, atol=1e-9)
    # the energy stays the launch's, to the accuracy of its terms (which grow like 1/r² on the way in)
    scale = 1 + 1 / tr.r**2
    assert np.all(np.abs(tr.energy - E) <= 1e-5 * scale)


def test_the_command_line_reports_the_marginal_fall(tmp_path, capsys):
    from app.cli import main

    out = tmp_path / "fall.csv"
    status = main(["simulate", "--k", "1", "--r0", "1", "--theta0", "0", "--vr0", "-0.3", "--omega0", repr(math.sqrt(2)),
                   "--r-min", "1e-12", "--out", str(out)])
    printed = capsys.readouterr().out
    assert status == 0
    assert "fell into the dipole (r = r_min) at t = 3.33333" in printed
    assert "fell into the dipole at t = 3.33333" in printed


class _Model:
    """The point dipole with a right-hand side that misbehaves once r passes `beyond` (deterministic, as a user's U is)."""

    def __init__(self, misbehave, beyond: float):
        base = dipole_model()
        self.param_names, self.energy, self.C, self.equations = base.param_names, base.energy, base.C, base.equations
        self._sundman, self._misbehave, self._beyond = base.sundman, misbehave, beyond

    def sundman(self, r, *args):
        values = self._sundman(r, *args)
        return self._misbehave(values) if r > self._beyond else values


def _nan(values):
    return tuple(math.nan for _ in values)


def _raise(values):
    raise ZeroDivisionError("division by zero in the user's potential")


SWING = LaunchState(1.0, 2.0, 0.0, 0.5)  # k = 1: E > 0 and C > 0, it swings while it slowly escapes; r = 3 at t ≈ 2.7


@pytest.mark.parametrize("method", METHODS)
def test_a_nan_right_hand_side_ends_with_a_message_and_keeps_the_path(method):
    model = _Model(_nan, beyond=3.0)
    tr = timed(simulate, SWING, 1.0, IntegrationSettings(t_max=50.0, method=method), model=model)
    assert tr.stop_reason == "failed"
    assert tr.message
    assert 0 < tr.t_end < 50.0
    assert np.all(np.isfinite(tr.r)) and np.all(np.isfinite(tr.t))


@pytest.mark.parametrize("method", METHODS)
def test_a_raising_right_hand_side_ends_with_a_message_and_keeps_the_path(method):
    model = _Model(_raise, beyond=3.0)
    tr = timed(simulate, SWING, 1.0, IntegrationSettings(t_max=50.0, method=method), model=model)
    assert tr.stop_reason == "failed"
    assert "the right-hand side raised ZeroDivisionError" in tr.message
    assert 0 < tr.t_end < 50.0
    assert np.all(np.isfinite(tr.r))


def test_a_raising_right_hand_side_at_the_start_keeps_the_launch_point():
    tr = simulate(SWING, 1.0, IntegrationSettings(t_max=5.0), model=_Model(_raise, beyond=0.0))
    assert tr.stop_reason == "failed" and tr.t_end == 0.0
    assert "nothing could be integrated" in tr.message
    assert tr.r[0] == SWING.r0


def test_a_method_that_raises_ends_with_a_message_and_keeps_the_path(monkeypatch):
    original = scipy.integrate.RK45._step_impl

    def flaky(self):
        # deterministic, as a real failure is: the same steps lead to it again
        if self.t > 0.5:
            raise np.linalg.LinAlgError("Singular matrix")
        return original(self)

    monkeypatch.setattr(scipy.integrate.RK45, "_step_impl", flaky)
    tr = timed(simulate, SWING, 1.0, IntegrationSettings(t_max=50.0, method="RK45"))
    assert tr.stop_reason == "failed"
    assert "the RK45 method raised LinAlgError: Singular matrix" in tr.message
    assert 0 < tr.t_end < 50.0
    assert np.all(np.isfinite(tr.r))
    # the path up to the failure is the one an unbroken run takes
    monkeypatch.undo()
    whole = simulate(SWING, 1.0, IntegrationSettings(t_max=tr.t_end, method="RK45"))
    assert tr.r[-1] == pytest.approx(whole.r[-1], rel=1e-6)


def test_every_run_is_bounded_in_evaluations(monkeypatch):
    monkeypatch.setattr(contract, "MAX_RHS_EVALUATIONS", 300)
    tr = timed(simulate, SWING, 1.0, IntegrationSettings(t_max=1e5, r_max=1e9))
    assert tr.stop_reason == "failed"
    assert re.search(r"after 3\d\d evaluations \(the limit is 300", tr.message), tr.message
    assert tr.message.endswith("the path is kept up to there")
    assert 0 < tr.t_end < 1e5


def test_a_user_potential_that_turns_nan_ends_with_a_message(monkeypatch):
    """sqrt(r − 0.5) is nan inside r = 0.5: the fall stops there with a message, in every engine."""
    from app.potentials import prepare_potential

    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    prepared = prepare_potential("-k*cos(theta)/r^2 + sqrt(r - 0.5)")
    falling = LaunchState(1.5, 0.0, -0.5, 0.0)
    settings = IntegrationSettings(t_max=20.0)
    params = prepared.potential.param_dict
    for tr in (timed(simulate, falling, 1.0, settings, model=prepared.model, params=params),
               timed(simulate_batch, [falling], 1.0, settings, model=prepared.model, params=params)[0]):
        assert tr.stop_reason == "failed", tr.stop_reason
        assert tr.message
        assert tr.t_end > 0 and np.all(np.isfinite(tr.r[:-1]))
        assert tr.r[-2] >= 0.5 - 1e-6
    assert time_to_radius(0.5, 1.5, -0.5, invariants(falling, 1.0)[0]) is not None


def test_the_numpy_engine_is_bounded_in_seconds(monkeypatch):
    """A custom potential singular at r = 1 kept the numpy engine busy for 17 s on a 96-charge map; now MAX_SECONDS bounds it."""
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    monkeypatch.setattr(contract, "MAX_SECONDS", 0.0)
    (tr,) = timed(simulate_batch, [SWING], 1.0, IntegrationSettings(t_max=1e4, r_max=1e9))
    assert tr.stop_reason == "failed"
    assert "the path is kept up to there" in tr.message
    assert np.all(np.isfinite(tr.r))


def _axis_collision_time(k: float, d: float, x0: float) -> float:
    """From rest at x0 on the axis of the finite dipole (charge −k/d at x = d/2), the time to reach that charge.

    On the axis beyond the charge U(x) = (k/d)(1/(x + d/2) − 1/(x − d/2)) and T = ½ẋ², so the time is
    ∫ dx / √(2(U(x0) − U(x))) from d/2 to x0, found here by quadrature.
    """
    def U(x):
        return (k / d) * (1 / (x + d / 2) - 1 / (x - d / 2))

    def integrand(x):
        return 1.0 / math.sqrt(2.0 * (U(x0) - U(x)))

    # x = x0 − s²: the 1/√ singularity at the start becomes smooth
    value, _ = scipy.integrate.quad(lambda s: 2 * s * integrand(x0 - s * s), 0.0, math.sqrt(x0 - d / 2), limit=200, epsabs=1e-13)
    return value


@pytest.mark.parametrize("engine", ["simulate", "LSODA", "numpy", "numba"])
def test_a_collision_with_a_charge_away_from_the_origin_stops_at_once(monkeypatch, engine):
    """Sundman time regularises r = 0 only: the finite dipole's charge at (d/2, 0) is a plain singularity. A charge
    released on the axis runs into it; the steps shrink to rounding level there, and the run used to creep
    on until its 20 s budget ran out, with the window frozen. Every engine now reaches the charge in Levi-Civita
    coordinates (physics/integration/regularised.py) and stops there, at the time the quadrature gives."""
    from app.potentials import prepare_preset
    if engine == "numba" and not generated.numba_enabled():
        pytest.skip("numba is not installed or DIPOLE_LAB_NO_NUMBA is set")
    if engine == "numpy":
        monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    prepared = prepare_preset("finite-dipole", d=0.4)
    params = prepared.potential.param_dict
    settings = IntegrationSettings(method="LSODA" if engine == "LSODA" else "DOP853")
    launch = LaunchState(1.5, 0.0, 0.0, 0.0)
    if engine == "numba":
        generated.model_for(prepared.model).kernel(wait=True)  # compiled (or loaded) before the clock starts
    began = time.perf_counter()
    if engine in ("simulate", "LSODA"):
        tr = simulate(launch, 1.0, settings, model=prepared.model, params=params)
    else:
        (tr,) = simulate_batch([launch], 1.0, settings, model=prepared.model, params=params)
    spent = time.perf_counter() - began
    assert tr.stop_reason == "failed"
    assert tr.message.startswith("ran into the singularity of U at (x, y) = (0.2, 0) at t = "), tr.message
    assert math.hypot(tr.x[-1] - 0.2, tr.y[-1]) < 1e-4  # at the charge
    assert tr.t_end == pytest.approx(_axis_collision_time(1.0, 0.4, 1.5), rel=1e-6)
    assert np.all(np.isfinite(tr.r)) and tr.t[-1] == tr.t_end
    assert spent < 3.0, f"took {spent:.1f} s (the budget is {contract.MAX_SECONDS:g} s)"


def test_a_close_smooth_passage_is_not_a_stall():
    """Steps that shrink with the motion's own time scale are not a stall: a point charge's narrow ellipse
    (pericentre 1.25e-3) passes the centre about 45 times and the run reaches t_max with E kept."""
    from app.potentials import prepare_preset

    prepared = prepare_preset("point-charge")
    launch = LaunchState(1.0, 0.0, 0.0, 0.05)  # apocentre 1, angular momentum L = 0.05
    E = 0.5 * 0.05**2 - 1.0
    pericentre = (-1.0 + math.sqrt(1.0 + 2.0 * E * 0.05**2)) / (2.0 * E)  # E = L²/(2r²) − 1/r, the smaller root
    assert pericentre == pytest.approx(1.25e-3, rel=1e-2)
    period = 2 * math.pi * (1.0 / (2 * abs(E))) ** 1.5
    tr = timed(simulate, launch, 1.0, IntegrationSettings(t_max=100.0, r_min=1e-6), model=prepared.model,
               params=prepared.potential.param_dict)
    assert tr.stop_reason == "t_max", tr.message
    assert 100.0 / period > 40
    assert np.max(np.abs(tr.energy - E)) < 1e-5  # 45 passages at r ≈ 1e-3 with the default tolerances


@pytest.mark.parametrize("engine", ["simulate", "numpy"])
def test_an_escape_to_a_far_r_max_is_not_a_stall(monkeypatch, engine):
    """Near r → ∞ the steps in τ shrink like 1/r (τ has a finite limit there): out to r_max = 1e6 they stay far
    above a millionth of the largest step for more than a few steps, so the run ends at r_max at the time of the r² law."""
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    launch = LaunchState(1.0, 0.3, 2.0, 0.2)  # E = ½(4 + 0.04) − cos 0.3 > 0, outwards
    settings = IntegrationSettings(t_max=1e7, r_max=1e6)
    if engine == "simulate":
        tr = timed(simulate, launch, 1.0, settings)
    else:
        (tr,) = timed(simulate_batch, [launch], 1.0, settings)
    assert tr.stop_reason == "r_max", tr.message
    E, _ = invariants(launch, 1.0)
    assert E > 0
    assert tr.t_end == pytest.approx(time_to_radius(1e6, 1.0, 2.0, E), rel=1e-8)


@pytest.mark.parametrize("engine", ["numpy", "loop"])
def test_a_seconds_limit_is_shared_by_all_the_runs_inside_it(monkeypatch, engine):
    """The window computes on its own thread: inside seconds_limit(s) all the runs together stop after s seconds
    (the loop engine runs one launch after another, each of which would otherwise have MAX_SECONDS of its own)."""
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    settings = IntegrationSettings(t_max=1e4, r_max=1e9, method="DOP853" if engine == "numpy" else "RK45")
    began = time.perf_counter()
    with contract.seconds_limit(0.0):  # spent before the runs start: every one stops at its first check
        assert contract.seconds_text() == "0 s"
        trs = simulate_batch([SWING] * 3, 1.0, settings)
    spent = time.perf_counter() - began
    assert contract.seconds_text() == f"{contract.MAX_SECONDS:g} s"
    assert spent < 2.0
    for tr in trs:
        assert tr.stop_reason == "failed"
        assert "or 0 s)" in tr.message and tr.message.endswith("the path is kept up to there")
        assert 0 < tr.t_end < 1e4 and np.all(np.isfinite(tr.r))


@pytest.mark.parametrize(
    ("method", "k", "launch", "settings"),
    [
        ("Radau", 1.0, LaunchState(4.032733566767789, 2.5686817653490968, -2.556801502562924, -0.010121294220798115),
         IntegrationSettings(method="Radau", r_max=1e6, t_max=1e9)),
        ("RK45", 1.0, LaunchState(9.900219772760686, -0.1868398926220114, -32.31352627561263, -0.02625139296488335),
         IntegrationSettings(method="RK45", r_max=1e6, t_max=1e9)),
        ("DOP853", 1e-3, LaunchState(14.534765662367109, -2.146443730295868, -5.280542728715221, 8.345674613856965e-05),
         IntegrationSettings(r_min=5e-3, r_max=1e9, t_max=1e9)),
    ],
)
def test_escapes_far_out_with_any_method_are_not_stalls(method, k, launch, settings):
    """Found in review: τ has a finite limit as r → ∞, so an escape's τ steps shrink below a millionth of the
    largest while its t steps grow; counting τ steps alone stopped these escapes as stalled near r = 1e6..1e9."""
    tr = timed(simulate, launch, k, settings)
    E, C = invariants(launch, k)
    assert classify(launch, E, C, k).kind == "escapes"
    assert tr.stop_reason == "r_max", tr.message
    # reached where the r² law puts r_max (these runs cover up to 1e9 in r: the default tolerances hold t to ~1e-5)
    assert tr.t_end == pytest.approx(time_to_radius(settings.r_max, launch.r0, launch.vr0, E), rel=1e-4)


def test_escapes_far_out_in_the_batch_engines_are_not_stalls(monkeypatch):
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    launch = LaunchState(14.534765662367109, -2.146443730295868, -5.280542728715221, 8.345674613856965e-05)
    (tr,) = timed(simulate_batch, [launch], 1e-3, IntegrationSettings(r_min=5e-3, r_max=1e9, t_max=1e9))
    assert tr.stop_reason == "r_max", tr.message
