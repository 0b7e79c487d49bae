"""The challenge's game logic: levels read from files (and refused with one line each), launches judged from their paths.

The launches that solve a level are found here from the physics (a straight line at k = 0, C just above 0 for a
capture-escape orbit, a small search elsewhere), never copied from the app's output.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from app.challenge import LevelError, Run, builtin_levels, judge, load_level, load_levels, parse_level
from app.challenge.levels import Shape
from app.challenge.outcome import FORBIDDEN, HIT, MISSED, REFUSED, Outcome
from physics.integration.batch import simulate_batch
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

SETTINGS = IntegrationSettings(t_max=20.0, samples=1001)
BASE = {"format": "dipole-lab-level", "version": 1, "title": "test", "tries": 3}


def aimed(x0, y0, angle, speed) -> LaunchState:
    return LaunchState.from_cartesian(x0, y0, speed * math.cos(angle), speed * math.sin(angle))


def with_C(x0, y0, angle, C, k) -> LaunchState:
    """The launch along `angle` from (x0, y0) whose invariant C = ½(r²θ̇)² − k cos θ₀ has the value given."""
    r0 = math.hypot(x0, y0)
    L = math.sqrt(2 * (C + k * x0 / r0))  # |r²θ̇| = |x v_y − y v_x| = v |x sin a − y cos a|
    return aimed(x0, y0, angle, L / abs(x0 * math.sin(angle) - y0 * math.cos(angle)))


def outcomes(level, launches, k):
    return [judge(level, tr) for tr in simulate_batch(launches, k, SETTINGS)]


def free_level(**extra):
    return parse_level(dict(BASE, k=0.0, start={"circle": [-2, 0, 0.3]}, targets=[{"circle": [2, 1, 0.25]}], **extra))


def test_at_k_0_a_straight_shot_at_the_target_hits_it_where_the_line_meets_the_circle():
    level = free_level()
    (hit,) = outcomes(level, [aimed(-2, 0, math.atan2(1, 4), 1.0)], 0.0)
    assert hit.kind == HIT
    # the line from (-2, 0) towards (2, 1) meets the circle 0.25 before its centre, at t = (√17 − 0.25) / speed
    assert math.hypot(hit.x - 2, hit.y - 1) == pytest.approx(0.25, abs=1e-6)
    assert hit.t == pytest.approx(math.sqrt(17) - 0.25, abs=1e-6)


def test_at_k_0_a_shot_aimed_away_misses_by_the_exact_distance_and_one_through_a_zone_is_forbidden():
    level = free_level(forbidden=[{"rect": [-0.2, 0.2, -1, 1]}])
    missed, blocked = outcomes(level, [aimed(-2, 0, -math.pi / 2, 1.0), aimed(-2, 0, math.atan2(1, 4), 1.0)], 0.0)
    assert missed.kind == MISSED and missed.reason in ("t_max", "r_max")
    # straight down the line x = -2: the nearest point of the path to (2, 1) is (-2, 0) itself
    assert missed.closest == pytest.approx(math.hypot(4, 1) - 0.25, abs=1e-9)
    assert blocked.kind == FORBIDDEN
    assert blocked.x == pytest.approx(-0.2, abs=1e-6)  # where the line enters the wall
    assert blocked.y == pytest.approx(1.8 / 4, abs=1e-6)


def test_launches_the_level_does_not_allow_are_refused_and_cost_no_try():
    level = free_level()
    outside, wrong_k = outcomes(level, [aimed(-1, 0, 0.2, 1.0)], 0.0)[0], outcomes(level, [aimed(-2, 0, 0.2, 1.0)], 1.0)[0]
    assert outside.kind == REFUSED and "start zone" in outside.reason
    assert wrong_k.kind == REFUSED and "k = 0" in wrong_k.reason
    run = Run(level)
    run.record(outside)
    run.record(wrong_k)
    assert run.tries_used == 0 and run.tries_left == 3 and not run.over


def test_a_run_counts_tries_ends_on_a_hit_or_when_the_tries_are_used_and_scores_the_tries_a_win_took():
    level = free_level()
    run = Run(level)
    assert run.record(Outcome(MISSED)) and run.record(Outcome(REFUSED, "k")) and run.record(Outcome(HIT))
    assert run.won and run.over and run.score() == 2
    assert not run.record(Outcome(MISSED))  # nothing is recorded once it is over
    lost = Run(level)
    for _ in range(3):
        lost.record(Outcome(FORBIDDEN))
    assert lost.over and not lost.won and lost.score() is None and lost.tries_left == 0


def test_the_first_shape_the_path_touches_decides_whatever_the_candidates_found_at_once():
    """judge against a plain loop over every segment (judge looks only at segments that may touch a shape)."""
    rng = np.random.default_rng(7)
    level = parse_level(dict(BASE, k=1.0, targets=[{"circle": [0.5, 0.5, 0.2]}, {"rect": [-1, -0.5, -1, -0.6]}],
                             forbidden=[{"circle": [-0.5, 0.5, 0.3]}, {"rect": [0.4, 1.0, -0.8, -0.5]}]))
    shapes = [(HIT, s) for s in level.targets] + [(FORBIDDEN, s) for s in level.forbidden]
    kinds = set()
    for _ in range(60):
        x, y = np.cumsum(rng.normal(0, 0.08, (2, 200)), axis=1) + np.array([[1.5], [1.5]])
        path = type("Path", (), {"x": x, "y": y, "t": np.arange(200.0), "k": 1.0, "stop_reason": "t_max"})
        expected = MISSED
        for i in range(199):
            found = [(s, kind) for kind, shape in shapes if (s := shape.first_entry(x[i], y[i], x[i + 1], y[i + 1])) is not None]
            if found:
                expected = min(found, key=lambda f: (f[0], f[1] != FORBIDDEN))[1]
                break
        assert judge(level, path).kind == expected
        kinds.add(expected)
    assert kinds == {HIT, FORBIDDEN, MISSED}  # the random paths tried every outcome


def test_shape_first_entry_is_where_a_segment_crosses_the_boundary():
    circle, rect = Shape("circle", (0.0, 0.0, 1.0)), Shape("rect", (1.0, 2.0, -1.0, 1.0))
    assert circle.first_entry(-3, 0, 3, 0) == pytest.approx(2 / 6)
    assert circle.first_entry(-3, 2, 3, 2) is None
    assert circle.first_entry(0, 0, 5, 0) == 0.0  # starting inside
    assert rect.first_entry(0, 0, 4, 0) == pytest.approx(0.25)
    assert rect.first_entry(0, 3, 4, 3) is None
    assert rect.distance(0, 0) == 1.0 and circle.distance(3, 4) == pytest.approx(4.0)


def test_every_shipped_level_loads_in_order():
    levels = builtin_levels()
    assert [level.title for level in levels][:4] == ["First shot", "Behind the dipole", "Capture and escape", "Pushed away"]
    assert all(level.start is not None and level.targets for level in levels)


def _grid(level, speeds, angles):
    x0, y0 = level.start.values[:2]
    return [aimed(x0, y0, a, v) for v in speeds for a in angles]


def test_first_shot_is_hit_by_a_launch_found_in_a_small_search_and_missed_by_a_shot_the_other_way():
    level = builtin_levels()[0]
    x0, y0 = level.start.values[:2]
    tx, ty = level.targets[0].values[:2]
    aim = math.atan2(ty - y0, tx - x0)
    launches = _grid(level, (1.0, 1.5, 2.0), aim + np.linspace(-0.3, 0.3, 7)) + [aimed(x0, y0, aim + math.pi, 1.0)]
    results = outcomes(level, launches, level.k)
    assert HIT in [o.kind for o in results[:-1]]
    assert results[-1].kind == MISSED


def test_behind_the_dipole_is_hit_over_the_top_and_a_shot_at_the_foot_of_the_wall_hits_the_wall():
    level = builtin_levels()[1]
    x0, y0 = level.start.values[:2]
    foot = aimed(x0, y0, math.atan2(-1.5 - y0, -x0), 4.0)  # fast at (0, -1.5): the repulsion of the left side bends it only a little
    results = outcomes(level, _grid(level, (1.4, 1.8, 2.2), np.linspace(-0.9, 0.1, 6)) + [foot], level.k)
    assert HIT in [o.kind for o in results[:-1]]
    assert results[-1].kind == FORBIDDEN


def test_capture_and_escape_is_hit_with_C_just_above_0_and_missed_with_C_below_0_which_falls_in():
    level = builtin_levels()[2]
    x0, y0 = level.start.values[:2]
    k = level.k
    above = [with_C(x0, y0, math.radians(a), C, k) for a in (210, 220) for C in np.linspace(0.005, 0.3, 12)]
    trajectories = simulate_batch(above + [with_C(x0, y0, math.radians(215), -0.05, k)], k, SETTINGS)
    results = [judge(level, tr) for tr in trajectories]
    hits = [tr for tr, o in zip(trajectories, results) if o.kind == HIT]
    assert hits
    assert all(float(np.min(tr.r)) < 0.5 for tr in hits)  # captured: each swung close round the dipole on the way
    assert results[-1].kind == MISSED and results[-1].reason == "r_min"  # C < 0 with r decreasing: it falls in


def test_pushed_away_lets_the_student_choose_k_and_the_same_launches_hit_only_with_negative_k():
    level = builtin_levels()[3]
    assert level.student_chooses_k and level.allows_k(-1.0) and level.allows_k(1.0) and not level.allows_k(3.0)
    launches = _grid(level, (1.4, 1.6, 1.8, 2.0), np.linspace(math.pi * 1.05, math.pi * 1.2, 6))
    assert HIT in [o.kind for o in outcomes(level, launches, -1.0)]
    assert HIT not in [o.kind for o in outcomes(level, launches, 1.0)]



def test_pushed_away_is_won_only_with_negative_k_over_a_grid_of_launches_from_the_whole_start_zone():
    """Seven start points over the start zone, speeds 0.3 to 2.5 (the slow loops and the detours are where
    a positive k found a way round) and 32 directions: 3,584 launches at each k. A positive k must not win
    (it once did, over the top of the dipole and back down through the gap, or round the far end of the wall);
    k = -1 must."""
    level = builtin_levels()[3]
    x0, y0, radius = level.start.values
    points = [(x0, y0)] + [(x0 + 0.6 * radius * math.cos(a), y0 + 0.6 * radius * math.sin(a))
                           for a in np.linspace(0, 2 * math.pi, 6, endpoint=False)]
    launches = [aimed(x, y, a, v) for x, y in points for v in np.linspace(0.3, 2.5, 16)
                for a in np.linspace(0, 2 * math.pi, 32, endpoint=False)]
    hits = {k: sum(o.kind == HIT for o in outcomes(level, launches, k)) for k in (0.5, 1.0, 2.0, -1.0)}
    assert hits[0.5] == hits[1.0] == hits[2.0] == 0, hits
    assert hits[-1.0] > 0, hits

@pytest.mark.parametrize(("text", "problem"), [
    ("{not json", "not valid JSON"),
    (json.dumps(dict(BASE, format="x", k=1, targets=[{"circle": [1, 1, 0.2]}])), '"format"'),
    (json.dumps(dict(BASE, k=1, targets=[{"circle": [1, 1, -0.2]}])), "radius must be positive"),
    (json.dumps(dict(BASE, k=1, targets=[])), '"targets" must be a list of shapes with at least one'),
    (json.dumps(dict(BASE, k=1, targets=[{"circle": [1, 1, 0.2]}], colour="red")), "unknown key 'colour'"),
    (json.dumps(dict(BASE, k=1, targets=[{"circle": [1, 1, 0.2]}], forbidden=[{"rect": [0, 2, 0, 2]}])), "lies in a forbidden zone"),
    (json.dumps(dict(BASE, k={"min": 2, "max": 1}, targets=[{"circle": [1, 1, 0.2]}])), "min must be less than max"),
    (json.dumps(dict(BASE, k="one", targets=[{"circle": [1, 1, 0.2]}])), '"k" must be a number'),
    (json.dumps(dict(BASE, k=1, tries=0, targets=[{"circle": [1, 1, 0.2]}])), '"tries" must be a whole number'),
])
def test_a_bad_level_file_is_refused_with_one_line_naming_the_file_and_the_problem(tmp_path, text, problem):
    path = tmp_path / "mine.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LevelError) as info:
        load_level(path)
    message = str(info.value)
    assert message.startswith("mine.json: ") and problem in message and "\n" not in message


def test_a_folder_of_levels_gives_the_good_ones_in_order_and_one_message_per_bad_file(tmp_path):
    good = dict(BASE, k=1, targets=[{"circle": [1, 1, 0.2]}])
    (tmp_path / "b.json").write_text(json.dumps(dict(good, title="second", order=2)))
    (tmp_path / "a.json").write_text(json.dumps(dict(good, title="first", order=1)))
    (tmp_path / "c.json").write_text("[]")
    (tmp_path / "d.json").write_bytes(b"\xff\xfe")
    levels, problems = load_levels(tmp_path)
    assert [level.title for level in levels] == ["first", "second"]
    assert len(problems) == 2 and problems[0].startswith("c.json: ") and problems[1].startswith("d.json: ")


def test_the_example_and_the_refusal_in_docs_challenge_levels_are_what_the_app_reads_and_says(tmp_path):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "challenge-levels.md").read_text(encoding="utf-8")
    example = json.loads(text.split("```json")[1].split("```")[0])
    assert parse_level(example).title == "Round the back"
    quoted = text.split("for example `")[1].split("`")[0]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(dict(example, tries=0)), encoding="utf-8")
    with pytest.raises(LevelError) as info:
        load_level(path)
    assert str(info.value) == quoted
