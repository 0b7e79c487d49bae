"""The classroom's rules, without Qt: the score of "predict, then reveal" and stepping through the presets.

ui/predict.py and ui/classroom.py show them; the rules are tested here without a window.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.presets import PRESET_NAMES
from physics.exact import ESCAPES, FALLS, MARGINAL
from physics.outcome import outcome

ANSWERS = {FALLS: "falls into the dipole", ESCAPES: "escapes", MARGINAL: "is marginal (C = 0, or E = 0 moving out)"}


def true_answer(fate, trajectory=None) -> str | None:
    """The right answer to "what will this charge do?": the exact classification (falls, escapes, marginal);
    for other potentials what the integration did (falls or escapes); None when neither says."""
    kind = outcome(fate, trajectory)
    return kind if kind in ANSWERS else None


def score_text(right: int, asked: int) -> str:
    return f"{right} of {asked} right" if asked else "no predictions yet"


@dataclass
class PredictScore:
    """The class's running score: how many picks were asked and how many were right."""

    right: int = 0
    asked: int = 0

    def record(self, pick: str | None, truth: str | None) -> bool | None:
        """Score a pick against the truth; None (not scored) when there was no pick or no answer."""
        if pick is None or truth is None:
            return None
        self.asked += 1
        self.right += int(pick == truth)
        return pick == truth

    def reset(self) -> None:
        self.right = self.asked = 0

    @property
    def text(self) -> str:
        return score_text(self.right, self.asked)


def verdict(truth: str | None, right: bool | None, description: str) -> str:
    """What the reveal says: right or not and what the charge does, or that there is no exact answer."""
    if right is None:
        return f"No exact answer here: {description}"
    return ("Right! " if right else "Not this time: ") + f"it {ANSWERS[truth]}."


def step_preset(current: str | None, step: int, names: tuple[str, ...] = PRESET_NAMES) -> str:
    """The preset `step` places after `current` in `names`, going round; from no preset, the first (or the last going back)."""
    if current in names:
        return names[(names.index(current) + step) % len(names)]
    return names[0] if step > 0 else names[-1]


def preset_progress(preset_launches, shown_launches) -> int:
    """How many of the preset's launches the session already holds, in order and nothing else (0: start again).

    A session holding all of them, or anything else, starts the preset again from its first charge.
    """
    launches, shown = list(preset_launches), list(shown_launches)
    if 0 < len(shown) < len(launches) and shown == launches[: len(shown)]:
        return len(shown)
    return 0
