"""PlotCanvas: press-drag-release launches a particle matching the gesture; the clock is blitted."""

import time

import numpy as np
import pytest
from PySide6 import QtCore
from PySide6.QtTest import QTest

from physics.launch import LaunchState
from ui.canvas import CURSOR_BIG_STEP, CURSOR_STEP, VELOCITY_PER_UNIT, PlotCanvas

LEFT = QtCore.Qt.MouseButton.LeftButton
NO_MODIFIER = QtCore.Qt.KeyboardModifier.NoModifier


@pytest.fixture
def canvas(qtbot, state):
    widget = PlotCanvas(state)
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.draw()
    return widget


def to_widget(canvas, x, y) -> QtCore.QPoint:
    """The widget pixel (logical, origin top left) nearest the data point (x, y)."""
    dpr = canvas.device_pixel_ratio
    px, py = canvas.ax.transData.transform((x, y))
    return QtCore.QPoint(round(px / dpr), round(canvas.height() - py / dpr))


def to_data(canvas, point: QtCore.QPoint) -> np.ndarray:
    """The data point matplotlib reads for a mouse event at this widget pixel."""
    dpr = canvas.device_pixel_ratio
    return canvas.ax.transData.inverted().transform((point.x() * dpr, (canvas.height() - point.y()) * dpr))


def test_press_drag_release_launches_the_gesture(qtbot, canvas, state):
    start, end = to_widget(canvas, 1.5, 0.8), to_widget(canvas, 2.0, 1.1)
    expected_start, expected_end = to_data(canvas, start), to_data(canvas, end)
    velocity = (expected_end - expected_start) * VELOCITY_PER_UNIT

    QTest.mousePress(canvas, LEFT, NO_MODIFIER, start)
    assert canvas.dragging
    QTest.mouseMove(canvas, end)
    expected = LaunchState.from_cartesian(*expected_start, *velocity)
    # before release the exact predicted fate is shown beside the arrow
    assert state.fate(expected).describe() in canvas.preview_text
    assert canvas._fate_text.get_visible() and canvas._arrow.get_visible()
    assert not state.particles
    QTest.mouseRelease(canvas, LEFT, NO_MODIFIER, end)

    assert not canvas.dragging
    assert len(state.particles) == 1
    launch = state.particles[0].launch
    assert launch.x0 == pytest.approx(expected_start[0], abs=1e-9)
    assert launch.y0 == pytest.approx(expected_start[1], abs=1e-9)
    assert launch.vx0 == pytest.approx(velocity[0], abs=1e-9)
    assert launch.vy0 == pytest.approx(velocity[1], abs=1e-9)
    assert state.trajectory(state.particles[0].id) is not None
    assert not canvas._fate_text.get_visible()


def test_click_without_drag_releases_from_rest(canvas, state):
    point = to_widget(canvas, -1.0, 1.0)
    QTest.mousePress(canvas, LEFT, NO_MODIFIER, point)
    QTest.mouseRelease(canvas, LEFT, NO_MODIFIER, point)
    launch = state.particles[0].launch
    assert launch.vr0 == 0.0 and launch.omega0 == 0.0
    assert (launch.x0, launch.y0) == pytest.approx(tuple(to_data(canvas, point)), abs=1e-9)


def test_launch_inside_r_min_is_refused(qtbot, canvas, state):
    point = to_widget(canvas, 0.0, 0.0)
    QTest.mousePress(canvas, LEFT, NO_MODIFIER, point)
    assert "cannot launch" in canvas.preview_text
    with qtbot.waitSignal(canvas.launch_refused) as blocker:
        QTest.mouseRelease(canvas, LEFT, NO_MODIFIER, to_widget(canvas, 0.3, 0.0))
    assert "r_min" in blocker.args[0] or "dipole" in blocker.args[0]
    assert not state.particles


def test_escape_cancels_a_drag(canvas, state):
    QTest.mousePress(canvas, LEFT, NO_MODIFIER, to_widget(canvas, 1.0, 1.0))
    QTest.keyClick(canvas, QtCore.Qt.Key.Key_Escape)
    assert not canvas.dragging
    QTest.mouseRelease(canvas, LEFT, NO_MODIFIER, to_widget(canvas, 1.5, 1.0))
    assert not state.particles


