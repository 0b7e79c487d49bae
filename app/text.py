"""Numbers as people read and type them: a real minus sign (as matplotlib's tick labels have), no "−0", finite numbers only."""

from __future__ import annotations

import math

MINUS = "\u2212"


def number(value: float, spec: str = ".4g") -> str:
    """`value` formatted with `spec`, with U+2212 for the sign and −0 shown as 0 (1e-17 rounds to 1e-17, not 0)."""
    text = format(float(value) + 0.0, spec)  # + 0.0 turns −0.0 into 0.0
    if text.lstrip("-").strip("0.") == "" and text.startswith("-"):
        text = text[1:]  # a tiny negative that the format rounds to zero: "-0.000" → "0.000"
    return text.replace("-", MINUS)


def read_number(text: str, name: str = "") -> float:
    """The finite float a person wrote, or ValueError "NAME must be a (finite) number, got 'TEXT'" (the text cut to 40)."""
    what = f"{name} must be" if name else "must be"
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} a number, got {text[:40]!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} a finite number, got {text!r}")
    return value


def read_choice(table: dict, name: str, what: str):
    """table[name] for a name a person gave (a preset, a theme, a potential), or ValueError listing the names."""
    try:
        return table[name]
    except KeyError:
        raise ValueError(f"unknown {what} {name!r}: use one of {', '.join(table)}") from None
