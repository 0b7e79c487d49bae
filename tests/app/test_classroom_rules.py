"""app/classroom.py: the score of "predict, then reveal" and stepping through presets, without Qt."""

from types import SimpleNamespace

from app.classroom import PredictScore, preset_progress, score_text, step_preset, true_answer, verdict
from app.presets import PRESET_NAMES
from physics.exact import ESCAPES, FALLS, MARGINAL, Fate
from physics.regime import NoPrediction

NONE = NoPrediction("unknown", 0.1, float("nan"), None, None, "unknown")


def test_the_true_answer_is_exact_when_it_can_be_and_integrated_otherwise():
    assert true_answer(Fate(MARGINAL, 0.0, 0.0, None, 1.0, "libration")) == MARGINAL
    assert true_answer(Fate(FALLS, -1.0, -0.5, 2.0, None, "libration"), SimpleNamespace(stop_reason="t_max")) == FALLS
    assert true_answer(NONE, SimpleNamespace(stop_reason="r_max")) == ESCAPES
    assert true_answer(NONE, SimpleNamespace(stop_reason="t_max")) is None  # ran out of time: nobody knows
    assert true_answer(NONE, None) is None


def test_the_score_counts_only_scored_picks():
    score = PredictScore()
    assert score.text == "no predictions yet"
    assert score.record(FALLS, FALLS) is True
    assert score.record(ESCAPES, FALLS) is False
    assert score.record(None, FALLS) is None and score.record(FALLS, None) is None
    assert (score.right, score.asked) == (1, 2) and score.text == "1 of 2 right" == score_text(1, 2)
    score.reset()
    assert score.text == "no predictions yet"
    assert verdict(FALLS, True, "") == "Right! it falls into the dipole."
    assert verdict(ESCAPES, False, "") == "Not this time: it escapes."
    assert verdict(None, None, "ran to t = 3").startswith("No exact answer here: ran to t = 3")


def test_presets_step_round_and_resume_where_the_session_is():
    assert step_preset(PRESET_NAMES[-1], 1) == PRESET_NAMES[0]
    assert step_preset(PRESET_NAMES[0], -1) == PRESET_NAMES[-1]
    assert step_preset(None, 1) == PRESET_NAMES[0] and step_preset("mine", -1) == PRESET_NAMES[-1]
    launches = ["a", "b", "c"]
    assert preset_progress(launches, []) == 0
    assert preset_progress(launches, ["a"]) == 1
    assert preset_progress(launches, ["a", "b"]) == 2
    assert preset_progress(launches, ["a", "b", "c"]) == 0  # all done: start again
    assert preset_progress(launches, ["b"]) == 0  # something else: start again
