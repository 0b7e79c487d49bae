"""Simulation ▸ Challenge… in the window: a level's shapes on the plot, launches by drag and keyboard judged, tries,
scores remembered, a teacher's level file loaded or refused with one line, the challenge ended cleanly."""

import json
import math
from types import SimpleNamespace

import pytest
from matplotlib.patches import Circle, Rectangle
from PySide6 import QtCore

from app.challenge import builtin_levels
from physics.launch import LaunchState

pytestmark = pytest.mark.usefixtures("fresh_settings")

# k = 0: paths are straight lines, so which launch hits is plain geometry
FREE_LEVEL = {"format": "dipole-lab-level", "version": 1, "title": "Straight line", "text": "k = 0 & <b>no</b> tags", "k": 0,
              "tries": 3, "view": [-3, 3, -2, 2], "start": {"circle": [-2, 0, 0.3]}, "targets": [{"circle": [2, 1, 0.25]}],
              "forbidden": [{"rect": [-0.2, 0.2, -2, -0.5]}]}


def mouse(canvas, x, y, button=1):
    px, py = canvas.ax.transData.transform((x, y))
    return SimpleNamespace(x=px, y=py, xdata=x, ydata=y, button=button, inaxes=canvas.ax, key=None)


def drag(canvas, start, end):
    canvas._on_press(mouse(canvas, *start))
    canvas._on_motion(mouse(canvas, *end))
    canvas._on_release(mouse(canvas, *end))


def level_shapes(ax):
    return [p for p in ax.patches if isinstance(p, (Circle, Rectangle)) and 3 < p.get_zorder() < 4]


@pytest.fixture
def free_level(window, tmp_path):
    path = tmp_path / "straight.json"
    path.write_text(json.dumps(FREE_LEVEL), encoding="utf-8")
    panel = window.play.open_challenge()
    assert panel.open_level_file(str(path))
    return panel


def test_the_challenge_opens_on_the_first_level_with_its_k_view_and_shapes_and_ends_cleanly(window, state):
    state.add_launch(LaunchState(1.5, 0.5, 0, 0.5))
    assert window.play.challenge_action in window.simulation_menu.actions()
    window.play.challenge_action.trigger()
    panel = window.play.panel
    first = builtin_levels()[0]
    assert panel.isVisible() and panel.run.level == first and not panel.isFloating()
    assert state.particles == () and state.k == first.k and state.is_point_dipole
    assert (state.view.xmin, state.view.xmax) == (-3, 3)
    assert len(level_shapes(window.canvas.ax)) == 2  # the start zone and the target
    assert "Tries left: 3 of 3" in panel.tries.text()
    state.undo()  # starting a level is one undoable step: the launch comes back, and is not taken for a try
    assert len(state.particles) == 1
    assert panel.run.outcomes == [] and "Tries left: 3 of 3" in panel.tries.text()
    panel.end_button.click()
    assert not panel.isVisible() and level_shapes(window.canvas.ax) == [] and panel.run is None


def test_a_drag_that_hits_wins_the_level_and_the_best_score_is_remembered(window, state, free_level):
    panel = free_level
    assert panel.text.text() == FREE_LEVEL["text"]  # a teacher's text shows as written
    assert len(level_shapes(window.canvas.ax)) == 3
    drag(window.canvas, (-2, 0), (-2 + 4 / 4, 0 + 1 / 4))  # towards (2, 1), the target's centre
    assert panel.run.won and panel.run.score() == 1
    assert panel.result.text().startswith("Hit!") and "Solved in 1 of 3 tries" in panel.tries.text()
    assert panel.best(panel.run.level) == 1
    assert "(best: 1 of 3 tries)" in panel.chooser.itemText(panel.chooser.currentIndex())
    drag(window.canvas, (-2, 0), (-2, 1))  # the level is over: nothing more is judged
    assert len(panel.run.outcomes) == 1


def test_misses_forbidden_zone_and_refusals_use_up_the_tries_as_they_should(window, state, free_level):
    panel = free_level
    drag(window.canvas, (-1, 1.5), (0, 1.5))  # outside the start zone: refused, no try used
    assert panel.result.text().startswith("Not counted") and panel.run.tries_left == 3
    drag(window.canvas, (-2, 0), (-2, 1))  # straight up: misses
    assert panel.result.text().startswith("Missed by")
    drag(window.canvas, (-2, 0), (-1, -0.5))  # down to the right, into the wall
    assert panel.result.text().startswith("Forbidden zone")
    assert "Tries left: 1 of 3" in panel.tries.text()
    drag(window.canvas, (-2, 0), (-3, 0))
    assert panel.run.over and not panel.run.won and "No tries left" in panel.tries.text()
    panel.restart_button.click()
    assert state.particles == () and panel.run.tries_left == 3


