"""Scattering of a parallel beam by the potential: deflection angle against impact parameter, and dσ/dΘ.

A beam travels along the unit vector d = (cos α, sin α); the launch with impact parameter b starts
a distance `start` behind the origin, at −start·d + b·n with n = (−sin α, cos α), at speed v. Its
deflection Θ is the angle of the final velocity measured from d (counter-clockwise positive, in
(−π, π]). For a 2D beam the differential cross-section is dσ/dΘ = Σ |db/dΘ| over the branches.

For the point dipole the whole scattering is exact: an incoming charge has E = ½v², angular momentum
L = r²θ̇ = −b v (for the sign convention above, see `angular_momentum`) and C = ½L² − k cos θ_in with
θ_in = α + π. Between t = −∞ and +∞ the Sundman time runs Δτ = ∫dt / r² = π/√(2C), and the outgoing
direction is the pendulum angle θ(Δτ) started at θ_in with dθ/dτ = L. C < 0 means the charge falls in.

So for the point dipole `scatter` starts each charge on that exact orbit at the start distance (the torque on
the way in is not lost: `incoming_launch`), and reads its deflection at infinity from the state it leaves r_max
with (`outgoing_deflection`): only the part in between is integrated. For any other potential the charges start
on the straight line at `start` with the beam's velocity, and leave at r_max: the torque beyond is ignored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from physics.integration.contract import IntegrationSettings, Trajectory
from physics.launch import LaunchState


@dataclass(frozen=True)
class Beam:
    """Parallel launches: impact parameters b from b_min to b_max, speed v, direction of travel α (radians)."""

    b_min: float = -3.0
    b_max: float = 3.0
    n: int = 41
    speed: float = 1.0
    direction: float = math.pi  # travel towards −x, i.e. coming in from the +x side
    start: float = 25.0  # how far behind the origin (along −d) the beam starts

    def __post_init__(self):
        for name in ("b_min", "b_max", "speed", "direction", "start"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value!r}")
        if not self.b_min < self.b_max:
            raise ValueError(f"b_min ({self.b_min:g}) must be smaller than b_max ({self.b_max:g})")
        if not isinstance(self.n, int) or not 2 <= self.n <= 2000:
            raise ValueError(f"n must be a whole number from 2 to 2000, got {self.n!r}")
        if self.speed <= 0:
            raise ValueError(f"speed must be positive, got {self.speed!r}")
        if self.start <= 0:
            raise ValueError(f"start must be positive, got {self.start!r}")

    @property
    def impact_parameters(self) -> np.ndarray:
        return np.linspace(self.b_min, self.b_max, self.n)

    @property
    def unit(self) -> tuple[float, float]:
        return math.cos(self.direction), math.sin(self.direction)

    @property
    def normal(self) -> tuple[float, float]:
        return -math.sin(self.direction), math.cos(self.direction)

    @property
    def r_max(self) -> float:
        """Where to stop: a little further out than the furthest start point."""
        return 1.02 * math.hypot(self.start, max(abs(self.b_min), abs(self.b_max)))

    def launches(self) -> list[LaunchState]:
        (dx, dy), (nx, ny) = self.unit, self.normal
        out = []
        for b in self.impact_parameters:
            x0, y0 = -self.start * dx + b * nx, -self.start * dy + b * ny
            if math.hypot(x0, y0) == 0:
                x0 += 1e-9
            out.append(LaunchState.from_cartesian(float(x0), float(y0), self.speed * dx, self.speed * dy))
        return out

    def settings(self, base: IntegrationSettings | None = None, samples: int = 400) -> IntegrationSettings:
        """Integration settings that let every orbit cross the picture and leave it."""
        base = base or IntegrationSettings()
        t_max = 6.0 * self.r_max / self.speed + 20.0
        return IntegrationSettings(t_max=t_max, samples=samples, r_min=min(base.r_min, 0.05), r_max=self.r_max,
                                   rtol=base.rtol, atol=base.atol, method=base.method)


@dataclass(frozen=True, eq=False)
class ScatteringResult:
    """One beam's outcome: per impact parameter, the deflection and whether it fell in."""

    beam: Beam
    b: np.ndarray
    deflection: np.ndarray  # Θ in (−π, π]; nan for orbits that fell in or never left
    falls: np.ndarray  # bool: stopped at r_min
    escaped: np.ndarray  # bool: reached r_max
    tau: np.ndarray  # Sundman time from start to stop
    trajectories: tuple[Trajectory, ...]

    def cross_section(self) -> tuple[np.ndarray, np.ndarray]:
        return differential_cross_section(self.b, self.deflection)


