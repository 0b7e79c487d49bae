"""The regions of the regime map (physics.regime.region_bands) and the fate colour key, against region_of and classify."""

import numpy as np
import pytest

from physics import regime
from physics.exact import FALLS, MARGINAL
from physics.launch import LaunchState


@pytest.mark.parametrize("box", [((-1.6, 2.6), (-2.0, 3.0)), ((-10.0, 0.5), (-4.0, -1.0)), ((0.5, 30.0), (2.0, 40.0))])
def test_every_band_holds_only_its_region(box):
    bands = regime.region_bands(*box)
    assert bands
    rng = np.random.default_rng(3)
    for key, cs, lower, upper in bands:
        for _ in range(40):
            i = rng.integers(len(cs))
            if upper[i] - lower[i] < 1e-9 or cs[i] in (0.0, 1.0):
                continue
            e = rng.uniform(lower[i], upper[i])
            c = cs[i]
            if key == regime.UNREACHABLE:
                assert e <= c
            elif not (abs(e) < 1e-9 or abs(e - c) < 1e-9):
                assert e >= c and regime.region_of(c, e) == key, (key, c, e)


def test_bands_cover_the_reachable_box():
    (c0, c1), (e0, e1) = box = ((-1.6, 2.6), (-2.0, 3.0))
    bands = regime.region_bands(*box, samples=401)
    rng = np.random.default_rng(5)
    for c, e in rng.uniform((c0, e0), (c1, e1), size=(300, 2)):
        covered = [key for key, cs, lo, hi in bands if np.interp(c, cs, lo) - 1e-2 <= e <= np.interp(c, cs, hi) + 1e-2
                   and cs[0] - 1e-2 <= c <= cs[-1] + 1e-2]
        assert covered, (c, e)
    with pytest.raises(ValueError):
        regime.region_bands((1.0, 0.0), (0.0, 1.0))


class Stopped:
    def __init__(self, reason):
        self.stop_reason = reason


def test_the_fate_key_is_the_region_for_the_point_dipole_and_the_integration_otherwise():
    k = 1.0
    falls_in = LaunchState(1.0, 0.0, -0.5, 0.0)  # C = −1 < 0 moving in
    assert regime.fate_key(falls_in, k, exact=True) == FALLS
    out = LaunchState(1.0, 0.0, 2.0, 0.0)  # C = −1 < 0, E = 1 > 0, moving out: the 'depends' region escapes
    assert regime.regime_point(out, k).region == "depends"
    assert regime.fate_key(out, k, exact=True) == "escapes-libration"
    assert regime.fate_key(LaunchState(1.0, 0.0, 0.0, 2.5), k, exact=True) == "escapes-rotation"  # C = 2.125 > |k|
    assert regime.fate_key(falls_in, k, exact=False, trajectory=Stopped("r_max")) == "escapes"  # not the point dipole
    assert regime.fate_key(LaunchState(1.0, 0.0, 0.0, 2 ** 0.5), k, exact=True) == MARGINAL  # C = 0
    assert regime.fate_key(falls_in, 0.0, exact=True, trajectory=Stopped("t_max")) == "stays"
    assert regime.fate_key(falls_in, k, exact=False, trajectory=None) == "unknown"