def test_clock_changes_are_blitted(canvas, state):
    state.add_launch(LaunchState(1.5, 0.5, 0.0, 0.3))
    canvas.draw()
    before = canvas.frames_blitted
    for t in (0.1, 0.2, 0.3):
        state.set_time(t)
    assert canvas.frames_blitted == before + 3
    assert canvas.layers.clock_text.get_text() == "t = 0.30"


def test_k_change_redraws_field_and_k_zero_says_free_motion(qtbot, canvas, state):
    state.set_k(0.0)
    assert "free motion" in canvas.layers.status_text.get_text()
    state.set_k(-2.0)
    assert canvas.layers.status_text.get_text() == "k = \u22122"  # a real minus, as the ticks have


def test_pan_or_zoom_becomes_the_models_view(qtbot, canvas, state):
    canvas.ax.set_xlim(-1.0, 1.5)
    canvas.ax.set_ylim(-1.0, 1.0)
    qtbot.waitUntil(lambda: state.view.xmin == -1.0, timeout=2000)
    assert (state.view.xmax, state.view.ymin, state.view.ymax) == (1.5, -1.0, 1.0)


def test_turning_the_colour_map_on_makes_room_for_its_colour_bar(canvas, state):
    """Found in review: the cached layout looked at fig.axes only, and the colour bar is an inset axes of the
    plot, so switching the map on left the bar outside the figure until the next resize."""
    state.set_display(colormap=True)
    canvas.draw()
    bars = [child for child in canvas.ax.child_axes if child.get_visible()]
    assert bars
    renderer = canvas.figure.canvas.get_renderer()
    for bar in bars:
        box = bar.get_tightbbox(renderer).transformed(canvas.figure.transFigure.inverted())
        assert box.x1 <= 1.0 + 1e-6, f"the colour bar reaches x = {box.x1:.3f} of the figure"


@pytest.mark.parametrize("colormap", [False, True])
def test_k_change_within_its_sign_is_blitted_over_the_same_background(qtbot, canvas, state, colormap):
    """Issue 14: the point dipole's field picture depends on the sign of k only, so a k change keeps the
    background and blits the new paths and k text; what it shows equals a full redraw for the new k."""
    state.set_display(colormap=colormap)
    state.add_launches([LaunchState(1.5, 0.5, 0.0, 0.3), LaunchState(1.2, 2.0, -0.1, 0.4), LaunchState(2.0, -1.0, 0.0, 0.2)])
    state.set_time(1.0)
    qtbot.wait(30)  # the draws these changes asked for
    full_draws = []
    canvas.mpl_connect("draw_event", full_draws.append)
    field = list(canvas.layers._background)
    before = canvas.frames_blitted

    state.set_k(2.5)
    qtbot.wait(30)  # a draw_idle, had one been asked for, would run now

    assert not full_draws
    assert canvas.frames_blitted > before
    assert canvas.layers._background == field
    assert canvas.layers.status_text.get_text() == "k = 2.5"
    blitted = np.asarray(canvas.buffer_rgba()).copy()
    canvas.layers.update_field(force=True)
    canvas.draw()
    np.testing.assert_array_equal(blitted, np.asarray(canvas.buffer_rgba()))


def test_k_changing_sign_redraws_the_field(qtbot, canvas, state):
    canvas.draw()
    full_draws = []
    canvas.mpl_connect("draw_event", full_draws.append)
    state.set_k(-0.5)
    qtbot.waitUntil(lambda: bool(full_draws), timeout=2000)
    assert canvas.layers.status_text.get_text() == "k = \u22120.5"


def test_a_resize_draws_the_plot_once(qtbot, canvas, state):
    """A resize lays the plot out and fits the view to the new shape, which asks for a redraw: that is the draw
    under way, not one more after it (every resize drew the plot twice, 25-60 ms each)."""
    state.add_launches([LaunchState(1.5, 0.5, 0.0, 0.3)])
    canvas.resize(640, 480)
    canvas.draw()
    qtbot.wait(30)
    full_draws = []
    canvas.mpl_connect("draw_event", full_draws.append)
    for width in (600, 700, 560):
        fitted = canvas._shown.fitted
        canvas.resize(width, 480)
        qtbot.wait(30)  # the pending draw, and any draw asked for during it
        assert canvas._shown.fitted != fitted  # the view was fitted to the new shape, which asked for a redraw
    assert len(full_draws) == 3