def angular_momentum(b: float, speed: float) -> float:
    """L = x vy − y vx of a beam launch: the start point is −s·d + b·n and the velocity v·d, so L = −b v."""
    return -b * speed


def deflection_angle(vx_out: float, vy_out: float, direction: float) -> float:
    """Angle of the outgoing velocity from the beam direction, in (−π, π]."""
    a = math.remainder(math.atan2(vy_out, vx_out) - direction, 2 * math.pi)
    return math.pi if a == -math.pi else float(a)


def sundman_time_beyond(R: float, E: float, C: float) -> float:
    """τ = ∫ dt / r² spent beyond the radius R on a point-dipole orbit from or to infinity (E > 0), in closed form.

    With s = |r ṙ| = √(2E r² − 2C) (constant C, see PHYSICS.md), dτ = ds / (s² + 2C), so τ = atan(√(2C)/s)/√(2C)
    for C > 0, atanh(√(−2C)/s)/√(−2C) for C < 0 and 1/s for C = 0.
    """
    s = math.sqrt(2 * E * R * R - 2 * C)
    if C > 0:
        q = math.sqrt(2 * C)
        return math.atan(q / s) / q
    if C < 0:
        q = math.sqrt(-2 * C)
        return math.atanh(q / s) / q
    return 1.0 / s


def incoming_launch(b: float, R: float, speed: float, direction: float, k: float) -> LaunchState:
    """The state at radius R, on the way in, of the point-dipole orbit that came from infinity with impact parameter b.

    E = ½v², C = ½L² − k cos θ_in with L = −b v and θ_in = α + π; r ṙ = −√(2E R² − 2C), and (θ, r²θ̇) is the
    pendulum's state a Sundman time sundman_time_beyond(R) after (θ_in, L).
    """
    from physics.exact import pendulum_state

    E, C, L = 0.5 * speed**2, asymptotic_C(b, speed, direction, k), angular_momentum(b, speed)
    tau = sundman_time_beyond(R, E, C)
    theta, w = pendulum_state(tau, direction + math.pi, L, k)
    return LaunchState(float(R), float(theta), -math.sqrt(2 * E * R * R - 2 * C) / R, float(w) / R**2)


def outgoing_deflection(trajectory: Trajectory, speed: float, direction: float, k: float, b: float) -> float:
    """The deflection at infinity of a point-dipole charge that left through r_max: the pendulum carries its
    angle on for the Sundman time it still spends beyond that radius (the torque does not stop at r_max)."""
    from physics.exact import pendulum_state

    E, C = 0.5 * speed**2, asymptotic_C(b, speed, direction, k)
    r, theta, w = float(trajectory.r[-1]), float(trajectory.theta[-1]), float(trajectory.omega[-1] * trajectory.r[-1] ** 2)
    theta_out = float(pendulum_state(sundman_time_beyond(r, E, C), theta, w, k)[0])
    a = math.remainder(theta_out - direction, 2 * math.pi)
    return math.pi if a == -math.pi else float(a)


