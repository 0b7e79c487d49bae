"""The regime map (physics/regime.py) against physics.exact.classify and against integration."""

import itertools
import math

import numpy as np
import pytest

from physics import regime
from physics.exact import ESCAPES, FALLS, classify, pendulum_regime
from physics.integration.contract import IntegrationSettings
from physics.integration.scipy_engine import invariants, simulate
from physics.launch import LaunchState


def spread(k: float) -> list[LaunchState]:
    """A spread of launches over positions, radial and tangential speeds, on both sides of every separatrix."""
    out = []
    for r0, th0, vr0, om0 in itertools.product((0.8, 1.6), (0.3, 1.4, 2.6), (-0.9, 0.0, 0.7), (-1.2, 0.2, 1.6)):
        out.append(LaunchState(r0, th0, vr0, om0 / r0))
    return out


@pytest.mark.parametrize("k", [1.0, -0.7])
def test_classification_agrees_with_the_integrated_outcome(k):
    settings = IntegrationSettings(t_max=400.0, samples=50, r_min=1e-3, r_max=40.0)
    checked = 0
    for launch in spread(k):
        point = regime.regime_point(launch, k)
        if abs(point.c) < 0.02 or abs(point.e) < 0.05:
            continue  # too close to a separatrix, or too slow to fall in or escape in time
        tr = simulate(launch, k, settings)
        expected = {FALLS: "r_min", ESCAPES: "r_max"}[point.fate]
        assert tr.stop_reason == expected, (launch, point)
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize("k", [1.0, -2.0])
def test_map_coordinates_regions_and_classify_agree(k):
    for launch in spread(k):
        E, C = invariants(launch, k)
        point = regime.regime_point(launch, k)
        assert point.c == pytest.approx(C / abs(k))
        assert point.e == pytest.approx(E * launch.r0**2 / abs(k))
        assert point.e >= point.c - 1e-12  # E r0² = ½(r0 ṙ0)² + C
        fate = classify(launch, E, C, k)
        assert point.fate == fate.kind
        assert regime.region_fate(point.region, point.inward) == fate.kind
        assert point.swing == pendulum_regime(C, k)
        if point.region == "escapes-rotation":
            assert point.swing == "rotation"
        elif point.region in ("falls", "depends", "escapes-libration"):
            assert point.swing == "libration"


def test_the_regions_of_the_plane():
    assert regime.region_of(-0.5, -0.2) == "falls"
    assert regime.region_of(-0.5, 0.3) == "depends"
    assert regime.region_of(0.5, 0.8) == "escapes-libration"
    assert regime.region_of(1.5, 2.0) == "escapes-rotation"
    assert regime.region_fate("depends", inward=True) == FALLS
    assert regime.region_fate("depends", inward=False) == ESCAPES
    assert math.isnan(regime.fate_coordinates(1.0, 1.0, 1.0, 0.0)[0])
    assert regime.regime_point(LaunchState(1.0, 0.3, 0.1, 0.5), 0.0).region == "free"


def test_launch_for_lands_on_the_requested_point():
    k = 1.3
    for c, e, inward in ((-0.4, -0.1, False), (-0.2, 0.5, True), (0.4, 1.0, False), (1.6, 1.7, True)):
        launch = regime.launch_for(1.2, 0.4, c, e, k, inward=inward)
        point = regime.regime_point(launch, k)
        assert (point.c, point.e) == pytest.approx((c, e), abs=1e-12)
        assert point.inward == inward
    with pytest.raises(ValueError):
        regime.launch_for(1.0, 0.0, 0.5, 0.2, k)  # e < c is unreachable
    with pytest.raises(ValueError):
        regime.launch_for(1.0, 0.0, -2.0, 0.0, k)  # C < −k cos θ0 is unreachable from θ0 = 0


def test_fan_launches_share_the_start_and_speed():
    fan = regime.fan_launches(2.0, 0.5, [0.9], np.linspace(0, np.pi, 7))
    assert len(fan) == 7
    for launch in fan:
        assert (launch.x0, launch.y0) == pytest.approx((2.0, 0.5))
        assert math.hypot(launch.vx0, launch.vy0) == pytest.approx(0.9)
    assert len(regime.fan_launches(2.0, 0.5, [0.5, 1.0, 1.5], [0.0])) == 3
