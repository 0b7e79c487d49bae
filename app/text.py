"""Numbers as people read them: a real minus sign (as matplotlib's tick labels have), and no "−0"."""

from __future__ import annotations

MINUS = "\u2212"


def number(value: float, spec: str = ".4g") -> str:
    """`value` formatted with `spec`, with U+2212 for the sign and −0 shown as 0 (1e-17 rounds to 1e-17, not 0)."""
    text = format(float(value) + 0.0, spec)  # + 0.0 turns −0.0 into 0.0
    if text.lstrip("-").strip("0.") == "" and text.startswith("-"):
        text = text[1:]  # a tiny negative that the format rounds to zero: "-0.000" → "0.000"
    return text.replace("-", MINUS)
