"""physics.outcome: one rule for what a launch does, exact where the point dipole allows, else as integrated."""

from types import SimpleNamespace

import pytest

from physics.exact import ESCAPES, FALLS, MARGINAL, Fate
from physics.outcome import STAYS, UNKNOWN, integrated_outcome, outcome, outcome_text
from physics.regime import NoPrediction


def stopped(reason: str, t_end: float = 2.5, message: str = ""):
    return SimpleNamespace(stop_reason=reason, t_end=t_end, message=message)


NONE = NoPrediction("unknown", 0.1, float("nan"), None, None, "unknown")


@pytest.mark.parametrize("reason, expected", [("r_min", FALLS), ("r_max", ESCAPES), ("t_max", STAYS), ("failed", UNKNOWN),
                                              ("stalled", UNKNOWN)])
def test_the_integrated_outcome_follows_the_stop(reason, expected):
    assert integrated_outcome(stopped(reason)) == expected
    assert outcome(NONE, stopped(reason)) == expected


def test_an_exact_prediction_wins_over_the_integration():
    falls = Fate(FALLS, -0.5, -0.2, 1.25, None, "libration")
    escapes = Fate(ESCAPES, 0.5, 0.2, None, 0.8, "libration")
    marginal = Fate(MARGINAL, 0.0, 0.0, None, 1.0, "libration")
    # an integration cut short at t_max does not change what the launch will do
    assert outcome(falls, stopped("t_max")) == FALLS
    assert outcome(escapes, stopped("t_max")) == ESCAPES
    assert outcome(marginal, None) == MARGINAL
    assert outcome(NONE, None) == UNKNOWN
    assert outcome_text(falls) == "falls in at t = 1.25"
    assert outcome_text(escapes) == "escapes"
    assert outcome_text(marginal) == "marginal (C = 0)"


def test_the_text_for_other_potentials_says_what_the_integration_found():
    assert outcome_text(NONE, None) == "no exact prediction"
    assert outcome_text(NONE, stopped("r_min")) == "fell in at t = 2.5"
    assert outcome_text(NONE, stopped("r_max")) == "reached r_max at t = 2.5"
    assert outcome_text(NONE, stopped("t_max")) == "ran to t = 2.5"
    assert "singularity" in outcome_text(NONE, stopped("failed", message="stalled: steps below ..."))
    assert "tooltip" in outcome_text(NONE, stopped("failed", message="the solver gave up"))
