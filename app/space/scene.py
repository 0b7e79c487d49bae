"""The 3-D view's model, free of Qt: k, the launches in space, their trajectories and the clock; and the presets.

Signals (app.state's Signal): k_changed(k), launches_changed(), trajectories_changed(), time_changed(t). The
window integrates off its GUI thread: it takes `job()` (a plain function of nothing), runs it on a worker and
hands the result to `set_trajectories`; the command line and the tests call `compute()`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from app.signals import Signal
from physics.integration.contract import IntegrationSettings
from physics.space.launch import FIELDS, SpaceLaunch

DEFAULT_SETTINGS = IntegrationSettings(t_max=30.0, samples=1501)
MAX_LAUNCHES = 40


@dataclass(frozen=True)
class SpacePreset:
    name: str
    title: str
    k: float
    launches: tuple[SpaceLaunch, ...]
    t_max: float
    radius: float  # half the side of the box shown


PRESETS = {
    p.name: p
    for p in (
        SpacePreset("space-winds-in", "Winds around the axis and falls in", 1.0, (SpaceLaunch(0.5, 1.0, 0.0, 0.0, 0.4, 0.72),), 30.0, 2.0),
        SpacePreset("space-escapes", "Escapes after several turns", 1.0, (SpaceLaunch(0.0, 1.0, 0.0, 0.0, 0.0, 0.05),), 60.0, 2.5),
        # released from rest at θ = 90° the charge swings on a circle in the plane (E = C = 0); a small v_z breaks the plane
        SpacePreset("space-plane-breaks", "The plane breaks: a planar swing and the same with a small v_z", 1.0,
                    (SpaceLaunch(0.0, 1.2, 0.0, 0.0, 0.0, 0.0), SpaceLaunch(0.0, 1.2, 0.0, 0.0, 0.0, 0.03)), 30.0, 2.0),
    )
}
PRESET_NAMES = tuple(PRESETS)


@dataclass(frozen=True)
class SpaceSetup:
    """What a session keeps of the 3-D view: k, the launches in space, the settings and the camera."""

    k: float
    launches: tuple[SpaceLaunch, ...] = ()
    settings: IntegrationSettings = DEFAULT_SETTINGS
    elev: float = 22.0
    azim: float = -60.0
    radius: float = 2.0
    projection: bool = True  # the paths' shadows on the x–y plane
    extras: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"k": self.k, "launches": [{name: getattr(la, name) for name in FIELDS} for la in self.launches],
                "t_max": self.settings.t_max, "samples": self.settings.samples, "elev": self.elev, "azim": self.azim,
                "radius": self.radius, "projection": self.projection}

    @classmethod
    def from_dict(cls, data: dict, settings: IntegrationSettings | None = None) -> SpaceSetup:
        """Read a session's "space" entry, refusing anything malformed with ValueError (one line)."""
        if not isinstance(data, dict):
            raise ValueError("the 3-D view's entry must be an object")
        k = _number(data.get("k"), "k")
        rows = data.get("launches", [])
        if not isinstance(rows, list) or len(rows) > MAX_LAUNCHES:
            raise ValueError(f"the 3-D launches must be a list of at most {MAX_LAUNCHES}")
        launches = []
        for i, row in enumerate(rows, 1):
            if not isinstance(row, dict):
                raise ValueError(f"3-D launch {i} must be an object with {', '.join(FIELDS)}")
            launches.append(SpaceLaunch(*(_number(row.get(name), f"3-D launch {i}: {name}") for name in FIELDS)))
        base = settings or DEFAULT_SETTINGS
        t_max = _number(data.get("t_max", base.t_max), "t_max")
        samples = data.get("samples", base.samples)
        if not isinstance(samples, int) or isinstance(samples, bool):
            raise ValueError("samples must be a whole number")
        return cls(k, tuple(launches), replace(base, t_max=t_max, samples=samples), _number(data.get("elev", 22.0), "elev"),
                   _number(data.get("azim", -60.0), "azim"), _number(data.get("radius", 2.0), "radius"),
                   bool(data.get("projection", True)))


def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def preset_setup(name: str) -> SpaceSetup:
    preset = PRESETS.get(name)
    if preset is None:
        raise ValueError(f"unknown 3-D preset {name!r}: use one of {', '.join(PRESET_NAMES)}")
    return SpaceSetup(preset.k, preset.launches, replace(DEFAULT_SETTINGS, t_max=preset.t_max), radius=preset.radius)


