"""What a launch did in a challenge level, judged from the trajectory the state computed.

The path is followed sample by sample, each step a straight segment: the first target or forbidden zone
the path touches decides (hit or forbidden); a path that touches neither has missed (it fell into the
dipole, flew off, or ran out of time). A launch the level does not allow (wrong k, outside the start
zone, from inside a target or a zone) is refused and costs no try.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from app.challenge.levels import Level

HIT, FORBIDDEN, MISSED, REFUSED = "hit", "forbidden", "missed", "refused"


@dataclass(frozen=True)
class Outcome:
    """hit, forbidden, missed or refused; where it happened (x, y) and, for a miss, how close the path came to a target."""

    kind: str
    reason: str = ""  # refused: why; missed: the trajectory's stop reason (r_min fell in, r_max flew off, t_max)
    x: float = math.nan
    y: float = math.nan
    t: float = math.nan
    closest: float = math.nan  # missed: the smallest distance from the path to a target

    @property
    def counts(self) -> bool:
        """Whether the launch used up a try."""
        return self.kind != REFUSED


def launch_problem(level: Level, x0: float, y0: float, k: float) -> str:
    """Why a launch from (x0, y0) at this k is not allowed in the level ('' when it is)."""
    if not level.allows_k(k):
        if level.k is not None:
            return f"this level is played at k = {level.k:g}"
        return f"this level is played with k from {level.k_range[0]:g} to {level.k_range[1]:g}"
    if level.start is not None and not level.start.contains(x0, y0):
        return "launch from inside the start zone"
    if any(target.contains(x0, y0) for target in level.targets):
        return "a launch may not start on a target"
    if any(zone.contains(x0, y0) for zone in level.forbidden):
        return "a launch may not start in a forbidden zone"
    return ""


def judge(level: Level, trajectory) -> Outcome:
    """The outcome of one launch: its trajectory's samples (x, y, t) and k, as physics.integration.contract.Trajectory has them."""
    x, y, t = (np.asarray(a, dtype=float) for a in (trajectory.x, trajectory.y, trajectory.t))
    if problem := launch_problem(level, float(x[0]), float(y[0]), float(trajectory.k)):
        return Outcome(REFUSED, problem)
    shapes = [(HIT, s) for s in level.targets] + [(FORBIDDEN, s) for s in level.forbidden]
    finite = np.isfinite(x) & np.isfinite(y)
    n = int(np.argmin(finite)) if not finite.all() else len(x)
    for i in _candidate_segments(shapes, x[:n], y[:n]):
        first = None
        for kind, shape in shapes:
            s = shape.first_entry(x[i], y[i], x[i + 1], y[i + 1])
            # on a tie the forbidden zone wins: touching it at the same instant still touches it
            if s is not None and (first is None or s < first[0] or (s == first[0] and kind == FORBIDDEN)):
                first = (s, kind)
        if first is not None:
            s, kind = first
            return Outcome(kind, x=float(x[i] + s * (x[i + 1] - x[i])), y=float(y[i] + s * (y[i + 1] - y[i])),
                           t=float(t[i] + s * (t[i + 1] - t[i])))
    closest = min(_path_distance(target, x[:n], y[:n]) for target in level.targets)
    return Outcome(MISSED, str(getattr(trajectory, "stop_reason", "")), x=float(x[n - 1]), y=float(y[n - 1]),
                   t=float(t[n - 1]), closest=closest)


def _candidate_segments(shapes, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The indices of the segments that may touch a shape (a superset, found at once for the whole path), in order."""
    if len(x) < 2:
        return np.zeros(0, dtype=int)
    x0, y0, x1, y1 = x[:-1], y[:-1], x[1:], y[1:]
    near = np.zeros(len(x0), dtype=bool)
    for _kind, shape in shapes:
        if shape.kind == "circle":
            cx, cy, radius = shape.values
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy
            with np.errstate(invalid="ignore", divide="ignore"):
                s = np.clip(np.where(length2 > 0, ((cx - x0) * dx + (cy - y0) * dy) / length2, 0.0), 0.0, 1.0)
            near |= np.hypot(x0 + s * dx - cx, y0 + s * dy - cy) <= radius * (1 + 1e-9) + 1e-12
        else:
            xmin, xmax, ymin, ymax = shape.values
            near |= ((np.maximum(x0, x1) >= xmin) & (np.minimum(x0, x1) <= xmax)
                     & (np.maximum(y0, y1) >= ymin) & (np.minimum(y0, y1) <= ymax))
    return np.flatnonzero(near)


def _path_distance(shape, x: np.ndarray, y: np.ndarray) -> float:
    """The smallest distance from the samples of a path to a shape."""
    if shape.kind == "circle":
        cx, cy, radius = shape.values
        return float(max(0.0, np.min(np.hypot(x - cx, y - cy)) - radius))
    xmin, xmax, ymin, ymax = shape.values
    dx = np.maximum(np.maximum(xmin - x, 0.0), x - xmax)
    dy = np.maximum(np.maximum(ymin - y, 0.0), y - ymax)
    return float(np.min(np.hypot(dx, dy)))


@dataclass
class Run:
    """One attempt at a level: the outcomes so far, and whether it is won, lost or still on."""

    level: Level
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def tries_used(self) -> int:
        return sum(1 for o in self.outcomes if o.counts)

    @property
    def tries_left(self) -> int:
        return max(0, self.level.tries - self.tries_used)

    @property
    def won(self) -> bool:
        return any(o.kind == HIT for o in self.outcomes)

    @property
    def over(self) -> bool:
        return self.won or self.tries_left == 0

    def record(self, outcome: Outcome) -> bool:
        """Add a launch's outcome; False (and nothing recorded) once the run is over."""
        if self.over:
            return False
        self.outcomes.append(outcome)
        return True

    def score(self) -> int | None:
        """The tries the win took (fewer is better); None until won."""
        if not self.won:
            return None
        used = 0
        for o in self.outcomes:
            used += o.counts
            if o.kind == HIT:
                return used
        return used
