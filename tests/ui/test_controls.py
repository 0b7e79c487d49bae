"""DipoleControls: slider and spin box → state.k, state → widgets with no echo, layer switches → state.display."""

import pytest

from ui.controls import DipoleControls, k_to_tick


@pytest.fixture
def controls(qtbot, state):
    widget = DipoleControls(state)
    qtbot.addWidget(widget)
    return widget


def test_slider_sets_k(controls, state):
    controls.slider.setValue(k_to_tick(2.5))
    assert state.k == 2.5
    controls.slider.setValue(k_to_tick(-3.75))
    assert state.k == -3.75
    assert controls.spin.value() == -3.75


def test_slider_reaches_zero_and_negative(controls, state):
    controls.slider.setValue(0)
    assert state.k == 0.0
    controls.slider.setValue(controls.slider.minimum())
    assert state.k == -5.0


def test_state_moves_slider_without_echo(controls, state):
    emitted = []
    state.k_changed.connect(emitted.append)
    state.set_k(1.234567)
    # the slider shows the nearest tick, but the rounded value is never written back
    assert controls.slider.value() == k_to_tick(1.234567) == 123
    assert state.k == 1.234567
    assert controls.spin.value() == pytest.approx(1.234567)
    assert emitted == [1.234567]


def test_state_beyond_slider_range_keeps_exact_value(controls, state):
    state.set_k(42.0)
    assert controls.slider.value() == controls.slider.maximum()
    assert state.k == 42.0
    assert controls.spin.value() == 42.0


def test_spin_box_takes_exact_values(controls, state):
    controls.spin.setValue(-0.123456)
    assert state.k == pytest.approx(-0.123456, abs=1e-12)
    assert controls.slider.value() == -12


def test_drag_gathers_ticks_and_is_one_undo_step(qtbot, controls, state):
    controls.slider.setSliderDown(True)
    for tick in range(110, 200, 10):
        controls.slider.setValue(tick)
    assert state.k == 1.0  # nothing sent until the gathering timer fires
    qtbot.waitUntil(lambda: state.k == 1.9, timeout=1000)
    controls.slider.setValue(250)
    controls.slider.setSliderDown(False)  # release: the last tick is sent at once
    assert state.k == 2.5
    assert state.undo()
    assert state.k == 1.0


def test_flip_and_zero_buttons(controls, state):
    controls._flip.click()
    assert state.k == -1.0
    controls._zero.click()
    assert state.k == 0.0


def test_layer_checkboxes_change_display(controls, state):
    controls.layer_boxes["field_lines"].setChecked(False)
    assert state.display.field_lines is False
    controls.layer_boxes["colormap"].setChecked(True)
    assert state.display.colormap is True
    # the View menu's actions follow the model too
    assert controls.layer_actions["field_lines"].isChecked() is False
    controls.layer_actions["equipotentials"].setChecked(False)
    assert state.display.equipotentials is False
    assert controls.layer_boxes["equipotentials"].isChecked() is False


def test_counts_and_trail(controls, state):
    controls.n_lines.setValue(14)
    controls.n_levels.setValue(3)
    assert state.display.n_field_lines == 14
    assert state.display.n_equipotentials == 3
    controls.trail.setCurrentIndex(1)
    assert state.display.trail == "fade"
    assert controls.trail_length.isEnabled()
    controls.trail_length.setValue(4.5)
    assert state.display.trail_length == 4.5


def test_display_changes_reach_widgets_without_echo(controls, state):
    emitted = []
    state.display_changed.connect(emitted.append)
    state.set_display(field_lines=False, n_field_lines=20, trail="none")
    assert len(emitted) == 1
    assert not controls.layer_boxes["field_lines"].isChecked()
    assert controls.n_lines.value() == 20
    assert controls.trail.currentIndex() == 2
