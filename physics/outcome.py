"""What a launch does: the exact prediction where there is one, otherwise what the integration found.

For the point dipole physics.exact.classify says before integrating whether a launch falls in, escapes or
is marginal. For any other potential there is no such prediction (its Fate has kind "unknown", see
physics.regime.NoPrediction) and the outcome is read from how the integration stopped.
"""

from __future__ import annotations

from physics.exact import ESCAPES, FALLS, MARGINAL

STAYS = "stays"  # ran to t_max without falling in or escaping
UNKNOWN = "unknown"  # the integration failed or stalled, or there is no trajectory yet
PREDICTED = (FALLS, ESCAPES, MARGINAL)


def integrated_outcome(trajectory) -> str:
    """FALLS (stopped at r_min), ESCAPES (at r_max), STAYS (ran to t_max) or UNKNOWN (failed, stalled, none)."""
    if trajectory is None:
        return UNKNOWN
    return {"r_min": FALLS, "r_max": ESCAPES, "t_max": STAYS}.get(trajectory.stop_reason, UNKNOWN)


def outcome(fate, trajectory=None) -> str:
    """The exact prediction (FALLS, ESCAPES, MARGINAL) if `fate` has one, else integrated_outcome(trajectory)."""
    if fate is not None and fate.kind in PREDICTED:
        return fate.kind
    return integrated_outcome(trajectory)


def outcome_text(fate, trajectory=None) -> str:
    """A few words for a list row: the exact prediction, or what the integration found and when."""
    if fate is not None and fate.kind == FALLS:
        return f"falls in at t = {fate.fall_time:.3g}"
    if fate is not None and fate.kind == ESCAPES:
        return "escapes"
    if fate is not None and fate.kind == MARGINAL:
        return f"marginal ({fate.zero} = 0)"
    if trajectory is None:
        return "no exact prediction"
    t = trajectory.t_end
    found = integrated_outcome(trajectory)
    if found == FALLS:
        return f"fell in at t = {t:.3g}"
    if found == ESCAPES:
        return f"reached r_max at t = {t:.3g}"
    if found == STAYS:
        return f"ran to t = {t:.3g}"
    if trajectory.message.startswith("stalled"):
        return f"stalled at t = {t:.3g}, at a singularity of U?"
    if trajectory.message.startswith("ran into the singularity"):  # physics/integration/regularised.py
        return f"ran into a singular point of U at t = {t:.3g}"
    return f"stopped at t = {t:.3g} (see the tooltip)"