class SpaceScene:
    """k, the launches in space and their trajectories, and the clock of the 3-D view."""

    def __init__(self, setup: SpaceSetup | None = None):
        setup = setup or SpaceSetup(1.0)
        self.k_changed, self.launches_changed = Signal(), Signal()
        self.trajectories_changed, self.time_changed = Signal(), Signal()
        self._k = setup.k
        self._launches = list(setup.launches)
        self.settings = setup.settings
        self.camera = (setup.elev, setup.azim)
        self.radius = setup.radius
        self.projection = setup.projection
        self._trajectories: list = []
        self._time = 0.0
        self._generation = 0  # bumped by every change, so a late result of an older job is dropped

    @property
    def k(self) -> float:
        return self._k

    @property
    def launches(self) -> tuple[SpaceLaunch, ...]:
        return tuple(self._launches)

    @property
    def trajectories(self) -> tuple:
        return tuple(self._trajectories)

    @property
    def time(self) -> float:
        return self._time

    @property
    def duration(self) -> float:
        return max((tr.t_end for tr in self._trajectories), default=0.0)

    def setup(self) -> SpaceSetup:
        return SpaceSetup(self._k, self.launches, self.settings, *self.camera, self.radius, self.projection)

    def load(self, setup: SpaceSetup) -> None:
        self._k, self._launches, self.settings = float(setup.k), list(setup.launches), setup.settings
        self.camera, self.radius, self.projection = (setup.elev, setup.azim), setup.radius, setup.projection
        self._changed()
        self.k_changed.emit(self._k)

    def set_k(self, k: float) -> None:
        k = float(k)
        if not math.isfinite(k):
            raise ValueError(f"k must be a finite number, got {k!r}")
        if k == self._k:
            return
        self._k = k
        self.k_changed.emit(k)
        self._changed()

    def add_launch(self, launch: SpaceLaunch) -> None:
        if problem := self._refusal(launch):
            raise ValueError(problem)
        self._launches.append(launch)
        self._changed()

    def add_launches(self, launches) -> tuple[int, list[str]]:
        """Add those of `launches` that can be added, in one change: (how many, why the others were not)."""
        added, reasons = 0, []
        for launch in launches:
            if problem := self._refusal(launch):
                if problem not in reasons:
                    reasons.append(problem)
                continue
            self._launches.append(launch)
            added += 1
        if added:
            self._changed()
        return added, reasons

    def _refusal(self, launch: SpaceLaunch) -> str:
        """Why this launch cannot be added now, or ""."""
        if len(self._launches) >= MAX_LAUNCHES:
            return f"at most {MAX_LAUNCHES} launches in the 3-D view"
        if not self.settings.r_min < launch.r0 < self.settings.r_max:
            return f"the launch must start between r_min = {self.settings.r_min:g} and r_max = {self.settings.r_max:g}"
        return ""

    def clear(self) -> None:
        if self._launches:
            self._launches.clear()
            self._changed()

    def _changed(self) -> None:
        self._generation += 1
        self._trajectories = []
        self.launches_changed.emit()
        self.trajectories_changed.emit()

    def job(self):
        """A function that integrates the current launches (for a worker thread) and the generation it belongs to.

        The function takes an optional threading.Event: once it is set, the launches not yet begun are skipped
        (the result is then incomplete, for a caller that no longer wants it)."""
        from physics.space.motion import simulate_space

        launches, k, settings = self.launches, self._k, self.settings
        return (lambda stop=None: [simulate_space(la, k, settings) for la in launches if stop is None or not stop.is_set()]), self._generation

    def set_trajectories(self, trajectories, generation: int | None = None) -> bool:
        """Take a job's result; False (and nothing changes) when the launches changed since it started."""
        if generation is not None and generation != self._generation:
            return False
        self._trajectories = list(trajectories)
        self._time = min(self._time, self.duration) if self._time else self.duration
        self.trajectories_changed.emit()
        self.time_changed.emit(self._time)
        return True

    def compute(self) -> None:
        work, generation = self.job()
        self.set_trajectories(work(), generation)

    def set_time(self, t: float) -> None:
        t = min(max(float(t), 0.0), self.duration)
        if t != self._time:
            self._time = t
            self.time_changed.emit(t)