def test_a_small_resize_lays_the_plot_out_twice(qtbot, canvas, state, monkeypatch):
    """Laid out free of the aspect from the start, as fit_view lays out: when the fitted limits bring the same tick
    labels, the second layout finds the box settled (three layouts a resize before, 15-30 ms each)."""
    canvas.resize(640, 480)
    canvas.draw()
    engine = canvas._layout_engine
    real = type(engine).execute
    layouts = []
    monkeypatch.setattr(engine, "execute", lambda figure: (layouts.append(1), real(engine, figure))[1])
    canvas.resize(650, 480)
    canvas.draw()
    assert len(layouts) == 2
    placed = canvas.ax.get_position().bounds
    canvas.relayout()  # laid out again where it stands: nothing moves
    assert canvas.ax.get_position().bounds == pytest.approx(placed, abs=1e-9)


def key(canvas, k, modifier=NO_MODIFIER, times=1):
    for _ in range(times):
        QTest.keyClick(canvas, k, modifier)


def test_a_charge_is_launched_from_the_keyboard(canvas, state):
    """Issue 14: Enter shows a cursor, the arrows move it (Shift: bigger steps), W/A/S/D and Ctrl+arrows set the
    velocity with the drag's arrow and predicted fate, Enter launches there."""
    Key, Mod = QtCore.Qt.Key, QtCore.Qt.KeyboardModifier
    canvas.setFocus()
    key(canvas, Key.Key_Return)
    assert canvas.key_cursor is not None and canvas._crosshair.get_visible()
    x0, y0 = canvas.key_cursor
    width = state.view.xmax - state.view.xmin
    key(canvas, Key.Key_Right, times=3)
    key(canvas, Key.Key_Up, Mod.ShiftModifier)
    key(canvas, Key.Key_D, times=2)
    key(canvas, Key.Key_W, Mod.ShiftModifier)
    key(canvas, Key.Key_Left, Mod.ControlModifier)
    x, y = x0 + 3 * CURSOR_STEP * width, y0 + CURSOR_BIG_STEP * width
    vx, vy = (2 - 1) * CURSOR_STEP * width * VELOCITY_PER_UNIT, CURSOR_BIG_STEP * width * VELOCITY_PER_UNIT
    assert canvas.key_cursor == pytest.approx((x, y)) and canvas.key_velocity == pytest.approx((vx, vy))
    expected = LaunchState.from_cartesian(x, y, vx, vy)
    assert canvas._arrow.get_visible() and canvas._fate_text.get_visible()
    assert state.fate(expected).describe() in canvas.preview_text
    assert canvas.preview_launch.x0 == pytest.approx(x) and canvas.preview_launch.vy0 == pytest.approx(vy)
    assert not state.particles

    key(canvas, Key.Key_Enter, Mod.KeypadModifier)
    assert canvas.key_cursor is None and not canvas._crosshair.get_visible() and not canvas._fate_text.get_visible()
    (p,) = state.particles
    assert (p.launch.x0, p.launch.y0, p.launch.vx0, p.launch.vy0) == pytest.approx((x, y, vx, vy))
    # Enter brings the cursor back where it was, with the same velocity
    key(canvas, Key.Key_Return)
    assert canvas.key_cursor == pytest.approx((x, y)) and canvas.key_velocity == pytest.approx((vx, vy))
    key(canvas, Key.Key_Escape)
    assert canvas.key_cursor is None and len(state.particles) == 1


def test_the_arrows_move_the_cursor_only_while_it_shows(window, state):
    """The window's shortcuts keep Up/Down for k and Right for a step; the plot takes them only while its cursor shows."""
    Key = QtCore.Qt.Key
    canvas = window.canvas
    canvas.setFocus()
    k = state.k
    key(canvas, Key.Key_Up)
    assert state.k == pytest.approx(k + 0.1)
    key(canvas, Key.Key_Return)
    start = canvas.key_cursor
    key(canvas, Key.Key_Up)
    assert state.k == pytest.approx(k + 0.1) and canvas.key_cursor[1] > start[1]
    key(canvas, Key.Key_Escape)
    key(canvas, Key.Key_Up)
    assert state.k == pytest.approx(k + 0.2) and canvas.key_cursor is None


