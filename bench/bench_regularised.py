"""Cost of the regularisation near charges off the origin (issue 15), against Sundman time alone in the same run.

    python bench/bench_regularised.py [--repeats N]

Integrates the window's fan (12 launches from (2, 0.5) at speed 0.9, default settings: t_max 20, rtol 1e-10)
in the finite dipole (d = 0.4, the preset's default, and d = 0.1) three ways:
* "sundman": scipy in Sundman time alone (the time transformation switched off: the code before issue 15),
* "numba": the batch kernel in Sundman time alone (what the window's fans used before issue 15),
* "regularised": scipy with Levi-Civita discs (simulate now),
* "batch now": simulate_batch now: the kernel's runs, those that come near a charge integrated again by simulate,
and the point dipole's fan through simulate, with and without the (idle) check for singular points.
Prints seconds and ratios; the error figures are in tests/physics/integration/test_regularised.py.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def fan():
    from physics.launch import LaunchState

    return [LaunchState.from_cartesian(2.0, 0.5, 0.9 * math.cos(a), 0.9 * math.sin(a))
            for a in (math.pi * 0.55 + math.pi * 0.9 * i / 11 for i in range(12))]


def best(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times) if times else math.nan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from physics import derivation
    from physics.expressions import parse_expression
    from physics.integration import regularised, scipy_engine
    from physics.integration.batch import simulate_batch
    from physics.integration.contract import IntegrationSettings
    from physics.integration.generated import model_for

    U = "(k/d)*(1/sqrt(r**2 + r*d*cos(theta) + d**2/4) - 1/sqrt(r**2 - r*d*cos(theta) + d**2/4))"
    model = derivation.lambdified_model(derivation.DEFAULT_T, parse_expression(U))
    model_for(model).kernel()  # compiled before the clock starts
    launches, settings = fan(), IntegrationSettings()
    real_transformation, real_regularisation = scipy_engine.time_transformation, regularised.regularisation_for

    def sundman_alone(on: bool) -> None:
        scipy_engine.time_transformation = real_transformation if on else (lambda model, p: None)
        regularised.regularisation_for = real_regularisation if on else (lambda model: None)

    for d in (0.4, 0.1):
        params = {"d": d}

        def scipy_runs(params=params):
            return [scipy_engine.simulate(launch, 1.0, settings, model=model, params=params) for launch in launches]

        sundman_alone(False)
        old = best(scipy_runs, args.repeats)
        numba = best(lambda params=params: simulate_batch(launches, 1.0, settings, model=model, params=params), args.repeats)
        sundman_alone(True)
        new = best(scipy_runs, args.repeats)
        batch = best(lambda params=params: simulate_batch(launches, 1.0, settings, model=model, params=params), args.repeats)
        redone = sum(1 for tr in simulate_batch(launches, 1.0, settings, model=model, params=params)
                     if regularised.needs_simulate(tr, regularised.regularisation_for(model), (1.0, d), np.empty((0, 2))))
        print(f"finite dipole d = {d}: sundman {old:.3f} s, numba {numba:.3f} s, regularised {new:.3f} s, "
              f"batch now {batch:.3f} s ({redone} of {len(launches)} launches through simulate); "
              f"regularised / sundman = {new / old:.2f}, batch now / numba before = {batch / numba:.1f}")
    dipole = [scipy_engine.simulate(launch, 1.0, settings) for launch in launches[:1]]  # warm
    del dipole
    sundman_alone(False)
    before = best(lambda: [scipy_engine.simulate(launch, 1.0, settings) for launch in launches], args.repeats)
    sundman_alone(True)
    after = best(lambda: [scipy_engine.simulate(launch, 1.0, settings) for launch in launches], args.repeats)
    print(f"point dipole through simulate: {before:.3f} s without the check, {after:.3f} s with it; ratio {after / before:.2f}")


if __name__ == "__main__":
    main()
