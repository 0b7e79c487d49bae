"""What a probe reads at a point: the potential V and the field E = −∇U of a unit charge.

V is U at the point (the potential energy of a unit charge); E comes from the model's `field`, which
physics.derivation generates from sympy's gradient of U in polar form (E_r = −∂U/∂r,
E_θ = −(1/r) ∂U/∂θ) and is turned here into Cartesian components:

    Ex = E_r cos θ − E_θ sin θ        Ey = E_r sin θ + E_θ cos θ

Nothing of U is typed in a second time. A point where U or E is not a finite number (the origin of
the point dipole, a point charge of the finite dipole) is refused with a ValueError. The origin itself, where
θ is undefined in the polar form, is read as the limit from points around it (regular for the finite dipole).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from physics.field import ViewBox


@dataclass(frozen=True)
class ProbeReading:
    """V, Ex and Ey at (x, y); E_abs is |E|."""

    x: float
    y: float
    V: float
    Ex: float
    Ey: float

    @property
    def E_abs(self) -> float:
        return math.hypot(self.Ex, self.Ey)

    def as_dict(self) -> dict[str, float]:
        """Exactly the keys V, Ex, Ey, E_abs (what `main.py probe --json` prints; + 0.0: never "-0.0")."""
        return {"V": self.V + 0.0, "Ex": self.Ex + 0.0, "Ey": self.Ey + 0.0, "E_abs": self.E_abs}


def cartesian_field(field, X, Y, params: tuple = ()):
    """(Ex, Ey) of a model's polar field(r, θ, *params) at the points X, Y (arrays or numbers; nan where singular)."""
    R = np.hypot(X, Y)
    TH = np.arctan2(Y, X)
    with np.errstate(all="ignore"):
        er, et = field(R, TH, *params)
        er = np.broadcast_to(np.asarray(er, dtype=float), np.shape(R))
        et = np.broadcast_to(np.asarray(et, dtype=float), np.shape(R))
        c, s = np.cos(TH), np.sin(TH)
        ex = er * c - et * s
        ey = er * s + et * c
    bad = ~(np.isfinite(ex) & np.isfinite(ey)) | (R == 0)
    return np.where(bad, np.nan, ex), np.where(bad, np.nan, ey)


def read_probe(model, x: float, y: float, params: tuple = ()) -> ProbeReading:
    """V and E of `model` (potential and field as physics.derivation.LambdifiedModel has them) at (x, y).

    params are the model's parameter values in its order (k first). ValueError with one line when the
    point is not a finite point or lies on a singularity of U.
    """
    x, y = float(x), float(y)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"the point ({x!r}, {y!r}) must have finite coordinates")
    r = math.hypot(x, y)
    where = f"({x:g}, {y:g})"
    if r == 0:
        return _read_origin(model, params)
    V, ex, ey = _values(model, x, y, params)
    if not (math.isfinite(V) and math.isfinite(ex) and math.isfinite(ey)) or _spike(model.field, x, y, r, params, ex, ey):
        raise ValueError(f"the point {where} is on a singularity of U: V or E is not a finite number there")
    return ProbeReading(x, y, V, ex, ey)


def _values(model, x: float, y: float, params: tuple) -> tuple[float, float, float]:
    """(V, Ex, Ey) of the model at (x, y) off the origin, each nan where it cannot be evaluated."""
    with np.errstate(all="ignore"):
        try:
            V = float(np.asarray(model.potential(math.hypot(x, y), math.atan2(y, x), *params), dtype=float))
        except (ZeroDivisionError, OverflowError, ValueError):
            V = math.nan
    try:
        ex, ey = cartesian_field(model.field, np.float64(x), np.float64(y), params)
    except (ZeroDivisionError, OverflowError, ValueError):
        ex = ey = math.nan
    return V, float(ex), float(ey)


ORIGIN_STEPS = (1e-7, 1e-6)  # the origin is read as the limit from points this far from it
ORIGIN_AGREEMENT = 1e-4  # ... whose readings must agree to this (relative to their size, at least 1)


def _read_origin(model, params: tuple) -> ProbeReading:
    """The origin, where the polar form of U and E has θ undefined: read as the limit from points around it.

    At each of two small distances, four points around the origin: the mean of their V (the linear part
    cancels) and their E must agree between the two distances, and the four E among themselves. A potential
    regular there (the finite dipole, a uniform field) passes; a singularity (the point dipole, a charge at
    the origin) does not, and is refused.
    """
    around = [np.array([_values(model, h * math.cos(a), h * math.sin(a), params) for a in (0.0, 0.5 * math.pi, math.pi, 1.5 * math.pi)])
              for h in ORIGIN_STEPS]
    means = [rows.mean(axis=0) for rows in around]
    fields_agree = all(np.isfinite(rows).all()
                       and np.abs(rows[:, 1:] - mean[1:]).max() <= ORIGIN_AGREEMENT * max(1.0, float(np.hypot(*mean[1:])))
                       for rows, mean in zip(around, means))
    if not fields_agree or not (np.abs(means[0] - means[1]) <= ORIGIN_AGREEMENT * np.maximum(1.0, np.abs(means[0]))).all():
        raise ValueError("the point (0, 0) is the origin, a singularity of U: V and E are not defined there")
    return ProbeReading(0.0, 0.0, *(float(v) for v in means[0]))


SPIKE = 1e6  # |E| this many times larger than a hair's breadth away: the point is a singularity, missed by rounding


def _spike(field, x: float, y: float, r: float, params: tuple, ex: float, ey: float) -> bool:
    """Whether (x, y) sits on a singularity that rounding turned into a huge finite value.

    The model is polar, so a charge at (−1, 0) is met at θ = π, where sin θ is 1.2e-16, not 0: E comes out
    about 1e32 instead of infinite. Around such a point E is many orders of magnitude smaller; around a
    regular point (however close to a charge) it is about the same.
    """
    h = 1e-7 * max(r, 1.0)
    X = np.array([x + h, x - h, x, x])
    Y = np.array([y, y, y + h, y - h])
    nx, ny = cartesian_field(field, X, Y, params)
    around = np.hypot(nx, ny)
    around = around[np.isfinite(around)]
    return around.size > 0 and math.hypot(ex, ey) > SPIKE * max(float(np.median(around)), 1e-300)


def field_grid(field, box: ViewBox, n: int, params: tuple = ()):
    """Points of a grid with about n arrows across the wider side of the box, and E there: (X, Y, Ex, Ey), nan where singular.

    The grid is square (the same step along x and y) and its points are half a step in from the box's edges.
    """
    if n < 1:
        raise ValueError(f"the arrow grid needs at least 1 arrow across, got {n}")
    w, h = box.xmax - box.xmin, box.ymax - box.ymin
    step = max(w, h) / n
    nx, ny = max(int(round(w / step)), 1), max(int(round(h / step)), 1)
    xs = box.xmin + (np.arange(nx) + 0.5) * w / nx
    ys = box.ymin + (np.arange(ny) + 0.5) * h / ny
    X, Y = np.meshgrid(xs, ys)
    Ex, Ey = cartesian_field(field, X, Y, params)
    return X, Y, Ex, Ey