def test_the_plot_has_an_accessible_name_and_a_summary_of_what_it_shows(qtbot, canvas, state):
    assert canvas.accessibleName()
    assert canvas.focusPolicy() == QtCore.Qt.FocusPolicy.StrongFocus
    falls, escapes = LaunchState(1.0, 0.0, -0.5, 0.0), LaunchState(2.5, 1.4, 8.0, 0.6)
    ids = state.add_launches([falls, escapes])
    assert {state.trajectory(ids[0]).stop_reason, state.trajectory(ids[1]).stop_reason} == {"r_min", "r_max"}
    state.set_k(1.25)
    state.set_time(0.0)
    text = canvas.summary()
    assert "k = 1.25" in text and "2 charges" in text and "2 still moving (#1, #2)" in text
    qtbot.waitUntil(lambda: canvas.accessibleDescription() == canvas.summary(), timeout=2000)
    state.set_time(state.duration)
    t_in = state.trajectory(ids[0]).t_end
    t_out = state.trajectory(ids[1]).t_end
    text = canvas.summary()
    assert f"1 fell into the dipole (#1 at t = {t_in:.2f})" in text and f"1 escaped (#2 at t = {t_out:.2f})" in text
    qtbot.waitUntil(lambda: canvas.accessibleDescription() == text, timeout=2000)


@pytest.mark.parametrize("colormap", [False, True])
def test_k_flipping_sign_again_reuses_the_pictures_drawn_for_each_sign(qtbot, canvas, state, colormap):
    """A slider dragged through zero: each sign's picture is drawn once, then shown again from its saved background."""
    state.set_display(colormap=colormap)
    state.add_launches([LaunchState(1.5, 0.5, 0.0, 0.3), LaunchState(1.2, 2.0, -0.1, 0.4)])
    state.set_time(1.0)
    qtbot.wait(30)
    full_draws = []
    canvas.mpl_connect("draw_event", full_draws.append)
    state.set_k(-1.0)
    qtbot.waitUntil(lambda: len(full_draws) == 1, timeout=2000)
    for k in (0.7, -2.0, 1.3):
        state.set_k(k)
        qtbot.wait(30)
        assert len(full_draws) == 1, k
        blitted = np.asarray(canvas.buffer_rgba()).copy()
        canvas.layers.update_field(force=True)
        canvas.draw()
        np.testing.assert_array_equal(blitted, np.asarray(canvas.buffer_rgba()))
        full_draws.clear()
        full_draws.append("drawn")
    # any other change forgets the saved pictures: the other sign is drawn again
    state.set_display(n_field_lines=5)
    qtbot.waitUntil(lambda: len(full_draws) == 2, timeout=2000)
    state.set_k(-1.0)
    qtbot.waitUntil(lambda: len(full_draws) == 3, timeout=2000)


def test_the_view_fills_the_plot_whatever_its_shape(qtbot, canvas, state):
    """Equal aspect by widening the shown view to the axes' shape (no blank margins); the state's view stays."""
    from ui.canvas import fill_aspect

    chosen = state.view
    for size in ((900, 400), (400, 700)):
        canvas.resize(*size)
        canvas.draw()
        x0, x1 = canvas.ax.get_xlim()
        y0, y1 = canvas.ax.get_ylim()
        box = canvas.ax.get_position()
        pixels = box.width * canvas.figure.bbox.width, box.height * canvas.figure.bbox.height
        assert (y1 - y0) / (x1 - x0) == pytest.approx(pixels[1] / pixels[0], rel=1e-2)  # equal aspect
        assert x0 <= chosen.xmin and x1 >= chosen.xmax and y0 <= chosen.ymin and y1 >= chosen.ymax
        layout = canvas.ax.get_position(original=True)
        assert box.width == pytest.approx(layout.width) and box.height == pytest.approx(layout.height)  # the whole room
        qtbot.wait(300)  # past the view-sync delay: a pan or zoom would have reached the state by now
        assert state.view == chosen
    wide = fill_aspect(chosen, 0.25)
    assert wide.ymax - wide.ymin == pytest.approx(chosen.ymax - chosen.ymin)
    assert (wide.ymax - wide.ymin) / (wide.xmax - wide.xmin) == pytest.approx(0.25)