def scatter(beam: Beam, k: float, settings: IntegrationSettings | None = None, model=None, params: dict | None = None,
            samples: int = 400) -> ScatteringResult:
    """Integrate every launch of the beam together (physics.integration.batch.simulate_batch) and measure the deflections.

    model None is the point dipole: its charges start on their exact incoming orbits and their deflections are
    read at infinity (see the module's docstring); any other model starts them on the straight line.
    """
    from physics.integration.batch import simulate_batch

    exact = model is None
    if exact:
        launches = [incoming_launch(float(b), launch.r0, beam.speed, beam.direction, k)
                    for b, launch in zip(beam.impact_parameters, beam.launches())]
    else:
        launches = beam.launches()
    run = beam.settings(settings, samples=samples)
    trajectories = simulate_batch(launches, k, run, model=model, params=params)
    defl, falls, escaped, tau = [], [], [], []
    for b, tr in zip(beam.impact_parameters, trajectories):
        fell = tr.stop_reason == "r_min"
        out = tr.stop_reason == "r_max"
        falls.append(fell)
        escaped.append(out)
        tau.append(float(tr.tau[-1]))
        if not out:
            defl.append(math.nan)
        elif exact:
            defl.append(outgoing_deflection(tr, beam.speed, beam.direction, k, float(b)))
        else:
            defl.append(deflection_angle(float(tr.vx[-1]), float(tr.vy[-1]), beam.direction))
    return ScatteringResult(beam, beam.impact_parameters, np.array(defl), np.array(falls), np.array(escaped), np.array(tau),
                            tuple(trajectories))


def differential_cross_section(b: np.ndarray, deflection: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Θ, dσ/dΘ = |db/dΘ|) at each defined sample, by differentiating Θ(b) along each unbroken run of b.

    Runs are split where an orbit fell in (nan); within a run Θ is unwrapped so a jump across ±π is not a
    spike. Where Θ(b) is stationary (a rainbow) dσ/dΘ is very large; it is inf where the difference is 0.
    """
    b = np.asarray(b, dtype=float)
    th = np.asarray(deflection, dtype=float)
    out_theta, out_sigma = np.full_like(th, np.nan), np.full_like(th, np.nan)
    ok = np.isfinite(th)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ok.astype(np.int8), [0]))))
    for start, stop in zip(edges[::2], edges[1::2]):
        if stop - start < 2:
            continue
        bb = b[start:stop]
        tt = np.unwrap(th[start:stop])
        slope = np.gradient(tt, bb)
        with np.errstate(divide="ignore"):
            out_sigma[start:stop] = 1.0 / np.abs(slope)
        out_theta[start:stop] = th[start:stop]
    return out_theta, out_sigma


def total_sundman_time(C: float) -> float:
    """Δτ = ∫ dt / r² over a whole scattering orbit of the point dipole (t from −∞ to ∞): π / √(2C), for C > 0."""
    if not C > 0:
        raise ValueError(f"a scattering orbit needs C > 0, got C = {C!r}")
    return math.pi / math.sqrt(2.0 * C)


def asymptotic_C(b: float, speed: float, direction: float, k: float) -> float:
    """C = ½ L² − k cos θ_in of a charge coming from infinity (θ_in = α + π) with impact parameter b."""
    return 0.5 * (b * speed) ** 2 + k * math.cos(direction)


def exact_deflection(b: float, speed: float, direction: float, k: float) -> float:
    """The exact point-dipole deflection Θ(b) in (−π, π], or nan if the charge falls in (C ≤ 0)."""
    from physics.exact import pendulum_angle

    C = asymptotic_C(b, speed, direction, k)
    if not C > 0:
        return math.nan
    theta_in = direction + math.pi
    theta_out = float(pendulum_angle(total_sundman_time(C), theta_in, angular_momentum(b, speed), k))
    a = math.remainder(theta_out - direction, 2 * math.pi)
    return math.pi if a == -math.pi else float(a)


def capture_width(speed: float, direction: float, k: float) -> float:
    """Half-width of the band of impact parameters that fall into a point dipole: |b| < √(−2k cos α) / v (0 if none)."""
    x = -2.0 * k * math.cos(direction)
    return math.sqrt(x) / speed if x > 0 else 0.0
