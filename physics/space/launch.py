"""Initial conditions of a charge in space: position (x₀, y₀, z₀) and velocity (vx₀, vy₀, vz₀)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from physics.launch import MAX_SIZE, LaunchState

FIELDS = ("x0", "y0", "z0", "vx0", "vy0", "vz0")


@dataclass(frozen=True)
class SpaceLaunch:
    """Where and how a charge starts in space (Cartesian; the dipole is at the origin along +x)."""

    x0: float
    y0: float
    z0: float
    vx0: float
    vy0: float
    vz0: float

    def __post_init__(self):
        for name in FIELDS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value!r}")
            if abs(value) > MAX_SIZE:
                raise ValueError(f"{name} must be at most {MAX_SIZE:g} in size, got {value:g}")
            object.__setattr__(self, name, float(value))
        if self.r0 == 0:
            raise ValueError("the launch point must not be the dipole itself (x0 = y0 = z0 = 0)")

    @classmethod
    def from_planar(cls, launch: LaunchState, vz0: float = 0.0) -> SpaceLaunch:
        """A planar launch (in the x–y plane), with an out-of-plane speed vz0."""
        return cls(launch.x0, launch.y0, 0.0, launch.vx0, launch.vy0, vz0)

    @property
    def position(self) -> tuple[float, float, float]:
        return (self.x0, self.y0, self.z0)

    @property
    def velocity(self) -> tuple[float, float, float]:
        return (self.vx0, self.vy0, self.vz0)

    @property
    def r0(self) -> float:
        return math.sqrt(self.x0**2 + self.y0**2 + self.z0**2)

    @property
    def vr0(self) -> float:
        """ṙ₀ = (x · v) / r."""
        return (self.x0 * self.vx0 + self.y0 * self.vy0 + self.z0 * self.vz0) / self.r0

    @property
    def angular_momentum(self) -> tuple[float, float, float]:
        """L = x × v."""
        x, y, z = self.position
        vx, vy, vz = self.velocity
        return (y * vz - z * vy, z * vx - x * vz, x * vy - y * vx)

    @property
    def L_axis(self) -> float:
        """The angular momentum about the dipole's axis, L_x = y v_z − z v_y."""
        return self.angular_momentum[0]

    @property
    def planar(self) -> bool:
        """True when the launch stays in the x–y plane (z₀ = v_z₀ = 0)."""
        return self.z0 == 0.0 and self.vz0 == 0.0

    def to_planar(self) -> LaunchState:
        """The 2-D launch of a charge that stays in the x–y plane (z₀ = v_z₀ = 0)."""
        if not self.planar:
            raise ValueError("only a launch with z0 = vz0 = 0 stays in the x–y plane")
        return LaunchState.from_cartesian(self.x0, self.y0, self.vx0, self.vy0)