def test_a_draw_while_a_worker_draws_is_put_off_not_waited_for(qtbot, canvas, state):
    """matplotlib draws one figure at a time (RENDER_LOCK); the window's draw used to wait for an export's worker,
    up to 0.8 s in the monkey. Now it returns at once, keeps the last picture and draws once the worker is done."""
    import threading

    from app.figures.text_metrics import RENDER_LOCK

    held, release, released = threading.Event(), threading.Event(), threading.Event()

    def worker():
        with RENDER_LOCK:
            held.set()
            release.wait(30)
        released.set()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert held.wait(10)
        frames = [0]
        canvas.mpl_connect("draw_event", lambda _event: frames.__setitem__(0, frames[0] + 1))
        state.set_k(-state.k)  # the field flips: a full draw is asked for
        canvas.draw()  # returns while the worker still holds the lock (it waited for it before)
        assert not released.is_set()
        assert canvas.draws_put_off >= 1 and frames[0] == 0
    finally:
        release.set()
        thread.join()
    qtbot.waitUntil(lambda: frames[0] >= 1, timeout=5000)  # drawn once the lock is free, with nothing more asked
    assert canvas.ax.texts or canvas.ax.collections  # the picture is there


def test_a_press_on_a_canvas_walks_no_artist_for_picking(qtbot, canvas, monkeypatch):
    """Nothing in the window listens for pick events, and matplotlib offered each press and wheel turn to every artist
    (40-50 ms a click in the 3-D view): the window's canvases leave the figure's pick handlers out."""
    from matplotlib.figure import Figure

    from ui.panels.common import make_canvas

    picks = []
    monkeypatch.setattr(Figure, "pick", lambda self, event: picks.append(event))
    _figure, panel = make_canvas()
    qtbot.addWidget(panel)
    for widget in (canvas, panel):
        widget.resize(400, 300)
        widget.show()
        QTest.mousePress(widget, QtCore.Qt.MouseButton.RightButton, NO_MODIFIER, QtCore.QPoint(50, 50))
        QTest.mouseRelease(widget, QtCore.Qt.MouseButton.RightButton, NO_MODIFIER, QtCore.QPoint(50, 50))
    assert picks == []


def test_a_draw_put_off_gets_its_turn_between_a_workers_frames(qtbot, canvas, state):
    """A worker drawing frame after frame (an animation export) takes matplotlib's lock again at once; a canvas trying
    now and then would rarely find it free (found in review: 0.15-0.7 s in a simulation). Between frames the worker
    lets a waiting canvas go first (let_window_draw), and the canvas waits a little for the lock when it retries."""
    import threading

    from app.figures.text_metrics import RENDER_LOCK, WAITING_TO_DRAW, let_window_draw

    frames = [0]
    canvas.mpl_connect("draw_event", lambda _event: frames.__setitem__(0, frames[0] + 1))
    worker_frames, stop, drawing = [0], threading.Event(), threading.Event()

    def export():
        while not stop.is_set() and worker_frames[0] < 200:
            with RENDER_LOCK:
                drawing.set()
                time.sleep(0.04)  # one frame drawn
            worker_frames[0] += 1
            let_window_draw()

    thread = threading.Thread(target=export)
    thread.start()
    assert drawing.wait(10)  # the worker is drawing when the window wants to
    state.set_k(-state.k)
    canvas.draw()
    assert frames[0] == 0 and canvas.draws_put_off >= 1
    try:
        qtbot.waitUntil(lambda: frames[0] >= 1 or worker_frames[0] >= 200, timeout=20000)
        assert frames[0] >= 1 and worker_frames[0] < 200  # drawn while the worker still drew its frames
        assert not WAITING_TO_DRAW
    finally:
        stop.set()
        thread.join()
