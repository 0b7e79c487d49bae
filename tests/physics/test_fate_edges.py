"""E or C zero within rounding: physics.exact.classify and the regime map (physics.regime.region_of) agree point for
point, and the fate of the marginal launches is the one r(t)² = 2E t² + 2 r₀ṙ₀ t + r₀² gives (PHYSICS.md)."""

import math

import numpy as np
import pytest

from physics import regime
from physics.exact import ESCAPES, FALLS, MARGINAL, classify
from physics.launch import LaunchState
from physics.outcome import outcome_text
from tests.physics.launches import hand_invariants


def agree(launch: LaunchState, k: float) -> str:
    """classify's kind, after checking that the map's region stands for the same fate."""
    E, C = hand_invariants(launch, k)
    fate = classify(launch, E, C, k)
    c, e = regime.fate_coordinates(E, C, launch.r0, k)
    inward = launch.vr0 < 0
    assert regime.region_fate(regime.region_of(c, e, inward), inward) == fate.kind, (launch, k, c, e)
    point = regime.regime_point(launch, k, E, C)
    assert point.fate == fate.kind and regime.region_fate(point.region, inward) == fate.kind
    return fate.kind


def edge_launches(seed: int, n: int):
    """Random launches, half of them put on (or within a few ulps of, or just off) the lines E = 0 and C = 0."""
    rng = np.random.default_rng(seed)
    for i in range(n):
        r0, th0, k = rng.uniform(0.3, 3.0), rng.uniform(-math.pi, math.pi), rng.choice([-1, 1]) * rng.uniform(0.1, 3.0)
        if i % 3 == 0:
            yield LaunchState(r0, th0, rng.uniform(-2, 2), rng.uniform(-2, 2) / r0), k
            continue
        c = rng.uniform(-1.0, -0.01) if i % 3 == 1 else rng.choice([0.0, 1e-17, -1e-17, 1e-9, -1e-9])
        c = max(c, -k * math.cos(th0) / abs(k) + 1e-3)  # reachable from θ0
        e = rng.choice([0.0, 1e-17, -1e-17, 3e-16, -3e-16, 1e-9, -1e-9, rng.uniform(-1, 1)]) if i % 3 == 1 else rng.uniform(c, c + 2)
        if e < c:
            continue
        yield regime.launch_for(r0, th0, c, e, k, inward=bool(rng.integers(2)), ccw=bool(rng.integers(2))), k


def test_classify_and_the_map_agree_over_random_launches_and_their_edges():
    kinds = {}
    for launch, k in edge_launches(15, 3000):
        kind = agree(launch, k)
        kinds[kind] = kinds.get(kind, 0) + 1
    assert all(kinds.get(kind, 0) > 100 for kind in (FALLS, ESCAPES, MARGINAL)), kinds


def test_the_issues_launch_with_E_rounded_to_minus_1e_17_is_marginal_not_a_fall_at_4_8e16():
    launch = LaunchState(2.019366695339193, -0.6156367354492356, 0.4106613336405296, 0.08239030979376429)
    k = 0.49030595105377656
    E, C = hand_invariants(launch, k)
    assert abs(E) < 1e-15 and C < -0.3
    fate = classify(launch, E, C, k)
    assert fate.kind == MARGINAL and fate.fall_time is None and fate.zero == "E"
    assert "E = 0" in fate.describe() and outcome_text(fate) == "marginal (E = 0)"
    assert agree(launch, k) == MARGINAL


def test_exactly_zero_energy_moving_out_is_marginal_and_moving_in_falls_at_the_linear_root():
    # r0 = 1, θ0 = 0, ṙ0 = ±1, θ̇0 = 1, k = 1: E = ½ + ½ − 1 = 0 and C = −½, so r² = 1 ± 2t
    out, inward = LaunchState(1.0, 0.0, 1.0, 1.0), LaunchState(1.0, 0.0, -1.0, 1.0)
    assert hand_invariants(out, 1.0) == (0.0, -0.5)
    assert agree(out, 1.0) == MARGINAL
    assert agree(inward, 1.0) == FALLS
    assert classify(inward, 0.0, -0.5, 1.0).fall_time == 0.5
    # either side of the line, beyond rounding: a fall at t ~ 1/|E| below, an escape above
    for E, kind in ((-1e-9, FALLS), (1e-9, ESCAPES), (-1e-14, MARGINAL), (1e-14, MARGINAL)):
        assert classify(out, E, -0.5, 1.0).kind == kind
        assert regime.region_fate(regime.region_of(-0.5, E, False), False) == kind
    assert classify(out, -1e-9, -0.5, 1.0).fall_time == pytest.approx(1 / 1e-9, rel=1e-6)  # root of 1 + 2t − 2e-9 t²


def test_zero_C_is_marginal_on_the_map_too():
    for vr0 in (-0.3, 0.0, 0.5):
        launch = LaunchState(1.0, 0.0, vr0, math.sqrt(2.0))  # C = ½·2 − 1 = 0 within rounding
        assert agree(launch, 1.0) == MARGINAL
        assert regime.regime_point(launch, 1.0).region == MARGINAL
    assert regime.region_of(-1e-17, 0.4, False) == MARGINAL
    assert regime.region_of(1e-17, 0.4, False) == MARGINAL
    assert regime.region_of(-1e-9, -0.5, False) == "falls"
