"""Presets: ready-made setups that show one idea each (data only; SimulationState.replace_all loads them)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from app.i18n import QT_TRANSLATE_NOOP
from app.text import read_choice
from physics.field import ViewBox
from physics.launch import LaunchState


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    description: str
    k: float
    launches: tuple[tuple[LaunchState, str], ...]
    view: ViewBox = field(default_factory=lambda: ViewBox(-3.0, 3.0, -2.0, 2.0))
    display: dict = field(default_factory=dict)


def _fan(x0: float, y0: float, speed: float, n: int, spread: float, centre: float) -> tuple:
    out = []
    for i in range(n):
        a = centre - spread / 2 + spread * i / max(n - 1, 1)
        out.append((LaunchState.from_cartesian(x0, y0, speed * math.cos(a), speed * math.sin(a)), f"fan {math.degrees(a):.0f}°"))
    return tuple(out)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "semicircle",
            QT_TRANSLATE_NOOP("Presets", "Release from rest on the equator"),
            QT_TRANSLATE_NOOP("Presets", "A charge let go at rest on the dipole's equator (θ = 90°) has E = 0 and C = 0: r stays constant and it "
                                         "swings along a semicircle with period 4K(½) r₀²/√k ≈ 7.416 r₀²/√k."),
            1.0,
            ((LaunchState(1.0, math.pi / 2, 0.0, 0.0), QT_TRANSLATE_NOOP("Presets", "semicircle swing")),),
        ),
        Preset(
            "radial-fall",
            QT_TRANSLATE_NOOP("Presets", "Radial fall along the axis"),
            QT_TRANSLATE_NOOP("Presets", "Released at rest on the +x axis, the charge falls straight in: r² = r₀² − 2k t²/r₀² exactly, "
                                         "reaching the centre at t* = r₀²/√(2k)."),
            1.0,
            ((LaunchState(1.5, 0.0, 0.0, 0.0), QT_TRANSLATE_NOOP("Presets", "radial fall")),),
        ),
        Preset(
            "capture-escape",
            QT_TRANSLATE_NOOP("Presets", "Capture and escape on either side of C = 0"),
            QT_TRANSLATE_NOOP("Presets", "Two launches from the same point with tangential speeds just below and just above the value that "
                                         "makes C = ½(r²θ̇)² − k cos θ vanish: C < 0 falls in, C > 0 escapes."),
            1.0,
            (
                (LaunchState(1.0, 0.0, 0.0, 1.30), QT_TRANSLATE_NOOP("Presets", "C < 0: captured")),
                (LaunchState(1.0, 0.0, 0.0, 1.50), QT_TRANSLATE_NOOP("Presets", "C > 0: escapes")),
            ),
        ),
        Preset(
            "libration-rotation",
            QT_TRANSLATE_NOOP("Presets", "Libration and rotation on either side of C = |k|"),
            QT_TRANSLATE_NOOP("Presets", "In Sundman time the angle is a pendulum with energy C. Below C = |k| it swings back and forth "
                                         "(libration); above, it goes all the way round (rotation)."),
            1.0,
            (
                (LaunchState(1.0, 0.0, 0.0, 1.9), QT_TRANSLATE_NOOP("Presets", "C < |k|: libration")),
                (LaunchState(1.0, 0.0, 0.0, 2.1), QT_TRANSLATE_NOOP("Presets", "C > |k|: rotation")),
            ),
            ViewBox(-4.5, 4.5, -3.0, 3.0),
        ),
        Preset(
            "field-line",
            QT_TRANSLATE_NOOP("Presets", "A field line against the real path"),
            QT_TRANSLATE_NOOP("Presets", "A charge released from rest does not follow the field line through its start: its inertia carries it "
                                         "across the lines. The highlighted curve is the field line r = c sin²θ through the starting point."),
            1.0,
            ((LaunchState(1.6, math.pi / 3, 0.0, 0.0), QT_TRANSLATE_NOOP("Presets", "released from rest")),),
            display={"start_field_line": True},
        ),
        Preset(
            "fan",
            QT_TRANSLATE_NOOP("Presets", "A fan of launches"),
            QT_TRANSLATE_NOOP("Presets", "Twelve charges leave one point at the same speed in different directions: those aimed near "
                                         "the dipole fall in, the others escape."),
            1.0,
            _fan(2.0, 0.5, 0.9, 12, math.pi * 0.9, math.pi),
        ),
    )
}

PRESET_NAMES = tuple(PRESETS)


def get_preset(name: str) -> Preset:
    return read_choice(PRESETS, name, "preset")


def load_preset(state, name: str) -> Preset:
    """Replace the state's k and launches with a preset's (one undoable step)."""
    from app.state import DisplayOptions

    preset = get_preset(name)
    display = DisplayOptions(**{**DisplayOptions().__dict__, "start_field_line": False, **preset.display})
    state.replace_all(preset.k, [(launch, label, True) for launch, label in preset.launches], display=display, view=preset.view)
    return preset