def test_the_keyboard_aims_from_the_start_zone_and_launches(window, state, free_level, qtbot):
    panel = free_level
    panel.aim_button.click()
    canvas = window.canvas
    assert canvas.key_cursor == (-2, 0)
    vx0, vy0 = canvas.key_velocity
    qtbot.keyClick(canvas, QtCore.Qt.Key.Key_D)
    step = canvas.key_velocity[0] - vx0  # what one press of D adds to v_x (W adds as much to v_y)
    assert step > 0
    want = (2.0, 0.5)  # towards (2, 1), the target's centre, from (-2, 0)
    for key, count in ((QtCore.Qt.Key.Key_D, round((want[0] - vx0) / step) - 1), (QtCore.Qt.Key.Key_W, round((want[1] - vy0) / step))):
        for _ in range(count):
            qtbot.keyClick(canvas, key)
    assert math.atan2(canvas.key_velocity[1], canvas.key_velocity[0]) == pytest.approx(math.atan2(1, 4), abs=0.04)
    qtbot.keyClick(canvas, QtCore.Qt.Key.Key_Return)
    assert len(state.particles) == 1
    assert panel.run.outcomes and panel.run.outcomes[-1].kind == "hit"


def test_a_bad_level_file_is_refused_with_one_line_and_the_level_playing_stays(window, state, free_level, tmp_path):
    panel = free_level
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(dict(FREE_LEVEL, tries=0)), encoding="utf-8")
    said = []
    panel.notice.connect(said.append)
    assert not panel.open_level_file(str(bad))
    assert said == [panel.result.text()] and "broken.json" in said[0] and '"tries"' in said[0] and "\n" not in said[0]
    assert panel.run.level.title == "Straight line"


def test_the_shapes_follow_the_theme_and_a_level_with_a_choice_of_k_keeps_the_students_k(window, state):
    panel = window.play.open_challenge(3)
    level = panel.run.level
    assert level.student_chooses_k and state.k == level.k_start
    before = len(level_shapes(window.canvas.ax))
    state.set_theme("presentation")
    assert len(level_shapes(window.canvas.ax)) == before
    state.set_k(-1.0)
    assert "You choose k" in panel.k_label.text()
    panel.close()
    assert level_shapes(window.canvas.ax) == []


def test_launches_in_another_potential_are_not_counted(window, state, free_level, monkeypatch):
    from app.state import SimulationState

    monkeypatch.setattr(SimulationState, "is_point_dipole", property(lambda self: False))
    drag(window.canvas, (-2, 0), (-1, 0.25))  # would hit in the point dipole's field at k = 0
    assert free_level.run.tries_left == 3 and not free_level.run.won
    assert "point dipole" in free_level.result.text()


def test_a_screenshot_can_show_the_challenge(tmp_path):
    import main

    out = tmp_path / "challenge.png"
    assert main.main(["--screenshot", str(out), "--screen", "1024x600", "--panel", "challenge"]) == 0
    from PySide6 import QtGui

    image = QtGui.QImage(str(out))
    assert (image.width(), image.height()) == (1024, 600)
    gold = [(x, y) for y in range(0, 600, 2) for x in range(0, 1024, 2)
            if abs((c := image.pixelColor(x, y)).red() - 224) < 8 and abs(c.green() - 161) < 8 and c.blue() < 12]
    assert len(gold) > 20  # the first level's target (app/challenge/drawing.py TARGET, #e0a100) is on the plot


def test_a_level_being_played_is_in_the_exported_figure_and_gone_once_it_ends(window, state, free_level, tmp_path):
    """File ▸ Export figure, Print and animations draw from app.export: the start zone, targets and forbidden zones
    of the level in play are in the picture (a worksheet of the level), and not after the challenge ends."""
    from app.export import export_figure, render_figure

    fig, _, _ = render_figure(state, theme="print")
    assert len(level_shapes(fig.axes[0])) == 3  # start, target, forbidden zone of FREE_LEVEL
    from app.challenge.drawing import FORBIDDEN, TARGET

    out = tmp_path / "level.svg"
    export_figure(state, out, theme="presentation")
    svg = out.read_text(encoding="utf-8")
    assert TARGET in svg and FORBIDDEN in svg
    free_level.stop()
    export_figure(state, out, theme="presentation")
    assert TARGET not in out.read_text(encoding="utf-8")
    fig, _, _ = render_figure(state)
    assert level_shapes(fig.axes[0]) == []
